"""The real-provider engine, through litellm, against a local OpenAI-compatible server."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_pare.agents.errors import (
    CredentialsError,
    EndpointUnavailable,
    PareFatalEngineError,
    RetriesExhausted,
)
from pytest_pare.agents.models import resolve_model
from pytest_pare.agents.retry import RetryPolicy
from pytest_pare.testing import CompletionServer, Reply, format_action

pytest.importorskip("litellm")

from pytest_pare.agents._litellm import LiteLLMChatEngine  # noqa: E402

MESSAGES = [{"role": "system", "content": "You are a test."}, {"role": "user", "content": "Go"}]


def _engine(url: str, delays: list[float]) -> LiteLLMChatEngine:
    policy = RetryPolicy(max_attempts=3, base_delay=1.0, sleep=delays.append)
    return LiteLLMChatEngine(
        resolve_model("scripted-model", endpoint=url), retry=policy, timeout=5, environ={}
    )


def test_a_completion_comes_back_as_text_cut_at_the_stop_sequence() -> None:
    answer = format_action("Look.", "Emails__list_emails", {"offset": 0})
    with CompletionServer([answer]) as server:
        text, metadata = _engine(server.url, [])(MESSAGES, stop_sequences=["<end_action>"])
    assert text == answer.split("<end_action>")[0]
    seen = server.usage[0]
    assert metadata is not None
    assert metadata["total_tokens"] == seen.prompt_tokens + seen.completion_tokens
    assert server.requests[0]["messages"][1] == {"role": "user", "content": "Go"}


def test_the_answer_parses_into_the_tool_call_a_model_would_make() -> None:
    from are.simulation.agents.default_agent.tools.json_action_executor import JsonActionExecutor

    answer = format_action(
        "Reply.", "Emails__reply_to_email", {"email_id": "e1", "content": 'He said "yes" & left'}
    )
    with CompletionServer([answer]) as server:
        text, _ = _engine(server.url, [])(MESSAGES, stop_sequences=["<end_action>"])
    executor = JsonActionExecutor(use_custom_logger=False)
    parsed = executor.parse_action(executor.extract_action(text, "Action:"))
    assert parsed.tool_name == "Emails__reply_to_email"
    assert parsed.arguments == {"email_id": "e1", "content": 'He said "yes" & left'}


def test_a_rate_limit_is_retried_after_a_backoff() -> None:
    with CompletionServer([Reply.error(429, "slow down"), "Thought: ok"]) as server:
        delays: list[float] = []
        text, _ = _engine(server.url, delays)(MESSAGES)
    assert text == "Thought: ok"
    assert delays == [1.0]
    assert len(server.requests) == 2


def test_a_retry_after_header_is_honoured_within_the_cap() -> None:
    script = [Reply.error(429, "slow", {"Retry-After": "7"}), "Thought: ok"]
    with CompletionServer(script) as server:
        delays: list[float] = []
        _engine(server.url, delays)(MESSAGES)
    assert delays == [7.0]


def test_a_server_error_is_retried() -> None:
    with CompletionServer([Reply.error(500, "boom"), "Thought: fine"]) as server:
        delays: list[float] = []
        text, _ = _engine(server.url, delays)(MESSAGES)
    assert text == "Thought: fine"
    assert len(delays) == 1


def test_a_server_that_keeps_failing_exhausts_the_retries() -> None:
    with CompletionServer([Reply.error(503, "down")] * 5) as server:
        delays: list[float] = []
        with pytest.raises(RetriesExhausted, match="3 attempts"):
            _engine(server.url, delays)(MESSAGES)
    assert delays == [1.0, 2.0]


def test_an_authentication_failure_is_fatal_for_the_session_and_not_retried() -> None:
    with CompletionServer([Reply.error(401, "bad key")] * 3) as server:
        delays: list[float] = []
        with pytest.raises(CredentialsError, match="authentication failed") as info:
            _engine(server.url, delays)(MESSAGES)
    assert isinstance(info.value, PareFatalEngineError)
    assert delays == [] and len(server.requests) == 1


def test_an_endpoint_that_went_away_is_fatal() -> None:
    with CompletionServer([]) as server:
        url = server.url
    with pytest.raises(EndpointUnavailable, match="cannot reach"):
        _engine(url, [])(MESSAGES)


class _Deadline:
    """A run deadline ``seconds`` from now (the runner's Deadline, without its watchdog)."""

    def __init__(self, seconds: float) -> None:
        import time

        self.expires = time.monotonic() + seconds

    def remaining(self) -> float:
        import time

        return self.expires - time.monotonic()

    def error(self, where: str = "") -> BaseException:
        from pytest_pare.runner.timeout import RunTimeout

        return RunTimeout(f"run deadline passed while {where}")


def _bounded_engine(
    url: str, *, timeout: float | None = 5, deadline: Any = None, **generation: Any
) -> LiteLLMChatEngine:
    from pytest_pare.agents.generation import Generation

    policy = RetryPolicy(max_attempts=3, base_delay=1.0, sleep=lambda _: None)
    return LiteLLMChatEngine(
        resolve_model("scripted-model", endpoint=url),
        retry=policy,
        timeout=timeout,
        environ={},
        generation=Generation(**generation),
        deadline=deadline,
        role="observe",
    )


def test_the_request_carries_the_roles_generation_settings_and_ares_stop_sequences() -> None:
    with CompletionServer(["Thought: ok"]) as server:
        engine = _bounded_engine(server.url, max_tokens=256, temperature=0.2, seed=7)
        engine(MESSAGES, stop_sequences=["<end_action>", "Observation:"])
    sent = server.requests[0]
    assert sent["max_tokens"] == 256
    assert sent["temperature"] == 0.2
    assert sent["seed"] == 7
    assert sent["stop"] == ["<end_action>", "Observation:"]


def test_unset_generation_settings_are_left_to_the_server() -> None:
    with CompletionServer(["Thought: ok"]) as server:
        _bounded_engine(server.url)(MESSAGES)
    assert not {"max_tokens", "temperature", "seed", "stop"} & set(server.requests[0])


def test_a_runaway_answer_ends_at_max_tokens_on_the_server() -> None:
    with CompletionServer([Reply.runaway()]) as server:
        text, metadata = _bounded_engine(server.url, max_tokens=32)(MESSAGES)
    assert server.usage[0].completion_tokens == 32
    assert metadata is not None and metadata["finish_reason"] == "length"
    assert len(text) <= 32 * 4


def test_an_empty_answer_comes_back_as_empty_text_for_the_agent_to_judge() -> None:
    with CompletionServer([Reply.empty()]) as server:
        text, _ = _bounded_engine(server.url)(MESSAGES)
    assert text == ""


def test_a_call_that_outlasts_the_request_timeout_is_an_infra_error_and_not_retried() -> None:
    from pytest_pare.agents.errors import ModelCallTimeout

    with CompletionServer([Reply.hang(), "Thought: too late"]) as server:
        with pytest.raises(ModelCallTimeout, match="did not answer within") as info:
            _bounded_engine(server.url, timeout=0.5)(MESSAGES)
    assert info.value.category == "infra"
    assert len(server.requests) == 1


def test_a_call_is_cut_at_the_runs_deadline_and_reported_as_the_run_timing_out() -> None:
    from pytest_pare.runner.timeout import RunTimeout

    with CompletionServer([Reply.hang()]) as server:
        with pytest.raises(RunTimeout, match="waiting for the observe model"):
            _bounded_engine(server.url, timeout=60, deadline=_Deadline(2.0))(MESSAGES)
    assert len(server.requests) == 1


def test_no_call_starts_once_the_runs_deadline_passed() -> None:
    from pytest_pare.runner.timeout import RunTimeout

    with CompletionServer(["Thought: never asked"]) as server:
        with pytest.raises(RunTimeout):
            _bounded_engine(server.url, deadline=_Deadline(-1.0))(MESSAGES)
    assert server.requests == []


def test_a_backoff_that_would_pass_the_deadline_gives_up_instead_of_sleeping() -> None:
    script = [Reply.error(429, "slow", {"Retry-After": "30"}), "Thought: ok"]
    with CompletionServer(script) as server:
        with pytest.raises(RetriesExhausted, match="would pass the run's deadline"):
            _bounded_engine(server.url, deadline=_Deadline(10))(MESSAGES)
    assert len(server.requests) == 1


def test_a_context_window_refusal_is_the_models_failure_and_not_retried() -> None:
    from pytest_pare.agents.errors import ContextOverflow

    with CompletionServer(["never"] * 3, context_size=10) as server:
        with pytest.raises(ContextOverflow, match="does not fit its context window") as info:
            _bounded_engine(server.url)(MESSAGES)
    assert info.value.category == "agent"
    assert [u.status for u in server.usage] == [400]


def test_a_connection_dropped_mid_answer_is_retried_then_an_infra_error() -> None:
    with CompletionServer([Reply.drop()] * 3) as server:
        with pytest.raises(RetriesExhausted, match="RemoteProtocolError") as info:
            _bounded_engine(server.url)(MESSAGES)
    assert info.value.category == "infra"
    assert len(server.requests) == 3


def test_a_dropped_connection_then_an_answer_succeeds() -> None:
    with CompletionServer([Reply.drop(), "Thought: back"]) as server:
        text, _ = _bounded_engine(server.url)(MESSAGES)
    assert text == "Thought: back"


def test_a_refused_connection_is_logged_as_refused_not_as_http_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from pytest_pare.testing import unused_url

    with caplog.at_level("WARNING", logger="pytest_pare.agents.retry"):
        with pytest.raises(EndpointUnavailable, match="Connection refused"):
            _bounded_engine(unused_url())(MESSAGES)
    retries = [r.getMessage() for r in caplog.records]
    assert retries and all("ConnectionRefusedError" in m for m in retries)
    assert not any("500" in m for m in retries)


def test_an_answer_reports_its_cached_and_reasoning_tokens_and_its_retries() -> None:
    script = [Reply.error(429, "slow down"), Reply.text("Thought: ok", reasoning_tokens=9), "x"]
    with CompletionServer(script, prompt_cache=True) as server:
        engine = _engine(server.url, [])
        _, first = engine(MESSAGES)
        _, second = engine([*MESSAGES, {"role": "user", "content": "more"}])
    assert first is not None and second is not None
    assert (first["retries"], first["rate_limited"]) == (1, 1)
    assert first["reasoning_tokens"] == 9
    assert first["completion_tokens"] == server.usage[1].completion_tokens
    assert first["cached_tokens"] == 0  # nothing seen before
    assert second["cached_tokens"] == server.usage[2].cached_tokens > 0  # the same two messages
    assert (second["retries"], second["rate_limited"]) == (0, 0)


def test_a_call_that_used_up_its_retries_carries_its_attempts() -> None:
    from pytest_pare.agents.retry import stats_of

    with CompletionServer([Reply.error(429, "slow")] * 3) as server:
        with pytest.raises(RetriesExhausted) as caught:
            _engine(server.url, [])(MESSAGES)
    stats = stats_of(caught.value)
    assert stats is not None
    assert (stats.attempts, stats.retries, stats.rate_limited) == (3, 2, 3)
    assert len(server.requests) == 3


def test_retry_after_ms_wins_over_the_whole_seconds() -> None:
    script = [Reply.error(429, "slow", {"Retry-After": "2", "retry-after-ms": "1500"}), "ok"]
    delays: list[float] = []
    with CompletionServer(script) as server:
        _engine(server.url, delays)(MESSAGES)
    assert delays == [1.5]
