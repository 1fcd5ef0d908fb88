"""StatefulCalendarApp: agenda, event detail and editor screens driven through user tools."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from are.simulation.apps.calendar import CalendarEvent
from are.simulation.types import EventRegisterer, EventType, OperationType

from pytest_pare.apps.calendar import (
    AgendaView,
    EditDraft,
    EditEvent,
    EventDetail,
    StatefulCalendarApp,
)
from pytest_pare.sim.clock import SimulatedTimeManager

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def app(phone: Any) -> StatefulCalendarApp:
    calendar = StatefulCalendarApp(name="Calendar")
    calendar.register_time_manager(SimulatedTimeManager(NOW))
    calendar.add_calendar_event(
        title="Standup",
        start_datetime="2025-03-10 10:00:00",
        end_datetime="2025-03-10 10:15:00",
        tag="work",
        attendees=["Ana Lopez"],
    )
    calendar.add_calendar_event(
        title="Dentist",
        start_datetime="2025-03-10 08:00:00",
        end_datetime="2025-03-10 09:00:00",
        tag="health",
        location="Main St",
    )
    calendar.add_calendar_event(
        title="Dinner",
        start_datetime="2025-03-11 19:00:00",
        end_datetime="2025-03-11 21:00:00",
        attendees=["Ana Lopez", "Bo Chen"],
    )
    phone.attach(calendar)
    return calendar


def test_it_opens_on_the_agenda_of_the_simulated_day(app: StatefulCalendarApp) -> None:
    # The fixture registers a fixed clock after construction, as the environment does.
    assert isinstance(app.current_state, AgendaView)
    assert app.current_state.start_datetime == "2025-03-10 00:00:00"
    assert app.current_state.end_datetime == "2025-03-11 00:00:00"
    assert app.navigation_stack == []


def test_listing_shows_the_days_events_by_start_time(app: StatefulCalendarApp, phone: Any) -> None:
    listed = phone.tap(app, "list_events")
    assert [e.title for e in listed["events"]] == ["Dentist", "Standup"]
    assert listed["total"] == 2


def test_opening_an_event_by_index_shows_its_detail_and_logs_one_user_read(
    app: StatefulCalendarApp,
    phone: Any,
) -> None:
    event = phone.tap(app, "open_event_by_index", index=1)
    assert (
        isinstance(app.current_state, EventDetail) and app.current_state.event_id == event.event_id
    )
    assert app.current_state.event.title == "Standup"
    [logged] = phone.events
    assert logged.event_type == EventType.USER
    assert logged.action.class_name == "StatefulCalendarApp"
    assert logged.action.function_name == "open_event_by_index"
    assert logged.action.operation_type == OperationType.READ
    assert "go_back" in list(phone.tools(app))


def test_search_finds_events_on_any_day(app: StatefulCalendarApp, phone: Any) -> None:
    assert [e.title for e in phone.tap(app, "search_events", query="bo chen")] == ["Dinner"]


def test_set_day_moves_the_agenda_and_go_back_returns(app: StatefulCalendarApp, phone: Any) -> None:
    phone.tap(app, "set_day", date="2025-03-11")
    assert app.current_state.start_datetime == "2025-03-11 00:00:00"
    assert [e.title for e in phone.tap(app, "list_events")["events"]] == ["Dinner"]
    phone.tap(app, "go_back")
    assert app.current_state.start_datetime == "2025-03-10 00:00:00"


def test_next_and_previous_day_walk_the_calendar(app: StatefulCalendarApp, phone: Any) -> None:
    phone.tap(app, "next_day")
    assert app.current_state.start_datetime == "2025-03-11 00:00:00"
    phone.tap(app, "previous_day")
    phone.tap(app, "previous_day")
    assert app.current_state.start_datetime == "2025-03-09 00:00:00"


def test_filters_narrow_the_agenda_until_cleared(app: StatefulCalendarApp, phone: Any) -> None:
    phone.tap(app, "filter_by_tag", tag="work")
    assert app.current_state.tag_filter == "work"
    assert [e.title for e in phone.tap(app, "list_events")["events"]] == ["Standup"]
    phone.tap(app, "filter_by_attendee", attendee="ana lopez")
    assert (app.current_state.tag_filter, app.current_state.attendee_filter) == (
        "work",
        "ana lopez",
    )
    phone.tap(app, "clear_filters")
    assert (app.current_state.tag_filter, app.current_state.attendee_filter) == (None, None)
    assert phone.tap(app, "list_events")["total"] == 2


def test_bad_date_is_a_clear_error_and_stays_on_the_agenda(
    app: StatefulCalendarApp, phone: Any
) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        phone.tap(app, "set_day", date="11/03/2025")
    assert app.current_state.start_datetime == "2025-03-10 00:00:00"
    assert phone.events[0].metadata.exception


def test_creating_an_event_through_the_editor(app: StatefulCalendarApp, phone: Any) -> None:
    phone.tap(app, "start_create_event")
    assert isinstance(app.current_state, EditEvent)
    phone.tap(app, "set_title", title="Lunch")
    phone.tap(
        app,
        "set_time_range",
        start_datetime="2025-03-10 12:00:00",
        end_datetime="2025-03-10 13:00:00",
    )
    phone.tap(app, "add_attendee", attendee="Bo Chen")
    phone.tap(app, "set_location", location="Cafe")
    new_id = phone.tap(app, "save")
    assert isinstance(app.current_state, AgendaView)
    stored = app.events[new_id]
    assert (stored.title, stored.attendees, stored.location) == ("Lunch", ["Bo Chen"], "Cafe")
    assert phone.events[-1].action.operation_type == OperationType.WRITE
    # One user action, one event: the backend call inside the tool is not logged.
    assert [e.action.function_name for e in phone.events][-1] == "save"
    assert all(e.event_type == EventType.USER for e in phone.events)


def test_editing_an_event_updates_it_and_returns_to_its_refreshed_detail(
    app: StatefulCalendarApp,
    phone: Any,
) -> None:
    phone.tap(app, "open_event_by_index", index=0)
    event_id = app.current_state.event_id
    phone.tap(app, "edit_event")
    assert isinstance(app.current_state, EditEvent) and app.current_state.draft.event_id == event_id
    phone.tap(app, "set_title", title="Dentist (moved)")
    phone.tap(app, "set_location", location=None)
    phone.tap(app, "save")
    assert isinstance(app.current_state, EventDetail) and app.current_state.event_id == event_id
    assert app.current_state.event.title == "Dentist (moved)"
    assert app.events[event_id].location is None
    phone.tap(app, "go_back")
    assert isinstance(app.current_state, AgendaView)


def test_discarding_the_editor_changes_nothing(app: StatefulCalendarApp, phone: Any) -> None:
    phone.tap(app, "open_event_by_index", index=0)
    phone.tap(app, "edit_event")
    phone.tap(app, "set_title", title="Never saved")
    phone.tap(app, "discard")
    assert isinstance(app.current_state, EventDetail)
    assert app.current_state.event.title == "Dentist"


def test_deleting_from_the_detail_goes_back_to_the_agenda(
    app: StatefulCalendarApp, phone: Any
) -> None:
    event = phone.tap(app, "open_event_by_index", index=0)
    phone.tap(app, "delete")
    assert isinstance(app.current_state, AgendaView)
    assert event.event_id not in app.events
    assert phone.events[-1].action.operation_type == OperationType.WRITE


def test_attendee_can_delete_only_as_an_attendee(app: StatefulCalendarApp, phone: Any) -> None:
    phone.tap(app, "open_event_by_index", index=1)
    with pytest.raises(ValueError, match="not an attendee"):
        phone.tap(app, "delete_by_attendee", who_delete="Bo Chen")
    assert isinstance(app.current_state, EventDetail)
    assert phone.tap(app, "list_attendees") == ["Ana Lopez"]
    phone.tap(app, "delete_by_attendee", who_delete="Ana Lopez")
    assert isinstance(app.current_state, AgendaView)


def test_detail_of_an_event_deleted_meanwhile_says_so(app: StatefulCalendarApp, phone: Any) -> None:
    event = phone.tap(app, "open_event_by_index", index=0)
    app.delete_calendar_event(event.event_id)
    with pytest.raises(ValueError, match="no longer exists"):
        phone.tap(app, "refresh")


def test_a_backgrounded_app_keeps_its_screen_until_reopened(
    app: StatefulCalendarApp, phone: Any
) -> None:
    phone.tap(app, "open_event_by_index", index=0)
    screen, stack = app.current_state, list(app.navigation_stack)
    # Going home or switching apps leaves the app object alone; switch_app resumes here.
    assert phone.tap(app, "list_attendees") == []
    assert app.current_state is screen and app.navigation_stack == stack
    app.load_root_state()  # what open_app does: start again at the root
    assert isinstance(app.current_state, AgendaView) and app.navigation_stack == []


def test_editor_rejects_an_end_before_the_start(app: StatefulCalendarApp, phone: Any) -> None:
    app.set_current_state(EditEvent())
    with pytest.raises(ValueError, match="ends"):
        phone.tap(
            app,
            "set_time_range",
            start_datetime="2025-03-10 12:00:00",
            end_datetime="2025-03-10 11:00:00",
        )


def test_edit_draft_copies_are_independent() -> None:
    draft = EditDraft(title="A", attendees=["x"])
    editor = EditEvent(draft)
    editor.draft.attendees.append("y")
    assert draft.attendees == ["x"]


def test_add_event_with_a_calendar_event_stores_it(app: StatefulCalendarApp) -> None:
    event = CalendarEvent(
        event_id="seeded", title="Seeded", start_datetime=NOW, end_datetime=NOW + 60
    )
    app.add_event(event)
    assert app.events["seeded"] is event


def test_state_tools_return_events_in_capture_mode(app: StatefulCalendarApp) -> None:
    with EventRegisterer.capture_mode():
        captured = app.current_state.list_events()
    assert captured.action.function_name == "list_events"
    assert captured.action.class_name == "StatefulCalendarApp"


def test_two_calendars_share_no_events() -> None:
    first, second = StatefulCalendarApp(name="Calendar"), StatefulCalendarApp(name="Calendar")
    first.add_calendar_event(
        title="Only mine", start_datetime="2025-01-01 10:00:00", end_datetime="2025-01-01 11:00:00"
    )
    assert second.events == {}


def test_a_new_clock_does_not_move_an_agenda_the_user_navigated(app: StatefulCalendarApp) -> None:
    app.set_current_state(EventDetail("x"))
    app.register_time_manager(SimulatedTimeManager(NOW + 5 * 86400))
    assert isinstance(app.current_state, EventDetail)
