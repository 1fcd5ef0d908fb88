"""Tool-failure noise: oracle steps draw it too, and every injected failure is logged.

ARE draws ``failure_probability`` only inside ``AppTool.__call__``, that is
when an agent calls a tool. An oracle step calls the app method directly, so
without ``with_tool_failure`` ``--pare-tool-failure-probability`` would change
nothing in oracle runs. There an assistant step (an AGENT event) on a noisy
app draws from the seeded generator of the tool the assistant would have
called: the step fails with that tool's failure message exactly when the call
would have, and a rerun with the same seed fails the same steps.

ARE raises an agent's injected failure before the app method (and its event
logging) runs, so the failed call would leave no trace in the log, the
result's ``tool_errors`` or the exported trace. ``log_injected_failures``
makes a tool log it as a failed AGENT call, as an oracle step's failure is.
"""

from __future__ import annotations

import copy
import inspect
import random
import uuid
from typing import Any

from are.simulation.tool_utils import AppTool, OperationType
from are.simulation.types import Action, CompletedEvent, Event, EventMetadata, EventType

__all__ = ["FailureLoggingAppTool", "log_injected_failures", "with_tool_failure"]


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


class FailureLoggingAppTool(AppTool):
    """An ``AppTool`` whose injected failures are logged as failed AGENT calls."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            injected = str(exc) == self.failure_message_template.format(name=self.name)
            if injected and self.failure_probability is not None:
                _log_failed_call(self, args, kwargs, str(exc))
            raise


def log_injected_failures(tool: AppTool) -> None:
    """Make ``tool`` log the failures ARE injects into it (it stays the same object).

    The agents hold the app's tool objects, so the class is switched in place
    rather than the tool replaced.
    """
    if type(tool) is AppTool:
        tool.__class__ = FailureLoggingAppTool


def _log_failed_call(
    tool: AppTool, args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    app = tool.class_instance
    function = tool.function
    if app is None or function is None or not getattr(app, "add_event_callbacks", None):
        return  # not registered in an environment: nothing to log to
    try:
        bound = inspect.signature(function).bind(app, *args, **kwargs)
        bound.apply_defaults()
        call_args = dict(bound.arguments)
    except TypeError:  # the agent passed bad arguments; log them as given
        call_args = {"self": app, **kwargs}
    action = Action(
        app=app,
        function=function,
        args=call_args,
        operation_type=OperationType.WRITE if tool.write_operation else OperationType.READ,
    )
    app.add_event(
        CompletedEvent(
            event_id=f"{EventType.AGENT.value}-{app.name}.{tool.func_name}-{uuid.uuid4()}",
            event_type=EventType.AGENT,
            action=action,
            metadata=EventMetadata(exception=message),
            event_time=app.time_manager.time(),
        )
    )
