"""This process's share of the session's accounting: prices, the rate limit, the spend.

A pytest session installs one :class:`SessionMeter` per process at its start
(``_session.meter``); every run of the process reads it: its engines go
through the meter's rate limiter, and its model calls are priced by the
meter's table. Without a session (``run_scenario`` called by hand) the meter
prices from litellm's bundled map and limits nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from pytest_pare.agents.pricing import PriceTable
from pytest_pare.agents.ratelimit import RateLimiter

__all__ = ["SessionMeter", "current_meter", "install_meter"]


@dataclass
class SessionMeter:
    """What every run of this process shares.

    Attributes:
        prices: the price of each model (``--pare-price``, then litellm's map).
        budget: what counts the session's spend (``_session.budget.SessionBudget``:
            anything with ``spent(tokens, cost)``), or None when no budget is set.
        limiter: the session's rate limits (``--pare-rpm``/``--pare-tpm``), shared with
            the other processes of the session; None: calls go unthrottled.
    """

    prices: PriceTable = field(default_factory=PriceTable)
    budget: Any = None
    limiter: RateLimiter | None = None

    def spend(self, tokens: int, cost: float) -> None:
        """Count what one turn of a run spent toward the session's budget (any thread)."""
        if self.budget is not None and (tokens or cost):
            self.budget.spent(tokens, cost)


_LOCK = threading.Lock()
_CURRENT: list[SessionMeter | None] = [None]


def install_meter(meter: SessionMeter | None) -> None:
    """Make ``meter`` this process's (None: back to the default, which limits nothing)."""
    with _LOCK:
        _CURRENT[0] = meter


def current_meter() -> SessionMeter:
    """The installed meter, or a default one (bundled prices, no limits) made on first use."""
    with _LOCK:
        meter = _CURRENT[0]
        if meter is None:
            meter = _CURRENT[0] = SessionMeter()
        return meter
