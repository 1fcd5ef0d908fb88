"""The CI gate: a success-rate threshold and a per-scenario comparison with a baseline.

The gate decides; it does not exit. Its verdict is data (:class:`GateVerdict`)
that the reporter prints and turns into the session's exit status. Baseline
comparison uses exact tests computed here with ``math.comb`` (no scipy), so a
single flipped run is never called a regression: with 3 runs per side only
3/3 -> 0/3 reaches p <= 0.05.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, Literal

import polars as pl

from pytest_pare.report.stats import summarize, with_derived_columns
from pytest_pare.report.status import INFRA_ERROR, INFRA_POLICIES, PASSED, counted

GateOn = Literal["rate", "lower-bound"]
BaselineTest = Literal["fisher", "mcnemar"]
Change = Literal["regressed", "improved", "unchanged", "changed", "new", "missing"]
InfraPolicy = Literal["error", "fail", "ignore"]
Status = Literal["passed", "failed", "error"]

#: Significance level of the baseline comparison (one-sided).
DEFAULT_ALPHA = 0.05
#: The exit status of each verdict. ERROR takes pytest's INTERNAL_ERROR slot: the
#: evaluation could not be carried out (an endpoint down, runs lost), which is
#: neither "the agent is good enough" (0) nor "it is not" (1), and CI can retry on it.
EXIT_CODES: dict[str, int] = {"passed": 0, "failed": 1, "error": 3}


@dataclass(frozen=True)
class GateSettings:
    """What the gate checks; every field off by default.

    Attributes:
        min_success_rate: fail below this success rate (fraction in [0, 1]).
        gate_on: compare the threshold with the ``rate`` itself or with its
            Wilson 95% ``lower-bound``.
        alpha: one-sided significance level of the per-scenario baseline test.
        baseline_test: ``fisher`` (two-sample, success counts before vs after)
            or ``mcnemar`` (exact, runs paired by run number).
        exclude_exceptions: leave runs that raised out of every rate.
        min_scenario_passes: every (scenario, noise level) must pass at least
            this many of its runs.
        infra_errors: what runs that failed for infrastructure reasons mean
            (``status.INFRA_POLICIES``): ``error`` makes the verdict ERROR,
            ``fail`` counts them as failures, ``ignore`` leaves them out.
    """

    min_success_rate: float | None = None
    gate_on: GateOn = "rate"
    alpha: float = DEFAULT_ALPHA
    baseline_test: BaselineTest = "fisher"
    exclude_exceptions: bool = False
    min_scenario_passes: int | None = None
    infra_errors: InfraPolicy = "error"

    def __post_init__(self) -> None:
        if self.min_scenario_passes is not None and (
            isinstance(self.min_scenario_passes, bool)
            or not isinstance(self.min_scenario_passes, int)
            or self.min_scenario_passes < 1
        ):
            raise ValueError(
                f"min_scenario_passes must be an integer >= 1, got {self.min_scenario_passes!r}"
            )
        if self.infra_errors not in INFRA_POLICIES:
            raise ValueError(
                f"infra_errors must be one of {', '.join(INFRA_POLICIES)}, "
                f"got {self.infra_errors!r}"
            )
        if self.min_success_rate is not None and not 0.0 <= self.min_success_rate <= 1.0:
            raise ValueError(
                f"min_success_rate must be a fraction in [0, 1], got {self.min_success_rate}"
            )
        if self.gate_on not in ("rate", "lower-bound"):
            raise ValueError(f"gate_on must be 'rate' or 'lower-bound', got {self.gate_on!r}")
        if self.baseline_test not in ("fisher", "mcnemar"):
            raise ValueError(
                f"baseline_test must be 'fisher' or 'mcnemar', got {self.baseline_test!r}"
            )
        if not 0.0 < self.alpha < 1.0:
            raise ValueError(f"alpha must be in (0, 1), got {self.alpha}")

    @property
    def counted(self) -> tuple[str, ...]:
        """The statuses that count as trials under these settings."""
        return counted(self.exclude_exceptions, self.infra_errors)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, for ``results.json`` ``gate.settings`` (read back by ``merge``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GateSettings:
        """The settings :meth:`to_dict` wrote; unknown keys are left out, bad values raise."""
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class ScenarioPasses:
    """How many runs of one (scenario, noise level) passed, against the required count."""

    key: str
    scenario_id: str
    noise_id: str
    passes: int
    runs: int
    required: int

    @property
    def ok(self) -> bool:
        return self.passes >= self.required

    def text(self) -> str:
        """``"beta 1/3 passed (needs 2)"``."""
        return f"{self.key} {self.passes}/{self.runs} passed (needs {self.required})"


@dataclass(frozen=True)
class ScenarioChange:
    """One scenario (at one noise level) before and after."""

    key: str
    scenario_id: str
    noise_id: str
    change: Change
    before_successes: int = 0
    before_trials: int = 0
    after_successes: int = 0
    after_trials: int = 0
    p_value: float | None = None

    def counts(self) -> str:
        """``"3/3 -> 0/3"``; the missing side shows as ``-``."""
        before = f"{self.before_successes}/{self.before_trials}" if self.change != "new" else "-"
        after = f"{self.after_successes}/{self.after_trials}" if self.change != "missing" else "-"
        return f"{before} -> {after}"


@dataclass(frozen=True)
class GateVerdict:
    """The gate's decision.

    Attributes:
        status: ``passed``, ``failed`` (a gate failed), or ``error`` (the
            evaluation could not be done: infrastructure errors under the
            ``error`` policy, or runs lost); always ``passed`` with no gate.
        reason: the lines ending the summary (empty when no gate is set).
        regressions: scenarios that got worse beyond chance.
        new: keys run now but absent from the baseline (listed, not failed).
        missing: keys in the baseline but not run now (listed, not failed).
        changes: every compared key, for reports (empty without a baseline).
        scenario_passes: per (scenario, noise level) pass counts, with
            ``min_scenario_passes`` set.
        infra_errors: runs that failed for infrastructure reasons.
        lost: runs that never reported (a crashed worker, say).
        configured: whether any gate was set.
        warnings: things a reader should know about the verdict (a baseline
            made on another benchmark).
    """

    status: Status = "passed"
    reason: tuple[str, ...] = ()
    regressions: tuple[ScenarioChange, ...] = ()
    new: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    changes: tuple[ScenarioChange, ...] = field(default=(), repr=False)
    scenario_passes: tuple[ScenarioPasses, ...] = field(default=(), repr=False)
    infra_errors: int = 0
    lost: int = 0
    configured: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def exit_code(self) -> int:
        """0 when passed, 1 when a gate failed, 3 when the evaluation could not be done."""
        return EXIT_CODES[self.status]

    @property
    def improvements(self) -> tuple[ScenarioChange, ...]:
        return tuple(c for c in self.changes if c.change == "improved")

    @property
    def below_passes(self) -> tuple[ScenarioPasses, ...]:
        """The scenarios that passed fewer runs than ``min_scenario_passes``."""
        return tuple(s for s in self.scenario_passes if not s.ok)

    def detail_lines(self) -> list[str]:
        """Regressions, scenarios short of passes, new and missing keys, warnings.

        Printed before ``reason``.
        """
        lines = [f"  regressed: {c.key} {c.counts()} (p={c.p_value:.3g})" for c in self.regressions]
        lines += [f"  too few passes: {s.text()}" for s in self.below_passes]
        if self.new:
            lines.append(f"  new (not in baseline): {', '.join(self.new)}")
        if self.missing:
            lines.append(f"  missing (in baseline, not run): {', '.join(self.missing)}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return lines

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, for ``results.json`` ``gate``."""
        return {
            "status": self.status,
            "passed": self.passed,
            "exit_code": self.exit_code,
            "configured": self.configured,
            "reason": list(self.reason),
            "regressions": [asdict(c) for c in self.regressions],
            "improvements": [asdict(c) for c in self.improvements],
            "new": list(self.new),
            "missing": list(self.missing),
            "scenario_passes": [{**asdict(s), "ok": s.ok} for s in self.scenario_passes],
            "infra_errors": self.infra_errors,
            "lost": self.lost,
            "warnings": list(self.warnings),
        }


# --- exact tests ------------------------------------------------------------------------


def fisher_one_sided(
    before_successes: int, before_trials: int, after_successes: int, after_trials: int
) -> float:
    """One-sided Fisher exact p-value that "after" succeeds less often than "before".

    Conditioning on the total successes, the before-group's success count is
    hypergeometric; the p-value is the chance of at least the observed count.
    """
    n1, c1, n2, c2 = before_trials, before_successes, after_trials, after_successes
    if not (0 <= c1 <= n1 and 0 <= c2 <= n2):
        raise ValueError(f"impossible counts {c1}/{n1} -> {c2}/{n2}")
    total, successes = n1 + n2, c1 + c2
    if total == 0:
        return 1.0
    denom = math.comb(total, n1)
    upper = min(successes, n1)
    return (
        sum(
            math.comb(successes, x) * math.comb(total - successes, n1 - x)
            for x in range(c1, upper + 1)
        )
        / denom
    )


def mcnemar_one_sided(pass_to_fail: int, fail_to_pass: int) -> float:
    """One-sided exact McNemar p-value that paired runs got worse.

    Only discordant pairs carry information; under no change each is equally
    likely to go either way, so ``pass_to_fail ~ Binomial(discordant, 1/2)``.
    """
    if pass_to_fail < 0 or fail_to_pass < 0:
        raise ValueError("discordant pair counts must be >= 0")
    n = pass_to_fail + fail_to_pass
    if n == 0:
        return 1.0
    return sum(math.comb(n, i) for i in range(pass_to_fail, n + 1)) / 2**n


# --- baseline comparison ----------------------------------------------------------------


def _change(
    label: str,
    key: tuple[str, str],
    before: Mapping[int, bool],
    after: Mapping[int, bool],
    change: Change,
    p_value: float | None = None,
) -> ScenarioChange:
    return ScenarioChange(
        key=label,
        scenario_id=key[0],
        noise_id=key[1],
        change=change,
        before_successes=sum(before.values()),
        before_trials=len(before),
        after_successes=sum(after.values()),
        after_trials=len(after),
        p_value=p_value,
    )


def _per_run(
    derived: pl.DataFrame, statuses: tuple[str, ...]
) -> dict[tuple[str, str], dict[int, bool]]:
    """(scenario_id, noise_id) -> {run_number: succeeded} over the runs of ``statuses``."""
    rows = derived.filter(pl.col("outcome").is_in(list(statuses)))
    out: dict[tuple[str, str], dict[int, bool]] = {}
    for r in rows.select("scenario_id", "noise_id", "run_number", "outcome").iter_rows():
        out.setdefault((str(r[0]), str(r[1])), {})[int(r[2])] = r[3] == PASSED
    return out


def per_run_outcomes(
    df: pl.DataFrame, statuses: tuple[str, ...]
) -> dict[tuple[str, str], dict[int, bool]]:
    """(scenario_id, noise_id) -> {run_number: passed} over the runs of ``statuses``."""
    return _per_run(with_derived_columns(df), statuses)


def _keys_of(derived: pl.DataFrame) -> set[tuple[str, str]]:
    return {(str(a), str(b)) for a, b in derived.select("scenario_id", "noise_id").iter_rows()}


def compare_runs(
    current: pl.DataFrame,
    baseline: pl.DataFrame,
    *,
    alpha: float = DEFAULT_ALPHA,
    test: BaselineTest = "fisher",
    exclude_exceptions: bool = False,
    infra_errors: str = "error",
) -> list[ScenarioChange]:
    """Judge every (scenario, noise level) of two result frames.

    Args:
        current: this session's rows.
        baseline: the baseline's rows (see :func:`pytest_pare.report.baseline.load_baseline`).
        alpha: one-sided significance level.
        test: ``fisher`` on success counts, or ``mcnemar`` on runs paired by
            run number (unpaired runs are ignored by McNemar).
        exclude_exceptions: leave runs that raised out of the counts.
        infra_errors: the infrastructure-error policy; under ``fail`` such
            runs count as failures, otherwise they are left out.

    Returns:
        One :class:`ScenarioChange` per key in either frame, sorted by key:
        ``regressed`` / ``improved`` (beyond chance), ``changed`` (a
        difference within chance), ``unchanged``, ``new`` or ``missing``.
    """
    # Derived once per frame: the model-config column is a Python call per row.
    current, baseline = with_derived_columns(current), with_derived_columns(baseline)
    statuses = counted(exclude_exceptions, infra_errors)
    after, before = _per_run(current, statuses), _per_run(baseline, statuses)
    after_keys, before_keys = _keys_of(current), _keys_of(baseline)
    several_noise = len({n for _, n in after_keys | before_keys}) > 1

    def label(key: tuple[str, str]) -> str:
        return f"{key[0]}[{key[1]}]" if several_noise else key[0]

    changes = []
    for key in sorted(after_keys | before_keys):
        a, b = after.get(key, {}), before.get(key, {})
        change_of = partial(_change, label(key), key, b, a)
        if key not in before_keys:
            changes.append(change_of("new"))
            continue
        if key not in after_keys:
            changes.append(change_of("missing"))
            continue
        worse, better = _p_values(b, a, test)
        before_rate = sum(b.values()) / len(b) if b else None
        after_rate = sum(a.values()) / len(a) if a else None
        if worse <= alpha:
            changes.append(change_of("regressed", worse))
        elif better <= alpha:
            changes.append(change_of("improved", better))
        elif before_rate == after_rate:
            changes.append(change_of("unchanged", min(worse, better)))
        else:
            changes.append(change_of("changed", min(worse, better)))
    return changes


def _p_values(
    before: dict[int, bool], after: dict[int, bool], test: BaselineTest
) -> tuple[float, float]:
    """(p that after is worse, p that after is better)."""
    if test == "mcnemar":
        paired = [(before[r], after[r]) for r in before.keys() & after.keys()]
        down = sum(1 for x, y in paired if x and not y)
        up = sum(1 for x, y in paired if y and not x)
        return mcnemar_one_sided(down, up), mcnemar_one_sided(up, down)
    cb, nb, ca, na = sum(before.values()), len(before), sum(after.values()), len(after)
    return fisher_one_sided(cb, nb, ca, na), fisher_one_sided(ca, na, cb, nb)


# --- verdict ----------------------------------------------------------------------------


def scenario_passes(
    df: pl.DataFrame, required: int, *, statuses: tuple[str, ...]
) -> list[ScenarioPasses]:
    """Passes and counted runs of every (scenario, noise level), sorted by key.

    Args:
        df: per-run rows (derived columns are added here).
        required: the passes each key needs.
        statuses: the statuses that count as runs (``GateSettings.counted``).
    """
    derived = with_derived_columns(df)
    keys = sorted(_keys_of(derived))
    per_run = _per_run(derived, statuses)
    several_noise = len({n for _, n in keys}) > 1
    out = []
    for sid, noise in keys:
        runs = per_run.get((sid, noise), {})
        out.append(
            ScenarioPasses(
                key=f"{sid}[{noise}]" if several_noise else sid,
                scenario_id=sid,
                noise_id=noise,
                passes=sum(runs.values()),
                runs=len(runs),
                required=required,
            )
        )
    return out


def evaluate_gate(
    df: pl.DataFrame,
    settings: GateSettings,
    baseline: pl.DataFrame | None = None,
    *,
    summary: Mapping[str, Any] | None = None,
    baseline_source: str = "baseline",
    lost: int = 0,
    warnings: tuple[str, ...] = (),
) -> GateVerdict:
    """Apply the threshold, the per-scenario pass count and, when given, the baseline comparison.

    Args:
        df: this session's per-run rows.
        settings: the gate's settings.
        baseline: the baseline's rows, or None for no baseline gate.
        summary: ``summarize(df, ...)`` with the same counting, if already computed.
        baseline_source: how to name the baseline in the reason (its path).
        lost: runs of the session that never reported (not in ``df`` as results):
            with a gate set, the evaluation is then incomplete (ERROR).
        warnings: lines to show with the verdict (e.g. a baseline of another benchmark).

    Returns:
        The verdict. With no gate set it passes with no reason lines, whatever
        the runs did (the session's exit status then stays pytest's).
    """
    configured = (
        settings.min_success_rate is not None
        or settings.min_scenario_passes is not None
        or baseline is not None
    )
    if not configured:
        return GateVerdict(warnings=warnings)
    failures: list[str] = []
    notes: list[str] = []
    if settings.min_success_rate is not None:
        s = (
            summary
            if summary is not None
            else summarize(
                df,
                exclude_exceptions=settings.exclude_exceptions,
                infra_errors=settings.infra_errors,
            )
        )
        ok, text = _threshold(s, settings)
        (notes if ok else failures).append(text)
    passes: tuple[ScenarioPasses, ...] = ()
    if settings.min_scenario_passes is not None:
        k = settings.min_scenario_passes
        passes = tuple(scenario_passes(df, k, statuses=settings.counted))
        below = [p for p in passes if not p.ok]
        if below:
            shown = ", ".join(p.text() for p in below[:3])
            more = f" and {len(below) - 3} more" if len(below) > 3 else ""
            failures.append(
                f"{len(below)} of {len(passes)} scenario(s) passed fewer than {k} of their "
                f"runs: {shown}{more}"
            )
        else:
            notes.append(f"each of {len(passes)} scenario(s) passed at least {k} of its runs")
    regressions: tuple[ScenarioChange, ...] = ()
    new: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    changes: tuple[ScenarioChange, ...] = ()
    if baseline is not None:
        changes = tuple(
            compare_runs(
                df,
                baseline,
                alpha=settings.alpha,
                test=settings.baseline_test,
                exclude_exceptions=settings.exclude_exceptions,
                infra_errors=settings.infra_errors,
            )
        )
        regressions = tuple(c for c in changes if c.change == "regressed")
        new = tuple(c.key for c in changes if c.change == "new")
        missing = tuple(c.key for c in changes if c.change == "missing")
        text = (
            f"{len(regressions)} regression(s) vs {baseline_source} "
            f"({settings.baseline_test}, one-sided p <= {settings.alpha:g})"
        )
        if regressions:
            shown = ", ".join(f"{c.key} {c.counts()}" for c in regressions[:3])
            more = f" and {len(regressions) - 3} more" if len(regressions) > 3 else ""
            failures.append(f"{text}: {shown}{more}")
        else:
            extra = f"; {len(new)} new, {len(missing)} missing" if new or missing else ""
            notes.append(text + extra)
    infra = _count_status(df, INFRA_ERROR)
    blockers = []
    if infra and settings.infra_errors == "error":
        blockers.append(
            f"{infra} run(s) failed for infrastructure reasons (endpoint, rate limit, "
            "timeout), so the agent was not fully evaluated; rerun, or choose the "
            "infra-errors policy 'fail' (count them as failures) or 'ignore' (leave them out)"
        )
    if lost:
        blockers.append(
            f"{lost} run(s) never reported a result (a crashed worker, a lost shard), "
            "so the evaluation is incomplete; rerun"
        )
    status: Status = "error" if blockers else "failed" if failures else "passed"
    head = {
        "passed": "PARE gate PASSED",
        "failed": "PARE gate FAILED (exit 1)",
        "error": "PARE gate ERROR (exit 3)",
    }[status]
    body = "; ".join(failures if failures else notes)
    if blockers:
        reason = (head, *blockers, f"the other runs: {body}")
    else:
        reason = (head, body)
    return GateVerdict(
        status=status,
        reason=reason,
        regressions=regressions,
        new=new,
        missing=missing,
        changes=changes,
        scenario_passes=passes,
        infra_errors=infra,
        lost=lost,
        configured=True,
        warnings=warnings,
    )


def job_exit_status(verdict: GateVerdict, *, other_failed: bool, runs_failed: bool) -> int:
    """The exit status of a job that ran to its end, from its verdict and its tests.

    With a gate set, the gate decides for the scenario runs (0, 1 or 3); a
    failed test that is not a scenario run keeps pytest's meaning and makes it
    1, since a retry would not mend it. Without a gate, any run that did not
    pass fails the job, as its failed test item does in pytest.
    """
    if other_failed:
        return EXIT_CODES["failed"]
    if verdict.configured:
        return verdict.exit_code
    return EXIT_CODES["failed"] if runs_failed else EXIT_CODES["passed"]


def _count_status(df: pl.DataFrame, status: str) -> int:
    if df.is_empty():
        return 0
    derived = with_derived_columns(df)
    return int((derived["outcome"] == status).sum())


def _threshold(summary: Mapping[str, Any], settings: GateSettings) -> tuple[bool, str]:
    want = settings.min_success_rate
    assert want is not None
    if not summary.get("trials"):
        return False, f"no counted runs, so the success rate cannot reach {want:.1%}"
    if settings.gate_on == "lower-bound":
        value, what = summary["wilson_low"], "Wilson 95% lower bound of the success rate"
    else:
        value, what = summary["rate"], "success rate"
    ok = value >= want
    rel = ">=" if ok else "<"
    return ok, (
        f"{what} {value:.1%} {rel} minimum {want:.1%} "
        f"({summary['successes']}/{summary['trials']} runs)"
    )
