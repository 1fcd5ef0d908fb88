"""Rate limits: the token bucket, and one limit shared by every thread and worker of a session.

``--pare-rpm`` / ``--pare-tpm`` give each provider or endpoint a budget per
minute. Each budget is a token bucket kept in one ``SharedState`` document: in
memory for the threads of one process, in a file under a lock for the xdist
workers of a session (the controller names the folder). A model call reserves
one request and its prompt's estimated tokens before each attempt, waits for its
turn (never past its run's deadline, and not once the session stopped), and
settles with the tokens the server counted once answered. A refusal (HTTP 429)
halves the shared rate once per episode and pauses every caller until the
server's ``Retry-After``; each answered call then adds a little back
(multiplicative decrease, additive increase), never above the configured limit.

The stamps in the document are ``time.monotonic()`` readings, one clock for
every process of a machine (``CLOCK_MONOTONIC``); the clock and the wait are
injectable, so the arithmetic is tested without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol

from pytest_pare._util import stop
from pytest_pare._util.shared import SharedState

__all__ = [
    "BURST_SECONDS",
    "CallGate",
    "RateLimiter",
    "Ticket",
    "TokenBucket",
]

#: a bucket holds this many seconds of its rate: a provider enforcing its per-minute limit
#: at a finer grain (OpenAI: per second) still sees no burst above its rate
BURST_SECONDS: Final = 0.5
#: the shared rate is multiplied by this on a 429 (once per episode of refusals)
DECREASE: Final = 0.5
#: the share of the configured rate each answered call gives back after a decrease
INCREASE: Final = 0.05
#: the rate never falls below this share of the configured limit
MIN_FACTOR: Final = 1 / 64
#: seconds a caller may wake after its turn and still take it: one woken later (a busy
#: machine) takes a new place, or the turns it missed would reach the server together, above
#: a provider's own burst (ours plus this stay under a second of the rate)
LATE_SECONDS: Final = 0.25


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
        """Add what flowed in since the last look (never above ``capacity``).

        A stamp in the future (a pause) lets nothing flow in before it.
        """
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
        everything taken before it (and, for a cost above the capacity, until the
        bucket is full), so callers are spaced at the bucket's rate without polling.
        """
        wait = self.shortfall(cost, now)
        self.tokens -= cost
        return wait


@dataclass(frozen=True)
class _Limit:
    """One budget: ``per_minute`` units (``requests`` or ``tokens``) for ``key``."""

    key: str
    unit: str
    per_minute: float

    @property
    def name(self) -> str:
        return f"{'rpm' if self.unit == 'requests' else 'tpm'} {self.key}"

    @property
    def rate(self) -> float:
        return self.per_minute / 60.0

    @property
    def capacity(self) -> float:
        # At least one request, or one second of tokens (a prompt is rarely smaller).
        return max(1.0 if self.unit == "requests" else self.rate, self.rate * BURST_SECONDS)


@dataclass(frozen=True)
class Ticket:
    """One attempt's place in the queue of its limits.

    Attributes:
        tokens: the tokens reserved (the prompt's estimate).
        wait: seconds from ``at`` until the attempt may be sent.
        at: the clock reading when the place was taken.
        epochs: each limit's episode of refusals when the place was taken; a
            refusal since then moves the attempt to the back of the queue.
        late: the place was taken again because its caller woke too late for the first.
        settle: an answer has something to settle (a tokens limit, or a rate to give
            back after a refusal); without, the answer costs no update of the state.
    """

    tokens: int
    wait: float
    at: float
    epochs: tuple[int, ...]
    late: bool = False
    settle: bool = True


def _bucket(limit: _Limit, entry: dict[str, Any]) -> TokenBucket:
    bucket = TokenBucket(limit.rate * entry.get("f", 1.0), limit.capacity)
    level = entry.get("b")
    if level is not None:
        bucket.tokens, bucket.stamp = level
    return bucket


def _keep(entry: dict[str, Any], bucket: TokenBucket) -> None:
    entry["b"] = [bucket.tokens, bucket.stamp]


def _cost(limit: _Limit, tokens: int) -> float:
    return 1.0 if limit.unit == "requests" else float(tokens)


class CallLimit:
    """The limits one model's calls are under, all changed in one update of the shared document.

    Made by :meth:`RateLimiter.limit_for`; thread-safe (the document is).
    """

    def __init__(
        self,
        limits: Sequence[_Limit],
        state: SharedState,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = tuple(limits)
        self.state = state
        self.clock = clock

    @property
    def names(self) -> str:
        return ", ".join(limit.name for limit in self.limits)

    def _entries(self, document: dict[str, Any]) -> Iterable[tuple[_Limit, dict[str, Any]]]:
        for limit in self.limits:
            yield limit, document.setdefault(f"{limit.unit}:{limit.key}", {})

    def _reserve(self, document: dict[str, Any], tokens: int, now: float) -> Ticket:
        wait = 0.0
        epochs = []
        settle = False
        for limit, entry in self._entries(document):
            settle = settle or limit.unit == "tokens" or entry.get("f", 1.0) < 1.0
            # Nothing is sent during a pause: the queue resumes where the pause ends.
            start = max(now, entry.get("p", now))
            bucket = _bucket(limit, entry)
            wait = max(wait, start - now + bucket.reserve(_cost(limit, tokens), start))
            _keep(entry, bucket)
            epochs.append(entry.get("e", 0))
        return Ticket(tokens, wait, now, tuple(epochs), settle=settle)

    def _refund(self, document: dict[str, Any], ticket: Ticket, now: float) -> None:
        for limit, entry in self._entries(document):
            bucket = _bucket(limit, entry)
            bucket.take(-_cost(limit, ticket.tokens), now)
            _keep(entry, bucket)

    def reserve(self, tokens: int) -> Ticket:
        """Take one request and ``tokens`` from every limit; the ticket says how long to wait."""
        now = self.clock()
        return self.state.update(lambda document: self._reserve(document, tokens, now))

    def recheck(self, ticket: Ticket) -> Ticket:
        """After waiting out ``ticket``: the same place (wait 0); when a refusal came
        meanwhile, a new place behind the pause it set and the callers requeued before; when the
        caller woke more than ``LATE_SECONDS`` after its turn, once, a new place (the old
        one went unused while the bucket filled up: sending now would add to a burst)."""
        now = self.clock()

        def change(document: dict[str, Any]) -> Ticket:
            epochs = tuple(entry.get("e", 0) for _, entry in self._entries(document))
            if epochs != ticket.epochs:
                # The refusal forgave the queue's debt, this place included: queue anew.
                return self._reserve(document, ticket.tokens, now)
            if not ticket.late and now - (ticket.at + ticket.wait) > LATE_SECONDS:
                again = self._reserve(document, ticket.tokens, now)
                return Ticket(again.tokens, again.wait, again.at, again.epochs, True, again.settle)
            return Ticket(ticket.tokens, 0.0, now, epochs, ticket.late, ticket.settle)

        return self.state.update(change)

    def cancel(self, ticket: Ticket) -> None:
        """Give back a place never used (the call gave up waiting)."""
        now = self.clock()
        self.state.update(lambda document: self._refund(document, ticket, now))

    def answered(self, ticket: Ticket, used_tokens: int) -> None:
        """The call was answered: settle its tokens (what the server counted, minus the
        estimate) and give back a little of the rate taken by refusals."""
        if not ticket.settle:
            return
        now = self.clock()

        def change(document: dict[str, Any]) -> None:
            for limit, entry in self._entries(document):
                if limit.unit == "tokens" and used_tokens != ticket.tokens:
                    bucket = _bucket(limit, entry)
                    bucket.take(float(used_tokens - ticket.tokens), now)
                    _keep(entry, bucket)
                factor = entry.get("f", 1.0)
                if factor < 1.0:
                    entry["f"] = min(1.0, factor + INCREASE)

        self.state.update(change)

    def refused(self, ticket: Ticket, retry_after: float | None) -> None:
        """The server refused the call (HTTP 429): slow everyone down, and pause everyone
        until ``retry_after`` seconds from now.

        The first refusal of an episode halves the rate and starts a new episode;
        refusals of calls queued before it (their ticket's episode is older) only
        extend the pause, so a burst of refusals halves the rate once.
        """
        now = self.clock()

        def change(document: dict[str, Any]) -> None:
            for (limit, entry), epoch in zip(self._entries(document), ticket.epochs, strict=True):
                if retry_after is not None and retry_after > 0:
                    entry["p"] = max(entry.get("p", now), now + retry_after)
                bucket = _bucket(limit, entry)
                bucket.refill(now)
                if entry.get("e", 0) == epoch:
                    entry["e"] = epoch + 1
                    entry["f"] = max(MIN_FACTOR, entry.get("f", 1.0) * DECREASE)
                    bucket.rate = limit.rate * entry["f"]
                    # Empty the bucket: after a refusal calls go at the new rate, not at once.
                    # The places queued before are forgiven: each of their callers, woken,
                    # queues again behind the pause (``recheck``).
                    bucket.tokens = 0.0
                # Nothing flows in during the pause.
                bucket.stamp = max(now, entry.get("p", now))
                _keep(entry, bucket)

        self.state.update(change)


class RunDeadline(Protocol):
    """What a wait needs of its run's deadline (``pytest_pare.runner.timeout.Deadline``)."""

    def remaining(self) -> float | None: ...

    def error(self, where: str = "") -> BaseException: ...


class CallGate:
    """One model call's passage through its limits, attempt by attempt (``retry.AttemptGate``).

    Args:
        limit: the limits of the call's model.
        tokens: the prompt's estimated tokens (``tokens.estimate_prompt_tokens``).
        used_tokens: the tokens the server counted for an answer (prompt + completion).
        wait: waits up to its argument in seconds; True when the session stopped the runs.
    """

    def __init__(
        self,
        limit: CallLimit,
        tokens: int,
        used_tokens: Callable[[Any], int],
        wait: Callable[[float], bool] = stop.wait,
    ) -> None:
        self.limit = limit
        self.tokens = tokens
        self.used_tokens = used_tokens
        self.wait = wait

    def admit(self, deadline: RunDeadline | None, where: str) -> Ticket:
        """Wait for this attempt's turn and return its ticket.

        Raises:
            BaseException: the deadline's error when the turn comes after the run's
                deadline (at once: the wait would be in vain) or the session stopped
                the runs meanwhile; the place is given back.
        """
        ticket = self.limit.reserve(self.tokens)
        while ticket.wait > 0:
            left = None if deadline is None else deadline.remaining()
            if deadline is not None and left is not None and ticket.wait >= left:
                self.limit.cancel(ticket)
                raise deadline.error(
                    f"{where}: the shared rate limit ({self.limit.names}) holds the call "
                    f"{ticket.wait:.1f}s, more than the run's {max(left, 0.0):.1f}s left"
                )
            if self.wait(ticket.wait) and deadline is not None:
                self.limit.cancel(ticket)
                raise deadline.error(where)
            ticket = self.limit.recheck(ticket)
        return ticket

    def answered(self, ticket: Ticket, result: Any) -> None:
        self.limit.answered(ticket, self.used_tokens(result))

    def refused(self, ticket: Ticket, retry_after: float | None) -> None:
        self.limit.refused(ticket, retry_after)


class RateLimiter:
    """The session's rate limits, by provider or endpoint, in one shared document.

    A limit entry (``options.values.RateLimit``) names an endpoint URL or a
    provider, or nothing (the limit of every endpoint and provider no entry
    names). A call's requests and tokens are each counted against the first
    entry that matches, endpoint before provider before the default; calls to
    the same key share one bucket, and the default gives each endpoint (or,
    without one, each provider) its own.

    Args:
        rpm: the ``--pare-rpm`` entries.
        tpm: the ``--pare-tpm`` entries.
        state: where the buckets live (a file for a session with xdist workers).
        clock: seconds, comparable across the processes sharing ``state``.
    """

    def __init__(
        self,
        rpm: Iterable[Any],
        tpm: Iterable[Any],
        state: SharedState | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rpm = {_normal(entry.key): float(entry.limit) for entry in rpm}
        self.tpm = {_normal(entry.key): float(entry.limit) for entry in tpm}
        self.state = state if state is not None else SharedState()
        self.clock = clock
        self._limits: dict[tuple[str, str | None], CallLimit | None] = {}

    def limit_for(self, provider: str, endpoint: str | None) -> CallLimit | None:
        """The limits of calls to ``provider`` at ``endpoint``; None when none applies."""
        known = (provider, endpoint)
        if known not in self._limits:
            limits = []
            for unit, table in (("requests", self.rpm), ("tokens", self.tpm)):
                found = _match(table, provider, _normal(endpoint))
                if found is not None:
                    limits.append(_Limit(found[0], unit, found[1]))
            self._limits[known] = CallLimit(limits, self.state, self.clock) if limits else None
        return self._limits[known]

    def gate(
        self,
        provider: str,
        endpoint: str | None,
        tokens: int,
        used_tokens: Callable[[Any], int],
    ) -> CallGate | None:
        """A call's gate (see :class:`CallGate`), or None when no limit applies to it."""
        limit = self.limit_for(provider, endpoint)
        return None if limit is None else CallGate(limit, tokens, used_tokens)

    def close(self) -> None:
        self.state.close()


def _normal(key: str | None) -> str | None:
    return None if key is None else key.rstrip("/")


def _match(
    table: dict[str | None, float], provider: str, endpoint: str | None
) -> tuple[str, float] | None:
    if endpoint is not None and endpoint in table:
        return endpoint, table[endpoint]
    if provider in table:
        return provider, table[provider]
    if None in table:
        return endpoint or provider, table[None]
    return None
