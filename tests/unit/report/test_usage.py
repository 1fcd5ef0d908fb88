"""The session's tokens-and-cost block, its text, and the HTML section built from it."""

from __future__ import annotations

from typing import Any

from pytest_pare.report.frame import frame_from_rows
from pytest_pare.report.html import render_html
from pytest_pare.report.stats import summarize, summary_lines
from pytest_pare.report.usage import price_note, usage_summary


def _role(model: str, tokens: tuple[int, int], cost: float | None, latencies: list[float]) -> dict:
    prompt, completion = tokens
    return {
        "model": model,
        "price": None if cost is None else {"input": 1.0, "output": 2.0, "source": "--pare-price"},
        "calls": len(latencies),
        "failed_calls": 0,
        "retries": 1,
        "rate_limited": 1,
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "cached_tokens": 0,
        "reasoning_tokens": 0,
        "total_tokens": prompt + completion,
        "cost_usd": cost,
        "latencies": latencies,
    }


def _row(sid: str, run: int, status: str, apps: list[str], roles: dict[str, Any]) -> dict:
    return {
        "scenario_id": sid,
        "run_number": run,
        "status": status,
        "success": status == "passed",
        "apps": apps,
        "usage": {"replayed": False, "roles": roles},
    }


def _rows(observe_cost: float | None = 0.002) -> list[dict]:
    return [
        _row(
            "alpha",
            1,
            "passed",
            ["email"],
            {
                "execute": _role("big", (0, 0), 0.0, []),
                "user": _role("small", (100, 10), 0.0001, [0.1, 0.3]),
                "observe": _role("big", (1000, 100), observe_cost, [0.2]),
            },
        ),
        _row(
            "beta",
            1,
            "failed",
            ["email", "calendar"],
            {
                "user": _role("small", (200, 20), 0.0002, [0.4]),
                "observe": _role("big", (0, 0), 0.0, []),
            },
        ),
    ]


def test_the_usage_block_adds_up_every_role_of_every_run_per_role_app_and_scenario() -> None:
    usage = usage_summary(frame_from_rows(_rows()))
    assert usage is not None
    assert (usage["calls"], usage["retries"], usage["total_tokens"]) == (4, 5, 1430)
    assert usage["cost_usd"] == 0.0023
    assert list(usage["by_role"]) == ["user", "observe", "execute"]
    assert usage["by_role"]["user"]["total_tokens"] == 330
    assert usage["by_role"]["observe"]["models"] == ["big"]
    assert (usage["latency_median"], usage["latency_p90"]) == (0.25, 0.37)
    email, calendar = usage["by_app"][1], usage["by_app"][0]
    assert (email["key"], email["runs"], email["passed"], email["total_tokens"]) == (
        "email",
        2,
        1,
        1430,
    )
    assert (calendar["key"], calendar["success_rate"], calendar["total_tokens"]) == (
        "calendar",
        0.0,
        220,
    )
    assert [s["key"] for s in usage["by_scenario"]] == ["alpha", "beta"]
    assert usage["prices"]["big"]["input"] == 1.0 and usage["unpriced"] == []


def test_a_called_model_without_a_price_makes_the_cost_unknown_with_one_note_naming_the_fix() -> (
    None
):
    usage = usage_summary(frame_from_rows(_rows(observe_cost=None)))
    assert usage is not None
    assert usage["cost_usd"] is None and usage["unpriced"] == ["big"]
    assert usage["by_role"]["user"]["cost_usd"] == 0.0003  # the priced roles keep theirs
    assert usage["notes"] == [price_note("big")]
    assert (
        price_note("big")
        == "price unknown for big: --pare-price big=IN/OUT (USD per million tokens)"
    )
    lines = summary_lines(summarize(frame_from_rows(_rows(observe_cost=None))))
    assert "cost: " + price_note("big") in lines
    assert not any(line.startswith("cost $") for line in lines)


def test_runs_without_model_calls_have_no_usage_block_and_no_usage_lines() -> None:
    rows = [{"scenario_id": "alpha", "run_number": 1, "status": "passed", "success": True}]
    summary = summarize(frame_from_rows(rows))
    assert "usage" not in summary
    assert not any("tokens" in line for line in summary_lines(summary))
    assert "Tokens and cost" not in render_html({"rows": rows})


def test_the_html_section_charts_tokens_when_a_model_has_no_price_and_escapes_model_names() -> None:
    rows = _rows(observe_cost=None)
    rows[0]["usage"]["roles"]["observe"]["model"] = "<b>big</b>"
    page = render_html({"rows": rows})
    assert "Success against tokens, per scenario (a model has no price)" in page
    assert "&lt;b&gt;big&lt;/b&gt;" in page and "<b>big</b>" not in page
    priced = render_html({"rows": _rows()})
    assert "Success against cost, per scenario" in priced
    # One point per scenario, its tooltip naming the scenario, success and cost.
    assert priced.count("<circle ") == 2
    assert "<title>alpha: 100% passed (1/1), $0.0021</title>" in priced
