"""Test configuration: pytester drives whole pytest sessions for the acceptance tests."""

from __future__ import annotations

pytest_plugins = ["pytester"]
