"""The simulated user: one action per turn on the current screen, answering proposals."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import Any

from pytest_pare.agents._react import (
    PassTurnTool,
    ReactRole,
    TurnReport,
    adapt,
    date_line,
    describe_event,
    find_aui,
    run_seed_of,
    unseen_events,
)
from pytest_pare.agents.prompts import USER_SYSTEM_PROMPT
from pytest_pare.agents.scripted import PROPOSAL_HEADER

logger = logging.getLogger(__name__)

DEFAULT_PERSONA = "An ordinary phone user. You have no particular task right now."


class UserAgent:
    """The user of the phone, driven by a model (or a scripted policy).

    Each turn it starts a fresh conversation (a person reacts to what is on the
    screen, not to a transcript) holding: the persona and goal from the
    scenario's ``additional_system_prompt``, the tools of the current screen
    plus ``accept_proposal``/``reject_proposal`` and ``pass_turn``, and as its
    task the assistant's new messages and short notifications of what happened.
    """

    def __init__(
        self,
        engine: Callable[..., Any],
        env: Any,
        scenario: Any,
        *,
        max_iterations: int = 1,
        generation_time: float = 1.0,
        generation_time_mode: str = "fixed",
        prompt_budget: int | None = None,
        deadline: Any = None,
    ) -> None:
        self.env = env
        self.scenario = scenario
        self.aui = find_aui(scenario)
        self.role = ReactRole(
            "user",
            engine,
            env,
            max_iterations=max_iterations,
            generation_time=generation_time,
            generation_time_mode=generation_time_mode,
            seed=run_seed_of(scenario),
            prompt_budget=prompt_budget,
            deadline=deadline,
        )
        self._messages_seen = 0
        self._events_seen: set[str] = set()
        self.persona = (getattr(scenario, "additional_system_prompt", None) or "").strip()
        self.ending_tools = frozenset(
            {
                f"{self.aui.name}__accept_proposal",
                f"{self.aui.name}__reject_proposal",
                PassTurnTool.name,
            }
        )

    def tools(self) -> list[Any]:
        keep = self.ending_tools
        aui_prefix = f"{self.aui.name}__"
        tools = [
            t
            for t in adapt(self.env.get_user_tools())
            if not t.name.startswith(aui_prefix) or t.name in keep
        ]
        missing = keep - {t.name for t in tools} - {PassTurnTool.name}
        if missing:
            # The answer tools belong to the user whatever screen is shown.
            answers = [t for t in adapt(self.aui.get_user_tools()) if t.name in missing]
            tools.extend(sorted(answers, key=lambda t: t.name))
        tools.append(PassTurnTool())
        return tools

    def take_turn(self, proposal_ids: Collection[str] = ()) -> TurnReport:
        """Let the user act once; ``proposal_ids`` are the AUI messages that are proposals."""
        prompt = USER_SYSTEM_PROMPT.replace("<<persona>>", self.persona or DEFAULT_PERSONA).replace(
            "<<date>>", date_line(self.env)
        )
        return self.role.run_turn(
            system_prompt=prompt,
            tools=self.tools(),
            task=self._task(proposal_ids),
            ending_tools=self.ending_tools,
            reset=True,
        )

    def _task(self, proposal_ids: Collection[str]) -> str:
        from are.simulation.apps.agent_user_interface import Sender

        new = self.aui.messages[self._messages_seen :]
        self._messages_seen = len(self.aui.messages)
        from_assistant = [m for m in new if m.sender == Sender.AGENT]
        proposals = [m.content for m in from_assistant if m.id in proposal_ids]
        others = [m.content for m in from_assistant if m.id not in proposal_ids]
        parts: list[str] = []
        if proposals:
            parts.append(PROPOSAL_HEADER + "\n" + "\n".join(f"- {c}" for c in proposals))
        if others:
            parts.append("Messages from the assistant:\n" + "\n".join(f"- {c}" for c in others))
        notes = self._notifications()
        if notes:
            parts.append("Notifications:\n" + "\n".join(f"- {n}" for n in notes))
        parts.append(f"{date_line(self.env)} Current screen: {self._screen()}")
        return "\n\n".join(parts)

    def _notifications(self) -> list[str]:
        from are.simulation.types import EventType

        notes = []
        for event in unseen_events(self.env, self._events_seen):
            if event.event_type == EventType.ENV:
                line = describe_event(event, limit=160)
                if line is not None:
                    notes.append(line)
        return notes

    def _screen(self) -> str:
        app = getattr(self.env, "active_app", None)
        if app is None:
            return "the home screen"
        state = getattr(app, "current_state", None)
        name = getattr(app, "name", type(app).__name__)
        return f"{name} - {type(state).__name__}" if state is not None else str(name)
