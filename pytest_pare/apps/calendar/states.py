"""Screens of the calendar app: the agenda and one event (the editor is in ``editor.py``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from are.simulation.apps.calendar import CalendarEvent, CalendarEventsResult
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps._datetime import DATETIME_FORMAT, parse_datetime
from pytest_pare.apps.calendar.editor import EditDraft, EditEvent
from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["AgendaView", "EditDraft", "EditEvent", "EventDetail", "day_range"]


def day_range(day: datetime) -> dict[str, str]:
    """The ``start_datetime`` / ``end_datetime`` strings of the UTC day containing ``day``."""
    start = day.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=1)
    return {
        "start_datetime": start.strftime(DATETIME_FORMAT),
        "end_datetime": end.strftime(DATETIME_FORMAT),
    }


def _has_attendee(event: CalendarEvent, attendee: str) -> bool:
    wanted = attendee.strip().lower()
    return any(a.strip().lower() == wanted for a in event.attendees)


class AgendaView(AppState):
    """The events of a time window (one UTC day by default), optionally filtered."""

    def __init__(
        self,
        *,
        start_datetime: str,
        end_datetime: str,
        tag_filter: str | None = None,
        attendee_filter: str | None = None,
    ) -> None:
        super().__init__()
        if parse_datetime(end_datetime, "end_datetime") < parse_datetime(
            start_datetime, "start_datetime"
        ):
            raise ValueError(
                f"Agenda window ends ({end_datetime}) before it starts ({start_datetime})."
            )
        self.start_datetime = start_datetime
        self.end_datetime = end_datetime
        self.tag_filter = tag_filter
        self.attendee_filter = attendee_filter

    def visible_events(self) -> list[CalendarEvent]:
        """Events overlapping the window that pass the filters, by start time."""
        start = parse_datetime(self.start_datetime, "start_datetime").timestamp()
        end = parse_datetime(self.end_datetime, "end_datetime").timestamp()
        events = [
            e
            for e in self.app.events.values()
            if e.start_datetime < end
            and e.end_datetime > start
            and (not self.tag_filter or e.tag == self.tag_filter)
            and (not self.attendee_filter or _has_attendee(e, self.attendee_filter))
        ]
        return sorted(events, key=lambda e: (e.start_datetime, e.end_datetime))

    def _shifted_day(self, days: int) -> dict[str, str]:
        return day_range(
            parse_datetime(self.start_datetime, "start_datetime") + timedelta(days=days)
        )

    @user_tool()
    @pare_event_registered()
    def list_events(self, offset: int = 0, limit: int = 10) -> dict[str, Any]:
        """List the events shown in this agenda (its window and filters), by start time.

        Args:
            offset: index of the first event to list.
            limit: how many events to list.

        Returns:
            A dict with "events", "range" (first, last index) and "total".
        """
        events = self.visible_events()
        end = min(offset + limit, len(events))
        return {"events": events[offset:end], "range": (offset, end), "total": len(events)}

    @user_tool()
    @pare_event_registered()
    def search_events(self, query: str) -> list[CalendarEvent]:
        """Search all calendar events by title, description, location or attendee.

        Args:
            query: text to look for (case-insensitive).

        Returns:
            The matching events.
        """
        with disable_events():
            return self.app.search_events(query=query)

    @user_tool()
    @pare_event_registered()
    def open_event_by_id(self, event_id: str) -> CalendarEvent:
        """Open an event by its id.

        Args:
            event_id: id of the event.

        Returns:
            The event.
        """
        with disable_events():
            return self.app.get_calendar_event(event_id=event_id)

    @user_tool()
    @pare_event_registered()
    def open_event_by_index(self, index: int) -> CalendarEvent:
        """Open the n-th event shown in this agenda (0 is the earliest).

        Args:
            index: position of the event in the agenda.

        Returns:
            The event.
        """
        events = self.visible_events()
        if not 0 <= index < len(events):
            raise IndexError(
                f"No event at index {index}: this agenda shows {len(events)} event(s)."
            )
        return events[index]

    @user_tool()
    @pare_event_registered()
    def filter_by_tag(self, tag: str) -> list[CalendarEvent]:
        """Show only the events with a tag.

        Args:
            tag: the tag to keep.

        Returns:
            The events of this window with that tag.
        """
        return [e for e in self.visible_events() if e.tag == tag]

    @user_tool()
    @pare_event_registered()
    def filter_by_attendee(self, attendee: str) -> list[CalendarEvent]:
        """Show only the events an attendee takes part in.

        Args:
            attendee: full name of the attendee.

        Returns:
            The events of this window with that attendee.
        """
        return [e for e in self.visible_events() if _has_attendee(e, attendee)]

    @user_tool()
    @pare_event_registered()
    def clear_filters(self) -> dict[str, str]:
        """Remove the tag and attendee filters.

        Returns:
            The window still shown.
        """
        return {"start_datetime": self.start_datetime, "end_datetime": self.end_datetime}

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def add_calendar_event_by_attendee(
        self,
        who_add: str,
        title: str = "Event",
        start_datetime: str | None = None,
        end_datetime: str | None = None,
        tag: str | None = None,
        description: str | None = None,
        location: str | None = None,
        attendees: list[str] | None = None,
    ) -> str:
        """Add an event on behalf of an attendee.

        Args:
            who_add: name of the attendee adding the event.
            title: title of the event.
            start_datetime: start, YYYY-MM-DD HH:MM:SS.
            end_datetime: end, YYYY-MM-DD HH:MM:SS.
            tag: tag of the event.
            description: description of the event.
            location: location of the event.
            attendees: full names of the attendees.

        Returns:
            The id of the new event.
        """
        with disable_events():
            return self.app.add_calendar_event_by_attendee(
                who_add=who_add,
                title=title,
                start_datetime=start_datetime,
                end_datetime=end_datetime,
                tag=tag,
                description=description,
                location=location,
                attendees=list(attendees) if attendees else None,
            )

    @user_tool()
    @pare_event_registered()
    def read_today_calendar_events(self) -> CalendarEventsResult:
        """Read the events of the current day.

        Returns:
            A dict with "events", "range" and "total".
        """
        with disable_events():
            return self.app.read_today_calendar_events()

    @user_tool()
    @pare_event_registered()
    def get_all_tags(self) -> list[str]:
        """List every tag used in the calendar.

        Returns:
            The tags, sorted.
        """
        with disable_events():
            return sorted(self.app.get_all_tags())

    @user_tool()
    @pare_event_registered()
    def get_calendar_events_by_tag(self, tag: str) -> list[CalendarEvent]:
        """List all events (any day) with a tag.

        Args:
            tag: the tag.

        Returns:
            The events with that tag.
        """
        with disable_events():
            return self.app.get_calendar_events_by_tag(tag=tag)

    @user_tool()
    @pare_event_registered()
    def set_day(self, date: str) -> dict[str, str]:
        """Show another day.

        Args:
            date: the day, YYYY-MM-DD.

        Returns:
            The new window's "start_datetime" and "end_datetime".
        """
        try:
            day = datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=UTC)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Invalid date {date!r}: use YYYY-MM-DD, e.g. '2025-05-01'.") from exc
        return day_range(day)

    @user_tool()
    @pare_event_registered()
    def next_day(self) -> dict[str, str]:
        """Show the day after the first day of this agenda.

        Returns:
            The new window's "start_datetime" and "end_datetime".
        """
        return self._shifted_day(1)

    @user_tool()
    @pare_event_registered()
    def previous_day(self) -> dict[str, str]:
        """Show the day before the first day of this agenda.

        Returns:
            The new window's "start_datetime" and "end_datetime".
        """
        return self._shifted_day(-1)

    @user_tool()
    @pare_event_registered()
    def start_create_event(self) -> str:
        """Start creating a new event (opens an empty editor).

        Returns:
            A confirmation.
        """
        return "New event draft started."


class EventDetail(AppState):
    """One event."""

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id
        self.event: CalendarEvent | None = None

    def on_enter(self) -> None:
        """Load the event (None when it is gone)."""
        # Tolerant: the event may have been deleted (e.g. by an attendee) while this
        # screen sat on the stack; the tools then say so.
        self.event = self.app.events.get(self.event_id)

    def _current(self) -> CalendarEvent:
        self.event = self.app.events.get(self.event_id)
        if self.event is None:
            raise ValueError(
                f"Calendar event {self.event_id} no longer exists; go back to the agenda."
            )
        return self.event

    @user_tool()
    @pare_event_registered()
    def refresh(self) -> CalendarEvent:
        """Reload this event.

        Returns:
            The event.
        """
        return self._current()

    @user_tool()
    @pare_event_registered()
    def list_attendees(self) -> list[str]:
        """List the attendees of this event.

        Returns:
            Their names.
        """
        return list(self._current().attendees)

    @user_tool()
    @pare_event_registered()
    def edit_event(self) -> dict[str, Any]:
        """Open the editor on this event.

        Returns:
            The draft: the event's fields as strings.
        """
        return asdict(EditDraft.from_event(self._current()))

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def delete(self) -> str:
        """Delete this event.

        Returns:
            A confirmation.
        """
        with disable_events():
            return self.app.delete_calendar_event(event_id=self.event_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def delete_by_attendee(self, who_delete: str) -> str:
        """Delete this event as one of its attendees.

        Args:
            who_delete: name of the attendee deleting it.

        Returns:
            A confirmation.
        """
        with disable_events():
            return self.app.delete_calendar_event_by_attendee(
                event_id=self.event_id, who_delete=who_delete
            )
