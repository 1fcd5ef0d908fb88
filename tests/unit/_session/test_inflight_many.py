"""Hundreds of runs in flight in one process (``--pare-concurrency=256``).

Stand-in items drive ``InFlight`` as pytest's thread does (one ``result_for`` per
item, in order); runs wait on events, never on time, and every wait has a
bound that only matters on failure.
"""

from __future__ import annotations

import gc
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

import pytest

from pytest_pare._session.inflight import InFlight

#: a bound for waits that only expire when the pool is broken
GENEROUS = 120.0


class Payload:
    """Stands for what a finished run's result keeps alive (weak-referenceable)."""

    def __init__(self, nodeid: str) -> None:
        self.nodeid = nodeid
        self.ballast = bytearray(64 * 1024)


@dataclass
class Tally:
    """Runs in flight now and at most, shared by every stand-in item."""

    all_in: threading.Event
    target: int
    running: int = 0
    most: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class StandInSession:
    def __init__(self) -> None:
        self.items: list[Any] = []


class StandInConfig:
    """What the pool reads of a config: its stash (no adaptive plan), no ``workerinput``."""

    def __init__(self) -> None:
        self.stash = pytest.Stash()


class Item:
    """A run that holds its slot until ``tally.target`` runs are in flight at once."""

    def __init__(self, nodeid: str, session: StandInSession, config: Any, tally: Tally) -> None:
        self.nodeid = nodeid
        self.session = session
        self.config = config
        self.tally = tally
        self.payload: weakref.ref[Payload] | None = None

    def execute(self) -> Any:
        tally = self.tally
        with tally.lock:
            tally.running += 1
            tally.most = max(tally.most, tally.running)
            if tally.running >= tally.target:
                tally.all_in.set()
        try:
            tally.all_in.wait(timeout=GENEROUS)
            payload = Payload(self.nodeid)
            self.payload = weakref.ref(payload)
            return (payload, True)
        finally:
            with tally.lock:
                tally.running -= 1


def _session(count: int, target: int) -> tuple[list[Item], Tally]:
    session, config = StandInSession(), StandInConfig()
    tally = Tally(all_in=threading.Event(), target=target)
    items = [Item(f"scenarios/s{i:03}.py::s{i:03}", session, config, tally) for i in range(count)]
    session.items = list(items)
    return items, tally


def test_256_runs_are_in_flight_at_once_and_never_more() -> None:
    items, tally = _session(count=300, target=256)
    inflight = InFlight(256)
    try:
        outcomes = [inflight.result_for(item) for item in items]  # type: ignore[arg-type]
    finally:
        inflight.close()
    # The first 256 runs only end once 256 run together: reaching here means they did.
    assert tally.all_in.is_set()
    assert tally.most == 256
    assert [payload.nodeid for payload, _ in outcomes] == [item.nodeid for item in items]


def test_a_reported_run_s_result_is_released_by_the_pool() -> None:
    items, tally = _session(count=40, target=8)
    inflight = InFlight(8)
    try:
        for item in items:
            payload, passed = inflight.result_for(item)  # type: ignore[arg-type]
            assert passed and payload.nodeid == item.nodeid
            # pytest keeps a report, not the result: once the item is done with it,
            # nothing of the pool (futures, idle pool threads) may keep it alive.
            del payload
            if item.payload is not None and item.payload() is not None:
                gc.collect()  # only when a cycle might be what keeps it (slow on a big heap)
            assert item.payload is not None and item.payload() is None, item.nodeid
    finally:
        inflight.close()
