"""pytest hook implementations of pytest-pare (the ``pytest11`` entry point ``pare``)."""

from __future__ import annotations
