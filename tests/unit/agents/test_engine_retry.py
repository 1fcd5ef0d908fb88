"""Retry classification and backoff, without a network or litellm."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from pytest_pare.agents.engines import EngineContext, build_engine
from pytest_pare.agents.errors import (
    CredentialsError,
    EndpointUnavailable,
    EngineError,
    PareFatalEngineError,
)
from pytest_pare.agents.retry import RetryPolicy, call_with_retries


class APIError(Exception):
    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


def _failing(*errors: Exception) -> Any:
    queue = list(errors)

    def call(timeout: float | None) -> str:
        if queue:
            raise queue.pop(0)
        return "ok"

    return call


def _call(call: Any, delays: list[float], attempts: int = 5) -> Any:
    policy = RetryPolicy(max_attempts=attempts, base_delay=1.0, max_delay=4.0, sleep=delays.append)
    return call_with_retries(call, policy, model="m", provider="openai", endpoint=None)


def test_backoff_doubles_and_is_capped() -> None:
    delays: list[float] = []
    assert _call(_failing(*[APIError("busy", 503)] * 4), delays) == "ok"
    assert delays == [1.0, 2.0, 4.0, 4.0]


def test_a_client_side_missing_key_is_a_fatal_credentials_error() -> None:
    delays: list[float] = []
    error = APIError("OpenAIException - Missing credentials. Please pass an `api_key`", 500)
    with pytest.raises(CredentialsError, match="no API key"):
        _call(_failing(error), delays)
    assert delays == []


def test_an_unreachable_server_gives_up_after_three_attempts() -> None:
    delays: list[float] = []
    with pytest.raises(EndpointUnavailable, match="cannot reach"):
        _call(_failing(*[APIError("Connection error.", 500)] * 9), delays)
    assert delays == [1.0, 2.0]


def test_a_bad_request_is_this_runs_error_not_retried() -> None:
    delays: list[float] = []
    with pytest.raises(EngineError, match="failed") as info:
        _call(_failing(APIError("bad request", 400)), delays)
    assert not isinstance(info.value, PareFatalEngineError) and delays == []


def test_building_a_real_engine_without_its_key_fails_before_any_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    config = SimpleNamespace(
        observe_model="claude-sonnet-4",
        observe_provider=None,
        observe_endpoint=None,
        record_dir=None,
        replay_dir=None,
    )
    with pytest.raises(CredentialsError, match="ANTHROPIC_API_KEY"):
        build_engine("observe", config, EngineContext(scenario=None))
