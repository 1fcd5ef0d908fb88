"""Validation results: metrics arithmetic, counting, JSON round trip, polars schema."""

from __future__ import annotations

import json

import polars as pl
import pytest

from pytest_pare.scenarios import (
    PARE_RESULT_SCHEMA,
    PAREMultiScenarioValidationResult,
    PAREScenarioValidationResult,
    ScenarioRunnerConfig,
)
from pytest_pare.scenarios.validation_result import RecordedException


def raised(exc: Exception) -> Exception:
    try:
        raise exc
    except Exception as caught:
        return caught


def test_rates_are_zero_rather_than_a_division_by_zero():
    empty = PAREScenarioValidationResult(success=True)
    assert (empty.proposal_rate, empty.acceptance_rate) == (0.0, 0.0)
    busy = PAREScenarioValidationResult(
        success=True, proposal_count=4, acceptance_count=3, number_of_turns=8
    )
    assert (busy.proposal_rate, busy.acceptance_rate) == (0.5, 0.75)


def test_add_result_counts_each_outcome_and_replaces_a_rerun():
    results = PAREMultiScenarioValidationResult()
    results.add_result(PAREScenarioValidationResult(success=True), "a", 1)
    results.add_result(PAREScenarioValidationResult(success=False, rationale="no reply"), "a", 2)
    results.add_result(
        PAREScenarioValidationResult(success=None, exception=ValueError("x")), "b", 1
    )
    results.add_result(PAREScenarioValidationResult(success=None), "c", 1)
    assert (results.successful_count, results.failed_count) == (1, 1)
    assert (results.exception_count, results.no_validation_count) == (1, 1)
    assert results.success_rate == 0.25

    results.add_result(PAREScenarioValidationResult(success=True), "a", 2)
    assert (results.successful_count, results.failed_count, results.total_count) == (2, 0, 4)
    assert 0.0 <= results.success_rate <= 1.0 and results.success_rate == 0.5


def test_aggregate_metrics_sum_over_runs():
    results = PAREMultiScenarioValidationResult()
    for key, (proposals, accepted, turns) in enumerate([(2, 1, 4), (2, 2, 4)]):
        results.add_result(
            PAREScenarioValidationResult(
                success=True, proposal_count=proposals, acceptance_count=accepted,
                number_of_turns=turns, read_only_actions=3, write_actions=1,
            ),
            "s", key,
        )  # fmt: skip
    assert (results.total_proposals, results.total_acceptances, results.total_turns) == (4, 3, 8)
    assert (results.aggregate_proposal_rate, results.aggregate_acceptance_rate) == (0.5, 0.75)
    assert (results.total_read_only_actions, results.total_write_actions) == (6, 2)
    assert PAREMultiScenarioValidationResult().success_rate == 0.0


def test_to_dict_is_json_safe_and_from_dict_rebuilds_the_result():
    result = PAREScenarioValidationResult(
        success=None,
        exception=raised(TimeoutError("run exceeded 30 s")),
        rationale="timed out",
        duration=1.5,
        proposal_count=2,
        tool_errors=[
            {"time": 3.0, "app": "Emails", "function": "send_email", "error": KeyError("id")}
        ],
    )

    data = json.loads(json.dumps(result.to_dict()))
    assert data["exception_type"] == "TimeoutError"
    assert data["exception_message"] == "run exceeded 30 s"
    assert "Traceback" in data["exception_traceback"]
    assert data["tool_errors"][0]["error"] == "KeyError: 'id'"  # the one converter's form

    rebuilt = PAREScenarioValidationResult.from_dict(data)
    assert isinstance(rebuilt.exception, RecordedException)
    assert (
        rebuilt.exception.type_name == "TimeoutError"
        and str(rebuilt.exception) == "run exceeded 30 s"
    )
    assert (rebuilt.success, rebuilt.duration, rebuilt.proposal_count) == (None, 1.5, 2)
    assert rebuilt.to_dict() == data


def test_to_polars_has_the_schema_dtypes_with_and_without_rows():
    config = ScenarioRunnerConfig(observe_model="gpt-5", tool_failure_probability=0.1)
    results = PAREMultiScenarioValidationResult(run_config=config, duration=12.0)
    assert dict(results.to_polars().schema) == dict(PARE_RESULT_SCHEMA)

    results.add_result(
        PAREScenarioValidationResult(success=True, duration=0.5, number_of_turns=2), "a", 1
    )
    results.add_result(
        PAREScenarioValidationResult(success=None, exception=RuntimeError("boom")), "b", 1
    )
    frame = results.to_polars()

    assert dict(frame.schema) == dict(PARE_RESULT_SCHEMA)
    rows = {row["scenario_id"]: row for row in frame.to_dicts()}
    # The seed's vocabulary (issue 19: this frame said "passed"/"error" before).
    assert rows["a"]["status"] == "success" and rows["a"]["success_numeric"] == 1.0
    assert rows["b"]["status"] == "exception" and rows["b"]["exception_type"] == "RuntimeError"
    assert rows["b"]["success"] is None and rows["b"]["success_numeric"] is None
    assert rows["a"]["job_duration"] == 12.0 and rows["a"]["tool_failure_probability"] == 0.1
    assert rows["a"]["observe_model"] == "gpt-5"
    assert rows["a"]["proactive_model"] == "observe-execute_gpt-5_gpt-5"


def test_extra_columns_are_strings_and_row_extras_override_per_run():
    results = PAREMultiScenarioValidationResult(run_config=ScenarioRunnerConfig())
    results.add_result(
        PAREScenarioValidationResult(success=True),
        "a",
        1,
        tool_failure_probability=0.2,
        noise_level="tfp0.2",
        apps=("email", "calendar"),
    )
    results.add_result(
        PAREScenarioValidationResult(success=False),
        "a",
        2,
        tool_failure_probability=0.0,
        noise_level="clean",
        apps=[],
    )

    frame = results.to_polars(extra_columns={"phase": "noise", "attempt": 3})

    assert frame.schema["phase"] == pl.Utf8 and frame.schema["attempt"] == pl.Utf8
    assert frame.schema["noise_level"] == pl.Utf8
    assert frame.schema["apps"] == pl.List(pl.Utf8)
    assert frame["apps"].to_list() == [["email", "calendar"], []]
    assert frame["tool_failure_probability"].to_list() == [0.2, 0.0]
    assert frame["attempt"].to_list() == ["3", "3"]
    assert list(frame.columns[: len(PARE_RESULT_SCHEMA)]) == list(PARE_RESULT_SCHEMA)


def test_oracle_rows_name_no_model():
    results = PAREMultiScenarioValidationResult(run_config=ScenarioRunnerConfig(oracle=True))
    results.add_result(PAREScenarioValidationResult(success=True), "a", 1)
    row = results.to_polars().to_dicts()[0]
    assert row["agent_type"] == "oracle" and row["observe_model"] is None


@pytest.mark.parametrize("split", ["full", "ablation"])
def test_description_reports_counts_rate_and_failures(split):
    results = PAREMultiScenarioValidationResult(run_config=ScenarioRunnerConfig())
    results.add_result(PAREScenarioValidationResult(success=True), "email_reply", 1)
    results.add_result(
        PAREScenarioValidationResult(success=False, rationale="no reply sent\nmore"),
        "email_reply",
        2,
    )
    results.add_result(
        PAREScenarioValidationResult(success=None, exception=TimeoutError("slow")), "cab_delay", 1
    )

    text = results.description(split, weight_per_app_class={"StatefulEmailApp": 1.0})

    assert f"split: {split}" in text
    # The counts in the seed's words (issue 19: "passed"/"errors" before); the figures
    # are the plugin's summary's (report.stats), not a second definition: the rate's SEM
    # is over run numbers (runs 1 and 2: 50% and 0%), not sqrt(p(1-p)/n).
    assert "Runs: 3 over 2 scenario(s): 1 success, 1 failed, 1 exception" in text
    assert "Success rate: 33.3% +/- 25.0% SEM, Wilson 95% [6.1%, 79.2%] over 3 run(s)" in text
    assert "exception runs counted as failures" in text
    assert "email_reply[run-2] [failed] no reply sent" in text
    assert "cab_delay[run-1] [exception] TimeoutError: slow" in text
    assert "StatefulEmailApp=1" in text
    assert "passed" not in text and "error" not in text.replace("TimeoutError", "")


def test_the_same_run_at_two_noise_levels_is_two_runs_not_a_rerun():
    results = PAREMultiScenarioValidationResult(run_config=ScenarioRunnerConfig())
    results.add_result(PAREScenarioValidationResult(success=True), "a", 1, noise_id="clean")
    results.add_result(PAREScenarioValidationResult(success=False), "a", 1, noise_id="tfp0.1-epm5")
    results.add_result(
        PAREScenarioValidationResult(success=False), "b", 1, tool_failure_probability=0.2
    )
    results.add_result(
        PAREScenarioValidationResult(success=True), "b", 1, tool_failure_probability=0.0
    )

    assert (results.total_count, results.successful_count) == (4, 2)
    frame = results.to_polars()
    assert frame.select("scenario_id", "noise_id").rows() == [
        ("a", "clean"), ("a", "tfp0.1-epm5"), ("b", None), ("b", None),
    ]  # fmt: skip
    assert frame["tool_failure_probability"].to_list() == [0.0, 0.0, 0.2, 0.0]

    results.add_result(PAREScenarioValidationResult(success=True), "a", 1, noise_id="tfp0.1-epm5")
    assert (results.total_count, results.successful_count) == (4, 3), "same key: a rerun"


def test_description_names_the_noise_level_of_a_failed_run():
    results = PAREMultiScenarioValidationResult(run_config=ScenarioRunnerConfig())
    results.add_result(PAREScenarioValidationResult(success=True), "a", 2, noise_id="clean")
    results.add_result(
        PAREScenarioValidationResult(success=False, rationale="missed"), "a", 2, noise_id="tfp0.1"
    )

    text = results.description()

    assert "a[tfp0.1-run-2] [failed] missed" in text
    assert "  a  1/2" in text


def test_the_seed_frame_says_success_failed_exception_or_no_validation_as_upstream():
    results = PAREMultiScenarioValidationResult(run_config=ScenarioRunnerConfig(oracle=True))
    results.add_result(PAREScenarioValidationResult(success=True), "ok", 1)
    results.add_result(PAREScenarioValidationResult(success=False, rationale="no"), "bad", 1)
    results.add_result(
        PAREScenarioValidationResult(success=None, exception=ValueError("boom")), "raised", 1
    )
    results.add_result(PAREScenarioValidationResult(success=None), "unjudged", 1)
    # A verdict wins over an exception, as upstream's status does.
    results.add_result(
        PAREScenarioValidationResult(success=False, exception=KeyError("k")), "both", 1
    )

    frame = results.to_polars()

    columns = ("status", "success_numeric", "success_bool", "has_exception", "exception_type")
    rows = {r["base_scenario_id"]: tuple(r[c] for c in columns) for r in frame.to_dicts()}
    assert rows == {
        "ok": ("success", 1.0, True, False, None),
        "bad": ("failed", 0.0, False, False, None),
        "raised": ("exception", None, None, True, "ValueError"),
        "unjudged": ("no_validation", None, None, False, None),
        "both": ("failed", 0.0, False, True, "KeyError"),
    }
    assert frame.filter(pl.col("status") == "success")["base_scenario_id"].to_list() == ["ok"]
    assert frame.row(2, named=True)["exception_message"] == "boom"
    counts = (results.successful_count, results.failed_count)
    assert counts + (results.exception_count, results.no_validation_count) == (1, 2, 1, 1)
    text = results.description()
    assert "1 success, 2 failed, 1 exception, 1 no_validation" in text
    assert "unjudged[run-1] [no_validation]" in text and "raised[run-1] [exception]" in text


def test_nested_row_extras_become_json_text_columns():
    results = PAREMultiScenarioValidationResult(run_config=ScenarioRunnerConfig())
    errors = [{"time": 1.0, "app": "Emails", "error": "boom"}]
    results.add_result(PAREScenarioValidationResult(success=False), "a", 1, tool_errors=errors)
    results.add_result(PAREScenarioValidationResult(success=True), "a", 2, tool_errors=[])

    frame = results.to_polars()

    assert frame.schema["tool_errors"] == pl.Utf8
    assert [json.loads(v) for v in frame["tool_errors"].to_list()] == [errors, []]


@pytest.mark.parametrize(
    ("exception", "category"),
    [
        ("agents.errors.NoValidAction", "agent"),
        ("agents.errors.ContextOverflow", "agent"),
        ("agents.errors.RetriesExhausted", "infra"),
        ("agents.errors.ModelCallTimeout", "infra"),
        ("agents.errors.EndpointUnavailable", "infra"),
        ("runner.timeout.RunTimeout", "infra"),
        ("agents.errors.EngineError", None),
        ("builtins.KeyError", None),
    ],
)
def test_a_result_rebuilt_from_its_dict_keeps_whose_fault_the_exception_was(exception, category):
    import importlib

    module, _, name = exception.rpartition(".")
    if module != "builtins":
        module = f"pytest_pare.{module}"
    exc_class = getattr(importlib.import_module(module), name)
    result = PAREScenarioValidationResult(success=None, exception=exc_class("boom"))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["exception_category"] == category
    rebuilt = PAREScenarioValidationResult.from_dict(data)
    assert rebuilt.to_dict()["exception_category"] == category
    assert rebuilt.to_dict()["exception_type"] == name


def test_a_foreign_category_attribute_is_not_taken_for_ours():
    from are.simulation.exceptions import InvalidActionAgentError

    result = PAREScenarioValidationResult(success=None, exception=InvalidActionAgentError("x"))
    assert result.to_dict()["exception_category"] is None
