"""The file raises while it is imported."""

from __future__ import annotations

from pytest_pare.apps import StatefulFaxApp  # noqa: F401 - there is no fax app
