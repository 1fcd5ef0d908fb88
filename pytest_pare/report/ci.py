"""CI front ends of a results document: a markdown summary and GitHub Actions annotations.

Both read only the ``results.json`` document (rows, summary, gate), so a
session and ``python -m pytest_pare.report merge`` render them alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: GitHub shows at most 10 annotations of each level per step; the most telling come first
MAX_ANNOTATIONS = 10
_MAX_FAILING_ROWS = 20


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _cell(text: Any) -> str:
    """Text for a markdown table cell: one line, pipes escaped."""
    return " ".join(str(text if text is not None else "").split()).replace("|", "\\|")


def _clip(text: Any, limit: int = 160) -> str:
    flat = _cell(text)
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _spend_text(spend: Mapping[str, Any]) -> str:
    """``gate.spend`` (``report.usage.spend_delta``) as one markdown line."""
    parts = []
    for label, key, unit in (
        ("tokens per run", "tokens_per_run", ""),
        ("cost per run", "cost_per_run", "$"),
    ):
        figures = spend.get(key) or {}
        old, new, change = figures.get("old"), figures.get("new"), figures.get("change")
        if old is None or new is None:
            continue
        shown = (lambda v: f"${v:.4f}") if unit else (lambda v: f"{v:,.0f}")
        text = f"{label} {shown(old)} → **{shown(new)}**"
        parts.append(text + (f" ({100 * change:+.1f}%)" if change is not None else ""))
    return " · ".join(parts) or "no spend recorded"


def markdown_summary(document: Mapping[str, Any], paths: Sequence[Path] = ()) -> str:
    """The job summary: headline, gate verdict, regressions, per-app and per-tag tables, files."""
    s = document.get("summary") or {}
    gate = document.get("gate") or {}
    status = gate.get("status", "passed")
    if gate.get("configured"):
        head = {
            "passed": "✅ PARE gate passed",
            "failed": "❌ PARE gate failed",
            "error": "⚠️ PARE gate error: the evaluation could not be done",
        }.get(status, "PARE gate")
    else:
        head = "PARE results (no gate set)"
    shard = document.get("shard")
    if isinstance(shard, Mapping):
        head += f" (shard {shard.get('index')}/{shard.get('count')})"
    out = [f"## {head}", ""]
    out.append(
        f"**{s.get('scenarios', 0)} scenarios, {s.get('runs', 0)} runs**: "
        f"{s.get('passed', 0)} passed, {s.get('failed', 0)} failed, {s.get('errors', 0)} errors"
        + (f" ({s['infra_errors']} infrastructure)" if s.get("infra_errors") else "")
        + f" · success rate **{_pct(s.get('rate'))}** (Wilson 95% "
        f"{_pct(s.get('wilson_low'))} to {_pct(s.get('wilson_high'))}, {s.get('trials', 0)} runs)"
        + (
            f" · pass@{s['k']} {_pct(s.get('pass_at_k'))} · pass^{s['k']} "
            f"{_pct(s.get('pass_hat_k'))}"
            if (s.get("k") or 0) > 1
            else ""
        )
    )
    usage = s.get("usage")
    if isinstance(usage, Mapping):
        from pytest_pare.report.usage import usage_lines

        # The same words as the terminal: tokens per role, cost (or how to price), calls.
        out += [""] + [_cell(line) + "  " for line in usage_lines(usage)]
    adaptive = document.get("adaptive")
    if isinstance(adaptive, Mapping) and adaptive.get("runs_saved"):
        out += ["", f"Adaptive runs: {adaptive['runs_saved']} run(s) saved."]
    reason = [str(line) for line in gate.get("reason") or []]
    if reason:
        out += ["", "> " + reason[0]] + [f"> {line}" for line in reason[1:]]
    for warning in gate.get("warnings") or []:
        out += ["", f"> ⚠️ {warning}"]
    spend = gate.get("spend")
    if isinstance(spend, Mapping) and spend:
        out += ["", "Against the baseline: " + _spend_text(spend)]
    regressions = gate.get("regressions") or []
    if regressions:
        out += ["", "### Regressions", "", "| scenario | before | after | p |", "|---|---|---|---|"]
        out += [
            f"| {_cell(c['key'])} | {c['before_successes']}/{c['before_trials']} | "
            f"{c['after_successes']}/{c['after_trials']} | {c['p_value']:.3g} |"
            for c in regressions
        ]
    short = [p for p in gate.get("scenario_passes") or [] if not p.get("ok")]
    if short:
        out += ["", "### Scenarios short of passes", "", "| scenario | passed | needs |"]
        out += ["|---|---|---|"]
        out += [
            f"| {_cell(p['key'])} | {p['passes']}/{p['runs']} | {p['required']} |" for p in short
        ]
    for title, key in (("By app", "by_app"), ("By tag", "by_tag")):
        blocks = s.get(key) or []
        if blocks:
            out += ["", f"### {title}", "", "| | success rate | Wilson 95% | runs |"]
            out += ["|---|---|---|---|"]
            out += [
                f"| {_cell(b['key'])} | {_pct(b.get('rate'))} | "
                f"{_pct(b.get('wilson_low'))} to {_pct(b.get('wilson_high'))} | {b['trials']} |"
                for b in blocks
            ]
    failing = [sc for sc in s.get("by_scenario") or [] if sc.get("failed") or sc.get("errors")]
    if failing:
        out += ["", f"### Failing scenarios ({len(failing)})", ""]
        out += ["| scenario | passed | why (first failure) |", "|---|---|---|"]
        out += [
            f"| {_cell(sc['scenario_id'])} | {sc['passed']}/{sc['runs']} | "
            f"{_clip(sc.get('reason'))} |"
            for sc in failing[:_MAX_FAILING_ROWS]
        ]
        if len(failing) > _MAX_FAILING_ROWS:
            out.append(f"\n... and {len(failing) - _MAX_FAILING_ROWS} more (see report.html)")
    if paths:
        out += ["", "### Files", ""] + [f"- `{p}`" for p in paths]
    return "\n".join(out) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, *, file: str | None, line: int | None, title: str) -> str:
    """One GitHub Actions workflow command, e.g. ``::error file=a.py,line=3,title=t::message``."""
    props = []
    if file:
        props.append(f"file={_prop(file)}")
        if line:
            props.append(f"line={int(line)}")
    props.append(f"title={_prop(title)}")
    return f"::{level} {','.join(props)}::{_data(message)}"


def github_annotations(document: Mapping[str, Any]) -> list[str]:
    """GitHub annotations for the scenarios that fail the job or deserve a look.

    Errors: what fails the job — each regression and each scenario short of
    its passes under a gate, each scenario with a failed run without one.
    Warnings: under a gate, the other scenarios with failed runs (they count
    in the rates, but the gate judges the job). One per scenario, at its
    class's line, the most telling first.
    """
    rows = document.get("rows") or []
    gate = document.get("gate") or {}
    summary = document.get("summary") or {}
    where: dict[str, tuple[str | None, int | None]] = {}
    first_failure: dict[str, str] = {}
    for row in rows:
        sid = row.get("scenario_id")
        where.setdefault(sid, (row.get("source_file") or _file_of(row), row.get("source_line")))
        if row.get("status") != "passed" and sid not in first_failure:
            text = row.get("rationale") or row.get("exception_message") or row.get("status")
            first_failure[sid] = str(text or "")
    out: list[tuple[int, str, str, str]] = []  # (rank, level, scenario id, message)
    named: set[str] = set()
    for change in gate.get("regressions") or []:
        sid = change["scenario_id"]
        counts = f"{change['before_successes']}/{change['before_trials']} -> "
        counts += f"{change['after_successes']}/{change['after_trials']}"
        message = f"regressed against the baseline: {counts} passed (p={change['p_value']:.3g})"
        why = first_failure.get(sid)
        out.append((0, "error", sid, message + (f"; first failure: {why}" if why else "")))
        named.add(sid)
    for passes in gate.get("scenario_passes") or []:
        if passes.get("ok") or passes["scenario_id"] in named:
            continue
        sid = passes["scenario_id"]
        message = f"passed {passes['passes']} of {passes['runs']} runs, needs {passes['required']}"
        why = first_failure.get(sid)
        out.append((1, "error", sid, message + (f"; first failure: {why}" if why else "")))
        named.add(sid)
    gated = bool(gate.get("configured"))
    for sc in summary.get("by_scenario") or []:
        sid = sc["scenario_id"]
        if sid in named or not (sc.get("failed") or sc.get("errors")):
            continue
        level = "warning" if gated else "error"
        message = f"{sc['passed']} of {sc['runs']} runs passed: {sc.get('reason') or ''}".rstrip(
            ": "
        )
        out.append((2 if level == "error" else 3, level, sid, message))
    out.sort(key=lambda item: (item[0], item[2]))
    lines = []
    per_level: dict[str, int] = {}
    for _, level, sid, message in out:
        per_level[level] = per_level.get(level, 0) + 1
        if per_level[level] > MAX_ANNOTATIONS:
            continue
        file, line = where.get(sid, (None, None))
        lines.append(annotation(level, _clip(message, 500), file=file, line=line, title=sid))
    hidden = {lvl: n - MAX_ANNOTATIONS for lvl, n in per_level.items() if n > MAX_ANNOTATIONS}
    if hidden:
        more = ", ".join(f"{n} more {lvl}s" for lvl, n in sorted(hidden.items()))
        lines.append(f"::notice title=PARE::{more} in report.html (GitHub shows 10 per step)")
    return lines


def _file_of(row: Mapping[str, Any]) -> str | None:
    """A row's scenario file from its node id (rows written before ``source_file``)."""
    nodeid = row.get("nodeid")
    if not isinstance(nodeid, str) or "::" not in nodeid or nodeid.startswith("<"):
        return None
    return nodeid.split("::", 1)[0]
