"""--pare-runs=auto: runs a gate's verdict no longer needs are skipped, the same ones every time."""

from __future__ import annotations

import pytest

PER_SCENARIO = ("--pare-runs=auto:5", "--pare-min-scenario-passes=2")
ROUNDS = ("--pare-runs=auto:6", "--pare-min-success-rate=0.5")


def _made(pare_project, folder: str = "pare-results") -> list[tuple[str, int, str]]:
    return [
        (r["scenario_id"], r["run_number"], r["status"])
        for r in pare_project.results(folder)["rows"]
    ]


def _per_scenario_project(pare_project) -> None:
    pare_project.add("alpha_ok")  # P P: two passes reach 2
    pare_project.add("beta_broken", "fail")  # F F F F: 0 + 1 run left cannot reach 2
    pare_project.add("gamma_flaky", "odd-runs-pass")  # P F P: the second pass at run 3


def test_each_scenario_stops_once_its_verdict_is_settled(pare_project) -> None:
    _per_scenario_project(pare_project)
    result = pare_project.run(*PER_SCENARIO, "-rs")
    result.assert_outcomes(passed=4, failed=5, skipped=6)
    assert result.ret == 1  # beta_broken cannot pass 2 of 5
    assert _made(pare_project) == [
        ("alpha_ok", 1, "passed"),
        ("alpha_ok", 2, "passed"),
        ("beta_broken", 1, "failed"),
        ("beta_broken", 2, "failed"),
        ("beta_broken", 3, "failed"),
        ("beta_broken", 4, "failed"),
        ("gamma_flaky", 1, "passed"),
        ("gamma_flaky", 2, "failed"),
        ("gamma_flaky", 3, "passed"),
    ]
    result.stdout.fnmatch_lines(
        [
            "adaptive runs (auto:5): 9 run(s) made, runs saved: 6",
            "PARE gate FAILED (exit 1)",
            "SKIPPED [[]3[]] scenarios/alpha_ok.py:*: adaptive runs: alpha_ok is settled after "
            "2 run(s): 2 pass(es) already reach 2",
        ]
    )
    adaptive = pare_project.results()["adaptive"]
    assert (adaptive["runs_made"], adaptive["runs_saved"], adaptive["stops"]) == (
        9,
        6,
        "per scenario",
    )


def test_the_adaptive_verdict_is_the_fixed_runs_verdict(pare_project) -> None:
    _per_scenario_project(pare_project)
    adaptive = pare_project.run(*PER_SCENARIO, "--pare-results-dir=auto")
    fixed = pare_project.run(
        "--pare-runs=5", "--pare-min-scenario-passes=2", "--pare-results-dir=fixed"
    )
    assert adaptive.ret == fixed.ret == 1
    verdicts = [
        [(s["key"], s["ok"]) for s in pare_project.results(f)["gate"]["scenario_passes"]]
        for f in ("auto", "fixed")
    ]
    assert verdicts[0] == verdicts[1]


def test_the_same_seed_gives_the_same_runs_with_runs_in_flight(pare_project) -> None:
    _per_scenario_project(pare_project)
    pare_project.run(*PER_SCENARIO, "--pare-results-dir=one")
    pare_project.run(*PER_SCENARIO, "--pare-results-dir=again")
    pare_project.run(*PER_SCENARIO, "--pare-concurrency=4", "--pare-results-dir=pool")
    assert _made(pare_project, "one") == _made(pare_project, "again") == _made(pare_project, "pool")


def _rounds_project(pare_project) -> None:
    for sid in ("alpha_ok", "beta_ok", "delta_ok", "eps_ok"):
        pare_project.add(sid)
    pare_project.add("gamma_flaky", "odd-runs-pass")


def test_rounds_stop_the_session_once_the_rate_is_clear_of_the_threshold(pare_project) -> None:
    _rounds_project(pare_project)
    result = pare_project.run(*ROUNDS)
    # Round 1: 5/5, Wilson [56.6%, 100%]: clear of 50%; the other 25 runs are not needed.
    assert result.ret == 0
    result.assert_outcomes(passed=5, skipped=25)
    assert sorted(_made(pare_project)) == sorted(
        (sid, 1, "passed") for sid in ("alpha_ok", "beta_ok", "delta_ok", "eps_ok", "gamma_flaky")
    )
    adaptive = pare_project.results()["adaptive"]
    assert (adaptive["settled_round"], adaptive["runs_saved"]) == (1, 25)


def test_rounds_also_wait_for_every_per_scenario_verdict(pare_project) -> None:
    _rounds_project(pare_project)
    pare_project.run(*ROUNDS, "--pare-min-scenario-passes=2")
    made = _made(pare_project)
    # Every scenario keeps the same number of runs; gamma's second pass comes in round 3.
    assert {run for _, run, _ in made} == {1, 2, 3} and len(made) == 15


@pytest.mark.slow
@pytest.mark.parametrize("gate", [PER_SCENARIO, ROUNDS], ids=["per-scenario", "rounds"])
def test_two_workers_make_the_runs_one_process_makes(pare_project, gate) -> None:
    _per_scenario_project(pare_project)
    _rounds_project(pare_project)
    one = pare_project.run(*gate, "--pare-results-dir=one")
    two = pare_project.run(*gate, "--pare-results-dir=two", "-n", "2")
    assert one.ret == two.ret
    assert sorted(_made(pare_project, "one")) == sorted(_made(pare_project, "two"))
    saved = [pare_project.results(f)["adaptive"]["runs_saved"] for f in ("one", "two")]
    left_out = pare_project.results("two")["adaptive"]["runs_left_out"]
    assert saved[1] + left_out == saved[0]


def test_auto_runs_without_a_gate_are_a_usage_error(pare_project) -> None:
    pare_project.add("alpha_ok")
    result = pare_project.run("--pare-runs=auto")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*--pare-runs=auto stops a scenario's runs once a gate's*"])
