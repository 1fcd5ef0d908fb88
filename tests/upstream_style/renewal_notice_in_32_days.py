"""Upstream style: a renewal notice arrives 32 days after the start; the assistant answers it.

Written the way upstream PARE scenarios are (long form, the System app and the
assistant UI listed by hand, a validate wrapped in try/except), with the
imports rewritten from ``pare.`` to ``pytest_pare.``. It sets no ``duration``:
the notice must still arrive, however far ahead it is scheduled.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, Action, EventRegisterer, EventType

from pytest_pare.apps import HomeScreenSystemApp, StatefulEmailApp
from pytest_pare.apps.proactive_aui import PAREAgentUserInterface
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.utils.registry import register_scenario


@register_scenario("renewal_notice_in_32_days")
class RenewalNoticeIn32Days(PAREScenario):
    """The gym's renewal notice comes a month later; John wants to cancel, the assistant replies."""

    start_time = datetime(2025, 11, 3, 9, 0, 0, tzinfo=UTC).timestamp()
    status = ScenarioStatus.Valid
    is_benchmark_ready = True
    additional_system_prompt = "You are John. You plan to cancel the gym when it renews."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [HomeScreenSystemApp(name="System"), PAREAgentUserInterface(), self.email]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email_app = self.get_typed_app(StatefulEmailApp, "Emails")
        with EventRegisterer.capture_mode():
            notice = email_app.send_email_to_user_with_id(
                email_id="gym-renewal",
                sender="billing@ironworks-gym.com",
                subject="Your membership renews in 3 days",
                content="Reply CANCEL to this email to stop the renewal.",
            ).delayed(32 * 24 * 3600)
            proposal = (
                aui.send_message_to_user(
                    content="The gym renews your membership in 3 days. Shall I reply CANCEL?"
                )
                .oracle()
                .depends_on(notice, delay_seconds=30)
            )
            accept = (
                aui.accept_proposal(content="Yes").oracle().depends_on(proposal, delay_seconds=5)
            )
            reply = (
                email_app.reply_to_email(email_id="gym-renewal", content="CANCEL")
                .oracle()
                .depends_on(accept, delay_seconds=3)
            )
        self.events = [notice, proposal, accept, reply]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        try:
            log_entries = env.event_log.list_view()
            proposal_found = any(
                e.event_type == EventType.AGENT
                and isinstance(e.action, Action)
                and e.action.class_name == "PAREAgentUserInterface"
                and e.action.function_name == "send_message_to_user"
                for e in log_entries
            )
            reply_found = any(
                e.event_type == EventType.AGENT
                and isinstance(e.action, Action)
                and e.action.class_name == "StatefulEmailApp"
                and e.action.function_name == "reply_to_email"
                and e.action.args.get("email_id") == "gym-renewal"
                and "cancel" in e.action.args.get("content", "").lower()
                for e in log_entries
            )
            if not proposal_found:
                return ScenarioValidationResult(success=False, rationale="no proposal to the user")
            if not reply_found:
                return ScenarioValidationResult(success=False, rationale="no CANCEL reply")
            return ScenarioValidationResult(success=True)
        except Exception as e:
            return ScenarioValidationResult(success=False, exception=e)
