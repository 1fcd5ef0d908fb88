"""Run metrics computed from a finished run's event log.

Definitions (the report's proposal and acceptance rates rest on them):

- an *action* is a tool call on an app by the user (a USER event: a screen
  tap, the home screen's ``open_app`` / ``go_home`` / ``switch_app``) or by
  the assistant (an AGENT event, in observe or execute mode; oracle steps are
  logged as AGENT and count as the assistant's). Not actions: environment
  events (ENV), condition checks and other bookkeeping events, and the
  conversation on the assistant's user interface (proposals, ``wait``, the
  user's accept / reject / messages), which the proposal and acceptance
  counts measure;
- ``read_only_actions`` / ``write_actions``: actions by the operation type
  ARE recorded, calls that raised included (upstream always reported 0
  writes);
- a *proposal* is the assistant's ``send_message_to_user`` made in observe
  mode, or with no mode recorded (oracle runs);
- ``acceptance_count``: ``accept_proposal`` calls that answer a pending
  proposal; each proposal is accepted at most once, and a rejection also
  settles it;
- ``number_of_turns``: the largest turn number logged (turns count from 1;
  0 when no agent ran);
- ``tool_errors``: every logged app call that raised, in log order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from are.simulation.tool_utils import OperationType
from are.simulation.types import Action, CompletedEvent, EventType

__all__ = ["RunMetrics", "compute_metrics", "tool_errors"]

_PROPOSAL = "send_message_to_user"
# Who acts: the simulated user and the assistant (oracle steps are AGENT events).
_ACTORS = frozenset({EventType.USER, EventType.AGENT})


@dataclass
class RunMetrics:
    """The PARE metrics of one run."""

    proposal_count: int = 0
    acceptance_count: int = 0
    read_only_actions: int = 0
    write_actions: int = 0
    number_of_turns: int = 0
    tool_errors: list[dict[str, Any]] = field(default_factory=list)


def _is_aui(event: CompletedEvent) -> bool:
    app = getattr(event.action, "app", None)
    return any(klass.__name__ == "AgentUserInterface" for klass in type(app).__mro__)


def _app_calls(events: Iterable[CompletedEvent]) -> list[CompletedEvent]:
    calls = [e for e in events if isinstance(e.action, Action)]
    # Same-time events in the order they were logged (the sequence stamp).
    return sorted(
        calls,
        key=lambda e: (e.event_time or 0.0, getattr(e.metadata, "sequence", None) or 0),
    )


def tool_errors(events: Iterable[CompletedEvent]) -> list[dict[str, Any]]:
    """Every logged app call that raised: ``{"time", "app", "function", "error"}``."""
    return [
        {
            "time": event.event_time,
            "app": event.app_class_name(),
            "function": event.function_name(),
            "error": str(event.metadata.exception),
        }
        for event in _app_calls(events)
        if event.metadata is not None and event.metadata.exception is not None
    ]


def compute_metrics(events: Iterable[CompletedEvent]) -> RunMetrics:
    """Count proposals, acceptances, read/write actions and turns in an event log.

    Args:
        events: the run's completed events (``env.event_log.list_view()``).

    Returns:
        The metrics; see the module docstring for the definitions.
    """
    metrics = RunMetrics()
    pending_proposal = False
    calls = _app_calls(events)
    for event in calls:
        turn = getattr(event.metadata, "turn_number", None)
        if isinstance(turn, int):
            metrics.number_of_turns = max(metrics.number_of_turns, turn)
        function = event.function_name()
        if _is_aui(event):
            mode = getattr(event.metadata, "proactive_mode", None)
            if function == _PROPOSAL and event.event_type == EventType.AGENT:
                if mode in (None, "observe"):
                    metrics.proposal_count += 1
                    pending_proposal = True
            elif function in ("accept_proposal", "reject_proposal") and pending_proposal:
                pending_proposal = False
                if function == "accept_proposal" and event.metadata.exception is None:
                    metrics.acceptance_count += 1
            # The conversation is measured by the counts above, not as actions.
            continue
        if event.event_type not in _ACTORS:
            continue
        if event.action.operation_type == OperationType.WRITE:
            metrics.write_actions += 1
        else:
            metrics.read_only_actions += 1
    metrics.tool_errors = tool_errors(calls)
    return metrics
