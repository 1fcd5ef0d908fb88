"""Two results files side by side: headline figures, breakdowns and per-scenario changes.

Regressions are judged exactly as the baseline gate judges them
(:func:`pytest_pare.report.gate.compare_runs`), so a comparison page and a CI
gate never disagree about what regressed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pytest_pare.report._page import config_list, e, pct
from pytest_pare.report.baseline import first_line
from pytest_pare.report.gate import (
    DEFAULT_ALPHA,
    BaselineTest,
    ScenarioChange,
    compare_runs,
)
from pytest_pare.report.html import asset
from pytest_pare.report.stats import (
    ResultsFrameError,
    frame_from_rows,
    summarize,
    with_derived_columns,
)

_ORDER = {"regressed": 0, "improved": 1, "changed": 2, "new": 3, "missing": 4, "unchanged": 5}
_CHANGE_STYLE = """
.ch-regressed td.change { color: #82071e; font-weight: 600; } .ch-regressed { background: #ffebe9; }
.ch-improved td.change { color: #116329; font-weight: 600; } .ch-improved { background: #dafbe1; }
.ch-new td.change, .ch-missing td.change { color: #9a6700; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
#headline { width: auto; min-width: 520px; } #headline td.num, #headline th.num { min-width: 90px; }
.up { color: #116329; } .down { color: #82071e; }
"""
_FILTER_JS = """
(function () {
  const q = document.getElementById("c-q"), ch = document.getElementById("c-change");
  const rows = [...document.querySelectorAll("#change-rows tr")];
  function apply() {
    const text = q.value.toLowerCase(), want = ch.value;
    let shown = 0;
    for (const r of rows) {
      const ok = (!text || r.dataset.key.toLowerCase().includes(text)) &&
        (!want || r.dataset.change === want);
      r.hidden = !ok; if (ok) shown++;
    }
    document.getElementById("c-count").textContent = shown + " of " + rows.length;
  }
  q.addEventListener("input", apply); ch.addEventListener("input", apply);
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("change")) ch.value = params.get("change");
  if (params.get("q")) q.value = params.get("q");
  apply();
})();
"""


class ResultsFileError(ValueError):
    """A results file that cannot be compared; the message names the path and the problem."""


def load_results(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a ``results.json`` (or a baseline file) and make sure it has usable rows."""
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsFileError(f"{p}: file not found; pass a results.json from a session") from None
    except OSError as exc:
        raise ResultsFileError(f"{p}: cannot read it ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise ResultsFileError(f"{p}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        raise ResultsFileError(f"{p}: no 'rows' list; pass a results.json written by pytest-pare")
    try:
        # Casting the required columns is where wrongly typed values show up
        # (a run number "x", a success "yes"): name the file, not a polars frame.
        with_derived_columns(frame_from_rows(doc["rows"], source=str(p)))
    except ResultsFrameError as exc:
        raise ResultsFileError(str(exc)) from None
    except pl.exceptions.PolarsError as exc:
        raise ResultsFileError(
            f"{p}: its rows hold values of the wrong type ({first_line(exc)}); "
            "pass a results.json written by pytest-pare"
        ) from None
    return doc


def _summary(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    return doc.get("summary") or summarize(frame_from_rows(doc["rows"]))


def _delta(old: float | None, new: float | None) -> str:
    if old is None or new is None:
        return ""
    d = 100 * (new - old)
    cls = "up" if d > 0.05 else "down" if d < -0.05 else "muted"
    return f'<span class="{cls}">{d:+.1f} pts</span>'


def _rate(block: Mapping[str, Any] | None) -> float | None:
    return None if block is None else block.get("rate")


def _headline_table(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    ka, kb = a.get("k"), b.get("k")
    rows = [
        ("success rate", "rate"),
        ("Wilson 95% lower bound", "wilson_low"),
        ("Wilson 95% upper bound", "wilson_high"),
        ("pass@1", "pass_at_1"),
        (f"pass@k (k={ka} / {kb})", "pass_at_k"),
        (f"pass^k (k={ka} / {kb})", "pass_hat_k"),
        ("proposal rate", "proposal_rate"),
        ("acceptance rate", "acceptance_rate"),
    ]
    body = "".join(
        f'<tr><td>{e(label)}</td><td class="num">{pct(a.get(key))}</td>'
        f'<td class="num">{pct(b.get(key))}</td>'
        f'<td class="num">{_delta(a.get(key), b.get(key))}</td></tr>'
        for label, key in rows
    )
    counts = "".join(
        f'<tr><td>{label}</td><td class="num">{e(a.get(key))}</td>'
        f'<td class="num">{e(b.get(key))}</td><td></td></tr>'
        for label, key in (("scenarios", "scenarios"), ("runs", "runs"), ("errors", "errors"))
    )
    return (
        '<table class="data" id="headline"><thead><tr><th>figure</th><th class="num">old</th>'
        f'<th class="num">new</th><th class="num">change</th></tr></thead><tbody>{body}{counts}'
        "</tbody></table>"
    )


def _breakdown_table(title: str, a: Sequence[Mapping], b: Sequence[Mapping], ident: str) -> str:
    old, new = {x["key"]: x for x in a}, {x["key"]: x for x in b}
    if not old and not new:
        return ""

    def cell(block: Mapping | None) -> str:
        if not block:
            return '<td class="num muted">-</td>'
        return (
            f'<td class="num">{pct(block.get("rate"))} '
            f'<span class="muted">[{pct(block.get("wilson_low"))}, {pct(block.get("wilson_high"))}]'
            f" {block.get('successes', 0)}/{block.get('trials', 0)}</span></td>"
        )

    body = "".join(
        f"<tr><td>{e(key)}</td>{cell(old.get(key))}{cell(new.get(key))}"
        f'<td class="num">{_delta(_rate(old.get(key)), _rate(new.get(key)))}</td></tr>'
        for key in sorted(old.keys() | new.keys())
    )
    return (
        f'<h3>{e(title)}</h3><table class="data" id="{ident}"><thead><tr><th>{e(title)}</th>'
        '<th class="num">old</th><th class="num">new</th><th class="num">change</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _change_rows(changes: Sequence[ScenarioChange]) -> str:
    ordered = sorted(changes, key=lambda c: (_ORDER[c.change], c.key))
    return "".join(
        f'<tr class="ch-{c.change}" data-key="{e(c.key)}" data-change="{c.change}">'
        f"<td>{e(c.key)}</td>"
        f'<td class="num">{c.counts().split(" -> ")[0]}</td>'
        f'<td class="num">{c.counts().split(" -> ")[1]}</td>'
        f'<td class="change">{c.change}</td>'
        f'<td class="num">{"" if c.p_value is None else f"{c.p_value:.3g}"}</td></tr>'
        for c in ordered
    )


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
    verdict_cls = "bad" if count["regressed"] else "ok"
    verdict = (
        f"{count['regressed']} regression(s), {count['improved']} improvement(s), "
        f"{count['changed']} change(s) within chance, "
        f"{count['new']} new, {count['missing']} missing"
        f" — {test}, one-sided p ≤ {alpha:g}"
    )
    options = "".join(f'<option value="{k}">{k} ({count[k]})</option>' for k in _ORDER)
    breakdowns = "".join(
        _breakdown_table(title, sa.get(key) or [], sb.get(key) or [], f"by-{key[3:]}")
        for title, key in (("noise level", "by_noise"), ("app", "by_app"), ("tag", "by_tag"))
    )
    session_a = old.get("session") or old.get("environment") or {}
    session_b = new.get("session") or new.get("environment") or {}
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pytest-pare comparison</title>
<style>{asset("report.css")}{_CHANGE_STYLE}</style></head>
<body>
<header><h1>pytest-pare comparison</h1>
<div class="muted">old: {e(old_name)} · new: {e(new_name)}</div>
<div class="gate {verdict_cls}" id="verdict">{e(verdict)}</div></header>
<main>
<section id="figures"><h2>Headline figures</h2>{_headline_table(sa, sb)}</section>
<section id="configs"><h2>Configuration</h2><div class="side">
<div><h3>old</h3>{config_list(session_a, sa)}</div>
<div><h3>new</h3>{config_list(session_b, sb)}</div>
</div></section>
<section id="breakdowns"><h2>Breakdowns</h2>{breakdowns}</section>
<section id="changes"><h2>Per scenario</h2>
<div class="filters">
<input id="c-q" type="search" placeholder="filter scenarios" aria-label="filter">
<select id="c-change" aria-label="change"><option value="">any change</option>{options}</select>
<span id="c-count" class="muted"></span></div>
<table class="data"><thead><tr><th>scenario</th><th class="num">old passed</th>
<th class="num">new passed</th><th>change</th><th class="num">p</th></tr></thead>
<tbody id="change-rows">{_change_rows(changes)}</tbody></table></section>
</main>
<script>{_FILTER_JS}</script>
</body></html>
"""
