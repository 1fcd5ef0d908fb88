"""Three apps in one scenario run in ARE's own environment in oracle mode, and the log validates."""

from __future__ import annotations

from are.simulation.environment import Environment, EnvironmentConfig
from are.simulation.scenarios.scenario import Scenario
from are.simulation.types import Action, EventRegisterer, EventType

from pytest_pare.apps import (
    HomeScreenSystemApp,
    PAREAgentUserInterface,
    StatefulContactsApp,
    StatefulEmailApp,
    StatefulMessagingApp,
)


class ReplyAndText(Scenario):
    """Bob emails; the assistant proposes a reply, the user accepts, the assistant acts."""

    start_time: float | None = 1_700_000_000.0

    def init_and_populate_apps(self, *args, **kwargs) -> None:
        messages = StatefulMessagingApp(name="Messages")
        messages.add_users(["Bob"])
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            StatefulEmailApp(name="Emails"),
            StatefulContactsApp(name="Contacts"),
            messages,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        messages = self.get_typed_app(StatefulMessagingApp, "Messages")
        contacts = self.get_typed_app(StatefulContactsApp, "Contacts")
        with EventRegisterer.capture_mode():
            incoming = email.send_email_to_user_with_id(
                email_id="bob-1", sender="bob@example.com", subject="Call?", content="Free now?"
            ).delayed(5)
            proposal = (
                aui.send_message_to_user(content="Reply to Bob and text him?")
                .oracle()
                .depends_on(incoming, delay_seconds=2)
            )
            accept = (
                aui.accept_proposal(content="yes").oracle().depends_on(proposal, delay_seconds=2)
            )
            reply = (
                email.reply_to_email(email_id="bob-1", content="Calling you in 5")
                .oracle()
                .depends_on(accept, delay_seconds=1)
            )
            text = (
                messages.send_message(user_id=messages.name_to_id["Bob"], content="Calling now")
                .oracle()
                .depends_on(reply, delay_seconds=1)
            )
            look_up = (
                contacts.search_contacts(query="Doe").oracle().depends_on(text, delay_seconds=1)
            )
        self.events = [incoming, proposal, accept, reply, text, look_up]


def _agent_calls(env: Environment) -> list[tuple[str, str]]:
    return [
        (e.action.class_name, e.action.function_name)
        for e in env.event_log.list_view()
        if e.event_type == EventType.AGENT and isinstance(e.action, Action)
    ]


def test_an_email_messaging_contacts_scenario_runs_in_are_oracle_mode_and_validates():
    scenario = ReplyAndText()
    scenario.initialize()
    env = Environment(
        EnvironmentConfig(
            oracle_mode=True,
            queue_based_loop=True,
            exit_when_no_events=True,
            start_time=scenario.start_time,
        )
    )
    env.run(scenario)
    env.join()

    assert _agent_calls(env) == [
        ("PAREAgentUserInterface", "send_message_to_user"),
        ("PAREAgentUserInterface", "accept_proposal"),
        ("StatefulEmailApp", "reply_to_email"),
        ("StatefulMessagingApp", "send_message"),
        ("StatefulContactsApp", "search_contacts"),
    ]
    assert not [e for e in env.event_log.list_view() if e.failed()]
    email = scenario.get_typed_app(StatefulEmailApp, "Emails")
    (sent,) = [e for folder in email.folders.values() for e in folder.emails if e.parent_id]
    assert sent.recipients == ["bob@example.com"] and sent.sender == "john@pare.com"
    aui = scenario.get_typed_app(PAREAgentUserInterface)
    assert [p.status for p in aui.proposals] == ["accepted"]
