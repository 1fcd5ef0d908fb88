"""A model that answers badly ends its run as an agent error; its prompt stays bounded."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from are.simulation.agents.agent_log import (
    ErrorLog,
    LLMOutputThoughtActionLog,
    ObservationLog,
    StepLog,
    TaskLog,
    ToolCallLog,
)

from pytest_pare.agents._history import fit_budget, without_stale_invalid_steps
from pytest_pare.agents._react import INVALID_ANSWER_LIMIT
from pytest_pare.agents.errors import NoValidAction
from pytest_pare.agents.tokens import estimate_prompt_tokens
from pytest_pare.testing import SequenceEngine, format_action

_spec = importlib.util.spec_from_file_location(
    "_two_agent_cases", Path(__file__).with_name("test_two_agent_run.py")
)
assert _spec is not None and _spec.loader is not None
cases = sys.modules.get("_two_agent_cases") or importlib.util.module_from_spec(_spec)
if "_two_agent_cases" not in sys.modules:
    sys.modules["_two_agent_cases"] = cases
    _spec.loader.exec_module(cases)

PASS, WAIT = cases.PASS, cases.WAIT
PROSE = "I would check the reminders app and then maybe wait for news."
LOOK = format_action("Look.", "Reminders__get_all_reminders")
BROKEN_JSON = 'Thought: I look.\nAction:\n{"action": "Reminders__get_all_reminders", "action_'
UNKNOWN_TOOL = format_action("Hmm.", "Reminders__delete_everything")


def _run(user: list[str], observe: list[str], execute: list[str] | None = None, **kw: Any) -> Any:
    engines = {
        "user": SequenceEngine(user),
        "observe": SequenceEngine(observe),
        "execute": SequenceEngine(execute or [WAIT]),
    }
    from pytest_pare.runner.two_agent import TwoAgentOutcome, run_two_agent

    scenario, env = cases._start()
    outcome = TwoAgentOutcome()
    try:
        run_two_agent(scenario, env, cases._config(**kw), engines=engines, outcome=outcome)
    finally:
        env.stop()
    return engines, outcome


@pytest.mark.parametrize("answer", [PROSE, "", "   \n"], ids=["prose", "empty", "blank"])
def test_a_user_model_that_never_answers_in_the_action_format_fails_the_run(answer: str) -> None:
    with pytest.raises(NoValidAction, match="user model") as info:
        _run([answer], [WAIT])
    assert info.value.category == "agent"


def test_the_run_ends_after_the_limit_of_invalid_answers_not_at_the_call_limit() -> None:
    from pytest_pare.runner.two_agent import TwoAgentOutcome, run_two_agent

    engines = {
        "user": SequenceEngine([PROSE]),
        "observe": SequenceEngine([WAIT]),
        "execute": SequenceEngine([WAIT]),
    }
    scenario, env = cases._start()
    outcome = TwoAgentOutcome()
    with pytest.raises(NoValidAction):
        run_two_agent(scenario, env, cases._config(), engines=engines, outcome=outcome)
    env.stop()
    assert len(engines["user"].calls) == INVALID_ANSWER_LIMIT
    assert outcome.model_calls["user"] == INVALID_ANSWER_LIMIT
    calls = outcome.transcript[-1]["calls"]
    assert [c["invalid"] for c in calls] == ["no Thought:/Action: in it"] * INVALID_ANSWER_LIMIT
    assert outcome.end_reason == "error" and outcome.error.startswith("NoValidAction")


@pytest.mark.parametrize("junk", [BROKEN_JSON, UNKNOWN_TOOL], ids=["broken-json", "unknown-tool"])
def test_an_observer_whose_actions_never_parse_or_exist_fails_the_run(junk: str) -> None:
    with pytest.raises(NoValidAction, match="observe model") as info:
        _run([PASS], [junk])
    assert "JsonParsingAgentError" in str(info.value) or "UnavailableToolAgentError" in str(
        info.value
    )


def test_a_model_that_recovers_before_the_limit_plays_on() -> None:
    recovering = [PROSE] * (INVALID_ANSWER_LIMIT - 1) + [PASS]
    engines, outcome = _run(recovering, [WAIT], max_turns=2)
    assert outcome.end_reason in {"quiescent", "max_turns", "duration"}
    first_turn = outcome.transcript[0]
    assert first_turn["agent"] == "user" and first_turn["tool_calls"] == ["pass_turn"]
    assert [c["invalid"] is None for c in first_turn["calls"]] == [False] * 3 + [True]
    assert first_turn["calls"][-1]["action"] == {"tool": "pass_turn", "args": {}}


def test_a_tool_that_raises_is_a_valid_action_not_an_invalid_answer() -> None:
    failing_call = format_action("Open.", "System__open_app", {"app_name": "NoSuchApp"})
    engines, outcome = _run([failing_call, PASS], [WAIT], max_turns=3)
    first = outcome.transcript[0]["calls"][0]
    assert first["action"]["tool"] == "System__open_app"
    assert "NoSuchApp" in first["tool_error"]
    assert first["invalid"] is None


def test_invalid_answers_between_valid_ones_leave_the_observers_prompt() -> None:
    # Each observe turn: three junk answers, then a wait. Without dropping them the
    # prompt would carry every junk answer and its error message.
    pattern = [PROSE, PROSE, PROSE, LOOK, WAIT]
    engines, outcome = _run(
        [PASS], pattern * 6, max_turns=10, observe_max_iterations=5, simulated_generation_time=1
    )
    observe = [c for e in outcome.transcript if e["agent"] == "observe" for c in e["calls"]]
    assert sum(1 for c in observe if c["invalid"]) >= 9
    prompts = [c["messages"] for c in observe]
    texts = [[outcome.messages[m]["content"] for m in p] for p in prompts]
    # No prompt holds more than the one junk answer of the step just before it.
    assert max(sum(PROSE in t for t in text) for text in texts) <= 1


def _observe_calls(budget: int | None) -> tuple[list[dict[str, Any]], Any]:
    _, outcome = _run(
        [PASS], [LOOK, LOOK, LOOK, WAIT] * 10, max_turns=10, observe_max_prompt_tokens=budget
    )
    return [c for e in outcome.transcript if e["agent"] == "observe" for c in e["calls"]], outcome


def test_a_prompt_over_budget_keeps_the_system_prompt_and_the_current_task() -> None:
    unbounded, _ = _observe_calls(None)
    assert max(c["estimated_prompt_tokens"] for c in unbounded) > 2400
    observe, outcome = _observe_calls(2400)
    assert max(c["estimated_prompt_tokens"] for c in observe) <= 2400
    system_prompts = {c["messages"][0] for c in observe}
    assert len(system_prompts) == 1
    assert outcome.messages[system_prompts.pop()]["role"] == "system"
    last = [outcome.messages[m] for m in observe[-1]["messages"]]
    assert last[1]["role"] == "user"
    assert any(m["content"].startswith("[TASK]") for m in last)


def test_the_deadline_is_checked_before_every_model_call() -> None:
    from pytest_pare.runner.timeout import RunTimeout

    class Countdown:
        """A deadline that passes after ``calls`` checks (no clock involved)."""

        def __init__(self, calls: int) -> None:
            self.left = calls

        def check(self, where: str = "") -> None:
            self.left -= 1
            if self.left < 0:
                raise RunTimeout(f"deadline passed {where}")

        def remaining(self) -> float:
            return 100.0 if self.left >= 0 else -1.0

        def error(self, where: str = "") -> BaseException:
            return RunTimeout(where)

    from pytest_pare.runner.two_agent import TwoAgentOutcome, run_two_agent

    engines = {
        "user": SequenceEngine([PASS]),
        "observe": SequenceEngine([LOOK]),
        "execute": SequenceEngine([WAIT]),
    }
    scenario, env = cases._start()
    outcome = TwoAgentOutcome()
    with pytest.raises(RunTimeout, match="deadline passed"):
        run_two_agent(
            scenario, env, cases._config(), engines=engines, outcome=outcome, deadline=Countdown(7)
        )
    env.stop()
    # Seven checks pass, the eighth call is refused: no call after the deadline.
    assert sum(outcome.model_calls.values()) == 7


# -- the history filters, on hand-made logs ---------------------------------------------------


def _step(i: int, *, valid: bool) -> list[Any]:
    logs: list[Any] = [
        StepLog(iteration=i, timestamp=0, agent_id="a"),
        LLMOutputThoughtActionLog(content=f"answer {i}", timestamp=0, agent_id="a"),
    ]
    if valid:
        logs += [
            ToolCallLog(tool_name="t", tool_arguments={}, timestamp=0, agent_id="a"),
            ObservationLog(content=f"seen {i}", timestamp=0, agent_id="a"),
        ]
    else:
        logs.append(
            ErrorLog(
                error="InvalidActionAgentError",
                exception="bad",
                category="AgentError",
                agent="a",
                timestamp=0,
                agent_id="a",
            )
        )
    return logs


def test_only_the_latest_invalid_step_stays_in_the_history() -> None:
    task = TaskLog(content="do", timestamp=0, agent_id="a")
    logs = [task, *_step(0, valid=False), *_step(1, valid=True), *_step(2, valid=False)]
    kept = without_stale_invalid_steps(logs)
    contents = [getattr(log, "content", None) for log in kept]
    assert "answer 0" not in contents
    assert "answer 1" in contents and "seen 1" in contents
    assert "answer 2" in contents  # the latest step: the model sees its last mistake
    assert kept[0] is task


def test_fitting_a_budget_drops_the_oldest_messages_but_not_the_system_prompt_or_task() -> None:
    history = [
        {"role": "system", "content": "S" * 400},
        {"role": "user", "content": "[TASK]: old " + "o" * 400},
        {"role": "assistant", "content": "A" * 400},
        {"role": "user", "content": "[TASK]: new"},
        {"role": "assistant", "content": "latest"},
    ]
    fitted = fit_budget(history, budget=estimate_prompt_tokens(history) - 1)
    assert fitted[0] == history[0]
    assert fitted[-2:] == history[-2:]
    assert history[1] not in fitted
    assert fitted[1]["role"] == "user"  # never an assistant turn right after the system prompt
    assert fit_budget(history, budget=None) == history
    # Over budget with nothing left to drop: the protected messages stay.
    assert fit_budget(history, budget=1)[0] == history[0]
