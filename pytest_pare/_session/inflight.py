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
worker already started (``_attach``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import pytest

from pytest_pare.options import SETTINGS_KEY

if TYPE_CHECKING:
    from pytest_pare.items import ScenarioItem
    from pytest_pare.scenarios import PAREScenarioValidationResult

Outcome = tuple["PAREScenarioValidationResult", bool]


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
        self._current: ScenarioItem | None = None
        self._closed = False
        # Reentrant: a future that is already done runs its callback at once, in
        # the thread that adds it, which holds the lock.
        self._lock = threading.RLock()

    def result_for(self, item: ScenarioItem) -> Outcome:
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

    def _start(self, item: ScenarioItem) -> None:
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
            if upcoming.nodeid not in self._futures and upcoming.nodeid not in self._reported:
                self._start(upcoming)


_INFLIGHT_KEY = pytest.StashKey[InFlight]()


def result_for(item: ScenarioItem) -> Outcome:
    """The outcome of ``item``'s run: run here and now, or through the process's pool."""
    size = item.config.stash[SETTINGS_KEY].concurrency
    if size <= 1:
        return item.execute()
    inflight = item.config.stash.get(_INFLIGHT_KEY, None)
    if inflight is None:
        inflight = item.config.stash[_INFLIGHT_KEY] = InFlight(size)
        worker = _xdist_worker(item.config)
        if worker is not None:
            _attach(worker, inflight, item.session.items)
    return inflight.result_for(item)


def close(config: pytest.Config) -> None:
    inflight = config.stash.get(_INFLIGHT_KEY, None)
    if inflight is not None:
        inflight.close()
        del config.stash[_INFLIGHT_KEY]


def _upcoming(item: ScenarioItem) -> Iterator[ScenarioItem]:
    from pytest_pare.items import ScenarioItem

    session_items = item.session.items
    worker = _xdist_worker(item.config)
    if worker is not None:
        # xdist's worker holds the index of the item after the running one, and
        # the indices it was sent but has not reached in a deque.
        indices = [worker.nextitem_index] if isinstance(worker.nextitem_index, int) else []
        with worker.torun.lock() as queue:
            indices += [i for i in queue if isinstance(i, int)]
        candidates = (session_items[i] for i in indices if i < len(session_items))
    else:
        try:
            start = session_items.index(item) + 1
        except ValueError:
            return
        candidates = iter(session_items[start:])
    for candidate in candidates:
        if isinstance(candidate, ScenarioItem):
            yield candidate


def _attach(worker: Any, inflight: InFlight, items: list[pytest.Item]) -> None:
    """Tie ``worker``'s queue to ``inflight``: arrivals top it up, started runs stay here.

    xdist's first batch gives a worker a couple of items and the rest of its
    share follows in later messages, which its receiver thread appends to the
    queue while pytest's thread waits for the head run; each arrival now fills
    free slots at once (before, those items started only when a running run
    finished). Under ``--dist=worksteal`` the controller takes pending items
    back from a busy worker; an item whose run this pool already started is
    not pending here any more, so a steal request naming one is refused (xdist's
    own answer when an index is gone: nothing stolen), or that run would be
    made twice.
    """
    queue = worker.torun
    put, steal = queue.put, worker.steal

    def put_and_top_up(index: Any) -> None:
        put(index)  # releases the queue's lock before ours is taken: one lock order
        inflight.items_arrived()

    def steal_unstarted(indices: Any) -> None:
        with inflight.lock:  # ours, then the queue's (inside steal): as in _top_up
            if any(
                isinstance(i, int) and i < len(items) and inflight.started(items[i].nodeid)
                for i in indices
            ):
                worker.sendevent("unscheduled", indices=[])
                return
            steal(indices)

    queue.put = put_and_top_up
    worker.steal = steal_unstarted


def _xdist_worker(config: pytest.Config) -> Any:
    if not hasattr(config, "workerinput"):
        return None
    for plugin in config.pluginmanager.get_plugins():
        if type(plugin).__name__ == "WorkerInteractor" and hasattr(plugin, "torun"):
            return plugin
    return None


#: xdist distribution modes that send a worker its items a scope at a time.
_SCOPED_DISTS = ("loadscope", "loadfile", "loadgroup")


def distribution_problem(config: pytest.Config, concurrency: int) -> str | None:
    """Why ``--pare-concurrency`` cannot fill its pools under the chosen ``--dist``, if it cannot.

    Measured (24 scenarios, -n 2, concurrency 4): ``load`` (the default with
    ``-n``), ``worksteal`` and ``each`` reach 4 runs in flight per worker;
    ``loadscope``, ``loadfile`` and ``loadgroup`` only 2, as xdist's scoped
    schedulers hand a worker about two scopes (scenario files) at a time.
    """
    dist = getattr(config.option, "dist", "no")
    if concurrency <= 1 or not getattr(config.option, "numprocesses", None):
        return None
    if dist in _SCOPED_DISTS:
        return (
            f"--pare-concurrency={concurrency} with --dist={dist}: xdist hands each worker "
            "about two scenario files at a time, so at most about two runs per worker are "
            "in flight; use --dist=load (the default with -n) or --dist=worksteal"
        )
    return None


def make_xdist_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's load scheduling, keeping ``--pare-concurrency`` items queued on each worker.

    xdist's own heuristic keeps about two items pending on a worker whose tests
    take long; a worker would then never see enough upcoming items to fill its
    pool. This scheduler tops every worker up to twice its pool size (plus the
    item it is running) whenever it reports progress, and otherwise behaves as
    ``--dist=load``.
    """
    from xdist.scheduler import LoadScheduling

    # Twice the pool (plus the running item): a worker whose runs finish out of
    # order still knows enough upcoming items to keep every slot busy.
    depth = 2 * config.stash[SETTINGS_KEY].concurrency + 1

    class ConcurrentLoadScheduling(LoadScheduling):  # type: ignore[misc]
        def schedule(self) -> None:
            super().schedule()
            for node in self.nodes:
                self.check_schedule(node)

        def check_schedule(self, node: Any, duration: float = 0) -> None:
            if node.shutting_down:
                return
            if not self.pending:
                node.shutdown()
                return
            missing = depth - len(self.node2pending[node])
            if missing > 0:
                self._send_tests(node, min(missing, len(self.pending)))
                if not self.pending:  # nothing left to send: the worker ends after its queue
                    node.shutdown()

    return ConcurrentLoadScheduling(config, log)
