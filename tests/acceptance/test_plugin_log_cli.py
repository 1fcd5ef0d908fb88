"""``-o log_cli=true`` alone shows the agents' steps; without it they never reach stdout."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCENARIO = "pharmacy_pickup_reminder"
BASE = ("-p", "no:cacheprovider", "-p", "no:xdist", "--pare-no-cache", "--pare-model=reference")


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name in [n for n in __import__("os").environ if n.startswith("PARE_")]:
        monkeypatch.delenv(name)
    (pytester.path / "scenarios").mkdir()
    source = REPO / "scenarios" / f"{SCENARIO}.py"
    (pytester.path / "scenarios" / source.name).write_text(source.read_text(encoding="utf-8"))
    return pytester


def test_log_cli_alone_shows_the_agents_steps(project: pytest.Pytester) -> None:
    live = project.runpytest_inprocess(*BASE, "-o", "log_cli=true")
    live.assert_outcomes(passed=1)
    live.stdout.fnmatch_lines(["*INFO*pytest_pare.agents*observe called [[]*send_message_to_user*"])
    # the session put the logger back as it found it
    assert logging.getLogger("pytest_pare").level == logging.NOTSET


def test_without_log_cli_no_agent_step_reaches_stdout(project: pytest.Pytester) -> None:
    quiet = project.runpytest_inprocess(*BASE, "-s")
    quiet.assert_outcomes(passed=1)
    assert not [line for line in quiet.outlines if " called " in line]


def test_a_level_the_user_set_stands(project: pytest.Pytester) -> None:
    chosen = project.runpytest_inprocess(*BASE, "-o", "log_cli=true", "--log-cli-level=WARNING")
    chosen.assert_outcomes(passed=1)
    assert not [line for line in chosen.outlines if " called " in line]
