"""``StatefulReminderApp``: ARE's ReminderApp with list, detail and editor screens."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

from are.simulation.apps.reminder import Reminder, ReminderApp
from are.simulation.tool_utils import OperationType, app_tool
from are.simulation.types import event_registered

from pytest_pare.apps._datetime import parse_datetime
from pytest_pare.apps.core import StatefulApp, UserAction
from pytest_pare.apps.reminder.states import (
    EditReminder,
    ReminderDetail,
    ReminderList,
    check_repetition,
)

__all__ = ["StatefulReminderApp"]

_REP = "_rep_"
# ARE's default horizon for generating repetitions, counted from the app's clock.
_DEFAULT_HORIZON = timedelta(weeks=12)


def _series(reminder_id: str) -> tuple[str, int]:
    """(base id, occurrence number) of ``X`` (0) or ``X_rep_<n>`` (n)."""
    base, sep, count = reminder_id.rpartition(_REP)
    if sep and count.isdigit():
        return base, int(count)
    return reminder_id, 0


def _shift(due: datetime, unit: str, value: int) -> datetime:
    if unit == "month":
        months = due.month - 1 + value
        year, month = due.year + months // 12, months % 12 + 1
        # Clamp the day (Jan 31 + 1 month = Feb 28/29) instead of raising like ARE.
        return due.replace(
            year=year, month=month, day=min(due.day, calendar.monthrange(year, month)[1])
        )
    return due + timedelta(**{f"{unit}s": value})


class StatefulReminderApp(StatefulApp, ReminderApp):
    """Reminders whose user sees one screen at a time; the assistant keeps ARE's flat API.

    Differences from ARE's ReminderApp, all about repetitions: they are numbered
    ``X_rep_1``, ``X_rep_2``, ... (ARE chains ``X_rep_1_rep_1``, which its own
    ``delete_reminder`` then misses), and when ``max_future_datetime`` is not given the
    horizon is 12 weeks after the app's current (simulated) time at each creation,
    not after the wall clock at construction.
    """

    # Set by ARE's ReminderApp; declared for the type checker (a class annotation only).
    max_future_datetime: datetime | None

    def __init__(
        self,
        name: str | None = None,
        reminders: dict[str, Reminder] | None = None,
        max_future_datetime: datetime | None = None,
        max_reminder_repetitions: int = 100,
    ) -> None:
        super().__init__(
            name=name,
            reminders={} if reminders is None else reminders,
            max_future_datetime=max_future_datetime,
            max_reminder_repetitions=max_reminder_repetitions,
        )

    def __post_init__(self) -> None:
        self._horizon_from_clock = self.max_future_datetime is None
        super().__post_init__()

    def create_root_state(self) -> ReminderList:
        """The list of reminders."""
        return ReminderList()

    def reminder_by_id(self, reminder_id: str) -> Reminder:
        """The reminder with this id, or a ValueError that says so."""
        reminder = self.reminders.get(reminder_id)
        if reminder is None:
            raise ValueError(
                f"Reminder {reminder_id} not found; list the reminders to see their ids."
            )
        return reminder

    def _horizon(self) -> datetime | None:
        if self._horizon_from_clock:
            now = datetime.fromtimestamp(self.time_manager.time(), tz=UTC)
            self.max_future_datetime = now + _DEFAULT_HORIZON
        return self.max_future_datetime

    def add_reminder_repetition(self, reminder_id: str) -> str | None:
        """Add the occurrence after ``reminder_id``; its id, or None past the horizon."""
        reminder = self.reminders[reminder_id]
        if not reminder.repetition_unit:
            raise ValueError(f"Reminder {reminder_id} does not repeat.")
        due = _shift(
            reminder.due_datetime, reminder.repetition_unit, reminder.repetition_value or 1
        )
        horizon = self._horizon()
        if horizon is None or due >= horizon:
            return None
        base, count = _series(reminder_id)
        new_id = f"{base}{_REP}{count + 1}"
        self.reminders[new_id] = Reminder(
            reminder_id=new_id,
            title=reminder.title,
            due_datetime=due,
            description=reminder.description,
            repetition_unit=reminder.repetition_unit,
            repetition_value=reminder.repetition_value,
        )
        return new_id

    @app_tool()
    @event_registered(operation_type=OperationType.WRITE)
    def update_reminder(
        self,
        reminder_id: str,
        title: str,
        description: str,
        due_datetime: str,
        repetition_unit: str | None,
        repetition_value: int | None,
    ) -> str:
        """Overwrite every field of a reminder and rebuild its later repetitions.

        Args:
            reminder_id: id of the reminder.
            title: new title.
            description: new description.
            due_datetime: new due date and time, YYYY-MM-DD HH:MM:SS.
            repetition_unit: second, minute, hour, day, week or month; None for no repetition.
            repetition_value: every how many units; None means 1 when a unit is given.

        Returns:
            The reminder id.
        """
        reminder = self.reminder_by_id(reminder_id)
        due = parse_datetime(due_datetime, "due_datetime")
        check_repetition(repetition_unit, repetition_value)
        base, count = _series(reminder_id)
        later = [
            rid for rid in self.reminders if _series(rid)[0] == base and _series(rid)[1] > count
        ]
        for rid in later:
            del self.reminders[rid]
        if due != reminder.due_datetime:
            reminder.time_notified = None  # a moved reminder is due (and notified) again
        reminder.title = title
        reminder.description = description
        reminder.due_datetime = due
        reminder.repetition_unit = repetition_unit
        reminder.repetition_value = (repetition_value or 1) if repetition_unit else None
        next_id: str | None = reminder_id
        made = 0
        while repetition_unit and next_id is not None and made < self.max_reminder_repetitions:
            next_id = self.add_reminder_repetition(next_id)
            made += next_id is not None
        return reminder_id

    def transition(self, action: UserAction) -> None:
        """Screen changes of section 4.3 of the spec (list -> reminder -> editor)."""
        state = self.current_state
        if action.state is not None and action.state is not state:
            return
        name = action.function_name
        if isinstance(state, ReminderList):
            if name == "open_reminder":
                self.set_current_state(ReminderDetail(action.args["reminder_id"]))
            elif name == "create_new":
                self.set_current_state(EditReminder())
        elif isinstance(state, ReminderDetail):
            if name == "edit":
                self.set_current_state(EditReminder(state.reminder_id))
            elif name == "delete":
                self.load_root_state()
        elif isinstance(state, EditReminder):
            if name == "save":
                self._leave_editor(action.result)
            elif name == "cancel":
                self._leave_editor(state.reminder_id)

    def _leave_editor(self, show_id: str | None) -> None:
        """Close the editor, then show reminder ``show_id`` (the list when None).

        Going back first keeps the stack free of the closed editor: after saving from
        a reminder's screen, back leads to the list, not into the editor again.
        """
        self._back_or_root()
        current = self.current_state
        if show_id is None:
            if not isinstance(current, ReminderList):
                self.load_root_state()
        elif not (isinstance(current, ReminderDetail) and current.reminder_id == show_id):
            self.set_current_state(ReminderDetail(show_id))
