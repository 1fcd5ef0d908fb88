"""What a reader must see before trusting the figures: oracle steps that raised, lost runs."""

from __future__ import annotations

from pytest_pare.report.frame import frame_from_rows
from pytest_pare.report.html import render_html
from pytest_pare.report.stats import summarize, summary_lines

RAISED = {"time": 1.0, "app": "StatefulEmailApp", "function": "reply", "error": "KeyError: 'e9'"}


def oracle_row(sid: str, *, errors: list, success: bool = True, tfp: float = 0.0) -> dict:
    return {
        "scenario_id": sid,
        "run_number": 1,
        "success": success,
        "agent_type": "oracle",
        "tool_failure_probability": tfp,
        "noise_id": "clean" if tfp == 0 else f"tfp{tfp:g}-epm0",
        "tool_errors": errors,
        "tool_error_count": len(errors),
    }


def rows() -> list[dict]:
    return [
        oracle_row("alpha", errors=[RAISED, RAISED]),
        oracle_row("beta", errors=[]),
        # Under tool-failure noise a failed oracle step is the noise, not a defect.
        oracle_row("gamma", errors=[RAISED], tfp=0.5, success=False),
    ]


def test_oracle_steps_that_raised_without_noise_are_counted_even_when_the_run_passed() -> None:
    found = summarize(frame_from_rows(rows()))["oracle_step_errors"]
    assert (found["runs"], found["steps"], found["passed"]) == (1, 2, 1)
    assert found["examples"] == [
        {
            "scenario_id": "alpha",
            "run_number": 1,
            "noise_id": "clean",
            "status": "passed",
            "steps": 2,
            "first": "StatefulEmailApp.reply: KeyError: 'e9'",
        }
    ]


def test_the_terminal_summary_names_the_run_the_step_and_the_strict_option() -> None:
    lines = summary_lines(summarize(frame_from_rows(rows())))
    [line] = [x for x in lines if x.startswith("oracle steps raised")]
    assert "1 run(s) (2 step(s); 1 of those runs passed anyway)" in line
    assert "alpha run 1: StatefulEmailApp.reply: KeyError: 'e9'" in line
    assert line.endswith("--pare-strict-oracle fails such runs")


def test_no_line_and_no_notice_when_no_oracle_step_raised() -> None:
    clean = [oracle_row("beta", errors=[])]
    summary = summarize(frame_from_rows(clean))
    assert summary["oracle_step_errors"] is None
    assert not any(x.startswith("oracle steps raised") for x in summary_lines(summary))
    assert 'class="gate bad notice"' not in render_html({"rows": clean})


def test_the_html_report_shows_oracle_steps_that_raised_and_an_interrupted_session() -> None:
    completion = {
        "complete": False,
        "interrupted": True,
        "reason": "interrupted by the user (Ctrl-C / SIGINT)",
        "selected": 5,
        "reported": 3,
        "crashed": 0,
        "not_run": 2,
    }
    page = render_html({"rows": rows(), "completion": completion})
    assert "Oracle steps raised in 1 run(s) (1 passed anyway)" in page
    assert "alpha run 1 (passed, 2 step(s)): StatefulEmailApp.reply: KeyError: &#39;e9&#39;" in page
    assert "Session interrupted" in page
    assert "3 of 5 selected runs reported a result" in page
    assert "Why: interrupted by the user (Ctrl-C / SIGINT)" in page
