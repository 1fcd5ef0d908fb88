"""The plugin's own hooks, the noise axis (matrix, marker, fixture) and --pare-concurrency."""

from __future__ import annotations

import pytest


def test_a_conftest_can_modify_the_runner_config_and_observe_results(pare_project) -> None:
    pare_project.add("alpha_echo", "echo-config")
    pare_project.pytester.makeconftest(
        (pare_project.pytester.path / "conftest.py").read_text()
        + """

SEEN = []

def pytest_pare_modify_runner_config(item, config):
    return config.model_copy(update={"seed": 99})

def pytest_pare_result(item, result):
    item.user_properties.append(("seen_seed", result.rationale))

def pytest_pare_session_results(config, rows, summary):
    print("session rows:", len(rows), "passed:", summary["passed"])
"""
    )
    result = pare_project.run("-s")
    result.stdout.fnmatch_lines(["*session rows: 1 passed: 1*"])
    assert '"seed": 99' in pare_project.results()["rows"][0]["rationale"]


def test_the_noise_matrix_parametrises_every_scenario_and_groups_the_report(pare_project) -> None:
    pare_project.add("alpha_fragile", "clean-only")
    pare_project.add("beta_sturdy")
    result = pare_project.run("-v", "--pare-noise-matrix=tfp=0,0.1;epm=0,5")
    result.stdout.fnmatch_lines(
        [
            "*alpha_fragile[[]tfp0-epm0[]] PASSED*",
            "*alpha_fragile[[]tfp0-epm5[]] FAILED*",
            "*alpha_fragile[[]tfp0.1-epm0[]] FAILED*",
            "*alpha_fragile[[]tfp0.1-epm5[]] FAILED*",
            "*beta_sturdy[[]tfp0-epm0[]] PASSED*",
            "*by noise: clean*tfp0-epm5*tfp0.1-epm0*tfp0.1-epm5*",
        ]
    )
    rows = pare_project.results()["rows"]
    assert [(r["scenario_id"], r["noise_id"]) for r in rows][:4] == [
        ("alpha_fragile", "clean"),
        ("alpha_fragile", "tfp0-epm5"),
        ("alpha_fragile", "tfp0.1-epm0"),
        ("alpha_fragile", "tfp0.1-epm5"),
    ]
    assert rows[3]["tool_failure_probability"] == 0.1 and rows[3]["num_env_events_per_minute"] == 5
    robustness = pare_project.results()["summary"]["robustness"]
    assert robustness[0] == {
        "scenario_id": "alpha_fragile",
        "clean": 1.0,
        "delta": 1.0,
        "noisy": {"tfp0-epm5": 0.0, "tfp0.1-epm0": 0.0, "tfp0.1-epm5": 0.0},
    }


def test_k_selects_a_noise_level(pare_project) -> None:
    pare_project.add("alpha_fragile", "clean-only")
    result = pare_project.run(
        "--collect-only", "-q", "--pare-noise-matrix=tfp=0,0.1", "--pare-runs=2", "-k", "tfp0.1"
    )
    collected = [line.rsplit("::", 1)[1] for line in result.outlines if "::" in line]
    assert collected == ["alpha_fragile[tfp0.1-epm0-run-1]", "alpha_fragile[tfp0.1-epm0-run-2]"]


def test_a_pare_noise_marker_overrides_the_session_noise_and_the_fixture_sees_it(
    pare_project,
) -> None:
    pare_project.add(
        "alpha_fragile",
        "clean-only",
        extra="import pytest\npytestmark = pytest.mark.pare_noise(env_events_per_minute=3)",
    )
    pare_project.add("beta_echo", "echo-config")
    pare_project.pytester.makeconftest(
        (pare_project.pytester.path / "conftest.py").read_text()
        + """

@pytest.fixture(autouse=True)
def show_noise(request, pare_noise):
    print(f"NOISE {request.node.name} {pare_noise.id}")
"""
    )
    result = pare_project.run("-s", "--strict-markers", "--pare-tool-failure-probability=0.2")
    result.stdout.fnmatch_lines(
        ["*NOISE alpha_fragile tfp0.2-epm3*", "*NOISE beta_echo tfp0.2-epm0*"]
    )
    rows = {r["scenario_id"]: r for r in pare_project.results()["rows"]}
    assert rows["alpha_fragile"]["noise_id"] == "tfp0.2-epm3"
    assert '"tool_failure_probability": 0.2' in rows["beta_echo"]["rationale"]


@pytest.mark.parametrize(
    "dist",
    [
        pytest.param([], id="no-xdist"),
        pytest.param(["-n", "2"], id="xdist", marks=pytest.mark.slow),
    ],
)
def test_concurrency_keeps_the_report_identical(pare_project, dist) -> None:
    for i, outcome in enumerate(["pass", "fail", "error", "odd-runs-pass", "pass", "fail"]):
        pare_project.add(f"s{i}_case", outcome)
    seq = pare_project.run("--pare-runs=2", "--pare-results-dir=seq", *dist)
    par = pare_project.run("--pare-runs=2", "--pare-results-dir=par", "--pare-concurrency=4", *dist)
    assert seq.parseoutcomes() == par.parseoutcomes()
    assert seq.ret == par.ret

    def rows(folder: str) -> list[tuple]:
        return [
            (r["nodeid"], r["status"], r.get("rationale"))
            for r in pare_project.results(folder)["rows"]
        ]

    assert rows("seq") == rows("par")


def test_concurrency_puts_several_runs_in_flight_at_once(pare_project) -> None:
    # Each run waits until another run reaches the same point: this passes only
    # if two runs are in flight together.
    pare_project.add("alpha_meet", "meet")
    pare_project.add("beta_meet", "meet")
    result = pare_project.run("--pare-concurrency=2")
    result.assert_outcomes(passed=2)
