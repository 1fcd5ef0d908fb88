"""StateAwareEnvironmentWrapper: ARE's environment on a simulated clock, with phone navigation.

ARE runs its environment in a daemon thread that sleeps one wall-clock second
per tick. Here the runner owns the clock instead: nothing runs in the
background, and ``advance*`` jumps from one stop time (an event, a due
reminder, a pending wait timeout) to the next, calling ARE's stock ``tick()``
there. See ../shared/notes/simulated-clock.md for the measured facts.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.agent_user_interface import AgentUserInterface
from are.simulation.apps.app import App
from are.simulation.apps.reminder import ReminderApp
from are.simulation.apps.system import SystemApp
from are.simulation.environment import Environment, EnvironmentConfig
from are.simulation.notification_system import BaseNotificationSystem, Message, MessageType
from are.simulation.priority_queue import PriorityQueue
from are.simulation.time_manager import TimeManager
from are.simulation.tool_utils import AppTool
from are.simulation.types import (
    AbstractEvent,
    CompletedEvent,
    EnvironmentState,
    EnvironmentType,
    Event,
    EventLog,
    EventMetadata,
    EventQueue,
    EventType,
    OracleEvent,
    ValidationException,
)
from are.simulation.utils import save_jsonl

from pytest_pare._tool_noise import with_tool_failure

logger = logging.getLogger(__name__)

__all__ = [
    "PAREEventMetadata",
    "SimulatedTimeManager",
    "StateAwareEnvironmentWrapper",
]

# A burst of events at one simulated instant is normal; this many ticks at the
# same instant means something reschedules itself forever.
_MAX_TICKS_AT_ONE_TIME = 10_000


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
            logged.pare_sequence = next(self._counter)  # type: ignore[attr-defined]
            self.past_events.put(logged)


class OrderedEventQueue(EventQueue):
    """ARE's event queue, ordering same-time events by scheduling order.

    ARE breaks ties by event id, which holds a uuid4: same-time events ran in
    a different order from run to run. Scheduling order is what the author wrote.
    """

    def __init__(self) -> None:
        super().__init__(future_events=PriorityQueue(fields=["event_time", "pare_order"]))
        self._counter = itertools.count()

    def put(self, events: AbstractEvent | list[AbstractEvent]) -> None:  # type: ignore[override]
        for event in events if isinstance(events, list) else [events]:
            if isinstance(event, (Event, OracleEvent)) and event.event_id in self.already_scheduled:
                continue
            if getattr(event, "pare_order", None) is None:
                event.pare_order = next(self._counter)  # type: ignore[attr-defined]
            self.future_events.put(event)
            self.already_scheduled.add(event.event_id)


def _is_stateful(app: App) -> bool:
    # Duck-typed so that this module does not import the apps package (which
    # imports much of ARE) and ARE's plain apps can sit among ours.
    return hasattr(app, "load_root_state") and hasattr(app, "handle_state_transition")


class StateAwareEnvironmentWrapper(Environment):
    """ARE's ``Environment`` driven by the runner's simulated clock.

    Start with ``run(scenario, wait_for_end=False)``: apps are registered and
    events scheduled, no thread starts. Then move time with ``advance(dt)``,
    ``advance_to(t)`` or ``advance_to_next_event()``, and end with ``stop()``.
    ``run(scenario)`` with ``wait_for_end=True`` does all of it (oracle mode).
    """

    def __init__(
        self,
        config: EnvironmentConfig | None = None,
        environment_type: EnvironmentType = EnvironmentType.UNKNOWN,
        notification_system: BaseNotificationSystem | None = None,
        add_event_to_agent_log: Callable[[CompletedEvent], None] | None = None,
    ) -> None:
        if notification_system is None:
            from pytest_pare.notification_system import PARENotificationSystem

            notification_system = PARENotificationSystem()
        super().__init__(
            config=config,
            environment_type=environment_type,
            notification_system=notification_system,
            add_event_to_agent_log=add_event_to_agent_log,
        )
        self.time_manager = SimulatedTimeManager(self.start_time)
        self.current_time = self.time_manager.time()
        self.notification_system.initialize(self.time_manager)
        self.event_log = OrderedEventLog()
        self.event_queue = OrderedEventQueue()
        self.active_app: App | None = None
        self.background_apps: list[App] = []
        self._context_getter: Callable[[], tuple[str | None, int]] | None = None
        self._sequence = itertools.count()
        self._stopped = False
        # Set by the runner to bound a run in wall-clock time; raises when over.
        self.deadline_check: Callable[[str], None] | None = None

    # -- metrics context ---------------------------------------------------

    def set_proactive_context_getter(
        self, getter: Callable[[], tuple[str | None, int]] | None
    ) -> None:
        """Set the callable giving ``(assistant mode, turn number)`` at logging time."""
        self._context_getter = getter

    # -- lifecycle ---------------------------------------------------------

    def run(self, scenario: Any, wait_for_end: bool = True, schedule_events: bool = True) -> None:
        """Register the scenario's apps and schedule its events; no thread starts.

        Args:
            scenario: an initialised ARE/PARE scenario.
            wait_for_end: run every event to the end and ``stop()`` (oracle runs).
            schedule_events: put the scenario's events in the queue.
        """
        if not scenario._initialized:
            raise RuntimeError(
                f"Scenario {scenario.scenario_id!r} is not initialised: call scenario.initialize() "
                "before env.run(scenario)."
            )
        if self.initial_config.start_time is None and scenario.start_time is not None:
            # ARE would start at 0 here; the scenario's own start time is what it means.
            self.start_time = float(scenario.start_time)
        self.time_manager.reset(start_time=self.start_time)
        self.current_time = self.time_manager.time()
        self.duration = scenario.duration
        self.time_increment_in_seconds = scenario.time_increment_in_seconds
        self.delete_all_completed_events()
        self.register_apps(scenario.apps or [])
        if schedule_events:
            self.schedule(scenario.events)
        if self.dump_dir is not None:
            self._dump_state("initial_state.jsonl")
        for app in self.apps.values():
            if isinstance(app, AgentUserInterface):
                # The CLI path never busy-waits for a human; in oracle mode no
                # user proxy answers, so proposals must not wait for one.
                app.set_cli(is_cli=True)
                if self.oracle_mode and app.user_proxy is None:
                    app.wait_for_user_response = False
        self.start()
        if wait_for_end:
            self.run_to_end()
            self.stop()

    def start(self, debug: bool = False) -> None:
        """Mark the environment running and queue the events; unlike ARE, start no thread."""
        if self.state == EnvironmentState.RUNNING:
            return
        self.state = EnvironmentState.RUNNING
        self._stopped = False
        self.stop_event.clear()
        self.prepare_events_for_start()

    def join(self) -> None:
        """Nothing to wait for: no thread runs. Kept so callers written for ARE work."""

    def stop(self, final_state: EnvironmentState = EnvironmentState.STOPPED) -> None:
        """End the run: the end-of-loop work of ARE's ``_event_loop``.

        Runs the final validation checks, settles the state (FAILED when asked
        or when a check fails, else STOPPED), sends ENVIRONMENT_STOP and dumps
        the final state when a dump directory is set. A second call only keeps
        a FAILED verdict.
        """
        self.stop_event.set()
        if self._stopped:
            if final_state == EnvironmentState.FAILED:
                self.state = final_state
            return
        self._stopped = True
        failed = final_state == EnvironmentState.FAILED or self.state == EnvironmentState.FAILED
        try:
            self.final_validation_checks()
        except ValidationException as exc:
            self.log_error(f"Final validation failed: {exc}")
            failed = True
        self.state = EnvironmentState.FAILED if failed else EnvironmentState.STOPPED
        if self.notification_system is not None:
            self.notification_system.message_queue.put(
                Message(
                    message_type=MessageType.ENVIRONMENT_STOP,
                    message=f"Environment stopped with state {self.state}",
                    timestamp=datetime.fromtimestamp(self.time_manager.time(), tz=UTC),
                )
            )
        self.pause_event.clear()
        if self.dump_dir is not None:
            self._dump_state("final_state.jsonl")

    def delete_all_completed_events(self) -> None:
        self.event_log = OrderedEventLog()
        self._sequence = itertools.count()

    def _dump_state(self, filename: str) -> None:
        assert self.dump_dir is not None
        os.makedirs(self.dump_dir, exist_ok=True)
        save_jsonl([self.get_state()], os.path.join(self.dump_dir, filename), overwrite=True)

    # -- the clock ---------------------------------------------------------

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
            ticks_here = ticks_here + 1 if when == last else 0
            if ticks_here > _MAX_TICKS_AT_ONE_TIME:
                raise RuntimeError(
                    f"More than {_MAX_TICKS_AT_ONE_TIME} ticks at simulated time {when}: an event "
                    "or condition reschedules itself at the same instant forever."
                )
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
            ticks_here = ticks_here + 1 if now == last else 0
            if ticks_here > _MAX_TICKS_AT_ONE_TIME:
                raise RuntimeError(
                    f"More than {_MAX_TICKS_AT_ONE_TIME} ticks at simulated time {now}: an event "
                    "or condition reschedules itself at the same instant forever."
                )
            last = now

    def tick(self) -> None:
        if self.deadline_check is not None:
            self.deadline_check(f"processing events at simulated time {self.time_manager.time():g}")
        super().tick()
        system_app = getattr(self.notification_system, "system_app", None)
        if getattr(system_app, "wait_for_notification_timeout", None) is None:
            self.waiting_for_notification = False

    def process_event(self, event: AbstractEvent) -> list[AbstractEvent]:  # type: ignore[override]
        """ARE's processing; an oracle step on a noisy app may fail like a tool call.

        ARE applies tool-failure noise only to agents' ``AppTool`` calls, so
        oracle steps are converted here (as ARE would) to draw it too: see
        ``pytest_pare._tool_noise``.
        """
        if type(event) is OracleEvent and self.oracle_mode:
            event = event.make(self).with_type(EventType.AGENT)
        return super().process_event(with_tool_failure(event))  # type: ignore[no-any-return]

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

    # -- apps and tools ----------------------------------------------------

    def register_apps(self, apps: list[App]) -> None:
        """Register apps as ARE does, then wire the home screen's navigation callbacks."""
        for app in apps:
            app.register_time_manager(self.time_manager)
            app.register_to_env("environment", self.add_to_log)
            if isinstance(app, AgentUserInterface):
                app.pause_env = self.pause
                app.resume_env = self.resume
            if isinstance(app, ReminderApp):
                self.notification_system.setup_reminder_app(app)
            if isinstance(app, SystemApp):
                self.notification_system.setup_system_app(app)
                app.wait_for_next_notification = self.wait_for_next_notification
            for protocol in app.get_implemented_protocols():
                self.protocol_to_app.setdefault(protocol, app)
            self.apps[app.name] = app
        for app in self.apps.values():
            app.connect_to_protocols(self.protocol_to_app)
        if hasattr(self.notification_system, "attach_apps"):
            self.notification_system.attach_apps(self.apps)
        home = self._home_screen()
        if home is not None:
            home.set_callbacks(
                switch_app_callback=self._switch_app,
                open_app_callback=self._open_app,
                go_home_callback=self._go_home,
            )
        self.active_app = home
        self.background_apps = []

    def _home_screen(self) -> App | None:
        for app in self.apps.values():
            if isinstance(app, SystemApp) and hasattr(app, "set_callbacks"):
                return app
        return None

    def _stateful_app(self, app_name: str, verb: str) -> App:
        if app_name not in self.apps:
            available = ", ".join(n for n, a in self.apps.items() if _is_stateful(a))
            raise KeyError(
                f"App {app_name!r} is not on this phone. Apps you can {verb}: {available}."
            )
        app = self.apps[app_name]
        if not _is_stateful(app):
            raise TypeError(
                f"Cannot {verb} {app_name!r}: it is a system app. Use go_home() for the home "
                "screen; the assistant's messages are always available."
            )
        return app

    def _bring_to_front(self, app: App) -> None:
        if app in self.background_apps:
            self.background_apps.remove(app)
        if self.active_app is not None and self.active_app is not app:
            self.background_apps.append(self.active_app)
        self.active_app = app

    def _open_app(self, app_name: str) -> str:
        app = self._stateful_app(app_name, "open")
        if self.active_app is app:
            return f"{app_name} is already open."
        resumed = app in self.background_apps
        self._bring_to_front(app)
        if resumed:
            # Like a phone: an app left in the background comes back where it was.
            return f"Opened {app_name} (resumed where you left it)."
        app.load_root_state()  # type: ignore[attr-defined]
        return f"Opened {app_name}."

    def _switch_app(self, app_name: str) -> str:
        app = self._stateful_app(app_name, "switch to")
        if self.active_app is app:
            return f"{app_name} is already in front."
        if app not in self.background_apps:
            raise ValueError(f"{app_name} is not open: open it with open_app({app_name!r}) first.")
        self._bring_to_front(app)
        return f"Switched to {app_name}."

    def _go_home(self) -> str:
        home = self._home_screen()
        if self.active_app is home:
            return "You are already on the home screen."
        self._bring_to_front(home)  # type: ignore[arg-type]
        return "Went to the home screen."

    def get_user_tools(self) -> list[AppTool]:
        """The simulated user's tools: assistant messages, the home screen, the screen in front."""
        tools: list[AppTool] = []
        for app in self.apps.values():
            if isinstance(app, AgentUserInterface):
                tools.extend(app.get_user_tools())
        home = self._home_screen()
        if home is not None:
            home_tools = home.get_user_tools()
            if self.active_app is not home:
                # Like a phone: apps are opened from the home screen.
                home_tools = [t for t in home_tools if t.function.__name__ != "open_app"]
            tools.extend(home_tools)
        if self.active_app is not None and self.active_app is not home:
            tools.extend(self.active_app.get_user_tools())
        return tools

    def get_tools(self) -> list[AppTool]:
        """The assistant's tools: every registered app's API tools."""
        tools: list[AppTool] = []
        for app in self.apps.values():
            tools.extend(app.get_tools())
        return tools

    # -- logging -----------------------------------------------------------

    def add_to_log(self, events: CompletedEvent | list[CompletedEvent]) -> None:
        """Log events with metrics metadata, then run screen transitions for USER events."""
        batch = events if isinstance(events, list) else [events]
        mode, turn = self._context_getter() if self._context_getter is not None else (None, None)
        for event in batch:
            base = event.metadata or EventMetadata()
            event.metadata = PAREEventMetadata(
                return_value=base.return_value,
                exception=base.exception,
                exception_stack_trace=base.exception_stack_trace,
                completed=base.completed,
                turn_number=turn,
                proactive_mode=mode if event.event_type == EventType.AGENT else None,
                sequence=next(self._sequence),
            )
        super().add_to_log(batch)
        for event in batch:
            if event.event_type != EventType.USER:
                continue
            app = self.apps.get(event.app_name() or "")
            if app is not None and _is_stateful(app):
                app.handle_state_transition(event)  # type: ignore[attr-defined]
