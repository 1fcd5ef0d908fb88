"""The misbehaving test server: each mode does what a real server in that state does."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest

from pytest_pare.agents.tokens import estimate_prompt_tokens, estimate_tokens
from pytest_pare.testing import CompletionServer, Reply, unused_url

MESSAGES = [{"role": "system", "content": "You are a test."}, {"role": "user", "content": "Go"}]


def _post(url: str, timeout: float | None = 10, **body: Any) -> tuple[int, dict[str, Any], Any]:
    data = json.dumps({"model": "m", "messages": MESSAGES, **body}).encode()
    request = urllib.request.Request(
        url + "/chat/completions", data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), exc.headers


def _content(payload: dict[str, Any]) -> str:
    return payload["choices"][0]["message"]["content"]


def test_an_answer_is_cut_before_the_first_stop_sequence_and_usage_is_counted() -> None:
    with CompletionServer(["Thought: ok\nAction: {}<end_action> trailing"]) as server:
        status, payload, _ = _post(server.url, stop=["<end_action>", "Observation:"])
    assert status == 200
    assert _content(payload) == "Thought: ok\nAction: {}"
    assert payload["choices"][0]["finish_reason"] == "stop"
    prompt = estimate_prompt_tokens(MESSAGES)
    assert payload["usage"]["prompt_tokens"] == prompt
    assert payload["usage"]["completion_tokens"] == estimate_tokens("Thought: ok\nAction: {}")
    assert server.prompt_tokens == prompt
    assert server.completion_tokens == payload["usage"]["completion_tokens"]


def test_an_answer_longer_than_max_tokens_is_cut_there() -> None:
    with CompletionServer(["word " * 100]) as server:
        _, payload, _ = _post(server.url, max_tokens=10)
    assert payload["choices"][0]["finish_reason"] == "length"
    assert payload["usage"]["completion_tokens"] == 10
    assert server.usage[0].finish_reason == "length"


def test_a_runaway_generates_until_max_tokens() -> None:
    with CompletionServer([Reply.runaway()]) as server:
        _, payload, _ = _post(server.url, max_tokens=64)
    assert payload["usage"]["completion_tokens"] == 64
    assert payload["choices"][0]["finish_reason"] == "length"


def test_a_runaway_without_max_tokens_fills_the_context_window() -> None:
    with CompletionServer([Reply.runaway()], context_size=500) as server:
        _, payload, _ = _post(server.url)
    prompt = estimate_prompt_tokens(MESSAGES)
    assert payload["usage"]["completion_tokens"] == 500 - prompt


def test_a_runaway_stops_at_a_stop_sequence_it_generates() -> None:
    with CompletionServer([Reply.runaway("abc Observation: ")]) as server:
        _, payload, _ = _post(server.url, max_tokens=100, stop=["Observation:"])
    assert _content(payload) == "abc "


def test_a_prompt_over_the_context_window_gets_the_servers_400() -> None:
    prompt = estimate_prompt_tokens(MESSAGES)
    with CompletionServer(["never sent"], context_size=prompt + 5) as server:
        status, payload, _ = _post(server.url, max_tokens=10)
        ok_status, _, _ = _post(server.url, max_tokens=5)
    assert status == 400
    assert "maximum context length is" in payload["error"]["message"]
    assert payload["error"]["code"] == "context_length_exceeded"
    assert ok_status == 200
    assert [u.status for u in server.usage] == [400, 200]


def test_a_rate_limit_carries_its_retry_after_header() -> None:
    with CompletionServer([Reply.error(429, "slow down", {"Retry-After": "2"})]) as server:
        status, payload, headers = _post(server.url)
    assert status == 429
    assert headers["Retry-After"] == "2"
    assert payload["error"]["message"] == "slow down"


def test_an_empty_answer_is_a_200_with_empty_content() -> None:
    with CompletionServer([Reply.empty()]) as server:
        status, payload, _ = _post(server.url)
    assert (status, _content(payload)) == (200, "")


def test_a_hanging_request_times_out_on_the_client_and_the_server_lets_go() -> None:
    with CompletionServer([Reply.hang()]) as server:
        with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
            _post(server.url, timeout=0.5)
    assert len(server.requests) == 1


def test_a_hanging_request_ends_when_the_server_stops() -> None:
    outcome: list[BaseException | None] = []
    server = CompletionServer([Reply.hang()])
    server.start()

    def call() -> None:
        try:
            _post(server.url, timeout=None)
        except BaseException as exc:  # noqa: BLE001 - any end of the call is the point
            outcome.append(exc)
        else:
            outcome.append(None)

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    assert server.waiting.wait(30), "the request never reached the server"
    server.stop()
    caller.join(30)
    assert not caller.is_alive(), "the hanging request outlived the server"
    assert outcome and isinstance(outcome[0], Exception)


def test_a_late_answer_arrives_once_its_delay_passed() -> None:
    with CompletionServer([Reply.delayed(0.2, "Thought: late")]) as server:
        status, payload, _ = _post(server.url)
    assert (status, _content(payload)) == (200, "Thought: late")


def test_a_dropped_connection_leaves_the_client_half_a_body() -> None:
    with CompletionServer([Reply.drop()]) as server:
        with pytest.raises((http.client.IncompleteRead, ConnectionError, json.JSONDecodeError)):
            _post(server.url)


def test_nothing_listens_on_an_unused_url() -> None:
    with pytest.raises(urllib.error.URLError) as info:
        _post(unused_url())
    assert isinstance(info.value.reason, ConnectionRefusedError)


def test_the_model_listing_can_be_made_to_hang() -> None:
    with CompletionServer([], models_reply=Reply.hang()) as server:
        with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
            urllib.request.urlopen(server.url + "/models", timeout=0.5)


def test_a_prompt_cache_reports_the_leading_messages_seen_before() -> None:
    with CompletionServer(["a", "b", "c"], prompt_cache=True) as server:
        _, first, _ = _post(server.url)
        _, again, _ = _post(server.url)
        _, other, _ = _post(server.url, messages=[{"role": "system", "content": "Other."}])
    assert first["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
    assert again["usage"]["prompt_tokens_details"]["cached_tokens"] == estimate_prompt_tokens(
        MESSAGES
    )
    assert other["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
    assert server.cached_tokens == estimate_prompt_tokens(MESSAGES)


def test_reasoning_tokens_count_in_the_completion_and_are_reported_apart() -> None:
    with CompletionServer([Reply.text("Thought: fine", reasoning_tokens=40)]) as server:
        _, payload, _ = _post(server.url)
    usage = payload["usage"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] == 40
    assert usage["completion_tokens"] == estimate_tokens("Thought: fine") + 40
    assert server.reasoning_tokens == 40
    assert server.completion_tokens == usage["completion_tokens"]


def test_a_request_over_the_servers_rpm_gets_a_429_with_retry_after() -> None:
    # One request a minute: the second, sent at once, cannot fit however slow the machine.
    with CompletionServer(["first", "never"], rpm=1) as server:
        first, _, _ = _post(server.url)
        status, payload, headers = _post(server.url)
    assert (first, status) == (200, 429)
    assert payload["error"]["code"] == "rate_limit_exceeded"
    assert 1 <= int(headers["Retry-After"]) <= 60
    assert 0 < int(headers["retry-after-ms"]) <= 60_000
    assert [u.status for u in server.usage] == [200, 429]
    assert len(server.rate_limited()) == 1 and len(server.answered()) == 1
    assert len(server.requests) == 1  # a refused request never reached the script


def test_a_request_over_the_servers_tpm_gets_a_429() -> None:
    prompt = estimate_prompt_tokens(MESSAGES)
    # The window holds one prompt and its answer, no more, for a minute.
    with CompletionServer(["ok", "never"], tpm=prompt + 1) as server:
        first, _, _ = _post(server.url)
        second, _, headers = _post(server.url)
    assert (first, second) == (200, 429)
    assert int(headers["Retry-After"]) >= 1
