"""StatefulEmailApp: the user reads, searches, writes and files email through its screens."""

from __future__ import annotations

import pytest
from are.simulation.apps.email_client import Email, EmailFolderName
from are.simulation.types import EventRegisterer, EventType

from pytest_pare.apps import StatefulEmailApp
from pytest_pare.apps.email import ComposeEmail, EmailDetail, MailboxView

INBOX, SENT, DRAFT, TRASH = (
    EmailFolderName.INBOX,
    EmailFolderName.SENT,
    EmailFolderName.DRAFT,
    EmailFolderName.TRASH,
)


@pytest.fixture
def mail(phone) -> StatefulEmailApp:
    app = StatefulEmailApp(name="Emails")
    app.add_email(
        Email(
            email_id="e1",
            sender="bob@example.com",
            recipients=[app.user_email],
            subject="Dinner",
            content="Friday at 8?",
            timestamp=1000.0,
        )
    )
    app.add_email(
        Email(
            email_id="e2",
            sender="ann@example.com",
            recipients=[app.user_email],
            subject="Report",
            content="Draft attached",
            timestamp=2000.0,
        )
    )
    phone.attach(app)
    return app


def test_the_users_address_is_always_john_at_pare():
    assert StatefulEmailApp(user_email="someone@else.com").user_email == "john@pare.com"


def test_opening_an_email_shows_it_and_marks_it_read(mail, phone):
    email = phone.tap(mail, "open_email_by_id", email_id="e1")
    assert email.subject == "Dinner" and mail.folders[INBOX].get_email_by_id("e1").is_read
    assert isinstance(mail.current_state, EmailDetail)
    assert (mail.current_state.email_id, mail.current_state.folder_name) == ("e1", "INBOX")


def test_opening_by_position_opens_the_email_at_that_place_in_the_list(mail, phone):
    phone.tap(mail, "open_email_by_index", index=0)
    assert mail.current_state.email_id == "e2"  # newest first


def test_search_filters_by_text_and_date_and_stays_on_the_mailbox(mail, phone):
    assert [e.email_id for e in phone.tap(mail, "search_emails", query="friday")] == ["e1"]
    found = phone.tap(mail, "search_emails", query="example", min_date="1970-01-01 00:25:00")
    assert [e.email_id for e in found] == ["e2"]
    assert isinstance(mail.current_state, MailboxView)


def test_a_malformed_search_date_is_a_clear_error(mail, phone):
    with pytest.raises(ValueError, match="not a date"):
        phone.tap(mail, "search_emails", query="x", min_date="yesterday")


def test_switching_folder_shows_that_folder_and_back_returns_to_the_inbox(mail, phone):
    phone.tap(mail, "switch_folder", folder_name="sent")
    assert mail.current_state.folder == "SENT"
    phone.tap(mail, "go_back")
    assert mail.current_state.folder == "INBOX"


def test_an_unknown_folder_names_the_valid_ones(mail, phone):
    with pytest.raises(ValueError, match="INBOX, SENT, DRAFT, TRASH"):
        phone.tap(mail, "switch_folder", folder_name="Spam")


def test_compose_and_send_files_the_email_in_sent_and_closes_the_compose_screen(mail, phone):
    phone.tap(mail, "start_compose")
    assert isinstance(mail.current_state, ComposeEmail)
    phone.tap(mail, "set_recipients", recipients=["carl@example.com"])
    phone.tap(mail, "add_recipient", recipient="dana@example.com")
    phone.tap(mail, "set_cc", cc=["boss@example.com"])
    phone.tap(mail, "set_subject", subject="Hello")
    phone.tap(mail, "set_body", body="Hi both")
    new_id = phone.tap(mail, "send_composed_email")
    sent = mail.folders[SENT].get_email_by_id(new_id)
    assert sent.recipients == ["carl@example.com", "dana@example.com"]
    assert (sent.cc, sent.subject, sent.content, sent.sender) == (
        ["boss@example.com"],
        "Hello",
        "Hi both",
        "john@pare.com",
    )
    assert isinstance(mail.current_state, MailboxView) and mail.navigation_stack == []


def test_sending_without_recipients_fails_and_keeps_the_draft_open(mail, phone):
    phone.tap(mail, "start_compose")
    phone.tap(mail, "set_body", body="text")
    with pytest.raises(ValueError, match="add_recipient"):
        phone.tap(mail, "send_composed_email")
    assert isinstance(mail.current_state, ComposeEmail)
    assert mail.current_state.draft.body == "text"


def test_compose_reply_prefills_the_sender_and_subject_and_threads_the_reply(mail, phone):
    phone.tap(mail, "open_email_by_id", email_id="e1")
    phone.tap(mail, "start_compose_reply")
    draft = mail.current_state.draft
    assert (draft.recipients, draft.subject, draft.reply_to) == (
        ["bob@example.com"],
        "Re: Dinner",
        "e1",
    )
    phone.tap(mail, "set_body", body="Works for me")
    reply_id = phone.tap(mail, "send_composed_email")
    assert mail.folders[SENT].get_email_by_id(reply_id).parent_id == "e1"
    assert isinstance(mail.current_state, EmailDetail)  # back where the reply started


def test_quick_reply_and_forward_send_from_the_email_screen(mail, phone):
    phone.tap(mail, "open_email_by_id", email_id="e1")
    reply_id = phone.tap(mail, "reply", content="Yes")
    forward_id = phone.tap(mail, "forward", recipients=["eve@example.com"])
    assert mail.folders[SENT].get_email_by_id(reply_id).recipients == ["bob@example.com"]
    assert mail.folders[SENT].get_email_by_id(forward_id).recipients == ["eve@example.com"]
    assert isinstance(mail.current_state, EmailDetail)


def test_deleting_an_email_moves_it_to_trash_and_returns_to_the_list(mail, phone):
    phone.tap(mail, "open_email_by_id", email_id="e2")
    phone.tap(mail, "delete")
    assert mail.folders[TRASH].get_email_by_id("e2").subject == "Report"
    assert isinstance(mail.current_state, MailboxView)


def test_moving_an_email_files_it_elsewhere_and_returns_to_the_list(mail, phone):
    phone.tap(mail, "open_email_by_id", email_id="e2")
    phone.tap(mail, "move", destination_folder="draft")
    assert [e.email_id for e in mail.folders[DRAFT].emails] == ["e2"]
    assert isinstance(mail.current_state, MailboxView)


def test_saving_or_discarding_a_draft_closes_the_compose_screen(mail, phone):
    phone.tap(mail, "start_compose")
    phone.tap(mail, "set_subject", subject="Later")
    draft_id = phone.tap(mail, "save_draft")
    assert mail.folders[DRAFT].get_email_by_id(draft_id).subject == "Later"
    assert isinstance(mail.current_state, MailboxView)
    phone.tap(mail, "start_compose")
    phone.tap(mail, "discard_draft")
    assert isinstance(mail.current_state, MailboxView)
    assert len(mail.folders[DRAFT].emails) == 1


def test_attaching_a_missing_file_is_refused(mail, phone, tmp_path):
    phone.tap(mail, "start_compose")
    with pytest.raises(ValueError, match="no such file"):
        phone.tap(mail, "attach_file", attachment_path=str(tmp_path / "nope.pdf"))
    real = tmp_path / "a.txt"
    real.write_text("x")
    assert phone.tap(mail, "attach_file", attachment_path=str(real)) == {"attachments": [str(real)]}


def test_a_half_written_email_is_still_there_after_leaving_and_coming_back(mail, phone):
    phone.tap(mail, "start_compose")
    phone.tap(mail, "set_subject", subject="Unfinished")
    screen = mail.current_state
    # Another app is used meanwhile; the email app is not touched.
    other = StatefulEmailApp(name="Other")
    phone.attach(other)
    phone.tap(other, "start_compose")
    assert mail.current_state is screen and screen.draft.subject == "Unfinished"
    assert "send_composed_email" in phone.tools(mail)


def test_each_user_action_logs_exactly_one_user_event_of_the_email_app(mail, phone):
    phone.tap(mail, "open_email_by_id", email_id="e1")
    phone.tap(mail, "reply", content="Yes")
    phone.tap(mail, "go_back")
    assert phone.log() == [
        ("USER", "StatefulEmailApp", "open_email_by_id"),
        ("USER", "StatefulEmailApp", "reply"),
        ("USER", "StatefulEmailApp", "go_back"),
    ]
    assert phone.events[1].action.args == {"content": "Yes", "attachment_paths": None}


def test_send_email_to_user_with_id_delivers_to_the_inbox_under_that_id(mail, phone):
    assert mail.send_email_to_user_with_id("m-7", "zoe@example.com", "Hi", "Body") == "m-7"
    email = mail.folders[INBOX].get_email_by_id("m-7")
    assert email.recipients == ["john@pare.com"] and not email.is_read
    assert phone.events[-1].event_type == EventType.ENV


def test_captured_env_email_event_carries_every_argument_with_defaults():
    mail = StatefulEmailApp(name="Emails")
    with EventRegisterer.capture_mode():
        event = mail.send_email_to_user_with_id(email_id="m-1", sender="a@b.com")
    assert event.action.args["subject"] == "" and event.action.args["attachment_paths"] is None
    assert event.action.class_name == "StatefulEmailApp"
