"""Install the session's meter in this process: prices, budgets and the shared rate limit.

Every process of the session (the single one, or each xdist worker) installs
one ``agents.meter.SessionMeter`` at configure and removes it at unconfigure;
the runs of the process read it.
"""

from __future__ import annotations

import pytest

from pytest_pare.options import SETTINGS_KEY

__all__ = ["MeterPlugin"]


class MeterPlugin:
    """The session's meter in this process; a plugin object, registered in agent mode only."""

    def __init__(self, config: pytest.Config) -> None:
        from pytest_pare.agents.meter import SessionMeter, install_meter
        from pytest_pare.agents.pricing import PriceTable

        settings = config.stash[SETTINGS_KEY]
        self.config = config
        self.meter = SessionMeter(prices=PriceTable(settings.price))
        install_meter(self.meter)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        from pytest_pare.agents.meter import install_meter

        install_meter(None)
