"""Scenario utilities: the registry and the environmental-events expander."""

from __future__ import annotations
