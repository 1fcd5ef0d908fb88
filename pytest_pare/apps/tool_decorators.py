"""Event registration for user tools that live on screens (``AppState``) as well as on apps.

ARE's ``event_registered`` takes the app from ``self``; a screen's tool runs on the
state, so the app comes from the state's binding instead (``state.app``).
"""

from __future__ import annotations

import inspect
import traceback
import types
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from are.simulation.tool_utils import APPTOOL_ATTR_NAME, OperationType, user_tool
from are.simulation.types import (
    Action,
    CompletedEvent,
    Event,
    EventMetadata,
    EventRegisterer,
    EventType,
)

__all__ = ["pare_event_registered", "user_tool", "is_app_state"]

# Set to True on ``AppState`` (core.py). Checked by attribute rather than isinstance so
# this module does not import core.py (core imports us for ``go_back``).
STATE_MARKER = "_pare_is_app_state"


def is_app_state(obj: object) -> bool:
    """True when ``obj`` is a screen (an ``AppState``), not an app."""
    return bool(getattr(type(obj), STATE_MARKER, False))


def pare_event_registered(
    operation_type: OperationType = OperationType.READ,
    event_type: EventType = EventType.USER,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Record each call of a user tool as an event, like ARE's ``event_registered``.

    Put it under ``@user_tool()``. On an ``AppState`` method the event's app is the
    state's bound app, so ``action.class_name`` is the app class and
    ``action.function_name`` the tool name. On an ``App`` method it behaves like
    ARE's decorator.

    - Events disabled (``disable_events()``): the function just runs.
    - Capture mode (``EventRegisterer.capture_mode()``): nothing runs; an ``Event``
      (type ENV, ``.oracle()``-able) describing the call is returned. Executing that
      event later runs the tool on the same state.
    - Otherwise the function runs and a ``CompletedEvent`` of ``event_type`` is
      handed to the app's ``add_event`` callbacks, also when the function raises
      (the exception is re-raised, as in ARE).

    Args:
        operation_type: READ or WRITE, recorded on the action.
        event_type: the type of the logged event; USER for the simulated user's tools.

    Returns:
        The decorator.
    """

    def with_event(func: Callable[..., Any]) -> Callable[..., Any]:
        # Set before @wraps so the wrapper carries them too; ARE's build_tool reads
        # __operation_type__ to mark write tools.
        func.__event_registered__ = True  # type: ignore[attr-defined]
        func.__operation_type__ = operation_type  # type: ignore[attr-defined]
        signature = inspect.signature(func)

        @wraps(func)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not EventRegisterer.is_active():
                return func(self, *args, **kwargs)
            action = _build_action(self, func, signature, args, kwargs, operation_type)
            app = action.app
            if EventRegisterer.is_capture_mode():
                return Event(
                    event_id=f"{EventType.ENV.value}-{action.action_id}",
                    event_type=EventType.ENV,
                    action=action,
                )
            metadata = EventMetadata()
            event_time = app.time_manager.time()
            try:
                result = func(self, *args, **kwargs)
                metadata.return_value = result
            except Exception as exc:
                metadata.exception = str(exc)
                metadata.exception_stack_trace = traceback.format_exc()
                raise
            finally:
                app.add_event(
                    CompletedEvent(
                        event_id=f"{event_type.value}-{action.action_id}",
                        event_type=event_type,
                        action=action,
                        metadata=metadata,
                        event_time=event_time,
                    )
                )
            return result

        # Same AppTool bookkeeping as ARE's decorator, so AppTool.__post_init__ can
        # attach itself to both the wrapper and the original function.
        apptool = getattr(func, APPTOOL_ATTR_NAME, None)
        if apptool is not None:
            setattr(wrapper, APPTOOL_ATTR_NAME, apptool)

        def set_apptool(app_tool_instance: Any) -> None:
            setattr(wrapper, APPTOOL_ATTR_NAME, app_tool_instance)
            setattr(func, APPTOOL_ATTR_NAME, app_tool_instance)

        wrapper.set_apptool = set_apptool  # type: ignore[attr-defined]
        return wrapper

    return with_event


def _build_action(
    owner: Any,
    func: Callable[..., Any],
    signature: inspect.Signature,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    operation_type: OperationType,
) -> Action:
    """The ARE ``Action`` describing one call of ``func`` on ``owner`` (an app or a state)."""
    bound = signature.bind(owner, *args, **kwargs)
    bound.apply_defaults()
    call_args = dict(bound.arguments)
    if is_app_state(owner):
        app = owner.app
        # ARE's Action.execute() calls ``function(action.app, **args)`` when ``self``
        # is in the args, which would hand the app to a state method. Binding the
        # function to the state and leaving ``self`` out makes a captured state tool
        # execute on the screen it was captured on.
        del call_args[next(iter(signature.parameters))]
        function: Callable[..., Any] = types.MethodType(func, owner)
    else:
        app = owner
        function = func
    return Action(
        app=app,
        function=function,
        args=call_args,
        action_id=f"{app.name}.{func.__name__}-{uuid.uuid4()}",
        operation_type=operation_type,
    )
