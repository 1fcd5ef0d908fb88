"""The real-provider engine, through litellm, against a local OpenAI-compatible server."""

from __future__ import annotations

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
