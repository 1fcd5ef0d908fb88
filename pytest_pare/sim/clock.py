"""The simulated clock: ARE's environment moved by the runner, never by the wall clock.

ARE runs its environment in a daemon thread that sleeps one wall-clock second
per tick. Here the runner owns the clock instead: nothing runs in the
background, and ``advance*`` jumps from one stop time (an event, a due
reminder, a pending wait timeout) to the next, calling ARE's stock ``tick()``
there (docs/internals.md, "Environment").

Two pieces: ``SimulatedTimeManager`` (the time itself) and ``SimulatedClock``,
the environment methods that move it, mixed into
``pytest_pare.sim.environment.StateAwareEnvironmentWrapper``.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from are.simulation.time_manager import TimeManager
from are.simulation.types import EnvironmentState

__all__ = ["EventBudgetExceeded", "SimulatedClock", "SimulatedTimeManager"]

# A burst of events at one simulated instant is normal; this many ticks at the
# same instant means something reschedules itself forever.
_MAX_TICKS_AT_ONE_TIME = 10_000


def _count_tick(when: float, last: float | None, ticks_here: int) -> int:
    """Ticks so far at ``when`` (``ticks_here`` counted at ``last``); raises past the cap."""
    ticks_here = ticks_here + 1 if when == last else 0
    if ticks_here > _MAX_TICKS_AT_ONE_TIME:
        raise RuntimeError(
            f"More than {_MAX_TICKS_AT_ONE_TIME} ticks at simulated time {when}: an event "
            "or condition reschedules itself at the same instant forever."
        )
    return ticks_here


class EventBudgetExceeded(RuntimeError):
    """A run processed more events than ``max_events`` while its queue was still not empty.

    A scenario without a duration runs until its event queue is empty; this
    stops one whose queue never empties (a condition that never holds, an event
    that reschedules itself) and names what kept it going.
    """


def _event_key(event: Any) -> str:
    """What an event does, for counting repeats: ``App.function`` or ``condition <function>``."""
    action = getattr(event, "action", None)
    function = getattr(action, "function_name", None) or "?"
    app = getattr(getattr(action, "app", None), "name", None)
    if app is not None:
        return f"{app}.{function}"
    kind = "condition" if type(action).__name__ == "ConditionCheckAction" else type(action).__name__
    return f"{kind} {function}"


def budget_message(log: list[Any], limit: int, now: float, start: float) -> str:
    """Why a run stopped at its event budget: how far it got and what repeated most."""
    stamp = datetime.fromtimestamp(now, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
    counts = Counter(_event_key(event) for event in log)
    busiest = ", ".join(f"{key} x{n}" for key, n in counts.most_common(3)) or "nothing logged"
    return (
        f"the run processed {limit} events (max_scenario_events) and its event queue is still "
        f"not empty at simulated {stamp} UTC (+{now - start:.0f}s); most repeated: {busiest}. "
        "An event or condition that reschedules itself keeps the scenario going: fix it (a "
        "condition that can hold, or a timeout), give the scenario a `duration`, or raise "
        "--pare-max-scenario-events."
    )


class SimulatedTimeManager(TimeManager):
    """A clock that is ``start_time + offset`` and never reads the wall clock.

    ARE's TimeManager adds the wall-clock time elapsed since start; the runner
    moves this one only through ``add_offset``. Pausing just records a flag:
    simulated time does not flow on its own, so there is nothing to stop.
    """

    def __init__(self, start_time: float = 0.0) -> None:
        self.real_start_time = 0.0
        self.start_time = float(start_time)
        self.offset = 0.0
        self.is_paused = False
        self.pause_real_start_time = None
        self.pause_passed_time = None
        self.pause_offset = 0.0

    def time(self) -> float:
        return float(self.start_time or 0.0) + self.offset

    def time_passed(self) -> float:
        return self.offset

    def real_time_passed(self) -> float:
        return self.offset

    def reset(self, start_time: float | None = None) -> None:
        self.start_time = float(start_time) if start_time is not None else 0.0
        self.offset = 0.0
        self.is_paused = False

    def pause(self) -> None:
        self.is_paused = True

    def resume(self) -> None:
        self.is_paused = False

    def set_offset(self, offset: float) -> None:
        self.offset = float(offset)

    def add_offset(self, offset: float) -> None:
        self.offset += float(offset)


class SimulatedClock:
    """Moving the clock of an ARE ``Environment``: a mixin listed before ``Environment``.

    Its ``tick``, ``pause`` and ``resume`` replace or extend ``Environment``'s,
    so it must come first in the bases. The annotations below are what it needs
    of its host (ARE's ``Environment`` provides them).
    """

    time_manager: SimulatedTimeManager
    notification_system: Any
    stop_event: threading.Event
    state: Any  # an ARE EnvironmentState
    start_time: float | None
    duration: float | None
    time_increment_in_seconds: int
    current_time: float
    tick_count: int
    waiting_for_notification: bool
    get_next_event_time: Callable[[], float | None]
    event_log: Any

    # Set by the runner to bound a run in wall-clock time; raises when over.
    deadline_check: Callable[[str], None] | None
    # Set by the runner: the most events one run may process (None: no bound).
    max_events: int | None = None
    events_processed: int = 0

    def count_event(self) -> None:
        """Count one processed event; raises ``EventBudgetExceeded`` past ``max_events``."""
        self.events_processed += 1
        if self.max_events is not None and self.events_processed > self.max_events:
            raise EventBudgetExceeded(
                budget_message(
                    self.event_log.list_view(),
                    self.max_events,
                    self.time_manager.time(),
                    float(self.start_time or 0.0),
                )
            )

    @property
    def end_time(self) -> float | None:
        """The simulated time at which the scenario's duration runs out, if it has one."""
        if self.duration is None:
            return None
        return float(self.start_time or 0.0) + float(self.duration)

    def next_stop_time(self) -> float | None:
        """The earliest time something happens: a queued event, a due reminder, a wait timeout."""
        candidates: list[float] = []
        next_event = self.get_next_event_time()
        if next_event is not None:
            candidates.append(float(next_event))
        reminder_app = getattr(self.notification_system, "reminder_app", None)
        if reminder_app is not None:
            candidates.extend(
                reminder.due_datetime.timestamp()
                for reminder in reminder_app.reminders.values()
                if not reminder.already_notified
            )
        system_app = getattr(self.notification_system, "system_app", None)
        timeout = getattr(system_app, "wait_for_notification_timeout", None)
        if timeout is not None:
            candidates.append(float(timeout.timeout_timestamp))
        if not candidates:
            return None
        # Something already due (a reminder set in the past) happens now.
        return max(min(candidates), self.time_manager.time())

    def awaits_more(self) -> bool:
        """An event is queued, or the assistant waits for a notification with a timeout.

        What keeps an open-ended (no duration) agent run going: a reminder due
        later does not, as it does not keep an oracle run going.
        """
        if self.get_next_event_time() is not None:
            return True
        system_app = getattr(self.notification_system, "system_app", None)
        return getattr(system_app, "wait_for_notification_timeout", None) is not None

    def _jump_to(self, when: float) -> None:
        now = self.time_manager.time()
        if when > now:
            self.time_manager.add_offset(when - now)
        self.current_time = self.time_manager.time()
        # As ARE's queue loop: the tick a jump lands on (validators count ticks).
        increment = self.time_increment_in_seconds or 1
        elapsed = self.current_time - (self.start_time or 0.0)
        self.tick_count = max(self.tick_count, math.ceil(elapsed / increment))

    def _within_duration(self, when: float) -> bool:
        end = self.end_time
        return end is None or when <= end

    def advance_to_next_event(self) -> bool:
        """Jump to the next stop time and tick there.

        Returns:
            False when nothing is left to happen within the scenario's duration
            or the environment was stopped; True after a tick.
        """
        if self.stop_event.is_set():
            return False
        when = self.next_stop_time()
        if when is None or not self._within_duration(when):
            return False
        self._jump_to(when)
        self.tick()
        return True

    def advance_to(self, target: float) -> None:
        """Move the clock to ``target``, ticking at every stop time on the way."""
        ticks_here = 0
        last = None
        while not self.stop_event.is_set():
            when = self.next_stop_time()
            if when is None or when > target or not self._within_duration(when):
                break
            ticks_here = _count_tick(when, last, ticks_here)
            last = when
            self._jump_to(when)
            self.tick()
        if target > self.time_manager.time():
            self._jump_to(target)

    def advance(self, dt: float) -> None:
        """Move the clock forward by ``dt`` simulated seconds (see ``advance_to``)."""
        if dt < 0:
            raise ValueError(
                f"advance(dt) needs dt >= 0, got {dt}: simulated time never goes back."
            )
        self.advance_to(self.time_manager.time() + dt)

    def run_to_end(self) -> None:
        """Tick at every stop time until the event queue is empty (oracle runs).

        Like ARE's queue-based loop, the run ends with its last event: a
        reminder due later only matters to an agent that could still act.
        """
        ticks_here = 0
        last = None
        while self.get_next_event_time() is not None and self.advance_to_next_event():
            now = self.time_manager.time()
            ticks_here = _count_tick(now, last, ticks_here)
            last = now

    def tick(self) -> None:
        if self.deadline_check is not None:
            self.deadline_check(f"processing events at simulated time {self.time_manager.time():g}")
        super().tick()  # type: ignore[misc]  # the host (ARE's Environment) has it
        system_app = getattr(self.notification_system, "system_app", None)
        if getattr(system_app, "wait_for_notification_timeout", None) is None:
            self.waiting_for_notification = False

    def pause(self) -> None:
        """Called by an agent before a model call; simulated time does not flow anyway."""
        if self.state == EnvironmentState.RUNNING:
            self.time_manager.pause()
            self.state = EnvironmentState.PAUSED

    def resume(self) -> None:
        if self.state == EnvironmentState.PAUSED:
            self.time_manager.resume()
            self.state = EnvironmentState.RUNNING

    def resume_with_offset(self, offset: float) -> None:
        """Resume after a model call that cost ``offset`` simulated seconds."""
        self.resume()
        self.advance(max(0.0, float(offset)))

    def wait_for_next_notification(self) -> None:
        """Record that the assistant waits; the runner moves the clock.

        ARE's version ticks from inside the agent's tool call and can move the
        clock backwards. Here the pending timeout becomes a stop time and the
        runner, seeing ``waiting_for_notification``, advances.
        """
        self.waiting_for_notification = True
