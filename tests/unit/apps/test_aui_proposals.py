"""PAREAgentUserInterface: proposals, answers reaching the assistant, no waiting."""

from __future__ import annotations

from are.simulation.apps.agent_user_interface import Sender
from are.simulation.types import EventRegisterer, EventType, OracleEvent

from pytest_pare.apps import PAREAgentUserInterface


def test_a_proposal_is_pending_until_the_user_accepts_it(phone):
    aui = PAREAgentUserInterface()
    phone.attach(aui)
    assert aui.send_message_to_user("Shall I reply to Bob?") is None
    assert aui.pending_proposal is not None
    assert aui.pending_proposal.content == "Shall I reply to Bob?"
    phone.tap(aui, "accept_proposal", content="Yes, say I'm late")
    assert aui.pending_proposal is None
    assert aui.proposals[-1].status == "accepted"
    assert aui.proposals[-1].response == "Yes, say I'm late"
    assert [(e.event_type, e.function_name()) for e in phone.events] == [
        (EventType.AGENT, "send_message_to_user"),
        (EventType.USER, "accept_proposal"),
    ]


def test_the_users_answer_reaches_the_assistant_as_an_unread_message():
    aui = PAREAgentUserInterface()
    aui.send_message_to_user("Book a cab?")
    aui.reject_proposal()
    (message,) = aui.get_last_unread_messages()
    assert message.sender == Sender.USER
    assert message.content == "I reject your proposal."
    assert aui.proposals[-1].status == "rejected"


def test_responses_are_queued_once_for_the_assistant():
    aui = PAREAgentUserInterface()
    aui.send_message_to_user("Add the meeting?")
    aui.accept_proposal("ok")
    aui.send_message_to_agent("also remind me")
    first = aui.pop_user_responses()
    assert [(r.kind, r.content) for r in first] == [
        ("accepted", "ok"),
        ("message", "also remind me"),
    ]
    assert first[0].proposal_id == aui.proposals[0].proposal_id
    assert aui.pop_user_responses() == []
    assert len(aui.user_responses) == 2


def test_a_newer_proposal_supersedes_an_unanswered_one():
    aui = PAREAgentUserInterface()
    aui.send_message_to_user("first")
    aui.send_message_to_user("second")
    assert [p.status for p in aui.proposals] == ["rejected", "pending"]
    assert aui.pending_proposal.content == "second"


def test_sending_to_the_user_returns_at_once_even_outside_the_cli():
    aui = PAREAgentUserInterface()
    aui.set_cli(False)  # ARE would busy-wait here for a GUI reply
    assert aui.send_message_to_user("hello") is None


def test_a_user_proxy_answer_is_delivered_as_a_user_message():
    class Proxy:
        def reply(self, message: str) -> str:
            return f"re: {message}"

    aui = PAREAgentUserInterface(user_proxy=Proxy())
    aui.send_message_to_user("hi")
    assert aui.get_last_message_from_user().content == "re: hi"


def test_wait_is_the_assistants_observe_tool():
    aui = PAREAgentUserInterface()
    names = {t.name for t in aui.get_tools()}
    assert "PAREAgentUserInterface__wait" in names
    assert "PAREAgentUserInterface__accept_proposal" not in names
    assert isinstance(aui.wait(), str)


def test_accept_proposal_captured_as_oracle_is_an_agent_event_with_its_args():
    aui = PAREAgentUserInterface()
    with EventRegisterer.capture_mode():
        event = aui.accept_proposal(content="go").oracle()
    assert isinstance(event, OracleEvent) and event.event_type == EventType.AGENT
    assert event.action_desc.function == "accept_proposal"


def test_message_ids_are_repeatable_for_the_same_seed():
    ids = []
    for _ in range(2):
        aui = PAREAgentUserInterface()
        aui.set_seed(11)
        aui.send_message_to_user("x")
        ids.append(aui.proposals[0].proposal_id)
    assert ids[0] == ids[1]
