"""--pare-shard: every item in exactly one shard, a scenario's runs together, balanced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_pare._session.shard import ShardDurationsError, read_durations, select_shard


def _items(spec: dict[str, int]) -> list[tuple[str, str | None]]:
    """(node id, scenario id) items: ``{"a": 3}`` -> a[run-1..3]; ``test_x.py`` -> 2 tests."""
    out: list[tuple[str, str | None]] = []
    for name, runs in spec.items():
        if name.endswith(".py"):
            out += [(f"{name}::test_{i}", None) for i in range(runs)]
        else:
            out += [(f"scenarios/{name}.py::{name}[run-{r}]", name) for r in range(1, runs + 1)]
    return out


def _split(items, count, durations=None):
    return [
        select_shard(
            items,
            index,
            count,
            nodeid=lambda i: i[0],
            scenario_id=lambda i: i[1],
            durations=durations,
        )[0]
        for index in range(1, count + 1)
    ]


SPEC = {"a": 3, "b": 3, "c": 3, "d": 3, "e": 3, "f": 3, "g": 3, "test_plain.py": 4}


@pytest.mark.parametrize("count", [1, 2, 3, 5, 12])
def test_every_item_lies_in_exactly_one_shard_in_its_order(count) -> None:
    items = _items(SPEC)
    shards = _split(items, count)
    flat = [i for shard in shards for i in shard]
    assert sorted(flat) == sorted(items)
    for shard in shards:
        assert shard == [i for i in items if i in shard]  # the session's order is kept


def test_all_runs_of_a_scenario_and_all_tests_of_a_file_stay_together() -> None:
    items = _items(SPEC)
    shards = _split(items, 3)
    for group in [*(s for s in SPEC if not s.endswith(".py")), "test_plain.py"]:
        members = [i for i in items if i[1] == group or i[0].startswith(group + "::")]
        holding = [n for n, shard in enumerate(shards) if any(m in shard for m in members)]
        assert len(holding) == 1, group
        assert all(m in shards[holding[0]] for m in members)


def test_by_count_the_shards_differ_by_at_most_one_group() -> None:
    sizes = sorted(len(s) for s in _split(_items(SPEC), 3))
    assert sizes[-1] - sizes[0] <= 4  # the largest group (the test file) has 4 items


def test_the_same_selection_gives_the_same_split_in_any_order() -> None:
    items = _items(SPEC)
    assert _split(items, 3) == [
        [i for i in items if i in shard] for shard in _split(list(reversed(items)), 3)
    ]


def test_recorded_durations_balance_time_not_count() -> None:
    items = _items({"slow": 2, "a": 2, "b": 2, "c": 2})
    durations = {nid: (10.0 if sid == "slow" else 1.0) for nid, sid in items}
    shards = _split(items, 2, durations)
    slow = next(s for s in shards if any(sid == "slow" for _, sid in s))
    assert {sid for _, sid in slow} == {"slow"}  # 20 s alone; the other shard holds 6 s
    # A run the file does not know weighs its scenario's mean, so "slow" stays heavy.
    del durations["scenarios/slow.py::slow[run-2]"]
    assert _split(items, 2, durations) == shards


def test_durations_are_read_from_a_results_file_and_a_bad_one_is_named(tmp_path: Path) -> None:
    good = tmp_path / "results.json"
    rows = [
        {"scenario_id": "a", "run_number": 1, "success": True, "nodeid": "x::a", "duration": 2.5},
        {
            "scenario_id": "b",
            "run_number": 1,
            "success": True,
            "nodeid": "x::b",
            "run_duration": 1.0,
        },
    ]
    good.write_text(json.dumps({"rows": rows}))
    assert read_durations(good) == {"x::a": 2.5, "x::b": 1.0}
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    with pytest.raises(ShardDurationsError, match=r"--pare-shard-durations: .*bad.json: not valid"):
        read_durations(bad)
