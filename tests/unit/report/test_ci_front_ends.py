"""CI front ends: GitHub annotations, the markdown job summary, the benchmark identity."""

from __future__ import annotations

from pytest_pare.report.benchmark import benchmark_block, benchmark_warning
from pytest_pare.report.ci import annotation, github_annotations, markdown_summary
from pytest_pare.report.files import RESULTS_FORMAT


def test_an_annotation_escapes_what_github_would_misread() -> None:
    line = annotation(
        "error", "50% failed:\nline two", file="scenarios/a,b.py", line=7, title="id: x"
    )
    assert line == "::error file=scenarios/a%2Cb.py,line=7,title=id%3A x::50%25 failed:%0Aline two"
    assert annotation("warning", "m", file=None, line=None, title="t") == "::warning title=t::m"


def _document(gate: dict, by_scenario: list[dict], rows: list[dict]) -> dict:
    return {
        "format": RESULTS_FORMAT,
        "rows": rows,
        "summary": {"by_scenario": by_scenario},
        "gate": gate,
    }


def _row(sid: str, status: str, line: int, why: str | None = None) -> dict:
    return {
        "scenario_id": sid,
        "status": status,
        "rationale": why,
        "source_file": f"scenarios/{sid}.py",
        "source_line": line,
    }


def test_annotations_put_gate_offenders_first_and_point_at_the_class() -> None:
    doc = _document(
        {
            "configured": True,
            "status": "failed",
            "regressions": [
                {
                    "scenario_id": "b_breaks",
                    "before_successes": 3,
                    "before_trials": 3,
                    "after_successes": 0,
                    "after_trials": 3,
                    "p_value": 0.05,
                }
            ],
            "scenario_passes": [
                {"scenario_id": "c_short", "passes": 1, "runs": 3, "required": 2, "ok": False},
                {"scenario_id": "a_fine", "passes": 3, "runs": 3, "required": 2, "ok": True},
            ],
        },
        [
            {"scenario_id": "a_fine", "passed": 3, "runs": 3, "failed": 0, "errors": 0},
            {"scenario_id": "b_breaks", "passed": 0, "runs": 3, "failed": 3, "errors": 0},
            {"scenario_id": "c_short", "passed": 1, "runs": 3, "failed": 2, "errors": 0},
            {
                "scenario_id": "d_flaky",
                "passed": 2,
                "runs": 3,
                "failed": 1,
                "errors": 0,
                "reason": "no reply",
            },
        ],
        [
            _row("a_fine", "passed", 5),
            _row("b_breaks", "failed", 11, "the email was not sent"),
            _row("c_short", "failed", 21, "wrong date"),
            _row("d_flaky", "failed", 31, "no reply"),
        ],
    )
    assert github_annotations(doc) == [
        "::error file=scenarios/b_breaks.py,line=11,title=b_breaks::regressed against the "
        "baseline: 3/3 -> 0/3 passed (p=0.05); first failure: the email was not sent",
        "::error file=scenarios/c_short.py,line=21,title=c_short::passed 1 of 3 runs, needs 2; "
        "first failure: wrong date",
        # It counts in the rates, but the gate judges the job: a warning.
        "::warning file=scenarios/d_flaky.py,line=31,title=d_flaky::2 of 3 runs passed: no reply",
    ]


def test_under_a_gate_failed_runs_that_do_not_fail_it_are_warnings() -> None:
    doc = _document(
        {"configured": True, "status": "passed"},
        [
            {
                "scenario_id": "d_flaky",
                "passed": 2,
                "runs": 3,
                "failed": 1,
                "errors": 0,
                "reason": "no reply",
            }
        ],
        [_row("d_flaky", "failed", 31, "no reply")],
    )
    assert github_annotations(doc) == [
        "::warning file=scenarios/d_flaky.py,line=31,title=d_flaky::2 of 3 runs passed: no reply"
    ]


def test_annotations_beyond_githubs_ten_per_level_are_counted_in_a_notice() -> None:
    scenarios = [
        {"scenario_id": f"s{i:02}", "passed": 0, "runs": 1, "failed": 1, "errors": 0}
        for i in range(13)
    ]
    rows = [_row(sc["scenario_id"], "failed", 1) for sc in scenarios]
    lines = github_annotations(_document({"configured": False}, scenarios, rows))
    assert len(lines) == 11 and lines[-1].startswith("::notice title=PARE::3 more errors")
    assert lines[0].startswith("::error file=scenarios/s00.py")


def test_the_markdown_summary_has_headline_verdict_tables_and_files() -> None:
    summary = {
        "scenarios": 2,
        "runs": 6,
        "passed": 4,
        "failed": 2,
        "errors": 0,
        "rate": 4 / 6,
        "wilson_low": 0.3,
        "wilson_high": 0.9,
        "trials": 6,
        "k": 3,
        "pass_at_k": 1.0,
        "pass_hat_k": 0.5,
        "by_app": [
            {"key": "email", "rate": 0.5, "wilson_low": 0.1, "wilson_high": 0.9, "trials": 4}
        ],
        "by_tag": [
            {"key": "multi|app", "rate": 1.0, "wilson_low": 0.3, "wilson_high": 1.0, "trials": 2}
        ],
        "by_scenario": [
            {
                "scenario_id": "b",
                "passed": 1,
                "runs": 3,
                "failed": 2,
                "errors": 0,
                "reason": "wrong | date",
            }
        ],
    }
    gate = {
        "configured": True,
        "status": "failed",
        "reason": ["PARE gate FAILED (exit 1)", "success rate 66.7% < minimum 90.0%"],
        "regressions": [],
        "scenario_passes": [],
    }
    text = markdown_summary({"summary": summary, "gate": gate}, ["out/results.json"])
    lines = text.splitlines()
    assert lines[0] == "## ❌ PARE gate failed"
    assert lines[2].startswith("**2 scenarios, 6 runs**: 4 passed, 2 failed, 0 errors")
    assert (
        "> PARE gate FAILED (exit 1)" in lines and "> success rate 66.7% < minimum 90.0%" in lines
    )
    assert "| email | 50.0% | 10.0% to 90.0% | 4 |" in lines
    assert "| multi\\|app | 100.0% | 30.0% to 100.0% | 2 |" in lines
    assert "| b | 1/3 | wrong \\| date |" in lines
    assert lines[-1] == "- `out/results.json`"


def test_the_benchmark_id_ignores_order_and_changes_with_a_source_or_the_version() -> None:
    rows = [
        {"scenario_id": "a", "source_hash": "1"},
        {"scenario_id": "b", "source_hash": "2"},
        {"scenario_id": "a", "source_hash": "1"},
    ]
    block = benchmark_block(rows, "0.1.0")
    assert block["id"] == benchmark_block(list(reversed(rows)), "0.1.0")["id"]
    assert block["id"].startswith("0.1.0+") and block["scenarios"] == 2
    edited = benchmark_block([{"scenario_id": "a", "source_hash": "9"}, rows[1]], "0.1.0")
    assert edited["id"] != block["id"]
    assert benchmark_block(rows, "0.2.0")["id"] != block["id"]
    assert benchmark_warning(block, block, "base.json") is None
    assert benchmark_warning(block, None, "base.json") is None
    warning = benchmark_warning(edited, block, "base.json")
    assert warning is not None and "1 scenario source(s) changed: a" in warning
