"""The reference policy on scenarios written by others: what must work, what is a defect.

A scripted accept (no ``.oracle()``) that gates the next oracle step must work.
A write before proposing, an oracle tool the assistant is not given, an oracle
step that raises, and a step waiting on an event that never runs outside oracle
mode are scenario defects: the run raises ``ScenarioDefect`` with one line
naming the step, instead of waiting in silence and failing validation.
"""

from __future__ import annotations

from typing import Any

import pytest
from are.simulation.scenarios.scenario import ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.agents.oracle_plan import ScenarioDefect, oracle_plan
from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.runner import run_scenario
from pytest_pare.scenarios import PAREScenario, ScenarioRunnerConfig
from pytest_pare.scenarios.checks import check_actions, expect


class _Base(PAREScenario):
    """An email from Ana arrives; the assistant is to reply to it."""

    start_time = 1_767_000_000.0

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.apps = [HomeScreenSystemApp(name="System"), PAREAgentUserInterface(), self.email]

    def incoming(self) -> Any:
        return self.email.send_email_to_user_with_id(
            email_id="ana-1", sender="ana@example.com", subject="Lunch?", content="Friday?"
        ).delayed(10)

    def propose(self, after: Any) -> tuple[Any, Any]:
        aui = self.get_typed_app(PAREAgentUserInterface)
        proposal = aui.send_message_to_user(content="Reply yes to Ana?").oracle()
        proposal.depends_on(after, delay_seconds=5)
        accept = aui.accept_proposal(content="ok").oracle().depends_on(proposal, delay_seconds=2)
        return proposal, accept

    def reply(self) -> Any:
        return self.email.reply_to_email(email_id="ana-1", content="Yes!").oracle()

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(env, expect("a reply", "StatefulEmailApp", "reply_to_email"))


class ScriptedAcceptGate(_Base):
    scenario_id = "defects_scripted_accept_gate"

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        with EventRegisterer.capture_mode():
            mail = self.incoming()
            proposal = aui.send_message_to_user(content="Reply yes?").oracle().depends_on(mail)
            accept = aui.accept_proposal(content="ok").depends_on(proposal, delay_seconds=2)
            reply = self.reply().depends_on(accept, delay_seconds=1)
        self.events = [mail, proposal, accept, reply]


class WriteBeforeProposal(_Base):
    scenario_id = "defects_write_before_proposal"

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            mail = self.incoming()
            reply = self.reply().depends_on(mail, delay_seconds=3)
            proposal, accept = self.propose(reply)
        self.events = [mail, reply, proposal, accept]


class ToolNotGiven(_Base):
    scenario_id = "defects_tool_not_given"

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            mail = self.incoming()
            proposal, accept = self.propose(mail)
            # An environment tool: the world's, not the assistant's.
            forged = self.email.send_email_to_user_only(
                sender="ana@example.com", subject="Re: Lunch?", content="(forged)"
            )
            forged = forged.oracle().depends_on(accept, delay_seconds=1)
            reply = self.reply().depends_on(forged, delay_seconds=1)
        self.events = [mail, proposal, accept, forged, reply]


class RaisingStep(_Base):
    scenario_id = "defects_raising_step"

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            mail = self.incoming()
            proposal, accept = self.propose(mail)
            lookup = self.email.get_email_by_id(email_id="no-such-mail").oracle()
            lookup = lookup.depends_on(accept, delay_seconds=1)
            reply = self.reply().depends_on(lookup, delay_seconds=1)
        self.events = [mail, proposal, accept, lookup, reply]


class WaitsOnScriptedReply(_Base):
    scenario_id = "defects_waits_on_scripted_reply"

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            mail = self.incoming()
            proposal, accept = self.propose(mail)
            reply = self.reply().depends_on(accept, delay_seconds=1)
            # Ana answers the assistant's reply: a scripted event hanging on an oracle step.
            answer = self.email.send_email_to_user_with_id(
                email_id="ana-2", sender="ana@example.com", subject="Re: Lunch?", content="12?"
            ).depends_on(reply, delay_seconds=60)
            read = self.email.get_email_by_id(email_id="ana-2").oracle().depends_on(answer)
        self.events = [mail, proposal, accept, reply, answer, read]


class WriteAfterALaterEvent(_Base):
    scenario_id = "defects_write_after_a_later_event"

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            mail = self.incoming()
            proposal, accept = self.propose(mail)
            first = self.reply().depends_on(accept, delay_seconds=1)
            later = self.email.send_email_to_user_with_id(
                email_id="ana-3", sender="ana@example.com", subject="Also", content="Bring cake"
            ).delayed(3600)
            second = self.email.reply_to_email(email_id="ana-3", content="Will do").oracle()
            second = second.depends_on([first, later], delay_seconds=1)
        self.events = [mail, proposal, accept, first, later, second]


def _reference(cls: type, **extra: Any) -> Any:
    config = ScenarioRunnerConfig(
        user_model="reference", observe_model="reference", execute_model="reference", **extra
    )
    return run_scenario(cls, config)


def _defect(cls: type) -> str:
    result = _reference(cls)
    assert isinstance(result.exception, ScenarioDefect), result.exception or result.rationale
    message = str(result.exception)
    assert "\n" not in message
    return message


def test_a_scripted_accept_that_gates_the_next_oracle_step_works_outside_oracle_mode():
    oracle = run_scenario(ScriptedAcceptGate, ScenarioRunnerConfig(oracle=True))
    agent = _reference(ScriptedAcceptGate)

    for result in (oracle, agent):
        assert result.exception is None, result.exception
        assert result.success is True, result.rationale
    assert (agent.proposal_count, agent.acceptance_count) == (1, 1)


def test_the_plan_gives_a_scripted_accept_to_the_user_and_no_gate_to_the_step_after_it():
    scenario = ScriptedAcceptGate()
    scenario.initialize()

    plan = oracle_plan(scenario)

    assert [(s.function, s.actor, s.is_oracle) for s in plan] == [
        ("send_message_to_user", "assistant", True),
        ("accept_proposal", "user", False),
        ("reply_to_email", "assistant", True),
    ]
    assert plan[2].gates == () and plan[2].blocked_by == ()
    assert plan[0].gate_labels == ("StatefulEmailApp.send_email_to_user_with_id",)


def test_a_write_before_the_first_proposal_is_a_defect_naming_the_step():
    message = _defect(WriteBeforeProposal)

    assert message.startswith(
        "oracle step 1 (StatefulEmailApp.reply_to_email) writes before the first proposal"
    )
    assert "send_message_to_user" in message and "accept_proposal" in message


def test_an_oracle_tool_the_assistant_is_not_given_is_a_defect_naming_the_tool():
    message = _defect(ToolNotGiven)

    assert message.startswith("oracle step 3 (StatefulEmailApp.send_email_to_user_only) calls")
    assert "Emails__send_email_to_user_only, a tool the assistant is not given" in message


def test_an_oracle_step_that_raises_in_the_app_is_a_defect_with_the_error():
    message = _defect(RaisingStep)

    assert message.startswith("oracle step 3 (StatefulEmailApp.get_email_by_id) raised")
    assert "no-such-mail" in message


def test_a_step_waiting_on_a_scripted_event_after_an_oracle_step_is_a_defect():
    message = _defect(WaitsOnScriptedReply)

    assert message.startswith("oracle step 5 (StatefulEmailApp.get_email_by_id) depends on")
    assert "step 4 (StatefulEmailApp.send_email_to_user_with_id)" in message
    assert "never runs outside oracle mode" in message


def test_a_write_left_waiting_on_a_later_event_after_the_accept_is_a_defect():
    message = _defect(WriteAfterALaterEvent)

    assert message.startswith("oracle step 4 (StatefulEmailApp.reply_to_email) writes after")
    assert "StatefulEmailApp.send_email_to_user_with_id" in message


@pytest.mark.parametrize("cls", [WriteBeforeProposal, RaisingStep, WaitsOnScriptedReply])
def test_the_defects_still_pass_their_own_oracle_run(cls):
    # What makes them defects shows only when an agent has to play them.
    result = run_scenario(cls, ScenarioRunnerConfig(oracle=True))

    assert result.exception is None


def test_a_step_failed_by_tool_noise_is_not_reported_as_a_defect():
    result = _reference(ScriptedAcceptGate, tool_failure_probability=1.0)

    assert result.exception is None, result.exception
    assert result.success is False  # every app call failed, so no reply went out
