"""Which phone apps a scenario class uses, found without building any app.

The plugin asks at collection time (for ``-k email`` and per-app report rows),
so this reads code objects and module globals only: no app is constructed and
the apps package is not imported.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from typing import Final

APP_SHORT_NAMES: Final[dict[str, str]] = {
    "StatefulEmailApp": "email",
    "StatefulMessagingApp": "messaging",
    "StatefulCalendarApp": "calendar",
    "StatefulContactsApp": "contacts",
    "StatefulShoppingApp": "shopping",
    "StatefulReminderApp": "reminder",
    "StatefulNotesApp": "notes",
    "StatefulCabApp": "cab",
    "StatefulApartmentApp": "apartment",
}
"""Stateful app class name -> the short name used in tags, ``-k`` and reports."""

KNOWN_APPS: Final[tuple[str, ...]] = tuple(APP_SHORT_NAMES.values())
"""Short app names in their canonical (report) order."""


def normalise_app_names(names: Iterable[object], *, owner: str) -> tuple[str, ...]:
    """Validate author-declared app names and put them in canonical order.

    Accepts short names ("email") and stateful class names ("StatefulEmailApp").

    Raises:
        ValueError: a name is not a known app; the message lists the allowed names.
    """
    wanted: set[str] = set()
    for name in names:
        if isinstance(name, str) and name in KNOWN_APPS:
            wanted.add(name)
        elif isinstance(name, str) and name in APP_SHORT_NAMES:
            wanted.add(APP_SHORT_NAMES[name])
        else:
            raise ValueError(
                f"{owner}.apps lists {name!r}, which is not an app; "
                f"use short names from {', '.join(KNOWN_APPS)}"
            )
    return tuple(short for short in KNOWN_APPS if short in wanted)


def derive_app_names(cls: type) -> tuple[str, ...]:
    """Short names of the stateful apps a scenario class builds.

    First the names its ``init_and_populate_apps`` code refers to (a global
    ``StatefulEmailApp(...)`` and an attribute ``apps.StatefulEmailApp(...)``
    both appear there); when that finds nothing (apps built in a helper), the
    stateful app classes its module imported.
    """
    init = getattr(cls, "init_and_populate_apps", None)
    code = getattr(init, "__code__", None)
    found = _short_names(_code_names(code)) if code is not None else set()
    if not found:
        module = sys.modules.get(cls.__module__)
        found = (
            _short_names(
                value.__name__ for value in vars(module).values() if isinstance(value, type)
            )
            if module is not None
            else set()
        )
    return tuple(short for short in KNOWN_APPS if short in found)


def _code_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):  # nested functions, comprehensions
            names |= _code_names(const)
    return names


def _short_names(class_names: Iterable[str]) -> set[str]:
    return {APP_SHORT_NAMES[name] for name in class_names if name in APP_SHORT_NAMES}
