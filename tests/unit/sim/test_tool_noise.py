"""Tool-failure noise on oracle steps: the same seeded draw as the assistant's tool call."""

from __future__ import annotations

from typing import Any

from are.simulation.scenarios.scenario import ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer, EventType

from pytest_pare._util.seeding import stable_seed
from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.runner import run_scenario
from pytest_pare.scenarios import PAREScenario, ScenarioRunnerConfig, apply_noise
from pytest_pare.scenarios.checks import agent_actions

START = 1_772_440_200.0  # 2026-03-02 08:30 UTC
STEPS = 24


class MailboxChecks(PAREScenario):
    """A mail arrives; the assistant lists the inbox STEPS times, proposes, then replies."""

    scenario_id = "tool_noise_probe"
    start_time = START

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.aui = PAREAgentUserInterface()
        self.apps = [HomeScreenSystemApp(name="System"), self.aui, self.email]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            mail = self.email.send_email_to_user_with_id(
                email_id="mail-1", sender="ana@example.com", subject="Lunch?", content="Friday?"
            ).delayed(5)
            steps = [mail]
            for _ in range(STEPS):
                steps.append(
                    self.email.list_emails(folder_name="INBOX")
                    .oracle()
                    .depends_on(steps[-1], delay_seconds=1)
                )
            proposal = (
                self.aui.send_message_to_user(content="Reply yes to Ana?")
                .oracle()
                .depends_on(steps[-1], delay_seconds=1)
            )
            reply = (
                self.email.reply_to_email(email_id="mail-1", content="Yes!")
                .oracle()
                .depends_on(proposal, delay_seconds=1)
            )
        self.events = [*steps, proposal, reply]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        replied = any(a.function_name == "reply_to_email" for _, a in agent_actions(env))
        return ScenarioValidationResult(success=replied)


def _oracle_log(tfp: float, seed: int = 0) -> tuple[Any, list[Any]]:
    config = ScenarioRunnerConfig(oracle=True, seed=seed, tool_failure_probability=tfp)
    captured: list[Any] = []

    class Captured(MailboxChecks):
        def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
            captured.extend(env.event_log.list_view())
            return super().validate(env)

    Captured.scenario_id = MailboxChecks.scenario_id
    return run_scenario(Captured, config), captured


def _pattern(log: list[Any]) -> list[bool]:
    return [
        bool(e.metadata.exception)
        for e in log
        if e.event_type == EventType.AGENT and e.function_name() == "list_emails"
    ]


def test_every_assistant_step_on_a_noisy_app_fails_at_probability_one_and_changes_nothing():
    result, log = _oracle_log(1.0)

    assert result.success is False  # the reply never happened
    assert _pattern(log) == [True] * STEPS
    reply = next(e for e in log if e.function_name() == "reply_to_email")
    assert "Emails__reply_to_email failed" in reply.metadata.exception
    assert {e["function"] for e in result.tool_errors} == {"list_emails", "reply_to_email"}
    # The environment's own event and the proposal on the assistant channel never fail.
    untouched = [e for e in log if e.function_name() in ("send_email_to_user_with_id",
                                                         "send_message_to_user")]  # fmt: skip
    assert len(untouched) == 2 and not any(e.metadata.exception for e in untouched)


def test_without_noise_no_step_fails_and_the_run_passes():
    result, log = _oracle_log(0.0)

    assert result.success is True and result.tool_errors == []
    assert _pattern(log) == [False] * STEPS


def test_an_oracle_step_fails_exactly_when_the_assistants_tool_call_would():
    _, log = _oracle_log(0.5, seed=4)
    oracle = _pattern(log)

    # The same scenario and seed, with the tool called directly, as an agent does.
    scenario = MailboxChecks()
    scenario.seed = stable_seed(4, MailboxChecks.scenario_id, 1)
    scenario.run_number = 1
    apply_noise(scenario, tool_failure_probability=0.5, env_events_per_minute=0, env_events_seed=0)
    scenario.initialize()
    tool = next(t for t in scenario.email.get_tools() if t.func_name == "list_emails")
    direct = []
    for _ in range(STEPS):
        try:
            tool(folder_name="INBOX")
            direct.append(False)
        except Exception:
            direct.append(True)

    assert oracle == direct
    assert 0 < sum(oracle) < STEPS


def test_a_rerun_fails_the_same_steps_and_another_seed_fails_others():
    first = _pattern(_oracle_log(0.5, seed=1)[1])
    assert first == _pattern(_oracle_log(0.5, seed=1)[1])
    assert first != _pattern(_oracle_log(0.5, seed=2)[1])


def _agent_run(tfp: float) -> tuple[Any, list[Any]]:
    config = ScenarioRunnerConfig(
        oracle=False,
        user_model="reference",
        observe_model="reference",
        execute_model="reference",
        tool_failure_probability=tfp,
    )
    captured: list[Any] = []

    class Captured(MailboxChecks):
        def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
            captured.extend(env.event_log.list_view())
            return super().validate(env)

    return run_scenario(Captured, config), captured


def test_an_agents_injected_failure_is_logged_as_a_failed_call_and_counted():
    result, log = _agent_run(1.0)

    assert result.success is False
    failed = [e for e in log if e.event_type == EventType.AGENT and e.metadata.exception]
    assert failed, "the assistant's failed calls must be in the log"
    assert all("failed with error: Internal error" in e.metadata.exception for e in failed)
    assert {e.action.app.name for e in failed} == {"Emails"}
    assert [e["function"] for e in result.tool_errors] == [e.function_name() for e in failed]
    # The call is logged with its arguments, as a call that ran would be.
    listing = next(e for e in failed if e.function_name() == "list_emails")
    assert listing.action.args["folder_name"] == "INBOX"


def test_an_agent_run_without_noise_logs_no_failed_call():
    result, log = _agent_run(0.0)

    assert result.success is True and result.tool_errors == []
    assert not any(e.metadata.exception for e in log if e.event_type == EventType.AGENT)
