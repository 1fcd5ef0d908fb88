"""PARENotificationSystem: every template renders for both audiences; nothing else leaks."""

from __future__ import annotations

import importlib
import inspect
import re
import string
from datetime import UTC, datetime

import pytest
from are.simulation.apps.calendar import CalendarEvent
from are.simulation.apps.contacts import Contact
from are.simulation.apps.email_client import Email
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.environment import EnvironmentConfig
from are.simulation.time_manager import TimeManager
from are.simulation.types import Action, CompletedEvent, EventMetadata, EventType

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.environment import SimulatedTimeManager, StateAwareEnvironmentWrapper
from pytest_pare.notification_system import (
    TEMPLATES,
    PAREMessageType,
    PARENotificationSystem,
    render_notification,
)

# Our app for each template family, with ARE's class as the stand-in until ours lands.
_APP_CLASSES = {
    "EmailClientApp": [("pytest_pare.apps.email", "StatefulEmailApp")],
    "MessagingAppV2": [("pytest_pare.apps.messaging", "StatefulMessagingApp")],
    "CalendarApp": [
        ("pytest_pare.apps.calendar", "StatefulCalendarApp"),
        ("are.simulation.apps.calendar", "CalendarApp"),
    ],
    "ContactsApp": [("pytest_pare.apps.contacts", "StatefulContactsApp")],
    "ShoppingApp": [
        ("pytest_pare.apps.shopping", "StatefulShoppingApp"),
        ("are.simulation.apps.shopping", "ShoppingApp"),
    ],
    "ReminderApp": [
        ("pytest_pare.apps.reminder", "StatefulReminderApp"),
        ("are.simulation.apps.reminder", "ReminderApp"),
    ],
    "CabApp": [("pytest_pare.apps.cab", "StatefulCabApp"), ("are.simulation.apps.cab", "CabApp")],
    "ApartmentListingApp": [
        ("pytest_pare.apps.apartment", "StatefulApartmentApp"),
        ("are.simulation.apps.apartment_listing", "ApartmentListingApp"),
    ],
    "StatefulNotesApp": [("pytest_pare.apps.note", "StatefulNotesApp")],
}

CASES = [(family, function) for family, table in TEMPLATES.items() for function in table]


def _app_class(family: str) -> type:
    for module_name, class_name in _APP_CLASSES[family]:
        try:
            return getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            continue
    pytest.skip(f"no app class of the {family} family is available yet")


def _sample(name: str, annotation: str) -> object:
    objects = {
        "email": Email(
            sender="ann@x.org", recipients=["john@pare.com"], subject="Hello", email_id="e-1"
        ),
        "contact": Contact(first_name="Ann", last_name="Lee", contact_id="c-1"),
        "conversation": ConversationV2(
            participant_ids=["u-ann", "u-me"], title="Trip", conversation_id="conv-1"
        ),
        "event": CalendarEvent(title="Dinner", event_id="ev-1"),
    }
    if name in objects:
        return objects[name]
    if "dict" in annotation:
        return {"key": 10.0}
    if "list" in annotation:
        return ["ann@x.org", "bob@x.org"]
    if "bool" in annotation:
        return True
    if "float" in annotation or "int" in annotation:
        return 2
    return f"{name}-value"


def _event(
    app: object, function_name: str, event_type: EventType = EventType.ENV
) -> CompletedEvent:
    function = getattr(type(app), function_name)
    args = {
        p.name: _sample(p.name, str(p.annotation))
        for p in inspect.signature(function).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    }
    return CompletedEvent(
        event_type=event_type,
        action=Action(function=function, args={"self": app, **args}, app=app),
        event_time=0.0,
        metadata=EventMetadata(return_value="result-id"),
    )


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize(("family", "function"), CASES, ids=[f"{f}.{n}" for f, n in CASES])
def test_every_template_renders_for_the_user_and_the_assistant(family, function):
    app_class = _app_class(family)
    if not hasattr(app_class, function):
        pytest.skip(f"{app_class.__name__} has no {function} yet")
    app = app_class(name=f"My{family}")

    rendered = render_notification(_event(app, function), {app.name: app})

    assert rendered is not None
    user, assistant = rendered
    assert user.strip() and assistant.strip()
    assert not re.search(r"\{[a-z_]+\}", user + assistant)  # no unfilled field
    assert "None" not in user  # no literal None leaks to the lock screen
    assert len(user) <= len(assistant) + 20  # the user's text is the short one


def test_an_event_without_a_template_produces_no_notification_at_all():
    system = PARENotificationSystem()
    system.initialize(SimulatedTimeManager(0.0))
    email = StatefulEmailApp(name="Emails")

    system.handle_event(_event(email, "list_emails", EventType.AGENT))

    assert system.message_queue.list_view() == []
    assert system.history == []


def test_a_failed_call_produces_no_notification():
    email = StatefulEmailApp(name="Emails")
    event = _event(email, "send_email_to_user_only")
    event.metadata.exception = "boom"

    assert render_notification(event, {}) is None


def _env(*apps):
    env = StateAwareEnvironmentWrapper(EnvironmentConfig(start_time=1e9, duration=None))
    env.register_apps([HomeScreenSystemApp(name="System"), *apps])
    env.start()
    return env


def test_messages_name_people_not_raw_ids():
    messaging_module = importlib.import_module("pytest_pare.apps.messaging")
    contacts_module = importlib.import_module("pytest_pare.apps.contacts")
    messaging = messaging_module.StatefulMessagingApp(name="Messages")
    contacts = contacts_module.StatefulContactsApp(name="Contacts")
    contacts.add_contact(
        Contact(first_name="Ann", last_name="Lee", email="ann@x.org", contact_id="c-ann")
    )
    messaging.add_users(["Ann Lee"])
    ann = messaging.name_to_id["Ann Lee"]
    conversation = ConversationV2(
        participant_ids=[messaging.current_user_id, ann], conversation_id="conv-ann"
    )
    messaging.add_conversation(conversation)
    email = StatefulEmailApp(name="Emails")
    env = _env(messaging, contacts, email)

    messaging.create_and_add_message(conversation_id="conv-ann", sender_id=ann, content="Hi!")
    email.send_email_to_user_only(sender="ann@x.org", subject="Lunch")

    user_texts = [
        m.message
        for m in env.notification_system.history
        if m.message_type == PAREMessageType.ENVIRONMENT_NOTIFICATION_USER
    ]
    assert user_texts == ["Ann Lee: Hi!", "New email from Ann Lee: Lunch"]
    assert not any(ann in text for text in user_texts)
    assistant_texts = [
        m.message
        for m in env.notification_system.history
        if m.message_type == PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT
    ]
    assert "conv-ann" in assistant_texts[0]  # the assistant gets the ids its tools need


def test_proposals_go_to_the_user_and_answers_go_to_the_assistant():
    aui = PAREAgentUserInterface()
    env = _env(aui)

    aui.send_message_to_user(content="Book a cab?")
    aui.accept_proposal(content="Please")
    aui.reject_proposal(content="")

    kinds = [(m.message_type, m.message.splitlines()[-1]) for m in env.notification_system.history]
    assert kinds[0][0] == PAREMessageType.AGENT_MESSAGE and "Book a cab?" in kinds[0][1] + str(
        env.notification_system.history[0].message
    )
    assert kinds[1][0] == PAREMessageType.USER_MESSAGE
    assert "[ACCEPT]: Please" in env.notification_system.history[1].message
    assert "[REJECT]" in env.notification_system.history[2].message


def test_user_taps_without_a_template_reach_the_assistant_as_user_actions():
    email = StatefulEmailApp(name="Emails")
    env = _env(email)
    env.apps["System"].open_app(app_name="Emails")

    email.current_state.start_compose()

    actions = [
        m for m in env.notification_system.history if m.message_type == PAREMessageType.USER_ACTION
    ]
    assert [m.message for m in actions][-1] == "StatefulEmailApp__start_compose()"


def test_each_audience_takes_only_its_own_messages():
    email = StatefulEmailApp(name="Emails")
    env = _env(email)
    email.send_email_to_user_only(sender="ann@x.org", subject="Hi")
    now = datetime.fromtimestamp(env.time_manager.time(), tz=UTC)
    system = env.notification_system

    for_user = system.get_messages_for("user", now)
    for_assistant = system.get_messages_for("assistant", now)

    assert [m.message_type for m in for_user] == [PAREMessageType.ENVIRONMENT_NOTIFICATION_USER]
    assert [m.message_type for m in for_assistant] == [
        PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT
    ]
    assert system.get_messages_for("user", now) == []
    with pytest.raises(ValueError, match="audience"):
        system.get_messages_for("everyone", now)  # type: ignore[arg-type]


def test_templates_only_use_parameters_of_the_real_functions_or_named_lookups():
    from pytest_pare.sim.notification_render import _RESOLVERS

    for family, table in TEMPLATES.items():
        try:
            app_class = _app_class(family)
        except pytest.skip.Exception:
            continue
        for function, (user, assistant) in table.items():
            if not hasattr(app_class, function):
                continue
            params = set(inspect.signature(getattr(app_class, function)).parameters)
            for field in _fields(user) | _fields(assistant):
                owner = field.split("_", 1)[0]
                assert (
                    field in params
                    or field in _RESOLVERS
                    or field in {"result", "app"}
                    or owner in params
                ), f"{family}.{function} template uses unknown field {field!r}"


def test_the_system_is_the_environments_default_and_reads_a_stock_time_manager():
    system = PARENotificationSystem()
    system.initialize(TimeManager())
    assert StateAwareEnvironmentWrapper().notification_system.__class__ is PARENotificationSystem


@pytest.mark.parametrize("family", sorted(TEMPLATES))
def test_every_env_tool_and_write_tool_of_every_app_has_a_template(family):
    from are.simulation.tool_utils import OperationType

    app_class = _app_class(family)
    notifying = {
        name
        for name, function in inspect.getmembers(app_class, inspect.isfunction)
        if getattr(function, "_is_env_tool", False)
        or getattr(function, "__operation_type__", None) == OperationType.WRITE
    }

    assert notifying - set(TEMPLATES[family]) == set()


def test_the_stop_message_reaches_both_audiences_once():
    env = _env()
    env.stop()
    now = datetime.fromtimestamp(env.time_manager.time(), tz=UTC)
    system = env.notification_system

    user = system.get_messages_for("user", now)
    assistant = system.get_messages_for("assistant", now)

    assert [m.message for m in user] == [m.message for m in assistant]
    assert "stopped" in user[0].message
    assert system.get_messages_for("user", now) == []
    assert system.message_queue.list_view() == []


def test_a_user_tap_that_shares_a_name_with_an_app_tool_is_still_a_user_action():
    contacts_module = importlib.import_module("pytest_pare.apps.contacts")
    contacts = contacts_module.StatefulContactsApp(name="Contacts")
    contacts.add_contact(Contact(first_name="Ann", last_name="Lee", contact_id="c-ann"))
    env = _env(contacts)
    env.apps["System"].open_app(app_name="Contacts")
    contacts.current_state.open_contact(contact_id="c-ann")

    contacts.current_state.delete_contact()  # the screen's tool, not ContactsApp.delete_contact

    last = env.notification_system.history[-1]
    assert last.message_type == PAREMessageType.USER_ACTION
    assert last.message == "StatefulContactsApp__delete_contact()"


def test_edit_notifications_list_only_what_changed():
    notes_module = importlib.import_module("pytest_pare.apps.note")
    notes = notes_module.StatefulNotesApp(name="Notes")
    note_id = notes.create_note(title="Plan", content="old")
    event = CompletedEvent(
        event_type=EventType.AGENT,
        action=Action(
            function=type(notes).update_note,
            args={"self": notes, "note_id": note_id, "title": None, "content": "new body"},
            app=notes,
        ),
        event_time=0.0,
        metadata=EventMetadata(return_value=note_id),
    )

    user, assistant = render_notification(event, {})

    assert user == "Note updated: Plan"
    assert assistant.endswith('("Plan") updated: content new body')


def test_rendering_a_notification_logs_no_event_of_its_own():
    # A note's title is looked up while the template is filled; before, that lookup
    # logged a get_note_by_id call the agent never made (and counted as its read).
    notes = importlib.import_module("pytest_pare.apps.note").StatefulNotesApp(name="Notes")
    env = _env(notes)
    note_id = notes.create_note(title="Plan", content="old")

    notes.update_note(note_id=note_id, content="new body")

    assert '("Plan") updated' in env.notification_system.history[-1].message
    logged = [event.function_name() for event in env.event_log.list_view()]
    assert logged == ["create_note", "update_note"]
