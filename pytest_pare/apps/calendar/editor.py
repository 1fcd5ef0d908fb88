"""The calendar's event editor screen and its draft."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from are.simulation.apps.calendar import CalendarEvent
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps._datetime import format_datetime, parse_datetime
from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["EditDraft", "EditEvent"]


@dataclass
class EditDraft:
    """The fields of an event being created (``event_id`` None) or edited."""

    title: str = "Event"
    start_datetime: str | None = None
    end_datetime: str | None = None
    tag: str | None = None
    description: str | None = None
    location: str | None = None
    attendees: list[str] = field(default_factory=list)
    event_id: str | None = None

    @classmethod
    def from_event(cls, event: CalendarEvent) -> EditDraft:
        """A draft holding an existing event's fields, to edit it."""
        return cls(
            title=event.title,
            start_datetime=format_datetime(event.start_datetime),
            end_datetime=format_datetime(event.end_datetime),
            tag=event.tag,
            description=event.description,
            location=event.location,
            attendees=list(event.attendees),
            event_id=event.event_id,
        )


class EditEvent(AppState):
    """The editor of a new or existing event; nothing is stored until ``save``."""

    def __init__(self, draft: EditDraft | None = None) -> None:
        super().__init__()
        self.draft = EditDraft() if draft is None else EditDraft(**asdict(draft))

    def _fields(self, *names: str) -> dict[str, Any]:
        return {name: getattr(self.draft, name) for name in names}

    @user_tool()
    @pare_event_registered()
    def set_title(self, title: str) -> dict[str, Any]:
        """Set the title.

        Args:
            title: the new title.

        Returns:
            The draft's title.
        """
        if not title.strip():
            raise ValueError("An event title cannot be empty.")
        self.draft.title = title
        return self._fields("title")

    @user_tool()
    @pare_event_registered()
    def set_time_range(self, start_datetime: str, end_datetime: str) -> dict[str, Any]:
        """Set when the event starts and ends.

        Args:
            start_datetime: start, YYYY-MM-DD HH:MM:SS.
            end_datetime: end, YYYY-MM-DD HH:MM:SS.

        Returns:
            The draft's start and end.
        """
        if parse_datetime(end_datetime, "end_datetime") < parse_datetime(
            start_datetime, "start_datetime"
        ):
            raise ValueError(
                f"The event ends ({end_datetime}) before it starts ({start_datetime})."
            )
        self.draft.start_datetime = start_datetime
        self.draft.end_datetime = end_datetime
        return self._fields("start_datetime", "end_datetime")

    @user_tool()
    @pare_event_registered()
    def set_tag(self, tag: str | None) -> dict[str, Any]:
        """Set or clear (None) the tag.

        Args:
            tag: the tag, or None.

        Returns:
            The draft's tag.
        """
        self.draft.tag = tag or None
        return self._fields("tag")

    @user_tool()
    @pare_event_registered()
    def set_description(self, description: str | None) -> dict[str, Any]:
        """Set or clear (None) the description.

        Args:
            description: the description, or None.

        Returns:
            The draft's description.
        """
        self.draft.description = description or None
        return self._fields("description")

    @user_tool()
    @pare_event_registered()
    def set_location(self, location: str | None) -> dict[str, Any]:
        """Set or clear (None) the location.

        Args:
            location: the location, or None.

        Returns:
            The draft's location.
        """
        self.draft.location = location or None
        return self._fields("location")

    @user_tool()
    @pare_event_registered()
    def set_attendees(self, attendees: list[str]) -> dict[str, Any]:
        """Replace the attendee list.

        Args:
            attendees: full names of the attendees.

        Returns:
            The draft's attendees.
        """
        self.draft.attendees = list(dict.fromkeys(attendees))
        return self._fields("attendees")

    @user_tool()
    @pare_event_registered()
    def add_attendee(self, attendee: str) -> dict[str, Any]:
        """Add an attendee (kept once).

        Args:
            attendee: full name of the attendee.

        Returns:
            The draft's attendees.
        """
        if attendee not in self.draft.attendees:
            self.draft.attendees.append(attendee)
        return self._fields("attendees")

    @user_tool()
    @pare_event_registered()
    def remove_attendee(self, attendee: str) -> dict[str, Any]:
        """Remove an attendee.

        Args:
            attendee: full name of the attendee.

        Returns:
            The draft's attendees.
        """
        if attendee not in self.draft.attendees:
            raise ValueError(
                f"{attendee!r} is not an attendee of this draft: {self.draft.attendees}."
            )
        self.draft.attendees.remove(attendee)
        return self._fields("attendees")

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def save(self) -> str:
        """Save the draft: create the event, or update the one being edited.

        Returns:
            The id of the saved event.
        """
        with disable_events():
            return self.app.save_draft(self.draft)

    @user_tool()
    @pare_event_registered()
    def discard(self) -> str:
        """Close the editor without saving.

        Returns:
            A confirmation.
        """
        return "Draft discarded."
