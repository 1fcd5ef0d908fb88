"""One process-wide signal that tells every run to stop (Ctrl-C, SIGTERM, the session's bound).

Runs read it through their deadline (``runner.timeout.Deadline``): once set,
their remaining time is gone and their next check raises. Pure stdlib, so the
session may set it without importing the runner.
"""

from __future__ import annotations

import threading

__all__ = ["resume_runs", "stop_reason", "stop_runs", "stopped"]

_STOP = threading.Event()
_REASON: list[str] = [""]


def stop_runs(reason: str) -> None:
    """Stop every run of this process at its next check; the first reason given is kept."""
    if not _STOP.is_set():
        _REASON[0] = reason
    _STOP.set()


def resume_runs() -> None:
    """Let runs start and go on again (a new session in the same process)."""
    _STOP.clear()
    _REASON[0] = ""


def stopped() -> bool:
    """Whether runs were told to stop."""
    return _STOP.is_set()


def stop_reason() -> str | None:
    """Why runs were told to stop, or None while they may run."""
    return _REASON[0] if _STOP.is_set() else None
