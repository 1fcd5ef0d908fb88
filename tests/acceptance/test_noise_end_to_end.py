"""Noise end to end: real scenario runs through pytest, in oracle and agent (reference) mode.

The other noise tests swap the runner for a fake; these run a shipped scenario
on ARE so that the options, the marker and the matrix are seen to change what
happens inside the run: failed tool calls and background events in the log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
# Messaging receives background messages; the assistant writes a reminder.
SCENARIO = "pharmacy_pickup_reminder"
MODES = [
    pytest.param(("--pare-oracle",), id="oracle"),
    pytest.param(("--pare-model=reference",), id="agent"),
]
BACKGROUND = "env_expansion_"  # id prefix of the events the noise expander adds


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name in list(os.environ):
        if name.startswith("PARE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    source = REPO / "scenarios" / f"{SCENARIO}.py"
    if not source.exists():
        pytest.skip(f"shipped scenario {SCENARIO} is not available")
    (pytester.path / "scenarios").mkdir()
    (pytester.path / "scenarios" / f"{SCENARIO}.py").write_text(source.read_text("utf-8"), "utf-8")
    return pytester


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:xdist", "--pare-no-cache", *args
    )


def _results(pytester: pytest.Pytester) -> dict[str, Any]:
    return json.loads((pytester.path / "pare-results" / "results.json").read_text())


def _traces(pytester: pytest.Pytester) -> list[dict[str, Any]]:
    folder = pytester.path / "pare-results" / "traces"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.run*.json"))]


def _export(*args: str) -> tuple[str, ...]:
    return (*args, "--pare-export", "--pare-export-format=lite")


@pytest.mark.parametrize("mode", MODES)
def test_a_failing_tool_breaks_the_run_in_both_modes_and_a_clean_run_passes(project, mode):
    _run(project, *mode, "--pare-tool-failure-probability=0").assert_outcomes(passed=1)

    noisy = _run(project, *_export(*mode, "--pare-tool-failure-probability=1"))

    noisy.assert_outcomes(failed=1)
    row = _results(project)["rows"][0]
    assert row["tool_failure_probability"] == 1.0
    assert "add_reminder" in row["rationale"]  # the assistant's write never happened
    # The failed calls are in the trace and the row, with the tool's failure message.
    failed = [e for e in _traces(project)[0]["events"] if e["exception"]]
    assert "add_reminder" in [e["function"] for e in failed]
    assert all("failed with error: Internal error" in e["exception"] for e in failed)
    assert [e["function"] for e in row["tool_errors"]] == [e["function"] for e in failed]


def _background(trace: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in trace["events"] if e["event_id"].startswith(BACKGROUND)]


@pytest.mark.parametrize(("rate", "expected"), [(1, 6), (5, 30), (10, 60)])
def test_the_number_of_background_events_follows_the_rate(project, rate, expected):
    # The shipped scenario sets no duration: ARE's 360 s noise horizon applies,
    # and an oracle run lasts until its last event.
    result = _run(project, *_export("--pare-oracle", f"--pare-env-events-per-minute={rate}"))

    result.assert_outcomes(passed=1)
    (trace,) = _traces(project)
    background = _background(trace)
    assert len(background) == expected
    assert {(e["event_type"], e["app_class"]) for e in background} == {
        ("ENV", "StatefulMessagingApp")
    }


def test_background_events_reach_an_agent_run_and_the_user_sees_who_wrote(project):
    result = _run(project, *_export("--pare-model=reference", "--pare-env-events-per-minute=5"))

    result.assert_outcomes(passed=1)
    (trace,) = _traces(project)
    background = _background(trace)
    # An agent run ends after its turns, not at the noise horizon: the events
    # that fall inside it happen, at 5 per simulated minute.
    duration = trace["end_time"] - trace["start_time"]
    assert background and len(background) <= 5 * duration / 60 + 3
    senders = {e["args"]["sender_id"] for e in background}
    to_user = [n["message"] for n in trace["notifications"] if n["type"].endswith("_USER")]
    assert len(to_user) >= len(background)
    assert not any(sender in m for m in to_user for sender in senders)  # names, not ids


def test_the_matrix_runs_real_levels_selects_by_k_and_reports_the_robustness_delta(project):
    matrix = "--pare-noise-matrix=tfp=0,1;epm=0,5"
    selected = _run(project, "--pare-oracle", matrix, "-k", "tfp1", "-v")
    selected.assert_outcomes(failed=2)
    selected.stdout.fnmatch_lines(["*[[]tfp1-epm0[]] FAILED*", "*[[]tfp1-epm5[]] FAILED*"])

    full = _run(project, "--pare-oracle", matrix, "-v")

    full.assert_outcomes(passed=2, failed=2)
    full.stdout.fnmatch_lines(
        [
            f"*{SCENARIO}[[]tfp0-epm0[]] PASSED*",
            f"*{SCENARIO}[[]tfp0-epm5[]] PASSED*",
            f"*{SCENARIO}[[]tfp1-epm0[]] FAILED*",
            f"*{SCENARIO}[[]tfp1-epm5[]] FAILED*",
            "*by noise: clean 100.0%*tfp0-epm5 100.0%*tfp1-epm0 0.0%*tfp1-epm5 0.0%*",
            f"*robustness (clean minus noisy success)*{SCENARIO} +66.7 pts*",
        ]
    )
    results = _results(project)
    assert {r["noise_id"]: r["status"] for r in results["rows"]} == {
        "clean": "passed",
        "tfp0-epm5": "passed",
        "tfp1-epm0": "failed",
        "tfp1-epm5": "failed",
    }
    (entry,) = results["summary"]["robustness"]
    assert entry["clean"] == 1.0 and entry["noisy"]["tfp1-epm5"] == 0.0
    assert "robustness" in (project.path / "pare-results" / "report.txt").read_text()


def _append(project: pytest.Pytester, text: str) -> None:
    path = project.path / "scenarios" / f"{SCENARIO}.py"
    path.write_text(path.read_text() + "\n" + text + "\n")


def test_a_module_marker_sets_the_noise_of_a_real_run_and_the_fixture_reports_it(project):
    _append(
        project, "import pytest\npytestmark = pytest.mark.pare_noise(tool_failure_probability=1)"
    )
    project.makeconftest(
        """
import pytest

@pytest.fixture(autouse=True)
def show_noise(request, pare_noise):
    print(f"NOISE {pare_noise.tool_failure_probability} {pare_noise.env_events_per_minute}")
"""
    )

    result = _run(project, "--pare-oracle", "-s", "--strict-markers")

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NOISE 1.0 0.0*"])
    assert _results(project)["rows"][0]["noise_id"] == "tfp1-epm0"


def test_a_class_marker_is_closer_than_the_module_marker(project):
    _append(
        project,
        "import pytest\n"
        "pytestmark = pytest.mark.pare_noise(env_events_per_minute=3)\n"
        "PharmacyPickupReminder.pytestmark = [pytest.mark.pare_noise(env_events_per_minute=7)]",
    )

    result = _run(project, "--pare-oracle")

    result.assert_outcomes(passed=1)
    assert _results(project)["rows"][0]["noise_id"] == "tfp0-epm7"


@pytest.mark.parametrize(
    ("marker", "problem"),
    [
        ("pare_noise(tfp=1)", "unexpected argument(s) tfp=1"),
        ("pare_noise(0.1)", "unexpected argument(s) 0.1"),
        ("pare_noise(tool_failure_probability=2)", "tool_failure_probability: expected a number"),
        ("pare_noise(env_events_per_minute=-1)", "env_events_per_minute: expected a number"),
    ],
)
def test_a_bad_noise_marker_fails_collection_naming_the_problem_and_the_fix(
    project, marker, problem
):
    _append(project, f"import pytest\npytestmark = pytest.mark.{marker}")

    result = _run(project, "--pare-oracle")

    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [f"*pare_noise marker: {problem}*use pare_noise(tool_failure_probability=P in [[]0, 1[]]*"]
    )


@pytest.mark.parametrize(
    "option",
    ["--pare-env-events-per-minute=inf", "--pare-noise-matrix=tfp=0;epm=0,inf"],
)
def test_an_infinite_event_rate_is_a_usage_error_not_one_error_per_run(project, option):
    result = _run(project, "--pare-oracle", option)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*expected a number >= 0, got 'inf'*"])


_NOISE = [
    "--pare-tool-failure-probability=0.5",
    "--pare-env-events-per-minute=5",
    "--pare-env-events-seed=3",
    "--pare-runs=3",
    "--pare-export",
    "--pare-export-format=lite",
]


@pytest.mark.parametrize(
    "mode",
    [
        pytest.param(("--pare-oracle",), id="oracle"),
        pytest.param(("--pare-model=reference",), id="agent", marks=pytest.mark.slow),
    ],
)
def test_the_same_seed_gives_the_same_events_and_failures_in_two_processes(project, mode):
    # Two separate pytest processes, with different hash seeds, started together.
    procs = []
    for hash_seed, folder in (("1", "first"), ("977", "second")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q"]
        cmd += [*mode, "--pare-no-cache", *_NOISE, f"--pare-results-dir={folder}"]
        procs.append(
            subprocess.Popen(
                cmd, cwd=project.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
        )
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1), out.decode()

    def observed(folder: str) -> list[tuple[Any, ...]]:
        runs = []
        for path in sorted((project.path / folder / "traces").glob("*.json")):
            events = json.loads(path.read_text())["events"]
            runs.append(
                tuple(
                    (
                        e["time"],
                        e["event_id"],
                        json.dumps(e["args"], sort_keys=True),
                        e["exception"],
                    )
                    for e in events
                )
            )
        return runs

    first, second = observed("first"), observed("second")
    assert len(first) == 3 and first == second
    # Each run draws its own events and failures: runs differ from one another.
    assert len(set(first)) == 3
    assert all(any(e[1].startswith(BACKGROUND) for e in run) for run in first)
    assert any(e[3] for run in first for e in run)  # failed calls happened, identically
    if mode == ("--pare-oracle",):
        assert sum(len([e for e in run if e[1].startswith(BACKGROUND)]) for run in first) == 90
