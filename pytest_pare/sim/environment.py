"""StateAwareEnvironmentWrapper: ARE's environment on a simulated clock, with phone navigation.

This module holds what the two agents see of the phone: the run's lifecycle,
the app in front and the apps in the background (the home screen's
``open_app``/``switch_app``/``go_home`` callbacks), the user's tools versus the
assistant's, and logging with the metrics metadata. The clock that the runner
moves (``advance*``, ``run_to_end``, ``tick``) is ``pytest_pare.sim.clock``; the
event log's records and order are ``pytest_pare.sim.event_log``.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.agent_user_interface import AgentUserInterface
from are.simulation.apps.app import App
from are.simulation.apps.reminder import ReminderApp
from are.simulation.apps.system import SystemApp
from are.simulation.environment import Environment, EnvironmentConfig
from are.simulation.notification_system import BaseNotificationSystem, Message, MessageType
from are.simulation.tool_utils import AppTool
from are.simulation.types import (
    AbstractEvent,
    CompletedEvent,
    EnvironmentState,
    EnvironmentType,
    EventMetadata,
    EventType,
    OracleEvent,
    ValidationException,
)
from are.simulation.utils import save_jsonl

from pytest_pare.sim.clock import EventBudgetExceeded, SimulatedClock, SimulatedTimeManager
from pytest_pare.sim.event_log import OrderedEventLog, OrderedEventQueue, PAREEventMetadata
from pytest_pare.sim.tool_noise import with_tool_failure

logger = logging.getLogger(__name__)

_ARE_LOGGER = logging.getLogger(Environment.__module__)
_LOG_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}

__all__ = [
    "EventBudgetExceeded",
    "PAREEventMetadata",
    "SimulatedTimeManager",
    "StateAwareEnvironmentWrapper",
]


def _is_stateful(app: App) -> bool:
    # Duck-typed so that this module does not import the apps package (which
    # imports much of ARE) and ARE's plain apps can sit among ours.
    return hasattr(app, "load_root_state") and hasattr(app, "handle_state_transition")


class StateAwareEnvironmentWrapper(SimulatedClock, Environment):
    """ARE's ``Environment`` driven by the runner's simulated clock.

    Start with ``run(scenario, wait_for_end=False)``: apps are registered and
    events scheduled, no thread starts. Then move time with ``advance(dt)``,
    ``advance_to(t)`` or ``advance_to_next_event()``, and end with ``stop()``.
    ``run(scenario)`` with ``wait_for_end=True`` does all of it (oracle mode).
    The clock methods come from ``SimulatedClock`` (``pytest_pare.sim.clock``).
    """

    def __init__(
        self,
        config: EnvironmentConfig | None = None,
        environment_type: EnvironmentType = EnvironmentType.UNKNOWN,
        notification_system: BaseNotificationSystem | None = None,
        add_event_to_agent_log: Callable[[CompletedEvent], None] | None = None,
    ) -> None:
        if notification_system is None:
            from pytest_pare.sim.notifications import PARENotificationSystem

            notification_system = PARENotificationSystem()
        super().__init__(
            config=config,
            environment_type=environment_type,
            notification_system=notification_system,
            add_event_to_agent_log=add_event_to_agent_log,
        )
        self.time_manager = SimulatedTimeManager(self.start_time or 0.0)
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
        # Set by the runner to bound a run in processed events (max_scenario_events).
        self.max_events: int | None = None
        self.events_processed = 0

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

    def _log(self, message: str, level: str, color: str, attrs: list[str] | None = None) -> None:
        # ARE formats and colours every line before the logger drops it; a tick
        # logs several debug lines, so skip the work when the level is off.
        if _ARE_LOGGER.isEnabledFor(_LOG_LEVELS.get(level, logging.CRITICAL)):
            super()._log(message, level, color, attrs)

    def delete_all_completed_events(self) -> None:
        self.event_log = OrderedEventLog()
        self._sequence = itertools.count()

    def _dump_state(self, filename: str) -> None:
        assert self.dump_dir is not None
        os.makedirs(self.dump_dir, exist_ok=True)
        save_jsonl([self.get_state()], os.path.join(self.dump_dir, filename), overwrite=True)

    # -- events ------------------------------------------------------------

    def process_event(self, event: AbstractEvent) -> list[AbstractEvent]:
        """ARE's processing, counted against ``max_events``; an oracle step on a noisy app
        may fail like a tool call.

        ARE applies tool-failure noise only to agents' ``AppTool`` calls, so
        oracle steps are converted here (as ARE would) to draw it too: see
        ``pytest_pare.sim.tool_noise``.
        """
        self.count_event()
        if type(event) is OracleEvent and self.oracle_mode:
            event = event.make(self).with_type(EventType.AGENT)
        return super().process_event(with_tool_failure(event))

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
        app.load_root_state()
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
        self._bring_to_front(home)
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
                app.handle_state_transition(event)
