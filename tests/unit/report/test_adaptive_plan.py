"""The adaptive-runs plan: which runs a gate's verdict still needs, decided in a fixed order."""

from __future__ import annotations

import random

import polars as pl
import pytest

from pytest_pare.report.adaptive import AdaptivePlan, PlannedRun
from pytest_pare.report.gate import GateSettings, evaluate_gate

STATUS = {"P": "passed", "F": "failed", "E": "error"}


def _runs(keys: list[str], n: int) -> list[PlannedRun]:
    return [PlannedRun(f"{k}[run-{r}]", (k, "clean"), r) for k in keys for r in range(1, n + 1)]


def _play(plan: AdaptivePlan, outcomes: dict[str, str], order: list[PlannedRun]) -> dict[str, str]:
    """Run the plan as one process does: in order, deciding each run before making it."""
    made = {}
    for planned in order:
        decision = plan.decide(planned.nodeid)
        assert decision is not None, f"{planned.nodeid} undecidable in order"
        if decision == "run":
            letter = outcomes[planned.key[0]][planned.run - 1]
            plan.record(planned.nodeid, STATUS[letter])
            made[planned.nodeid] = letter
    return made


def test_a_scenario_stops_once_its_passes_reach_k_or_can_no_longer() -> None:
    runs = _runs(["a", "b", "c"], 5)
    plan = AdaptivePlan(runs, GateSettings(min_scenario_passes=2))
    made = _play(plan, {"a": "PPPPP", "b": "FFFFF", "c": "FPFPF"}, runs)
    assert [n for n in made if n.startswith("a")] == ["a[run-1]", "a[run-2]"]
    assert len([n for n in made if n.startswith("b")]) == 4  # 0 + 1 left cannot reach 2
    assert len([n for n in made if n.startswith("c")]) == 4  # the second pass comes at run 4
    assert plan.reason("a[run-3]") == (
        "adaptive runs: a is settled after 2 run(s): 2 pass(es) already reach 2"
    )
    assert plan.reason("b[run-5]").endswith("0 pass(es) + 1 run(s) left cannot reach 2")


def test_a_run_waits_for_the_runs_before_it() -> None:
    runs = _runs(["a"], 3)
    plan = AdaptivePlan(runs, GateSettings(min_scenario_passes=1))
    assert plan.decide("a[run-1]") == "run"
    assert plan.decide("a[run-2]") is None
    plan.record("a[run-1]", "failed")
    assert plan.decide("a[run-2]") == "run"
    plan.record("a[run-2]", "passed")
    assert plan.decide("a[run-3]") == "skip"


def test_rounds_stop_when_the_rate_is_clear_of_the_threshold() -> None:
    runs = _runs(["a", "b", "c"], 5)
    order = sorted(runs, key=lambda r: (r.run, r.key))
    plan = AdaptivePlan(runs, GateSettings(min_success_rate=0.5))
    made = _play(plan, {"a": "PPPPP", "b": "PPPPP", "c": "PPPPP"}, order)
    # 3/3 after round 1: Wilson [43.9%, 100%] is not clear of 50%; 6/6 after round 2 is.
    assert len(made) == 6 and plan.settled_round == 2
    assert plan.reason("a[run-3]").startswith("adaptive runs: the verdict is settled after round 2")


def test_a_round_waits_for_the_whole_previous_round() -> None:
    runs = _runs(["a", "b"], 3)
    plan = AdaptivePlan(runs, GateSettings(min_success_rate=0.5))
    assert plan.decide("a[run-1]") == plan.decide("b[run-1]") == "run"
    plan.record("a[run-1]", "passed")
    assert plan.decide("a[run-2]") is None
    plan.record("b[run-1]", "passed")
    assert plan.decide("a[run-2]") == "run"


def test_a_run_made_early_is_left_out_when_the_round_before_settles() -> None:
    # Under xdist a worker may start a run of round 3 before round 2 is complete.
    runs = _runs(["a", "b", "c"], 4)
    plan = AdaptivePlan(runs, GateSettings(min_success_rate=0.5))
    for r in runs:
        if r.run <= 2 or r.nodeid == "a[run-3]":
            plan.record(r.nodeid, "passed")
    assert plan.decide("a[run-3]") == "skip" and plan.settled_round == 2


def test_a_rate_far_below_the_threshold_stops_early_too() -> None:
    runs = _runs([f"s{i}" for i in range(10)], 8)
    order = sorted(runs, key=lambda r: (r.run, r.key))
    plan = AdaptivePlan(runs, GateSettings(min_success_rate=0.9))
    made = _play(plan, {f"s{i}": "FFFFFFFF" for i in range(10)}, order)
    assert len(made) == 10 and plan.settled_round == 1


def _frame(made: dict[str, str]) -> pl.DataFrame:
    rows = []
    for nodeid, letter in made.items():
        sid, run = nodeid.split("[run-")
        status = STATUS[letter]
        rows.append(
            {
                "scenario_id": sid,
                "run_number": int(run.rstrip("]")),
                "success": {"P": True, "F": False, "E": None}[letter],
                "status": status,
                "exception_type": "KeyError" if letter == "E" else None,
                "noise_id": "clean",
            }
        )
    return pl.DataFrame(rows, infer_schema_length=None)


def _all(outcomes: dict[str, str]) -> dict[str, str]:
    return {f"{k}[run-{i}]": o for k, letters in outcomes.items() for i, o in enumerate(letters, 1)}


@pytest.mark.parametrize("test", ["fisher", "mcnemar"])
@pytest.mark.parametrize("k", [None, 1, 3, 6])
def test_per_scenario_stops_give_the_verdicts_of_all_runs_exactly(test, k) -> None:
    rng = random.Random(f"adaptive-{test}-{k}")  # a fixed table of outcomes per case
    keys = [f"s{i}" for i in range(24)]
    n = 6
    for _ in range(5):
        p = {key: rng.choice([0.1, 0.5, 0.9, 1.0]) for key in keys}
        outcomes = {
            key: "".join(rng.choices("PFE", [p[key], 1 - p[key], 0.05], k=n)) for key in keys
        }
        base_letters = {key: "".join(rng.choices("PF", [0.8, 0.2], k=n)) for key in keys[:20]}
        baseline = None
        gate = GateSettings(min_scenario_passes=k, baseline_test=test)
        if k is None or test == "mcnemar":
            baseline = {
                (key, "clean"): {i: c == "P" for i, c in enumerate(letters, 1)}
                for key, letters in base_letters.items()
            }
        runs = _runs(keys, n)
        plan = AdaptivePlan(runs, gate, baseline)
        made = _play(plan, outcomes, runs)
        base_frame = None if baseline is None else _frame(_all(base_letters))
        adaptive = evaluate_gate(_frame(made), gate, base_frame)
        fixed = evaluate_gate(_frame(_all(outcomes)), gate, base_frame)
        assert adaptive.status == fixed.status
        assert [c.key for c in adaptive.regressions] == [c.key for c in fixed.regressions]
        assert [s.key for s in adaptive.below_passes] == [s.key for s in fixed.below_passes]
        assert len(made) < len(runs)
