"""What a session's model calls cost: the ``usage`` block of the summary, and its text lines.

Built from the rows' usage blocks (``agents.usage.RunUsage.to_dict``, JSON
text in a frame): tokens, cost, calls, retries and latency per role, per app
and per scenario, the prices used, and a note for each model without a price.
An oracle session's rows have no usage block, so its summary has no ``usage``.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import polars as pl

__all__ = [
    "TOKEN_KEYS",
    "price_note",
    "relative_change",
    "spend_by_scenario",
    "spend_delta",
    "spend_line",
    "spend_of",
    "usage_lines",
    "usage_summary",
]

#: the token counts a usage block adds up, in the order reports show them
TOKEN_KEYS: Final = (
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "reasoning_tokens",
    "total_tokens",
)
_ROLES: Final = ("user", "observe", "execute")
_COUNTS: Final = ("calls", "failed_calls", "retries", "rate_limited", *TOKEN_KEYS)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _block(value: Any) -> Mapping[str, Any] | None:
    """A row's usage block: a mapping, or the JSON text a frame made of one."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, Mapping) and isinstance(value.get("roles"), Mapping):
        return value
    return None


def _latencies(values: Sequence[float]) -> tuple[float | None, float | None]:
    data = sorted(values)
    if not data:
        return None, None
    if len(data) == 1:
        return round(data[0], 4), round(data[0], 4)
    p90 = statistics.quantiles(data, n=10, method="inclusive")[8]
    return round(statistics.median(data), 4), round(p90, 4)


class _Tally:
    """Calls, tokens, cost and latencies added up over some roles of some runs."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(_COUNTS, 0)
        self.cost = 0.0
        self.unpriced = False
        self.latencies: list[float] = []
        self.runs = 0
        self.passed = 0

    def add_role(self, role: Mapping[str, Any]) -> None:
        for key in _COUNTS:
            self.counts[key] += _int(role.get(key))
        cost = _number(role.get("cost_usd"))
        if cost is None:
            self.unpriced = self.unpriced or _int(role.get("calls")) > 0
        else:
            self.cost += cost
        self.latencies += [x for x in map(_number, role.get("latencies") or ()) if x is not None]

    def to_dict(self) -> dict[str, Any]:
        median, p90 = _latencies(self.latencies)
        return {
            **self.counts,
            "cost_usd": None if self.unpriced else round(self.cost, 8),
            "latency_median": median,
            "latency_p90": p90,
        }


def price_note(model: str) -> str:
    """The one line telling how to price a model that has no price."""
    return f"price unknown for {model}: --pare-price {model}=IN/OUT (USD per million tokens)"


def usage_summary(df: pl.DataFrame) -> dict[str, Any] | None:
    """The session's ``usage`` block, or None when no run called a model (oracle).

    Returns:
        The totals (``calls``, ``failed_calls``, ``retries``, ``rate_limited``,
        the token counts, ``cost_usd`` — None when a model that was called has no
        price —, ``latency_median``, ``latency_p90``), ``runs`` (runs with a usage
        block), ``replayed`` (runs answered from a recording: their tokens are the
        recorded ones, their cost what the calls would have cost), ``by_role``
        (``{role: totals + "models"}``), ``by_app`` and ``by_scenario`` (lists of
        totals with ``key``, ``runs``, ``passed`` and ``success_rate``), ``prices``
        (``{model: USD per million tokens and source}``), ``unpriced`` (models
        called without a price) and ``notes`` (one :func:`price_note` each).
    """
    if "usage" not in df.columns:
        return None
    columns = [c for c in ("scenario_id", "status", "apps", "usage") if c in df.columns]
    total = _Tally()
    by_role: dict[str, _Tally] = {}
    role_models: dict[str, set[str]] = {}
    by_app: dict[str, _Tally] = {}
    by_scenario: dict[str, _Tally] = {}
    prices: dict[str, Any] = {}
    unpriced: set[str] = set()
    runs = replayed = 0
    for row in df.select(columns).iter_rows(named=True):
        block = _block(row.get("usage"))
        if block is None:
            continue
        runs += 1
        replayed += bool(block.get("replayed"))
        passed = row.get("status") == "passed"
        groups = [by_scenario.setdefault(str(row.get("scenario_id")), _Tally())]
        groups += [by_app.setdefault(str(app), _Tally()) for app in _apps(row.get("apps"))]
        for group in (total, *groups):
            group.runs += 1
            group.passed += passed
        for role, figures in block["roles"].items():
            if not isinstance(figures, Mapping):
                continue
            model = str(figures.get("model") or "?")
            by_role.setdefault(role, _Tally()).add_role(figures)
            role_models.setdefault(role, set()).add(model)
            for group in (total, *groups):
                group.add_role(figures)
            if isinstance(figures.get("price"), Mapping):
                prices[model] = dict(figures["price"])
            elif _int(figures.get("calls")):
                unpriced.add(model)
    if not runs:
        return None
    return {
        **total.to_dict(),
        "runs": runs,
        "replayed": replayed,
        "by_role": {
            role: {**by_role[role].to_dict(), "models": sorted(role_models[role])}
            for role in sorted(by_role, key=_role_order)
        },
        "by_app": _listed(by_app),
        "by_scenario": _listed(by_scenario),
        "prices": {model: prices[model] for model in sorted(prices)},
        "unpriced": sorted(unpriced),
        "notes": [price_note(model) for model in sorted(unpriced)],
    }


def _role_order(role: str) -> tuple[int, str]:
    return (_ROLES.index(role) if role in _ROLES else len(_ROLES), role)


def _apps(value: Any) -> Iterable[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    return value if isinstance(value, list | tuple | pl.Series) else ()


def _listed(groups: Mapping[str, _Tally]) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "runs": tally.runs,
            "passed": tally.passed,
            "success_rate": tally.passed / tally.runs if tally.runs else None,
            **tally.to_dict(),
        }
        for key, tally in sorted(groups.items())
    ]


def _tokens(n: int) -> str:
    return f"{n:,}"


def _usd(value: float) -> str:
    return f"${value:.4f}" if value < 100 else f"${value:,.2f}"


def usage_lines(usage: Mapping[str, Any] | None) -> list[str]:
    """The summary's tokens-and-cost lines (terminal, ``report.txt``); none without usage."""
    if not usage:
        return []
    roles = usage.get("by_role") or {}
    detail = f"prompt {_tokens(usage['prompt_tokens'])}"
    if usage.get("cached_tokens"):
        detail += f" ({_tokens(usage['cached_tokens'])} cached)"
    detail += f", completion {_tokens(usage['completion_tokens'])}"
    if usage.get("reasoning_tokens"):
        detail += f" ({_tokens(usage['reasoning_tokens'])} reasoning)"
    per_role = " · ".join(f"{role} {_tokens(r['total_tokens'])}" for role, r in roles.items())
    lines = [f"tokens {_tokens(usage['total_tokens'])} ({detail}): {per_role}"]
    if usage.get("cost_usd") is not None:
        costs = " · ".join(
            f"{role} {_usd(r['cost_usd'])}"
            for role, r in roles.items()
            if r["cost_usd"] is not None
        )
        lines.append(f"cost {_usd(usage['cost_usd'])}: {costs}")
    else:
        lines += [f"cost: {note}" for note in usage.get("notes") or ()]
    latency = ""
    if usage.get("latency_median") is not None:
        latency = (
            f", latency median {usage['latency_median']:.2f} s, p90 {usage['latency_p90']:.2f} s"
        )
    failed = f" ({usage['failed_calls']} failed)" if usage.get("failed_calls") else ""
    limited = f" ({usage['rate_limited']} rate-limited)" if usage.get("rate_limited") else ""
    lines.append(
        f"model calls {usage['calls']}{failed}, {usage['retries']} retries{limited}{latency}"
    )
    if usage.get("replayed"):
        lines.append(
            f"replayed: {usage['replayed']} of {usage['runs']} run(s) answered from a recording "
            "(their tokens are the recorded ones, their cost what the calls would have cost)"
        )
    return lines


# -- spend of two sessions side by side (compare, baseline) --------------------------------------


def spend_of(df: pl.DataFrame) -> dict[str, Any] | None:
    """Tokens and cost per run of a frame's agent runs, or None when none called a model.

    Read from the flat columns (``total_tokens``, ``cost_usd``), so a baseline
    file, which keeps only those, compares as a whole results file does. The cost
    is None when a run that called a model had no price.
    """
    if "total_tokens" not in df.columns:
        return None
    spent = df.filter(pl.col("total_tokens").is_not_null())
    if spent.is_empty():
        return None
    runs = spent.height
    tokens = int(spent["total_tokens"].cast(pl.Int64).sum())
    cost: float | None = None
    if "cost_usd" in spent.columns and spent["cost_usd"].null_count() == 0:
        cost = float(spent["cost_usd"].cast(pl.Float64).sum())
    return {
        "runs": runs,
        "total_tokens": tokens,
        "cost_usd": cost,
        "tokens_per_run": tokens / runs,
        "cost_per_run": None if cost is None else cost / runs,
    }


def spend_by_scenario(df: pl.DataFrame) -> dict[tuple[str, str], dict[str, Any]]:
    """:func:`spend_of` per (scenario id, noise id), as the comparison keys its changes."""
    if "total_tokens" not in df.columns or df.is_empty():
        return {}
    noise = (
        pl.col("noise_id").cast(pl.String).fill_null("clean")
        if "noise_id" in df.columns
        else pl.lit("clean")
    )
    keyed = df.with_columns(pl.col("scenario_id").cast(pl.String), noise.alias("_noise"))
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for (sid, noise_id), group in keyed.group_by(["scenario_id", "_noise"], maintain_order=True):
        spend = spend_of(group)
        if spend is not None:
            out[(str(sid), str(noise_id))] = spend
    return out


def relative_change(old: float | None, new: float | None) -> float | None:
    """``new`` against ``old`` as a fraction (+0.25 = 25% more); None without both or old 0."""
    if old is None or new is None or old == 0:
        return None
    return (new - old) / old


def _change(old: float | None, new: float | None) -> str:
    change = relative_change(old, new)
    return "" if change is None else f" ({100 * change:+.1f}%)"


def spend_delta(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    """Tokens and cost per run, old and new, and their relative changes (JSON-safe)."""
    if not old or not new:
        return {}
    out: dict[str, Any] = {}
    for key in ("tokens_per_run", "cost_per_run"):
        before, after = old.get(key), new.get(key)
        out[key] = {"old": before, "new": after, "change": relative_change(before, after)}
    return out


def spend_line(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> str | None:
    """One line: tokens and cost per run, old -> new with the change; None without both."""
    if not old or not new:
        return None
    line = f"tokens per run {old['tokens_per_run']:,.0f} -> {new['tokens_per_run']:,.0f}" + _change(
        old["tokens_per_run"], new["tokens_per_run"]
    )
    if old.get("cost_per_run") is not None and new.get("cost_per_run") is not None:
        line += (
            f"; cost per run {_usd(old['cost_per_run'])} -> {_usd(new['cost_per_run'])}"
            + _change(old["cost_per_run"], new["cost_per_run"])
        )
    else:
        line += "; cost per run unknown (a model without a price)"
    return line
