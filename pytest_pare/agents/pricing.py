"""What a model call costs: litellm's bundled price map, and the prices the user gives.

The map is read as the JSON file litellm ships (found without importing
litellm, which takes seconds), so a replayed session, which calls no model and
imports no litellm, still knows what its calls would have cost. A model found in
neither the user's prices (``--pare-price``) nor the map has no price: its calls
are counted in tokens only, never given a made-up cost.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pytest_pare.agents.models import ResolvedModel

__all__ = ["BUNDLED_MAP_NAME", "Price", "PriceTable", "bundled_price_map"]

#: the price map's file inside the litellm package (the copy litellm itself falls back on)
BUNDLED_MAP_NAME: Final = "model_prices_and_context_window_backup.json"

_PER_MILLION: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class Price:
    """USD per token of one model, and where the price came from.

    Attributes:
        input: a prompt token.
        output: a completion token (reasoning tokens included, as providers bill them).
        cached_input: a prompt token served from the provider's cache (None: ``input``).
        reasoning: a reasoning token, when billed apart (None: ``output``).
        source: ``"litellm"`` (the bundled map), ``"--pare-price"`` or ``"scripted"``.
    """

    input: float
    output: float
    cached_input: float | None = None
    reasoning: float | None = None
    source: str = "litellm"

    def cost(self, prompt: int, completion: int, cached: int = 0, reasoning: int = 0) -> float:
        """USD of one call; ``cached`` is part of ``prompt``, ``reasoning`` of ``completion``."""
        cached = min(max(cached, 0), prompt)
        reasoning = min(max(reasoning, 0), completion)
        cached_rate = self.input if self.cached_input is None else self.cached_input
        reasoning_rate = self.output if self.reasoning is None else self.reasoning
        return (
            (prompt - cached) * self.input
            + cached * cached_rate
            + (completion - reasoning) * self.output
            + reasoning * reasoning_rate
        )

    def per_million(self) -> dict[str, Any]:
        """The price as people write it: USD per million tokens, and where it came from."""

        def scaled(rate: float | None) -> float | None:
            return None if rate is None else round(rate * _PER_MILLION, 6)

        return {
            "input": scaled(self.input),
            "output": scaled(self.output),
            "cached_input": scaled(self.cached_input),
            "reasoning": scaled(self.reasoning),
            "source": self.source,
        }


_FREE: Final = Price(0.0, 0.0, source="scripted")

_MAP: list[Mapping[str, Any] | None] = []
_MAP_LOCK = threading.Lock()


def bundled_price_map() -> Mapping[str, Any]:
    """litellm's bundled price map (``{model: {"input_cost_per_token", ...}}``), read once.

    Empty when litellm is not installed or its file cannot be read: every model
    is then unpriced unless ``--pare-price`` names it.
    """
    with _MAP_LOCK:
        if not _MAP:
            _MAP.append(_read_bundled())
        return _MAP[0] or {}


def _read_bundled() -> Mapping[str, Any] | None:
    try:
        spec = importlib.util.find_spec("litellm")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        try:
            data = json.loads((Path(folder) / BUNDLED_MAP_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return None


def _from_map(entry: Any) -> Price | None:
    if not isinstance(entry, Mapping):
        return None
    prompt, completion = entry.get("input_cost_per_token"), entry.get("output_cost_per_token")
    if not isinstance(prompt, int | float) or not isinstance(completion, int | float):
        return None
    cached = entry.get("cache_read_input_token_cost")
    reasoning = entry.get("output_cost_per_reasoning_token")
    return Price(
        float(prompt),
        float(completion),
        float(cached) if isinstance(cached, int | float) else None,
        float(reasoning) if isinstance(reasoning, int | float) else None,
    )


class PriceTable:
    """The price of each model: the user's prices first, then litellm's bundled map.

    Args:
        custom: ``--pare-price`` entries (``options.values.CustomPrice``: ``model``,
            ``input``, ``output``, ``cached`` in USD per million tokens); a later
            entry for the same model wins.
        bundled: the price map to fall back on (default: litellm's bundled file,
            read on the first lookup that needs it); ``{}`` prices nothing.
    """

    def __init__(
        self, custom: Iterable[Any] = (), bundled: Mapping[str, Any] | None = None
    ) -> None:
        self._custom: dict[str, Price] = {}
        for entry in custom:
            cached = getattr(entry, "cached", None)
            self._custom[str(entry.model)] = Price(
                float(entry.input) / _PER_MILLION,
                float(entry.output) / _PER_MILLION,
                None if cached is None else float(cached) / _PER_MILLION,
                source="--pare-price",
            )
        self._bundled = bundled
        self._found: dict[tuple[str | None, str, str], Price | None] = {}
        self._lock = threading.Lock()

    @property
    def custom_models(self) -> tuple[str, ...]:
        """The model names ``--pare-price`` priced."""
        return tuple(self._custom)

    def price_for(self, model: ResolvedModel, alias: str | None = None) -> Price | None:
        """The price of ``model`` (``alias``: the name the user gave), or None when unknown.

        The user's prices match the alias, the model name or ``provider/model``;
        the bundled map matches ``provider/model`` or the model name (for an
        endpoint of another provider, only the model name: a proxy in front of a
        listed model). Scripted policies cost nothing.
        """
        key = (alias, model.model, model.provider)
        with self._lock:
            if key in self._found:
                return self._found[key]
        price = self._look_up(model, alias)
        with self._lock:
            self._found[key] = price
        return price

    def _look_up(self, model: ResolvedModel, alias: str | None) -> Price | None:
        if model.is_scripted:
            return _FREE
        qualified = f"{model.provider}/{model.model}"
        for name in (alias, model.model, qualified):
            if name is not None and name in self._custom:
                return self._custom[name]
        table = bundled_price_map() if self._bundled is None else self._bundled
        entry = table.get(qualified)
        if entry is None:
            entry = table.get(model.model)
            provider = entry.get("litellm_provider") if isinstance(entry, Mapping) else None
            # A name another provider lists is that provider's price only when the call
            # goes to that provider (bedrock_converse is bedrock) or to an endpoint (a
            # proxy in front of it).
            same = provider is None or str(provider).startswith(model.provider)
            if not same and model.endpoint is None:
                entry = None
        return _from_map(entry)


def cost_of(price: Price | None, usage: Mapping[str, Any]) -> float | None:
    """USD of one call's ``usage`` (the engine's metadata keys), or None without a price."""
    if price is None:
        return None
    return price.cost(
        int(usage.get("prompt_tokens") or 0),
        int(usage.get("completion_tokens") or 0),
        int(usage.get("cached_tokens") or 0),
        int(usage.get("reasoning_tokens") or 0),
    )
