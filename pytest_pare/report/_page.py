"""The report pages' templates and the plain values they are filled with.

The markup lives in ``templates/`` (Jinja2, autoescaped); this module turns a
statistics summary and a session into the figures, lists and chart bars those
templates lay out, so nothing here builds HTML by hand.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from pytest_pare.report._usage_page import usage_section


def pct(x: float | None) -> str:
    """A fraction as a percentage with one decimal, or ``n/a``."""
    return "n/a" if x is None else f"{100 * x:.1f}%"


# How the templates are compiled; part of the bytecode cache's file names, since
# Jinja keys its cache on the template's source only.
_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between processes; one it cannot read or write is skipped.

    Compiling the report's templates costs each process about 18 ms of CPU,
    loading them from here about 1 ms (docs/performance.md, finding 12).
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged or unreadable entry is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a full or read-only folder costs a compile, nothing else


# Where compiled templates are kept: the plugin names a folder in pytest's cache
# (``keep_compiled_templates``); None compiles them in every process.
_COMPILED_FOLDER: list[Path | None] = [None]


def keep_compiled_templates(folder: Path | None) -> None:
    """Keep the templates' compiled code in ``folder`` for later processes (None: do not)."""
    _COMPILED_FOLDER[0] = folder


def environment() -> jinja2.Environment:
    """The template environment of the process (one per compiled-templates folder)."""
    return _environment(_COMPILED_FOLDER[0])


@functools.cache
def _environment(folder: Path | None) -> jinja2.Environment:
    """Built on first use; templates are compiled on first use and kept.

    ``auto_reload`` is off, so a render never looks at the files again. With a
    folder, their compiled code is kept there too, so the next process need not
    compile them; Jinja keys it on each template's source, and the options are
    part of the file names.
    """
    cache = None
    if folder is not None:
        digest = hashlib.sha256(repr(sorted(_OPTIONS.items())).encode()).hexdigest()[:12]
        cache = _BytecodeCache(str(folder), pattern=f"{digest}-%s.cache")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pytest_pare.report", "templates"),
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=cache,
        **_OPTIONS,
    )
    env.filters["pct"] = pct
    return env


def render(template: str, **context: Any) -> str:
    """Render one of ``templates/`` with ``context``."""
    return environment().get_template(template).render(**context)


@functools.cache
def asset(name: str) -> Markup:
    """A bundled stylesheet or script (``assets/``), read once, to inline as it is.

    Marked safe on purpose: these are the package's own files, placed inside
    ``<style>`` and ``<script>``, where HTML escaping would corrupt them.
    """
    text = files("pytest_pare.report").joinpath("assets", name).read_text(encoding="utf-8")
    return Markup(text)


# --- headline figures ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """One headline figure: its value, what it is, and its uncertainty or counts."""

    label: str
    value: str
    detail: str = ""
    ident: str | None = None


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline cards and the note under them (how errors count, which were raised)."""

    cards: list[Card]
    note: str


def headline(s: Mapping[str, Any]) -> Headline:
    """The headline figures with their uncertainty, from a :func:`summarize` dict."""
    k = s.get("k") or 1
    interval = f"Wilson 95% [{pct(s.get('wilson_low'))}, {pct(s.get('wilson_high'))}]" + (
        f" · ±{pct(s['sem'])} SEM" if s.get("sem") is not None else ""
    )
    if k > 1:
        pass_cards = [
            Card(
                f"pass@{k}",
                pct(s.get("pass_at_k")),
                f"pass@1 {pct(s.get('pass_at_1'))}",
                "headline-pass-at-k",
            ),
            Card(
                f"pass^{k}",
                pct(s.get("pass_hat_k")),
                f"over {s.get('cases', 0)} cases",
                "headline-pass-hat-k",
            ),
        ]
    else:
        # With one run per case pass@1 = pass^1: one card, saying how to get pass@k.
        pass_cards = [
            Card(
                "pass@1",
                pct(s.get("pass_at_1")),
                f"over {s.get('cases', 0)} cases (k = 1)",
                "headline-pass-at-k",
            )
        ]
    cards = [
        Card("success rate", pct(s.get("rate")), interval, "headline-rate"),
        *pass_cards,
        Card(
            "passed / runs",
            f"{s.get('passed', 0)} / {s.get('runs', 0)}",
            f"{s.get('failed', 0)} failed · {s.get('errors', 0)} errors"
            + (f" ({s['agent_errors']} agent)" if s.get("agent_errors") else "")
            + (f" ({s['infra_errors']} infra)" if s.get("infra_errors") else "")
            + (f" · {s['cached']} cached" if s.get("cached") else ""),
            "headline-runs",
        ),
    ]
    if s.get("share_of_runs_with_proposal") is not None:
        cards.append(
            Card(
                "runs with a proposal",
                pct(s.get("share_of_runs_with_proposal")),
                f"{s.get('proposals_per_run') or 0:.2f} proposals / run",
                "headline-proposals",
            )
        )
        cards.append(
            Card(
                "acceptance rate",
                pct(s.get("acceptance_rate")),
                f"{s.get('acceptances') or 0} of {s.get('proposals') or 0} accepted",
                "headline-acceptance",
            )
        )
    if s.get("mean_duration") is not None:
        cards.append(Card("mean run duration", f"{s['mean_duration']:.2f} s", "wall clock"))
    note = f"errors {s.get('exceptions_in_success_rate', 'counted as failures')} in every rate"
    if s.get("exception_types"):
        note += " · " + ", ".join(f"{t} ×{n}" for t, n in s["exception_types"].items())
    return Headline(cards, note)


def headline_cards(s: Mapping[str, Any]) -> str:
    """The headline figures as the page shows them (an HTML fragment)."""
    macros = environment().get_template("_macros.html.j2").module
    return str(macros.headline_cards(headline(s)))  # type: ignore[attr-defined]


# --- configuration ------------------------------------------------------------------------


def config_items(session: Mapping[str, Any], summary: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The session's configuration as (name, value) pairs, leaving out unknown ones.

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
    return [(k, v) for k, v in items if v not in (None, "")]


# --- charts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a chart: a group's success rate and its Wilson 95% interval (fractions)."""

    key: str
    short: str
    rate: float | None
    low: float | None
    high: float | None
    successes: int
    trials: int


@dataclass(frozen=True, slots=True)
class BarChart:
    """Horizontal bars of the success rate with interval whiskers; the template lays it out."""

    title: str
    ident: str
    bars: list[Bar]


def bar_chart(title: str, blocks: Sequence[Mapping[str, Any]], ident: str) -> BarChart | None:
    """One chart from :func:`summarize` breakdown blocks (``by_app``, ...); None when empty."""
    if not blocks:
        return None
    bars = []
    for b in blocks:
        key = str(b.get("key"))
        low = b.get("wilson_low")
        bars.append(
            Bar(
                key=key,
                short=key if len(key) <= 22 else key[:21] + "…",
                rate=b.get("rate"),
                low=low,
                high=None if low is None else b["wilson_high"],
                successes=b.get("successes", 0),
                trials=b.get("trials", 0),
            )
        )
    return BarChart(title, ident, bars)


def charts(summary: Mapping[str, Any]) -> list[BarChart]:
    """The charts of the report: success by app, tag, noise level (and model x noise)."""
    specs = [
        ("Success by app", summary.get("by_app") or [], "chart-app"),
        ("Success by capability tag", summary.get("by_tag") or [], "chart-tag"),
        ("Success by noise level", summary.get("by_noise") or [], "chart-noise"),
    ]
    # Groups differ from noise levels only when several model configurations ran.
    if len(summary.get("model_configs") or []) > 1 and len(summary.get("by_group") or []) > 1:
        specs.append(("Success by model x noise", summary["by_group"], "chart-group"))
    return [c for c in (bar_chart(*spec) for spec in specs) if c is not None]


# --- the report page ----------------------------------------------------------------------


def trace_note(traces: int, traces_left_out: int) -> str:
    """How many run traces the page carries, and where the others are."""
    if not (traces or traces_left_out):
        return "No traces were exported (run with --pare-export)."
    note = f"{traces} run traces included."
    if traces_left_out:
        note += (
            f" {traces_left_out} more were left out to keep this file small"
            " (failed runs first); they are in the results folder's trace files."
        )
    return note


def notices(
    completion: Mapping[str, Any] | None, summary: Mapping[str, Any]
) -> list[tuple[str, list[str]]]:
    """The warnings shown under the title: an incomplete session, oracle steps that raised."""
    out: list[tuple[str, list[str]]] = []
    if completion and (completion.get("interrupted") or completion.get("complete") is False):
        head = "Session interrupted" if completion.get("interrupted") else "Session incomplete"
        lines = [
            f"{completion.get('reported', 0)} of {completion.get('selected', 0)} selected runs "
            "reported a result; the others are counted as errors "
            f"({completion.get('crashed', 0)} lost to a crashed worker, "
            f"{completion.get('not_run', 0)} never reported)."
        ]
        if completion.get("reason"):
            lines.append(f"Why: {completion['reason']}")
        out.append((head, lines))
    found = summary.get("oracle_step_errors")
    if found:
        lines = [
            f"{e['scenario_id']} run {e['run_number']} ({e['status']}, {e['steps']} step(s)): "
            f"{e['first']}"
            for e in found.get("examples") or []
        ]
        if found["runs"] > len(lines):
            lines.append(f"and {found['runs'] - len(lines)} more run(s)")
        lines.append("--pare-strict-oracle fails such runs.")
        out.append(
            (
                f"Oracle steps raised in {found['runs']} run(s) ({found['passed']} passed anyway)",
                lines,
            )
        )
    return out


def page(
    *,
    title: str,
    session: Mapping[str, Any],
    summary: Mapping[str, Any],
    gate: Mapping[str, Any] | None,
    data_json: Markup,
    traces: int,
    traces_left_out: int = 0,
    completion: Mapping[str, Any] | None = None,
) -> str:
    """The whole report page.

    Args:
        data_json: the page data, already safe to place inside ``<script>``
            (see ``html._json_for_script``); the page script reads it.
    """
    subtitle = (
        " · ".join(str(x) for x in (session.get("date"), session.get("command")) if x)
        or "PARE scenario results"
    )
    return render(
        "report.html.j2",
        title=title,
        subtitle=subtitle,
        gate=gate if gate and gate.get("reason") else None,
        notices=notices(completion, summary),
        headline=headline(summary),
        config=config_items(session, summary),
        charts=charts(summary),
        usage=usage_section(summary),
        cached=bool(summary.get("cached")),
        trace_note=trace_note(traces, traces_left_out),
        data_json=data_json,
        css=asset("report.css"),
        js=asset("report.js"),
    )
