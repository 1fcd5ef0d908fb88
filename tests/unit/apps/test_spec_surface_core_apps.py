"""The core, system, assistant-UI, email, messaging and contacts classes match the spec tables.

Rows are copied from ../shared/spec/pare-api-surface.md (sections 3 and 4.2);
see conftest.py for the row format. Calendar, shopping, reminder, notes, cab
and apartment rows live in their own test files.
"""

# Rows are spec text copied verbatim, so they keep the spec's long lines.
# ruff: noqa: E501

from __future__ import annotations

import pytest

import pytest_pare.apps as apps
from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulApp,
    StatefulContactsApp,
    StatefulEmailApp,
    StatefulMessagingApp,
)
from pytest_pare.apps.contacts import ContactDetail, ContactEdit, ContactsList
from pytest_pare.apps.email import ComposeEmail, EmailDetail, MailboxView
from pytest_pare.apps.messaging import ConversationList, ConversationOpened

E, M, C = StatefulEmailApp, StatefulMessagingApp, StatefulContactsApp
S, A = HomeScreenSystemApp, PAREAgentUserInterface
OPT_LIST = "list[str] | None = None"

METHOD_ROWS = [
    # 3.2 StatefulEmailApp (+ 3.14)
    (E, "add_attachment", "email: Email, attachment_path: str", "plain", "-"),
    (E, "add_email", "email: Email, folder_name: EmailFolderName = ...", "plain", "W"),
    (
        E,
        "create_and_add_email",
        f"sender: str, recipients: {OPT_LIST}, subject: str = '', content: str = '', folder_name: str = 'INBOX'",
        "env",
        "W",
    ),
    (
        E,
        "create_and_add_email_with_time",
        f"sender: str, recipients: {OPT_LIST}, subject: str = '', content: str = '', email_time: str = ..., folder_name: str = 'INBOX'",
        "data",
        "W",
    ),
    (
        E,
        "download_attachments",
        "email_id: str, folder_name: str = 'INBOX', path_to_save: str = 'Downloads/'",
        "app",
        "W",
    ),
    (
        E,
        "forward_email",
        f"email_id: str, recipients: {OPT_LIST}, folder_name: str = 'INBOX'",
        "app",
        "W",
    ),
    (E, "get_email_by_id", "email_id: str, folder_name: str = 'INBOX'", "app", "R"),
    (E, "get_email_by_index", "idx: int, folder_name: str = 'INBOX'", "app", "R"),
    (E, "list_emails", "folder_name: str = 'INBOX', offset: int = 0, limit: int = 10", "app", "R"),
    (
        E,
        "reply_to_email",
        f"email_id: str, folder_name: str = 'INBOX', content: str = '', attachment_paths: {OPT_LIST}",
        "app",
        "W",
    ),
    (
        E,
        "reply_to_email_from_user",
        f"sender: str, email_id: str, content: str = '', attachment_paths: {OPT_LIST}",
        "env",
        "W",
    ),
    (E, "search_emails", "query: str, folder_name: str = 'INBOX'", "app", "R"),
    (
        E,
        "send_email",
        f"recipients: {OPT_LIST}, subject: str = '', content: str = '', cc: {OPT_LIST}, attachment_paths: {OPT_LIST}",
        "app",
        "W",
    ),
    (E, "send_email_to_user_only", "sender: str, subject: str = '', content: str = ''", "env", "W"),
    (
        E,
        "send_email_to_user_with_id",
        f"email_id: str, sender: str, subject: str = '', content: str = '', attachment_paths: {OPT_LIST}",
        "env",
        "W",
    ),
    (E, "delete_email", "email_id: str, folder_name: str = 'INBOX'", "app", "W"),
    (
        E,
        "move_email",
        "email_id: str, source_folder_name: str = 'INBOX', dest_folder_name: str = 'DRAFT'",
        "app",
        "W",
    ),
    # 3.3 StatefulMessagingApp (+ 3.14)
    (M, "add_contacts", "contacts: list[tuple[str, str]]", "plain", "-"),
    (M, "add_conversation", "conversation: ConversationV2", "plain", "W"),
    (
        M,
        "add_message",
        "conversation_id: str, sender_id: str, content: str, timestamp: float | None = None",
        "plain",
        "W",
    ),
    (M, "add_users", "user_names: list[str]", "plain", "-"),
    (M, "create_and_add_message", "conversation_id: str, sender_id: str, content: str", "env", "W"),
    (
        M,
        "create_group_conversation",
        "user_ids: list[str], title: str | None = None",
        "app+env",
        "W",
    ),
    (M, "get_existing_conversation_ids", "user_ids: list[str]", "app", "R"),
    (M, "get_user_id", "user_name: str", "app", "R"),
    (
        M,
        "list_conversations_by_participant",
        "user_id: str, offset: int = 0, limit: int = 5, offset_recent_messages_per_conversation: int = 0, limit_recent_messages_per_conversation: int = 5",
        "app",
        "R",
    ),
    (
        M,
        "list_recent_conversations",
        "offset: int = 0, limit: int = 5, offset_recent_messages_per_conversation: int = 0, limit_recent_messages_per_conversation: int = 10",
        "app",
        "R",
    ),
    (M, "lookup_user_id", "user_name: str", "app", "R"),
    (
        M,
        "read_conversation",
        "conversation_id: str, offset: int = 0, limit: int = 10, min_date: str | None = None, max_date: str | None = None",
        "app",
        "R",
    ),
    (
        M,
        "search",
        "query: str, min_date: str | None = None, max_date: str | None = None",
        "app",
        "R",
    ),
    (
        M,
        "send_message",
        "user_id: str, content: str = '', attachment_path: str | None = None",
        "app",
        "W",
    ),
    (
        M,
        "send_message_to_group_conversation",
        "conversation_id: str, content: str = '', attachment_path: str | None = None",
        "app",
        "W",
    ),
    (M, "add_participant_to_conversation", "conversation_id: str, user_id: str", "app+env", "W"),
    (M, "change_conversation_title", "conversation_id: str, title: str", "app+env", "W"),
    (
        M,
        "download_attachment",
        "conversation_id: str, message_id: str, download_path: str = 'Downloads/'",
        "app",
        "W",
    ),
    (M, "get_user_name_from_id", "user_id: str", "app", "R"),
    (
        M,
        "regex_search",
        "query: str, min_date: str | None = None, max_date: str | None = None",
        "app",
        "R",
    ),
    (
        M,
        "remove_participant_from_conversation",
        "conversation_id: str, user_id: str",
        "app+env",
        "W",
    ),
    # 3.5 StatefulContactsApp (+ 3.14)
    (C, "add_contact", "contact: Contact", "plain", "W"),
    (
        C,
        "add_new_contact",
        "first_name: str, last_name: str, gender: str | None = None, age: int | None = None, nationality: str | None = None, city_living: str | None = None, country: str | None = None, status: str | None = None, job: str | None = None, description: str | None = None, phone: str | None = None, email: str | None = None, address: str | None = None",
        "app+data",
        "W",
    ),
    (C, "edit_contact", "contact_id: str, updates: dict[str, Any]", "app+data", "W"),
    (C, "get_contact", "contact_id: str", "app+data", "R"),
    (C, "get_contacts", "offset: int = 0", "app+data", "R"),
    (C, "get_current_user_details", "", "app+data", "R"),
    (C, "search_contacts", "query: str", "app", "R"),
    (C, "delete_contact", "contact_id: str", "app+data", "W"),
    # 3.11 / 3.14 PAREAgentUserInterface
    (A, "accept_proposal", "content: str = ''", "user", "W"),
    (A, "reject_proposal", "content: str = ''", "user", "W"),
    (A, "send_message_to_user", "content: str = ''", "app+data", "W"),
    (
        A,
        "send_message_to_agent",
        "content: str = '', attachments: list[str] | None = None, base64_utf8_encoded_attachment_contents: list[dict[str, Any]] | None = None",
        "user",
        "W",
    ),
    (A, "wait", "", "app", "R"),
    (A, "get_all_messages", "", "app+data", "R"),
    (A, "get_last_message_from_agent", "", "app+data", "R"),
    (A, "get_last_message_from_user", "", "app+data", "R"),
    (A, "get_last_unread_messages", "", "app+data", "R"),
    # 3.14 HomeScreenSystemApp
    (S, "go_home", "", "user", "R"),
    (S, "open_app", "app_name: str", "user", "R"),
    (S, "switch_app", "app_name: str", "user", "R"),
    (S, "get_current_time", "", "app", "R"),
    (S, "wait_for_notification", "timeout: int = 0", "app", "R"),
    # every Stateful*App
    (StatefulApp, "go_back", "", "user", "R"),
    (E, "go_back", "", "user", "R"),
    (M, "go_back", "", "user", "R"),
    (C, "go_back", "", "user", "R"),
]

STATE_ROWS = [
    (
        MailboxView,
        "folder: str = 'INBOX'",
        "`list_emails(offset: int = 0, limit: int = 10)` · `open_email_by_id(email_id: str)` · `open_email_by_index(index: int)` · `search_emails(query: str, min_date: str | None = None, max_date: str | None = None, limit: int | None = 10)` · `start_compose()` · `switch_folder(folder_name: str)`",
        (),
    ),
    (
        EmailDetail,
        "email_id: str, folder_name: str = 'INBOX'",
        "`delete()` [W] · `download_attachments(path_to_save: str)` · `forward(recipients: list[str])` [W] · `move(destination_folder: str)` [W] · `refresh()` · `reply(content: str = '', attachment_paths: list[str] | None = None)` [W] · `start_compose_reply()`",
        (),
    ),
    (
        ComposeEmail,
        "draft: ComposeDraft | None = None",
        "`add_recipient(recipient: str)` · `attach_file(attachment_path: str)` · `discard_draft()` [W] · `save_draft()` [W] · `send_composed_email()` [W] · `set_body(body: str)` · `set_cc(cc: list[str])` · `set_recipients(recipients: list[str])` · `set_subject(subject: str)`",
        (),
    ),
    (
        ConversationOpened,
        "conversation_id: str",
        "`read_messages(offset: int = 0, limit: int = 10, min_date: str | None = None, max_date: str | None = None)` · `send_message(content: str, attachment_path: str | None = None)`",
        (),
    ),
    (
        ConversationList,
        "",
        "`list_recent_conversations(offset: int = 0, limit: int = 5, offset_recent_messages_per_conversation: int = 0, limit_recent_messages_per_conversation: int = 10)` · `open_conversation(conversation_id: str, offset: int = 0, limit: int = 20)` · `search_conversations(query: str, min_date: str | None = None, max_date: str | None = None, limit: int = 10)`",
        ("start_conversation",),
    ),
    (
        ContactsList,
        "",
        "`create_contact(first_name: str, last_name: str, gender: str | None = None, age: int | None = None, nationality: str | None = None, city_living: str | None = None, country: str | None = None, status: str | None = None, job: str | None = None, description: str | None = None, phone: str | None = None, email: str | None = None, address: str | None = None)` [W] · `list_contacts(offset: int = 0)` · `open_contact(contact_id: str)` · `search_contacts(query: str)` · `view_current_user()`",
        (),
    ),
    (
        ContactDetail,
        "contact_id: str",
        "`delete_contact()` [W] · `start_edit_contact()` · `view_contact()`",
        (),
    ),
    (
        ContactEdit,
        "contact_id: str",
        "`update_contact(updates: dict[str, object])` [W] · `view_contact()`",
        (),
    ),
]

INIT_ROWS = [
    (E, "name=None, view_limit=5, folders=..., user_email='user@meta.com', internal_fs=None"),
    (
        M,
        "current_user_id=None, current_user_name=None, name=None, mode=..., id_to_name=..., name_to_id=..., conversations=..., messages_view_limit=10, conversation_view_limit=5, internal_fs=None",
    ),
    (C, "name=None, view_limit=10, contacts=..."),
    (S, "name=None"),
    (A, "user_proxy=None"),
]

ROOTS = [(E, MailboxView), (M, ConversationList), (C, ContactsList)]


@pytest.mark.parametrize("row", METHOD_ROWS, ids=lambda r: f"{r[0].__name__}.{r[1]}")
def test_each_spec_method_exists_with_the_specs_parameters_tool_kind_and_operation(spec, row):
    spec.check_method(row)


@pytest.mark.parametrize("row", STATE_ROWS, ids=lambda r: r[0].__name__)
def test_each_screen_offers_exactly_the_specs_user_tools_with_their_parameters(spec, row):
    spec.check_state(row)


@pytest.mark.parametrize("row", INIT_ROWS, ids=lambda r: r[0].__name__)
def test_each_app_constructor_takes_the_specs_keyword_parameters(spec, row):
    spec.check_init(*row)


@pytest.mark.parametrize(("app_cls", "root_cls"), ROOTS, ids=lambda c: c.__name__)
def test_each_app_opens_on_its_root_screen_with_an_empty_stack(app_cls, root_cls):
    app = app_cls()
    assert type(app.current_state) is root_cls
    assert app.navigation_stack == []


def test_runtime_class_names_are_the_names_validators_compare():
    names = {cls.__name__ for cls in (E, M, C, S, A)}
    assert names == {
        "StatefulEmailApp",
        "StatefulMessagingApp",
        "StatefulContactsApp",
        "HomeScreenSystemApp",
        "PAREAgentUserInterface",
    }
    assert PAREAgentUserInterface().name == "PAREAgentUserInterface"


def test_pytest_pare_apps_reexports_the_upstream_public_names():
    for name in (
        "App",
        "AppState",
        "StatefulApp",
        "user_tool",
        "HomeScreenSystemApp",
        "PAREAgentUserInterface",
        "StatefulEmailApp",
        "StatefulMessagingApp",
        "StatefulContactsApp",
    ):
        assert name in apps.__all__ and hasattr(apps, name), name


SCREEN_SAMPLES = [
    (E, MailboxView()),
    (E, EmailDetail("e1")),
    (E, ComposeEmail()),
    (M, ConversationList()),
    (M, ConversationOpened("c1")),
    (C, ContactsList()),
    (C, ContactDetail("c1")),
    (C, ContactEdit("c1")),
]


@pytest.mark.parametrize(
    ("app_cls", "screen"), SCREEN_SAMPLES, ids=lambda v: getattr(v, "__name__", type(v).__name__)
)
def test_every_screens_tools_build_are_schemas_with_resolved_types(app_cls, screen):
    app = app_cls(name="App")
    app.set_current_state(screen)
    tools = app.get_user_tools()
    assert {t.name.split("__")[1] for t in tools} == set(screen.user_tool_names()) | {"go_back"}
    for tool in tools:
        assert tool.function_description, tool.name
        for arg in tool.args:
            assert not isinstance(arg.type_obj, str), f"{tool.name}.{arg.name} is unresolved"
            assert arg.description, f"{tool.name}.{arg.name} has no description"
        tool.to_open_ai()
