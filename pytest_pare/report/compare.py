"""Two results files side by side: headline figures, breakdowns and per-scenario changes.

Regressions are judged exactly as the baseline gate judges them
(:func:`pytest_pare.report.gate.compare_runs`), so a comparison page and a CI
gate never disagree about what regressed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from pytest_pare.report._page import asset, config_items, render

# The one loader of results files, named here too for code that imports it from compare.
from pytest_pare.report.documents import ResultsFileError as ResultsFileError
from pytest_pare.report.documents import load_results as load_results
from pytest_pare.report.gate import (
    DEFAULT_ALPHA,
    BaselineTest,
    ScenarioChange,
    compare_runs,
)
from pytest_pare.report.stats import (
    frame_from_rows,
    summarize,
)
from pytest_pare.report.usage import relative_change, spend_by_scenario, spend_of

_ORDER = {"regressed": 0, "improved": 1, "changed": 2, "new": 3, "missing": 4, "unchanged": 5}


def _summary(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    return doc.get("summary") or summarize(frame_from_rows(doc["rows"]))


@dataclass(frozen=True, slots=True)
class Delta:
    """A change of a rate in percentage points, and whether it went up, down or nowhere."""

    cls: str
    text: str


def _delta(old: float | None, new: float | None) -> Delta | None:
    if old is None or new is None:
        return None
    d = 100 * (new - old)
    return Delta("up" if d > 0.05 else "down" if d < -0.05 else "muted", f"{d:+.1f} pts")


def _relative(old: float | None, new: float | None) -> Delta | None:
    change = relative_change(old, new)
    if change is None:
        return None
    # Spending more is the direction to notice, as a lower success rate is.
    return Delta(
        "down" if change > 0.0005 else "up" if change < -0.0005 else "muted",
        f"{100 * change:+.1f}%",
    )


def _rate(block: Mapping[str, Any] | None) -> float | None:
    return None if block is None else block.get("rate")


@dataclass(frozen=True, slots=True)
class FigureRow:
    """A headline figure old and new: a rate (a fraction, with its change) or a count."""

    label: str
    old: Any
    new: Any
    rate: bool
    delta: Delta | None


def _headline_rows(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[FigureRow]:
    ka, kb = a.get("k"), b.get("k")
    rates = [
        ("success rate", "rate"),
        ("Wilson 95% lower bound", "wilson_low"),
        ("Wilson 95% upper bound", "wilson_high"),
        ("pass@1", "pass_at_1"),
        (f"pass@k (k={ka} / {kb})", "pass_at_k"),
        (f"pass^k (k={ka} / {kb})", "pass_hat_k"),
        ("runs with a proposal", "share_of_runs_with_proposal"),
        ("acceptance rate", "acceptance_rate"),
    ]
    counts = (("scenarios", "scenarios"), ("runs", "runs"), ("errors", "errors"))
    return [
        FigureRow(label, a.get(key), b.get(key), True, _delta(a.get(key), b.get(key)))
        for label, key in rates
    ] + [FigureRow(label, a.get(key), b.get(key), False, None) for label, key in counts]


def _spend_rows(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[FigureRow]:
    """Tokens and cost, per run and in all, old and new (none when neither called a model)."""
    if not old and not new:
        return []
    old, new = old or {}, new or {}
    rows = []
    for label, key, show in (
        ("tokens per run", "tokens_per_run", _tokens),
        ("cost per run", "cost_per_run", _usd),
        ("tokens", "total_tokens", _tokens),
        ("cost", "cost_usd", _usd),
    ):
        before, after = old.get(key), new.get(key)
        rows.append(FigureRow(label, show(before), show(after), False, _relative(before, after)))
    return rows


def _tokens(value: float | None) -> str | None:
    return None if value is None else f"{value:,.0f}"


def _usd(value: float | None) -> str | None:
    return None if value is None else f"${value:.4f}"


def _spend_change(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> str:
    """A scenario's tokens per run, old -> new, with the change; blank without both."""
    if not old or not new:
        return ""
    change = _relative(old["tokens_per_run"], new["tokens_per_run"])
    text = f"{old['tokens_per_run']:,.0f} → {new['tokens_per_run']:,.0f}"
    return text + (f" ({change.text})" if change else "")


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One breakdown (by noise level, app or tag) of both files, key by key."""

    title: str
    ident: str
    rows: list[tuple[str, Mapping[str, Any] | None, Mapping[str, Any] | None, Delta | None]]


def _breakdown(title: str, a: Sequence[Mapping], b: Sequence[Mapping], ident: str) -> Breakdown:
    old, new = {x["key"]: x for x in a}, {x["key"]: x for x in b}
    rows = [
        (key, old.get(key), new.get(key), _delta(_rate(old.get(key)), _rate(new.get(key))))
        for key in sorted(old.keys() | new.keys())
    ]
    return Breakdown(title, ident, rows)


class ChangeRow(NamedTuple):
    """One (scenario, noise level) of the per-scenario table (the template unpacks it)."""

    key: str
    change: str
    before: str
    after: str
    p_value: str
    tokens: str


def _change_rows(
    changes: Sequence[ScenarioChange],
    old_spend: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
    new_spend: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
) -> list[ChangeRow]:
    rows = []
    for c in sorted(changes, key=lambda c: (_ORDER[c.change], c.key)):
        before, after = c.counts().split(" -> ")
        p_value = "" if c.p_value is None else f"{c.p_value:.3g}"
        key = (c.scenario_id, c.noise_id)
        tokens = _spend_change((old_spend or {}).get(key), (new_spend or {}).get(key))
        rows.append(ChangeRow(c.key, c.change, before, after, p_value, tokens))
    return rows


def compare_documents(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    alpha: float = DEFAULT_ALPHA,
    test: BaselineTest = "fisher",
) -> list[ScenarioChange]:
    """Per (scenario, noise level) changes from ``old`` to ``new``, judged as the gate does."""
    return compare_runs(
        frame_from_rows(new["rows"]), frame_from_rows(old["rows"]), alpha=alpha, test=test
    )


def render_compare(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    old_name: str = "old",
    new_name: str = "new",
    alpha: float = DEFAULT_ALPHA,
    test: BaselineTest = "fisher",
    changes: Sequence[ScenarioChange] | None = None,
) -> str:
    """Render the comparison page of two results documents (``results.json`` dicts).

    Args:
        old: the earlier (baseline) results.
        new: the later results.
        old_name: how to label ``old`` (usually its path).
        new_name: how to label ``new``.
        alpha: one-sided significance level, as the gate's ``--pare-baseline``.
        test: ``fisher`` or ``mcnemar``, as the gate.
        changes: :func:`compare_documents` of the two, if already computed.

    Returns:
        One self-contained HTML page.
    """
    if changes is None:
        changes = compare_documents(old, new, alpha=alpha, test=test)
    count = {k: sum(1 for c in changes if c.change == k) for k in _ORDER}
    sa, sb = _summary(old), _summary(new)
    verdict = (
        f"{count['regressed']} regression(s), {count['improved']} improvement(s), "
        f"{count['changed']} change(s) within chance, "
        f"{count['new']} new, {count['missing']} missing"
        f" — {test}, one-sided p ≤ {alpha:g}"
    )
    breakdowns = [
        _breakdown(title, sa.get(key) or [], sb.get(key) or [], f"by-{key[3:]}")
        for title, key in (("noise level", "by_noise"), ("app", "by_app"), ("tag", "by_tag"))
    ]
    frame_a, frame_b = frame_from_rows(old["rows"]), frame_from_rows(new["rows"])
    session_a = old.get("session") or old.get("environment") or {}
    session_b = new.get("session") or new.get("environment") or {}
    return render(
        "compare.html.j2",
        title="pytest-pare comparison",
        old_name=old_name,
        new_name=new_name,
        regressed=bool(count["regressed"]),
        verdict=verdict,
        figures=_headline_rows(sa, sb) + _spend_rows(spend_of(frame_a), spend_of(frame_b)),
        configs=[("old", config_items(session_a, sa)), ("new", config_items(session_b, sb))],
        breakdowns=[b for b in breakdowns if b.rows],
        counts=list(count.items()),
        changes=_change_rows(changes, spend_by_scenario(frame_a), spend_by_scenario(frame_b)),
        spent=bool(spend_of(frame_a) or spend_of(frame_b)),
        css=asset("report.css") + asset("compare.css"),
        js=asset("compare.js"),
    )
