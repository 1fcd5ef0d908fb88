"""``--pare-concurrency``: up to N scenario runs in flight inside one process.

Runs are started ahead of their items on a bounded thread pool; each item's
``setup`` then waits for its own run, so pytest still reports item by item, in
order, and reports, results and exit status match a sequential session. Threads
suit model-bound runs: a run waiting on HTTP costs almost nothing, while an
extra xdist process costs ~200 MB and seconds of imports.

Which items run next in this process: the rest of ``session.items`` without
xdist; under xdist, the indices the controller already sent to this worker
(its pending queue). A worker never starts an item the controller has not
given it, so no run is ever duplicated across processes. Indices that reach the
worker while its runs are waiting top the pool up at once, and under
``--dist=worksteal`` the controller cannot take back an item whose run this
worker already started (``xdist.attach_worker_queue``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import pytest

from pytest_pare._session.adaptive import admits
from pytest_pare._session.xdist import attach_worker_queue, xdist_worker
from pytest_pare.options import SETTINGS_KEY

if TYPE_CHECKING:
    from pytest_pare.scenarios import PAREScenarioValidationResult

Outcome = tuple["PAREScenarioValidationResult", bool]


@runtime_checkable
class RunItem(Protocol):
    """A pytest item whose run can start ahead of it (``items.ScenarioItem`` is the one kind)."""

    @property
    def nodeid(self) -> str: ...

    @property
    def config(self) -> pytest.Config: ...

    @property
    def session(self) -> pytest.Session: ...

    def execute(self) -> Outcome:
        """Run (or fetch from the cache) this item's scenario run; thread-safe."""
        ...


class InFlight:
    """The bounded pool of one process and the runs it has started, by node id.

    The bound is on RUNNING runs: a run that finished before pytest reached its
    item frees its slot at once (a done callback starts the next upcoming item),
    so one long run at the head of the queue does not idle the other slots. How
    far ahead of pytest runs may finish is bounded separately (``held``), since
    their results are kept until their items report.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        # Finished-but-unreported results are small; the cap only keeps a very
        # long head run from letting the pool race through a huge session.
        self.held = 4 * size
        self._pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="pare-run")
        self._futures: dict[str, Future[Outcome]] = {}
        self._running = 0
        # Node ids already handed to pytest: never started again (under xdist the
        # worker's queue may still show the item a callback thread races with).
        self._reported: set[str] = set()
        self._current: RunItem | None = None
        self._closed = False
        # Reentrant: a future that is already done runs its callback at once, in
        # the thread that adds it, which holds the lock.
        self._lock = threading.RLock()

    def result_for(self, item: RunItem) -> Outcome:
        with self._lock:
            self._current = item
            if item.nodeid not in self._futures:
                self._start(item)
            self._top_up()
            future = self._futures[item.nodeid]
        try:
            return future.result()
        finally:
            with self._lock:
                self._futures.pop(item.nodeid, None)
                self._reported.add(item.nodeid)
                self._top_up()

    def close(self) -> None:
        # Runs started for items that will not run (-x, interrupted) are dropped;
        # a started run ends on its own (bounded by --pare-timeout).
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _start(self, item: RunItem) -> None:
        self._running += 1
        future = self._pool.submit(item.execute)
        self._futures[item.nodeid] = future
        future.add_done_callback(self._finished)

    def _finished(self, future: Future[Outcome]) -> None:
        with self._lock:
            self._running -= 1
            self._top_up()

    def items_arrived(self) -> None:
        """New upcoming items are known (an xdist worker was sent more): fill free slots."""
        with self._lock:
            self._top_up()

    def started(self, nodeid: str) -> bool:
        """Whether this pool started ``nodeid``'s run (called with ``lock`` held)."""
        return nodeid in self._futures or nodeid in self._reported

    @property
    def lock(self) -> AbstractContextManager[bool]:
        """The pool's reentrant lock: hold it to act on ``started`` atomically."""
        return self._lock

    def _top_up(self) -> None:
        # Called with the lock held, from pytest's thread or a finished run's.
        if self._closed or self._current is None:
            return
        for upcoming in _upcoming(self._current):
            if self._running >= self.size or len(self._futures) >= self.held:
                return
            if (
                upcoming.nodeid not in self._futures
                and upcoming.nodeid not in self._reported
                and admits(upcoming.config, upcoming.nodeid)
            ):
                self._start(upcoming)


_INFLIGHT_KEY = pytest.StashKey[InFlight]()


def result_for(item: RunItem) -> Outcome:
    """The outcome of ``item``'s run: run here and now, or through the process's pool."""
    size = item.config.stash[SETTINGS_KEY].concurrency
    if size <= 1:
        return item.execute()
    inflight = item.config.stash.get(_INFLIGHT_KEY, None)
    if inflight is None:
        inflight = item.config.stash[_INFLIGHT_KEY] = InFlight(size)
        worker = xdist_worker(item.config)
        if worker is not None:
            attach_worker_queue(worker, inflight, item.session.items)
    return inflight.result_for(item)


def close(config: pytest.Config) -> None:
    inflight = config.stash.get(_INFLIGHT_KEY, None)
    if inflight is not None:
        inflight.close()
        del config.stash[_INFLIGHT_KEY]


def _upcoming(item: RunItem) -> Iterator[RunItem]:
    session_items: list[pytest.Item] = item.session.items
    candidates: Iterator[pytest.Item]
    worker = xdist_worker(item.config)
    if worker is not None:
        # xdist's worker holds the index of the item after the running one, and
        # the indices it was sent but has not reached in a deque.
        indices = [worker.nextitem_index] if isinstance(worker.nextitem_index, int) else []
        with worker.torun.lock() as queue:
            indices += [i for i in queue if isinstance(i, int)]
        candidates = (session_items[i] for i in indices if i < len(session_items))
    else:
        start = next((i for i, it in enumerate(session_items) if it is item), None)
        if start is None:
            return
        candidates = iter(session_items[start + 1 :])
    for candidate in candidates:
        if isinstance(candidate, RunItem):
            yield candidate
