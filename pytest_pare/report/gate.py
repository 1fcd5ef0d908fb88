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
from pytest_pare.report.status import PASSED, counted

GateOn = Literal["rate", "lower-bound"]
BaselineTest = Literal["fisher", "mcnemar"]
Change = Literal["regressed", "improved", "unchanged", "changed", "new", "missing"]

#: Significance level of the baseline comparison (one-sided).
DEFAULT_ALPHA = 0.05


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
    """

    min_success_rate: float | None = None
    gate_on: GateOn = "rate"
    alpha: float = DEFAULT_ALPHA
    baseline_test: BaselineTest = "fisher"
    exclude_exceptions: bool = False

    def __post_init__(self) -> None:
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
        passed: False means the session must exit with status 1.
        reason: one or two lines ending the summary (empty when no gate is set).
        regressions: scenarios that got worse beyond chance.
        new: keys run now but absent from the baseline (listed, not failed).
        missing: keys in the baseline but not run now (listed, not failed).
        changes: every compared key, for reports (empty without a baseline).
    """

    passed: bool
    reason: tuple[str, ...] = ()
    regressions: tuple[ScenarioChange, ...] = ()
    new: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    changes: tuple[ScenarioChange, ...] = field(default=(), repr=False)

    @property
    def exit_code(self) -> int:
        """0 when passed, else 1 (pytest's "tests failed")."""
        return 0 if self.passed else 1

    def detail_lines(self) -> list[str]:
        """Regressions with their counts, then new and missing keys (print before ``reason``)."""
        lines = [f"  regressed: {c.key} {c.counts()} (p={c.p_value:.3g})" for c in self.regressions]
        if self.new:
            lines.append(f"  new (not in baseline): {', '.join(self.new)}")
        if self.missing:
            lines.append(f"  missing (in baseline, not run): {', '.join(self.missing)}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, for ``results.json`` ``gate``."""
        return {
            "passed": self.passed,
            "reason": list(self.reason),
            "regressions": [asdict(c) for c in self.regressions],
            "new": list(self.new),
            "missing": list(self.missing),
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
    derived: pl.DataFrame, exclude_exceptions: bool
) -> dict[tuple[str, str], dict[int, bool]]:
    """(scenario_id, noise_id) -> {run_number: succeeded} over the counted runs."""
    rows = derived.filter(pl.col("outcome").is_in(counted(exclude_exceptions)))
    out: dict[tuple[str, str], dict[int, bool]] = {}
    for r in rows.select("scenario_id", "noise_id", "run_number", "outcome").iter_rows():
        out.setdefault((str(r[0]), str(r[1])), {})[int(r[2])] = r[3] == PASSED
    return out


def _keys_of(derived: pl.DataFrame) -> set[tuple[str, str]]:
    return {(str(a), str(b)) for a, b in derived.select("scenario_id", "noise_id").iter_rows()}


def compare_runs(
    current: pl.DataFrame,
    baseline: pl.DataFrame,
    *,
    alpha: float = DEFAULT_ALPHA,
    test: BaselineTest = "fisher",
    exclude_exceptions: bool = False,
) -> list[ScenarioChange]:
    """Judge every (scenario, noise level) of two result frames.

    Args:
        current: this session's rows.
        baseline: the baseline's rows (see :func:`pytest_pare.report.baseline.load_baseline`).
        alpha: one-sided significance level.
        test: ``fisher`` on success counts, or ``mcnemar`` on runs paired by
            run number (unpaired runs are ignored by McNemar).
        exclude_exceptions: leave runs that raised out of the counts.

    Returns:
        One :class:`ScenarioChange` per key in either frame, sorted by key:
        ``regressed`` / ``improved`` (beyond chance), ``changed`` (a
        difference within chance), ``unchanged``, ``new`` or ``missing``.
    """
    # Derived once per frame: the model-config column is a Python call per row.
    current, baseline = with_derived_columns(current), with_derived_columns(baseline)
    after, before = _per_run(current, exclude_exceptions), _per_run(baseline, exclude_exceptions)
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


def evaluate_gate(
    df: pl.DataFrame,
    settings: GateSettings,
    baseline: pl.DataFrame | None = None,
    *,
    summary: Mapping[str, Any] | None = None,
    baseline_source: str = "baseline",
) -> GateVerdict:
    """Apply the threshold and, when given, the baseline comparison.

    Args:
        df: this session's per-run rows.
        settings: the gate's settings.
        baseline: the baseline's rows, or None for no baseline gate.
        summary: ``summarize(df)`` if already computed (saves recomputing).
        baseline_source: how to name the baseline in the reason (its path).

    Returns:
        The verdict. With neither a threshold nor a baseline it passes with
        no reason lines.
    """
    failures: list[str] = []
    notes: list[str] = []
    if settings.min_success_rate is not None:
        s = (
            summary
            if summary is not None
            else summarize(df, exclude_exceptions=settings.exclude_exceptions)
        )
        ok, text = _threshold(s, settings)
        (notes if ok else failures).append(text)
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
    if not failures and not notes:
        return GateVerdict(passed=True)
    passed = not failures
    head = "PARE gate PASSED" if passed else "PARE gate FAILED (exit 1)"
    body = "; ".join(failures if failures else notes)
    return GateVerdict(
        passed=passed,
        reason=(head, body),
        regressions=regressions,
        new=new,
        missing=missing,
        changes=changes,
    )


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
