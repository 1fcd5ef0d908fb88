"""The report page's tokens-and-cost section: its tables and its chart, as plain values.

Filled from the summary's ``usage`` block (``report.usage``); the template
``_usage.html.j2`` lays them out and draws the chart as SVG on the server, so
it shows with scripts off, as the success charts do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CostChart", "UsageSection", "usage_section"]

#: the chart's plot area in SVG units: left margin for the axis labels, then the plot
_LEFT, _WIDTH, _TOP, _HEIGHT = 60, 400, 10, 200


@dataclass(frozen=True, slots=True)
class Point:
    """One scenario on the chart: where it sits (SVG units) and what its tooltip says."""

    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class CostChart:
    """Success rate (y) against cost, or tokens when the cost is unknown (x), per scenario."""

    title: str
    measure: str
    ticks: list[tuple[float, str]]
    points: list[Point]


@dataclass(frozen=True, slots=True)
class UsageSection:
    """What the section shows: totals line, tables (header, rows) and the chart."""

    note: str
    tables: list[tuple[str, list[str], list[list[str]]]]
    chart: CostChart | None


def _usd(value: Any) -> str:
    return "price unknown" if value is None else f"${value:.4f}"


def _seconds(value: Any) -> str:
    return "" if value is None else f"{value:.2f} s"


def _row(key: str, block: Mapping[str, Any], *extra: str) -> list[str]:
    return [
        key,
        *extra,
        f"{block['calls']:,}",
        f"{block['retries']:,}",
        f"{block['prompt_tokens']:,}",
        f"{block['completion_tokens']:,}",
        f"{block['total_tokens']:,}",
        _usd(block.get("cost_usd")),
        _seconds(block.get("latency_median")),
        _seconds(block.get("latency_p90")),
    ]


_FIGURES = ["calls", "retries", "prompt", "completion", "tokens", "cost", "median", "p90"]


def _pct(rate: Any) -> str:
    return "n/a" if rate is None else f"{100 * rate:.0f}%"


def cost_chart(scenarios: Sequence[Mapping[str, Any]]) -> CostChart | None:
    """Each scenario's success rate against what its runs cost (or their tokens, unpriced)."""
    if not scenarios:
        return None
    priced = all(s.get("cost_usd") is not None for s in scenarios)
    measure = "cost_usd" if priced else "total_tokens"
    top = max(float(s.get(measure) or 0) for s in scenarios) or 1.0

    def label(value: float) -> str:
        return f"${value:.4g}" if priced else f"{value:,.0f}"

    points = [
        Point(
            x=round(_LEFT + _WIDTH * float(s.get(measure) or 0) / top, 1),
            y=round(_TOP + _HEIGHT * (1 - float(s.get("success_rate") or 0)), 1),
            label=(
                f"{s['key']}: {_pct(s.get('success_rate'))} passed "
                f"({s['passed']}/{s['runs']}), {label(float(s.get(measure) or 0))}"
            ),
        )
        for s in scenarios
    ]
    ticks = [(round(_LEFT + _WIDTH * f, 1), label(top * f)) for f in (0, 0.5, 1)]
    title = (
        "Success against cost, per scenario"
        if priced
        else "Success against tokens, per scenario (a model has no price)"
    )
    return CostChart(title, "cost" if priced else "tokens", ticks, points)


def usage_section(summary: Mapping[str, Any]) -> UsageSection | None:
    """The tokens-and-cost section of the report; None when no run called a model."""
    usage = summary.get("usage")
    if not usage:
        return None
    note = (
        f"{usage['total_tokens']:,} tokens in {usage['calls']:,} model calls over "
        f"{usage['runs']} runs; cost {_usd(usage.get('cost_usd'))}"
    )
    if usage.get("replayed"):
        note += f" ({usage['replayed']} replayed run(s): the recorded calls' cost)"
    notes = " ".join(f"{n}." for n in usage.get("notes") or ())
    roles = [
        _row(role, block, ", ".join(block.get("models") or ()))
        for role, block in (usage.get("by_role") or {}).items()
    ]
    apps = [_row(b["key"], b, _pct(b.get("success_rate"))) for b in usage.get("by_app") or ()]
    scenarios = [
        _row(b["key"], b, _pct(b.get("success_rate"))) for b in usage.get("by_scenario") or ()
    ]
    tables = [
        ("Per role", ["role", "model", *_FIGURES], roles),
        ("Per app", ["app", "passed", *_FIGURES], apps),
        ("Per scenario", ["scenario", "passed", *_FIGURES], scenarios),
    ]
    return UsageSection(
        note=f"{note}. {notes}".strip(),
        tables=[t for t in tables if t[2]],
        chart=cost_chart(usage.get("by_scenario") or ()),
    )
