"""The one JSON-safe converter: rows, traces, cache entries, recordings and scripted answers.

Every value that leaves a run as JSON goes through :func:`jsonable`, so one
value serialises the same way in each of those files. The rules, in order:
JSON scalars stay (a float that is not finite becomes ``None``, as JSON has no
NaN); an enum becomes its value; mappings become objects with string keys;
lists and tuples become arrays, sets sorted arrays (so the output does not
depend on hash order); paths become strings, dates ISO text; bytes become a
``<N bytes>`` marker; dataclasses and pydantic models become their fields;
numpy-style scalars their plain value; exceptions ``"Type: message"``;
anything else (and anything nested deeper than ``MAX_DEPTH``) its ``repr``,
cut to ``MAX_TEXT`` characters.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import Enum
from pathlib import PurePath
from typing import Any, Final

__all__ = ["MAX_DEPTH", "MAX_TEXT", "jsonable", "short_repr"]

MAX_DEPTH: Final = 20
MAX_TEXT: Final = 4000


def jsonable(value: Any, _depth: int = 0) -> Any:
    """A copy of ``value`` made only of JSON types (see the module docstring for the rules)."""
    if value is None or isinstance(value, bool | int | str):
        return value if type(value) in (bool, int, str) or value is None else _plain(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if _depth >= MAX_DEPTH:
        return short_repr(value)
    if isinstance(value, Enum):
        return jsonable(value.value, _depth + 1)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v, _depth + 1) for v in value]
    if isinstance(value, set | frozenset):
        return [jsonable(v, _depth + 1) for v in sorted(value, key=repr)]
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes>"
    if isinstance(value, BaseException):
        return short_repr_text(f"{type(value).__name__}: {value}")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        except Exception:
            return short_repr(value)
        return jsonable(fields, _depth + 1)
    dump = getattr(value, "model_dump", None)  # a pydantic model
    if callable(dump) and not isinstance(value, type):
        try:
            return jsonable(dump(), _depth + 1)
        except Exception:
            return short_repr(value)
    item = getattr(value, "item", None)  # numpy scalars and similar
    if callable(item):
        try:
            plain = item()
        except Exception:
            plain = None
        if isinstance(plain, bool | int | float | str):
            return jsonable(plain, _depth + 1)
    return short_repr(value)


def _plain(value: bool | int | str) -> bool | int | str:
    # A subclass (an IntEnum member, a str subclass with extra behaviour) is
    # stored as the plain value it stands for.
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    return str.__str__(value)


def short_repr_text(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters."""
    return text if len(text) <= limit else text[:limit] + "..."


def short_repr(value: Any, limit: int = MAX_TEXT) -> str:
    """``repr(value)`` cut to ``limit`` characters; a repr that raises is named, not raised."""
    try:
        text = repr(value)
    except Exception as exc:
        text = f"<unrepresentable {type(value).__name__}: {type(exc).__name__}>"
    return short_repr_text(text, limit)
