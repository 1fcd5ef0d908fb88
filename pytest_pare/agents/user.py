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
        prompt = (
            USER_SYSTEM_PROMPT.replace("<<persona>>", self.persona or DEFAULT_PERSONA)
            .replace("<<apps>>", self._home_screen_apps())
            .replace("<<date>>", date_line(self.env))
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
        parts.append(f"{date_line(self.env)}\nCurrent screen: {self._screen()}")
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

    def _apps(self) -> list[Any]:
        """The apps the home screen shows: the ones with screens (``open_app`` opens them)."""
        apps = getattr(self.env, "apps", None) or {}
        return [
            app
            for app in apps.values()
            if hasattr(app, "load_root_state") and hasattr(app, "handle_state_transition")
        ]

    def _home_screen_apps(self) -> str:
        lines = [f"- {app.name} ({_kind(app)})" for app in self._apps()]
        return "\n".join(lines) or "- (none)"

    def _screen(self) -> str:
        """What the phone shows now: the home screen, or an app's screen, and what runs behind."""
        app = getattr(self.env, "active_app", None)
        if app is None or app not in self._apps():
            screen = "the home screen (open an app with open_app)"
        else:
            state = getattr(app, "current_state", None)
            screen = str(app.name)
            if state is not None:
                screen += f", screen {type(state).__name__}"
                about = _first_line(type(state).__doc__)
                if about:
                    screen += f": {about}"
        background = [a.name for a in getattr(self.env, "background_apps", None) or ()]
        background = [name for name in background if name != getattr(app, "name", None)]
        shown = [name for name in background if name in {a.name for a in self._apps()}]
        if shown:
            screen += f"\nApps open in the background (switch_app): {', '.join(shown)}"
        return screen


def _kind(app: Any) -> str:
    """``StatefulEmailApp`` -> ``email app``: what a user would call the app."""
    name = type(app).__name__.removeprefix("Stateful").removesuffix("App")
    return f"{name.lower()} app" if name else "app"


def _first_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").strip().splitlines()]
    return lines[0] if lines else ""
