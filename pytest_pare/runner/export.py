"""Trace files: one JSON document per (scenario, run), written for failed and raised runs too.

The "lite" trace is our own compact format (``TRACE_FORMAT_VERSION`` below):
the run's identity, verdict and metrics, every logged event (time, type,
app/function, arguments, return value or exception, turn and mode) in logging
order, every notification the run produced, and in agent mode what the
two-agent loop reported (turns, model calls per role, the transcript with every
model call: its prompt as ids into ``agent.messages``, the raw answer, the
action or why it was invalid, tokens and latency). "hf" adds ARE's own export
next to it (``<name>.hf.json``) when ARE can build one for the run; "both" is
an alias of that pair.
"""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any

from are.simulation.types import Action, CompletedEvent, ConditionCheckAction

from pytest_pare._util.jsonable import jsonable

logger = logging.getLogger(__name__)

__all__ = ["TRACE_FORMAT_VERSION", "lite_trace", "trace_file_stem", "write_traces"]

TRACE_FORMAT_VERSION = 1


def _event_record(event: CompletedEvent) -> dict[str, Any]:
    metadata = event.metadata
    record: dict[str, Any] = {
        "sequence": getattr(metadata, "sequence", None),
        "time": event.event_time,
        "event_type": event.event_type.value,
        "event_id": event.event_id,
        "app": None,
        "app_class": None,
        "function": None,
        "args": {},
        "return": None,
        "exception": None,
        "turn": getattr(metadata, "turn_number", None),
        "mode": getattr(metadata, "proactive_mode", None),
    }
    if isinstance(event.action, Action):
        record.update(
            app=event.app_name(),
            app_class=event.app_class_name(),
            function=event.function_name(),
            operation=getattr(event.action.operation_type, "value", None),
            args=jsonable({k: v for k, v in event.get_args().items() if k != "self"}),
        )
    elif isinstance(event.action, ConditionCheckAction):
        record["function"] = event.function_name()
    if metadata is not None:
        record["return"] = jsonable(metadata.return_value)
        record["exception"] = metadata.exception
    return record


def lite_trace(run: Any, result: Any) -> dict[str, Any]:
    """Our compact trace of a run (see the module docstring)."""
    env = run.env
    events = env.event_log.list_view() if env is not None else []
    notifications = []
    history = getattr(getattr(env, "notification_system", None), "history", [])
    for message in history:
        notifications.append(
            {
                "time": message.timestamp.timestamp(),
                "type": getattr(message.message_type, "value", str(message.message_type)),
                "message": message.message,
            }
        )
    exception = result.exception
    return {
        "format": "pytest-pare-lite",
        "version": TRACE_FORMAT_VERSION,
        "scenario_id": run.scenario_id,
        "run_number": run.run_number,
        "run_seed": run.run_seed,
        "oracle": bool(run.config.oracle),
        "start_time": getattr(run.scenario, "start_time", None),
        "end_time": env.time_manager.time() if env is not None else None,
        "result": {
            "success": result.success,
            "rationale": result.rationale,
            "exception_type": type(exception).__name__ if exception is not None else None,
            "exception_message": str(exception) if exception is not None else None,
            "proposal_count": result.proposal_count,
            "acceptance_count": result.acceptance_count,
            "read_only_actions": result.read_only_actions,
            "write_actions": result.write_actions,
            "number_of_turns": result.number_of_turns,
            "tool_errors": jsonable(result.tool_errors),
        },
        "agent": jsonable(getattr(run, "agent_outcome", None)),
        "events": [_event_record(event) for event in events],
        "notifications": notifications,
    }


def trace_file_stem(
    scenario_id: str,
    run_number: int,
    *,
    tool_failure_probability: float = 0.0,
    env_events_per_minute: float = 0.0,
) -> str:
    """The file name (without extension) of a run's trace: safe on every file system.

    A noisy run carries its noise level in the name (``<id>.tfp0.1-epm5.run1``),
    so the runs of one scenario at several noise levels (``--pare-noise-matrix``)
    never overwrite each other's traces.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", scenario_id) or "scenario"
    noise = []
    if tool_failure_probability:
        noise.append(f"tfp{tool_failure_probability:g}")
    if env_events_per_minute:
        noise.append(f"epm{env_events_per_minute:g}")
    level = f".{'-'.join(noise)}" if noise else ""
    return f"{safe}{level}.run{run_number}"


def _hf_trace(run: Any, result: Any) -> str:
    from are.simulation.data_handler.exporter import JsonScenarioExporter

    decision = None if result.success is None else ("Valid" if result.success else "Invalid")
    exception = result.exception if isinstance(result.exception, Exception) else None
    return JsonScenarioExporter().export_to_json(
        run.env,
        run.scenario,
        run.scenario_id,
        validation_decision=decision,
        scenario_exception=exception,
    )


def write_traces(run: Any, result: Any, output_dir: str, export_format: str) -> str:
    """Write the run's trace file(s) into ``output_dir``; return the main file's path.

    Args:
        run: the prepared run (scenario, env, ids).
        result: its validation result (metrics already filled).
        output_dir: folder for the files (created when missing).
        export_format: "lite", "hf" or "both".

    Returns:
        The path of the lite trace, or of ARE's trace for "hf" when ARE could build it.
    """
    if export_format not in ("lite", "hf", "both"):
        raise ValueError(f"export format must be 'lite', 'hf' or 'both', got {export_format!r}")
    os.makedirs(output_dir, exist_ok=True)
    stem = os.path.join(
        output_dir,
        trace_file_stem(
            run.scenario_id,
            run.run_number,
            tool_failure_probability=getattr(run.config, "tool_failure_probability", 0.0),
            env_events_per_minute=getattr(run.config, "env_events_per_minute", 0.0),
        ),
    )
    document = lite_trace(run, result)
    hf_path = None
    if export_format in ("hf", "both") and run.env is not None:
        try:
            hf_text = _hf_trace(run, result)
        except Exception as exc:  # ARE's exporter cannot serialise every app state
            document["hf_export_error"] = f"{type(exc).__name__}: {exc}"
        else:
            hf_path = f"{stem}.hf.json"
            with open(hf_path, "w", encoding="utf-8") as handle:
                handle.write(hf_text)
    lite_path = f"{stem}.json"
    with open(lite_path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=False)
    return hf_path if export_format == "hf" and hf_path is not None else lite_path
