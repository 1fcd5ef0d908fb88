"""No defect: the linter finds nothing."""

from __future__ import annotations

from typing import Any

from are.simulation.types import EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("lint_clean")
class Case(PAREScenario):
    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [HomeScreenSystemApp(name="System"), PAREAgentUserInterface(), self.email]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        with EventRegisterer.capture_mode():
            mail = self.email.send_email_to_user_with_id(
                email_id="ana-1", sender="ana@example.com", subject="Lunch?", content="Friday?"
            ).delayed(10)
            proposal = aui.send_message_to_user(content="Reply yes?").oracle().depends_on(mail)
            accept = aui.accept_proposal(content="ok").oracle().depends_on(proposal)
            reply = self.email.reply_to_email(email_id="ana-1", content="Yes").oracle()
            reply.depends_on(accept, delay_seconds=2)
        self.events = [mail, proposal, accept, reply]

    def validate(self, env):
        return check_actions(env, expect("a reply to Ana", "StatefulEmailApp", "reply_to_email"))
