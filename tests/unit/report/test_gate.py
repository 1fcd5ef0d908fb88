"""The CI gate: thresholds, exact baseline tests, verdicts and baseline files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_pare.report.baseline import BaselineError, load_baseline, save_baseline
from pytest_pare.report.gate import (
    GateSettings,
    compare_runs,
    evaluate_gate,
    fisher_one_sided,
    mcnemar_one_sided,
)


def test_fisher_one_sided_matches_hand_computed_hypergeometric_tails() -> None:
    # 3/3 -> 0/3: only the observed table is as extreme: C(3,3)C(3,0)/C(6,3) = 1/20.
    assert fisher_one_sided(3, 3, 0, 3) == pytest.approx(0.05)
    # A single run flipping: 1/1 -> 0/1 has p = 1/2.
    assert fisher_one_sided(1, 1, 0, 1) == pytest.approx(0.5)
    # 5/5 -> 0/5: 1/C(10,5) = 1/252.
    assert fisher_one_sided(5, 5, 0, 5) == pytest.approx(1 / 252)
    # 2/3 -> 1/3: (C(3,2)C(3,1) + C(3,3)C(3,0)) / C(6,3) = 10/20.
    assert fisher_one_sided(2, 3, 1, 3) == pytest.approx(0.5)
    # Getting better is never evidence of getting worse.
    assert fisher_one_sided(0, 3, 3, 3) == pytest.approx(1.0)


def test_exact_mcnemar_uses_the_discordant_pairs_only() -> None:
    assert mcnemar_one_sided(3, 0) == pytest.approx(1 / 8)
    assert mcnemar_one_sided(5, 0) == pytest.approx(1 / 32)
    assert mcnemar_one_sided(4, 1) == pytest.approx(6 / 32)
    assert mcnemar_one_sided(0, 0) == 1.0


def test_threshold_gate_fails_below_the_rate_and_passes_at_it(rows) -> None:
    df = rows.frame(rows.grid({"a": "PF", "b": "PF", "c": "FF"}))  # 2/6
    verdict = evaluate_gate(df, GateSettings(min_success_rate=0.5))
    assert (verdict.passed, verdict.exit_code) == (False, 1)
    assert verdict.reason[0] == "PARE gate FAILED (exit 1)"
    assert "success rate 33.3% < minimum 50.0% (2/6 runs)" in verdict.reason[1]
    ok = evaluate_gate(df, GateSettings(min_success_rate=2 / 6))
    assert (ok.passed, ok.exit_code, ok.reason[0]) == (True, 0, "PARE gate PASSED")


def test_lower_bound_gate_is_stricter_than_the_rate(rows) -> None:
    df = rows.frame(rows.grid({f"s{i}": "P" for i in range(19)} | {"bad": "F"}))  # 19/20
    assert evaluate_gate(df, GateSettings(min_success_rate=0.9)).passed
    verdict = evaluate_gate(df, GateSettings(min_success_rate=0.9, gate_on="lower-bound"))
    assert not verdict.passed
    assert "Wilson 95% lower bound of the success rate 76.4% < minimum 90.0%" in verdict.reason[1]


def test_no_counted_runs_fail_a_threshold(rows) -> None:
    df = rows.frame(rows.grid({"a": "EE"}))
    verdict = evaluate_gate(df, GateSettings(min_success_rate=0.1, exclude_exceptions=True))
    assert not verdict.passed and "no counted runs" in verdict.reason[1]


def test_without_a_gate_the_session_passes_silently(rows) -> None:
    verdict = evaluate_gate(rows.frame(rows.grid({"a": "FF"})), GateSettings())
    assert (verdict.passed, verdict.reason, verdict.regressions) == (True, (), ())


def test_a_real_regression_fails_and_a_single_flip_does_not(rows) -> None:
    baseline = rows.frame(rows.grid({"broken": "PPP", "flaky": "PPP", "steady": "PPP"}))
    current = rows.frame(rows.grid({"broken": "FFF", "flaky": "PFP", "steady": "PPP"}))
    verdict = evaluate_gate(current, GateSettings(), baseline, baseline_source="base.json")
    assert not verdict.passed
    assert [(c.key, c.counts()) for c in verdict.regressions] == [("broken", "3/3 -> 0/3")]
    assert verdict.regressions[0].p_value == pytest.approx(0.05)
    assert "1 regression(s) vs base.json" in verdict.reason[1]
    assert "broken 3/3 -> 0/3" in verdict.reason[1]
    assert verdict.detail_lines() == ["  regressed: broken 3/3 -> 0/3 (p=0.05)"]
    changes = {c.key: c.change for c in verdict.changes}
    assert changes == {"broken": "regressed", "flaky": "changed", "steady": "unchanged"}


def test_a_same_quality_rerun_is_not_flagged(rows) -> None:
    # ~67% before and after, but which runs fail moved around.
    before = {"a": "PPF", "b": "PFP", "c": "FPP", "d": "PPP", "e": "FFP", "f": "PPF"}
    after = {"a": "FPP", "b": "PPF", "c": "PFP", "d": "PPF", "e": "PFF", "f": "PFP"}
    for test in ("fisher", "mcnemar"):
        verdict = evaluate_gate(
            rows.frame(rows.grid(after)),
            GateSettings(baseline_test=test),
            rows.frame(rows.grid(before)),
        )
        assert verdict.passed, verdict.reason
        assert verdict.regressions == ()
        assert verdict.reason[1].startswith("0 regression(s)")


def test_paired_mcnemar_needs_five_runs_to_call_a_regression(rows) -> None:
    settings = GateSettings(baseline_test="mcnemar")
    three = evaluate_gate(
        rows.frame(rows.grid({"a": "FFF"})), settings, rows.frame(rows.grid({"a": "PPP"}))
    )
    assert three.passed  # p = 1/8
    five = evaluate_gate(
        rows.frame(rows.grid({"a": "FFFFF"})), settings, rows.frame(rows.grid({"a": "PPPPP"}))
    )
    assert not five.passed and five.regressions[0].p_value == pytest.approx(1 / 32)


def test_new_and_missing_scenarios_are_listed_not_failed(rows) -> None:
    baseline = rows.frame(rows.grid({"kept": "PP", "dropped": "PP"}))
    current = rows.frame(rows.grid({"kept": "PP", "added": "FF"}))
    verdict = evaluate_gate(current, GateSettings(), baseline)
    assert verdict.passed
    assert (verdict.new, verdict.missing) == (("added",), ("dropped",))
    assert "1 new, 1 missing" in verdict.reason[1]
    assert "  new (not in baseline): added" in verdict.detail_lines()


def test_noise_levels_are_compared_separately(rows) -> None:
    base = [rows.row("a", i, "passed", noise_id=n) for n in ("clean", "tfp0.1") for i in (1, 2, 3)]
    cur = [rows.row("a", i, "passed", noise_id="clean") for i in (1, 2, 3)] + [
        rows.row("a", i, "failed", noise_id="tfp0.1") for i in (1, 2, 3)
    ]
    changes = compare_runs(rows.frame(cur), rows.frame(base))
    assert [(c.key, c.change) for c in changes] == [
        ("a[clean]", "unchanged"),
        ("a[tfp0.1]", "regressed"),
    ]


def test_a_threshold_and_a_baseline_can_both_fail(rows) -> None:
    verdict = evaluate_gate(
        rows.frame(rows.grid({"a": "FFF"})),
        GateSettings(min_success_rate=0.5),
        rows.frame(rows.grid({"a": "PPP"})),
    )
    assert not verdict.passed
    assert "success rate 0.0% < minimum 50.0%" in verdict.reason[1]
    assert "1 regression(s)" in verdict.reason[1]
    assert len(verdict.reason) == 2
    assert json.loads(json.dumps(verdict.to_dict()))["regressions"][0]["scenario_id"] == "a"


def test_gate_settings_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="min_success_rate must be a fraction"):
        GateSettings(min_success_rate=90)
    with pytest.raises(ValueError, match="gate_on must be"):
        GateSettings(gate_on="upper")  # type: ignore[arg-type]


def test_a_saved_baseline_loads_back_and_gates(rows, tmp_path: Path) -> None:
    df = rows.frame(rows.grid({"a": "PPP", "b": "PFE"}))
    path = save_baseline(df, tmp_path / "ci" / "baseline.json")
    doc = json.loads(path.read_text())
    assert doc["format"] == "pytest-pare-baseline" and len(doc["rows"]) == 6
    assert "rationale" not in doc["rows"][0]  # the small form
    loaded = load_baseline(path)
    assert evaluate_gate(df, GateSettings(), loaded).passed
    assert list(tmp_path.joinpath("ci").iterdir()) == [path]  # no temp file left


def test_a_results_json_is_a_baseline_too(rows, tmp_path: Path) -> None:
    data = rows.grid({"a": "PPP"})
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"summary": {}, "rows": data}))
    assert load_baseline(path).height == 3


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "file not found; point --pare-baseline at"),
        ("{not json", "not valid JSON (Expecting property name"),
        ('{"summary": {}}', "no 'rows' list"),
        ('{"rows": [1, 2]}', "every entry of 'rows' must be an object"),
        ('{"rows": [{"scenario_id": "a", "run_number": 1}]}', "missing required column"),
        ('{"format": "pytest-pare-baseline", "version": 7, "rows": []}', "format version 7"),
    ],
)
def test_a_bad_baseline_file_names_path_and_problem(tmp_path: Path, content, problem) -> None:
    path = tmp_path / "base.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError) as info:
        load_baseline(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def _with_infra(rows, spec: dict[str, str]) -> list[dict]:
    """Grid rows where the letter I is a run that failed for infrastructure reasons."""
    out = []
    for r in rows.grid({sid: letters.replace("I", "E") for sid, letters in spec.items()}):
        if spec[r["scenario_id"]][r["run_number"] - 1] == "I":
            r.update(status="infra_error", exception_category="infra")
        out.append(r)
    return out


@pytest.mark.parametrize(
    ("policy", "status", "rate_text"),
    [
        ("error", "error", "(2/2 runs)"),
        ("fail", "failed", "(2/3 runs)"),
        ("ignore", "passed", "(2/2 runs)"),
    ],
)
def test_infrastructure_errors_make_an_error_verdict_count_as_failures_or_drop_out(
    rows, policy, status, rate_text
) -> None:
    df = rows.frame(_with_infra(rows, {"a": "PP", "b": "I"}))
    verdict = evaluate_gate(df, GateSettings(min_success_rate=0.8, infra_errors=policy))
    assert (verdict.status, verdict.infra_errors) == (status, 1)
    assert verdict.exit_code == {"error": 3, "failed": 1, "passed": 0}[status]
    assert rate_text in verdict.reason[-1]


def test_without_a_gate_infrastructure_errors_leave_the_verdict_passed_and_silent(rows) -> None:
    df = rows.frame(_with_infra(rows, {"a": "PF", "b": "I"}))
    verdict = evaluate_gate(df, GateSettings())
    assert (verdict.status, verdict.configured, verdict.reason) == ("passed", False, ())


def test_lost_runs_make_the_evaluation_incomplete(rows) -> None:
    df = rows.frame(rows.grid({"a": "PP"}))
    verdict = evaluate_gate(df, GateSettings(min_success_rate=0.5), lost=1)
    assert (verdict.status, verdict.exit_code) == ("error", 3)
    assert verdict.reason[0] == "PARE gate ERROR (exit 3)"
    assert "1 run(s) never reported a result" in verdict.reason[1]


def test_per_scenario_passes_are_counted_per_noise_level_and_reported(rows) -> None:
    data = rows.grid({"a": "PPF", "b": "PFF"}) + rows.grid({"a": "FFF"}, noise_id="tfp0.1-epm0")
    verdict = evaluate_gate(rows.frame(data), GateSettings(min_scenario_passes=2))
    got = {(p.key, p.passes, p.runs, p.ok) for p in verdict.scenario_passes}
    assert got == {
        ("a[tfp0-epm0]", 2, 3, True),
        ("a[tfp0.1-epm0]", 0, 3, False),
        ("b[tfp0-epm0]", 1, 3, False),
    }
    assert verdict.status == "failed"
    assert "  too few passes: b[tfp0-epm0] 1/3 passed (needs 2)" in verdict.detail_lines()
    assert verdict.reason[1].startswith("2 of 3 scenario(s) passed fewer than 2 of their runs")
    assert evaluate_gate(rows.frame(data[:6]), GateSettings(min_scenario_passes=1)).passed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"min_scenario_passes": 0}, "min_scenario_passes must be an integer >= 1"),
        ({"infra_errors": "retry"}, "infra_errors must be one of error, fail, ignore"),
    ],
)
def test_bad_gate_settings_are_refused_with_the_allowed_values(fields, message) -> None:
    with pytest.raises(ValueError, match=message):
        GateSettings(**fields)


def test_gate_settings_survive_their_json_form() -> None:
    settings = GateSettings(min_success_rate=0.6, min_scenario_passes=2, infra_errors="ignore")
    assert GateSettings.from_dict(json.loads(json.dumps(settings.to_dict()))) == settings


def test_the_option_words_of_the_infra_policy_are_the_reports() -> None:
    from pytest_pare.options.table import INFRA_POLICIES as OPTION_WORDS
    from pytest_pare.report.status import INFRA_POLICIES

    assert OPTION_WORDS == INFRA_POLICIES


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (bytes(range(256)), "not a text file"),
        (b'{"rows": [{"scenario_id": "a", "run_number": null, "success": true}]}', "run_number"),
    ],
)
def test_a_baseline_of_bytes_or_without_run_numbers_is_refused_by_name(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "base.json"
    path.write_bytes(content)
    with pytest.raises(BaselineError, match=f"baseline {path}.*{problem}"):
        load_baseline(path)
