"""``merge``: the results.json of several shards (or sessions) as one session's files and verdict.

The rows of every input are checked (each run exactly once; shards complete
and of one selection), put back in the order one session would have them, and
written by ``files.write_report_files`` — the writer a session uses — so the
merged results.json, parquet, report.txt and report.html, the statistics and
the gate's verdict are those of one session that ran every shard's items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_pare.report.documents import ResultsFileError, load_results

#: gate settings a merge may take from the shards or from its own options
GATE_FIELDS = (
    "min_success_rate",
    "gate_on",
    "min_scenario_passes",
    "infra_errors",
    "baseline",
)


class MergeError(ValueError):
    """Inputs that do not make one session; the message names the files and the fix."""


@dataclass
class Merged:
    """The merged session: its rows in session order and what the shards recorded."""

    rows: list[dict[str, Any]]
    environment: dict[str, Any]
    #: the gate settings the inputs recorded (agreeing), by ``GATE_FIELDS`` name
    gate: dict[str, Any]
    #: runs that never reported: recorded as lost by a shard, or in no shard's rows
    lost: int = 0
    other_failed: list[str] = field(default_factory=list)
    traces: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def load_inputs(paths: Sequence[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Read every input (a ``ResultsFileError`` names the first unusable one)."""
    if not paths:
        raise MergeError("give the results.json of every shard, e.g. shard-*/results.json")
    return [(path, load_results(path)) for path in paths]


def merge_documents(
    inputs: Sequence[tuple[Path, Mapping[str, Any]]], *, command: str | None = None
) -> Merged:
    """Check that ``inputs`` make one session and merge them.

    Shards (inputs with a ``shard`` block) must all be shards of one split:
    the same count, each index once, the same selection; their rows go back
    in the selection's order. Other inputs are concatenated in the order
    given. A run present twice is an error either way.

    Raises:
        MergeError: a missing or repeated shard, shards of different selections,
            shards mixed with plain sessions, a run in two inputs, or gate
            settings that disagree.
    """
    from pytest_pare.report.html import load_traces
    from pytest_pare.report.reporter import error_row

    blocks = [doc.get("shard") for _, doc in inputs]
    sharded = [b is not None for b in blocks]
    if any(sharded) and not all(sharded):
        plain = [str(p) for (p, _), s in zip(inputs, sharded, strict=True) if not s]
        raise MergeError(
            f"{', '.join(plain)}: not a shard (no --pare-shard), but the other inputs are; "
            "merge the shards of one split, or plain sessions, not both"
        )
    order: list[str] | None = None
    if all(sharded):
        order = _check_shards(inputs)
    seen: dict[str, Path] = {}
    by_key: dict[str, dict[str, Any]] = {}
    for path, doc in inputs:
        for row in doc["rows"]:
            key = _row_key(row)
            if key in seen:
                raise MergeError(
                    f"run {key} is in both {seen[key]} and {path}; give each shard's results "
                    "once (a file twice, or two shards that ran the same items?)"
                )
            seen[key] = path
            by_key[key] = dict(row)
    lost = sum(int((doc.get("gate") or {}).get("lost") or 0) for _, doc in inputs)
    unneeded = {  # runs --pare-runs=auto skipped or left out: not lost
        str(nodeid)
        for _, doc in inputs
        for name in ("saved", "left_out")
        for nodeid in ((doc.get("adaptive") or {}).get(name) or [])
    }
    absent = 0  # runs of the selection in no shard's rows
    if order is None:
        rows = list(by_key.values())
    else:
        rows = []
        for nodeid in order:
            if nodeid in unneeded:
                continue
            if nodeid in by_key:
                rows.append(by_key.pop(nodeid))
            else:
                row = error_row(nodeid, "NotRun", "no shard reported this run")
                rows.append(row)
                lost += 1
                absent += 1
        rows += [by_key[k] for k in sorted(by_key)]
    traces: dict[str, dict[str, Any]] = {}
    for path, doc in inputs:
        traces.update(load_traces(doc["rows"], path.parent))
    environment = dict(inputs[0][1].get("environment") or {})
    if command is not None:
        environment["command"] = command
    environment["merged"] = [
        {"path": str(p), "command": (d.get("environment") or {}).get("command")} for p, d in inputs
    ]
    other_failed = sorted(
        {
            str(nodeid)
            for _, doc in inputs
            for nodeid in ((doc.get("tests") or {}).get("other_failed") or [])
        }
    )
    extra: dict[str, Any] = {"tests": {"other_failed": other_failed}}
    extra["completion"] = merge_completion(inputs, rows, absent=absent)
    adaptive = [doc["adaptive"] for _, doc in inputs if isinstance(doc.get("adaptive"), Mapping)]
    if adaptive:
        # Each shard decided its own runs; a rounds stop was judged on its share.
        extra["adaptive"] = {
            "max_runs": max(int(a.get("max_runs") or 0) for a in adaptive),
            "stops": adaptive[0].get("stops"),
            "runs_made": len(rows),
            "runs_saved": sum(int(a.get("runs_saved") or 0) for a in adaptive),
            "runs_left_out": sum(int(a.get("runs_left_out") or 0) for a in adaptive),
            "settled_round": [a.get("settled_round") for a in adaptive],
            "saved": [n for a in adaptive for n in a.get("saved") or []],
            "left_out": [n for a in adaptive for n in a.get("left_out") or []],
        }
    return Merged(
        rows=rows,
        environment=environment,
        gate=_recorded_gate(inputs),
        lost=lost,
        other_failed=other_failed,
        traces=traces,
        extra=extra,
    )


def merge_completion(
    inputs: Sequence[tuple[Path, Mapping[str, Any]]],
    rows: Sequence[Mapping[str, Any]],
    *,
    absent: int,
) -> dict[str, Any]:
    """One ``completion`` block for the merged session, from the inputs' own blocks.

    The merge is complete only when every input was and no run is missing; it
    was interrupted when any input was; each input's reason is kept, named by
    its file, so the merged report still says which shard stopped and why.
    """
    blocks = [(path, doc.get("completion")) for path, doc in inputs]
    known = [(path, b) for path, b in blocks if isinstance(b, Mapping)]
    crashed = sum(int(b.get("crashed") or 0) for _, b in known)
    not_run = sum(int(b.get("not_run") or 0) for _, b in known)
    reasons = [f"{path}: {b['reason']}" for path, b in known if b.get("reason")]
    if absent:
        reasons.append(f"{absent} run(s) in no input's rows")
    return {
        "complete": all(b.get("complete", True) is not False for _, b in known) and not absent,
        "interrupted": any(bool(b.get("interrupted")) for _, b in known),
        "reason": "; ".join(reasons) or None,
        "selected": len(rows),
        "reported": len(rows) - crashed - not_run - absent,
        "crashed": crashed,
        "not_run": not_run + absent,
    }


def _row_key(row: Mapping[str, Any]) -> str:
    nodeid = row.get("nodeid")
    if isinstance(nodeid, str) and nodeid:
        return nodeid
    return f"{row.get('scenario_id')}[{row.get('noise_id') or 'clean'}-run-{row.get('run_number')}]"


def _check_shards(inputs: Sequence[tuple[Path, Mapping[str, Any]]]) -> list[str]:
    """The selection the shards split, once they are checked to be one complete split."""
    counts = {doc["shard"].get("count") for _, doc in inputs}
    if len(counts) != 1:
        raise MergeError(
            "the inputs are shards of different splits (--pare-shard I/N with N = "
            f"{', '.join(str(c) for c in sorted(counts, key=str))}); merge the shards of one split"
        )
    count = counts.pop()
    indices: dict[int, Path] = {}
    for path, doc in inputs:
        index = doc["shard"].get("index")
        if index in indices:
            raise MergeError(
                f"shard {index}/{count} is given twice ({indices[index]} and {path}); "
                "give each shard once"
            )
        indices[index] = path
    missing = [i for i in range(1, count + 1) if i not in indices]
    if missing:
        names = ", ".join(f"{i}/{count}" for i in missing)
        raise MergeError(
            f"shard(s) {names} missing: got {len(indices)} of {count}; give the results.json "
            "of every shard (a merge of part of a split would judge part of the benchmark)"
        )
    selections = {tuple(doc["shard"].get("selected") or ()) for _, doc in inputs}
    if len(selections) != 1:
        raise MergeError(
            "the shards split different selections of runs (run with different options, "
            "scenario files or -k?); run every shard of a split with the same command"
        )
    return list(selections.pop())


def _recorded_gate(inputs: Sequence[tuple[Path, Mapping[str, Any]]]) -> dict[str, Any]:
    """The gate settings the inputs recorded; a field they disagree on is left out (None)."""
    recorded = [((doc.get("gate") or {}).get("settings") or {}) for _, doc in inputs]
    out: dict[str, Any] = {}
    conflicts = []
    for name in GATE_FIELDS:
        values = {repr(r.get(name)) for r in recorded}
        if len(values) == 1:
            out[name] = recorded[0].get(name)
        else:
            conflicts.append(name)
            out[name] = None
    out["_conflicts"] = conflicts
    return out


def merge_settings(merged: Merged, overrides: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    """The ``Settings`` that ``write_report_files`` gets for the merge.

    Args:
        merged: the merged inputs.
        overrides: gate settings given on the merge's command line (None = not given).
        outputs: ``results_dir``, ``html``, ``md_summary``, ``save_baseline``.

    Raises:
        MergeError: a gate setting the inputs disagree on and the command line does not set.
    """
    import dataclasses

    from pytest_pare.options import Settings, environ

    gate = {}
    unresolved = []
    for name in GATE_FIELDS:
        given = overrides.get(name)
        if given is not None:
            gate[name] = given
        elif name in merged.gate["_conflicts"]:
            unresolved.append(name)
        else:
            gate[name] = merged.gate.get(name)
    if unresolved:
        flags = ", ".join("--" + n.replace("_", "-") for n in unresolved)
        raise MergeError(
            f"the inputs recorded different gate settings ({', '.join(unresolved)}); "
            f"give {flags} to merge"
        )
    if gate.get("baseline") is not None:
        gate["baseline"] = Path(gate["baseline"])
    gate = {k: v for k, v in gate.items() if v is not None}
    step_summary = environ.value("GITHUB_STEP_SUMMARY")
    return dataclasses.replace(
        Settings(),
        **gate,
        **{k: v for k, v in outputs.items() if v is not None},
        github_step_summary=Path(step_summary) if step_summary else None,
        github_actions=environ.value("GITHUB_ACTIONS").lower() == "true",
    )


def merge_command(argv: Sequence[str]) -> str:
    """How the merge was invoked, for the merged results' environment."""
    import shlex

    return shlex.join(["python", "-m", "pytest_pare.report", *argv])


__all__ = [
    "GATE_FIELDS",
    "Merged",
    "MergeError",
    "ResultsFileError",
    "load_inputs",
    "merge_command",
    "merge_completion",
    "merge_documents",
    "merge_settings",
]
