"""StateAwareEnvironmentWrapper: the simulated clock, navigation, tool sets, logging metadata."""

from __future__ import annotations

import threading
import time

import pytest
from are.simulation.apps.reminder import ReminderApp
from are.simulation.environment import EnvironmentConfig
from are.simulation.types import (
    Action,
    CompletedEvent,
    EnvironmentState,
    EventMetadata,
    EventRegisterer,
    EventType,
)

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulEmailApp,
)
from pytest_pare.apps.email import EmailDetail, MailboxView
from pytest_pare.environment import SimulatedTimeManager, StateAwareEnvironmentWrapper
from pytest_pare.notification_system import PAREMessageType

START = 1_700_000_000.0


def make_env(*apps, duration=None, oracle=False):
    env = StateAwareEnvironmentWrapper(
        EnvironmentConfig(start_time=START, duration=duration, oracle_mode=oracle)
    )
    env.duration = duration
    env.register_apps(list(apps))
    env.start()
    return env


@pytest.fixture
def phone():
    home = HomeScreenSystemApp(name="System")
    aui = PAREAgentUserInterface()
    email = StatefulEmailApp(name="Emails")
    contacts = StatefulContactsApp(name="Contacts")
    env = make_env(home, aui, email, contacts)
    return env, home, aui, email, contacts


def schedule_emails(env, email, *delays):
    with EventRegisterer.capture_mode():
        events = [
            email.send_email_to_user_only(sender=f"s{i}@x.org", subject=f"mail {i}").delayed(d)
            for i, d in enumerate(delays)
        ]
    env.schedule(events)
    env.prepare_events_for_start()
    return events


def logged(env, function):
    return [e for e in env.event_log.list_view() if e.function_name() == function]


# -- the clock -----------------------------------------------------------------


def test_the_simulated_clock_is_start_plus_offset_and_ignores_the_wall_clock(monkeypatch):
    clock = SimulatedTimeManager(START)
    monkeypatch.setattr(time, "time", lambda: pytest.fail("the simulated clock read time.time()"))

    clock.pause()
    clock.add_offset(90)
    clock.resume()

    assert clock.time() == START + 90
    assert clock.time_passed() == 90


def test_advancing_the_environment_never_reads_the_wall_clock(phone, monkeypatch):
    env, _, _, email, _ = phone
    schedule_emails(env, email, 10, 20)
    monkeypatch.setattr(time, "time", lambda: pytest.fail("the environment read time.time()"))

    env.advance(15)
    env.advance_to_next_event()

    assert env.current_time == START + 20
    assert len(logged(env, "send_email_to_user_only")) == 2


def test_advance_runs_the_events_due_on_the_way_at_their_own_times(phone):
    env, _, _, email, _ = phone
    schedule_emails(env, email, 5, 12, 40)

    env.advance(30)

    times = [e.event_time for e in logged(env, "send_email_to_user_only")]
    assert times == [START + 5, START + 12]
    assert env.current_time == START + 30


def test_advance_to_stops_exactly_at_the_target_time(phone):
    env, _, _, email, _ = phone
    schedule_emails(env, email, 50)

    env.advance_to(START + 49.5)

    assert env.time_manager.time() == START + 49.5
    assert logged(env, "send_email_to_user_only") == []


def test_advance_to_next_event_jumps_event_to_event_and_says_when_nothing_is_left(phone):
    env, _, _, email, _ = phone
    schedule_emails(env, email, 7, 300)

    assert env.advance_to_next_event() is True
    assert env.current_time == START + 7
    assert env.advance_to_next_event() is True
    assert env.current_time == START + 300
    assert env.advance_to_next_event() is False


def test_events_beyond_the_scenario_duration_never_run():
    email = StatefulEmailApp(name="Emails")
    env = make_env(HomeScreenSystemApp(name="System"), email, duration=60)
    schedule_emails(env, email, 30, 61)

    env.run_to_end()

    assert [e.event_time for e in logged(env, "send_email_to_user_only")] == [START + 30]


def test_a_due_reminder_is_a_stop_time_and_notifies_both_audiences():
    reminders = ReminderApp(name="Reminders")
    env = make_env(HomeScreenSystemApp(name="System"), reminders)
    reminders.add_reminder(
        title="Call mum", due_datetime="2023-11-14 22:15:00", description="birthday"
    )
    due = reminders.reminders[next(iter(reminders.reminders))].due_datetime.timestamp()

    assert env.next_stop_time() == due
    assert env.advance_to_next_event() is True

    kinds = [m.message_type for m in env.notification_system.history]
    assert PAREMessageType.ENVIRONMENT_NOTIFICATION_USER in kinds
    assert PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT in kinds
    # the due-reminder check is not an action: it logs nothing
    assert logged(env, "get_due_reminders") == []


def test_a_wait_for_notification_timeout_is_a_stop_time_and_the_runner_moves_the_clock(phone):
    env, home, _, _, _ = phone

    home.wait_for_notification(timeout=120)

    assert env.waiting_for_notification is True
    assert env.time_manager.time() == START  # the tool call itself did not move time
    assert env.advance_to_next_event() is True
    assert env.current_time == START + 120
    assert env.waiting_for_notification is False
    assert any("timeout" in m.message for m in env.notification_system.history)


def test_a_model_call_costs_the_simulated_time_given_on_resume(phone):
    env, _, _, email, _ = phone
    schedule_emails(env, email, 2)

    env.pause()
    assert env.state == EnvironmentState.PAUSED
    env.resume_with_offset(3.0)

    assert env.state == EnvironmentState.RUNNING
    assert env.time_manager.time() == START + 3
    assert len(logged(env, "send_email_to_user_only")) == 1


def test_same_time_events_run_in_the_order_they_were_scheduled(phone):
    env, _, _, email, _ = phone
    schedule_emails(env, email, 5, 5, 5, 5)

    env.advance(5)

    subjects = [e.action.args["subject"] for e in logged(env, "send_email_to_user_only")]
    assert subjects == ["mail 0", "mail 1", "mail 2", "mail 3"]


def test_no_thread_is_started_and_stop_does_the_end_of_run_work(phone):
    env, _, _, email, _ = phone
    threads = threading.active_count()
    schedule_emails(env, email, 1)

    env.run_to_end()
    env.stop()
    env.stop()
    env.join()

    assert threading.active_count() == threads
    assert env.state == EnvironmentState.STOPPED
    stops = [m for m in env.notification_system.message_queue.list_view() if "stopped" in m.message]
    assert len(stops) == 1


def test_oracle_mode_is_an_attribute_of_the_environment():
    assert make_env(HomeScreenSystemApp(name="System"), oracle=True).oracle_mode is True


# -- navigation and tools ----------------------------------------------------------


def tool_names(tools):
    return {t.name for t in tools}


def test_on_the_home_screen_the_user_sees_the_assistant_channel_and_the_home_screen(phone):
    env, *_ = phone

    names = tool_names(env.get_user_tools())

    assert "PAREAgentUserInterface__accept_proposal" in names
    assert "System__open_app" in names
    assert not any(name.startswith(("Emails__", "Contacts__")) for name in names)


def test_the_user_sees_only_the_screen_in_front_and_cannot_open_apps_from_inside_one(phone):
    env, home, _, email, _ = phone

    home.open_app(app_name="Emails")
    names = tool_names(env.get_user_tools())

    screen = tool_names(email.get_user_tools())
    assert screen and screen <= names
    assert "System__open_app" not in names
    assert "System__go_home" in names
    assert not any(name.startswith("Contacts__") for name in names)


def test_the_assistant_gets_every_apps_api_tools_and_no_screen_tools(phone):
    env, _, _, email, _ = phone

    tools = env.get_tools()
    names = tool_names(tools)

    assert {"Emails__send_email", "Contacts__edit_contact"} <= names
    assert "PAREAgentUserInterface__send_message_to_user" in names
    screen_functions = {t.function for t in email.get_user_tools()}
    assert screen_functions
    assert not screen_functions & {t.function for t in tools}


def test_switching_apps_resumes_the_screen_where_the_user_left(phone):
    env, home, _, email, contacts = phone
    email_id = email.create_and_add_email(sender="ann@x.org", subject="Hi")
    home.open_app(app_name="Emails")
    email.current_state.open_email_by_id(email_id=email_id)
    assert isinstance(email.current_state, EmailDetail)

    home.go_home()
    home.open_app(app_name="Contacts")
    assert env.active_app is contacts
    home.switch_app(app_name="Emails")

    assert env.active_app is email
    assert isinstance(email.current_state, EmailDetail)
    assert contacts in env.background_apps


def test_opening_an_app_left_in_the_background_resumes_it_too(phone):
    env, home, _, email, _ = phone
    email_id = email.create_and_add_email(sender="ann@x.org", subject="Hi")
    home.open_app(app_name="Emails")
    email.current_state.open_email_by_id(email_id=email_id)
    home.go_home()

    home.open_app(app_name="Emails")

    assert isinstance(email.current_state, EmailDetail)


def test_navigation_errors_say_what_is_wrong_and_what_to_do(phone):
    _, home, _, _, _ = phone

    with pytest.raises(KeyError, match="Notes.*Emails"):
        home.open_app(app_name="Notes")
    with pytest.raises(TypeError, match="go_home"):
        home.open_app(app_name="System")
    with pytest.raises(ValueError, match="open_app"):
        home.switch_app(app_name="Contacts")


def test_screens_change_on_user_events_only(phone):
    env, home, _, email, _ = phone
    email_id = email.create_and_add_email(sender="ann@x.org", subject="Hi")
    home.open_app(app_name="Emails")
    screen = email.current_state
    assert isinstance(screen, MailboxView)
    agent_event = CompletedEvent(
        event_type=EventType.AGENT,
        action=Action(function=screen.open_email_by_id, args={"email_id": email_id}, app=email),
        event_time=env.current_time,
        metadata=EventMetadata(return_value=None),
    )

    env.add_to_log(agent_event)
    assert email.current_state is screen

    screen.open_email_by_id(email_id=email_id)  # the user's tap logs a USER event
    assert isinstance(email.current_state, EmailDetail)


def test_logged_events_carry_turn_sequence_and_the_assistants_mode(phone):
    env, _, aui, email, _ = phone
    env.set_proactive_context_getter(lambda: ("observe", 4))

    aui.send_message_to_user(content="Shall I?")
    aui.accept_proposal(content="ok")
    email.create_and_add_email(sender="ann@x.org")

    proposal, accept, mail = env.event_log.list_view()
    assert (proposal.metadata.turn_number, proposal.metadata.proactive_mode) == (4, "observe")
    assert (accept.metadata.turn_number, accept.metadata.proactive_mode) == (4, None)
    assert mail.metadata.proactive_mode is None
    assert [e.metadata.sequence for e in (proposal, accept, mail)] == [0, 1, 2]


def test_an_oracle_run_ends_with_its_last_event_not_with_later_reminders():
    reminders = ReminderApp(name="Reminders")
    email = StatefulEmailApp(name="Emails")
    env = make_env(HomeScreenSystemApp(name="System"), reminders, email, oracle=True)
    reminders.add_reminder(
        title="Next week", due_datetime="2023-11-21 22:15:00", description="far away"
    )
    schedule_emails(env, email, 10)

    env.run_to_end()

    assert env.current_time == START + 10


def test_without_a_configured_start_the_environment_starts_at_the_scenarios_start_time():
    from are.simulation.scenarios.scenario import Scenario

    class Tiny(Scenario):
        def init_and_populate_apps(self, *args, **kwargs):
            self.apps = [HomeScreenSystemApp(name="System")]

    scenario = Tiny(scenario_id="tiny", start_time=START + 5)
    scenario.initialize()
    env = StateAwareEnvironmentWrapper()

    env.run(scenario)

    assert env.time_manager.time() == START + 5
    assert env.state == EnvironmentState.STOPPED
