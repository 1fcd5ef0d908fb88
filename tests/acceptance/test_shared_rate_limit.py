"""One rate limit for the whole session, against a local server that enforces its own: with
4 xdist workers x 8 runs in flight the server refuses few calls and is kept busy at its limit
(requests a minute, --pare-rpm; and tokens a minute, --pare-tpm, with 2 workers x 4).

The figures come from the server's own records (when each request arrived, what it
answered), never from wall times on this side: on a loaded machine only the rate the
session sends at matters, and the limit is low enough (10 requests a second, tiny answers)
that the CPU is never what holds the session back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.testing import CompletionServer, Reply, Usage, format_action

pytest.importorskip("litellm")
pytest.importorskip("xdist")

RPM = 300
#: runs per scenario: enough calls that the steady part spans many seconds at the limit
RUNS = 14


def _script(body: dict[str, Any]) -> Reply | str:
    system = body["messages"][0]["content"]
    if "role-playing a person" in system:
        return format_action("Nothing to do.", "pass_turn")
    return format_action("Nothing to propose.", "PAREAgentUserInterface__wait")


def _session(
    project: pytest.Pytester, server: CompletionServer, *args: str, runs: int = RUNS
) -> pytest.RunResult:
    url = server.url
    return project.runpytest_subprocess(
        "-p", "no:cacheprovider", "--pare-no-cache", f"--pare-runs={runs}",
        "--pare-model=tiny-model", "--pare-price=tiny-model=1/2",
        f"--pare-user-endpoint={url}", f"--pare-observe-endpoint={url}",
        f"--pare-execute-endpoint={url}", *args,
    )  # fmt: skip


def _steady(answered: list[Usage]) -> list[Usage]:
    """The steady part of the answers, by arrival: without the first 20% (the workers still
    starting) and the last 20% (the last runs ending, fewer left to send)."""
    ordered = sorted(answered, key=lambda u: u.at)
    return ordered[len(ordered) // 5 : len(ordered) - len(ordered) // 5]


def _steady_rate(answered: list[Usage]) -> float:
    """Answers per second over the steady part."""
    steady = _steady(answered)
    return (len(steady) - 1) / (steady[-1].at - steady[0].at)


@pytest.mark.slow
def test_four_workers_of_eight_runs_share_one_limit_and_keep_the_server_at_it(
    real_project: pytest.Pytester,
) -> None:
    with CompletionServer(_script, rpm=RPM, max_requests=5000, lifetime=600) as server:
        result = _session(
            real_project, server, "-n", "4", "--pare-concurrency=8", f"--pare-rpm={RPM}"
        )
    result.assert_outcomes(failed=2 * RUNS)  # the assistant never acts: validation fails
    answered = server.answered()
    refused = server.rate_limited()
    assert len(answered) > 150, "too few calls to measure a steady rate"
    assert len(refused) < 0.05 * (len(answered) + len(refused))
    rate = _steady_rate(answered)
    assert RPM / 60 * 0.85 <= rate <= RPM / 60 * 1.15, f"{rate:.2f} answers/s"
    rows = json.loads((Path(real_project.path) / "pare-results" / "results.json").read_text())
    assert sum(r["rate_limited"] for r in rows["rows"]) == len(refused)


def test_without_a_rate_option_nothing_paces_the_calls_and_the_429s_are_counted(
    real_project: pytest.Pytester,
) -> None:
    # As before the option existed: each call retries its own 429s, every run reports, and
    # the rows count the refusals the server made.
    with CompletionServer(_script, rpm=RPM, max_requests=2000, lifetime=300) as server:
        url = server.url
        result = real_project.runpytest_inprocess(
            "-p", "no:cacheprovider", "-p", "no:xdist", "--pare-no-cache", "--pare-runs=2",
            "--pare-model=tiny-model", f"--pare-user-endpoint={url}",
            f"--pare-observe-endpoint={url}", f"--pare-execute-endpoint={url}",
            "--pare-concurrency=4",
        )  # fmt: skip
    result.assert_outcomes(failed=4)
    rows = json.loads((Path(real_project.path) / "pare-results" / "results.json").read_text())
    assert sum(r["model_calls"] for r in rows["rows"]) == len(server.answered()) > 4
    assert sum(r["rate_limited"] for r in rows["rows"]) == len(server.rate_limited())


#: tokens a minute for the tokens limit: about two calls a second of these ~2k-token prompts
TPM = 240_000
TPM_RUNS = 6


@pytest.mark.slow
def test_a_tokens_limit_shared_by_two_workers_keeps_the_server_at_its_token_rate(
    real_project: pytest.Pytester,
) -> None:
    # The server holds 2 s of tokens (a prompt is ~2k of them, so a 1 s bucket of
    # 4,000 would refuse two prompts sent together); the session settles each call
    # with the tokens the server counted, so the two count alike. Measured here with
    # 8 runs a scenario: 96 calls, none refused, 3,998 tokens/s for a limit of 4,000.
    with CompletionServer(
        _script, tpm=TPM, limit_window=2.0, max_requests=5000, lifetime=600
    ) as server:
        result = _session(
            real_project,
            server,
            "-n", "2", "--pare-concurrency=4", f"--pare-tpm={TPM}",
            runs=TPM_RUNS,
        )  # fmt: skip
    result.assert_outcomes(failed=2 * TPM_RUNS)
    answered = server.answered()
    refused = server.rate_limited()
    assert len(answered) > 50, "too few calls to measure a steady rate"
    assert len(refused) < 0.05 * (len(answered) + len(refused))
    steady = _steady(answered)
    tokens = sum(u.prompt_tokens + u.completion_tokens for u in steady[1:])
    rate = tokens / (steady[-1].at - steady[0].at)
    assert TPM / 60 * 0.8 <= rate <= TPM / 60 * 1.15, f"{rate:.0f} tokens/s"
