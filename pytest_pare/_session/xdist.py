"""xdist glue for runs in flight: the scheduler that keeps workers' pools fed, the worker's queue.

Only imported when xdist is in use (``plugin._XdistHooks``, ``inflight``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

import pytest

from pytest_pare.options import SETTINGS_KEY


class RunPool(Protocol):
    """What the worker's queue needs of a process's pool (``inflight.InFlight``)."""

    @property
    def lock(self) -> AbstractContextManager[bool]: ...

    def started(self, nodeid: str) -> bool: ...

    def items_arrived(self) -> None: ...


def xdist_worker(config: pytest.Config) -> Any:
    if not hasattr(config, "workerinput"):
        return None
    for plugin in config.pluginmanager.get_plugins():
        if type(plugin).__name__ == "WorkerInteractor" and hasattr(plugin, "torun"):
            return plugin
    return None


def attach_worker_queue(worker: Any, inflight: RunPool, items: list[pytest.Item]) -> None:
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

    class ConcurrentLoadScheduling(LoadScheduling):
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
