"""Screens of the reminder app: the list, one reminder, and the reminder editor."""

from __future__ import annotations

from dataclasses import dataclass

from are.simulation.apps.reminder import Reminder
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps._datetime import DATETIME_FORMAT, parse_datetime
from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = [
    "REPETITION_UNITS",
    "EditReminder",
    "ReminderDetail",
    "ReminderDraft",
    "ReminderList",
]

REPETITION_UNITS = ("second", "minute", "hour", "day", "week", "month")


def check_repetition(unit: str | None, value: int | None) -> None:
    """Raise a clear error for an unknown unit or a non-positive interval."""
    if unit is None:
        return
    if unit not in REPETITION_UNITS:
        raise ValueError(
            f"Invalid repetition unit {unit!r}: use one of {', '.join(REPETITION_UNITS)}."
        )
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ValueError(f"Repetition value must be a positive whole number, got {value!r}.")


def _by_due(reminders: list[Reminder]) -> list[Reminder]:
    return sorted(reminders, key=lambda r: (r.due_datetime, r.reminder_id))


@dataclass
class ReminderDraft:
    """The fields of a reminder being created or edited."""

    title: str = ""
    description: str = ""
    due_datetime: str = ""
    repetition_unit: str | None = None
    repetition_value: int | None = None


class ReminderList(AppState):
    """All reminders."""

    @user_tool()
    @pare_event_registered()
    def list_all_reminders(self) -> list[Reminder]:
        """List every reminder, soonest first.

        Returns:
            The reminders.
        """
        with disable_events():
            return _by_due(self.app.get_all_reminders())

    @user_tool()
    @pare_event_registered()
    def list_due_reminders(self) -> list[Reminder]:
        """List the reminders that are due (at or before now).

        Returns:
            The due reminders, soonest first.
        """
        with disable_events():
            return _by_due(self.app.get_due_reminders())

    @user_tool()
    @pare_event_registered()
    def list_upcoming_reminders(self) -> list[Reminder]:
        """List the reminders due after now.

        Returns:
            The upcoming reminders, soonest first.
        """
        now = self.app.time_manager.time()
        with disable_events():
            reminders = self.app.get_all_reminders()
        return _by_due([r for r in reminders if r.due_datetime.timestamp() > now])

    @user_tool()
    @pare_event_registered()
    def search_reminders(self, query: str) -> list[Reminder]:
        """Find reminders whose title or description contains some text.

        Args:
            query: the text (case-insensitive).

        Returns:
            The matching reminders, soonest first.
        """
        needle = query.lower()
        with disable_events():
            reminders = self.app.get_all_reminders()
        return _by_due([r for r in reminders if needle in f"{r.title}\n{r.description}".lower()])

    @user_tool()
    @pare_event_registered()
    def open_reminder(self, reminder_id: str) -> Reminder:
        """Open a reminder.

        Args:
            reminder_id: id of the reminder.

        Returns:
            The reminder.
        """
        return self.app.reminder_by_id(reminder_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def create_new(self) -> ReminderDraft:
        """Start a new reminder (opens an empty editor).

        Returns:
            The empty draft.
        """
        return ReminderDraft()


class ReminderDetail(AppState):
    """One reminder."""

    def __init__(self, reminder_id: str) -> None:
        super().__init__()
        self.reminder_id = reminder_id

    @user_tool()
    @pare_event_registered()
    def show_reminder(self) -> Reminder:
        """Show this reminder.

        Returns:
            The reminder.
        """
        return self.app.reminder_by_id(self.reminder_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def edit(self) -> str:
        """Edit this reminder (opens the editor on it).

        Returns:
            The reminder id.
        """
        self.app.reminder_by_id(self.reminder_id)
        return self.reminder_id

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def delete(self) -> str:
        """Delete this reminder and its repetitions (back to the list).

        Returns:
            The id of the deleted reminder.
        """
        with disable_events():
            self.app.delete_reminder(reminder_id=self.reminder_id)
        return self.reminder_id


class EditReminder(AppState):
    """The editor of a new (``reminder_id`` None) or existing reminder; ``save`` stores it."""

    def __init__(self, reminder_id: str | None = None) -> None:
        super().__init__()
        self.reminder_id = reminder_id
        self.draft = ReminderDraft()
        self._loaded = reminder_id is None

    def on_enter(self) -> None:
        """Fill the draft from the reminder being edited."""
        # Only the first time: coming back to the editor must not undo the user's edits.
        if self._loaded:
            return
        reminder = self.app.reminders.get(self.reminder_id)
        if reminder is not None:
            self.draft = ReminderDraft(
                title=reminder.title,
                description=reminder.description,
                due_datetime=reminder.due_datetime.strftime(DATETIME_FORMAT),
                repetition_unit=reminder.repetition_unit,
                repetition_value=reminder.repetition_value,
            )
        self._loaded = True

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def set_title(self, title: str) -> ReminderDraft:
        """Set the title.

        Args:
            title: the title.

        Returns:
            The draft.
        """
        if not title.strip():
            raise ValueError("A reminder title cannot be empty.")
        self.draft.title = title
        return self.draft

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def set_description(self, description: str) -> ReminderDraft:
        """Set the description.

        Args:
            description: the description.

        Returns:
            The draft.
        """
        self.draft.description = description
        return self.draft

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def set_due_datetime(self, due_datetime: str) -> ReminderDraft:
        """Set when the reminder is due.

        Args:
            due_datetime: YYYY-MM-DD HH:MM:SS.

        Returns:
            The draft.
        """
        parse_datetime(due_datetime, "due_datetime")
        self.draft.due_datetime = due_datetime
        return self.draft

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def set_repetition(self, unit: str | None, value: int | None = None) -> ReminderDraft:
        """Make the reminder repeat, or not (unit None).

        Args:
            unit: second, minute, hour, day, week or month; None for no repetition.
            value: every how many units (default 1).

        Returns:
            The draft.
        """
        check_repetition(unit, value)
        self.draft.repetition_unit = unit
        self.draft.repetition_value = (value or 1) if unit else None
        return self.draft

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def save(self) -> str:
        """Save the reminder (opens it).

        Returns:
            The id of the saved reminder.
        """
        if not self.draft.title.strip() or not self.draft.due_datetime:
            raise ValueError(
                "A reminder needs a title and a due date and time: "
                "use set_title and set_due_datetime, then save."
            )
        with disable_events():
            if self.reminder_id is None:
                return self.app.add_reminder(
                    title=self.draft.title,
                    due_datetime=self.draft.due_datetime,
                    description=self.draft.description,
                    repetition_unit=self.draft.repetition_unit,
                    repetition_value=self.draft.repetition_value,
                )
            return self.app.update_reminder(
                reminder_id=self.reminder_id,
                title=self.draft.title,
                description=self.draft.description,
                due_datetime=self.draft.due_datetime,
                repetition_unit=self.draft.repetition_unit,
                repetition_value=self.draft.repetition_value,
            )

    @user_tool()
    @pare_event_registered()
    def cancel(self) -> str:
        """Leave the editor without saving.

        Returns:
            A confirmation.
        """
        return "Reminder editing cancelled."
