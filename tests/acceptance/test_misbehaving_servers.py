"""Whole sessions against a model server that misbehaves: each run ends bounded, categorised,
and written to the results.

The server runs in this process (``pytest_pare.testing.CompletionServer``) and
every request of the session gets the same kind of answer. Time bounds are
upper bounds generous enough for a loaded two-core machine; nothing waits on a
sleep.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.testing import CompletionServer, Reply, unused_url

pytest.importorskip("litellm")

SCENARIO = "dinner_moved_calendar_update"
#: what a loaded two-core machine may add to a bound (start-up, litellm import, teardown)
SLACK = 15.0


def _session(
    project: pytest.Pytester, url: str, *args: str, subprocess: bool = False
) -> tuple[pytest.RunResult, float]:
    base = [
        "-p", "no:cacheprovider", "--pare-no-cache", "-k", SCENARIO,
        "--pare-model=tiny-model",
        f"--pare-user-endpoint={url}", f"--pare-observe-endpoint={url}",
        f"--pare-execute-endpoint={url}",
    ]  # fmt: skip
    started = time.monotonic()
    if subprocess:
        result = project.runpytest_subprocess(*base, *args)
    else:
        result = project.runpytest_inprocess(*base, "-p", "no:xdist", *args)
    return result, time.monotonic() - started


def _row(project: pytest.Pytester) -> dict[str, Any]:
    document = json.loads((Path(project.path) / "pare-results" / "results.json").read_text())
    (row,) = document["rows"]
    return row


@pytest.mark.parametrize(
    ("reply", "exception"),
    [
        (Reply.empty(), "NoValidAction"),
        (Reply.prose(), "NoValidAction"),
        (Reply.runaway(), "NoValidAction"),
    ],
    ids=["empty", "prose", "runaway"],
)
def test_a_model_that_never_gives_a_valid_action_is_an_agent_error_after_a_few_calls(
    real_project: pytest.Pytester, reply: Reply, exception: str
) -> None:
    with CompletionServer(lambda body: reply) as server:
        result, _ = _session(real_project, server.url)
    result.assert_outcomes(failed=1)  # the model under test failed its task
    row = _row(real_project)
    assert (row["status"], row["exception_type"]) == ("agent_error", exception)
    assert len(server.requests) == 4  # one answer and three retries, not 657
    assert all(r.get("max_tokens") == 512 for r in server.requests)  # the user's cap
    assert all(u.completion_tokens <= 512 for u in server.usage)
    result.stdout.fnmatch_lines(["*0 failed, 1 errors (1 agent)*"])


def test_a_context_window_refusal_is_an_agent_error_not_retried(
    real_project: pytest.Pytester,
) -> None:
    with CompletionServer(lambda body: "never sent", context_size=600) as server:
        result, _ = _session(real_project, server.url)
    result.assert_outcomes(failed=1)
    row = _row(real_project)
    assert (row["status"], row["exception_type"]) == ("agent_error", "ContextOverflow")
    assert [u.status for u in server.usage] == [400]


@pytest.mark.parametrize(
    "reply",
    [
        Reply.error(429, "slow down", {"Retry-After": "1"}),
        Reply.error(500, "internal error"),
        Reply.drop(),
    ],
    ids=["rate-limited", "server-error", "dropped"],
)
def test_a_server_that_keeps_failing_is_an_infra_error_within_the_run_timeout(
    real_project: pytest.Pytester, reply: Reply
) -> None:
    with CompletionServer(lambda body: reply) as server:
        result, took = _session(real_project, server.url, "--pare-timeout=5")
    result.assert_outcomes(errors=1)  # not the model's fault
    row = _row(real_project)
    assert (row["status"], row["exception_type"]) == ("infra_error", "RetriesExhausted")
    assert took < 5 + SLACK
    assert 2 <= len(server.requests) <= 5


def test_a_call_slower_than_the_request_timeout_is_an_infra_error_and_not_retried(
    real_project: pytest.Pytester,
) -> None:
    with CompletionServer(lambda body: Reply.delayed(30, "Thought: late")) as server:
        result, took = _session(real_project, server.url, "--pare-request-timeout=2")
    result.assert_outcomes(errors=1)
    row = _row(real_project)
    assert (row["status"], row["exception_type"]) == ("infra_error", "ModelCallTimeout")
    assert len(server.requests) == 1
    assert took < 2 + SLACK


def test_a_server_that_never_answers_is_cut_at_the_run_timeout(
    real_project: pytest.Pytester,
) -> None:
    with CompletionServer(lambda body: Reply.hang()) as server:
        result, took = _session(real_project, server.url, "--pare-timeout=10")
    result.assert_outcomes(errors=1)
    row = _row(real_project)
    assert (row["status"], row["exception_type"]) == ("infra_error", "RunTimeout")
    assert "waiting for the user model" in row["exception_message"]
    assert len(server.requests) == 1
    assert took < 10 + SLACK


def test_a_refused_connection_stops_the_session_before_any_run(
    real_project: pytest.Pytester,
) -> None:
    result, took = _session(real_project, unused_url())
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*does not answer*refused*"])
    assert took < SLACK
