"""Two-agent runs of a small local scenario: policies, metrics, time, determinism, errors."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from are.simulation.apps.messaging_v2 import ConversationV2
from are.simulation.scenarios.scenario import ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment, EventRegisterer

from pytest_pare.agents.errors import CredentialsError
from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulMessagingApp
from pytest_pare.apps.reminder import StatefulReminderApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, mentions_any
from pytest_pare.testing import SequenceEngine, format_action

START = datetime(2026, 5, 11, 16, 0, tzinfo=UTC).timestamp()


class DentistTextScenario(PAREScenario):
    """A dentist texts an appointment; the assistant offers a reminder."""

    scenario_id = "agents_dentist_text"
    start_time = START
    status = ScenarioStatus.Valid
    additional_system_prompt = "You are John. You like reminders for appointments."

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.messaging = StatefulMessagingApp(name="Messages")
        self.messaging.add_contacts([("Dr Lee Dental", "+15035550111")])
        self.dentist_id = self.messaging.name_to_id["Dr Lee Dental"]
        self.messaging.add_conversation(
            ConversationV2(
                conversation_id="conv-dentist",
                participant_ids=[self.messaging.current_user_id, self.dentist_id],
                title="Dr Lee Dental",
                last_updated=START - 86400,
                messages=[],
            )
        )
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            self.messaging,
            self.reminders,
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        reminders = self.get_typed_app(StatefulReminderApp, "Reminders")
        with EventRegisterer.capture_mode():
            text = messaging.create_and_add_message(
                conversation_id="conv-dentist",
                sender_id=self.dentist_id,
                content="Reminder: cleaning on Wednesday 05/13 at 10:00 AM.",
            ).delayed(30)
            proposal = (
                aui.send_message_to_user(
                    content='Your dentist booked a "cleaning" Wednesday 10 AM. Add a reminder?'
                )
                .oracle()
                .depends_on(text, delay_seconds=5)
            )
            accept = aui.accept_proposal(content="Yes please.").oracle().depends_on(proposal)
            remind = (
                reminders.add_reminder(
                    title="Dentist cleaning",
                    due_datetime="2026-05-13 09:00:00",
                    description="Dr Lee Dental at 10 AM",
                )
                .oracle()
                .depends_on(accept, delay_seconds=2)
            )
        self.events = [text, proposal, accept, remind]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect(
                "a dentist reminder",
                "StatefulReminderApp",
                "add_reminder",
                title=mentions_any("dentist"),
            ),
        )


def _config(policy: str = "reference", **kw: Any) -> SimpleNamespace:
    base: dict[str, Any] = dict(
        max_turns=10,
        simulated_generation_time=1.0,
        user_max_iterations=1,
        observe_max_iterations=5,
        execute_max_iterations=10,
        record_dir=None,
        replay_dir=None,
    )
    for role in ("user", "observe", "execute"):
        base.update({f"{role}_model": policy, f"{role}_provider": None, f"{role}_endpoint": None})
    base.update(kw)
    return SimpleNamespace(**base)


def _start() -> tuple[Any, Any]:
    from are.simulation.environment import EnvironmentConfig

    from pytest_pare.environment import StateAwareEnvironmentWrapper

    scenario = DentistTextScenario()
    scenario.initialize()
    env = StateAwareEnvironmentWrapper(EnvironmentConfig(oracle_mode=False, start_time=START))
    env.run(scenario, wait_for_end=False)
    return scenario, env


def run(config: Any, engines: dict[str, Any] | None = None) -> tuple[Any, Any, Any, Any]:
    from pytest_pare.runner.two_agent import run_two_agent

    scenario, env = _start()
    outcome = run_two_agent(scenario, env, config, engines=engines)
    env.stop()
    return scenario, env, outcome, scenario.validate(env)


def log_of(env: Any) -> list[tuple[Any, ...]]:
    return [
        (
            e.event_time,
            e.event_type.value,
            e.function_name(),
            repr(sorted((k, repr(v)) for k, v in e.action.args.items() if k != "self")),
        )
        for e in env.event_log.list_view()
        if hasattr(e.action, "args")
    ]


def test_the_reference_policy_solves_the_scenario_through_real_tool_calls() -> None:
    _, env, outcome, result = run(_config("reference"))
    assert result.success, result.rationale
    executed = [
        t
        for entry in outcome.transcript
        if entry["agent"] == "execute"
        for t in entry["tool_calls"]
    ]
    assert "Reminders__add_reminder" in executed
    sent = [e for e in env.event_log.list_view() if e.function_name() == "send_message_to_user"]
    assert sent[0].action.args["content"].startswith('Your dentist booked a "cleaning"')


def test_the_idle_policy_fails_the_scenario_and_ends_when_nothing_is_left() -> None:
    _, env, outcome, result = run(_config("idle"))
    assert result.success is False
    assert outcome.end_reason == "quiescent"
    assert not [
        e
        for e in env.event_log.list_view()
        if e.function_name() in ("send_message_to_user", "add_reminder")
    ]


def untimed(transcript: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A transcript without the calls' wall-clock latencies (the one part that may differ)."""
    return [
        {**entry, "calls": [{k: v for k, v in c.items() if k != "latency"} for c in entry["calls"]]}
        for entry in transcript
    ]


def test_the_same_answers_give_the_same_run() -> None:
    _, env_a, outcome_a, _ = run(_config("reference"))
    _, env_b, outcome_b, _ = run(_config("reference"))
    assert log_of(env_a) == log_of(env_b)
    assert untimed(outcome_a.transcript) == untimed(outcome_b.transcript)


def _refuse(what: str) -> Any:
    def call(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the run called {what}")

    return call


def _run_with_wall_clock(
    monkeypatch: pytest.MonkeyPatch, leap: float, config: Any
) -> tuple[Any, Any]:
    """Run the loop with sleeps and blocking waits refused and a scripted wall clock.

    The wall clock reads ``leap`` seconds later at every read (ARE's agents read
    it once each, for a shuffle seed they do not use here).
    """
    from pytest_pare.runner.two_agent import run_two_agent

    scenario, env = _start()
    reads = itertools.count()
    monkeypatch.setattr(time, "time", lambda: START + leap * next(reads))
    monkeypatch.setattr(time, "monotonic", lambda: leap * next(reads))
    monkeypatch.setattr(time, "sleep", _refuse("time.sleep"))
    monkeypatch.setattr(threading.Event, "wait", _refuse("threading.Event.wait"))
    monkeypatch.setattr(threading.Condition, "wait", _refuse("threading.Condition.wait"))
    try:
        outcome = run_two_agent(scenario, env, config)
        env.stop()
    finally:
        monkeypatch.undo()
    return env, outcome


def test_a_run_never_sleeps_and_its_clock_moves_by_events_and_generation_time_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env, outcome = _run_with_wall_clock(
        monkeypatch, 0.0, _config("idle", max_turns=3, simulated_generation_time=7.0)
    )
    # Round 1: user and observer calls cost 7 s each (t=14); idle, so the clock jumps
    # to the dentist's text at +30 s. Round 2: two more calls (t=44); nothing is left.
    assert outcome.model_calls == {"user": 2, "observe": 2, "execute": 0}
    assert outcome.end_reason == "quiescent"
    assert env.current_time == START + 30 + 2 * 7.0


def test_measured_generation_time_advances_the_clock_by_each_calls_duration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pytest_pare.agents._react as react

    reads = itertools.count()
    # Each model call reads the timer twice (before and after): every call takes 2.5 s.
    monkeypatch.setattr(react, "_wall_seconds", lambda: 2.5 * next(reads))
    config = _config(
        "idle",
        max_turns=3,
        simulated_generation_time=7.0,
        simulated_generation_time_mode="measured",
    )
    env, outcome = _run_with_wall_clock(monkeypatch, 0.0, config)
    # As the fixed-mode test above, with 2.5 s per call instead of the fixed 7 s.
    assert outcome.model_calls == {"user": 2, "observe": 2, "execute": 0}
    assert env.current_time == START + 30 + 2 * 2.5


def test_the_wall_clock_does_not_change_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen_env, frozen = _run_with_wall_clock(monkeypatch, 0.0, _config("reference"))
    leaping_env, leaping = _run_with_wall_clock(monkeypatch, 3600.0, _config("reference"))
    assert leaping_env.current_time == frozen_env.current_time
    assert log_of(leaping_env) == log_of(frozen_env)
    assert untimed(leaping.transcript) == untimed(frozen.transcript)


def test_the_run_path_never_reads_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """ARE's and our code read no wall clock once the agents exist (logging may, it is not ours)."""
    import sys

    from pytest_pare.runner.two_agent import TwoAgentScenarioRunner

    scenario, env = _start()
    runner = TwoAgentScenarioRunner(scenario, env, _config("reference"))
    readers: list[str] = []
    wall = time.time

    def spy() -> float:
        caller = str(sys._getframe(1).f_globals.get("__name__", ""))
        if caller.startswith(("are.", "pytest_pare")):
            readers.append(caller)
        return wall()

    monkeypatch.setattr(time, "time", spy)
    try:
        outcome = runner.run()
    finally:
        monkeypatch.undo()
    env.stop()
    assert readers == []
    assert outcome.model_calls["execute"] > 0 and scenario.validate(env).success


def test_each_agent_shuffle_seed_derives_from_the_run_seed_and_its_role() -> None:
    from pytest_pare._util.seeding import stable_seed
    from pytest_pare.runner.two_agent import TwoAgentScenarioRunner

    def seeds(run_seed: int) -> dict[str, object]:
        scenario, env = _start()
        scenario.seed = run_seed
        runner = TwoAgentScenarioRunner(scenario, env, _config("idle"))
        env.stop()
        roles = (runner.user.role, runner.assistant.observer, runner.assistant.executor)
        return {role.name: role.agent.shuffle_seed for role in roles}

    assert seeds(7) == seeds(7) == {r: stable_seed(7, r) for r in ("user", "observe", "execute")}
    assert seeds(7) != seeds(8)


def _hand_scripted(user: list[str], observe: list[str], execute: list[str]) -> dict[str, Any]:
    return {
        "user": SequenceEngine(user),
        "observe": SequenceEngine(observe),
        "execute": SequenceEngine(execute),
    }


PASS = format_action("Nothing.", "pass_turn")
WAIT = format_action("Watch.", "PAREAgentUserInterface__wait")
PROPOSE = format_action(
    "Offer.", "PAREAgentUserInterface__send_message_to_user", {"content": "Add a dentist reminder?"}
)


def test_metrics_match_hand_counts_over_all_three_agents() -> None:
    from pytest_pare.runner.metrics import compute_metrics

    engines = _hand_scripted(
        user=[
            format_action("Check texts.", "System__open_app", {"app_name": "Messages"}),
            format_action(
                "Read it.", "Messages__open_conversation", {"conversation_id": "conv-dentist"}
            ),
            format_action("Yes.", "PAREAgentUserInterface__accept_proposal", {"content": "ok"}),
            PASS,
        ],
        observe=[format_action("Look.", "Reminders__get_all_reminders"), PROPOSE, WAIT],
        execute=[
            format_action("Check.", "Messages__list_recent_conversations"),
            format_action(
                "Do.",
                "Reminders__add_reminder",
                {
                    "title": "Dentist",
                    "due_datetime": "2026-05-13 09:00:00",
                    "description": "cleaning",
                },
            ),
            WAIT,
        ],
    )
    _, env, outcome, result = run(_config(max_turns=4), engines)
    metrics = compute_metrics(env.event_log.list_view())
    # turn 1: user opens Messages (read); observer reads reminders (read), proposes.
    # turn 2: user opens the dentist's conversation (read); the assistant awaits the answer.
    # turn 3: user accepts (the proposal channel: an acceptance, not an action);
    #         executor reads conversations (read), adds the reminder (write), waits.
    # round 4 on: user passes, observer waits: idle rounds (no turn used; each jumps
    #         the clock to the next scheduled thing) until nothing is left.
    assert (metrics.proposal_count, metrics.acceptance_count) == (1, 1)
    assert (metrics.read_only_actions, metrics.write_actions) == (2 + 2, 1)
    assert outcome.number_of_turns == 3
    assert [e["turn"] for e in outcome.transcript[:5]] == [1, 1, 2, 3, 3]
    assert {e["turn"] for e in outcome.transcript[5:]} == {None}
    # Events carry the round they happened in; the log's largest is the last round.
    assert metrics.number_of_turns == outcome.rounds > 4
    assert outcome.end_reason == "quiescent"
    assert result.success


def test_a_model_client_drawing_uuids_does_not_shift_the_runs_seeded_ids() -> None:
    """litellm draws uuid4s per request; a replay draws none: both must log the same ids."""
    import uuid

    from pytest_pare.runner.determinism import pinned
    from pytest_pare.runner.two_agent import run_two_agent

    class DrawingIds(SequenceEngine):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            uuid.uuid4(), uuid.uuid4()
            return super().__call__(*args, **kwargs)

    def event_ids(engine_class: type[SequenceEngine]) -> list[str]:
        engines = {
            "user": engine_class([PASS]),
            "observe": engine_class([format_action("Look.", "Reminders__get_all_reminders"), WAIT]),
            "execute": engine_class([WAIT]),
        }
        with pinned(5, lambda: START):
            scenario, env = _start()
            run_two_agent(scenario, env, _config(max_turns=3), engines=engines)
            env.stop()
        return [e.event_id for e in env.event_log.list_view()]

    plain = event_ids(SequenceEngine)
    assert len(plain) > 3 and event_ids(DrawingIds) == plain


def test_a_rejection_reason_reaches_the_observer_and_it_observes_again() -> None:
    engines = _hand_scripted(
        user=[
            PASS,
            format_action(
                "No.", "PAREAgentUserInterface__reject_proposal", {"content": "I already have one"}
            ),
            PASS,
        ],
        observe=[PROPOSE, WAIT],
        execute=[WAIT],
    )
    _, _, outcome, result = run(_config(max_turns=3), engines)
    observe_prompts = engines["observe"].calls
    assert "Reason: I already have one" in observe_prompts[1][-1]["content"]
    assert engines["execute"].calls == []
    assert result.success is False
    assert [e["agent"] for e in outcome.transcript].count("execute") == 0


def test_the_user_sees_proposals_and_only_the_current_screen_tools() -> None:
    engines = _hand_scripted(user=[PASS], observe=[PROPOSE, WAIT], execute=[WAIT])
    run(_config(max_turns=2), engines)
    first, second = engines["user"].calls[:2]
    assert "Proactive assistant messages:" in second[-1]["content"]
    assert "Add a dentist reminder?" in second[-1]["content"]
    system = first[0]["content"]
    assert "You are John" in system
    assert "accept_proposal" in system and "pass_turn" in system
    assert "Reminders__add_reminder" not in system  # an API tool, not a screen action


def test_observe_mode_holds_only_read_only_tools_wait_and_send_message() -> None:
    add = format_action(
        "Just do it.",
        "Reminders__add_reminder",
        {"title": "Dentist", "due_datetime": "2026-05-13 09:00:00", "description": ""},
    )
    engines = _hand_scripted(user=[PASS], observe=[add, WAIT], execute=[WAIT])
    _, env, _, _ = run(_config(max_turns=2), engines)
    listed = engines["observe"].calls[0][0]["content"]
    for tool in (
        "Reminders__get_all_reminders",
        "PAREAgentUserInterface__wait",
        "PAREAgentUserInterface__send_message_to_user",
    ):
        assert tool in listed
    for tool in ("Reminders__add_reminder", "Messages__send_message", "accept_proposal"):
        assert tool not in listed
    # Asking for a write in observe mode changes nothing.
    assert not [e for e in env.event_log.list_view() if e.function_name() == "add_reminder"]

    from pytest_pare.agents.proactive import ProactiveAgent

    scenario, env = _start()
    agent = ProactiveAgent(PASS, PASS, env, scenario)
    env.stop()
    writes = {t.name for t in agent.observe_tools if t.app_tool.write_operation}
    assert writes == {"PAREAgentUserInterface__send_message_to_user"}
    assert "Reminders__add_reminder" in {t.name for t in agent.all_tools}


def test_the_users_tools_follow_the_screen_it_is_on() -> None:
    import re

    open_messages = format_action("Texts.", "System__open_app", {"app_name": "Messages"})
    engines = _hand_scripted(user=[open_messages, PASS], observe=[WAIT], execute=[WAIT])
    run(_config(max_turns=2), engines)

    def tools_listed(call: list[dict[str, Any]]) -> set[str]:
        return set(
            re.findall(
                r"\b(?:System|Messages|Reminders|PAREAgentUserInterface)__\w+", call[0]["content"]
            )
        )

    home, messages = (tools_listed(call) for call in engines["user"].calls[:2])
    answers = {"PAREAgentUserInterface__accept_proposal", "PAREAgentUserInterface__reject_proposal"}
    assert answers <= home and answers <= messages
    assert "System__open_app" in home and not {t for t in home if t.startswith("Messages__")}
    assert {t for t in messages if t.startswith("Messages__")}
    assert not {t for t in home | messages if t.startswith("Reminders__")}
    # Of the assistant's channel the user holds only the two answers.
    assert {t for t in home | messages if t.startswith("PAREAgentUserInterface__")} == answers


def test_an_awaiting_assistant_makes_no_model_call_until_the_user_answers() -> None:
    engines = _hand_scripted(user=[PASS], observe=[PROPOSE, WAIT], execute=[WAIT])
    _, _, outcome, _ = run(_config(max_turns=4), engines)
    assert len(engines["observe"].calls) == 1
    assert outcome.end_reason == "quiescent"


def test_a_fatal_engine_error_propagates_out_of_the_run() -> None:
    def denied(*args: Any, **kwargs: Any) -> Any:
        raise CredentialsError("authentication failed for model 'x'")

    engines = {"user": SequenceEngine([PASS]), "observe": denied, "execute": denied}
    with pytest.raises(CredentialsError, match="authentication failed"):
        run(_config(), engines)


def test_the_turn_ends_on_exact_tool_names_only() -> None:
    from are.simulation.agents.agent_log import TaskLog, ToolCallLog

    from pytest_pare.agents._react import _ending_tool_called

    def condition(agent: Any) -> bool:
        return _ending_tool_called(agent, frozenset({"PAREAgentUserInterface__wait"}))

    def agent_with(tool: str) -> Any:
        logs = [
            TaskLog(content="t", timestamp=0, agent_id="a"),
            ToolCallLog(tool_name=tool, tool_arguments={}, timestamp=0, agent_id="a"),
        ]
        return SimpleNamespace(logs=logs, iterations=1, max_iterations=5, custom_state={})

    assert condition(agent_with("PAREAgentUserInterface__wait"))
    assert not condition(agent_with("System__wait_for_notification"))
    assert not condition(agent_with("PAREAgentUserInterface__wait_more"))


def test_agent_logs_never_reach_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    run(_config("reference"))
    assert capfd.readouterr().out == ""


def test_waiting_for_a_notification_ends_the_turn_and_lets_the_runner_move_the_clock() -> None:
    wait_notify = format_action("Wait.", "System__wait_for_notification", {"timeout": 600})
    engines = _hand_scripted(user=[PASS], observe=[wait_notify], execute=[WAIT])
    _, env, outcome, _ = run(_config(max_turns=3), engines)
    assert [e["tool_calls"] for e in outcome.transcript if e["agent"] == "observe"] == [
        ["System__wait_for_notification"]
    ] * len(engines["observe"].calls)
    # Each idle round jumps to the next stop: the dentist's message at +30 s, then the
    # 600 s wait timeout.
    assert env.current_time - START >= 600


class TwoProposalsScenario(DentistTextScenario):
    """The assistant first adds the reminder, then proposes to confirm with the dentist."""

    scenario_id = "agents_two_proposals"

    def build_events_flow(self) -> None:
        super().build_events_flow()
        aui = self.get_typed_app(PAREAgentUserInterface)
        messaging = self.get_typed_app(StatefulMessagingApp, "Messages")
        remind = self.events[-1]
        with EventRegisterer.capture_mode():
            second = aui.send_message_to_user(content="Shall I confirm with the dentist?").oracle()
            second.depends_on(remind, delay_seconds=1)
            accept = aui.accept_proposal(content="Yes").oracle().depends_on(second)
            confirm = (
                messaging.send_message(
                    user_id=self.dentist_id, content="Confirmed for Wednesday, thanks!"
                )
                .oracle()
                .depends_on(accept)
            )
        self.events += [second, accept, confirm]

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        return check_actions(
            env,
            expect("a dentist reminder", "StatefulReminderApp", "add_reminder"),
            expect("a confirmation", "StatefulMessagingApp", "send_message"),
        )


def test_the_reference_policy_makes_each_oracle_proposal_from_observe_mode() -> None:
    from are.simulation.environment import EnvironmentConfig

    from pytest_pare.environment import StateAwareEnvironmentWrapper
    from pytest_pare.runner.metrics import compute_metrics
    from pytest_pare.runner.two_agent import run_two_agent

    scenario = TwoProposalsScenario()
    scenario.initialize()
    env = StateAwareEnvironmentWrapper(EnvironmentConfig(oracle_mode=False, start_time=START))
    env.run(scenario, wait_for_end=False)
    run_two_agent(scenario, env, _config("reference"))
    env.stop()
    result = scenario.validate(env)
    assert result.success, result.rationale
    metrics = compute_metrics(env.event_log.list_view())
    assert (metrics.proposal_count, metrics.acceptance_count) == (2, 2)
