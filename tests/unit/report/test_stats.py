"""Statistics of the report, checked against values computed by hand."""

from __future__ import annotations

import json
import math

import polars as pl
import pytest

from pytest_pare.report.stats import (
    ResultsFrameError,
    frame_from_rows,
    pass_at_k,
    pass_hat_k,
    summarize,
    summary_lines,
    wilson_interval,
)


def test_wilson_interval_matches_the_textbook_values() -> None:
    # 8/10: centre (0.8 + z²/20)/(1 + z²/10), half-width from the score formula.
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.49016, abs=1e-5)
    assert high == pytest.approx(0.94331, abs=1e-5)
    # 0/3: the upper bound is z²/n over (1 + z²/n) = 0.5615, the lower bound 0.
    low, high = wilson_interval(0, 3)
    assert low == 0.0
    assert high == pytest.approx(0.56149, abs=1e-5)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_interval_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError, match="0 <= successes <= trials"):
        wilson_interval(4, 3)


def test_pass_at_k_and_pass_hat_k_use_the_unbiased_estimators() -> None:
    # n=5 runs, c=2 successes, k=3: 1 - C(3,3)/C(5,3) = 1 - 1/10.
    assert pass_at_k(5, 2, 3) == pytest.approx(0.9)
    # C(2,3)/C(5,3) = 0; with c=4: C(4,3)/C(5,3) = 4/10.
    assert pass_hat_k(5, 2, 3) == 0.0
    assert pass_hat_k(5, 4, 3) == pytest.approx(0.4)
    # n == k reduces to "any run passed" / "every run passed".
    assert pass_at_k(3, 1, 3) == 1.0
    assert pass_at_k(3, 0, 3) == 0.0
    assert pass_hat_k(3, 2, 3) == 0.0
    assert pass_hat_k(3, 3, 3) == 1.0
    with pytest.raises(ValueError, match="k <= n"):
        pass_at_k(2, 1, 3)


def test_summary_counts_rate_sem_and_wilson(rows) -> None:
    # run 1: 2/2 pass, run 2: 1/2, run 3: 0/2 -> rate 3/6.
    df = rows.frame(rows.grid({"a": "PPF", "b": "PFF"}))
    s = summarize(df)
    assert (s["runs"], s["passed"], s["failed"], s["errors"]) == (6, 3, 3, 0)
    assert s["rate"] == pytest.approx(0.5)
    # run-level rates 1.0, 0.5, 0.0: sd 0.5, SEM 0.5/sqrt(3).
    assert s["sem"] == pytest.approx(0.5 / math.sqrt(3))
    assert (s["wilson_low"], s["wilson_high"]) == pytest.approx(wilson_interval(3, 6))
    # k = 3: a passes 2/3, b 1/3 -> pass@3 = 1 for both, pass^3 = 0 for both.
    assert s["k"] == 3
    assert s["pass_at_1"] == pytest.approx((2 / 3 + 1 / 3) / 2)
    assert s["pass_at_k"] == 1.0
    assert s["pass_hat_k"] == 0.0


def test_pass_at_k_averages_the_estimator_when_a_scenario_has_more_runs(rows) -> None:
    # a: 5 runs, 2 successes; b: 3 runs, 3 successes -> k = 3.
    df = rows.frame(rows.grid({"a": "PPFFF", "b": "PPP"}))
    s = summarize(df)
    assert s["k"] == 3
    assert s["pass_at_k"] == pytest.approx((0.9 + 1.0) / 2)
    assert s["pass_hat_k"] == pytest.approx((0.0 + 1.0) / 2)


def test_exceptions_count_as_failures_unless_the_summary_says_excluded(rows) -> None:
    df = rows.frame(rows.grid({"a": "PPE", "b": "PPN"}))
    counted = summarize(df)
    assert counted["exceptions_in_success_rate"] == "counted as failures"
    assert (counted["errors"], counted["no_validation"]) == (1, 1)
    # The unvalidated run never counts; the error counts as a failure: 4/5.
    assert (counted["successes"], counted["trials"]) == (4, 5)
    assert counted["exception_types"] == {"TimeoutError": 1}
    excluded = summarize(df, exclude_exceptions=True)
    assert excluded["exceptions_in_success_rate"] == "excluded"
    assert (excluded["successes"], excluded["trials"]) == (4, 4)
    assert excluded["errors"] == 1


def test_an_exception_type_marks_a_run_as_error_whatever_its_status(rows) -> None:
    r = rows.row("a", 1, "failed", exception_type="ValueError", exception_message="boom")
    s = summarize(rows.frame([r]))
    assert (s["errors"], s["failed"]) == (1, 0)


def test_breakdowns_by_app_tag_noise_and_group(rows) -> None:
    data = [
        rows.row("mail", 1, "passed", apps=["email", "contacts"], tags=["multi-app"]),
        rows.row("mail", 2, "failed", apps=["email", "contacts"], tags=["multi-app"]),
        rows.row("cal", 1, "passed", apps=["calendar"], tags=["goal-inference"]),
        rows.row("cal", 2, "passed", apps=["calendar"], tags=["goal-inference"]),
        rows.row(
            "mail",
            1,
            "failed",
            apps=["email", "contacts"],
            tags=["multi-app"],
            noise_id="tfp0.1-epm5",
        ),
        rows.row(
            "mail",
            2,
            "failed",
            apps=["email", "contacts"],
            tags=["multi-app"],
            noise_id="tfp0.1-epm5",
        ),
    ]
    s = summarize(rows.frame(data))
    by_app = {b["key"]: (b["successes"], b["trials"]) for b in s["by_app"]}
    assert by_app == {"calendar": (2, 2), "contacts": (1, 4), "email": (1, 4)}
    by_tag = {b["key"]: b["rate"] for b in s["by_tag"]}
    assert by_tag == {"goal-inference": 1.0, "multi-app": 0.25}
    by_noise = {b["key"]: (b["successes"], b["trials"]) for b in s["by_noise"]}
    assert by_noise == {"tfp0-epm0": (3, 4), "tfp0.1-epm5": (0, 2)}
    assert [b["key"] for b in s["by_group"]] == ["oracle @ tfp0-epm0", "oracle @ tfp0.1-epm5"]
    # The noisy "mail" runs are a separate pass@k case from the clean ones.
    assert s["cases"] == 3


def test_model_configuration_names_one_model_or_each_role(rows) -> None:
    same = {f"{r}_model": "gpt-5" for r in ("user", "observe", "execute")}
    mixed = {
        "user_model": "gpt-5",
        "observe_model": "llama",
        "execute_model": "llama",
        "observe_provider": "local",
    }
    df = rows.frame([rows.row("a", 1, "passed", **same), rows.row("a", 1, "failed", **mixed)])
    keys = [b["key"] for b in summarize(df)["by_group"]]
    assert keys == ["gpt-5 @ tfp0-epm0", "user=gpt-5 observe=local/llama execute=llama @ tfp0-epm0"]


def test_proposal_acceptance_duration_and_cached_figures(rows) -> None:
    data = [
        rows.row("a", 1, "passed", proposal_count=2, acceptance_count=1, run_duration=1.0),
        rows.row(
            "a", 2, "passed", proposal_count=0, acceptance_count=0, run_duration=2.0, cached=True
        ),
        rows.row("b", 1, "failed", proposal_count=2, acceptance_count=2, run_duration=3.0),
        rows.row("b", 2, "failed", proposal_count=1, acceptance_count=0, run_duration=None),
    ]
    s = summarize(rows.frame(data))
    assert s["share_of_runs_with_proposal"] == pytest.approx(3 / 4)
    assert s["proposals_per_run"] == pytest.approx(5 / 4)
    assert s["acceptance_rate"] == pytest.approx(3 / 5)
    assert s["mean_duration"] == pytest.approx(2.0)
    assert s["cached"] == 1


def test_summary_is_json_safe_and_lists_failing_scenarios(rows) -> None:
    s = summarize(rows.frame(rows.grid({"ok": "PP", "bad": "PF", "boom": "EE"})))
    assert json.loads(json.dumps(s)) == s
    scen = {x["scenario_id"]: x for x in s["by_scenario"]}
    assert scen["bad"]["reason"] == "bad missed the reply"
    assert scen["boom"]["reason"] == "run exceeded 60 s"
    text = "\n".join(summary_lines(s))
    assert "3 scenarios, 6 runs: 3 passed, 1 failed, 2 errors" in text
    assert "success rate 50.0%" in text and "errors counted as failures" in text
    assert "pass@2" in text and "pass^2" in text
    assert "bad (1/2 passed): bad missed the reply" in text
    assert "boom (0/2 passed, 2 errors): run exceeded 60 s" in text


def test_a_missing_required_column_is_named(rows) -> None:
    df = rows.frame([rows.row("a", 1, "passed")]).drop("status")
    with pytest.raises(ResultsFrameError, match="missing required column.*status"):
        summarize(df)
    with pytest.raises(ResultsFrameError, match="old.json: missing required column.*success"):
        frame_from_rows(
            [{"scenario_id": "a", "run_number": 1, "status": "passed"}], source="old.json"
        )


def test_an_empty_session_summarises_without_figures() -> None:
    s = summarize(frame_from_rows([]))
    assert (s["runs"], s["rate"], s["pass_at_k"]) == (0, None, None)
    assert summary_lines(s)[0].startswith("PARE: 0 scenarios, 0 runs")
    assert isinstance(frame_from_rows([]), pl.DataFrame)


def test_nested_or_mixed_columns_become_json_text_instead_of_failing(rows) -> None:
    data = [
        rows.row("a", 1, "passed", tool_errors=[], extra={"k": 1}),
        rows.row("a", 2, "failed", tool_errors=[{"time": 1.0, "error": "boom"}], extra=None),
    ]
    df = frame_from_rows(data)
    assert df["tool_errors"].to_list() == ["[]", '[{"error": "boom", "time": 1.0}]']
    assert df["extra"].to_list() == ['{"k": 1}', None]
    assert df["apps"].to_list() == [["email"], ["email"]]
    assert summarize(df)["runs"] == 2
