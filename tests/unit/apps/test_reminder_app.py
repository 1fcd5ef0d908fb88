"""StatefulReminderApp: list, detail and editor screens; repetitions and update_reminder."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from are.simulation.apps.reminder import ReminderApp
from are.simulation.types import EventType, OperationType

from pytest_pare.apps.reminder import (
    EditReminder,
    ReminderDetail,
    ReminderList,
    StatefulReminderApp,
)
from pytest_pare.sim.clock import SimulatedTimeManager

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def app(phone: Any) -> StatefulReminderApp:
    reminders = StatefulReminderApp(name="Reminders")
    reminders.register_time_manager(SimulatedTimeManager(NOW))
    reminders.pills = reminders.add_reminder("Pills", "2025-03-10 08:00:00", "Take vitamin D")
    reminders.call = reminders.add_reminder("Call mom", "2025-03-12 18:00:00", "Sunday call")
    phone.attach(reminders)
    return reminders


def test_it_opens_on_the_reminder_list(app: StatefulReminderApp) -> None:
    assert isinstance(app.current_state, ReminderList)


def test_lists_split_due_and_upcoming_reminders(app: StatefulReminderApp, phone: Any) -> None:
    assert [r.title for r in phone.tap(app, "list_all_reminders")] == ["Pills", "Call mom"]
    assert [r.title for r in phone.tap(app, "list_due_reminders")] == ["Pills"]
    assert [r.title for r in phone.tap(app, "list_upcoming_reminders")] == ["Call mom"]
    assert [r.title for r in phone.tap(app, "search_reminders", query="SUNDAY")] == ["Call mom"]
    assert {e.event_type for e in phone.events} == {EventType.USER}
    assert len(phone.events) == 4  # the backend reads inside are not logged


def test_creating_a_reminder_opens_it_and_back_returns_to_the_list(
    app: StatefulReminderApp,
    phone: Any,
) -> None:
    phone.tap(app, "create_new")
    assert isinstance(app.current_state, EditReminder) and app.current_state.reminder_id is None
    phone.tap(app, "set_title", title="Dentist")
    phone.tap(app, "set_description", description="Bring the card")
    phone.tap(app, "set_due_datetime", due_datetime="2025-03-20 10:00:00")
    new_id = phone.tap(app, "save")
    assert isinstance(app.current_state, ReminderDetail) and app.current_state.reminder_id == new_id
    assert app.reminders[new_id].description == "Bring the card"
    save = phone.events[-1]
    assert (save.action.class_name, save.action.function_name) == ("StatefulReminderApp", "save")
    assert save.action.operation_type == OperationType.WRITE
    phone.tap(app, "go_back")
    assert isinstance(app.current_state, ReminderList) and app.navigation_stack == []


def test_saving_an_incomplete_reminder_says_what_is_missing(
    app: StatefulReminderApp, phone: Any
) -> None:
    phone.tap(app, "create_new")
    phone.tap(app, "set_title", title="No date")
    with pytest.raises(ValueError, match="set_due_datetime"):
        phone.tap(app, "save")
    assert isinstance(app.current_state, EditReminder)


def test_bad_due_datetime_and_repetition_are_clear_errors(
    app: StatefulReminderApp, phone: Any
) -> None:
    phone.tap(app, "create_new")
    with pytest.raises(ValueError, match="YYYY-MM-DD HH:MM:SS"):
        phone.tap(app, "set_due_datetime", due_datetime="tomorrow")
    with pytest.raises(ValueError, match="fortnight"):
        phone.tap(app, "set_repetition", unit="fortnight", value=1)


def test_editing_a_reminder_returns_to_its_detail_without_the_editor_on_the_stack(
    app: StatefulReminderApp,
    phone: Any,
) -> None:
    phone.tap(app, "open_reminder", reminder_id=app.call)
    phone.tap(app, "edit")
    assert isinstance(app.current_state, EditReminder)
    assert app.current_state.draft.title == "Call mom"
    phone.tap(app, "set_due_datetime", due_datetime="2025-03-13 18:00:00")
    phone.tap(app, "save")
    assert (
        isinstance(app.current_state, ReminderDetail) and app.current_state.reminder_id == app.call
    )
    assert phone.tap(app, "show_reminder").due_datetime == datetime(2025, 3, 13, 18, tzinfo=UTC)
    assert [type(s).__name__ for s in app.navigation_stack] == ["ReminderList"]


def test_cancelling_an_edit_keeps_the_reminder(app: StatefulReminderApp, phone: Any) -> None:
    phone.tap(app, "open_reminder", reminder_id=app.call)
    phone.tap(app, "edit")
    phone.tap(app, "set_title", title="Changed")
    phone.tap(app, "cancel")
    assert isinstance(app.current_state, ReminderDetail)
    assert app.reminders[app.call].title == "Call mom"


def test_cancelling_a_new_reminder_returns_to_the_list(
    app: StatefulReminderApp, phone: Any
) -> None:
    phone.tap(app, "create_new")
    phone.tap(app, "cancel")
    assert isinstance(app.current_state, ReminderList)
    assert len(app.reminders) == 2


def test_deleting_from_the_detail_returns_to_the_root_list(
    app: StatefulReminderApp, phone: Any
) -> None:
    phone.tap(app, "open_reminder", reminder_id=app.pills)
    phone.tap(app, "delete")
    assert isinstance(app.current_state, ReminderList) and app.navigation_stack == []
    assert app.pills not in app.reminders


def test_opening_an_unknown_reminder_is_a_clear_error(app: StatefulReminderApp, phone: Any) -> None:
    with pytest.raises(ValueError, match="not found"):
        phone.tap(app, "open_reminder", reminder_id="nope")
    assert isinstance(app.current_state, ReminderList)


def test_repetitions_are_numbered_in_sequence_and_deleted_with_the_reminder(
    app: StatefulReminderApp,
) -> None:
    rid = app.add_reminder("Water plants", "2025-03-10 07:00:00", "", "day", 2)
    series = sorted(k for k in app.reminders if k.startswith(rid))
    assert series[:3] == [rid, f"{rid}_rep_1", f"{rid}_rep_10"]
    assert app.reminders[f"{rid}_rep_3"].due_datetime == datetime(2025, 3, 16, 7, tzinfo=UTC)
    # The horizon is 12 weeks (84 days) after the app's clock: 42 two-day steps.
    assert len(series) == 1 + 42
    app.delete_reminder(rid)
    assert not [k for k in app.reminders if k.startswith(rid)]


def test_ares_repetition_ids_chain_and_escape_deletion() -> None:
    plain = ReminderApp()
    rid = plain.add_reminder("x", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"), "", "week", 1)
    assert f"{rid}_rep_1_rep_1" in plain.reminders
    plain.delete_reminder(rid)
    assert plain.reminders  # ARE leaves later repetitions behind; ours does not (test above)


def test_monthly_repetition_clamps_the_day(app: StatefulReminderApp) -> None:
    rid = app.add_reminder("Rent", "2025-01-31 09:00:00", "", "month", 1)
    assert app.reminders[f"{rid}_rep_1"].due_datetime.day == 28


def test_update_reminder_takes_all_six_fields_and_rebuilds_repetitions(
    app: StatefulReminderApp,
) -> None:
    rid = app.add_reminder("Gym", "2025-03-10 18:00:00", "legs", "week", 1)
    assert f"{rid}_rep_11" in app.reminders
    assert app.update_reminder(rid, "Gym (moved)", "arms", "2025-03-11 19:00:00", "day", 7) == rid
    reminder = app.reminders[rid]
    assert (reminder.title, reminder.description) == ("Gym (moved)", "arms")
    assert (reminder.repetition_unit, reminder.repetition_value) == ("day", 7)
    assert app.reminders[f"{rid}_rep_1"].due_datetime == datetime(2025, 3, 18, 19, tzinfo=UTC)
    app.update_reminder(rid, "Gym once", "", "2025-03-11 19:00:00", None, None)
    assert [k for k in app.reminders if k.startswith(rid)] == [rid]
    assert app.reminders[rid].repetition_value is None


def test_update_reminder_requires_every_parameter(app: StatefulReminderApp) -> None:
    with pytest.raises(TypeError):
        app.update_reminder(app.call, "t", "d", "2025-03-12 18:00:00")  # type: ignore[call-arg]


def test_update_reminder_is_an_agent_write_when_called_directly(
    app: StatefulReminderApp, phone: Any
) -> None:
    app.update_reminder(app.call, "Call mom", "", "2025-03-12 19:00:00", None, None)
    [event] = phone.events
    assert event.event_type == EventType.AGENT
    assert event.action.operation_type == OperationType.WRITE
    assert isinstance(app.current_state, ReminderList)


def test_update_reminder_rejects_bad_input_without_changing_anything(
    app: StatefulReminderApp,
) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        app.update_reminder(app.call, "x", "y", "12/03/2025", None, None)
    with pytest.raises(ValueError, match="not found"):
        app.update_reminder("nope", "x", "y", "2025-03-12 18:00:00", None, None)
    assert app.reminders[app.call].title == "Call mom"


def test_a_moved_reminder_is_notified_again(app: StatefulReminderApp) -> None:
    app.reminders[app.pills].time_notified = NOW
    app.update_reminder(app.pills, "Pills", "", "2025-03-10 20:00:00", None, None)
    assert not app.reminders[app.pills].already_notified


def test_two_reminder_apps_share_nothing() -> None:
    first, second = StatefulReminderApp(name="Reminders"), StatefulReminderApp(name="Reminders")
    first.add_reminder("mine", "2025-03-10 08:00:00", "")
    assert second.reminders == {}
