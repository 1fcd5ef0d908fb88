"""The CI gate through whole pytest sessions: thresholds, baselines, exit statuses, verdicts."""

from __future__ import annotations

import json

import pytest


def test_a_success_rate_below_the_threshold_fails_the_session(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_broken", "fail")
    result = pare_project.run("--pare-min-success-rate=0.9")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["PARE gate FAILED (exit 1)", "success rate 50.0% < minimum 90.0% (1/2 runs)"]
    )
    assert pare_project.results()["gate"]["passed"] is False


def test_a_passing_gate_passes_the_job_while_the_failed_run_still_shows_as_failed(
    pare_project,
) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_broken", "fail")
    result = pare_project.run("--pare-min-success-rate=0.5")
    assert result.ret == 0
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["PARE gate PASSED", "success rate 50.0% >= minimum 50.0%*"])


def test_the_lower_bound_gate_fails_where_the_rate_passes(pare_project) -> None:
    for name in ("alpha_ok", "beta_ok", "gamma_ok"):
        pare_project.add(name)
    assert pare_project.run("--pare-min-success-rate=0.5").ret == 0
    result = pare_project.run("--pare-min-success-rate=0.5", "--pare-gate-on=lower-bound")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["PARE gate FAILED (exit 1)", "Wilson 95% lower bound of the success rate 43.9% < *"]
    )


def test_a_baseline_catches_a_regression_but_not_a_single_flip(pare_project) -> None:
    pare_project.add("alpha_steady")
    pare_project.add("beta_breaks")
    pare_project.add("gamma_flaky")
    pare_project.add("delta_dropped")
    saved = pare_project.run("--pare-runs=3", "--pare-save-baseline=ci/baseline.json")
    assert saved.ret == 0
    baseline = json.loads((pare_project.pytester.path / "ci" / "baseline.json").read_text())
    assert baseline["format"] == "pytest-pare-baseline" and len(baseline["rows"]) == 12

    pare_project.add("beta_breaks", "fail")  # 3/3 -> 0/3: beyond chance
    pare_project.add("gamma_flaky", "odd-runs-pass")  # 3/3 -> 2/3: one flip
    (pare_project.pytester.path / "scenarios" / "delta_dropped.py").unlink()
    pare_project.add("epsilon_new")
    result = pare_project.run("--pare-runs=3", "--pare-baseline=ci/baseline.json")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "  regressed: beta_breaks 3/3 -> 0/3 (p=0.05)",
            "  new (not in baseline): epsilon_new",
            "  missing (in baseline, not run): delta_dropped",
            "PARE gate FAILED (exit 1)",
            "1 regression(s) vs ci/baseline.json*: beta_breaks 3/3 -> 0/3",
        ]
    )
    assert "gamma_flaky 3/3" not in result.stdout.str()
    gate = pare_project.results()["gate"]
    assert [r["scenario_id"] for r in gate["regressions"]] == ["beta_breaks"]


def test_a_same_quality_rerun_against_its_baseline_passes(pare_project) -> None:
    pare_project.add("alpha_flaky", "odd-runs-pass")
    pare_project.add("beta_ok")
    assert pare_project.run("--pare-runs=3", "--pare-save-baseline=base.json").ret == 1
    result = pare_project.run("--pare-runs=3", "--pare-baseline=base.json")
    result.stdout.fnmatch_lines(["PARE gate PASSED", "0 regression(s) vs base.json*"])
    assert pare_project.results()["gate"]["passed"] is True


def test_a_results_json_serves_as_a_baseline(pare_project) -> None:
    pare_project.add("alpha_ok")
    assert pare_project.run("--pare-results-dir=old").ret == 0
    result = pare_project.run("--pare-baseline=old/results.json")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["PARE gate PASSED"])


def test_the_oracle_passes_a_strict_threshold(real_project: pytest.Pytester) -> None:
    result = real_project.runpytest_inprocess(
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "--pare-oracle",
        "--pare-min-success-rate=0.9",
    )
    assert result.ret == 0
    result.stdout.fnmatch_lines(["PARE gate PASSED", "success rate 100.0% >= minimum 90.0%*"])


def test_the_idle_assistant_fails_a_modest_threshold(real_project: pytest.Pytester) -> None:
    result = real_project.runpytest_inprocess(
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "--pare-model=idle",
        "--pare-no-cache",
        "--pare-min-success-rate=0.5",
    )
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["PARE gate FAILED (exit 1)", "success rate 0.0% < minimum 50.0% (0/2 runs)"]
    )
    # The verdict ends the PARE summary.
    lines = result.stdout.lines
    verdict = lines.index("PARE gate FAILED (exit 1)")
    assert lines[verdict + 2].startswith("results: ")


@pytest.mark.slow
def test_the_gate_decides_the_same_under_xdist(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_broken", "fail")
    result = pare_project.run("-n", "2", "--pare-min-success-rate=0.9")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["PARE gate FAILED (exit 1)", "success rate 50.0% < minimum 90.0% (1/2 runs)"]
    )
