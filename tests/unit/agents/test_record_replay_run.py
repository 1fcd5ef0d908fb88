"""Record a two-agent session, replay it offline; and a run through litellm and a local server."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.agents.errors import CredentialsError, ReplayMissError
from pytest_pare.agents.models import resolve_model
from pytest_pare.agents.recording import CallStore, canonical_request, request_key
from pytest_pare.testing import CompletionServer, Reply, format_action

_spec = importlib.util.spec_from_file_location(
    "_two_agent_cases", Path(__file__).with_name("test_two_agent_run.py")
)
assert _spec is not None and _spec.loader is not None
# The scenario and run helpers live in the sibling test module (importlib mode has no
# package imports between test files); it must sit in sys.modules for ARE's dataclass.
cases = sys.modules.get("_two_agent_cases") or importlib.util.module_from_spec(_spec)
if "_two_agent_cases" not in sys.modules:
    sys.modules["_two_agent_cases"] = cases
    _spec.loader.exec_module(cases)


def test_recording_then_replaying_gives_the_same_result_and_event_log(tmp_path: Path) -> None:
    store = tmp_path / "calls"
    _, env_rec, out_rec, res_rec = cases.run(cases._config("reference", record_dir=str(store)))
    files = sorted(store.rglob("*.json"))
    assert len(files) == sum(out_rec.model_calls.values())
    _, env_rep, out_rep, res_rep = cases.run(cases._config("reference", replay_dir=str(store)))
    assert res_rep.success == res_rec.success is True
    assert cases.log_of(env_rep) == cases.log_of(env_rec)
    assert cases.untimed(out_rep.transcript) == cases.untimed(out_rec.transcript)


def test_a_replay_miss_names_the_model_role_hash_and_request(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReplayMissError) as info:
        cases.run(cases._config("reference", replay_dir=str(tmp_path / "empty")))
    message = str(info.value)
    assert "user model 'reference' (scripted)" in message
    assert "request hash " in message and "Current screen" in message


def test_the_store_is_written_atomically_as_json(tmp_path: Path) -> None:
    model = resolve_model("gpt-5")
    request = canonical_request(model, "observe", [{"role": "user", "content": "hi"}], ["<e>"])
    key = request_key(request)
    CallStore(tmp_path).put(key, request, "Thought: ok", {"total_tokens": 3})
    record = json.loads((tmp_path / key[:2] / f"{key}.json").read_text())
    assert record["response"] == "Thought: ok" and record["request"] == request
    assert not list(tmp_path.rglob("*.tmp"))


def _server_script(final_accept: bool) -> Any:
    """A model behind HTTP playing all three roles, by reading the system prompt."""

    def reply(body: dict[str, Any]) -> Reply | str:
        system = body["messages"][0]["content"]
        last = body["messages"][-1]["content"]
        if "role-playing a person" in system:
            if "Proactive assistant messages:" in last:
                if not final_accept:
                    return Reply.error(401, "invalid api key")
                return format_action("Sure.", "PAREAgentUserInterface__accept_proposal")
            return format_action("Nothing.", "pass_turn")
        if "accepted your proposal" in system:
            if "Observation" in last:
                return format_action("Done.", "PAREAgentUserInterface__wait")
            return format_action(
                "Add it.",
                "Reminders__add_reminder",
                {
                    "title": "Dentist cleaning",
                    "due_datetime": "2026-05-13 09:00:00",
                    "description": "10 AM",
                },
            )
        if "cleaning" in last:
            return format_action(
                "Offer.",
                "PAREAgentUserInterface__send_message_to_user",
                {"content": "Add a dentist reminder?"},
            )
        return format_action("Watch.", "PAREAgentUserInterface__wait")

    return reply


def _endpoint_config(url: str) -> Any:
    return cases._config(
        "remote-model", user_endpoint=url, observe_endpoint=url, execute_endpoint=url
    )


def test_a_scenario_runs_through_litellm_against_an_openai_compatible_server() -> None:
    pytest.importorskip("litellm")
    with CompletionServer(_server_script(final_accept=True)) as server:
        _, _, outcome, result = cases.run(_endpoint_config(server.url))
    assert result.success, result.rationale
    assert outcome.models["observe"] == "remote-model"
    assert all(r["model"] == "remote-model" for r in server.requests)


def test_an_authentication_failure_mid_run_is_one_fatal_error() -> None:
    pytest.importorskip("litellm")
    with CompletionServer(_server_script(final_accept=False)) as server:
        with pytest.raises(CredentialsError, match="authentication failed"):
            cases.run(_endpoint_config(server.url))
        rejected = [
            r
            for r in server.requests
            if "Proactive assistant messages:" in r["messages"][-1]["content"]
        ]
    assert len(rejected) == 1  # not retried, not repeated by the agent loop


def test_rate_limits_and_server_errors_mid_run_are_retried_and_the_run_succeeds() -> None:
    pytest.importorskip("litellm")
    from pytest_pare.agents.engines import EngineContext, build_engine
    from pytest_pare.agents.retry import RetryPolicy

    play = _server_script(final_accept=True)
    count = {"n": 0}

    def flaky(body: dict[str, Any]) -> Reply | str:
        count["n"] += 1
        if count["n"] == 1:
            return Reply.error(429, "rate limited")
        if count["n"] == 4:
            return Reply.error(500, "internal error")
        return play(body)

    delays: list[float] = []
    policy = RetryPolicy(max_attempts=3, base_delay=0.5, sleep=delays.append)
    with CompletionServer(flaky) as server:
        config = _endpoint_config(server.url)
        engines = {
            role: build_engine(role, config, EngineContext(scenario=None), retry=policy)
            for role in ("user", "observe", "execute")
        }
        _, _, outcome, result = cases.run(config, engines)
    assert result.success, result.rationale
    assert delays == [0.5, 0.5]
    assert len(server.requests) == sum(outcome.model_calls.values()) + 2


def test_runs_that_send_the_same_prompts_are_recorded_and_replayed_apart(tmp_path: Path) -> None:
    """Run 1 and run 2 of a scenario open with identical prompts; a real model may differ."""
    from pytest_pare.agents.recording import RecordingEngine, ReplayEngine
    from pytest_pare.testing import SequenceEngine

    store, model = CallStore(tmp_path), resolve_model("gpt-5")
    prompt = [{"role": "user", "content": "Nothing new since your last turn."}]
    runs = [{"scenario": "s", "run_number": n} for n in (1, 2, 3)]
    RecordingEngine(SequenceEngine(["first"]), store, model, "observe", runs[0])(prompt)
    RecordingEngine(SequenceEngine(["second"]), store, model, "observe", runs[1])(prompt)
    assert ReplayEngine(store, model, "observe", runs[0])(prompt)[0] == "first"
    assert ReplayEngine(store, model, "observe", runs[1])(prompt)[0] == "second"
    with pytest.raises(ReplayMissError, match="in s run 3, request hash"):
        ReplayEngine(store, model, "observe", runs[2])(prompt)


def test_a_runs_identity_covers_scenario_run_seed_and_noise() -> None:
    from types import SimpleNamespace

    from are.simulation.types import ToolAugmentationConfig

    from pytest_pare.agents.engines import EngineContext

    def identity(run: int = 1, seed: int = 11, tfp: float = 0.0) -> dict[str, Any]:
        tools = ToolAugmentationConfig(tool_failure_probability=tfp) if tfp else None
        scenario = SimpleNamespace(scenario_id="s", seed=seed, tool_augmentation_config=tools)
        return EngineContext(scenario=scenario, run_number=run).run_identity()

    assert identity() == identity()
    for other in (identity(run=2), identity(seed=12), identity(tfp=0.1)):
        assert other != identity()


def test_a_failed_call_is_recorded_and_its_replay_fails_alike(tmp_path: Path) -> None:
    pytest.importorskip("litellm")
    from pytest_pare.agents.errors import ContextOverflow

    play = _server_script(final_accept=True)
    too_long = (
        "This model's maximum context length is 2048 tokens. However, you requested 4000 "
        "tokens. Please reduce the length of the messages or completion."
    )

    def observer_overflows(body: dict[str, Any]) -> Reply | str:
        if "You observe" in body["messages"][0]["content"]:
            return Reply.error(400, too_long)
        return play(body)

    store = str(tmp_path / "calls")
    with CompletionServer(observer_overflows) as server:
        config = _endpoint_config(server.url)
        config.record_dir = store
        with pytest.raises(ContextOverflow) as recorded:
            cases.run(config)
        sent = len(server.requests)
        replay = _endpoint_config(server.url)
        replay.replay_dir = store
        with pytest.raises(ContextOverflow) as replayed:
            cases.run(replay)
        assert len(server.requests) == sent  # the replay sent nothing
    assert str(replayed.value) == str(recorded.value)
    assert replayed.value.category == "agent"


def test_a_run_that_hit_its_deadline_replays_to_the_same_end(tmp_path: Path) -> None:
    from pytest_pare.agents.recording import RecordingEngine, ReplayEngine
    from pytest_pare.runner.timeout import RunTimeout
    from pytest_pare.runner.two_agent import run_two_agent
    from pytest_pare.testing import SequenceEngine

    class Countdown:
        def __init__(self, calls: int) -> None:
            self.left = calls

        def check(self, where: str = "") -> None:
            self.left -= 1
            if self.left < 0:
                raise RunTimeout(f"the run timed out {where}")

        def remaining(self) -> float:
            return 1.0

        def error(self, where: str = "") -> BaseException:
            return RunTimeout(where)

    store, model = CallStore(tmp_path), resolve_model("gpt-5")
    answers = {
        "user": [cases.PASS],
        "observe": [format_action("Look.", "Reminders__get_all_reminders")],
    }
    answers["execute"] = [cases.WAIT]
    scenario, env = cases._start()
    recording = {
        role: RecordingEngine(SequenceEngine(answers[role]), store, model, role)
        for role in ("user", "observe", "execute")
    }
    with pytest.raises(RunTimeout) as recorded:
        run_two_agent(scenario, env, cases._config(), engines=recording, deadline=Countdown(5))
    env.stop()
    scenario, env = cases._start()
    replaying = {role: ReplayEngine(store, model, role) for role in ("user", "observe", "execute")}
    with pytest.raises(RunTimeout) as replayed:
        run_two_agent(scenario, env, cases._config(), engines=replaying)
    env.stop()
    assert str(replayed.value) == str(recorded.value)


def test_a_recorded_failure_of_a_class_not_ours_replays_as_a_recorded_call_error() -> None:
    from pytest_pare.agents.recording import RecordedCallError, recorded_error

    rebuilt = recorded_error({"module": "somewhere.else", "type": "Boom", "message": "bang"})
    assert isinstance(rebuilt, RecordedCallError) and str(rebuilt) == "Boom: bang"
    ours = recorded_error(
        {"module": "pytest_pare.agents.errors", "type": "ContextOverflow", "message": "too long"}
    )
    assert type(ours).__name__ == "ContextOverflow" and ours.category == "agent"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x80\x81", "not text"),
        (b'{"format": "pytest-pare-calls", "resp', "not valid JSON"),
        (b'{"some": "other json"}', "not a recorded model call"),
    ],
    ids=["random-bytes", "truncated", "foreign"],
)
def test_a_damaged_recording_is_a_replay_error_naming_the_file_and_the_fix(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    from pytest_pare.agents.errors import ReplayMissError

    store = CallStore(tmp_path)
    store.path_for("ab12").parent.mkdir(parents=True)
    store.path_for("ab12").write_bytes(content)
    with pytest.raises(ReplayMissError, match=problem) as caught:
        store.get("ab12")
    assert str(store.path_for("ab12")) in str(caught.value)
    assert "re-record with --pare-record" in str(caught.value)
