"""A run's row and texts are built from plain values, without a pytest item."""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import pytest

from pytest_pare._session.rows import error_text, failure_text, run_row, scenario_source
from pytest_pare.options.values import NoiseLevel
from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult as Result


def _row(result: Result, **overrides: object) -> dict:
    kwargs: dict = {
        "scenario_id": "alpha",
        "run_number": 2,
        "noise": NoiseLevel(0.1, 5.0),
        "apps": ("email",),
        "tags": ("multi-app",),
        "cached": False,
        "nodeid": "scenarios/alpha.py::alpha[tfp0.1-epm5-run-2]",
        "oracle": True,
        "run_config": None,
    }
    return run_row(result, **{**kwargs, **overrides})


def test_a_finished_run_gives_its_schema_columns_and_noise_level() -> None:
    row = _row(Result(success=True, proposal_count=2, acceptance_count=1, number_of_turns=4))
    assert row["status"] == "passed" and row["has_exception"] is False
    assert (row["proposal_rate"], row["acceptance_rate"]) == (0.5, 0.5)
    assert (row["noise_id"], row["tool_failure_probability"]) == ("tfp0.1-epm5", 0.1)
    assert (row["apps"], row["tags"], row["agent_type"]) == (["email"], ["multi-app"], "oracle")
    assert row["user_model"] is None


def test_proposals_per_turn_are_undefined_not_zero_for_a_run_without_turns() -> None:
    # An oracle run proposes without turns: its per-turn figure is unknown, not 0.
    row = _row(Result(success=True, proposal_count=1, acceptance_count=1, number_of_turns=0))
    assert row["proposal_rate"] is None and row["proposal_count"] == 1


def test_a_run_that_raised_is_an_error_row_and_its_text_names_the_trace() -> None:
    exc = ConnectionError("model API unreachable")
    row = _row(Result(success=None, exception=exc, export_path="t/alpha.json"))
    assert (row["status"], row["exception_type"]) == ("error", "ConnectionError")
    text = error_text(row, exc, "alpha", 2, traceback=False)
    assert text.splitlines() == [
        "alpha run 2 raised ConnectionError: model API unreachable  "
        "(--tb=long shows the traceback)",
        "trace: t/alpha.json",
    ]


def test_a_failed_run_text_gives_the_rationale_trace_and_cache_note() -> None:
    result = Result(success=False, rationale="no reply sent", export_path="t/alpha.json")
    assert failure_text(result, "alpha", 2, cached=True).splitlines() == [
        "alpha run 2 failed validation: no reply sent",
        "trace: t/alpha.json",
        "(cached result)",
    ]


def test_an_agent_row_records_each_roles_generation_settings() -> None:
    from pytest_pare.scenarios.config import ScenarioRunnerConfig

    config = ScenarioRunnerConfig(observe_temperature=0.3, observe_seed=11)
    row = _row(Result(success=True), oracle=False, run_config=config)
    assert (row["observe_temperature"], row["observe_seed"]) == (0.3, 11)
    assert row["observe_max_tokens"] == config.observe_max_tokens
    assert row["user_max_prompt_tokens"] == config.user_max_prompt_tokens
    assert row["user_temperature"] is None and row["execute_seed"] is None
    oracle_row = _row(Result(success=True), oracle=True, run_config=config)
    assert oracle_row["observe_max_tokens"] is None


def test_an_error_text_says_which_part_of_the_run_raised() -> None:
    exc = KeyError("reminder_id")
    result = Result(success=None, exception=exc, exception_stage="validate")
    row = _row(result)
    assert row["exception_stage"] == "validate"
    text = error_text(row, exc, "alpha", 2, traceback=False)
    assert text.splitlines()[1].startswith("(raised in the scenario's validate();")
    assert "pytest reports every run error 'at setup'" in text


SOURCE = """\
def register(cls):
    return cls


@register
@register
class Decorated:
    pass


class Outer:
    class Decorated:
        pass


def make():
    class Local:
        pass

    return Local
"""


def test_a_scenario_source_line_is_its_first_decorator_or_class_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As inspect tells it (CI annotations and reports point there), with or without
    # compiled bytecode to read the class bodies from.
    (tmp_path / "scenario_lines.py").write_text(SOURCE)
    monkeypatch.syspath_prepend(str(tmp_path))
    for writes_bytecode in (False, True):
        monkeypatch.setattr(sys, "dont_write_bytecode", not writes_bytecode)
        sys.modules.pop("scenario_lines", None)
        module = importlib.import_module("scenario_lines")
        local = module.make()
        line = {
            cls: scenario_source(cls, tmp_path).line
            for cls in (module.Decorated, module.Outer.Decorated, local)
        }
        assert line[module.Decorated] == 5 == inspect.getsourcelines(module.Decorated)[1]
        assert line[module.Outer.Decorated] == 12
        assert line[local] == inspect.getsourcelines(local)[1] == 17
        assert scenario_source(module.Decorated, tmp_path).file == "scenario_lines.py"
