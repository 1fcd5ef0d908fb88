"""Tool-failure noise for the steps an environment executes on the assistant's behalf.

ARE draws ``failure_probability`` only inside ``AppTool.__call__``, that is
when an agent calls a tool. An oracle step calls the app method directly, so
without this module ``--pare-tool-failure-probability`` would change nothing
in oracle runs. Here an assistant step (an AGENT event) on a noisy app draws
from the seeded generator of the tool the assistant would have called: the
step fails with that tool's failure message exactly when the call would have,
and a rerun with the same seed fails the same steps.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from are.simulation.types import Event, EventType

__all__ = ["with_tool_failure"]


def _drawn_failure(event: Event) -> str | None:
    action = event.action
    app = getattr(action, "app", None)
    if not getattr(app, "failure_probability", None):
        return None
    name = action.function_name
    tool = next((t for t in app.get_tools() if t.func_name == name), None)  # type: ignore[union-attr]
    if tool is None or not tool.failure_probability:
        return None  # not an assistant tool (e.g. a data or env method): never fails
    if tool.rng is None:
        tool.rng = random.Random(tool.seed)
    if tool.rng.random() < tool.failure_probability:
        return str(tool.failure_message_template.format(name=tool.name))
    return None


def with_tool_failure(event: Any) -> Any:
    """The event to execute: ``event`` itself, or a copy whose call fails.

    Args:
        event: an event about to be processed. Only AGENT events on apps with a
            failure probability draw; the draw consumes the tool's generator
            as the assistant's call would.

    Returns:
        ``event`` unchanged, or a copy (same id, time, successors) whose action
        raises the tool's failure message, so ARE logs the step with that
        exception and the step has no effect. The scenario's own event is not
        modified.
    """
    if not isinstance(event, Event) or event.event_type != EventType.AGENT:
        return event
    message = _drawn_failure(event)
    if message is None:
        return event

    def failed_call(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError(message)

    failed_call.__name__ = event.action.function_name  # the log names the tool that failed
    action = copy.copy(event.action)
    action.function = failed_call
    failing = event.copy()
    failing.action = action
    return failing
