"""The file defines a scenario class but forgets to register it."""

from __future__ import annotations

from pytest_pare.scenarios import PAREScenario


class Forgotten(PAREScenario):
    """Never registered."""
