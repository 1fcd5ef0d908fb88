"""As a user runs it: a real-model session recorded through litellm
replays offline with identical results and event logs; traces per (scenario, run) for
failed and raised runs; agent logs through logging only; every flag the docs name exists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCENARIO = "pharmacy_pickup_reminder"
BASE = ("-p", "no:cacheprovider", "-p", "no:xdist", "-q", "--pare-no-cache")
SESSION_TIMEOUT = 300


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    (pytester.path / "scenarios").mkdir()
    source = REPO / "scenarios" / f"{SCENARIO}.py"
    (pytester.path / "scenarios" / source.name).write_text(source.read_text(encoding="utf-8"))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return pytester


def _session(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(*BASE, *args, timeout=SESSION_TIMEOUT)


def _pharmacy_model(body: dict[str, Any]) -> str:
    """A model behind HTTP that solves the pharmacy scenario in all three roles."""
    from pytest_pare.testing import format_action

    system = body["messages"][0]["content"]
    last = body["messages"][-1]["content"]
    if "role-playing a person" in system:
        if "Proactive assistant messages:" in last:
            return format_action("Yes.", "PAREAgentUserInterface__accept_proposal")
        return format_action("Nothing.", "pass_turn")
    if "accepted your proposal" in system:
        if "Observation" in last:
            return format_action("Done.", "PAREAgentUserInterface__wait")
        return format_action(
            "Add it.",
            "Reminders__add_reminder",
            {
                "title": "Pick up prescription at Hawthorne Pharmacy",
                "due_datetime": "2026-05-14 09:00:00",
                "description": "held until Thursday 6 PM",
            },
        )
    if "Rx 4471902" in last:
        return format_action("Check first.", "Reminders__get_all_reminders")
    if "Observation" in last:
        return format_action(
            "Offer.",
            "PAREAgentUserInterface__send_message_to_user",
            {"content": "Your prescription is held until Thursday 6 PM. Remind you at 9 AM?"},
        )
    return format_action("Watch.", "PAREAgentUserInterface__wait")


def _endpoint_args(url: str) -> list[str]:
    roles = ("user", "observe", "execute")
    return ["--pare-model=local-model", *(f"--pare-{r}-endpoint={url}" for r in roles)]


def _trace(results_dir: Path) -> dict[str, Any]:
    (path,) = (results_dir / "traces").glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def _untimed(agent: dict[str, Any]) -> dict[str, Any]:
    transcript = [
        {**entry, "calls": [{k: v for k, v in c.items() if k != "latency"} for c in entry["calls"]]}
        for entry in agent["transcript"]
    ]
    return {**agent, "transcript": transcript, "usage": _untimed_usage(agent["usage"])}


def _untimed_usage(usage: dict[str, Any]) -> dict[str, Any]:
    """A run's usage block without its wall-clock latencies and without the replay mark."""
    timed = {"latencies", "latency_median", "latency_p90"}
    roles = {
        role: {k: v for k, v in figures.items() if k not in timed}
        for role, figures in usage["roles"].items()
    }
    return {"roles": roles}


def test_a_real_model_session_recorded_through_litellm_replays_offline_identically(
    project: pytest.Pytester,
) -> None:
    from pytest_pare.testing import CompletionServer

    store = project.path / "recordings"
    export = ["--pare-export", "--pare-export-format=lite"]
    with CompletionServer(_pharmacy_model) as server:
        recorded = _session(
            project,
            *_endpoint_args(server.url),
            f"--pare-record={store}",
            "--pare-results-dir=recorded",
            *export,
        )
        calls = len(server.requests)
    recorded.assert_outcomes(passed=1)
    assert calls == len(list(store.rglob("*.json"))) > 3
    # The server is gone: every answer must come from the store.
    replayed = _session(
        project,
        *_endpoint_args(server.url),
        f"--pare-replay={store}",
        "--pare-results-dir=replayed",
        *export,
    )
    replayed.assert_outcomes(passed=1)
    first, again = _trace(project.path / "recorded"), _trace(project.path / "replayed")
    assert first["events"] == again["events"]
    # The replay reports the recorded tokens and their cost, marked as replayed
    # (compared below, but for the latencies).
    assert (first["agent"]["usage"]["replayed"], again["agent"]["usage"]["replayed"]) == (
        False,
        True,
    )
    assert first["agent"]["usage"]["roles"]["user"]["total_tokens"] > 0
    # The session's summary says so too, with the same tokens as the recorded session.
    usage = [
        json.loads((project.path / name / "results.json").read_text())["summary"]["usage"]
        for name in ("recorded", "replayed")
    ]
    assert (usage[0]["replayed"], usage[1]["replayed"]) == (0, 1)
    assert usage[0]["total_tokens"] == usage[1]["total_tokens"] > 0
    replayed.stdout.fnmatch_lines(["replayed: 1 of 1 run(s) answered from a recording*"])
    assert first["result"] == again["result"]
    # Everything the loop reported is the same, but the wall-clock latency of each call.
    assert _untimed(first["agent"]) == _untimed(again["agent"])
    assert (first["result"]["proposal_count"], first["result"]["acceptance_count"]) == (1, 1)


@pytest.mark.slow
def test_each_run_gets_one_trace_failed_or_raised_and_a_failure_names_its_trace(
    project: pytest.Pytester,
) -> None:
    failed = _session(
        project, "--pare-model=idle", "--pare-runs=2", "--pare-export", "--pare-results-dir=idle"
    )
    failed.assert_outcomes(failed=2)
    traces = sorted(p.name for p in (project.path / "idle" / "traces").iterdir())
    stem = SCENARIO
    # The default format (hf) writes ARE's export next to our lite trace.
    assert traces == [f"{stem}.run{n}{ext}" for n in (1, 2) for ext in (".hf.json", ".json")]
    for n in (1, 2):
        failed.stdout.fnmatch_lines([f"trace: *idle/traces/{stem}.run{n}.*json"])

    empty = project.path / "empty"
    empty.mkdir()
    raised = _session(
        project,
        "--pare-model=reference",
        f"--pare-replay={empty}",
        "--pare-export",
        "--pare-export-format=lite",
        "--pare-results-dir=raised",
    )
    raised.assert_outcomes(errors=1)
    trace = _trace(project.path / "raised")
    assert trace["result"]["exception_type"] == "ReplayMissError"
    assert "request hash" in trace["result"]["exception_message"]


@pytest.mark.slow
def test_agent_steps_go_to_logging_and_never_to_stdout(project: pytest.Pytester) -> None:
    quiet = _session(project, "--pare-model=reference", "-s")
    quiet.assert_outcomes(passed=1)
    assert not [line for line in quiet.outlines if " called " in line or "Thought:" in line]

    live = _session(project, "--pare-model=reference", "-o", "log_cli=true", "--log-cli-level=INFO")
    live.assert_outcomes(passed=1)
    shown = live.stdout.str()
    for step in (
        "user called ['pass_turn']",
        "observe called ['PAREAgentUserInterface__send_message_to_user']",
        "user called ['PAREAgentUserInterface__accept_proposal']",
        "execute called ['Reminders__add_reminder', 'PAREAgentUserInterface__wait']",
    ):
        assert step in shown


def _registered_flags(pytester: pytest.Pytester) -> set[str]:
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--help")
    return set(re.findall(r"--pare-[a-z0-9-]+", result.stdout.str()))


_ROLE_TEMPLATE = re.compile(r"--pare-(<role>|\*)-")


def _named_flags(text: str) -> set[str]:
    flags = set()
    for match in re.finditer(r"--pare-(?:<role>-|\*-)?[a-z0-9-]*[a-z0-9]", text):
        flag = match.group(0)
        if _ROLE_TEMPLATE.match(flag):
            roles = ("user", "observe", "execute")
            flags |= {_ROLE_TEMPLATE.sub(f"--pare-{r}-", flag) for r in roles}
        elif flag != "--pare-":
            flags.add(flag)
    return flags


def test_every_flag_the_docs_and_error_messages_name_exists(pytester: pytest.Pytester) -> None:
    registered = _registered_flags(pytester)
    sources = [REPO / "README.md", REPO / "docs" / "agents.md"]
    sources += sorted((REPO / "pytest_pare" / "agents").rglob("*.py"))
    unknown = {
        f"{path.relative_to(REPO)}: {flag}"
        for path in sources
        for flag in _named_flags(path.read_text(encoding="utf-8"))
        if flag not in registered
    }
    assert not unknown, sorted(unknown)
