"""Rate limits: the token bucket, and one limit shared by every thread and worker of a session.

Pure standard library; the clock is always passed in, so the arithmetic is
tested without waiting.
"""

from __future__ import annotations

__all__ = ["TokenBucket"]


class TokenBucket:
    """A bucket of ``capacity`` units refilled at ``rate`` units per second; starts full.

    ``take`` may drive it below zero (a cost known only afterwards, a request
    larger than the bucket): the debt is paid back by the refill before anything
    else fits. Not thread-safe: the caller holds the lock.
    """

    def __init__(self, rate: float, capacity: float) -> None:
        if not rate > 0 or not capacity > 0:
            raise ValueError(f"a bucket needs rate > 0 and capacity > 0, got {rate}, {capacity}")
        self.rate = float(rate)
        self.capacity = float(capacity)
        self.tokens = float(capacity)
        self.stamp: float | None = None

    def refill(self, now: float) -> None:
        """Add what flowed in since the last look (never above ``capacity``)."""
        if self.stamp is not None and now > self.stamp:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        if self.stamp is None or now > self.stamp:
            self.stamp = now

    def shortfall(self, cost: float, now: float) -> float:
        """Seconds until ``cost`` fits (0: it fits now). A cost above the capacity fits a
        full bucket, so a request larger than a whole window is not refused for ever."""
        self.refill(now)
        need = min(cost, self.capacity)
        return 0.0 if self.tokens >= need else (need - self.tokens) / self.rate

    def take(self, cost: float, now: float) -> None:
        """Remove ``cost`` (the bucket may go below zero)."""
        self.refill(now)
        self.tokens -= cost

    def reserve(self, cost: float, now: float) -> float:
        """Take ``cost`` now and return the seconds to wait before using it (0: at once).

        Reservations queue: each caller waits until the refill has paid for
        everything taken before it, so callers are spaced at the bucket's rate
        without polling.
        """
        self.take(cost, now)
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate
