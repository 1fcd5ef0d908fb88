"""Statistics over the per-run results frame: rates with uncertainty, pass@k, breakdowns.

Everything here is a pure function of a polars frame (one row per scenario run,
``PARE_RESULT_SCHEMA`` columns plus the plugin's ``apps``, ``tags``,
``noise_id``, ``cached``). The summary is a JSON-safe dict, so the same figures
reach ``results.json``, the terminal, ``report.txt`` and the HTML report.
Rates are fractions in [0, 1]; only the text rendering shows percentages.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from pytest_pare.report.estimators import pass_at_k, pass_hat_k, wilson_interval
from pytest_pare.report.frame import (
    REQUIRED_COLUMNS,
    ResultsFrameError,
    frame_from_rows,
    require_columns,
)
from pytest_pare.report.status import (
    AGENT_ERROR,
    ERRORS,
    FAILED,
    INFRA_ERROR,
    NO_VALIDATION,
    PASSED,
    status_of,
)
from pytest_pare.report.status import counted as counted_statuses

_ROLES = ("user", "observe", "execute")

# --- frame helpers ----------------------------------------------------------------------


def with_derived_columns(df: pl.DataFrame) -> pl.DataFrame:
    """Add ``outcome``, ``model_config`` and ``case`` columns used by every breakdown.

    ``case`` is the unit pass@k counts over: a scenario under one model
    configuration and one noise level (its runs are the k attempts).
    """
    require_columns(df, REQUIRED_COLUMNS)
    # A column that is null in every row arrives as dtype Null (e.g. a session of
    # errors has no success values); give the required ones their real types.
    df = df.with_columns(
        pl.col("scenario_id").cast(pl.String),
        pl.col("run_number").cast(pl.Int64),
        pl.col("success").cast(pl.Boolean),
        pl.col("status").cast(pl.String),
    )
    noise = (
        pl.col("noise_id").cast(pl.String).fill_null("clean")
        if "noise_id" in df.columns
        else pl.lit("clean")
    )
    return df.with_columns(
        _status_expr(df).alias("outcome"),
        _model_config_expr(df).alias("model_config"),
        noise.alias("noise_id"),
    ).with_columns(
        pl.concat_str(
            [pl.col("scenario_id").cast(pl.String), pl.col("model_config"), pl.col("noise_id")],
            separator="|",
        ).alias("case")
    )


def _status_expr(df: pl.DataFrame) -> pl.Expr:
    """Each row's status by the one rule (``status.status_of``), from the columns it reads.

    A frame built by ``frame_from_rows`` already holds it; one built by hand
    (or read from a parquet file) may hold a status that disagrees with its
    exception columns, and the rule decides.
    """
    wanted = ("success", "exception_type", "exception_category", "status")
    inputs = [c for c in wanted if c in df.columns]
    if inputs == ["success", "status"]:
        return pl.col("status")
    return pl.struct(inputs).map_elements(status_of, return_dtype=pl.String)


def _model_config_expr(df: pl.DataFrame) -> pl.Expr:
    """``"gpt-5"`` when every role uses one model, ``"user=a observe=b execute=c"`` otherwise."""
    parts: list[pl.Expr] = []
    for role in _ROLES:
        col = f"{role}_model"
        if col not in df.columns:
            continue
        model = pl.col(col).cast(pl.String)
        prov = f"{role}_provider"
        if prov in df.columns:
            model = (
                pl.when(pl.col(prov).is_not_null() & pl.col(col).is_not_null())
                .then(pl.concat_str([pl.col(prov).cast(pl.String), model], separator="/"))
                .otherwise(model)
            )
        parts.append(model.alias(role))
    if not parts:
        return pl.lit("oracle")
    roles = pl.struct(parts)
    return roles.map_elements(_label_roles, return_dtype=pl.String)


def _label_roles(roles: Mapping[str, str | None]) -> str:
    models = {m for m in roles.values() if m}
    if not models:
        return "oracle"
    if len(models) == 1 and all(roles.values()):
        return next(iter(models))
    return " ".join(f"{r}={m or '-'}" for r, m in roles.items())


# --- summary ----------------------------------------------------------------------------


def rate_block(
    df: pl.DataFrame,
    *,
    exclude_exceptions: bool = False,
    k: int | None = None,
    infra_errors: str = "error",
) -> dict:
    """The figures for one slice of runs (the session, an app, a tag, a group).

    Args:
        df: rows with derived columns (:func:`with_derived_columns`).
        exclude_exceptions: leave runs that raised out of the success rate
            (and of pass@k); by default they count as failures.
        k: attempts per case for pass@k / pass^k; default: the fewest
            counted runs any case in the slice has.
        infra_errors: the infrastructure-error policy (``status.INFRA_POLICIES``):
            infra errors count as failures only under ``fail``.

    Returns:
        JSON-safe dict: ``runs``, ``passed``, ``failed``, ``errors``,
        ``no_validation``, ``successes``, ``trials``, ``rate``, ``sem``,
        ``wilson_low``, ``wilson_high``, ``cases``, ``k``, ``pass_at_1``,
        ``pass_at_k``, ``pass_hat_k``. Undefined figures are ``None``.
    """
    tally = _tallies(df.with_columns(pl.lit("").alias("_key"))).get("", _Tally())
    return tally.block(counted_statuses(exclude_exceptions, infra_errors), k)


class _Tally:
    """Run counts of one slice: per outcome, and per (run number | case, outcome)."""

    __slots__ = ("outcomes", "per_run", "per_case")

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.per_run: dict[Any, Counter[str]] = {}
        self.per_case: dict[Any, Counter[str]] = {}

    def add(self, outcome: str, run_number: Any, case: Any, n: int) -> None:
        self.outcomes[outcome] += n
        self.per_run.setdefault(run_number, Counter())[outcome] += n
        self.per_case.setdefault(case, Counter())[outcome] += n

    def block(self, counted: Sequence[str], k: int | None) -> dict[str, Any]:
        """The :func:`rate_block` dict of this slice, counting runs of the ``counted`` statuses."""
        counts = self.outcomes
        successes = counts[PASSED]
        trials = sum(counts[o] for o in counted)
        low, high = wilson_interval(successes, trials) if trials else (None, None)
        block: dict[str, Any] = {
            "runs": sum(counts.values()),
            "passed": successes,
            "failed": counts[FAILED],
            "errors": sum(counts[o] for o in ERRORS),
            "agent_errors": counts[AGENT_ERROR],
            "infra_errors": counts[INFRA_ERROR],
            "no_validation": counts[NO_VALIDATION],
            "successes": successes,
            "trials": trials,
            "rate": successes / trials if trials else None,
            "sem": _run_level_sem(_n_and_c(self.per_run, counted)),
            "wilson_low": low,
            "wilson_high": high,
        }
        block.update(_pass_k_figures(_n_and_c(self.per_case, counted), k))
        return block


def _tallies(df: pl.DataFrame) -> dict[str, _Tally]:
    """One :class:`_Tally` per value of the ``_key`` column, from a single group_by."""
    grouped = df.group_by("_key", "outcome", "run_number", "case").len()
    tallies: dict[str, _Tally] = {}
    for key, outcome, run_number, case, n in grouped.iter_rows():
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally()
        tally.add(outcome, run_number, case, n)
    return tallies


def _n_and_c(groups: Mapping[Any, Counter[str]], counted: Sequence[str]) -> list[tuple[int, int]]:
    """(trials, successes) per group that has trials, in group order (nulls first).

    The fixed order fixes the order the floats are summed in: the unordered
    group_by this replaced made the last digit of ``sem`` vary between calls.
    """
    out = []
    for group in sorted(groups, key=lambda g: (g is not None, g)):
        n = sum(groups[group][o] for o in counted)
        if n:
            out.append((n, groups[group][PASSED]))
    return out


def _run_level_sem(per_run_nc: Sequence[tuple[int, int]]) -> float | None:
    """SEM of the success rate across run numbers (each run number is one replicate session)."""
    per_run = [c / n for n, c in per_run_nc]
    if len(per_run) < 2:
        return None
    mean = sum(per_run) / len(per_run)
    var = sum((r - mean) ** 2 for r in per_run) / (len(per_run) - 1)
    return math.sqrt(var) / math.sqrt(len(per_run))


def _pass_k_figures(nc: Sequence[tuple[int, int]], k: int | None) -> dict[str, Any]:
    if not nc:
        return {"cases": 0, "k": k, "pass_at_1": None, "pass_at_k": None, "pass_hat_k": None}
    if k is None:
        k = min(n for n, _ in nc)
    usable = [(n, c) for n, c in nc if n >= k]
    return {
        "cases": len(nc),
        "k": k,
        "pass_at_1": sum(c / n for n, c in nc) / len(nc),
        "pass_at_k": sum(pass_at_k(n, c, k) for n, c in usable) / len(usable) if usable else None,
        "pass_hat_k": sum(pass_hat_k(n, c, k) for n, c in usable) / len(usable) if usable else None,
    }


def _breakdown(df: pl.DataFrame, column: str, counted: Sequence[str], k: int | None) -> list[dict]:
    """One block per value of ``column``; list columns count a run under each of its values.

    One group_by over the whole frame (exploded for a list column) instead of
    filtering the frame once per value: that loop was most of
    :func:`summarize`'s time.
    """
    if column not in df.columns:
        return []
    slim = df.select(column, "outcome", "run_number", "case")
    if isinstance(df.schema[column], pl.List):
        slim = slim.explode(column)
    slim = slim.filter(pl.col(column).is_not_null()).with_columns(
        pl.col(column).cast(pl.String).alias("_key")
    )
    tallies = _tallies(slim)
    return [{"key": key, **tallies[key].block(counted, k)} for key in sorted(tallies)]


def _mean(df: pl.DataFrame, column: str) -> float | None:
    if column not in df.columns or df.is_empty():
        return None
    value = df[column].cast(pl.Float64).mean()
    return float(value) if value is not None else None  # type: ignore[arg-type]


def _activity(df: pl.DataFrame) -> dict[str, Any]:
    """Proposal and acceptance figures (None when the frame has no such columns, e.g. oracle)."""
    out: dict[str, Any] = {
        "share_of_runs_with_proposal": None,
        "proposals_per_run": None,
        "acceptance_rate": None,
        "proposals": None,
        "acceptances": None,
    }
    if "proposal_count" not in df.columns or df.is_empty():
        return out
    proposals = df["proposal_count"].fill_null(0)
    total = int(proposals.sum())
    out["proposals"] = total
    out["share_of_runs_with_proposal"] = float((proposals > 0).mean())  # type: ignore[arg-type]
    out["proposals_per_run"] = total / df.height
    if "acceptance_count" in df.columns:
        accepted = int(df["acceptance_count"].fill_null(0).sum())
        out["acceptances"] = accepted
        out["acceptance_rate"] = accepted / total if total else None
    return out


def _scenarios(df: pl.DataFrame) -> list[dict]:
    """Per scenario (all its runs, every noise level): counts, apps, tags, first failure text.

    One sorted pass over the rows: within a scenario runs go by run number,
    ties (other noise levels or models) in frame order.
    """
    extra = [c for c in ("apps", "tags", "rationale", "exception_message") if c in df.columns]
    ordered = (
        df.with_row_index("_row")
        .select(
            pl.col("scenario_id").cast(pl.String).alias("_sid"),
            "run_number",
            "_row",
            "outcome",
            *extra,
        )
        .sort("_sid", "run_number", "_row")
    )
    by_sid: dict[str, dict[str, Any]] = {}
    for r in ordered.iter_rows(named=True):
        entry = by_sid.get(r["_sid"])
        if entry is None:
            entry = by_sid[r["_sid"]] = {
                "scenario_id": r["_sid"],
                "runs": 0,
                "passed": 0,
                "failed": 0,
                "errors": 0,
                "agent_errors": 0,
                "infra_errors": 0,
                "apps": list(r.get("apps") or []),
                "tags": list(r.get("tags") or []),
                "reason": None,
                "_why_found": False,
            }
        entry["runs"] += 1
        outcome = r["outcome"]
        if outcome == PASSED:
            entry["passed"] += 1
        elif outcome == FAILED:
            entry["failed"] += 1
        elif outcome in ERRORS:
            # Every kind of error counts as one; agent and infra errors also apart.
            entry["errors"] += 1
            if outcome == AGENT_ERROR:
                entry["agent_errors"] += 1
            elif outcome == INFRA_ERROR:
                entry["infra_errors"] += 1
        if (outcome == FAILED or outcome in ERRORS) and not entry["_why_found"]:
            entry["reason"] = r.get("rationale") or r.get("exception_message")
            entry["_why_found"] = True
    out = []
    for sid in sorted(by_sid):
        entry = by_sid[sid]
        del entry["_why_found"]
        out.append(entry)
    return out


def summarize(
    df: pl.DataFrame, *, exclude_exceptions: bool = False, infra_errors: str = "error"
) -> dict[str, Any]:
    """The session summary: the ``summary`` block of ``results.json``.

    Args:
        df: the per-run rows (``REQUIRED_COLUMNS`` at least; ``apps``, ``tags``,
            ``noise_id``, model columns, ``proposal_count``,
            ``acceptance_count``, ``run_duration``, ``cached`` when present).
        exclude_exceptions: leave runs that raised out of success rates and
            pass@k. Recorded as ``exceptions_in_success_rate`` so every
            reader knows which way the figures were computed.
        infra_errors: the infrastructure-error policy (``status.INFRA_POLICIES``);
            recorded as ``infra_errors_in_success_rate`` (``"counted as
            failures"`` under ``fail``, else ``"excluded"``).

    Returns:
        A JSON-safe dict: the session's :func:`rate_block` figures at the top
        level, plus ``scenarios`` (distinct ids), ``exceptions_in_success_rate``
        (``"counted as failures"`` or ``"excluded"``), ``exception_types``
        (type -> count), ``cached``, ``mean_duration``, the proposal figures
        (``share_of_runs_with_proposal``: share of runs with a proposal,
        ``proposals_per_run``, ``acceptance_rate`` = accepted / proposed),
        the breakdowns ``by_app``, ``by_tag``, ``by_noise``, ``by_group``
        (lists of blocks with a ``key``; group keys read
        ``"<model config> @ <noise id>"``) and ``by_scenario``, and
        ``oracle_step_errors`` (:func:`oracle_step_errors`; None when none raised),
        and, when runs called a model, ``usage`` (``report.usage.usage_summary``:
        tokens, cost, calls, retries and latency per role, app and scenario).
    """
    df = with_derived_columns(df)
    counted = counted_statuses(exclude_exceptions, infra_errors)
    session = rate_block(df, exclude_exceptions=exclude_exceptions, infra_errors=infra_errors)
    k = session["k"]
    exc: Counter[str] = Counter()
    if "exception_type" in df.columns:
        raised = df.filter(pl.col("outcome").is_in(list(ERRORS)))["exception_type"].to_list()
        exc.update(t for t in raised if t)
    grouped = df.with_columns(
        pl.concat_str([pl.col("model_config"), pl.col("noise_id")], separator=" @ ").alias("_group")
    )
    summary: dict[str, Any] = {
        **session,
        "scenarios": df["scenario_id"].n_unique(),
        "exceptions_in_success_rate": "excluded" if exclude_exceptions else "counted as failures",
        "infra_errors_in_success_rate": "counted as failures"
        if INFRA_ERROR in counted
        else "excluded",
        "exception_types": {t: n for t, n in sorted(exc.items()) if t},
        "cached": int(df["cached"].fill_null(False).sum()) if "cached" in df.columns else 0,
        "mean_duration": _mean(df, "run_duration"),
        **_activity(df),
        "model_configs": sorted(set(df["model_config"].to_list())),
        "by_app": _breakdown(df, "apps", counted, k),
        "by_tag": _breakdown(df, "tags", counted, k),
        "by_noise": _breakdown(df, "noise_id", counted, k),
        "by_group": _breakdown(grouped, "_group", counted, k),
        "by_scenario": _scenarios(df),
        "oracle_step_errors": oracle_step_errors(df),
    }
    from pytest_pare.report.usage import usage_summary

    usage = usage_summary(df)
    if usage is not None:  # an oracle session called no model: no empty block
        summary["usage"] = usage
    return summary


def oracle_step_errors(df: pl.DataFrame, *, limit: int = 20) -> dict[str, Any] | None:
    """Oracle runs without tool-failure noise in which an oracle step raised, or None.

    Such a step is a defect of the scenario's expected actions (no noise made it
    fail), whether or not its validation still passed; ``--pare-strict-oracle``
    fails these runs, and without it they must still be visible.

    Returns:
        ``runs`` (how many), ``steps`` (raised steps in them), ``passed`` (of
        those runs, how many passed anyway) and ``examples``: up to ``limit``
        of ``{"scenario_id", "run_number", "noise_id", "status", "steps",
        "first"}`` (``first`` = ``"App.function: error"`` of the run's first).
    """
    if not {"tool_errors", "agent_type"} <= set(df.columns):
        return None
    clean = pl.col("tool_failure_probability").fill_null(0.0) == 0.0
    oracle = df.filter(
        (pl.col("agent_type") == "oracle")
        & (clean if "tool_failure_probability" in df.columns else pl.lit(True))
    )
    examples: list[dict[str, Any]] = []
    runs = steps = passed = 0
    for row in oracle.iter_rows(named=True):
        errors = _entries(row.get("tool_errors"))
        if not errors:
            continue
        runs += 1
        steps += len(errors)
        passed += row.get("outcome", row.get("status")) == "passed"
        if len(examples) < limit:
            first = errors[0] if isinstance(errors[0], Mapping) else {}
            examples.append(
                {
                    "scenario_id": row["scenario_id"],
                    "run_number": row["run_number"],
                    "noise_id": row.get("noise_id"),
                    "status": row.get("outcome", row.get("status")),
                    "steps": len(errors),
                    "first": f"{first.get('app')}.{first.get('function')}: {first.get('error')}",
                }
            )
    if not runs:
        return None
    return {"runs": runs, "steps": steps, "passed": passed, "examples": examples}


def _entries(value: Any) -> list[Any]:
    """A row's ``tool_errors``: a list, or the JSON text the frame builder made of one."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return list(value) if isinstance(value, list) else []


# The text rendering lives in its own module (it has a different audience: people,
# not code); re-exported here so callers import every statistic from one place.
from pytest_pare.report._text import summary_lines  # noqa: E402

__all__ = [
    "REQUIRED_COLUMNS",
    "ResultsFrameError",
    "frame_from_rows",
    "pass_at_k",
    "pass_hat_k",
    "rate_block",
    "require_columns",
    "summarize",
    "summary_lines",
    "wilson_interval",
    "with_derived_columns",
]
