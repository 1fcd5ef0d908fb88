"""The self-contained HTML report: one file, no network, charts drawn here as inline SVG.

The page carries its data as one inline JSON block that a small inline script
turns into the scenario table, the run grid and the trace views, so hundreds
of scenarios stay a few hundred kilobytes and render in a browser in well
under a second. Charts and headline figures are rendered server side, from
the templates in ``templates/`` (see ``_page``), so they show even with
scripts disabled.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pytest_pare._util.files import atomic_write_text
from pytest_pare.report import _page
from pytest_pare.report.stats import frame_from_rows, summarize
from pytest_pare.report.status import ERRORS, status_of

#: Caps that keep one runaway trace from bloating the page.
MAX_EVENTS_PER_TRACE = 400
MAX_TEXT = 240
MAX_RETURN = 160
#: Default budget for embedded traces (bytes of JSON); failed and errored runs
#: get theirs first, the rest are left to the trace files.
DEFAULT_TRACE_BUDGET = 3_000_000
MAX_RATIONALE = 1200
MAX_TRACE_BYTES = 5_000_000
#: model calls shown per trace, and characters of a call's output or new prompt message
MAX_CALLS_PER_TRACE = 200
MAX_CALL_TEXT = 1500

_OUTCOME_CODE = {
    "passed": "P",
    "failed": "F",
    "agent_error": "A",
    "infra_error": "I",
    "error": "E",
    "no_validation": "N",
}


def run_key(row: Mapping[str, Any]) -> str:
    """The key of one run in ``traces``: ``"scenario_id|noise_id|run_number"``."""
    return f"{row.get('scenario_id')}|{row.get('noise_id') or 'clean'}|{row.get('run_number')}"


def _clip(value: Any, limit: int = MAX_TEXT) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _outcome(row: Mapping[str, Any]) -> str:
    """The row's status by the one rule; the page colours and filters each kind of error."""
    return status_of(row)


# --- traces -----------------------------------------------------------------------------


def load_traces(
    rows: Sequence[Mapping[str, Any]], base_dir: str | os.PathLike[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Read each row's exported trace (``export_path``) into ``{run_key: trace}``.

    A relative path is taken against ``base_dir``; one that does not exist
    there (or an absolute one that no longer exists) is looked for under
    ``base_dir/traces/`` (a moved results folder, a shard's artifact); a folder is searched for
    its first ``*.json``; for ``X.hf.json`` a sibling lite ``X.json`` is
    preferred. Missing, unreadable, oversized or non-JSON files are skipped:
    a report without one trace beats no report.
    """
    traces: dict[str, dict[str, Any]] = {}
    for row in rows:
        raw = row.get("export_path")
        if not raw:
            continue
        path = Path(raw)
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        if base_dir is not None and not path.exists():
            # A results folder copied elsewhere (a CI artifact) still holds its
            # traces next to results.json, though the rows name the old place.
            moved = [Path(base_dir) / "traces" / path.name, Path(base_dir) / path.name]
            path = next((m for m in moved if m.exists()), path)
        try:
            if path.is_dir():
                found = sorted(path.rglob("*.json"))
                if not found:
                    continue
                path = found[0]
            lite = path.with_name(path.name.removesuffix(".hf.json") + ".json")
            if path.name.endswith(".hf.json") and lite.is_file():
                path = lite  # the lite export has the user's actions and notifications too
            if path.stat().st_size > MAX_TRACE_BYTES:
                continue
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict):
            traces[run_key(row)] = doc
    return traces


def _first(ev: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        if ev.get(name) is not None:
            return ev[name]
    return None


def event_kind(ev: Mapping[str, Any]) -> str:
    """Classify a trace event: env, user, proposal, accept, reject, assistant or other."""
    etype = str(_first(ev, "event_type", "type") or "").upper()
    role = str(_first(ev, "agent", "role", "actor") or "").lower()
    fn = str(_first(ev, "function", "function_name", "action", "name") or "").lower()
    if "reject" in fn or "decline" in fn:
        return "reject"
    if "accept" in fn:
        return "accept"
    assistant = role in ("observe", "execute", "assistant", "agent", "proactive")
    if "propos" in fn or (fn == "send_message_to_user" and (assistant or etype == "AGENT")):
        return "proposal"
    if etype == "ENV" or role in ("env", "environment"):
        return "env"
    if etype == "USER" or role == "user":
        return "user"
    if etype == "AGENT" or assistant:
        return "assistant"
    return "other"


def _error_text(ev: Mapping[str, Any]) -> str | None:
    exc = _first(ev, "exception", "error")
    if not exc:
        return None
    if isinstance(exc, Mapping):
        parts = [str(exc.get("type") or exc.get("exception_type") or "")]
        parts.append(str(exc.get("message") or exc.get("exception_message") or ""))
        return _clip(": ".join(p for p in parts if p) or exc)
    return _clip(exc)


def _named_args(args: Any) -> Any:
    """ARE lists arguments as ``[{"name": .., "value": ..}]``; show them as a mapping."""
    if (
        isinstance(args, list)
        and args
        and all(isinstance(a, Mapping) and "name" in a for a in args)
    ):
        return {str(a["name"]): a.get("value") for a in args}
    return args


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def compact_trace(trace: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a trace the page shows, normalised and clipped (see docs/internals.md)."""
    # ARE's own ("hf") export lists the scheduled events under "events" and what
    # happened under "completed_events"; the lite export has only "events".
    raw = _first(trace, "completed_events") or _first(trace, "events", "event_log") or []
    meta = _mapping(trace.get("metadata"))
    definition = _mapping(meta.get("definition"))
    annotation = _mapping(meta.get("annotation"))
    # Times are shown from the scenario's start when the trace records it
    # (exports carry absolute simulated timestamps).
    start = _first(trace, "start_time") or definition.get("start_time")
    start = float(start) if isinstance(start, int | float) else 0.0
    events: list[list[Any]] = []
    for ev in raw if isinstance(raw, list) else []:
        if not isinstance(ev, Mapping):
            continue
        action = _mapping(ev.get("action"))
        outcome = _mapping(ev.get("metadata"))
        merged = {**outcome, **action, **{k: v for k, v in ev.items() if v is not None}}
        t = _first(merged, "time", "event_time", "timestamp", "t")
        try:
            t = round(float(t) - start, 3) if t is not None else None
        except (TypeError, ValueError):
            t = None
        args = _named_args(_first(merged, "args", "arguments", "kwargs"))
        ret = _first(merged, "return", "return_value", "result")
        fn = _first(merged, "function", "function_name", "action_name")
        if not isinstance(fn, str | type(None)):
            fn = None
        events.append(
            [
                t,
                event_kind(merged),
                _clip(_first(merged, "app", "app_name", "class_name") or "", 60),
                _clip(fn or "", 80),
                _clip(args) if args not in (None, {}, []) else "",
                _clip(ret, MAX_RETURN) if ret is not None else "",
                _error_text(merged),
                _clip(_first(merged, "mode", "agent", "role") or "", 20),
            ]
        )
    events.sort(key=lambda e: (e[0] is None, e[0] or 0.0))
    omitted = max(0, len(events) - MAX_EVENTS_PER_TRACE)
    transcript: list[list[str]] = []
    histories = trace.get("per_agent_interaction_histories")
    if not events and isinstance(histories, Mapping):
        for agent, messages in histories.items():
            for m in messages if isinstance(messages, list) else []:
                if isinstance(m, Mapping):
                    content = _first(m, "content", "text", "message") or ""
                    transcript.append([str(agent), str(m.get("role") or ""), _clip(content, 2000)])
    calls = _model_calls(trace)
    end = trace.get("duration") or definition.get("duration")
    if end is None and isinstance(trace.get("end_time"), int | float):
        end = trace["end_time"] - start
    result = _mapping(trace.get("result"))
    rationale = trace.get("validation_rationale") or result.get("rationale") or ""
    return {
        "ev": events[:MAX_EVENTS_PER_TRACE],
        "omitted": omitted,
        "rationale": _clip(rationale, MAX_RATIONALE) or None,
        "decision": trace.get("validation_decision") or annotation.get("validation_decision"),
        "transcript": transcript[:200],
        "calls": calls[:MAX_CALLS_PER_TRACE],
        "calls_omitted": max(0, len(calls) - MAX_CALLS_PER_TRACE),
        "end": float(end) if isinstance(end, int | float) else None,
    }


def _model_calls(trace: Mapping[str, Any]) -> list[list[Any]]:
    """The lite trace's model calls, one row per call, in order (see docs/agents.md).

    ``[round, turn, agent, what came of it, output, last prompt message, prompt
    tokens, completion tokens, latency s, prompt messages]``; "what came of it"
    is ``tool(args)``, ``invalid: why`` or ``raised: error``.
    """
    agent: Mapping[str, Any] = trace["agent"] if isinstance(trace.get("agent"), Mapping) else {}
    messages: Mapping[str, Any] = (
        agent["messages"] if isinstance(agent.get("messages"), Mapping) else {}
    )
    rows: list[list[Any]] = []
    for entry in agent.get("transcript") or []:
        if not isinstance(entry, Mapping):
            continue
        for call in entry.get("calls") or []:
            if not isinstance(call, Mapping):
                continue
            action = call.get("action") if isinstance(call.get("action"), Mapping) else None
            if call.get("error"):
                what = f"raised: {call['error']}"
            elif call.get("invalid"):
                what = f"invalid: {call['invalid']}"
            elif action is not None:
                args = action.get("args")
                what = f"{action.get('tool')}({_clip(args) if args else ''})"
                if call.get("tool_error"):
                    what += f" -> raised: {call['tool_error']}"
            else:
                what = ""
            ids = call.get("messages") or []
            last = messages.get(ids[-1]) if ids else None
            last_text = last.get("content", "") if isinstance(last, Mapping) else ""
            rows.append(
                [
                    entry.get("round"),
                    entry.get("turn"),
                    str(entry.get("agent") or ""),
                    _clip(what, 400),
                    _clip(call.get("output") or "", MAX_CALL_TEXT),
                    _clip(last_text, MAX_CALL_TEXT),
                    call.get("prompt_tokens") or call.get("estimated_prompt_tokens"),
                    call.get("completion_tokens"),
                    call.get("latency"),
                    len(ids),
                ]
            )
    return rows


# --- page data --------------------------------------------------------------------------


def _select_traces(
    rows: Sequence[Mapping[str, Any]], traces: Mapping[str, Mapping[str, Any]], budget: int
) -> dict[str, dict[str, Any]]:
    """Compact traces within ``budget`` bytes: failed and errored runs first, then the rest."""
    outcome = {run_key(r): _outcome(r) for r in rows}
    order = sorted(traces, key=lambda k: (outcome.get(k) not in ("failed", *ERRORS), k))
    chosen: dict[str, dict[str, Any]] = {}
    used = 0
    for key in order:
        compact = compact_trace(traces[key])
        size = len(json.dumps(compact, separators=(",", ":"), default=str))
        if used + size <= budget:
            chosen[key] = compact
            used += size
    return chosen


def page_data(
    rows: Sequence[Mapping[str, Any]],
    traces: Mapping[str, Mapping[str, Any]] | None,
    *,
    trace_budget: int = DEFAULT_TRACE_BUDGET,
) -> dict[str, Any]:
    """The compact JSON the page script reads: scenarios with their runs, and traces.

    A run's trace flag (index 8) is 1 when its trace is embedded, 2 when it was
    exported but left out to keep the page within ``trace_budget``, else 0.
    """
    noise = sorted({str(r.get("noise_id") or "clean") for r in rows})
    index = {n: i for i, n in enumerate(noise)}
    by_id: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        by_id.setdefault(str(r.get("scenario_id")), []).append(r)
    traces = dict(traces or {})
    # Traces may be keyed by run_key(row) or by the row's pytest node id.
    for r in rows:
        nodeid = r.get("nodeid")
        if nodeid and nodeid in traces and run_key(r) not in traces:
            traces[run_key(r)] = traces.pop(nodeid)
    embedded = _select_traces(rows, traces, trace_budget)
    scenarios, k = [], 0
    for sid in sorted(by_id):
        runs = sorted(
            by_id[sid], key=lambda r: (str(r.get("noise_id") or ""), r.get("run_number") or 0)
        )
        outs = [_outcome(r) for r in runs]
        compact_runs = []
        for r, out in zip(runs, outs, strict=True):
            key = run_key(r)
            why = r.get("rationale") or r.get("exception_message") or ""
            compact_runs.append(
                [
                    index[str(r.get("noise_id") or "clean")],
                    r.get("run_number"),
                    _OUTCOME_CODE[out],
                    r.get("run_duration"),
                    r.get("proposal_count"),
                    r.get("acceptance_count"),
                    _clip(why, MAX_RATIONALE) if why else "",
                    key,
                    1 if key in embedded else (2 if key in traces else 0),
                    r.get("exception_type"),
                    1 if r.get("cached") else 0,
                ]
            )
            k = max(k, int(r.get("run_number") or 0))
        first_fail = next((c[6] for c in compact_runs if str(c[2]) in "FAIE" and c[6]), "")
        scenarios.append(
            {
                "id": sid,
                "apps": list(runs[0].get("apps") or []),
                "tags": list(runs[0].get("tags") or []),
                "runs": len(runs),
                "passed": outs.count("passed"),
                "failed": outs.count("failed"),
                "errors": sum(outs.count(kind) for kind in ERRORS),
                "agent_errors": outs.count("agent_error"),
                "infra_errors": outs.count("infra_error"),
                "reason": first_fail,
                "r": compact_runs,
            }
        )
    return {
        "noise": noise,
        "k": k,
        "scenarios": scenarios,
        "traces": embedded,
        "traces_left_out": len(traces) - len(embedded),
    }


def _json_for_script(data: Any) -> Markup:
    # Inside <script>, "</script" ends the element and "<!--" changes the parser's
    # state; "<" only occurs inside JSON strings, where \u003c means the same. With
    # every "<" gone the text cannot leave the element, so it is marked safe: HTML
    # escaping would corrupt it, as the script reads it raw.
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c"))


# --- render -----------------------------------------------------------------------------


def render_html(
    results: Mapping[str, Any],
    traces: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    trace_budget: int = DEFAULT_TRACE_BUDGET,
) -> str:
    """Render a results document (``results.json`` as a dict) into one HTML page.

    Args:
        results: needs ``rows``; uses ``summary`` (computed from the rows when
            absent), ``session`` and ``gate`` when present.
        traces: ``{run_key(row): trace dict}`` (see :func:`load_traces`), or None.
            Keys may also be the rows' ``nodeid``.
        trace_budget: at most this many bytes of embedded trace data; failed
            and errored runs' traces come first, the others beyond the budget
            are left to the trace files (the page says how many).

    Returns:
        The whole page; it references nothing outside itself.

    Raises:
        ValueError: ``results`` has no ``rows`` list.
    """
    rows = results.get("rows")
    if not isinstance(rows, list):
        raise ValueError(
            "render_html needs a results document with a 'rows' list (the results.json form)"
        )
    summary = results.get("summary") or summarize(frame_from_rows(rows))
    session = results.get("session") or results.get("environment") or {}
    data = page_data(rows, traces, trace_budget=trace_budget)
    return _page.page(
        title="pytest-pare report",
        session=session,
        summary=summary,
        gate=results.get("gate"),
        data_json=_json_for_script(data),
        traces=len(data["traces"]),
        traces_left_out=data["traces_left_out"],
        completion=results.get("completion"),
    )


def write_html(
    path: str | os.PathLike[str],
    results: Mapping[str, Any],
    traces: Mapping[str, Mapping[str, Any]] | None = None,
) -> Path:
    """Render and write the report atomically; returns the path."""
    target = Path(path)
    atomic_write_text(target, render_html(results, traces))
    return target


__all__ = [
    "compact_trace",
    "event_kind",
    "load_traces",
    "page_data",
    "render_html",
    "run_key",
    "write_html",
]
