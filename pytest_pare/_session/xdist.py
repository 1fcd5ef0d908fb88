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
    return _load_scheduling_class(config)(config, log)


def _load_scheduling_class(config: pytest.Config) -> type:
    """xdist's ``LoadScheduling``, topped up to the pool depth with ``--pare-concurrency``."""
    from xdist.scheduler import LoadScheduling

    concurrency = config.stash[SETTINGS_KEY].concurrency
    if concurrency <= 1:
        return LoadScheduling
    # Twice the pool (plus the running item): a worker whose runs finish out of
    # order still knows enough upcoming items to keep every slot busy.
    depth = 2 * concurrency + 1

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

    return ConcurrentLoadScheduling


def looks_like_scenario(config: pytest.Config, nodeid: str) -> bool:
    """Whether a node id names a scenario run (under a scenario path, or an entry point's)."""
    settings = config.stash[SETTINGS_KEY]
    path = nodeid.split("::", 1)[0]
    if path.startswith("<pare.scenarios "):
        return True
    full = (config.rootpath / path).resolve()
    return any(full.is_relative_to(root.resolve()) for root in settings.scenario_paths)


def make_adaptive_scheduler(config: pytest.Config, log: Any) -> Any:
    """The scheduler for ``--pare-runs=auto`` (see ``_session/adaptive.py``).

    Per-scenario stops: every run of a scenario goes to one worker, which
    decides them in order (xdist's ``loadscope`` with the scenario as scope).
    Rounds: the controller decides; see :func:`_round_scheduler`.
    """
    from pytest_pare._session.adaptive import by_rounds

    if by_rounds(config.stash[SETTINGS_KEY]):
        return _round_scheduler(config, log)
    from xdist.scheduler import LoadScopeScheduling

    class ScenarioScopeScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            # Every run and noise level of a scenario: its node id without [params].
            return nodeid.split("[", 1)[0]

    return ScenarioScopeScheduling(config, log)


def _round_scheduler(config: pytest.Config, log: Any) -> Any:
    """Load scheduling in round order that sends a run only once its turn is decided.

    Items arrive in round order (the workers order their collection so). A run
    is sent once the controller's plan decided to make it; the runs it decided
    to skip are reported as skipped here, and those already queued on a worker
    are taken back (xdist's steal). One exception keeps workers from stalling:
    an xdist worker starts an item only once it holds the next one, so a worker
    whose last item is a run to make gets the next item even if that one's turn
    is not decided yet. Such a run, when the round before it then settles the
    session, is made and its outcome left out (at most one per worker).
    """
    from xdist.scheduler import LoadScheduling

    from pytest_pare._session.adaptive import PLAN_KEY, build_plan
    from pytest_pare._session.rows import SAVED_KEY

    settings = config.stash[SETTINGS_KEY]
    # Runs queued per worker: its pool's share with --pare-concurrency, else xdist's two.
    depth = max(2, 2 * settings.concurrency + 1) if settings.concurrency > 1 else 2

    class AdaptiveRoundScheduling(LoadScheduling):
        collection: list[str] | None
        plan: Any = None
        #: per node, the indices a steal request is out for
        stealing: dict[Any, list[int]]

        def schedule(self) -> None:
            if self.collection is None:
                if not self._check_nodes_have_same_collection():
                    self.log("**Different tests collected, aborting run**")
                    return
                collection = list(next(iter(self.node2collection.values())))
                self.collection = collection
                self.pending[:] = range(len(collection))
                self.stealing = {}
                scenarios = [n for n in collection if looks_like_scenario(config, n)]
                self.plan = config.stash[PLAN_KEY] = build_plan(settings, scenarios)
            for node in self.nodes:
                self.check_schedule(node)

        def mark_test_complete(self, node: Any, item_index: int, duration: float = 0) -> None:
            self.node2pending[node].remove(item_index)
            # A completed run may decide the turn of runs for every worker.
            for each in self.nodes:
                self.check_schedule(each)

        def check_schedule(self, node: Any, duration: float = 0) -> None:
            if node.shutting_down:
                return
            self._trim()
            queued = self.node2pending[node]
            ready = 0
            for index in self.pending:
                if len(queued) + ready >= depth or self._decision(index) != "run":
                    break
                ready += 1
            if ready:
                self._send_tests(node, ready)
            if len(queued) == 1 and self.pending and self._decision(queued[0]) == "run":
                self._send_tests(node, 1)  # so the worker starts the run it holds
            if not self.pending:
                node.shutdown()

        def remove_pending_tests_from_node(self, node: Any, indices: Any) -> None:
            # xdist's answer to a steal: all the asked indices, or none (one had started).
            self.stealing.pop(node, None)
            for index in indices:
                self.node2pending[node].remove(index)
                self._saved(index)
            self.check_schedule(node)

        def _decision(self, index: int) -> str | None:
            assert self.collection is not None
            nodeid = self.collection[index]
            if self.plan is None or not self.plan.knows(nodeid):
                return "run"
            decision: str | None = self.plan.decide(nodeid)
            return decision

        def _trim(self) -> None:
            kept = []
            for index in self.pending:
                if self._decision(index) == "skip":
                    self._saved(index)
                else:
                    kept.append(index)
            self.pending[:] = kept
            for node, queued in self.node2pending.items():
                # The first two may be running or held as the worker's next item.
                spare = [i for i in queued[2:] if self._decision(i) == "skip"]
                if spare and node not in self.stealing and not node.shutting_down:
                    self.stealing[node] = spare
                    node.send_steal(spare)

        def _saved(self, index: int) -> None:
            assert self.collection is not None and self.plan is not None
            nodeid = self.collection[index]
            reason = self.plan.reason(nodeid) or "adaptive runs: not needed"
            path, _, name = nodeid.partition("::")
            location = (path, None, name or nodeid)
            config.hook.pytest_runtest_logstart(nodeid=nodeid, location=location)
            report = pytest.TestReport(
                nodeid,
                location,
                {},
                "skipped",
                (path, 0, f"Skipped: {reason}"),
                "setup",
                user_properties=[(SAVED_KEY, reason)],
            )
            config.hook.pytest_runtest_logreport(report=report)
            config.hook.pytest_runtest_logfinish(nodeid=nodeid, location=location)

    return AdaptiveRoundScheduling(config, log)
