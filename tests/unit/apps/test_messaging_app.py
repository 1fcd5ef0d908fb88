"""StatefulMessagingApp: the user browses, opens and writes in conversations."""

from __future__ import annotations

import pytest
from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2

from pytest_pare.apps import StatefulMessagingApp
from pytest_pare.apps.messaging import ConversationList, ConversationOpened


@pytest.fixture
def chat(phone) -> StatefulMessagingApp:
    app = StatefulMessagingApp(name="Messages")
    app.add_users(["Alice", "Bob", "Cara"])
    ids = app.name_to_id
    app.add_conversation(
        ConversationV2(
            conversation_id="c-alice",
            participant_ids=[app.current_user_id, ids["Alice"]],
            title="Alice",
            messages=[MessageV2(sender_id=ids["Alice"], content="Lunch tomorrow?", timestamp=10.0)],
            last_updated=10.0,
        )
    )
    app.add_conversation(
        ConversationV2(
            conversation_id="c-team",
            participant_ids=[app.current_user_id, ids["Bob"], ids["Cara"]],
            title="Team",
            messages=[MessageV2(sender_id=ids["Bob"], content="Standup moved", timestamp=20.0)],
            last_updated=20.0,
        )
    )
    phone.events.clear()
    phone.attach(app)
    return app


def test_the_user_is_john_doe_with_an_id_from_the_apps_seeded_rng():
    first, second = StatefulMessagingApp(name="Messages"), StatefulMessagingApp(name="Messages")
    assert first.current_user_name == "John Doe"
    assert first.current_user_id == second.current_user_id  # same seed, same id
    assert first.name_to_id["John Doe"] == first.current_user_id
    assert first.id_to_name[first.current_user_id] == "John Doe"
    assert first.name_to_id is not second.name_to_id


def test_an_explicit_user_id_and_name_are_kept():
    app = StatefulMessagingApp(current_user_id="555", current_user_name="Jo")
    assert app.name_to_id["Jo"] == "555"


def test_recent_conversations_are_listed_most_recent_first(chat, phone):
    listed = phone.tap(chat, "list_recent_conversations")
    assert [c.conversation_id for c in listed] == ["c-team", "c-alice"]


def test_opening_a_conversation_shows_its_messages_and_its_screen(chat, phone):
    shown = phone.tap(chat, "open_conversation", conversation_id="c-alice")
    assert [m.content for m in shown["messages"]] == ["Lunch tomorrow?"]
    assert isinstance(chat.current_state, ConversationOpened)
    assert chat.current_state.conversation_id == "c-alice"
    assert set(phone.tools(chat)) == {"read_messages", "send_message", "go_back"}


def test_a_message_sent_from_a_conversation_lands_in_that_conversation(chat, phone):
    phone.tap(chat, "open_conversation", conversation_id="c-team")
    assert phone.tap(chat, "send_message", content="On my way") == "c-team"
    last = chat.conversations["c-team"].messages[-1]
    assert (last.sender_id, last.content) == (chat.current_user_id, "On my way")
    assert [m.content for m in phone.tap(chat, "read_messages", limit=1)["messages"]] == [
        "On my way"
    ]


def test_search_finds_conversations_by_text_and_shows_names(chat, phone):
    (hit,) = phone.tap(chat, "search_conversations", query="standup")
    assert hit["conversation_id"] == "c-team"
    assert hit["participants"] == ["Bob", "Cara", "John Doe"]
    assert isinstance(chat.current_state, ConversationList)


def test_starting_a_conversation_with_someone_new_opens_an_empty_chat(chat, phone):
    conversation_id = phone.tap(chat, "start_conversation", user_name="Cara")
    assert isinstance(chat.current_state, ConversationOpened)
    assert chat.current_state.conversation_id == conversation_id
    assert set(chat.conversations[conversation_id].participant_ids) == {
        chat.current_user_id,
        chat.name_to_id["Cara"],
    }
    phone.tap(chat, "send_message", content="Hi Cara")
    assert chat.conversations[conversation_id].messages[-1].content == "Hi Cara"


def test_starting_a_conversation_with_an_unknown_name_lists_who_is_known(chat, phone):
    with pytest.raises(ValueError, match="Alice, Bob, Cara"):
        phone.tap(chat, "start_conversation", user_name="Zed")
    assert isinstance(chat.current_state, ConversationList)


def test_back_from_a_conversation_returns_to_the_list(chat, phone):
    phone.tap(chat, "open_conversation", conversation_id="c-alice")
    phone.tap(chat, "go_back")
    assert isinstance(chat.current_state, ConversationList) and chat.navigation_stack == []


def test_user_actions_log_one_user_event_each_with_the_tools_arguments(chat, phone):
    phone.tap(chat, "open_conversation", conversation_id="c-alice")
    phone.tap(chat, "send_message", content="Sure")
    assert phone.log() == [
        ("USER", "StatefulMessagingApp", "open_conversation"),
        ("USER", "StatefulMessagingApp", "send_message"),
    ]
    assert phone.events[1].action.args == {"content": "Sure", "attachment_path": None}
