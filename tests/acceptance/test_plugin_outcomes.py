"""Outcomes, the report, its files and JUnit properties; each with and without xdist."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import polars as pl
import pytest

XDIST = [
    pytest.param([], id="no-xdist"),
    pytest.param(["-n", "2"], id="xdist", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("dist", XDIST)
def test_success_passes_failure_fails_with_rationale_and_exception_is_a_concise_error(
    pare_project, dist
) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_wrong", "fail")
    pare_project.add("gamma_down", "error")
    result = pare_project.run("-rA", *dist)
    result.assert_outcomes(passed=1, failed=1, errors=1)
    out = result.stdout.str()
    assert "beta_wrong run 1 failed validation: expected an email to bob; none was sent" in out
    result.stdout.fnmatch_lines(
        ["*gamma_down run 1 raised ConnectionError: model API unreachable*--tb=long*"]
    )
    assert "Traceback" not in out
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_tb_long_shows_the_runs_full_traceback(pare_project) -> None:
    pare_project.add("gamma_down", "error")
    result = pare_project.run("--tb=long")
    result.stdout.fnmatch_lines(
        [
            "*gamma_down run 1 raised ConnectionError*",
            "*Traceback (most recent call last)*",
            "*raise ConnectionError*",
        ]
    )


@pytest.mark.parametrize("dist", XDIST)
def test_the_summary_and_files_report_every_run(pare_project, dist) -> None:
    pare_project.add("alpha_ok", apps=("email", "calendar"), tags=("multi-app",))
    pare_project.add("beta_wrong", "fail", apps=("messaging",))
    pare_project.add("delta_flaky", "odd-runs-pass", apps=("cab",))
    result = pare_project.run("--pare-runs=2", *dist)
    result.stdout.fnmatch_lines(
        [
            "*PARE summary*",
            "PARE: 3 scenarios, 6 runs: 3 passed, 3 failed, 0 errors",
            "success rate 50.0% ± *SEM*",
            "pass@1 50.0%  pass@2 66.7%  pass^2 33.3%*",
            "*mean run duration*",
            "failing scenarios (2):",
            "  beta_wrong (0/2 passed): expected an email to bob; none was sent",
            "  delta_flaky (1/2 passed): even run",
            "results: pare-results/results.json, pare-results/results.parquet, "
            "pare-results/report.txt*",
        ]
    )
    doc = pare_project.results()
    rows = doc["rows"]
    assert [(r["scenario_id"], r["run_number"], r["status"]) for r in rows] == [
        ("alpha_ok", 1, "passed"),
        ("alpha_ok", 2, "passed"),
        ("beta_wrong", 1, "failed"),
        ("beta_wrong", 2, "failed"),
        ("delta_flaky", 1, "passed"),
        ("delta_flaky", 2, "failed"),
    ]
    assert rows[0]["apps"] == ["calendar", "email"] and rows[0]["tags"] == ["multi-app"]
    assert doc["summary"]["runs"] == 6 and doc["summary"]["passed"] == 3
    text = (pare_project.pytester.path / "pare-results" / "report.txt").read_text()
    assert text.startswith("PARE: 3 scenarios, 6 runs")
    frame = pl.read_parquet(pare_project.pytester.path / "pare-results" / "results.parquet")
    assert frame.height == 6 and frame["success"].to_list() == [
        True,
        True,
        False,
        False,
        True,
        False,
    ]


def test_results_dir_option_moves_the_files(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.run("--pare-results-dir=out/pare")
    assert pare_project.results("out/pare")["summary"]["passed"] == 1


@pytest.mark.parametrize("dist", XDIST)
def test_junit_testcases_carry_pare_properties(pare_project, dist) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_wrong", "fail")
    pare_project.run("--junitxml=junit.xml", *dist)
    tree = ET.parse(pare_project.pytester.path / "junit.xml")
    props = {
        case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")}
        for case in tree.iter("testcase")
    }
    assert props["beta_wrong"]["pare.status"] == "failed"
    assert props["beta_wrong"]["pare.rationale"] == "expected an email to bob; none was sent"
    assert props["alpha_ok"]["pare.success"] == "True"
    assert props["alpha_ok"]["pare.scenario_id"] == "alpha_ok"
    # The whole row is JSON text, so a CI tool reading the XML can parse it.
    row = json.loads(props["beta_wrong"]["pare"])
    assert (row["scenario_id"], row["status"]) == ("beta_wrong", "failed")
    assert row == pare_project.results()["rows"][1]


def test_the_summary_breaks_the_rates_down_by_app_and_by_tag(pare_project) -> None:
    pare_project.add("alpha_ok", apps=("email",), tags=("multi-app", "goal-inference"))
    pare_project.add("beta_wrong", "fail", apps=("calendar",), tags=("multi-app",))
    result = pare_project.run()
    expected = [
        "by app: calendar 0.0% (n=1) · email 100.0% (n=1)",
        "by tag: goal-inference 100.0% (n=1) · multi-app 50.0% (n=2)",
    ]
    result.stdout.fnmatch_lines(expected)
    report = (pare_project.pytester.path / "pare-results" / "report.txt").read_text()
    assert all(line in report.splitlines() for line in expected)


@pytest.mark.slow
def test_two_workers_give_the_same_rows_and_report_as_one_process(pare_project) -> None:
    for sid, outcome in [
        ("alpha_ok", "pass"),
        ("beta_wrong", "fail"),
        ("gamma_down", "error"),
        ("delta_flaky", "odd-runs-pass"),
        ("eps_ok", "pass"),
    ]:
        pare_project.add(sid, outcome)
    pare_project.run("--pare-runs=3", "--pare-results-dir=single", subprocess=True)
    pare_project.run("--pare-runs=3", "--pare-results-dir=dist", "-n", "2")

    def comparable(folder: str) -> tuple[list[dict], str]:
        doc = pare_project.results(folder)
        rows = [
            {
                k: v
                for k, v in r.items()
                if k not in ("duration", "run_duration", "exception_traceback")
            }
            for r in doc["rows"]
        ]
        text = (pare_project.pytester.path / folder / "report.txt").read_text()
        return rows, "\n".join(line for line in text.splitlines() if "duration" not in line)

    assert comparable("single") == comparable("dist")


@pytest.mark.slow
def test_a_worker_killed_mid_run_still_gives_a_complete_results_file(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_crash", "crash")
    pare_project.add("gamma_ok")
    result = pare_project.run("-n", "2")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*1 run(s) lost to a crashed worker*beta_crash*"])
    rows = {r["scenario_id"]: r for r in pare_project.results()["rows"]}
    assert sorted(rows) == ["alpha_ok", "beta_crash", "gamma_ok"]
    assert rows["beta_crash"]["status"] == "error"
    assert rows["beta_crash"]["exception_type"] == "WorkerCrashed"
    assert rows["alpha_ok"]["status"] == rows["gamma_ok"]["status"] == "passed"


@pytest.mark.parametrize("dist", XDIST)
def test_a_result_that_cannot_be_serialised_is_still_reported(pare_project, dist) -> None:
    pare_project.add("alpha_odd", "unserialisable")
    result = pare_project.run(*dist)
    result.assert_outcomes(passed=1)
    row = pare_project.results()["rows"][0]
    assert row["status"] == "passed"
    assert "unrepresentable" in row["rationale"]
    json.dumps(row)


def test_pare_html_writes_the_report_where_asked_and_into_the_results_dir(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.run("--pare-html=reports/session.html")
    for path in ("reports/session.html", "pare-results/report.html"):
        text = (pare_project.pytester.path / path).read_text()
        assert text.lstrip().lower().startswith("<!doctype html") and "alpha_ok" in text
