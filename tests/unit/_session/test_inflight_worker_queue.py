"""How an xdist worker's queue and the --pare-concurrency pool stay consistent.

``pytest_pare._session.xdist.attach_worker_queue`` wraps the worker's queue and its steal
command. Here with a stand-in worker (xdist's real queue class, recorded
events), so each case is exact: no processes, no timing.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from execnet.gateway_base import get_execmodel
from xdist import remote as xdist_remote

from pytest_pare._session.inflight import InFlight
from pytest_pare._session.xdist import attach_worker_queue


class StandInWorker:
    """The parts of xdist's WorkerInteractor that the pool touches."""

    def __init__(self, indices: list[int]) -> None:
        self.torun = xdist_remote.TestQueue(get_execmodel("thread"))
        for index in indices:
            self.torun.put(index)
        self.events: list[tuple[str, dict[str, Any]]] = []

    def steal(self, indices: list[int]) -> None:  # xdist's own: all requested, or none
        with self.torun.lock() as queue:
            stolen = [i for i in queue if i in set(indices)]
            if len(stolen) == len(indices):
                self.torun.replace(i for i in queue if i not in set(indices))
            else:
                stolen = []
        self.sendevent("unscheduled", indices=stolen)

    def sendevent(self, name: str, **kwargs: Any) -> None:
        self.events.append((name, kwargs))


class BlockedItem:
    def __init__(self, nodeid: str, release: threading.Event) -> None:
        self.nodeid = nodeid
        self.release = release

    def execute(self) -> Any:
        self.release.wait(timeout=120)  # released by the fixture; a bound for failures
        return ("result", True)


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()


def _queued(worker: StandInWorker) -> list[int]:
    with worker.torun.lock() as queue:
        return list(queue)


def test_a_steal_naming_a_started_run_takes_nothing(release: threading.Event) -> None:
    items = [BlockedItem(f"s{i}", release) for i in range(4)]
    worker = StandInWorker([1, 2, 3])
    inflight = InFlight(2)
    attach_worker_queue(worker, inflight, items)  # type: ignore[arg-type]
    with inflight.lock:
        inflight._start(items[2])  # type: ignore[arg-type]
    worker.steal([2, 3])
    assert worker.events == [("unscheduled", {"indices": []})]
    assert _queued(worker) == [1, 2, 3]
    release.set()
    inflight.close()


def test_a_steal_of_runs_not_started_goes_through(release: threading.Event) -> None:
    items = [BlockedItem(f"s{i}", release) for i in range(4)]
    worker = StandInWorker([1, 2, 3])
    inflight = InFlight(2)
    attach_worker_queue(worker, inflight, items)  # type: ignore[arg-type]
    with inflight.lock:
        inflight._start(items[1])  # type: ignore[arg-type]
    worker.steal([2, 3])
    assert worker.events == [("unscheduled", {"indices": [2, 3]})]
    assert _queued(worker) == [1]
    release.set()
    inflight.close()
