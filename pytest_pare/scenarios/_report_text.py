"""The text report behind ``PAREMultiScenarioValidationResult.description()``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

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
        # The session's figures as the plugin's summary states them (success rate,
        # SEM over run numbers, Wilson interval, pass@k, proposals): one
        # definition of each, in report/stats. Imported here: scenarios/ must not
        # load polars and the report package when merely imported.
        from pytest_pare.report.stats import summarize, summary_lines

        lines += summary_lines(summarize(results.to_polars()))
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
        lines += ["", "Per scenario (passed/runs):"]
        width = max(len(s) for s in per_scenario)
        for scenario_id, statuses in per_scenario.items():
            passed = statuses.count("passed")
            errors = statuses.count("error")
            note = f", {errors} error(s)" if errors else ""
            lines.append(f"  {scenario_id:<{width}}  {passed}/{len(statuses)}{note}")

    problems = [(key, result) for key, result in runs if result.success is not True]
    if problems:
        lines += ["", "Failures and errors:"]
        for key, result in problems:
            label = _label(key)
            if result.exception is not None and result.success is None:
                from pytest_pare.scenarios.result import exception_type_name

                reason = f"{exception_type_name(result.exception)}: {result.exception}"
            else:
                reason = result.rationale or "no rationale given"
            lines.append(f"  {label} [{result.status}] {_first_line(reason)}")
    lines.append(_RULE)
    return "\n".join(lines)


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
