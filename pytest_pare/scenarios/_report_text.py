"""The text report behind ``PAREMultiScenarioValidationResult.description()``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from pytest_pare.scenarios.result import (
    EXCEPTION,
    NO_VALIDATION,
    STATUSES,
    SUCCESS,
    exception_type_name,
)

if TYPE_CHECKING:
    import polars as pl

    from pytest_pare.scenarios.config import ScenarioRunnerConfig
    from pytest_pare.scenarios.result import PAREScenarioValidationResult


class Results(Protocol):
    """What the description reads of ``PAREMultiScenarioValidationResult``."""

    run_config: ScenarioRunnerConfig | None
    duration: float

    @property
    def scenario_results(self) -> Mapping[Any, PAREScenarioValidationResult]: ...

    successful_count: int
    failed_count: int
    exception_count: int
    no_validation_count: int

    @property
    def total_count(self) -> int: ...

    @property
    def total_turns(self) -> int: ...

    @property
    def aggregate_proposal_rate(self) -> float: ...

    @property
    def total_read_only_actions(self) -> int: ...

    @property
    def total_write_actions(self) -> int: ...

    def to_polars(self, extra_columns: dict[str, Any] | None = None) -> pl.DataFrame: ...


_RULE = "=" * 64


def render_description(
    results: Results,
    *,
    split: str = "unknown",
    weight_per_app_class: dict[str, float] | None = None,
) -> str:
    """Summary, noise settings, proactive metrics, per-scenario lines and failures."""
    config = results.run_config
    total = results.total_count
    lines = [_RULE, f"PARE validation report (split: {split})", _RULE]
    if config is not None:
        if config.oracle:
            lines.append("Mode: oracle (expected actions replayed, no model)")
        else:
            lines.append(
                f"Models: user={config.user_model_alias} observe={config.observe_model_alias} "
                f"execute={config.execute_model_alias} (agent: {config.agent_type})"
            )
        lines.append(
            f"Noise: tool failure probability {config.tool_failure_probability:g}, "
            f"env events/min {config.env_events_per_minute:g} (seed {config.env_events_seed})"
        )
    if weight_per_app_class:
        weights = ", ".join(
            f"{name}={value:g}" for name, value in sorted(weight_per_app_class.items())
        )
        lines.append(f"Env event weights: {weights}")
    lines.append(f"Job duration: {results.duration:.2f} s")
    lines.append("")

    if total:
        lines += _count_lines(results)
    else:
        lines.append("No runs.")
    # Per-turn figures are upstream's (the summary counts per run): kept alongside.
    lines.append(
        f"Turns: {results.total_turns}, proposals per turn "
        f"{results.aggregate_proposal_rate:.2f}; actions: read-only "
        f"{results.total_read_only_actions}, write {results.total_write_actions}"
    )

    runs = sorted(results.scenario_results.items(), key=lambda item: _order(item[0]))
    per_scenario: dict[str, list[str]] = defaultdict(list)
    for key, result in runs:
        per_scenario[key[0]].append(result.status)
    if per_scenario:
        lines += ["", f"Per scenario ({SUCCESS}/runs):"]
        width = max(len(s) for s in per_scenario)
        for scenario_id, statuses in per_scenario.items():
            notes = "".join(
                f", {statuses.count(status)} {status}"
                for status in (EXCEPTION, NO_VALIDATION)
                if status in statuses
            )
            lines.append(
                f"  {scenario_id:<{width}}  {statuses.count(SUCCESS)}/{len(statuses)}{notes}"
            )

    problems = [(key, result) for key, result in runs if result.success is not True]
    if problems:
        lines += ["", "Runs without success:"]
        for key, result in problems:
            label = _label(key)
            if result.exception is not None and result.success is None:
                reason = f"{exception_type_name(result.exception)}: {result.exception}"
            else:
                reason = result.rationale or "no rationale given"
            lines.append(f"  {label} [{result.status}] {_first_line(reason)}")
    lines.append(_RULE)
    return "\n".join(lines)


def _count_lines(results: Results) -> list[str]:
    """The run counts in the seed's words, then the session's figures for the same runs.

    The figures (success rate with SEM and Wilson interval, pass@k, proposals)
    come from ``report.stats.summarize``, the one definition of each; imported
    here, as scenarios/ must not load polars and the report package when merely
    imported.
    """
    from pytest_pare.report.stats import summarize

    s = summarize(results.to_polars())
    counts = ", ".join(
        f"{n} {status}"
        for status, n in zip(
            STATUSES,
            (
                results.successful_count,
                results.failed_count,
                results.exception_count,
                results.no_validation_count,
            ),
            strict=True,
        )
        if n
    )
    sem = f" +/- {_pct(s['sem'])} SEM" if s.get("sem") is not None else ""
    lines = [
        f"Runs: {results.total_count} over {s['scenarios']} scenario(s): {counts}",
        f"Success rate: {_pct(s['rate'])}{sem}, Wilson 95% [{_pct(s['wilson_low'])}, "
        f"{_pct(s['wilson_high'])}] over {s['trials']} run(s); {EXCEPTION} runs "
        f"{s['exceptions_in_success_rate']}",
    ]
    if s.get("k"):
        k = s["k"]
        lines.append(
            f"Pass@1: {_pct(s['pass_at_1'])}"
            + (
                f", pass@{k}: {_pct(s['pass_at_k'])}, pass^{k}: {_pct(s['pass_hat_k'])}"
                if k > 1
                else ""
            )
            + f" over {s['cases']} scenario case(s)"
        )
    if s.get("share_of_runs_with_proposal") is not None:
        lines.append(
            f"Proposals in {_pct(s['share_of_runs_with_proposal'])} of runs "
            f"({s['proposals_per_run']:.2f}/run), "
            f"{_pct(s['acceptance_rate'])} accepted"
        )
    if s.get("exception_types"):
        lines.append(
            "Exceptions: " + ", ".join(f"{t} x{n}" for t, n in s["exception_types"].items())
        )
    return lines


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _order(key: tuple[Any, ...]) -> tuple[str, str, int]:
    noise = key[2] if len(key) > 2 else None
    return (str(key[0]), str(noise or ""), key[1] or 0)


def _label(key: tuple[Any, ...]) -> str:
    """``sid``, ``sid[run-2]``, ``sid[tfp0.1-epm5-run-2]``: the run as its pytest node names it."""
    scenario_id, run = key[0], key[1]
    noise = key[2] if len(key) > 2 else None
    params = ([] if noise in (None, "clean") else [str(noise)]) + (
        [] if run is None else [f"run-{run}"]
    )
    return f"{scenario_id}[{'-'.join(params)}]" if params else str(scenario_id)


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0] if stripped else text
