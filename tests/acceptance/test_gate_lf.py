"""pytest's own --lf reruns only the scenario runs that failed last time."""

from __future__ import annotations


def test_last_failed_reruns_only_the_failed_runs(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_flaky", "odd-runs-pass")
    args = ("-p", "no:xdist", "--pare-oracle", "--pare-no-cache", "--pare-runs=3", "-v")
    first = pare_project.pytester.runpytest_inprocess(*args)
    first.assert_outcomes(passed=5, failed=1)
    again = pare_project.pytester.runpytest_inprocess(*args, "--lf")
    # --lf skips the files with no failure and keeps only the failed run of the rest.
    again.assert_outcomes(failed=1)
    again.stdout.fnmatch_lines(["*beta_flaky[[]run-2[]] FAILED*", "PARE: 1 scenarios, 1 runs:*"])
    rows = pare_project.results()["rows"]
    assert [(r["scenario_id"], r["run_number"]) for r in rows] == [("beta_flaky", 2)]
