"""Fault injection, scenarios that misbehave: what the terminal, results.json and the HTML say.

Real scenarios on the real runner (oracle mode): one whose ``validate()``
raises, one whose oracle plan has a step that raises although the run still
passes. Each test asserts the exit code, the message and the rows.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "antibiotic_dose_reminders.py"

MISBEHAVING = '''

@register_scenario("broken_validate")
class BrokenValidate(AntibioticDoseReminders):
    """Its own check has a bug."""

    def validate(self, env):
        raise KeyError("reminder_id")


@register_scenario("raising_oracle_step")
class RaisingOracleStep(AntibioticDoseReminders):
    """One expected step deletes a reminder that does not exist (a defect of the plan)."""

    def build_events_flow(self) -> None:
        super().build_events_flow()
        with EventRegisterer.capture_mode():
            stray = self.oracle(self.reminders, after=self.events[-1]).delete_reminder(
                reminder_id="no-such-reminder"
            )
        self.events.append(stray)
'''

BASE = ("-p", "no:cacheprovider", "-p", "no:xdist", "--pare-oracle", "--pare-no-cache")


@pytest.fixture
def misbehaving(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    if not REPO_SCENARIO.exists():
        pytest.skip(f"shipped scenario {REPO_SCENARIO} is gone; base the test on another")
    for name in [n for n in os.environ if n.startswith("PARE_")]:
        monkeypatch.delenv(name)
    (pytester.path / "scenarios").mkdir()
    source = REPO_SCENARIO.read_text(encoding="utf-8") + MISBEHAVING
    (pytester.path / "scenarios" / "misbehaving.py").write_text(source, encoding="utf-8")
    return pytester


def _results(pytester: pytest.Pytester) -> dict:
    return json.loads((pytester.path / "pare-results" / "results.json").read_text())


def test_an_exception_in_validate_says_it_came_from_validate_not_setup(misbehaving) -> None:
    result = misbehaving.runpytest_inprocess(*BASE, "-k", "broken_validate")

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of scenario broken_validate*",
            "broken_validate run 1 raised KeyError: 'reminder_id'*",
            "(raised in the scenario's validate(); pytest reports every run error 'at setup', "
            "where the run happens)",
        ]
    )
    (row,) = _results(misbehaving)["rows"]
    assert (row["status"], row["exception_type"], row["exception_stage"]) == (
        "error",
        "KeyError",
        "validate",
    )


def test_an_oracle_step_that_raised_is_shown_although_the_run_passed(misbehaving) -> None:
    result = misbehaving.runpytest_inprocess(*BASE, "-k", "raising_oracle_step")

    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "oracle steps raised in 1 run(s) (1 step(s); 1 of those runs passed anyway): "
            "raising_oracle_step run 1: StatefulReminderApp.delete_reminder: *no-such-reminder*"
            "--pare-strict-oracle fails such runs"
        ]
    )
    doc = _results(misbehaving)
    (row,) = doc["rows"]
    assert (row["status"], row["tool_error_count"]) == ("passed", 1)
    assert doc["summary"]["oracle_step_errors"]["runs"] == 1
    page = (misbehaving.path / "pare-results" / "report.html").read_text()
    assert "Oracle steps raised in 1 run(s) (1 passed anyway)" in page
    assert "StatefulReminderApp.delete_reminder" in page

    strict = misbehaving.runpytest_inprocess(
        *BASE, "-k", "raising_oracle_step", "--pare-strict-oracle"
    )
    strict.assert_outcomes(failed=1)


def test_proposal_figures_keep_one_meaning_per_name(misbehaving) -> None:
    result = misbehaving.runpytest_inprocess(*BASE, "-k", "antibiotic_dose_reminders")

    result.assert_outcomes(passed=1)
    doc = _results(misbehaving)
    (row,) = doc["rows"]
    # The oracle run proposed once, with no turns: proposals per turn are unknown, not 0.
    assert (row["proposal_count"], row["number_of_turns"], row["proposal_rate"]) == (1, 0, None)
    summary = doc["summary"]
    assert summary["share_of_runs_with_proposal"] == 1.0
    assert "proposal_rate" not in summary
    result.stdout.fnmatch_lines(["proposals in 100.0% of runs (1.00/run), 100.0% accepted*"])
