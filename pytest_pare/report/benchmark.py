"""The benchmark identity: which scenarios, in which versions, a results file was made on.

A results file (and a baseline file) carries ``benchmark``: a digest of the
collected scenarios' sources (each run's row has its scenario's
``source_hash``) and the pytest-pare version. It is computed from the rows, so
shards merged give the id of the whole session. The baseline gate compares it
with its baseline's and warns, naming what differs, when they disagree: a
change against such a baseline may come from the benchmark, not the agent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any


def scenario_sources(rows: Iterable[Mapping[str, Any]]) -> dict[str, str | None]:
    """Scenario id -> the sha256 of its source file (None when no run recorded one)."""
    out: dict[str, str | None] = {}
    for row in rows:
        sid = row.get("scenario_id")
        if not isinstance(sid, str):
            continue
        digest = row.get("source_hash")
        if out.get(sid) is None:
            out[sid] = digest if isinstance(digest, str) else None
    return out


def benchmark_block(rows: Iterable[Mapping[str, Any]], version: str | None) -> dict[str, Any]:
    """``{"id", "pytest_pare", "scenarios", "sources"}`` for the results file.

    ``id`` is ``<version>+<16 hex digits>``: the digest covers every scenario
    id with its source digest, sorted, so the order runs were made in (or the
    shards they came from) does not change it.
    """
    sources = scenario_sources(rows)
    text = json.dumps([version, sorted(sources.items(), key=lambda kv: kv[0])])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return {
        "id": f"{version or 'unknown'}+{digest}",
        "pytest_pare": version,
        "scenarios": len(sources),
        "sources": dict(sorted(sources.items())),
    }


def benchmark_of(document: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The ``benchmark`` block of a results or baseline document, if it has one."""
    block = document.get("benchmark")
    return block if isinstance(block, Mapping) and isinstance(block.get("id"), str) else None


def benchmark_warning(
    current: Mapping[str, Any], baseline: Mapping[str, Any] | None, source: str
) -> str | None:
    """Why the baseline was made on another benchmark than ``current``, or None when the same.

    A baseline written before benchmark ids existed (None) gives no warning.
    """
    if baseline is None or baseline.get("id") == current.get("id"):
        return None
    why = []
    if baseline.get("pytest_pare") != current.get("pytest_pare"):
        why.append(f"pytest-pare {baseline.get('pytest_pare')} -> {current.get('pytest_pare')}")
    before = baseline.get("sources") or {}
    now = current.get("sources") or {}
    edited = sorted(s for s in now.keys() & before.keys() if now[s] != before[s])
    if edited:
        shown = ", ".join(edited[:5]) + (f" and {len(edited) - 5} more" if len(edited) > 5 else "")
        why.append(f"{len(edited)} scenario source(s) changed: {shown}")
    only_now, only_before = len(now.keys() - before.keys()), len(before.keys() - now.keys())
    if only_now or only_before:
        why.append(f"{only_now} scenario(s) only here, {only_before} only in the baseline")
    return (
        f"{source} was made on another benchmark ({baseline.get('id')}, now {current.get('id')}"
        + (f": {'; '.join(why)}" if why else "")
        + "); a change against it may come from the benchmark, not the agent"
    )
