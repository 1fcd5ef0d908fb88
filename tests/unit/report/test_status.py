"""One rule names how a run ended; the figures, texts and report follow it."""

from __future__ import annotations

import pytest

from pytest_pare.report.stats import frame_from_rows, summarize, summary_lines
from pytest_pare.report.status import pytest_outcome, run_status


@pytest.mark.parametrize(
    ("success", "exception_type", "category", "status", "outcome"),
    [
        (True, None, None, "passed", "passed"),
        (False, None, None, "failed", "failed"),
        (None, None, None, "no_validation", "failed"),
        (None, "NoValidAction", "agent", "agent_error", "failed"),
        (None, "ContextOverflow", "agent", "agent_error", "failed"),
        (None, "RunTimeout", "infra", "infra_error", "error"),
        (None, "RetriesExhausted", "infra", "infra_error", "error"),
        (None, "KeyError", None, "error", "error"),
        (True, "KeyError", None, "error", "error"),  # an exception wins over a verdict
        (None, "Odd", "something-else", "error", "error"),
    ],
)
def test_a_runs_status_and_pytest_outcome_follow_its_exceptions_category(
    success, exception_type, category, status, outcome
) -> None:
    assert run_status(success, exception_type, category) == status
    assert pytest_outcome(status) == outcome


def _row(sid: str, run: int, success: bool | None, exc: str | None, cat: str | None) -> dict:
    return {
        "scenario_id": sid,
        "run_number": run,
        "success": success,
        "status": run_status(success, exc, cat),
        "exception_type": exc,
        "exception_category": cat,
        "exception_message": f"{exc}: details of run {run}" if exc else None,
    }


ROWS = [
    _row("a", 1, True, None, None),
    _row("a", 2, None, "NoValidAction", "agent"),
    _row("b", 1, False, None, None),
    _row("b", 2, None, "RunTimeout", "infra"),
    _row("c", 1, None, "KeyError", None),
    _row("c", 2, True, None, None),
]


def test_the_summary_counts_agent_and_infra_errors_among_the_errors() -> None:
    s = summarize(frame_from_rows(ROWS))
    assert (s["passed"], s["failed"], s["errors"], s["agent_errors"], s["infra_errors"]) == (
        2,
        1,
        3,
        1,
        1,
    )
    assert s["trials"] == 5  # the infra error is left out of the rate (--pare-infra-errors=error)
    by_scenario = {sc["scenario_id"]: sc for sc in s["by_scenario"]}
    assert (by_scenario["a"]["errors"], by_scenario["a"]["agent_errors"]) == (1, 1)
    assert by_scenario["a"]["reason"] == "NoValidAction: details of run 2"
    assert (by_scenario["b"]["errors"], by_scenario["b"]["infra_errors"]) == (1, 1)


def test_an_agent_error_counts_as_a_failure_even_when_errors_are_left_out() -> None:
    s = summarize(frame_from_rows(ROWS), exclude_exceptions=True)
    # passed 2, failed 1, agent error 1 counted; infra and plain errors excluded.
    assert (s["successes"], s["trials"]) == (2, 4)


def test_a_row_of_an_older_file_gets_its_status_from_the_exception() -> None:
    old = dict(ROWS[1], status="error")
    s = summarize(frame_from_rows([old]))
    assert (s["agent_errors"], s["errors"]) == (1, 1)


def test_the_summary_lines_name_agent_and_infra_errors_and_whole_first_lines() -> None:
    long = "x" * 300
    rows = [*ROWS, dict(_row("d", 1, None, "RunTimeout", "infra"), exception_message=long)]
    text = "\n".join(summary_lines(summarize(frame_from_rows(rows))))
    assert "1 failed, 4 errors (1 agent, 2 infra)" in text
    assert "a (1/2 passed, 1 errors (1 agent))" in text
    assert long in text  # not cut after ~100 characters


def test_rows_carry_the_category_and_say_it_in_the_error_text() -> None:
    from pytest_pare._session.rows import error_text, run_row
    from pytest_pare.agents.errors import NoValidAction
    from pytest_pare.options.values import NoiseLevel
    from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult as Result

    exc = NoValidAction("the user model gave 4 answers in a row without a valid action")
    row = run_row(
        Result(success=None, exception=exc),
        scenario_id="alpha",
        run_number=1,
        noise=NoiseLevel(0.0, 0.0),
        apps=(),
        tags=(),
        cached=False,
        nodeid="s/alpha.py::alpha",
        oracle=False,
        run_config=None,
    )
    assert (row["status"], row["exception_category"], row["has_exception"]) == (
        "agent_error",
        "agent",
        True,
    )
    text = error_text(row, exc, "alpha", 1, traceback=False)
    assert text.startswith("alpha run 1 raised NoValidAction (agent error): the user model")


def test_the_html_report_marks_agent_and_infra_errors_apart() -> None:
    import json
    import re

    from pytest_pare.report.html import render_html

    page = render_html({"rows": ROWS})
    match = re.search(r'<script type="application/json" id="pare-data">(.*?)</script>', page, re.S)
    assert match is not None
    data = json.loads(match.group(1))
    codes = {s["id"]: [r[2] for r in s["r"]] for s in data["scenarios"]}
    assert codes == {"a": ["P", "A"], "b": ["F", "I"], "c": ["E", "P"]}
    a = next(s for s in data["scenarios"] if s["id"] == "a")
    assert (a["agent_errors"], a["errors"], a["infra_errors"]) == (1, 1, 0)
    assert "agent error (the model misbehaved)" in page
    assert '<option value="infra_error">' in page
