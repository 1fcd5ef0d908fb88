"""Budgets: a run over its own budget is stopped as the agent's failure; a session that spent
its budget starts no new run, lets the runs in flight finish and reports the rest as not run,
with the reason, in one process, with runs in flight and across xdist workers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.agents.models import ROLES
from pytest_pare.testing import CompletionServer, Reply, format_action

pytest.importorskip("litellm")


def _script(body: dict[str, Any]) -> Reply | str:
    system = body["messages"][0]["content"]
    if "role-playing a person" in system:
        return format_action("Nothing to do.", "pass_turn")
    return format_action("Nothing to propose.", "PAREAgentUserInterface__wait")


def _document(project: pytest.Pytester) -> dict[str, Any]:
    return json.loads((Path(project.path) / "pare-results" / "results.json").read_text())


def _session(project: pytest.Pytester, server: CompletionServer, *args: str) -> pytest.RunResult:
    url = server.url
    base = [
        "-p", "no:cacheprovider", "--pare-no-cache", "--pare-runs=2",
        "--pare-model=tiny-model", "--pare-price=tiny-model=1/2",
        f"--pare-user-endpoint={url}", f"--pare-observe-endpoint={url}",
        f"--pare-execute-endpoint={url}",
    ]  # fmt: skip
    if "-n" in args:
        return project.runpytest_subprocess(*base, *args)
    return project.runpytest_inprocess(*base, "-p", "no:xdist", *args)


def _server() -> CompletionServer:
    return CompletionServer(_script, max_requests=2000, lifetime=300)


def test_a_run_over_its_token_budget_is_stopped_as_an_agent_error_naming_the_budget(
    real_project: pytest.Pytester,
) -> None:
    with _server() as server:
        result = _session(real_project, server, "--pare-run-max-tokens=1")
    result.assert_outcomes(failed=4)
    rows = _document(real_project)["rows"]
    assert [r["status"] for r in rows] == ["agent_error"] * 4
    assert {r["exception_type"] for r in rows} == {"BudgetExceeded"}
    assert all("--pare-run-max-tokens=1" in r["exception_message"] for r in rows)
    # Stopped at its first turn: one model call per run, all of them counted.
    assert [r["model_calls"] for r in rows] == [1] * 4 and len(server.requests) == 4


def test_a_run_over_its_cost_budget_is_stopped_and_its_spend_still_counted(
    real_project: pytest.Pytester,
) -> None:
    with _server() as server:
        _session(real_project, server, "--pare-run-max-cost=0.000001")
    rows = _document(real_project)["rows"]
    assert {r["exception_type"] for r in rows} == {"BudgetExceeded"}
    assert all("--pare-run-max-cost=1e-06" in r["exception_message"] for r in rows)
    assert sum(r["total_tokens"] for r in rows) == server.prompt_tokens + server.completion_tokens


@pytest.mark.parametrize(
    "mode", [[], ["--pare-concurrency=2"]], ids=["one-at-a-time", "runs-in-flight"]
)
def test_a_spent_session_budget_starts_no_new_run_and_reports_the_rest_as_not_run(
    real_project: pytest.Pytester, mode: list[str]
) -> None:
    with _server() as server:
        result = _session(real_project, server, "--pare-max-tokens=1", *mode)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    document = _document(real_project)
    rows = document["rows"]
    ran = [r for r in rows if r.get("model_calls")]
    never = [r for r in rows if not r.get("model_calls")]
    # The runs in flight when the budget was spent finished, validated as usual: one, or
    # the pool's two (the second starts with the first, before it has spent anything).
    assert 1 <= len(ran) <= (2 if mode else 1) and len(rows) == 4
    assert all(r["status"] == "failed" for r in ran)
    assert never and all("--pare-max-tokens=1 reached" in r["exception_message"] for r in never)
    # A run that never started still belongs to the session's agents (one group, not "oracle").
    models = {(r["agent_type"], r["observe_model"], r["user_model"]) for r in rows}
    assert len(models) == 1 and None not in next(iter(models))
    assert len(document["summary"]["by_group"]) == 1
    assert document["completion"]["interrupted"] is True
    assert "--pare-max-tokens=1 reached" in document["completion"]["reason"]
    budget = document["budget"]
    assert budget["max_tokens"] == 1 and "--pare-max-tokens=1 reached" in budget["stopped"]
    assert budget["spent_tokens"] == sum(r["total_tokens"] for r in ran) > 1
    assert len(server.requests) == sum(r["model_calls"] for r in ran)
    result.stdout.fnmatch_lines(["*session stopped early: --pare-max-tokens=1 reached*"])


def test_every_xdist_workers_spend_counts_toward_the_session_budget(
    real_project: pytest.Pytester,
) -> None:
    with _server() as server:
        result = _session(real_project, server, "-n", "2", "--pare-max-cost=0.000001")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    document = _document(real_project)
    rows = document["rows"]
    ran = [r for r in rows if r.get("model_calls")]
    never = [r for r in rows if not r.get("model_calls")]
    assert len(rows) == 4 and ran and never
    assert all("--pare-max-cost=1e-06 reached" in r["exception_message"] for r in never)
    # The controller's total is every worker's spend: what the server answered, in full.
    budget = document["budget"]
    assert budget["spent_tokens"] == sum(r["total_tokens"] for r in ran)
    assert budget["spent_tokens"] == server.prompt_tokens + server.completion_tokens
    assert budget["spent_cost_usd"] == pytest.approx(sum(r["cost_usd"] for r in ran))


def test_a_budget_stop_under_a_gate_exits_2_and_the_gate_does_not_judge_a_part(
    real_project: pytest.Pytester,
) -> None:
    with _server() as server:
        result = _session(real_project, server, "--pare-max-tokens=1", "--pare-min-success-rate=0")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "*session stopped early: --pare-max-tokens=1 reached*",
            "the gate is not applied to a session stopped early*exits 2 (interrupted)",
        ]
    )


def test_a_cost_budget_with_a_model_that_has_no_price_is_a_usage_error_naming_the_fix(
    real_project: pytest.Pytester,
) -> None:
    endpoints = [f"--pare-{role}-endpoint=http://127.0.0.1:9/v1" for role in ROLES]
    result = real_project.runpytest_inprocess(
        "-p", "no:xdist", "--pare-model=tiny-model", *endpoints, "--pare-max-cost=1"
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--pare-max-cost: the price of tiny-model is unknown*--pare-price tiny-model=IN/OUT*"]
    )
