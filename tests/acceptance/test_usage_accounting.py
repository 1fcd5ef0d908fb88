"""Token accounting of whole sessions against a local server: what the rows say was spent is
what the server counted, with runs in flight in one process and across xdist workers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.testing import CompletionServer, Reply, format_action

pytest.importorskip("litellm")

RUNS = 2


def _script(body: dict[str, Any]) -> Reply | str:
    system = body["messages"][0]["content"]
    if "role-playing a person" in system:
        return format_action("Nothing to do.", "pass_turn")
    # The assistant's answers cost some hidden reasoning, as a reasoning model's do.
    return Reply.text(
        format_action("Nothing to propose.", "PAREAgentUserInterface__wait"), reasoning_tokens=5
    )


def _document(project: pytest.Pytester) -> dict[str, Any]:
    return json.loads((Path(project.path) / "pare-results" / "results.json").read_text())


def _session(
    project: pytest.Pytester, server: CompletionServer, *args: str, price: str = "tiny-model=1/2"
) -> pytest.RunResult:
    url = server.url
    base = [
        "-p", "no:cacheprovider", "--pare-no-cache", f"--pare-runs={RUNS}",
        "--pare-model=tiny-model", f"--pare-price={price}",
        f"--pare-user-endpoint={url}", f"--pare-observe-endpoint={url}",
        f"--pare-execute-endpoint={url}",
    ]  # fmt: skip
    if "-n" in args:
        return project.runpytest_subprocess(*base, *args)
    return project.runpytest_inprocess(*base, "-p", "no:xdist", *args)


MODES = {
    "concurrency": ["--pare-concurrency=4"],
    "xdist": ["-n", "2", "--pare-concurrency=2"],
}


@pytest.mark.parametrize("mode", list(MODES))
def test_the_rows_tokens_add_up_to_what_the_server_counted(
    real_project: pytest.Pytester, mode: str
) -> None:
    with CompletionServer(_script, prompt_cache=True, max_requests=2000, lifetime=300) as server:
        result = _session(real_project, server, *MODES[mode])
    result.assert_outcomes(failed=2 * RUNS)  # the assistant never acts: validation fails
    rows = _document(real_project)["rows"]
    assert len(rows) == 2 * RUNS
    assert sum(r["model_calls"] for r in rows) == len(server.requests) > 2 * RUNS
    assert sum(r["prompt_tokens"] for r in rows) == server.prompt_tokens
    assert sum(r["completion_tokens"] for r in rows) == server.completion_tokens
    assert sum(r["cached_tokens"] for r in rows) == server.cached_tokens > 0
    assert sum(r["reasoning_tokens"] for r in rows) == server.reasoning_tokens > 0
    for row in rows:
        roles = row["usage"]["roles"]
        assert row["total_tokens"] == sum(r["total_tokens"] for r in roles.values())
        # --pare-price tiny-model=1/2: USD 1 per million prompt tokens, 2 per million completion.
        expected = (row["prompt_tokens"] + 2 * row["completion_tokens"]) / 1e6
        assert row["cost_usd"] == pytest.approx(expected)
        assert roles["user"]["calls"] > 0 and roles["observe"]["calls"] > 0
        assert 0 < row["latency_median"] <= row["latency_p90"]
        assert row["usage_replayed"] is False


def test_the_session_summary_shows_tokens_cost_calls_and_latency_everywhere_a_user_looks(
    real_project: pytest.Pytester,
) -> None:
    with CompletionServer(_script, max_requests=2000, lifetime=300) as server:
        result = _session(
            real_project,
            server,
            "--pare-concurrency=4",
            "--junitxml=junit.xml",
            "--pare-md-summary=summary.md",
        )
    document = _document(real_project)
    rows, usage = document["rows"], document["summary"]["usage"]
    assert usage["calls"] == len(server.requests) == sum(r["model_calls"] for r in rows)
    assert usage["total_tokens"] == server.prompt_tokens + server.completion_tokens
    assert usage["cost_usd"] == pytest.approx(sum(r["cost_usd"] for r in rows))
    assert set(usage["by_role"]) == {"user", "observe", "execute"}
    assert usage["by_role"]["user"]["models"] == ["tiny-model"]
    assert usage["prices"]["tiny-model"]["input"] == 1 and usage["unpriced"] == []
    assert sum(s["total_tokens"] for s in usage["by_scenario"]) == usage["total_tokens"]
    assert {a["key"] for a in usage["by_app"]} >= {"messaging", "calendar"}
    assert 0 < usage["latency_median"] <= usage["latency_p90"]
    # The same block in words, on the terminal and in report.txt.
    text = (Path(real_project.path) / "pare-results" / "report.txt").read_text()
    tokens_line = f"tokens {usage['total_tokens']:,} (prompt *"
    result.stdout.fnmatch_lines([tokens_line, "cost $*: user $*", "model calls *latency median*"])
    assert f"tokens {usage['total_tokens']:,} (prompt" in text and "model calls" in text
    # Typed columns in the parquet file, per role too.
    import polars as pl

    frame = pl.read_parquet(Path(real_project.path) / "pare-results" / "results.parquet")
    assert frame.schema["total_tokens"] == pl.Int64 and frame.schema["cost_usd"] == pl.Float64
    assert frame.schema["observe_tokens"] == pl.Int64
    assert int(frame["total_tokens"].sum()) == usage["total_tokens"]
    # The HTML report shows the per-role table and the chart.
    html = (Path(real_project.path) / "pare-results" / "report.html").read_text()
    assert "Tokens and cost" in html and 'id="chart-cost"' in html
    markdown = (Path(real_project.path) / "summary.md").read_text()
    assert f"tokens {usage['total_tokens']:,} (prompt" in markdown and "cost $" in markdown
    junit = (Path(real_project.path) / "junit.xml").read_text()
    assert 'name="pare.total_tokens"' in junit and 'name="pare.cost_usd"' in junit


def test_a_model_without_a_price_is_counted_in_tokens_with_one_line_naming_the_fix(
    real_project: pytest.Pytester,
) -> None:
    with CompletionServer(_script, max_requests=2000, lifetime=300) as server:
        # The one price given is another model's.
        result = _session(real_project, server, price="other-model=1/1")
    usage = _document(real_project)["summary"]["usage"]
    assert usage["cost_usd"] is None and usage["unpriced"] == ["tiny-model"]
    assert usage["total_tokens"] == server.prompt_tokens + server.completion_tokens
    result.stdout.fnmatch_lines(
        ["cost: price unknown for tiny-model: --pare-price tiny-model=IN/OUT (USD per million*"]
    )
    assert "cost $" not in result.stdout.str()
