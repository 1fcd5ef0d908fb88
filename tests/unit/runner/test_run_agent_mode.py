"""Agent mode: run_scenario prepares, hands the environment to the two-agent loop, validates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytest_pare.runner import run_scenario
from pytest_pare.scenarios import ScenarioRunnerConfig


def _agents(model: str) -> ScenarioRunnerConfig:
    return ScenarioRunnerConfig(
        oracle=False, user_model=model, observe_model=model, execute_model=model
    )


def test_the_reference_policy_passes_through_the_two_agent_loop(scenarios):
    result = run_scenario(scenarios.three_apps, _agents("reference"))

    assert result.exception is None
    assert result.success is True
    assert result.number_of_turns > 0
    assert (result.proposal_count, result.acceptance_count) == (1, 1)
    assert result.write_actions == 2


def test_an_idle_assistant_fails_the_same_scenario(scenarios):
    result = run_scenario(scenarios.three_apps, _agents("idle"))

    assert result.exception is None
    assert result.success is False
    assert result.proposal_count == 0


def test_an_oracle_run_imports_no_agent_machinery_and_its_process_leaves_no_sandbox():
    script = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('rc', sys.argv[1])\n"
        "m = importlib.util.module_from_spec(spec); sys.modules['rc'] = m\n"
        "spec.loader.exec_module(m)\n"
        "from pytest_pare.runner import run_scenario\n"
        "from pytest_pare.scenarios import ScenarioRunnerConfig\n"
        "r = run_scenario(m.ThreeAppScenario, ScenarioRunnerConfig(oracle=True))\n"
        "assert r.success, r\n"
        "heavy = ('litellm', 'pytest_pare.agents.engines', 'pytest_pare.runner.two_agent')\n"
        "print(sorted(n for n in sys.modules if n.startswith(heavy)))\n"
        "from are.simulation import config\n"
        "print(config.ARE_SIMULATION_SANDBOX_PATH)\n"
    )
    conftest = Path(__file__).with_name("conftest.py")
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True")
    done = subprocess.run(
        [sys.executable, "-c", script, str(conftest)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    *_, modules, sandbox = done.stdout.strip().splitlines()
    assert modules == "[]"
    assert "are_simulation_sandbox_" in sandbox
    assert not Path(sandbox).exists()  # ARE made it at import; the runner removed it at exit


def test_an_agent_run_trace_carries_the_loops_report(scenarios, tmp_path):
    import json

    config = _agents("reference").model_copy(
        update={"export": True, "export_format": "lite", "output_dir": str(tmp_path)}
    )

    result = run_scenario(scenarios.three_apps, config)

    trace = json.loads(Path(result.export_path).read_text())
    assert trace["oracle"] is False
    assert trace["agent"]["number_of_turns"] == result.number_of_turns
    modes = {e["mode"] for e in trace["events"] if e["event_type"] == "AGENT"}
    assert modes <= {"observe", "execute"} and "execute" in modes


class _BrokenModel:
    """A model whose every call fails after the retries (a run's own error, not fatal)."""

    model_name = "broken"

    def __call__(self, *args: object, **kwargs: object) -> object:
        from pytest_pare.agents.errors import RetriesExhausted

        raise RetriesExhausted("the server kept answering 503 after 5 attempts")


def test_a_run_that_raises_still_exports_the_agents_turns_and_transcript(scenarios, tmp_path):
    import json

    from pytest_pare.testing import SequenceEngine, format_action

    config = _agents("reference").model_copy(
        update={"export": True, "export_format": "lite", "output_dir": str(tmp_path)}
    )
    engines = {
        "user": SequenceEngine([format_action("Nothing.", "pass_turn")]),
        "observe": _BrokenModel(),
        "execute": _BrokenModel(),
    }

    result = run_scenario(scenarios.three_apps, config, engines=engines)

    assert result.success is None and type(result.exception).__name__ == "RetriesExhausted"
    trace = json.loads(Path(result.export_path).read_text())
    agent = trace["agent"]
    assert agent is not None
    assert agent["end_reason"] == "error"
    assert agent["error"] == "RetriesExhausted: the server kept answering 503 after 5 attempts"
    assert agent["model_calls"] == {"user": 1, "observe": 1, "execute": 0}
    assert [(e["agent"], e["tool_calls"]) for e in agent["transcript"]] == [
        ("user", ["pass_turn"]),
        ("observe", []),
    ]
    assert agent["transcript"][-1]["error"].startswith("RetriesExhausted")
    assert trace["result"]["number_of_turns"] == agent["number_of_turns"] == 0
    assert trace["result"]["exception_type"] == "RetriesExhausted"


def test_an_exported_trace_holds_every_model_calls_prompt_answer_action_tokens_and_latency(
    scenarios, tmp_path
):
    import json

    from pytest_pare.report.html import compact_trace

    config = _agents("reference").model_copy(
        update={"export": True, "export_format": "lite", "output_dir": str(tmp_path)}
    )
    result = run_scenario(scenarios.three_apps, config)

    agent = json.loads(Path(result.export_path).read_text())["agent"]
    calls = [(e["agent"], c) for e in agent["transcript"] for c in e["calls"]]
    assert len(calls) == sum(agent["model_calls"].values())
    for _, call in calls:
        prompt = [agent["messages"][key] for key in call["messages"]]
        assert prompt[0]["role"] == "system" and prompt[-1]["content"]
        assert call["output"].startswith("Thought:")
        assert call["estimated_prompt_tokens"] > 0 and call["latency"] >= 0
    edits = [c for _, c in calls if (c["action"] or {}).get("tool") == "Contacts__edit_contact"]
    assert edits and edits[0]["action"]["args"] == {
        "contact_id": "c-alice",
        "updates": {"address": "4 rue des Lilas, Lyon"},
    }
    shown = compact_trace(json.loads(Path(result.export_path).read_text()))["calls"]
    assert len(shown) == len(calls)
    assert any(row[3].startswith("Contacts__edit_contact(") for row in shown)
