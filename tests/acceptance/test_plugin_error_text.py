"""The error text of a run that raised points at its exported trace, as a failure's does."""

from __future__ import annotations

RAISING_RUNNER_CONFTEST = """
import pytest

from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult as Result


def raising_run(cls, config, *, run_number=1):
    try:
        raise ConnectionError("model API unreachable")
    except ConnectionError as exc:
        return Result(success=None, exception=exc, export_path="pare-results/traces/boom.json")


@pytest.hookimpl
def pytest_pare_make_runner(item):
    return raising_run
"""


def test_a_run_that_raised_names_its_trace_in_the_error_text(pare_project) -> None:
    pare_project.pytester.makeconftest(RAISING_RUNNER_CONFTEST)
    pare_project.add("alpha_boom")
    for tb in ("--tb=short", "--tb=long"):
        result = pare_project.run(tb)
        result.assert_outcomes(errors=1)
        result.stdout.fnmatch_lines(
            [
                "*alpha_boom run 1 raised ConnectionError: model API unreachable*",
                "trace: pare-results/traces/boom.json*",
            ]
        )
