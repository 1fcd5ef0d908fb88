"""Run metrics against hand counts over a log produced by real app calls.

Actions are the user's and the assistant's tool calls on apps (the home screen
included); ENV events, condition checks and the proposal channel are not.
"""

from __future__ import annotations

from are.simulation.environment import EnvironmentConfig

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.environment import StateAwareEnvironmentWrapper
from pytest_pare.runner import run_scenario
from pytest_pare.runner.metrics import compute_metrics, tool_errors


class _Context:
    """Stands in for the two-agent loop's (mode, turn) getter."""

    def __init__(self) -> None:
        self.mode: str | None = "observe"
        self.turn = 1

    def __call__(self) -> tuple[str | None, int]:
        return self.mode, self.turn


def _env() -> tuple[
    StateAwareEnvironmentWrapper, PAREAgentUserInterface, StatefulEmailApp, _Context
]:
    env = StateAwareEnvironmentWrapper(EnvironmentConfig(start_time=1000.0, duration=None))
    aui, email = PAREAgentUserInterface(), StatefulEmailApp(name="Emails")
    env.register_apps([HomeScreenSystemApp(name="System"), aui, email])
    env.start()
    context = _Context()
    env.set_proactive_context_getter(context)
    return env, aui, email, context


def _tap(env: StateAwareEnvironmentWrapper, tool: str, **args: object) -> object:
    """Call one of the user's current tools the way the user agent does."""
    tools = {t.name: t for t in env.get_user_tools()}
    assert tool in tools, f"{tool} is not on the user's screen: {sorted(tools)}"
    return tools[tool](**args)


def test_metrics_count_the_assistants_proposals_acceptances_reads_writes_and_turns_by_hand():
    env, aui, email, context = _env()
    email.create_and_add_email(sender="ann@x.org", subject="Hi")  # ENV write: not the assistant's
    email_id = email.folders[next(iter(email.folders))].emails[0].email_id

    aui.send_message_to_user(content="Reply to Ann?")  # proposal 1 (observe, turn 1)
    aui.reject_proposal(content="No")  # settles proposal 1 without acceptance
    context.turn = 2
    email.get_email_by_id(email_id=email_id)  # read 1
    aui.wait()  # the assistant's "keep observing": the proposal channel, not an action
    aui.send_message_to_user(content="Archive it?")  # proposal 2
    aui.accept_proposal(content="Yes")  # acceptance 1 (a reply: not an action)
    aui.accept_proposal(content="Yes again")  # nothing pending: not counted
    context.mode, context.turn = "execute", 3
    email.move_email(email_id=email_id, dest_folder_name="TRASH")  # write 1
    email.send_email(recipients=["ann@x.org"], subject="Re: Hi")  # write 2
    try:
        email.delete_email(email_id="missing")  # write 3, raises
    except Exception:
        pass
    email.list_emails()  # read 2
    aui.send_message_to_user(content="Done.")  # execute-mode report: not a proposal

    metrics = compute_metrics(env.event_log.list_view())

    assert metrics.proposal_count == 2
    assert metrics.acceptance_count == 1
    assert metrics.read_only_actions == 2
    assert metrics.write_actions == 3
    assert metrics.number_of_turns == 3
    assert [(e["app"], e["function"]) for e in metrics.tool_errors] == [
        ("StatefulEmailApp", "delete_email")
    ]


def test_metrics_count_the_users_taps_with_the_assistants_calls_by_hand():
    env, aui, email, context = _env()
    email.create_and_add_email(sender="ann@x.org", subject="Hi")  # ENV: not an action
    email_id = email.folders[next(iter(email.folders))].emails[0].email_id

    # Turn 1: the user opens the app and the email and replies; the observer reads
    # twice and proposes.
    _tap(env, "System__open_app", app_name="Emails")  # user read 1
    _tap(env, "Emails__open_email_by_id", email_id=email_id)  # user read 2
    _tap(env, "Emails__reply", content="Thanks!")  # user write 1
    email.get_email_by_id(email_id=email_id)  # observe read 1
    email.list_emails()  # observe read 2
    aui.send_message_to_user(content="Archive it?")  # proposal 1
    # Turn 2: the user accepts; the executor writes twice.
    context.turn = 2
    _tap(env, "PAREAgentUserInterface__accept_proposal", content="Yes")  # acceptance, not an action
    context.mode = "execute"
    email.move_email(email_id=email_id, dest_folder_name="TRASH")  # execute write 1
    email.send_email(recipients=["ann@x.org"], subject="Archived")  # execute write 2

    metrics = compute_metrics(env.event_log.list_view())

    assert (metrics.read_only_actions, metrics.write_actions) == (2 + 2, 1 + 2)
    assert (metrics.proposal_count, metrics.acceptance_count) == (1, 1)
    assert metrics.number_of_turns == 2


def test_environment_events_and_condition_checks_are_not_actions(scenarios, oracle_config):
    # An hour of a condition polled every second, then one email from the environment.
    result = run_scenario(scenarios.long_condition, oracle_config)

    assert result.success is True
    assert (result.read_only_actions, result.write_actions) == (0, 0)


def test_oracle_proposals_without_a_mode_count_and_each_is_accepted_once():
    env, aui, _, context = _env()
    context.mode, context.turn = None, 0

    aui.send_message_to_user(content="Shall I?")
    aui.accept_proposal(content="Yes")
    aui.accept_proposal(content="Yes")

    metrics = compute_metrics(env.event_log.list_view())

    assert (metrics.proposal_count, metrics.acceptance_count, metrics.number_of_turns) == (1, 1, 0)


def test_tool_errors_list_every_failed_call_with_time_app_function_and_error():
    env, _, email, _ = _env()
    env.advance(30)
    try:
        email.get_email_by_id(email_id="nope")
    except Exception:
        pass

    errors = tool_errors(env.event_log.list_view())

    assert len(errors) == 1
    assert errors[0]["time"] == 1030.0
    assert errors[0]["function"] == "get_email_by_id"
    assert "nope" in errors[0]["error"]
