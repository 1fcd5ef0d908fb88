"""The proactive assistant: OBSERVE, propose, AWAIT the user's answer, EXECUTE when accepted."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from pytest_pare.agents._react import (
    ReactRole,
    TurnReport,
    adapt,
    date_line,
    describe_event,
    find_aui,
    run_seed_of,
    unseen_events,
)
from pytest_pare.agents.prompts import EXECUTE_SYSTEM_PROMPT, OBSERVE_SYSTEM_PROMPT

logger = logging.getLogger(__name__)

# The AUI's message-reading tools: the runner hands the user's answers to the
# assistant itself, so these would only show the same text twice.
HIDDEN_AUI_TOOLS = (
    "get_last_message_from_user",
    "get_last_message_from_agent",
    "get_last_unread_messages",
    "get_all_messages",
)


class Mode(StrEnum):
    OBSERVE = "observe"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    EXECUTE = "execute"


class ProactiveAgent:
    """Two ReAct agents (observe, execute) behind one state machine.

    OBSERVE holds read-only tools plus ``wait`` and ``send_message_to_user``; a
    ``send_message_to_user`` is a proposal and moves to AWAITING_CONFIRMATION.
    While awaiting, a turn makes no model call: it only reads the user's answer.
    An accept starts EXECUTE (every tool) in the same turn; a reject returns to
    OBSERVE, and the next observe task shows the rejection and its reason. An
    execute turn ends on ``wait`` or ``send_message_to_user`` (exact names) or
    its iteration budget, then the agent observes again.
    """

    def __init__(
        self,
        observe_engine: Callable[..., Any],
        execute_engine: Callable[..., Any],
        env: Any,
        scenario: Any,
        *,
        observe_max_iterations: int = 5,
        execute_max_iterations: int = 20,
        generation_time: float = 1.0,
        generation_time_mode: str = "fixed",
        observe_prompt_budget: int | None = None,
        execute_prompt_budget: int | None = None,
        deadline: Any = None,
    ) -> None:
        self.env = env
        self.scenario = scenario
        self.aui = find_aui(scenario)
        self.mode = Mode.OBSERVE
        self.observer = ReactRole(
            "observe",
            observe_engine,
            env,
            max_iterations=observe_max_iterations,
            generation_time=generation_time,
            generation_time_mode=generation_time_mode,
            seed=run_seed_of(scenario),
            prompt_budget=observe_prompt_budget,
            deadline=deadline,
        )
        self.executor = ReactRole(
            "execute",
            execute_engine,
            env,
            max_iterations=execute_max_iterations,
            generation_time=generation_time,
            generation_time_mode=generation_time_mode,
            seed=run_seed_of(scenario),
            prompt_budget=execute_prompt_budget,
            deadline=deadline,
        )
        self.proposal_ids: set[str] = set()
        self.pending: Any = None
        self._events_seen: set[str] = set()
        self._answers: list[str] = []
        self.wait_tool = f"{self.aui.name}__wait"
        self.send_tool = f"{self.aui.name}__send_message_to_user"
        self.all_tools, self.observe_tools = self._split_tools()
        # ARE's System__wait_for_notification is a wait too: the runner, not the
        # tool call, moves the clock, so it ends the turn like the AUI's wait.
        self.wait_tools = frozenset(
            {self.wait_tool}
            | {
                t.name
                for t in self.all_tools
                if t.name.partition("__")[2] == "wait_for_notification"
            }
        )
        self.ending_tools = self.wait_tools | {self.send_tool}

    def _split_tools(self) -> tuple[list[Any], list[Any]]:
        hidden = {f"{self.aui.name}__{name}" for name in HIDDEN_AUI_TOOLS}
        tools = [t for t in adapt(self.env.get_tools()) if t.name not in hidden]
        observe = [
            t
            for t in tools
            if t.name in (self.wait_tool, self.send_tool)
            or getattr(t.app_tool, "write_operation", None) is not True
        ]
        if not any(t.name == self.send_tool for t in observe):
            raise ValueError(
                f"the assistant has no {self.send_tool} tool: the scenario's "
                "PAREAgentUserInterface must be registered with the environment"
            )
        return tools, observe

    def take_turn(self) -> list[TurnReport]:
        """One assistant turn; returns what each mode that ran did."""
        reports: list[TurnReport] = []
        if self.mode is Mode.AWAITING_CONFIRMATION:
            answer = self._read_answer()
            if answer is None:
                return reports  # nothing to do until the user answers; nothing sleeps
            kind, text = answer
            if kind == "accepted":
                reports.append(self._execute(text))
                self.mode = Mode.OBSERVE
                return reports
            self._answers.append(
                f"The user rejected your proposal {self.pending.content!r}. "
                f"Reason: {text or '(none given)'}"
            )
            self.mode = Mode.OBSERVE
        reports.append(self._observe())
        return reports

    def _observe(self) -> TurnReport:
        prompt = OBSERVE_SYSTEM_PROMPT.replace("<<date>>", date_line(self.env))
        report = self.observer.run_turn(
            system_prompt=prompt,
            tools=self.observe_tools,
            task=self._observe_task(),
            ending_tools=self.ending_tools,
            reset=False,
        )
        if self.send_tool in report.tool_calls and self.aui.proposals:
            self.pending = self.aui.proposals[-1]
            self.proposal_ids.add(self.pending.proposal_id)
            self.mode = Mode.AWAITING_CONFIRMATION
        return report

    def _execute(self, user_text: str) -> TurnReport:
        self.mode = Mode.EXECUTE
        prompt = EXECUTE_SYSTEM_PROMPT.replace("<<date>>", date_line(self.env))
        task = f"The user accepted your proposal: {self.pending.content}"
        if user_text:
            task += f"\nThe user added: {user_text}"
        return self.executor.run_turn(
            system_prompt=prompt,
            tools=self.all_tools,
            task=task,
            ending_tools=self.ending_tools,
            reset=True,
        )

    def _read_answer(self) -> tuple[str, str] | None:
        answer = None
        for response in self.aui.pop_user_responses():
            if response.kind in ("accepted", "rejected") and (
                response.proposal_id is None or response.proposal_id == self.pending.proposal_id
            ):
                answer = (response.kind, response.content)
            elif response.kind == "message":
                self._answers.append(f"The user wrote to you: {response.content}")
        return answer

    def _observe_task(self) -> str:
        from are.simulation.types import EventType

        lines = list(self._answers)
        self._answers.clear()
        for event in unseen_events(self.env, self._events_seen):
            text = describe_event(event)
            if text is None:
                continue
            if event.event_type == EventType.ENV:
                lines.append(f"Notification: {text}")
            elif event.event_type == EventType.USER:
                lines.append(f"The user did: {text}")
        if not lines:
            lines.append("Nothing new since your last turn.")
        return "\n".join([date_line(self.env), *lines])
