"""A scenario run's JSON-safe row, its failure and error texts, and how rows travel on reports.

No pytest here: a row is built from plain values, and it travels to the
controller as the test report's user property ``pare`` (xdist serialises user
properties), plus flat ``pare.<field>`` entries that JUnit XML shows.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from traceback import format_exception
from typing import TYPE_CHECKING, Any

from pytest_pare._util.jsonable import jsonable, short_repr
from pytest_pare.options.defaults import GENERATION_FIELDS
from pytest_pare.report.status import AGENT_ERROR, ERRORS, pytest_outcome, status_of

if TYPE_CHECKING:
    from pytest_pare.options.values import NoiseLevel
    from pytest_pare.scenarios.config import ScenarioRunnerConfig
    from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult

__all__ = [
    "AGENT_ERROR",
    "FATAL_KEY",
    "JUNIT_FIELDS",
    "PAYLOAD_KEY",
    "error_text",
    "failure_text",
    "fatal_reason_of",
    "fields_of",
    "payload_of",
    "pytest_outcome",
    "report_properties",
    "run_row",
]

#: key of a run's row in ``user_properties`` (and so on every test report)
PAYLOAD_KEY = "pare"
#: user property set on the report of a run that hit a fatal model error (the stop reason)
FATAL_KEY = "pare.fatal"
#: user property of a run ``--pare-runs=auto`` did not need (its value: why)
SAVED_KEY = "pare.saved"
#: scalar fields also written as their own JUnit properties, ``pare.<field>``
JUNIT_FIELDS = (
    "scenario_id",
    "run_number",
    "noise_id",
    "status",
    "success",
    "duration",
    "rationale",
    "exception_type",
    "export_path",
    "cached",
    "model_calls",
    "retries",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "reasoning_tokens",
    "total_tokens",
    "cost_usd",
    "latency_median",
    "latency_p90",
    "usage_replayed",
)


def report_properties(row: dict[str, Any]) -> list[tuple[str, Any]]:
    """The user properties that carry ``row`` on a test report: the row, then its JUnit fields.

    The row travels as JSON text: JUnit XML writes a property with ``str()``,
    and a CI tool reading the XML should get JSON, not a Python repr.
    """
    text = json.dumps(jsonable(row))
    return [(PAYLOAD_KEY, text)] + [
        (f"pare.{k}", row[k]) for k in JUNIT_FIELDS if row.get(k) is not None
    ]


def payload_of(properties: Iterable[tuple[str, Any]]) -> dict[str, Any] | None:
    """The PARE row among a report's user properties, if any."""
    for name, value in properties:
        if name != PAYLOAD_KEY:
            continue
        if isinstance(value, dict):  # set so by a hook, or by an older version
            return value
        if isinstance(value, str):
            try:
                row = json.loads(value)
            except ValueError:
                return None
            return row if isinstance(row, dict) else None
    return None


def saved_reason_of(properties: Iterable[tuple[str, Any]]) -> str | None:
    """Why ``--pare-runs=auto`` skipped the report's run, if it did."""
    for name, value in properties:
        if name == SAVED_KEY and isinstance(value, str):
            return value
    return None


def fatal_reason_of(properties: Iterable[tuple[str, Any]]) -> str | None:
    """Why the session must stop, when the report's run hit a fatal model error."""
    for name, value in properties:
        if name == FATAL_KEY and isinstance(value, str):
            return value
    return None


@dataclass(frozen=True)
class ScenarioSource:
    """Where a scenario class is defined: for CI annotations and the benchmark identity."""

    file: str | None = None  # relative to the rootdir when under it, posix separators
    line: int | None = None  # 1-based line of the class statement
    digest: str | None = None  # sha256 of the defining file


_SOURCES: dict[tuple[type, Path], ScenarioSource] = {}
_SOURCES_LOCK = threading.Lock()


def scenario_source(cls: type, rootdir: Path) -> ScenarioSource:
    """Where ``cls`` is defined (memoised: every run of a scenario asks again)."""
    key = (cls, rootdir)
    with _SOURCES_LOCK:
        found = _SOURCES.get(key)
    if found is not None:
        return found
    found = _find_source(cls, rootdir)
    with _SOURCES_LOCK:
        _SOURCES[key] = found
    return found


def _find_source(cls: type, rootdir: Path) -> ScenarioSource:
    import inspect

    from pytest_pare._session.cache import scenario_source_hash

    try:
        path = inspect.getsourcefile(cls)
    except TypeError:  # a class without a module file (built at run time)
        return ScenarioSource()
    if path is None:
        return ScenarioSource()
    line = _class_line(cls)
    file = Path(path).resolve()
    root = rootdir.resolve()
    shown = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
    return ScenarioSource(file=shown, line=line, digest=scenario_source_hash(cls))


def _class_line(cls: type) -> int | None:
    """The 1-based line of ``cls``'s first decorator, else of its ``class`` statement.

    As ``inspect.getsourcelines`` tells it, without its cost (it parses the whole
    file and tokenizes the class's block, about 3 ms a scenario, a quarter of an
    oracle run): the class body's code object, in its module's compiled code
    (read from the bytecode cache), starts at that line.
    """
    import inspect
    import sys

    module = sys.modules.get(cls.__module__)
    spec = getattr(module, "__spec__", None)
    get_code = getattr(getattr(spec, "loader", None), "get_code", None)
    if spec is not None and get_code is not None:
        try:
            code = get_code(spec.name)
        except (ImportError, OSError, SyntaxError, ValueError):
            code = None
        lines = [c.co_firstlineno for c in _class_bodies(code, cls.__qualname__)]
        if len(lines) == 1:
            return lines[0]
    try:
        return inspect.findsource(cls)[1] + 1
    except (OSError, TypeError):
        return None


def _class_bodies(code: Any, qualname: str) -> Iterable[Any]:
    """The code objects named ``qualname`` within ``code``, at any depth."""
    if code is None:
        return
    for const in code.co_consts:
        if isinstance(const, type(code)):
            if const.co_qualname == qualname:
                yield const
            yield from _class_bodies(const, qualname)


def run_row(
    result: PAREScenarioValidationResult,
    *,
    scenario_id: str,
    run_number: int,
    noise: NoiseLevel,
    apps: tuple[str, ...],
    tags: tuple[str, ...],
    cached: bool,
    nodeid: str,
    oracle: bool,
    run_config: ScenarioRunnerConfig | None,
    source: ScenarioSource | None = None,
) -> dict[str, Any]:
    """One run's JSON-safe row: the result's fields plus what the item knows about the run.

    Column names follow ``PARE_RESULT_SCHEMA`` where they overlap, so the rows,
    the polars frame and the upstream-style reports agree. ``source`` adds
    ``source_file``, ``source_line`` and ``source_hash``.
    """
    try:
        fields = jsonable(result.to_dict())
    except Exception:
        # A value the result's own to_dict cannot render (a repr that raises,
        # say) must not turn a finished run into an error: copy field by field.
        fields = fields_of(result)
    exc = getattr(result, "exception", None)
    if exc is not None and not fields.get("exception_type"):
        fields["exception_type"] = type(exc).__name__
        fields["exception_message"] = str(exc)
    if exc is not None and not fields.get("exception_category"):
        category = getattr(exc, "category", None)
        fields["exception_category"] = category if isinstance(category, str) else None
    if fields.get("usage") is None:
        fields.pop("usage", None)  # an oracle run called no model: no empty block in its row
    status = status_of(fields)
    proposals, accepted = fields.get("proposal_count") or 0, fields.get("acceptance_count") or 0
    turns = fields.get("number_of_turns") or 0
    row: dict[str, Any] = {
        **fields,
        "scenario_id": scenario_id,
        "run_number": run_number,
        "status": status,
        "has_exception": status in ERRORS,
        "run_duration": fields.get("duration"),
        # Proposals per turn, as upstream's column; undefined (null), not 0, for a run
        # without turns (oracle runs propose with no turns). The summary's share of
        # runs with a proposal is ``share_of_runs_with_proposal``.
        "proposal_rate": proposals / turns if turns else None,
        "acceptance_rate": accepted / proposals if proposals else 0.0,
        "tool_error_count": len(fields.get("tool_errors") or []),
        "noise_id": noise.label,
        "tool_failure_probability": noise.tool_failure_probability,
        "num_env_events_per_minute": noise.env_events_per_minute,
        "apps": list(apps),
        "tags": list(tags),
        "cached": cached,
        "nodeid": nodeid,
    }
    if isinstance(fields.get("usage"), dict):
        from pytest_pare.agents.usage import run_totals

        # The run's totals as columns of their own (per role they stay in ``usage``).
        row.update(run_totals(fields["usage"]))
    if source is not None:
        row["source_file"], row["source_line"] = source.file, source.line
        row["source_hash"] = source.digest
    row.update(agent_columns(run_config, oracle=oracle))
    return row


def agent_columns(run_config: ScenarioRunnerConfig | None, *, oracle: bool) -> dict[str, Any]:
    """The columns that say which agents made a run: its type, each role's model, provider
    and generation settings. A run that never reported gets them from the session's config,
    so it still counts under its group."""
    columns: dict[str, Any] = {
        "agent_type": "oracle" if oracle else getattr(run_config, "agent_type", None)
    }
    for role in ("user", "observe", "execute"):
        model = provider = None
        if not oracle and run_config is not None:
            model = getattr(run_config, f"{role}_model_alias", None) or getattr(
                run_config, f"{role}_model", None
            )
            provider = getattr(run_config, f"{role}_provider", None)
        columns[f"{role}_model"], columns[f"{role}_provider"] = jsonable(model), jsonable(provider)
        # Each role's generation settings: the same model with other settings is another
        # experiment (they are part of the config hash too).
        for name in GENERATION_FIELDS:
            value = None if oracle else getattr(run_config, f"{role}_{name}", None)
            columns[f"{role}_{name}"] = jsonable(value)
    return columns


def failure_text(
    result: PAREScenarioValidationResult, scenario_id: str, run_number: int, *, cached: bool
) -> str:
    """The failure text of a run that finished without passing (failed or no verdict)."""
    if result.success is None:
        head = f"{scenario_id} run {run_number}: the run ended without a verdict"
    else:
        head = f"{scenario_id} run {run_number} failed validation"
    rationale = str(result.rationale or "").strip()
    lines = [head + (f": {rationale}" if rationale else "")]
    if result.export_path:
        lines.append(f"trace: {result.export_path}")
    if cached:
        lines.append("(cached result)")
    return "\n".join(lines)


def error_text(
    row: dict[str, Any],
    exception: BaseException | None,
    scenario_id: str,
    run_number: int,
    *,
    traceback: bool,
) -> str:
    """The error text of a run that raised; with ``traceback`` (``--tb=long``) its traceback."""
    from pytest_pare.scenarios.result import STAGES

    kind = row.get("exception_type") or "Error"
    category = row.get("exception_category")
    if category in ("agent", "infra"):
        kind += f" ({category} error)"
    line = f"{kind}: {row.get('exception_message') or ''}".strip()
    head = f"{scenario_id} run {run_number} raised {line}"
    # pytest heads the error "at setup" (each run happens in its item's setup): say
    # which part of the run raised, so a broken validate() is not read as a setup error.
    where = STAGES.get(row.get("exception_stage") or "")
    stage = (
        f"\n(raised {where}; pytest reports every run error 'at setup', where the run happens)"
        if where
        else ""
    )
    # A run that raised may still have exported what ran until then: point at
    # it, as a failed run's text does.
    trace = f"\ntrace: {row['export_path']}" if row.get("export_path") else ""
    if not traceback:
        return head + "  (--tb=long shows the traceback)" + stage + trace
    tb = row.get("exception_traceback")
    if not tb and isinstance(exception, BaseException):
        tb = "".join(format_exception(exception))
    return f"{head}{stage}{trace}\n{tb or ''}".rstrip()


def fields_of(result: Any) -> dict[str, Any]:
    from dataclasses import fields as dataclass_fields

    out: dict[str, Any] = {}
    for f in dataclass_fields(result):
        if f.name != "exception":
            out[f.name] = jsonable(getattr(result, f.name, None))
    exc = getattr(result, "exception", None)
    if exc is not None:
        out["exception_type"] = type(exc).__name__
        out["exception_message"] = short_repr(exc)
        out["exception_traceback"] = "".join(format_exception(exc))
    return out
