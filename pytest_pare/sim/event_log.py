"""What the environment's event log records, and in which order.

Metrics and traces read the log: each event carries the assistant's mode and
turn (``PAREEventMetadata``), and events at the same simulated time keep the
order in which they were scheduled and logged (ARE breaks both ties by uuid or
heap order).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from are.simulation.priority_queue import PriorityQueue
from are.simulation.types import (
    AbstractEvent,
    CompletedEvent,
    Event,
    EventLog,
    EventMetadata,
    EventQueue,
    OracleEvent,
)

__all__ = ["OrderedEventLog", "OrderedEventQueue", "PAREEventMetadata"]


@dataclass
class PAREEventMetadata(EventMetadata):
    """ARE's event metadata plus what the metrics need.

    ``turn_number`` and ``proactive_mode`` (the assistant's mode, "observe" or
    "execute", on AGENT events) come from the two-agent runner; ``sequence`` is
    the order in which the environment logged the event, which keeps events
    logged at the same simulated time in causal order.
    """

    turn_number: int | None = None
    proactive_mode: str | None = None
    sequence: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data.update(
            turn_number=self.turn_number,
            proactive_mode=self.proactive_mode,
            sequence=self.sequence,
        )
        return data


class OrderedEventLog(EventLog):
    """ARE's event log, ordered by (time, logging order) instead of time alone.

    ARE's log is a heap keyed on time only, so events logged at the same
    simulated time come out in a repeatable but not causal order.
    """

    def __init__(self) -> None:
        super().__init__(past_events=PriorityQueue(fields=["event_time", "pare_sequence"]))
        self._counter = itertools.count()

    def put(self, event: CompletedEvent | list[CompletedEvent]) -> None:
        for item in event if isinstance(event, list) else [event]:
            logged = item.copy()  # as ARE: later mutation of the event must not change the log
            logged.pare_sequence = next(self._counter)
            self.past_events.put(logged)


class OrderedEventQueue(EventQueue):
    """ARE's event queue, ordering same-time events by scheduling order.

    ARE breaks ties by event id, which holds a uuid4: same-time events ran in
    a different order from run to run. Scheduling order is what the author wrote.
    """

    def __init__(self) -> None:
        super().__init__(future_events=PriorityQueue(fields=["event_time", "pare_order"]))
        self._counter = itertools.count()

    def put(self, events: AbstractEvent | list[AbstractEvent]) -> None:
        for event in events if isinstance(events, list) else [events]:
            if isinstance(event, (Event, OracleEvent)) and event.event_id in self.already_scheduled:
                continue
            if getattr(event, "pare_order", None) is None:
                event.pare_order = next(self._counter)
            self.future_events.put(event)
            self.already_scheduled.add(event.event_id)
