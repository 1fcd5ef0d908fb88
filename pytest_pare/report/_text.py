"""Plain-text rendering of the statistics summary (terminal summary and ``report.txt``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_pare.report.usage import usage_lines


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _interval(block: Mapping[str, Any]) -> str:
    if block.get("wilson_low") is None:
        return "n/a"
    return f"{_pct(block['rate'])} [{_pct(block['wilson_low'])}, {_pct(block['wilson_high'])}]"


def _kinds(counts: Mapping[str, Any]) -> str:
    """`` (1 agent, 2 infra)``: which of the errors the model or the endpoint caused."""
    kinds = [
        f"{counts[key]} {name}"
        for key, name in (("agent_errors", "agent"), ("infra_errors", "infra"))
        if counts.get(key)
    ]
    return f" ({', '.join(kinds)})" if kinds else ""


def summary_lines(summary: Mapping[str, Any], *, max_failures: int = 20) -> list[str]:
    """Render a :func:`summarize` dict as plain text lines (terminal summary, ``report.txt``).

    Args:
        summary: the dict from :func:`summarize` (or ``results.json`` ``summary``).
        max_failures: list at most this many failing scenarios, then "... and N more".
    """
    s = summary
    lines = [
        f"PARE: {s['scenarios']} scenarios, {s['runs']} runs: {s['passed']} passed, "
        f"{s['failed']} failed, {s['errors']} errors{_kinds(s)}"
        + (f", {s['no_validation']} not validated" if s.get("no_validation") else "")
        + (f" ({s['cached']} cached)" if s.get("cached") else ""),
    ]
    sem = f" ± {_pct(s['sem'])} SEM" if s.get("sem") is not None else ""
    lines.append(
        f"success rate {_pct(s['rate'])}{sem}, Wilson 95% "
        f"[{_pct(s['wilson_low'])}, {_pct(s['wilson_high'])}] over {s['trials']} runs; "
        f"errors {s['exceptions_in_success_rate']}"
        + (
            f", {s['infra_errors']} infrastructure error(s) {s['infra_errors_in_success_rate']}"
            if s.get("infra_errors") and s.get("infra_errors_in_success_rate")
            else ""
        )
    )
    if s.get("k") and s["k"] > 1:
        lines.append(
            f"pass@1 {_pct(s['pass_at_1'])}  pass@{s['k']} {_pct(s['pass_at_k'])}  "
            f"pass^{s['k']} {_pct(s['pass_hat_k'])}  over {s['cases']} scenario cases"
        )
    elif s.get("k"):
        lines.append(f"pass@1 {_pct(s['pass_at_1'])} over {s['cases']} scenario cases")
    activity = []
    if s.get("share_of_runs_with_proposal") is not None:
        activity.append(
            f"proposals in {_pct(s['share_of_runs_with_proposal'])} of runs "
            f"({s['proposals_per_run']:.2f}/run), "
            f"{_pct(s['acceptance_rate'])} accepted"
        )
    if s.get("mean_duration") is not None:
        activity.append(f"mean run duration {s['mean_duration']:.2f} s")
    if activity:
        lines.append("; ".join(activity))
    lines += usage_lines(s.get("usage"))
    if s.get("exception_types"):
        lines.append(
            "exceptions: " + ", ".join(f"{t} x{n}" for t, n in s["exception_types"].items())
        )
    lines += oracle_step_lines(s.get("oracle_step_errors"))
    for title, key in (("by noise", "by_noise"), ("by group", "by_group")):
        # With one model configuration the groups are the noise levels again.
        if key == "by_group" and len(s.get("model_configs") or []) < 2:
            continue
        if len(s.get(key) or []) > 1:
            lines.append(f"{title}: " + " · ".join(f"{b['key']} {_interval(b)}" for b in s[key]))
    for title, key in (("by app", "by_app"), ("by tag", "by_tag")):
        if s.get(key):
            lines.append(
                f"{title}: "
                + " · ".join(f"{b['key']} {_pct(b['rate'])} (n={b['trials']})" for b in s[key])
            )
    failing = [sc for sc in s.get("by_scenario") or [] if sc["failed"] or sc["errors"]]
    if failing:
        lines.append(f"failing scenarios ({len(failing)}):")
        for sc in failing[:max_failures]:
            # The whole first line: an exception's message is what tells runs apart.
            reason = next((ln.strip() for ln in str(sc.get("reason") or "").splitlines()), "")
            lines.append(
                f"  {sc['scenario_id']} ({sc['passed']}/{sc['runs']} passed"
                + (f", {sc['errors']} errors{_kinds(sc)}" if sc["errors"] else "")
                + (f"): {reason}" if reason else ")")
            )
        if len(failing) > max_failures:
            lines.append(f"  ... and {len(failing) - max_failures} more")
    return lines


def oracle_step_lines(found: Mapping[str, Any] | None, limit: int = 3) -> list[str]:
    """The summary's line about oracle steps that raised (``summary.oracle_step_errors``)."""
    if not found:
        return []
    shown = "; ".join(
        f"{e['scenario_id']} run {e['run_number']}: {e['first']}" for e in found["examples"][:limit]
    )
    more = f"; and {found['runs'] - limit} more run(s)" if found["runs"] > limit else ""
    return [
        f"oracle steps raised in {found['runs']} run(s) ({found['steps']} step(s); "
        f"{found['passed']} of those runs passed anyway): {shown}{more}; "
        "--pare-strict-oracle fails such runs"
    ]
