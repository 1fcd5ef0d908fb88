"""Token, cost, retry and latency accounting: per call, per role and per run.

A call's figures come from the provider's ``usage`` (prompt, completion, and
where reported the cached-prompt and reasoning tokens inside them) and from the
engine (attempts, HTTP 429s, wall-clock latency); they land in the call's
transcript record (``_react.EngineGuard``). :class:`RunUsage` adds the records
up per role, prices them (``pricing``), and gives the run's JSON-safe usage
block, which rides on the result to the row, the reports and the result cache.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pytest_pare.agents.models import ROLES, ResolvedModel
from pytest_pare.agents.pricing import Price, PriceTable, cost_of

__all__ = [
    "TOKEN_KEYS",
    "RoleUsage",
    "RunUsage",
    "latency_figures",
    "run_totals",
    "usage_of_response",
]

#: the token counts of one call, as the engines' metadata and the transcript records name them
TOKEN_KEYS: Final = ("prompt_tokens", "completion_tokens", "cached_tokens", "reasoning_tokens")


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def usage_of_response(response: Any) -> dict[str, int]:
    """The token counts of a litellm (OpenAI-shaped) response; 0 for what it does not report.

    ``cached_tokens`` is the part of the prompt the provider served from its
    cache (OpenAI ``prompt_tokens_details.cached_tokens``; Anthropic's
    ``cache_read_input_tokens``, which litellm maps there), ``reasoning_tokens``
    the part of the completion spent reasoning
    (``completion_tokens_details.reasoning_tokens``).
    """
    usage = getattr(response, "usage", None)
    if usage is None and isinstance(response, Mapping):
        usage = response.get("usage")
    if usage is None:
        return dict.fromkeys((*TOKEN_KEYS, "total_tokens"), 0)
    get = usage.get if isinstance(usage, Mapping) else lambda key: getattr(usage, key, None)
    prompt, completion = _count(get("prompt_tokens")), _count(get("completion_tokens"))
    prompt_details, completion_details = (
        get("prompt_tokens_details"),
        get("completion_tokens_details"),
    )
    cached = _detail(prompt_details, "cached_tokens") or _count(get("cache_read_input_tokens"))
    reasoning = _detail(completion_details, "reasoning_tokens")
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "cached_tokens": min(cached, prompt),
        "reasoning_tokens": min(reasoning, completion),
        "total_tokens": _count(get("total_tokens")) or prompt + completion,
    }


def _detail(details: Any, key: str) -> int:
    if details is None:
        return 0
    if isinstance(details, Mapping):
        return _count(details.get(key))
    return _count(getattr(details, key, None))


def latency_figures(latencies: Iterable[float]) -> tuple[float | None, float | None]:
    """(median, 90th percentile) of call latencies in seconds; (None, None) for no call.

    The percentile interpolates linearly between the two nearest calls (numpy's
    default), so it is a latency some call came close to, not a bucket bound.
    """
    data = sorted(float(x) for x in latencies)
    if not data:
        return None, None
    if len(data) == 1:
        return data[0], data[0]
    p90 = statistics.quantiles(data, n=10, method="inclusive")[8]
    return round(statistics.median(data), 4), round(p90, 4)


@dataclass
class RoleUsage:
    """One role's calls in one run, added up.

    ``cost_usd`` is None when the model has no price (see ``pricing``):
    tokens are still counted, a cost is never made up.
    """

    model: str
    price: Price | None
    calls: int = 0
    failed_calls: int = 0
    retries: int = 0
    rate_limited: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    reasoning_tokens: int = 0
    cost: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one call's transcript record (answered or failed)."""
        self.calls += 1
        if record.get("error"):
            self.failed_calls += 1
        self.retries += _count(record.get("retries"))
        self.rate_limited += _count(record.get("rate_limited"))
        for key in TOKEN_KEYS:
            setattr(self, key, getattr(self, key) + _count(record.get(key)))
        cost = cost_of(self.price, record)
        if cost is not None:
            self.cost += cost
        latency = record.get("latency")
        if isinstance(latency, int | float) and not isinstance(latency, bool):
            self.latencies.append(float(latency))

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def cost_usd(self) -> float | None:
        return None if self.price is None else self.cost

    def to_dict(self) -> dict[str, Any]:
        median, p90 = latency_figures(self.latencies)
        return {
            "model": self.model,
            "priced_by": None if self.price is None else self.price.source,
            "price": None if self.price is None else self.price.per_million(),
            "calls": self.calls,
            "failed_calls": self.failed_calls,
            "retries": self.retries,
            "rate_limited": self.rate_limited,
            **{key: getattr(self, key) for key in TOKEN_KEYS},
            "total_tokens": self.total_tokens,
            "cost_usd": None if self.cost_usd is None else round(self.cost_usd, 8),
            "latency_median": median,
            "latency_p90": p90,
            "latencies": [round(x, 4) for x in self.latencies],
        }


class RunUsage:
    """Every model call of one run, per role: tokens, cost, calls, retries, latencies.

    Args:
        models: ``{role: ResolvedModel}`` of the run's engines.
        prices: the session's price table.
        aliases: ``{role: the model name the user gave}`` (matches ``--pare-price``).
    """

    def __init__(
        self,
        models: Mapping[str, ResolvedModel],
        prices: PriceTable,
        aliases: Mapping[str, str | None] | None = None,
    ) -> None:
        aliases = aliases or {}
        self.roles = {
            role: RoleUsage(
                model=models[role].model,
                price=prices.price_for(models[role], aliases.get(role)),
            )
            for role in ROLES
            if role in models
        }
        #: the calls were answered from a recording (``--pare-replay``): the tokens are the
        #: recorded ones and the cost what the calls would have cost
        self.replayed = False

    def add(self, role: str, records: Iterable[Mapping[str, Any]]) -> None:
        """Count the call records of one turn of ``role``."""
        usage = self.roles[role]
        for record in records:
            usage.add(record)

    @property
    def total_tokens(self) -> int:
        return sum(r.total_tokens for r in self.roles.values())

    @property
    def cost_usd(self) -> float | None:
        """The run's cost; None when a role that made calls has no price."""
        if any(r.cost_usd is None and r.calls for r in self.roles.values()):
            return None
        return sum(r.cost for r in self.roles.values())

    @property
    def known_cost(self) -> float:
        """The cost of the roles that have a price (what a budget can count)."""
        return sum(r.cost for r in self.roles.values() if r.price is not None)

    def to_dict(self) -> dict[str, Any]:
        """The run's usage block: ``{"replayed", "roles": {role: RoleUsage.to_dict()}}``."""
        return {
            "replayed": self.replayed,
            "roles": {role: usage.to_dict() for role, usage in self.roles.items()},
        }


def run_totals(usage: Mapping[str, Any] | None) -> dict[str, Any]:
    """A run's usage block flattened into its row's columns (empty without one).

    ``model_calls``, ``retries``, ``rate_limited``, the token counts, ``cost_usd``
    (None when a role that made calls is unpriced), ``latency_median`` and
    ``latency_p90`` over every call of the run, ``usage_replayed``, and per role
    ``<role>_calls``, ``<role>_tokens`` and ``<role>_cost_usd`` (flat, so the
    parquet file has typed columns to group by).
    """
    if not isinstance(usage, Mapping) or not isinstance(usage.get("roles"), Mapping):
        return {}
    roles = [r for r in usage["roles"].values() if isinstance(r, Mapping)]
    out: dict[str, Any] = {
        "model_calls": sum(_count(r.get("calls")) for r in roles),
        "retries": sum(_count(r.get("retries")) for r in roles),
        "rate_limited": sum(_count(r.get("rate_limited")) for r in roles),
    }
    for key in (*TOKEN_KEYS, "total_tokens"):
        out[key] = sum(_count(r.get(key)) for r in roles)
    unpriced = any(r.get("cost_usd") is None and _count(r.get("calls")) for r in roles)
    costs = [float(r["cost_usd"]) for r in roles if isinstance(r.get("cost_usd"), int | float)]
    out["cost_usd"] = None if unpriced else round(sum(costs), 8)
    latencies = [x for r in roles for x in r.get("latencies") or () if isinstance(x, int | float)]
    out["latency_median"], out["latency_p90"] = latency_figures(latencies)
    out["usage_replayed"] = bool(usage.get("replayed"))
    for role, block in usage["roles"].items():
        if not isinstance(block, Mapping):
            continue
        cost = block.get("cost_usd")
        out[f"{role}_calls"] = _count(block.get("calls"))
        out[f"{role}_tokens"] = _count(block.get("total_tokens"))
        out[f"{role}_cost_usd"] = float(cost) if isinstance(cost, int | float) else None
    return out
