"""Server-side HTML pieces of the report pages: headline cards, configuration, SVG charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def e(value: Any) -> str:
    return escape("" if value is None else str(value))


def card(label: str, value: str, detail: str = "", ident: str | None = None) -> str:
    id_attr = f' id="{e(ident)}"' if ident else ""
    return (
        f'<div class="card"{id_attr}><div class="v">{e(value)}</div>'
        f'<div class="l">{e(label)}</div><div class="d muted">{e(detail)}</div></div>'
    )


def headline_cards(s: Mapping[str, Any]) -> str:
    """The headline figures with their uncertainty."""
    k = s.get("k") or 1
    interval = f"Wilson 95% [{pct(s.get('wilson_low'))}, {pct(s.get('wilson_high'))}]" + (
        f" · ±{pct(s['sem'])} SEM" if s.get("sem") is not None else ""
    )
    if k > 1:
        pass_cards = [
            card(
                f"pass@{k}",
                pct(s.get("pass_at_k")),
                f"pass@1 {pct(s.get('pass_at_1'))}",
                "headline-pass-at-k",
            ),
            card(
                f"pass^{k}",
                pct(s.get("pass_hat_k")),
                f"over {s.get('cases', 0)} cases",
                "headline-pass-hat-k",
            ),
        ]
    else:
        # With one run per case pass@1 = pass^1: one card, saying how to get pass@k.
        pass_cards = [
            card(
                "pass@1",
                pct(s.get("pass_at_1")),
                f"over {s.get('cases', 0)} cases (k = 1)",
                "headline-pass-at-k",
            )
        ]
    cards = [
        card("success rate", pct(s.get("rate")), interval, "headline-rate"),
        *pass_cards,
        card(
            "passed / runs",
            f"{s.get('passed', 0)} / {s.get('runs', 0)}",
            f"{s.get('failed', 0)} failed · {s.get('errors', 0)} errors"
            + (f" · {s['cached']} cached" if s.get("cached") else ""),
            "headline-runs",
        ),
    ]
    if s.get("proposal_rate") is not None:
        cards.append(
            card(
                "proposal rate",
                pct(s.get("proposal_rate")),
                f"{s.get('proposals_per_run') or 0:.2f} proposals / run",
                "headline-proposals",
            )
        )
        cards.append(
            card(
                "acceptance rate",
                pct(s.get("acceptance_rate")),
                f"{s.get('acceptances') or 0} of {s.get('proposals') or 0} accepted",
                "headline-acceptance",
            )
        )
    if s.get("mean_duration") is not None:
        cards.append(card("mean run duration", f"{s['mean_duration']:.2f} s", "wall clock"))
    note = f"errors {s.get('exceptions_in_success_rate', 'counted as failures')} in every rate"
    if s.get("exception_types"):
        note += " · " + ", ".join(f"{t} ×{n}" for t, n in s["exception_types"].items())
    return f'<div class="cards">{"".join(cards)}</div><p class="muted">{e(note)}</p>'


def config_list(session: Mapping[str, Any], summary: Mapping[str, Any]) -> str:
    """The session's configuration as a definition list (every entry optional).

    Reads the names of ``results.json`` ``session`` (or the plugin's
    ``environment``): date, mode/oracle, models, noise, seed, runs, versions.
    """
    models = session.get("models") or {}
    mode = session.get("mode") or ("oracle" if session.get("oracle") else None)
    if mode is None and models:
        mode = "agent"
    if mode is None:
        mode = ", ".join(summary.get("model_configs") or []) or None
    # The rows' noise ids (what the charts and the grid show: "clean", not "tfp0-epm0")
    # win over the session's configured list.
    noise = [b["key"] for b in summary.get("by_noise") or []] or session.get("noise") or []
    items: list[tuple[str, Any]] = [
        ("date", session.get("date")),
        ("mode", mode),
        *[(f"{role} model", models.get(role)) for role in ("user", "observe", "execute")],
        ("noise levels", ", ".join(str(n) for n in noise)),
        ("seed", session.get("seed")),
        ("runs per scenario", session.get("runs") or summary.get("k")),
        ("split", session.get("split")),
        ("scenarios", summary.get("scenarios")),
        ("pytest-pare", session.get("pytest_pare_version") or session.get("pytest_pare")),
        ("ARE", session.get("are_version") or session.get("are")),
        ("python", session.get("python")),
        ("platform", session.get("platform")),
        ("command", session.get("command")),
    ]
    body = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in items if v not in (None, ""))
    return f'<dl class="config" id="config">{body}</dl>'


def gate_banner(gate: Mapping[str, Any] | None) -> str:
    if not gate or not gate.get("reason"):
        return ""
    reason = list(gate["reason"])
    cls = "ok" if gate.get("passed") else "bad"
    rest = "".join(f"<div>{e(line)}</div>" for line in reason[1:])
    return f'<div class="gate {cls}" id="gate">{e(reason[0])}{rest}</div>'


def bar_chart(title: str, blocks: Sequence[Mapping[str, Any]], ident: str) -> str:
    """Horizontal bars of the success rate with Wilson 95% interval whiskers."""
    if not blocks:
        return ""
    label_w, bar_w, value_w, row_h = 150, 240, 110, 22
    width, height = label_w + bar_w + value_w, row_h * len(blocks) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}">'
    ]
    for frac in (0.0, 0.5, 1.0):
        x = label_w + frac * bar_w
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 16}" stroke="#d0d7de"/>'
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle">{int(frac * 100)}%</text>'
        )
    for i, b in enumerate(blocks):
        y = i * row_h + 3
        key = str(b.get("key"))
        short = key if len(key) <= 22 else key[:21] + "…"
        parts.append(
            f"<g><title>{e(key)}</title>"
            f'<text class="key" x="{label_w - 6}" y="{y + 13}" text-anchor="end">'
            f"{e(short)}</text></g>"
        )
        rate = b.get("rate")
        if rate is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{rate * bar_w:.1f}" height="14" '
                f'fill="#54aeff" rx="2"><title>{e(key)}: {pct(rate)}</title></rect>'
            )
        if b.get("wilson_low") is not None:
            lo, hi = label_w + b["wilson_low"] * bar_w, label_w + b["wilson_high"] * bar_w
            mid = y + 9
            parts.append(
                f'<path d="M{lo:.1f} {mid}H{hi:.1f}M{lo:.1f} {mid - 5}V{mid + 5}'
                f'M{hi:.1f} {mid - 5}V{mid + 5}" '
                f'stroke="#1f2328" stroke-width="1.3" fill="none"/>'
            )
        parts.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 13}">{pct(rate)} '
            f"({b.get('successes', 0)}/{b.get('trials', 0)})</text>"
        )
    parts.append("</svg>")
    return f'<div class="chart" id="{e(ident)}"><h3>{e(title)}</h3>{"".join(parts)}</div>'


def charts(summary: Mapping[str, Any]) -> str:
    out = [
        bar_chart("Success by app", summary.get("by_app") or [], "chart-app"),
        bar_chart("Success by capability tag", summary.get("by_tag") or [], "chart-tag"),
        bar_chart("Success by noise level", summary.get("by_noise") or [], "chart-noise"),
    ]
    # Groups differ from noise levels only when several model configurations ran.
    if len(summary.get("model_configs") or []) > 1 and len(summary.get("by_group") or []) > 1:
        out.append(bar_chart("Success by model x noise", summary["by_group"], "chart-group"))
    note = "Bars: success rate; whiskers: Wilson 95% interval."
    return f'<div class="charts">{"".join(out)}</div><p class="muted">{note}</p>'


LEGEND = (
    '<div class="legend"><span><i class="sw o-passed"></i>passed</span>'
    '<span><i class="sw o-failed"></i>failed</span><span><i class="sw o-error"></i>error</span>'
    '<span><i class="sw o-no_validation"></i>not validated</span></div>'
)


def legend(summary: Mapping[str, Any]) -> str:
    """The run grid's colour key; dotted cells (cached runs) are explained when there are any."""
    if not summary.get("cached"):
        return LEGEND
    cached = '<span><i class="sw o-passed cached"></i>dotted: served from the result cache</span>'
    return LEGEND.removesuffix("</div>") + cached + "</div>"


def page(
    *,
    title: str,
    session: Mapping[str, Any],
    summary: Mapping[str, Any],
    gate: Mapping[str, Any] | None,
    data_json: str,
    css: str,
    js: str,
    traces: int,
    traces_left_out: int = 0,
) -> str:
    """The whole report page."""
    subtitle = (
        " · ".join(str(x) for x in (session.get("date"), session.get("command")) if x)
        or "PARE scenario results"
    )
    if traces or traces_left_out:
        trace_note = f"{traces} run traces included."
        if traces_left_out:
            trace_note += (
                f" {traces_left_out} more were left out to keep this file small"
                " (failed runs first); they are in the results folder's trace files."
            )
    else:
        trace_note = "No traces were exported (run with --pare-export)."
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>{css}</style></head>
<body>
<header><h1>{e(title)}</h1><div class="muted">{e(subtitle)}</div>{gate_banner(gate)}</header>
<main>
<section id="trace" class="panel" hidden></section>
<section id="details" class="panel" hidden></section>
<section id="overview"><h2>Overview</h2>{headline_cards(summary)}
{config_list(session, summary)}</section>
<section id="charts"><h2>Where it succeeds</h2>{charts(summary)}</section>
<section id="grid-section"><h2>Scenario × run</h2>{legend(summary)}
<p class="muted">Click a cell for its trace or details. {e(trace_note)}</p>
<div id="grid"></div></section>
<section id="scenarios"><h2>Scenarios</h2>
<div class="filters">
<input id="f-q" type="search" placeholder="filter: id, app, tag, rationale"
 aria-label="text filter">
<select id="f-status" aria-label="status"><option value="">any status</option>
<option value="passed">all passed</option>
<option value="failing">any failure or error</option><option value="failed">failed</option>
<option value="mixed">mixed (flaky)</option><option value="error">has errors</option></select>
<select id="f-app" aria-label="app"><option value="">any app</option></select>
<select id="f-tag" aria-label="tag"><option value="">any tag</option></select>
<span id="table-count" class="muted"></span></div>
<table class="data"><thead><tr><th data-sort="id">scenario</th>
<th data-sort="apps">apps</th><th>tags</th>
<th>runs</th><th data-sort="rate">passed</th><th>first failure</th></tr></thead>
<tbody id="scenario-rows"></tbody></table>
<noscript><p>The scenario table needs JavaScript; the figures above do not.</p></noscript>
</section>
</main>
<script type="application/json" id="pare-data">{data_json}</script>
<script>{js}</script>
</body></html>
"""
