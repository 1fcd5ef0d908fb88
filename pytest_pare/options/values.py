"""Option values: parsers that turn the raw text of an option into its value, and noise levels.

Each parser takes the raw string (from the CLI, an env var or an ini key) and
returns the value or raises ``ValueError`` saying what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NOISE_MATRIX_KEYS = {"tfp": "tool_failure_probability", "epm": "env_events_per_minute"}


def _parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false, 1/0, yes/no), got {raw!r}")


def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"expected an integer >= {minimum}, got {raw!r}") from None
        if value < minimum:
            raise ValueError(f"expected an integer >= {minimum}, got {raw!r}")
        return value

    return parse


def _parse_int(raw: str) -> int:
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ValueError(f"expected an integer, got {raw!r}") from None


def _float_between(
    low: float, high: float | None, *, low_open: bool = False
) -> Callable[[str], float]:
    bound = f"{'>' if low_open else '>='} {low:g}" + ("" if high is None else f" and <= {high:g}")

    def parse(raw: str) -> float:
        try:
            value = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"expected a number {bound}, got {raw!r}") from None
        too_low = value <= low if low_open else value < low
        # inf passes every bound but no run can use it: a usage error here, not N run errors.
        if not math.isfinite(value) or too_low or (high is not None and value > high):
            raise ValueError(f"expected a number {bound}, got {raw!r}")
        return value

    return parse


def _choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = str(raw).strip()
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}; got {raw!r}")
        return value

    return parse


def _parse_text(raw: str) -> str:
    value = str(raw).strip()
    if not value:
        raise ValueError("expected a non-empty value")
    return value


def _parse_path(raw: str) -> Path:
    return Path(_parse_text(raw)).expanduser()


#: the parser of each field of a noise level (the matrix and the marker check values alike)
_NOISE_CHECKS = {
    "tool_failure_probability": _float_between(0.0, 1.0),
    "env_events_per_minute": _float_between(0.0, None),
}


@dataclass(frozen=True, slots=True)
class NoiseLevel:
    """One noise setting: a tool call's failure probability and the background event rate."""

    tool_failure_probability: float = 0.0
    env_events_per_minute: float = 0.0

    @property
    def id(self) -> str:
        """The node-id fragment, e.g. ``tfp0.1-epm5``."""
        return f"tfp{self.tool_failure_probability:g}-epm{self.env_events_per_minute:g}"

    @property
    def is_clean(self) -> bool:
        return self.tool_failure_probability == 0 and self.env_events_per_minute == 0

    @property
    def label(self) -> str:
        """The level's ``noise_id`` in result rows: ``clean`` for no noise, else :attr:`id`."""
        return "clean" if self.is_clean else self.id


def parse_noise_matrix(raw: str) -> tuple[NoiseLevel, ...]:
    """Parse ``"tfp=0,0.1;epm=0,5"`` into the cross product of levels, in the written order.

    A key left out keeps its single default of 0.
    """
    axes: dict[str, list[float]] = {}
    for part in str(raw).split(";"):
        part = part.strip()
        if not part:
            continue
        key, sep, values = part.partition("=")
        key = key.strip()
        if not sep or key not in NOISE_MATRIX_KEYS:
            raise ValueError(
                f"expected 'tfp=P1,P2;epm=N1,N2' (keys: {', '.join(NOISE_MATRIX_KEYS)}), "
                f"got {raw!r}"
            )
        if key in axes:
            raise ValueError(f"key {key!r} given twice in {raw!r}")
        checker = _NOISE_CHECKS[NOISE_MATRIX_KEYS[key]]
        parsed = [checker(v) for v in values.split(",") if v.strip()]
        if not parsed:
            raise ValueError(f"key {key!r} has no values in {raw!r}")
        axes[key] = list(dict.fromkeys(parsed))
    if not axes:
        raise ValueError(f"expected 'tfp=P1,P2;epm=N1,N2', got {raw!r}")
    return tuple(
        NoiseLevel(tool_failure_probability=tfp, env_events_per_minute=epm)
        for tfp in axes.get("tfp", [0.0])
        for epm in axes.get("epm", [0.0])
    )


_MARKER_USAGE = "use pare_noise(tool_failure_probability=P in [0, 1], env_events_per_minute=N >= 0)"


def noise_from_marker(
    args: tuple[object, ...], kwargs: dict[str, object], default: NoiseLevel
) -> NoiseLevel:
    """The noise a ``pare_noise(...)`` marker sets; a key it leaves out keeps ``default``'s value.

    Raises:
        ValueError: a positional argument, an unknown keyword (a typo would
            otherwise run the scenario clean without a word) or a value out of range.
    """
    unknown = sorted(set(kwargs) - _NOISE_CHECKS.keys())
    if args or unknown:
        got = ", ".join([*(repr(a) for a in args), *(f"{k}={kwargs[k]!r}" for k in unknown)])
        raise ValueError(f"pare_noise marker: unexpected argument(s) {got}; {_MARKER_USAGE}")
    values: dict[str, float] = {}
    for key, check in _NOISE_CHECKS.items():
        value = kwargs.get(key, getattr(default, key))
        try:
            if isinstance(value, bool):
                raise ValueError(f"expected a number, got {value!r}")
            values[key] = check(str(value))
        except ValueError as exc:
            raise ValueError(f"pare_noise marker: {key}: {exc}; {_MARKER_USAGE}") from None
    return NoiseLevel(**values)


#: the largest number of runs ``--pare-runs=auto`` makes of a scenario when no maximum is given
DEFAULT_AUTO_RUNS = 8


@dataclass(frozen=True, slots=True)
class AutoRuns:
    """``--pare-runs=auto[:N]``: up to ``maximum`` runs, stopping once the verdict is settled."""

    maximum: int = DEFAULT_AUTO_RUNS


def parse_runs(raw: str) -> int | AutoRuns:
    """``N`` (a fixed number of runs, >= 1), ``auto`` or ``auto:N`` (adaptive, at most N >= 2)."""
    text = str(raw).strip().lower()
    usage = "expected an integer >= 1, or auto / auto:N (adaptive, at most N >= 2 runs)"
    if text == "auto":
        return AutoRuns()
    if text.startswith("auto:"):
        try:
            maximum = int(text[len("auto:") :])
        except ValueError:
            raise ValueError(f"{usage}; got {raw!r}") from None
        if maximum < 2:
            raise ValueError(f"{usage}; got {raw!r} (auto:1 is --pare-runs=1)")
        return AutoRuns(maximum)
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{usage}; got {raw!r}") from None
    if value < 1:
        raise ValueError(f"{usage}; got {raw!r}")
    return value


def parse_shard(raw: str) -> tuple[int, int]:
    """``I/N``: this session runs the I-th of N shards (1 <= I <= N)."""
    text = str(raw).strip()
    index, sep, count = text.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        i = n = 0
    if not sep or n < 1 or not 1 <= i <= n:
        raise ValueError(f"expected I/N with 1 <= I <= N (e.g. 2/4), got {raw!r}")
    return i, n


# -- tokens, cost, budgets and rate limits (issue 16) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomPrice:
    """``--pare-price MODEL=IN/OUT[/CACHED]``: a model's price in USD per million tokens.

    ``cached`` is the price of a prompt token the provider served from its cache
    (None: the input price).
    """

    model: str
    input: float
    output: float
    cached: float | None = None


_PRICE_USAGE = (
    "expected MODEL=IN/OUT in USD per million tokens (prompt/completion; a third "
    "/CACHED prices cached prompt tokens), e.g. llama3.1=0.2/0.6"
)


def _non_negative(raw: str, usage: str, whole: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise ValueError(f"{usage}; got {whole!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{usage}; got {whole!r} (prices are finite and >= 0)")
    return value


def parse_price(raw: str) -> CustomPrice:
    """``MODEL=IN/OUT[/CACHED]`` (USD per 1M tokens) -> :class:`CustomPrice`."""
    text = str(raw).strip()
    model, sep, prices = text.rpartition("=")
    parts = prices.split("/")
    if not sep or not model.strip() or len(parts) not in (2, 3):
        raise ValueError(f"{_PRICE_USAGE}; got {raw!r}")
    values = [_non_negative(p, _PRICE_USAGE, text) for p in parts]
    return CustomPrice(model.strip(), values[0], values[1], values[2] if len(parts) == 3 else None)


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``--pare-rpm``/``--pare-tpm`` entry: ``limit`` per minute for ``key`` (None: every key).

    ``key`` names a provider (``openai``) or an endpoint URL; a bare number is
    the limit of every provider and endpoint no entry names.
    """

    key: str | None
    limit: float


def _rate_parser(unit: str) -> Callable[[str], RateLimit]:
    usage = (
        f"expected N or KEY=N ({unit} per minute > 0; KEY a provider such as openai, or an "
        f"endpoint URL), e.g. 500 or openai=500"
    )

    def parse(raw: str) -> RateLimit:
        text = str(raw).strip()
        key, sep, number = text.rpartition("=")
        if sep and not key.strip():
            raise ValueError(f"{usage}; got {raw!r}")
        try:
            limit = float(number.strip())
        except ValueError:
            raise ValueError(f"{usage}; got {raw!r}") from None
        if not math.isfinite(limit) or limit <= 0:
            raise ValueError(f"{usage}; got {raw!r}")
        return RateLimit(key.strip().rstrip("/") if sep else None, limit)

    return parse


parse_rpm = _rate_parser("requests")
parse_tpm = _rate_parser("tokens")


def split_entries(raw: str) -> list[str]:
    """The entries of a repeatable option given as one text: one per line or ``;``-separated."""
    return [
        part.strip() for line in str(raw).splitlines() for part in line.split(";") if part.strip()
    ]
