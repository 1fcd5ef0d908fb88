"""``StatefulCalendarApp``: ARE's CalendarV2 with agenda, event and editor screens."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.calendar_v2 import CalendarV2
from are.simulation.types import disable_events

from pytest_pare.apps.calendar.editor import EditDraft, EditEvent
from pytest_pare.apps.calendar.states import AgendaView, EventDetail, day_range
from pytest_pare.apps.core import StatefulApp, UserAction

__all__ = ["StatefulCalendarApp"]

_NEW_WINDOW_TOOLS = {"set_day", "next_day", "previous_day", "clear_filters"}


class StatefulCalendarApp(StatefulApp, CalendarV2):
    """Calendar whose user sees one screen at a time; the assistant keeps ARE's flat API.

    Opens on the agenda of the UTC day of the app's current (simulated) time.
    """

    def __init__(
        self, name: str | None = None, events: dict[str, CalendarEvent] | None = None
    ) -> None:
        # Explicit keywords (not ARE's dataclass defaults) so each instance owns its dict.
        super().__init__(name=name, events={} if events is None else events)

    def create_root_state(self) -> AgendaView:
        """The agenda of today (by the app's time manager)."""
        today = datetime.fromtimestamp(self.time_manager.time(), tz=UTC)
        return AgendaView(**day_range(today))

    def register_time_manager(self, time_manager: Any) -> None:
        """Use the environment's clock; an untouched agenda moves to that clock's day."""
        super().register_time_manager(time_manager)
        # Built at construction, the root agenda shows the day of ARE's wall-clock
        # TimeManager; once the simulated clock arrives it should show that day.
        if not self.navigation_stack and isinstance(self.current_state, AgendaView):
            self.load_root_state()

    def add_event(self, event: Any) -> None:
        """Store a ``CalendarEvent``; hand anything else to the event-log callbacks (ARE).

        ARE's ``App.add_event`` is the log hook, so upstream silently dropped a
        ``CalendarEvent`` given to it by a scenario. Storing it is what the author meant.
        """
        if isinstance(event, CalendarEvent):
            with disable_events():
                self.set_calendar_event(event)
            return
        super().add_event(event)

    def save_draft(self, draft: EditDraft) -> str:
        """Create the draft's event, or update the event it edits; return the event id.

        ARE's ``edit_calendar_event`` skips empty values, so fields the user cleared
        (tag, description, location, attendees) are cleared here afterwards.
        """
        if draft.event_id is None:
            return self.add_calendar_event(
                title=draft.title,
                start_datetime=draft.start_datetime,
                end_datetime=draft.end_datetime,
                tag=draft.tag,
                description=draft.description,
                location=draft.location,
                attendees=list(draft.attendees),
            )
        self.edit_calendar_event(**asdict(draft))
        event = self.events[draft.event_id]
        for name in ("tag", "description", "location"):
            if not getattr(draft, name):
                setattr(event, name, None)
        if not draft.attendees:
            event.attendees = []
        return draft.event_id

    def transition(self, action: UserAction) -> None:
        """Screen changes of section 4.3 of the spec (agenda -> event -> editor)."""
        state = self.current_state
        if action.state is not None and action.state is not state:
            return
        name = action.function_name
        if isinstance(state, AgendaView):
            self._from_agenda(state, name, action)
        elif isinstance(state, EventDetail):
            if name == "edit_event":
                self.set_current_state(EditEvent(EditDraft(**action.result)))
            elif name in {"delete", "delete_by_attendee"}:
                self._back_or_root()
        elif isinstance(state, EditEvent):
            if name == "save":
                previous = self.navigation_stack[-1] if self.navigation_stack else None
                if isinstance(previous, EventDetail):
                    previous.event_id = action.result  # refreshed by its on_enter
                self._back_or_root()
            elif name == "discard":
                self._back_or_root()

    def _from_agenda(self, state: AgendaView, name: str, action: UserAction) -> None:
        if name in {"open_event_by_id", "open_event_by_index"}:
            event_id = action.args.get("event_id") or getattr(action.result, "event_id", None)
            if event_id:
                self.set_current_state(EventDetail(event_id))
        elif name == "start_create_event":
            self.set_current_state(EditEvent(EditDraft()))
        elif name == "filter_by_tag":
            self.set_current_state(self._agenda_like(state, tag_filter=action.args["tag"]))
        elif name == "filter_by_attendee":
            self.set_current_state(
                self._agenda_like(state, attendee_filter=action.args["attendee"])
            )
        elif name in _NEW_WINDOW_TOOLS:
            filters = (
                {"tag_filter": None, "attendee_filter": None} if name == "clear_filters" else {}
            )
            self.set_current_state(self._agenda_like(state, **action.result, **filters))

    @staticmethod
    def _agenda_like(state: AgendaView, **changes: Any) -> AgendaView:
        fields: dict[str, Any] = {
            "start_datetime": state.start_datetime,
            "end_datetime": state.end_datetime,
            "tag_filter": state.tag_filter,
            "attendee_filter": state.attendee_filter,
        }
        fields.update(changes)
        return AgendaView(**fields)
