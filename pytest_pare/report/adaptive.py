"""Adaptive runs (``--pare-runs=auto[:N]``): which runs a gate's verdict still needs.

The plan knows every selected run (scenario, noise level, run number) and the
outcome of each run made so far; it answers, for one run, ``run``, ``skip``
or ``None`` (not decidable yet: it waits for earlier runs). Decisions depend
only on outcomes of earlier runs in a fixed order, never on timing, so the same
seed gives the same runs in one process, with threads or with xdist.

Two ways of stopping, by the gates set:

- **Per scenario** (no success-rate gate): the runs of one (scenario, noise
  level) are decided one after another; a run is skipped once no outcome of
  the remaining runs could change that key's verdict under
  ``--pare-min-scenario-passes`` or the baseline test, and the verdict over
  the runs made already equals it. Exact: the verdict is the one a fixed
  ``--pare-runs=N`` gives.
- **By rounds** (a success-rate gate): round r is run r of every key. After
  each complete round the session stops when the success rate is settled — its
  Wilson 95% interval is clear of the threshold, or no outcome of the remaining
  runs could move it across — and every per-scenario verdict is settled. Every
  key keeps the same number of runs, so the rate stays an equal-weight sample.
  The interval makes this stop a statistical one: the verdict is the one
  ``--pare-runs=N`` gives with high probability, not always.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pytest_pare.report.estimators import wilson_interval
from pytest_pare.report.gate import GateSettings, fisher_one_sided, mcnemar_one_sided
from pytest_pare.report.status import PASSED

Decision = Literal["run", "skip"]


def adaptive_note(max_runs: int, made: int, saved: int, left_out: int) -> str:
    """The summary line of an adaptive session: runs made and runs saved."""
    extra = (
        f"; {left_out} more were made before their turn was decided and are left out"
        if left_out
        else ""
    )
    return f"adaptive runs (auto:{max_runs}): {made} run(s) made, runs saved: {saved}{extra}"


Key = tuple[str, str]  # (scenario id, noise id)


@dataclass(frozen=True)
class PlannedRun:
    """One selected run: its node id, its (scenario, noise level) key and its run number."""

    nodeid: str
    key: Key
    run: int


class AdaptivePlan:
    """Decides which selected runs to make; thread-safe.

    Args:
        runs: every selected scenario run.
        gate: the gate settings (which statuses count, the thresholds).
        baseline: per key, the baseline's counted runs as ``{run number: passed}``
            (None: no baseline gate).
        baseline_test: ``fisher`` or ``mcnemar``, as the gate compares.
    """

    def __init__(
        self,
        runs: Sequence[PlannedRun],
        gate: GateSettings,
        baseline: Mapping[Key, Mapping[int, bool]] | None = None,
    ) -> None:
        self.gate = gate
        self.baseline = baseline
        self.by_rounds = gate.min_success_rate is not None
        self._runs = {r.nodeid: r for r in runs}
        self._keys: dict[Key, list[PlannedRun]] = {}
        for r in sorted(runs, key=lambda r: (r.key, r.run, r.nodeid)):
            self._keys.setdefault(r.key, []).append(r)
        self._rounds = sorted({r.run for r in runs})
        self._status: dict[str, str] = {}
        self._skipped: dict[str, str] = {}
        #: round -> (settled, why) once that round is complete (rounds mode)
        self._round_state: dict[int, tuple[bool, str]] = {}
        self._lock = threading.RLock()

    # -- recording ---------------------------------------------------------------------------

    def knows(self, nodeid: str) -> bool:
        return nodeid in self._runs

    def record(self, nodeid: str, status: str) -> None:
        """A run's outcome (its status, ``report.status``)."""
        with self._lock:
            if nodeid in self._runs:
                self._status[nodeid] = status

    @property
    def skipped(self) -> dict[str, str]:
        """Node id -> why, for every run decided ``skip`` so far."""
        with self._lock:
            return dict(self._skipped)

    @property
    def settled_round(self) -> int | None:
        """The round after which the session stopped (rounds mode), if it did."""
        with self._lock:
            done = [r for r, (settled, _) in self._round_state.items() if settled]
            return min(done) if done else None

    # -- deciding ----------------------------------------------------------------------------

    def decide(self, nodeid: str) -> Decision | None:
        """``run``, ``skip`` (the reason is in :meth:`reason`), or None: not decidable yet.

        A run decided ``skip`` stays skipped; in rounds mode that includes a run
        that was made before the round it follows settled the session (under
        xdist a worker may start it early): its outcome is then left out.
        """
        with self._lock:
            planned = self._runs.get(nodeid)
            if planned is None:
                return "run"  # not a planned run: nothing to decide
            if nodeid in self._skipped:
                return "skip"
            if self.by_rounds:
                why = self._rounds_reason(planned)
            elif nodeid in self._status:
                return "run"
            else:
                why = self._key_reason(planned)
            if why is None:
                return None
            if why == "":
                return "run"
            self._skipped[nodeid] = why
            return "skip"

    def reason(self, nodeid: str) -> str | None:
        with self._lock:
            return self._skipped.get(nodeid)

    def _resolved(self, nodeid: str) -> bool:
        return nodeid in self._status or nodeid in self._skipped

    def _key_reason(self, planned: PlannedRun) -> str | None:
        """Per-scenario mode: "" run, a reason to skip, None when earlier runs are unknown."""
        earlier = [r for r in self._keys[planned.key] if r.run < planned.run]
        if not all(self._resolved(r.nodeid) for r in earlier):
            return None
        if not earlier:
            return ""
        for r in earlier:
            if r.nodeid in self._skipped:
                return self._skipped[r.nodeid]
        return self._key_settled(planned.key, planned.run) or ""

    def _rounds_reason(self, planned: PlannedRun) -> str | None:
        """Rounds mode: "" run, a reason to skip, None while an earlier round is running."""
        for done in (r for r in self._rounds if r < planned.run):
            state = self._round_state.get(done)
            if state is None:
                if not self._round_complete(done):
                    return None
                state = self._round_state[done] = self._session_settled(done)
            if state[0]:
                return state[1]
        return ""

    def _round_complete(self, round_number: int) -> bool:
        """Every run of the round (and so of the rounds before it, made in order) is known."""
        return all(
            r.nodeid in self._status
            for runs in self._keys.values()
            for r in runs
            if r.run == round_number
        )

    # -- settledness -------------------------------------------------------------------------

    def _outcomes(self, key: Key, before: int) -> tuple[dict[int, bool], int]:
        """The key's counted runs before run ``before`` as {run: passed}, and its runs to come."""
        counted = self.gate.counted
        made: dict[int, bool] = {}
        for r in self._keys[key]:
            status = self._status.get(r.nodeid)
            if r.run < before and status in counted:
                made[r.run] = status == PASSED
        remaining = sum(1 for r in self._keys[key] if r.run >= before)
        return made, remaining

    def _key_settled(self, key: Key, before: int) -> str | None:
        """Why no remaining run of ``key`` can change its per-scenario verdicts, or None."""
        made, remaining = self._outcomes(key, before)
        later = [r.run for r in self._keys[key] if r.run >= before]
        label = f"{key[0]}" + ("" if key[1] == "clean" else f"[{key[1]}]")
        reasons = []
        k = self.gate.min_scenario_passes
        if k is not None:
            passes = sum(made.values())
            if passes >= k:
                reasons.append(f"{passes} pass(es) already reach {k}")
            elif passes + remaining < k:
                reasons.append(f"{passes} pass(es) + {remaining} run(s) left cannot reach {k}")
            else:
                return None
        if self.baseline is not None:
            why = self._baseline_settled(key, made, later)
            if why is None:
                return None
            reasons.append(why)
        if not reasons:
            reasons.append("no per-scenario gate is set")
        return f"adaptive runs: {label} is settled after {len(made)} run(s): " + "; ".join(reasons)

    def _baseline_settled(self, key: Key, made: dict[int, bool], later: list[int]) -> str | None:
        before = self.baseline.get(key) if self.baseline is not None else None
        if not before:
            return "not in the baseline"
        alpha = self.gate.alpha
        now = self._regressed(before, made, None)
        outcomes = {now}
        if self.gate.baseline_test == "mcnemar":
            up = [r for r in later if r in before and not before[r]]
            down = [r for r in later if r in before and before[r]]
            for a in range(len(down) + 1):
                for b in range(len(up) + 1):
                    outcomes.add(self._regressed(before, made, (a, b)))
        else:
            for x in range(len(later) + 1):
                after = dict(made)
                after.update({r: i < x for i, r in enumerate(later)})
                outcomes.add(self._regressed(before, after, None))
        if len(outcomes) > 1:
            return None
        verdict = "regressed" if now else "not regressed"
        return f"{verdict} against the baseline whatever the remaining runs do (alpha {alpha:g})"

    def _regressed(
        self, before: Mapping[int, bool], after: Mapping[int, bool], extra: tuple[int, int] | None
    ) -> bool:
        """Whether the gate's test calls ``after`` a regression from ``before``.

        ``extra`` (McNemar only): (baseline-passed runs to come that fail, baseline-failed
        runs to come that pass), added to the discordant pairs made so far.
        """
        if self.gate.baseline_test == "mcnemar":
            paired = [(before[r], after[r]) for r in before.keys() & after.keys()]
            down = sum(1 for x, y in paired if x and not y)
            up = sum(1 for x, y in paired if y and not x)
            if extra is not None:
                down, up = down + extra[0], up + extra[1]
            return mcnemar_one_sided(down, up) <= self.gate.alpha
        cb, nb = sum(before.values()), len(before)
        ca, na = sum(after.values()), len(after)
        return fisher_one_sided(cb, nb, ca, na) <= self.gate.alpha

    def _session_settled(self, last: int) -> tuple[bool, str]:
        """After round ``last``: is the rate settled and every per-scenario verdict too?"""
        counted = self.gate.counted
        successes = trials = 0
        for runs in self._keys.values():
            for r in runs:
                status = self._status.get(r.nodeid)
                if r.run <= last and status in counted:
                    trials += 1
                    successes += status == PASSED
        to_come = sum(1 for runs in self._keys.values() for r in runs if r.run > last)
        rate_why = self._rate_settled(successes, trials, to_come)
        if rate_why is None:
            return False, ""
        for key in self._keys:
            if self._key_settled(key, last + 1) is None:
                return False, ""
        return True, f"adaptive runs: the verdict is settled after round {last}: {rate_why}"

    def _rate_settled(self, successes: int, trials: int, to_come: int) -> str | None:
        want = self.gate.min_success_rate
        assert want is not None
        if trials == 0:
            return None
        low, high = wilson_interval(successes, trials)
        lower_bound = self.gate.gate_on == "lower-bound"
        value = low if lower_bound else successes / trials
        shown = f"{successes}/{trials} passed, Wilson 95% [{low:.1%}, {high:.1%}]"
        passes_now = value >= want
        # Exactly settled: no outcome of the runs to come moves the gate's figure across.
        worst = (
            wilson_interval(successes, trials + to_come)[0]
            if lower_bound
            else successes / (trials + to_come)
        )
        best_successes = successes + to_come
        best = (
            wilson_interval(best_successes, trials + to_come)[0]
            if lower_bound
            else best_successes / (trials + to_come)
        )
        if passes_now and worst >= want:
            return f"{shown}; the rate stays >= {want:.1%} whatever the remaining runs do"
        if not passes_now and best < want:
            return f"{shown}; the rate stays < {want:.1%} whatever the remaining runs do"
        # Statistically settled: the interval lies clear of the threshold.
        if passes_now and low > want:
            return f"{shown}, clear above the minimum {want:.1%}"
        if not passes_now and high < want:
            return f"{shown}, clear below the minimum {want:.1%}"
        return None
