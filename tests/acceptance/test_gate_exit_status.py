"""With a gate set, its verdict is the session's exit status: 0 passed, 1 failed, 3 error."""

from __future__ import annotations

import pytest

ORDINARY_TESTS = """
def test_arithmetic_still_works():
    assert 1 + 1 == 2
"""
ORDINARY_FAILURE = """
def test_a_plain_unit_test_that_fails():
    assert 1 + 1 == 3
"""


def test_a_failing_gate_fails_the_job(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_broken", "fail")
    result = pare_project.run("--pare-min-success-rate=0.9")
    assert result.ret == 1
    assert pare_project.results()["gate"]["status"] == "failed"


def test_without_a_gate_a_failed_run_fails_the_job_as_before(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_broken", "fail")
    result = pare_project.run()
    assert result.ret == 1
    assert "PARE gate" not in result.stdout.str()
    assert pare_project.results()["gate"]["configured"] is False


def test_a_baseline_without_regressions_passes_the_job_although_runs_fail(pare_project) -> None:
    pare_project.add("alpha_flaky", "odd-runs-pass")
    pare_project.add("beta_ok")
    pare_project.run("--pare-runs=3", "--pare-save-baseline=base.json")
    result = pare_project.run("--pare-runs=3", "--pare-baseline=base.json")
    assert result.ret == 0
    result.assert_outcomes(passed=5, failed=1)


@pytest.mark.parametrize(
    ("policy", "exit_status", "head", "rate"),
    [
        # error: the evaluation could not be done; CI may retry the job.
        (None, 3, "PARE gate ERROR (exit 3)", "success rate 100.0%* over 1 runs*"),
        ("error", 3, "PARE gate ERROR (exit 3)", "success rate 100.0%* over 1 runs*"),
        # fail: the endpoint's failure is the agent's; 1/2 < 60%.
        ("fail", 1, "PARE gate FAILED (exit 1)", "success rate 50.0%* over 2 runs*"),
        # ignore: judged on the run that could be evaluated; 1/1 >= 60%.
        ("ignore", 0, "PARE gate PASSED", "success rate 100.0%* over 1 runs*"),
    ],
)
def test_infrastructure_errors_follow_the_chosen_policy(
    pare_project, policy, exit_status, head, rate
) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_endpoint_down", "infra")
    args = ["--pare-min-success-rate=0.6"] + ([f"--pare-infra-errors={policy}"] if policy else [])
    result = pare_project.run(*args)
    assert result.ret == exit_status
    result.stdout.fnmatch_lines([rate, head])
    gate = pare_project.results()["gate"]
    assert (gate["exit_code"], gate["infra_errors"]) == (exit_status, 1)


def test_the_error_verdict_says_why_and_what_the_gates_said_of_the_other_runs(
    pare_project,
) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_endpoint_down", "infra")
    result = pare_project.run("--pare-min-success-rate=0.6")
    result.stdout.fnmatch_lines(
        [
            "PARE gate ERROR (exit 3)",
            "1 run(s) failed for infrastructure reasons*rerun*'fail'*'ignore'*",
            "the other runs: success rate 100.0% >= minimum 60.0% (1/1 runs)",
        ]
    )


def test_an_agent_error_is_a_failure_of_the_agent_not_an_infrastructure_error(
    pare_project,
) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_no_valid_action", "agent")
    result = pare_project.run("--pare-min-success-rate=0.6")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["PARE gate FAILED (exit 1)", "success rate 50.0% < *"])


def test_a_passing_gate_leaves_ordinary_tests_their_meaning(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_broken", "fail")
    pare_project.pytester.makepyfile(test_plain=ORDINARY_TESTS)
    assert pare_project.run("--pare-min-success-rate=0.5").ret == 0

    pare_project.pytester.makepyfile(test_plain=ORDINARY_FAILURE)
    result = pare_project.run("--pare-min-success-rate=0.5")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["PARE gate PASSED"])


def test_a_failing_ordinary_test_outranks_an_error_verdict(pare_project) -> None:
    # A retry cannot mend a broken unit test: the job fails (1), not "retry" (3).
    pare_project.add("beta_endpoint_down", "infra")
    pare_project.pytester.makepyfile(test_plain=ORDINARY_FAILURE)
    result = pare_project.run("--pare-min-success-rate=0.5")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["PARE gate ERROR (exit 3)"])


def test_a_scenario_short_of_its_passes_fails_the_gate_and_is_named(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_flaky", "odd-runs-pass")  # runs 1 and 3 of 3 pass
    assert pare_project.run("--pare-runs=3", "--pare-min-scenario-passes=2").ret == 0
    result = pare_project.run("--pare-runs=3", "--pare-min-scenario-passes=3")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "  too few passes: beta_flaky 2/3 passed (needs 3)",
            "PARE gate FAILED (exit 1)",
            "1 of 2 scenario(s) passed fewer than 3 of their runs: beta_flaky 2/3 passed*",
        ]
    )
    passes = {s["scenario_id"]: s for s in pare_project.results()["gate"]["scenario_passes"]}
    assert (passes["alpha_ok"]["passes"], passes["alpha_ok"]["ok"]) == (3, True)
    assert (passes["beta_flaky"]["passes"], passes["beta_flaky"]["ok"]) == (2, False)


def test_more_required_passes_than_runs_is_a_usage_error(pare_project) -> None:
    pare_project.add("alpha_ok")
    result = pare_project.run("--pare-runs=2", "--pare-min-scenario-passes=3")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*--pare-min-scenario-passes=3: each scenario has at most 2*"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("outcome", "exit_status"), [("fail", 0), ("infra", 3)], ids=["gate-passes", "infra-error"]
)
def test_the_gate_decides_the_exit_status_under_xdist(pare_project, outcome, exit_status) -> None:
    for name in ("alpha_ok", "beta_ok", "gamma_ok"):
        pare_project.add(name)
    pare_project.add("delta_odd", outcome)
    result = pare_project.run("-n", "2", "--pare-min-success-rate=0.7")
    assert result.ret == exit_status


def test_a_collection_error_kept_going_still_fails_a_passing_gate(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.pytester.makepyfile(test_broken="import no_such_module_here\n")
    result = pare_project.run("--pare-min-success-rate=0.5", "--continue-on-collection-errors")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["PARE gate PASSED"])
