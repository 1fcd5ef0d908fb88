"""Trace export: one JSON file per (scenario, run), for passing, failing and raising runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_pare.runner import run_scenario
from pytest_pare.runner.export import trace_file_stem
from pytest_pare.scenarios import ScenarioRunnerConfig


def _config(tmp_path: Path, **extra) -> ScenarioRunnerConfig:
    extra.setdefault("export_format", "lite")  # the trace these tests read
    return ScenarioRunnerConfig(oracle=True, export=True, output_dir=str(tmp_path), **extra)


def test_a_lite_trace_holds_the_verdict_events_and_notifications(scenarios, tmp_path):
    result = run_scenario(scenarios.three_apps, _config(tmp_path), run_number=2)

    assert result.export_path == str(tmp_path / "runner_three_apps.run2.json")
    trace = json.loads(Path(result.export_path).read_text())
    assert trace["scenario_id"] == "runner_three_apps"
    assert trace["run_number"] == 2
    assert trace["result"]["success"] is True
    assert trace["result"]["write_actions"] == 2
    first = trace["events"][0]
    assert first["event_type"] == "ENV"
    assert (first["app"], first["app_class"], first["function"]) == (
        "Emails",
        "StatefulEmailApp",
        "send_email_to_user_with_id",
    )
    assert first["args"]["subject"] == "New address"
    assert first["return"] == "mail-alice"
    assert [e["sequence"] for e in trace["events"]] == sorted(
        e["sequence"] for e in trace["events"]
    )
    kinds = {n["type"] for n in trace["notifications"]}
    assert {"ENVIRONMENT_NOTIFICATION_USER", "AGENT_MESSAGE", "USER_MESSAGE"} <= kinds


def test_a_run_that_raised_still_gets_its_trace(scenarios, tmp_path):
    class Broken(scenarios.three_apps):
        scenario_id = "runner_broken_validate"

        def validate(self, env):
            raise KeyError("validator bug")

    result = run_scenario(Broken, _config(tmp_path))

    assert isinstance(result.exception, KeyError)
    trace = json.loads(Path(result.export_path).read_text())
    assert trace["result"]["exception_type"] == "KeyError"
    assert trace["result"]["success"] is None
    assert len(trace["events"]) == 6


def test_failed_steps_appear_with_their_exception(scenarios, tmp_path):
    result = run_scenario(scenarios.raising_step, _config(tmp_path))

    trace = json.loads(Path(result.export_path).read_text())
    failed = [e for e in trace["events"] if e["exception"]]
    assert [e["function"] for e in failed] == ["get_email_by_id"]
    assert trace["result"]["tool_errors"][0]["function"] == "get_email_by_id"


@pytest.mark.parametrize("export_format", ["hf", "both"])
def test_hf_and_both_also_write_ares_own_trace_next_to_the_lite_one(
    scenarios, tmp_path, export_format
):
    result = run_scenario(scenarios.three_apps, _config(tmp_path, export_format=export_format))

    stem = tmp_path / trace_file_stem("runner_three_apps", 1)
    assert Path(f"{stem}.json").exists()
    lite = json.loads(Path(f"{stem}.json").read_text())
    if "hf_export_error" in lite:
        pytest.fail(f"ARE's exporter failed: {lite['hf_export_error']}")
    assert json.loads(Path(f"{stem}.hf.json").read_text())
    expected = f"{stem}.hf.json" if export_format == "hf" else f"{stem}.json"
    assert result.export_path == expected


def test_trace_file_names_are_safe_for_any_scenario_id():
    assert trace_file_stem("a b/c:d", 3) == "a_b_c_d.run3"


def test_runs_at_different_noise_levels_get_different_trace_files():
    clean = trace_file_stem("email_reply", 1)
    noisy = trace_file_stem("email_reply", 1, tool_failure_probability=0.1, env_events_per_minute=5)
    events_only = trace_file_stem("email_reply", 1, env_events_per_minute=5)
    assert noisy == "email_reply.tfp0.1-epm5.run1"
    assert len({clean, noisy, events_only}) == 3
