"""``--pare-shard=I/N``: a deterministic, balanced share of the selected items.

Items are grouped (all runs and noise levels of one scenario together, so a
per-scenario gate and adaptive runs see every run of it; other tests by file)
and the groups are dealt to the shards by longest-processing-time first: the
heaviest group goes to the lightest shard, ties broken by group key and shard
number. A group weighs its items' recorded durations when a results file is
given (``--pare-shard-durations``), else its item count. The assignment depends
only on the selected node ids and the durations file, so every shard job (and
every xdist worker inside one) computes the same partition, and every item lies
in exactly one shard.
"""

from __future__ import annotations

import heapq
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

#: the ``shard`` block of this process's selection (see :func:`shard_block`)
SHARD_KEY = pytest.StashKey[dict[str, Any]]()


class ShardDurationsError(ValueError):
    """A ``--pare-shard-durations`` file that cannot be used; names the file and the fix."""


def read_durations(path: Path) -> dict[str, float]:
    """Node id -> seconds, from the rows of a results.json (``duration``, else ``run_duration``)."""
    from pytest_pare.report.documents import ResultsFileError, load_results

    try:
        doc = load_results(path)
    except ResultsFileError as exc:
        raise ShardDurationsError(
            f"--pare-shard-durations: {exc}; give the results.json of an earlier session "
            "(or leave the option out to balance by item count)"
        ) from None
    out: dict[str, float] = {}
    for row in doc["rows"]:
        nodeid = row.get("nodeid")
        seconds = row.get("duration")
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            seconds = row.get("run_duration")
        if (
            isinstance(nodeid, str)
            and isinstance(seconds, int | float)
            and not isinstance(seconds, bool)
            and seconds >= 0
        ):
            out[nodeid] = float(seconds)
    return out


def item_weights(
    nodeids: Sequence[str],
    scenario_of: Mapping[str, str | None],
    durations: Mapping[str, float] | None,
) -> dict[str, float]:
    """The weight of each item: 1 without durations; else its recorded seconds.

    An item the file does not know (a new run, a new noise level) weighs the
    mean of its scenario's recorded runs, else the median of every recorded run.
    """
    if not durations:
        return dict.fromkeys(nodeids, 1.0)
    known = [durations[n] for n in sorted(durations)]
    fallback = statistics.median(known) if known else 1.0
    per_scenario: dict[str, list[float]] = {}
    for nodeid in sorted(durations):
        sid = _scenario_of_nodeid(nodeid)
        per_scenario.setdefault(sid, []).append(durations[nodeid])
    weights = {}
    for nodeid in nodeids:
        if nodeid in durations:
            weights[nodeid] = durations[nodeid]
            continue
        runs = per_scenario.get(scenario_of.get(nodeid) or "")
        weights[nodeid] = sum(runs) / len(runs) if runs else fallback
    return weights


def _scenario_of_nodeid(nodeid: str) -> str:
    name = nodeid.rsplit("::", 1)[-1]
    return name.split("[", 1)[0]


def assign(groups: Mapping[str, float], count: int) -> dict[str, int]:
    """Group key -> shard number (1-based): heaviest group first onto the lightest shard."""
    loads = [(0.0, shard) for shard in range(1, count + 1)]
    heapq.heapify(loads)
    out = {}
    for key in sorted(groups, key=lambda k: (-groups[k], k)):
        load, shard = heapq.heappop(loads)
        out[key] = shard
        heapq.heappush(loads, (load + groups[key], shard))
    return out


def select_shard(
    items: Sequence[T],
    index: int,
    count: int,
    *,
    nodeid: Callable[[T], str],
    scenario_id: Callable[[T], str | None],
    durations: Mapping[str, float] | None = None,
) -> tuple[list[T], list[T]]:
    """Split ``items`` into (this shard's, the others'), keeping their order.

    Args:
        items: the selected items.
        index: this shard's number, 1 to ``count``.
        count: the number of shards.
        nodeid: an item's node id.
        scenario_id: an item's scenario id, or None for a test that is not a scenario run.
        durations: recorded seconds by node id (``read_durations``), or None to count items.
    """
    ids = [nodeid(i) for i in items]
    scenario_of = {nid: scenario_id(i) for nid, i in zip(ids, items, strict=True)}
    weights = item_weights(ids, scenario_of, durations)
    groups: dict[str, float] = {}
    for nid in sorted(ids):  # a fixed order of addition: the same float sums in every process
        key = _group_of(nid, scenario_of[nid])
        groups[key] = groups.get(key, 0.0) + weights[nid]
    shard_of = assign(groups, count)
    keep: list[T] = []
    drop: list[T] = []
    for nid, item in zip(ids, items, strict=True):
        (keep if shard_of[_group_of(nid, scenario_of[nid])] == index else drop).append(item)
    return keep, drop


def _group_of(nodeid: str, scenario_id: str | None) -> str:
    if scenario_id is not None:
        return f"scenario {scenario_id}"
    return f"file {nodeid.split('::', 1)[0]}"


def shard_block(
    index: int, count: int, selected: Iterable[str], balanced_by: str
) -> dict[str, Any]:
    """The ``shard`` block of a shard's results.json: who it is and the whole selection."""
    return {
        "index": index,
        "count": count,
        "balanced_by": balanced_by,
        "selected": list(selected),
    }
