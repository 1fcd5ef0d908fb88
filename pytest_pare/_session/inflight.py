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

The pool's threads are daemon threads: a run blocked in an HTTP read when the
session is interrupted must not hold the interpreter's exit (a
``ThreadPoolExecutor`` joins its threads at exit). On an interrupted session the
pool is closed without waiting, after ``runner.timeout.stop_runs`` told the runs
in flight to stop at their next check.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, TypeGuard, runtime_checkable

import pytest

from pytest_pare._session.adaptive import admits
from pytest_pare._session.budget import reached as budget_reached
from pytest_pare._session.xdist import attach_worker_queue, xdist_worker
from pytest_pare._util.stop import block_interrupts, pending_interrupt
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


class DaemonPool:
    """A fixed set of daemon threads running submitted calls, each with its ``Future``."""

    def __init__(self, size: int, name: str = "pare-run") -> None:
        self._tasks: queue.SimpleQueue[tuple[Future[Outcome], Callable[[], Outcome]] | None] = (
            queue.SimpleQueue()
        )
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}_{i}", daemon=True)
            for i in range(size)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, call: Callable[[], Outcome]) -> Future[Outcome]:
        future: Future[Outcome] = Future()
        self._tasks.put((future, call))
        return future

    def _work(self) -> None:
        # Ctrl-C and SIGTERM are for pytest's thread: delivered to a run thread, they
        # would leave the main thread asleep in its wait (a lock wait is only broken
        # by a signal the waiting thread itself receives).
        block_interrupts()
        while (task := self._tasks.get()) is not None:
            _run_task(*task)
            # An idle thread must not keep its last run's outcome (or the frames of
            # its exception) alive after the item reported it: with hundreds of
            # threads that would be hundreds of finished runs' memory.
            del task

    def shutdown(self, *, wait: bool) -> None:
        """Stop taking work; ``wait`` joins the threads (after their current call)."""
        for _ in self._threads:
            self._tasks.put(None)
        if wait:
            for thread in self._threads:
                thread.join()


def _run_task(future: Future[Outcome], call: Callable[[], Outcome]) -> None:
    if not future.set_running_or_notify_cancel():
        return  # cancelled before it started
    try:
        future.set_result(call())
    except BaseException as exc:  # the item reports it; the thread serves on
        future.set_exception(exc)


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
        self._pool = DaemonPool(size)
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
            return _wait_for(future)
        finally:
            with self._lock:
                self._futures.pop(item.nodeid, None)
                self._reported.add(item.nodeid)
                self._top_up()

    def close(self, *, wait: bool = True) -> None:
        """Drop the runs not started yet; ``wait`` for the started ones to end.

        Runs started for items that will not run (-x) end on their own, bounded
        by --pare-timeout; an interrupted session does not wait for them.
        """
        with self._lock:
            self._closed = True
            for future in self._futures.values():
                future.cancel()  # only the ones still queued can be
        self._pool.shutdown(wait=wait)

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
        if budget_reached(self._current.config) is not None:
            return  # the session's budget is spent: the runs in flight finish, no more start
        for upcoming in _upcoming(self._current):
            if self._running >= self.size or len(self._futures) >= self.held:
                return
            if (
                upcoming.nodeid not in self._futures
                and upcoming.nodeid not in self._reported
                and admits(upcoming.config, upcoming.nodeid)
            ):
                self._start(upcoming)


#: seconds between the main thread's looks for a signal while it waits for a run
_SIGNAL_CHECK = 0.5


def _wait_for(future: Future[Outcome]) -> Outcome:
    """``future.result()``, in slices, so that a Ctrl-C delivered to some other thread
    (one pytest-pare did not start) still reaches pytest's thread within half a second,
    and an interrupt whose first raise was lost (``_util.stop.interrupt``) is raised here."""
    while True:
        try:
            return future.result(timeout=_SIGNAL_CHECK)
        except FutureTimeout:
            pending = pending_interrupt()
            if pending is not None:
                raise pending from None


_INFLIGHT_KEY = pytest.StashKey[InFlight]()


def result_for(item: RunItem) -> Outcome:
    """The outcome of ``item``'s run: run here and now, or through the process's pool."""
    pending = pending_interrupt()
    if pending is not None:  # its first raise was lost: no new run starts
        raise pending
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


def started(item: pytest.Item) -> bool:
    """Whether the process's pool started (or already reported) ``item``'s run."""
    inflight = item.config.stash.get(_INFLIGHT_KEY, None)
    if inflight is None:
        return False
    with inflight.lock:
        return inflight.started(item.nodeid)


def close(config: pytest.Config, *, wait: bool = True) -> None:
    """Close the process's pool, if it has one (``wait=False`` on an interrupted session)."""
    inflight = config.stash.get(_INFLIGHT_KEY, None)
    if inflight is not None:
        inflight.close(wait=wait)
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
        if _is_run_item(candidate):
            yield candidate


# Whether a class's items are RunItems, by class: a top-up walks every upcoming item
# it has already started (hundreds at --pare-concurrency=256), and a runtime
# Protocol check costs tens of microseconds each, under the pool's lock and the GIL.
_RUN_ITEM_CLASSES: dict[type, bool] = {}


def _is_run_item(candidate: object) -> TypeGuard[RunItem]:
    kind = type(candidate)
    known = _RUN_ITEM_CLASSES.get(kind)
    if known is None:
        known = _RUN_ITEM_CLASSES[kind] = isinstance(candidate, RunItem)
    return known
