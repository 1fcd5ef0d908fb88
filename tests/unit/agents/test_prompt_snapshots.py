"""Each role's prompt, as the model receives it, against a stored text: a change shows as a diff.

The stored texts are in ``prompts/<role>.txt``. After an intended change to a
prompt, rewrite them with ``PARE_UPDATE_SNAPSHOTS=1`` and review the diff.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.testing import SequenceEngine, format_action

_spec = importlib.util.spec_from_file_location(
    "_two_agent_cases", Path(__file__).with_name("test_two_agent_run.py")
)
assert _spec is not None and _spec.loader is not None
cases = sys.modules.get("_two_agent_cases") or importlib.util.module_from_spec(_spec)
if "_two_agent_cases" not in sys.modules:
    sys.modules["_two_agent_cases"] = cases
    _spec.loader.exec_module(cases)

SNAPSHOTS = Path(__file__).with_name("prompts")
OPEN_MESSAGES = format_action("Texts.", "System__open_app", {"app_name": "Messages"})
ACCEPT = format_action("Yes.", "PAREAgentUserInterface__accept_proposal", {"content": "Sure"})
REMIND = format_action(
    "Add it.",
    "Reminders__add_reminder",
    {
        "title": "Dentist cleaning",
        "due_datetime": "2026-05-13 09:00:00",
        "description": "Dr Lee Dental at 10 AM",
    },
)


def _render(messages: list[dict[str, Any]]) -> str:
    parts = []
    for message in messages:
        role = getattr(message["role"], "value", message["role"])
        parts.append(f"===== {role}\n{message['content']}")
    return "\n".join(parts).rstrip() + "\n"


@pytest.fixture(scope="module")
def prompts() -> dict[str, str]:
    """The prompts of the user's second turn (in an app) and the first observe and execute calls."""
    engines = {
        "user": SequenceEngine([OPEN_MESSAGES, ACCEPT]),
        "observe": SequenceEngine([cases.PROPOSE]),
        "execute": SequenceEngine([REMIND, cases.WAIT]),
    }
    cases.run(cases._config(max_turns=3), engines)
    assert len(engines["user"].calls) >= 2 and engines["execute"].calls
    return {
        "user": _render(engines["user"].calls[1]),
        "observe": _render(engines["observe"].calls[0]),
        "execute": _render(engines["execute"].calls[0]),
    }


@pytest.mark.parametrize("role", ["user", "observe", "execute"])
def test_the_prompt_of_each_role_matches_its_stored_text(
    prompts: dict[str, str], role: str
) -> None:
    path = SNAPSHOTS / f"{role}.txt"
    if os.environ.get("PARE_UPDATE_SNAPSHOTS"):
        path.write_text(prompts[role], encoding="utf-8")
    assert path.exists(), f"no stored prompt {path}: run with PARE_UPDATE_SNAPSHOTS=1 once"
    assert prompts[role] == path.read_text(encoding="utf-8")


def test_the_user_sees_the_home_screens_apps_and_the_screen_it_is_on(
    prompts: dict[str, str],
) -> None:
    text = prompts["user"]
    assert "- Messages (messaging app)\n- Reminders (reminder app)" in text
    assert "Current screen: Messages, screen ConversationList" in text
