"""System prompts of the user agent and the proactive agent's two modes.

Placeholders filled at run time: ``<<tool_descriptions>>`` (by ARE's
BaseAgent, from the tools it holds), ``<<persona>>``, ``<<apps>>`` (the home
screen's apps) and ``<<date>>``.
"""

from __future__ import annotations

from pytest_pare.agents.prompts.assistant import EXECUTE_SYSTEM_PROMPT, OBSERVE_SYSTEM_PROMPT
from pytest_pare.agents.prompts.user import USER_SYSTEM_PROMPT

__all__ = ["EXECUTE_SYSTEM_PROMPT", "OBSERVE_SYSTEM_PROMPT", "USER_SYSTEM_PROMPT"]
