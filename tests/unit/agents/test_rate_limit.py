"""The session's rate limit: the bucket's arithmetic, the shared queue across threads and
processes, adapting to 429s, and a wait that never outlasts its run (all on an injected clock)."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any

import pytest

from pytest_pare._util.shared import SharedState
from pytest_pare.agents.ratelimit import (
    DECREASE,
    INCREASE,
    CallGate,
    CallLimit,
    RateLimiter,
    TokenBucket,
)
from pytest_pare.agents.retry import RetryPolicy, call_with_retries
from pytest_pare.options.values import RateLimit, parse_rpm, parse_tpm


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _limit(
    rpm: float | None = 600, tpm: float | None = None, state: SharedState | None = None
) -> tuple[CallLimit, Clock]:
    clock = Clock()
    limiter = RateLimiter(
        [RateLimit(None, rpm)] if rpm else [],
        [RateLimit(None, tpm)] if tpm else [],
        state,
        clock=clock,
    )
    limit = limiter.limit_for("openai", None)
    assert limit is not None
    return limit, clock


# -- the bucket ---------------------------------------------------------------------------------


def test_reservations_beyond_the_burst_are_spaced_at_the_rate() -> None:
    bucket = TokenBucket(rate=10.0, capacity=2.0)
    waits = [bucket.reserve(1.0, now=5.0) for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.0, 0.1, 0.2, 0.3])


def test_a_cost_above_the_capacity_waits_for_a_full_bucket_not_for_ever() -> None:
    bucket = TokenBucket(rate=100.0, capacity=50.0)
    assert bucket.reserve(500.0, now=0.0) == 0.0  # a full bucket lets it through
    # The debt is paid back before the next one fits: (50 + 450) / 100.
    assert bucket.reserve(500.0, now=0.0) == pytest.approx(5.0)


def test_a_bucket_refuses_a_rate_or_capacity_that_is_not_positive() -> None:
    with pytest.raises(ValueError, match="rate > 0 and capacity > 0"):
        TokenBucket(rate=0.0, capacity=1.0)


# -- one limit, shared ---------------------------------------------------------------------------


def test_calls_over_the_burst_queue_at_the_configured_rate() -> None:
    limit, _ = _limit(rpm=600)  # 10 per second, a burst of 5
    waits = [limit.reserve(tokens=10).wait for _ in range(8)]
    assert waits == pytest.approx([0, 0, 0, 0, 0, 0.1, 0.2, 0.3])


def test_a_tokens_limit_spaces_calls_by_their_prompts_and_settles_on_the_real_count() -> None:
    limit, clock = _limit(rpm=None, tpm=60_000)  # 1000 tokens a second, a burst of 1000
    first = limit.reserve(tokens=1000)
    second = limit.reserve(tokens=1000)
    assert (first.wait, second.wait) == (0.0, pytest.approx(1.0))
    # The server counted 400 tokens for the first (prompt + completion): 600 come back.
    limit.answered(first, used_tokens=400)
    assert limit.reserve(tokens=600).wait == pytest.approx(1.0)
    clock.now += 10
    assert limit.reserve(tokens=100).wait == 0.0


def test_a_429_halves_the_rate_once_and_pauses_every_caller_until_retry_after() -> None:
    limit, clock = _limit(rpm=600)
    tickets = [limit.reserve(tokens=1) for _ in range(8)]
    # A burst of refusals from calls queued in the same episode halves the rate once.
    for ticket in tickets[:3]:
        limit.refused(ticket, retry_after=2.0)
    state = limit.state.read()["requests:openai"]
    assert state["f"] == DECREASE and state["e"] == 1
    # Nobody goes before the pause ends; then calls go at half the rate (5 a second).
    assert limit.reserve(tokens=1).wait == pytest.approx(2.0 + 1 / 5)
    clock.now += 0.3
    # A call queued before the refusal queues again, behind the pause and the calls since.
    moved = limit.recheck(tickets[7])
    assert moved.wait == pytest.approx(1.7 + 2 / 5)
    assert limit.reserve(tokens=1).wait == pytest.approx(1.7 + 3 / 5)


def test_a_caller_woken_long_after_its_turn_takes_a_new_place_once() -> None:
    limit, clock = _limit(rpm=600)  # 10 a second, a burst of 5
    tickets = [limit.reserve(tokens=1) for _ in range(7)]
    # The machine was busy: the 7th caller (its turn 0.2 s from now) wakes 1 s late. Its
    # turn went unused while the bucket filled up again; sending now would add to a burst.
    clock.now += 1.2
    again = limit.recheck(tickets[6])
    assert again.late and again.wait == 0.0  # the bucket has room again: at once
    # Late again (the machine is still busy): it goes, rather than queue for ever.
    clock.now += 1.0
    level = limit.state.read()["requests:openai"]["b"][0]
    assert limit.recheck(again).wait == 0.0
    assert limit.state.read()["requests:openai"]["b"][0] == level
    on_time = limit.reserve(tokens=1)
    clock.now += on_time.wait + 0.1
    assert limit.recheck(on_time).wait == 0.0 and not limit.recheck(on_time).late


def test_answered_calls_give_the_rate_back_step_by_step_up_to_the_limit() -> None:
    limit, _ = _limit(rpm=600)
    ticket = limit.reserve(tokens=1)
    limit.refused(ticket, retry_after=None)
    factors = []
    for _ in range(int((1 - DECREASE) / INCREASE) + 3):
        limit.answered(limit.reserve(tokens=1), used_tokens=1)
        factors.append(limit.state.read()["requests:openai"]["f"])
    assert factors[0] == pytest.approx(DECREASE + INCREASE)
    assert factors == sorted(factors) and factors[-1] == 1.0


def test_threads_sharing_a_limit_take_distinct_places_in_one_queue() -> None:
    limit, _ = _limit(rpm=600)
    waits: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(8, timeout=60)

    def take() -> None:
        start.wait()
        for _ in range(25):
            wait = limit.reserve(tokens=1).wait
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # 200 places: a burst of 5 at once, then one every 0.1 s; none lost, none shared.
    expected = [0.0] * 5 + [0.1 * k for k in range(1, 196)]
    assert sorted(waits) == pytest.approx(expected)


def _reserve_in_a_process(path: str, count: int, out: Any) -> None:
    limiter = RateLimiter([RateLimit(None, 600)], [], SharedState(Path(path)), clock=lambda: 50.0)
    limit = limiter.limit_for("openai", None)
    assert limit is not None
    out.put([limit.reserve(tokens=1).wait for _ in range(count)])


def test_processes_sharing_the_state_file_take_distinct_places_in_one_queue(
    tmp_path: Path,
) -> None:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    out = context.Queue()
    path = str(tmp_path / "ratelimit.json")
    processes = [
        context.Process(target=_reserve_in_a_process, args=(path, 30, out)) for _ in range(2)
    ]
    for process in processes:
        process.start()
    waits = [w for _ in processes for w in out.get(timeout=120)]
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    expected = [0.0] * 5 + [0.1 * k for k in range(1, 56)]
    assert sorted(waits) == pytest.approx(expected)


# -- which limit a call is under -----------------------------------------------------------------


def test_an_endpoint_entry_beats_a_provider_entry_which_beats_the_default() -> None:
    limiter = RateLimiter(
        [parse_rpm("http://local:8000/v1/=60"), parse_rpm("openai=600"), parse_rpm("6000")],
        [parse_tpm("openai=100000")],
    )

    def names(provider: str, endpoint: str | None) -> str | None:
        limit = limiter.limit_for(provider, endpoint)
        return None if limit is None else limit.names

    assert names("openai", "http://local:8000/v1") == "rpm http://local:8000/v1, tpm openai"
    assert names("openai", None) == "rpm openai, tpm openai"
    # The default gives each endpoint (or provider) a bucket of its own.
    assert names("anthropic", None) == "rpm anthropic"
    assert names("hosted_vllm", "http://other/v1") == "rpm http://other/v1"


def test_without_an_entry_that_matches_calls_are_not_limited() -> None:
    limiter = RateLimiter([parse_rpm("openai=600")], [])
    assert limiter.limit_for("anthropic", None) is None
    assert limiter.gate("anthropic", None, 10, len) is None


# -- waiting for a turn --------------------------------------------------------------------------


class FakeDeadline:
    def __init__(self, left: float | None) -> None:
        self.left = left

    def remaining(self) -> float | None:
        return self.left

    def error(self, where: str = "") -> BaseException:
        return TimeoutError(f"run timed out while {where}")


def test_a_call_waits_its_turn_then_goes() -> None:
    limit, clock = _limit(rpm=600)
    for _ in range(5):
        limit.reserve(tokens=1)
    waited: list[float] = []

    def wait(seconds: float) -> bool:
        waited.append(seconds)
        clock.now += seconds
        return False

    gate = CallGate(limit, 1, lambda _: 1, wait=wait)
    ticket = gate.admit(FakeDeadline(30.0), "waiting for the model")
    assert waited == pytest.approx([0.1]) and ticket.wait == 0.0


def test_a_turn_after_the_runs_deadline_gives_up_at_once_and_gives_its_place_back() -> None:
    limit, _ = _limit(rpm=60)  # one a second, a burst of 1
    limit.reserve(tokens=1)
    limit.reserve(tokens=1)  # the queue reaches 1 s ahead
    gate = CallGate(limit, 1, lambda _: 1, wait=lambda s: pytest.fail("must not wait"))
    with pytest.raises(TimeoutError, match=r"rate limit \(rpm openai\) holds the call 2\.0s"):
        gate.admit(FakeDeadline(1.5), "waiting for the model")
    # Its place was given back: the next caller queues 2 s ahead, not 3.
    assert limit.reserve(tokens=1).wait == pytest.approx(2.0)


def test_a_session_stopping_ends_the_wait_with_the_runs_error() -> None:
    limit, _ = _limit(rpm=60)
    limit.reserve(tokens=1)
    gate = CallGate(limit, 1, lambda _: 1, wait=lambda s: True)
    with pytest.raises(TimeoutError, match="run timed out while waiting"):
        gate.admit(FakeDeadline(30.0), "waiting")


class APIError(Exception):
    def __init__(self, status_code: int, headers: dict[str, str]) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.litellm_response_headers = headers


def test_a_gated_call_reports_its_429_to_the_limit_instead_of_backing_off_alone() -> None:
    limit, clock = _limit(rpm=600)
    waited: list[float] = []

    def wait(seconds: float) -> bool:
        waited.append(seconds)
        clock.now += seconds
        return False

    answers: list[Any] = [APIError(429, {"retry-after": "3"}), "answer"]

    def call(timeout: float | None) -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return str(answer)

    backoffs: list[float] = []
    result = call_with_retries(
        call,
        RetryPolicy(sleep=backoffs.append),
        model="m",
        provider="openai",
        endpoint=None,
        gate=CallGate(limit, 1, lambda _: 1, wait=wait),
    )
    assert result == "answer"
    # The retry waited the server's 3 s through the shared limit, then its place at the
    # halved rate (5 a second), not the policy's backoff.
    assert backoffs == [] and waited == pytest.approx([3.0 + 1 / 5])
    # The answer gave a step of the halved rate back.
    assert limit.state.read()["requests:openai"]["f"] == pytest.approx(DECREASE + INCREASE)
