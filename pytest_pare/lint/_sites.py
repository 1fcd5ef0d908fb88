"""Where in a scenario file each event was made, so a finding can point at its line.

While ``event_sites(path)`` is active, every ARE event created records the line
of ``path`` that made it (the innermost frame in that file). ARE events keep no
creation site, so the linter wraps ``AbstractEvent.__new__`` for the duration.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["event_sites"]

# The wrapper is class-wide: one recording at a time in a process.
_LOCK = threading.Lock()


@contextmanager
def event_sites(path: str | os.PathLike[str]) -> Iterator[dict[int, int]]:
    """Record ``{id(event): line}`` for the events made by code in ``path`` while inside.

    Args:
        path: the scenario file.

    Yields:
        The mapping, filled as events are made (keep the events alive to use it).
    """
    from are.simulation.types import AbstractEvent

    target = os.path.realpath(path)
    sites: dict[int, int] = {}
    names: dict[str, bool] = {}

    def in_target(filename: str) -> bool:
        hit = names.get(filename)
        if hit is None:
            hit = names[filename] = os.path.realpath(filename) == target
        return hit

    with _LOCK:
        descriptor = AbstractEvent.__dict__["__new__"]
        make = AbstractEvent.__new__

        def traced(cls: type, *args: Any, **kwargs: Any) -> Any:
            event = make(cls, *args, **kwargs)
            frame = sys._getframe(1)
            while frame is not None:
                source = frame.f_locals.get("self") if frame.f_code.co_name == "oracle" else None
                if id(source) in sites:
                    # `.oracle()` copies an event: point at the call that made the original,
                    # not at the line of `.oracle()` in a chain spread over lines.
                    sites[id(event)] = sites[id(source)]
                    break
                if in_target(frame.f_code.co_filename):
                    sites[id(event)] = frame.f_lineno
                    break
                frame = frame.f_back  # type: ignore[assignment]
            return event

        AbstractEvent.__new__ = staticmethod(traced)
        try:
            yield sites
        finally:
            AbstractEvent.__new__ = descriptor
