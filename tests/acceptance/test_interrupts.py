"""Ctrl-C, SIGTERM and --pare-session-timeout stop a session within seconds, in every mode,
and write what finished.

Each session runs two shipped scenarios against a server in this process: the
first is answered at once (it finishes, failing validation), every call of the
second hangs. The signal goes out once the second run is stuck in its HTTP read
(the server says so) and the first one finished: the terminal shows its result
(under xdist, which may show it only at the end: its trace file exists).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.testing import CompletionServer, Reply, format_action

pytest.importorskip("litellm")

#: what a loaded two-core machine may take to wind a session down and write its files
STOP_BOUND = 30.0
FINISHES, HANGS = "dinner_moved_calendar_update", "friend_new_number_contact_update"


def _script(body: dict[str, Any]) -> Reply | str:
    system = body["messages"][0]["content"]
    if "Keep your contacts tidy" in system:  # the persona of HANGS
        return Reply.hang()
    if "role-playing a person" in system:
        return format_action("Nothing to do.", "pass_turn")
    return format_action("Nothing to propose.", "PAREAgentUserInterface__wait")


def _results(project: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((project / "pare-results" / "results.json").read_text())
    return {row["scenario_id"]: row for row in document["rows"]}


def _interrupt(
    project: Path, mode: list[str], signum: int, *, group: bool
) -> tuple[int, float, str]:
    with CompletionServer(_script, lifetime=300) as server:
        url = server.url
        args = [
            sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "--pare-no-cache",
            "--pare-export", "--pare-export-format=lite",
            "--pare-model=tiny-model", f"--pare-user-endpoint={url}",
            f"--pare-observe-endpoint={url}", f"--pare-execute-endpoint={url}", *mode,
        ]  # fmt: skip
        # faulthandler: a session that hangs is sent SIGABRT and prints every thread's stack.
        env = dict(
            os.environ,
            LITELLM_LOCAL_MODEL_COST_MAP="True",
            PYTHONUNBUFFERED="1",
            PYTHONFAULTHANDLER="1",
        )
        env = {k: v for k, v in env.items() if not k.startswith("PARE_")}
        session = subprocess.Popen(
            args,
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        reported = threading.Event()
        output: list[str] = []

        def watch() -> None:
            assert session.stdout is not None
            for line in session.stdout:
                output.append(line)
                if FINISHES in line and "FAILED" in line:
                    reported.set()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            assert server.waiting.wait(180), "the hanging run never reached the server"
            if "-n" in mode:
                trace = project / "pare-results" / "traces" / f"{FINISHES}.run1.json"
                give_up = time.monotonic() + 180
                while not trace.exists():  # a poll bounded by a deadline, only on failure reached
                    assert time.monotonic() < give_up, "the first run never finished"
                    reported.wait(0.2)
            else:
                assert reported.wait(180), "the first run never reported"
            sent = time.monotonic()
            if group:  # Ctrl-C in a terminal reaches every process of the group
                os.killpg(session.pid, signum)
            else:
                session.send_signal(signum)
            try:
                returncode = session.wait(timeout=120)
            except subprocess.TimeoutExpired:
                session.send_signal(signal.SIGABRT)
                session.wait(timeout=60)
                watcher.join(timeout=10)
                pytest.fail(
                    "the session had not exited 120 s after the signal; its output, ending "
                    "with every thread's stack:\n" + "".join(output[-300:])
                )
            took = time.monotonic() - sent
            watcher.join(timeout=10)
            return returncode, took, "".join(output[-200:])
        finally:
            if session.poll() is None:
                os.killpg(session.pid, signal.SIGKILL)
                session.wait()


MODES = {
    "serial": ["-p", "no:xdist"],
    "concurrency": ["-p", "no:xdist", "--pare-concurrency=2"],
    "xdist": ["-n", "2"],
}


@pytest.mark.parametrize("mode", list(MODES))
def test_ctrl_c_stops_the_session_within_seconds_and_writes_what_finished(
    real_project: pytest.Pytester, mode: str
) -> None:
    returncode, took, output = _interrupt(real_project.path, MODES[mode], signal.SIGINT, group=True)
    assert returncode == pytest.ExitCode.INTERRUPTED, output
    assert took < STOP_BOUND, output
    # pytest names where the session was, as for Python's own Ctrl-C, not our handler.
    assert "_session/bounds.py" not in output, output
    rows = _results(real_project.path)
    assert rows[HANGS]["exception_type"] == "NotRun", output
    assert "interrupted" in rows[HANGS]["exception_message"], output
    assert rows[FINISHES]["status"] == "failed", output


@pytest.mark.parametrize("mode", ["serial", "concurrency"])
def test_sigterm_writes_the_results_too(real_project: pytest.Pytester, mode: str) -> None:
    returncode, took, output = _interrupt(
        real_project.path, MODES[mode], signal.SIGTERM, group=False
    )
    assert returncode == pytest.ExitCode.INTERRUPTED, output
    assert took < STOP_BOUND, output
    rows = _results(real_project.path)
    assert rows[FINISHES]["status"] == "failed", output
    assert "SIGTERM" in rows[HANGS]["exception_message"], output


def test_the_session_timeout_stops_the_run_in_flight_and_reports_the_rest_as_not_run(
    real_project: pytest.Pytester,
) -> None:
    # Only the hanging scenario runs first: it is stopped at the session's bound;
    # the other never starts.
    (real_project.path / "scenarios" / f"{FINISHES}.py").rename(
        real_project.path / "scenarios" / f"z_{FINISHES}.py"
    )
    with CompletionServer(_script, lifetime=300) as server:
        url = server.url
        started = time.monotonic()
        result = real_project.runpytest_inprocess(
            "-p", "no:xdist", "-p", "no:cacheprovider", "--pare-no-cache",
            "--pare-model=tiny-model", f"--pare-user-endpoint={url}",
            f"--pare-observe-endpoint={url}", f"--pare-execute-endpoint={url}",
            "--pare-session-timeout=5",
        )  # fmt: skip
        took = time.monotonic() - started
    assert took < 5 + STOP_BOUND
    assert result.ret == pytest.ExitCode.INTERRUPTED
    rows = _results(real_project.path)
    assert (rows[HANGS]["status"], rows[HANGS]["exception_type"]) == ("infra_error", "RunStopped")
    assert "--pare-session-timeout of 5 s passed" in rows[HANGS]["exception_message"]
    assert rows[FINISHES]["exception_type"] == "NotRun"
    assert "--pare-session-timeout of 5 s passed" in rows[FINISHES]["exception_message"]
    result.stdout.fnmatch_lines(["*session stopped early: --pare-session-timeout of 5 s passed*"])
