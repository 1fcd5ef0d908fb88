"""Process-wide bounds on every run: a stop signal (Ctrl-C, SIGTERM) and the session's end.

Runs read both through their deadline (``runner.timeout.Deadline``): once
stopped, or past the session's end, their remaining time is gone and their
next check raises; before that, no model call's client timeout outlasts the
session's end, so a run blocked in an HTTP read ends there too. Pure stdlib,
so the session may set them without importing the runner.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

__all__ = [
    "QuietTimer",
    "block_interrupts",
    "bound_runs",
    "interrupt",
    "pending_interrupt",
    "resume_runs",
    "session_remaining",
    "stop_reason",
    "stop_runs",
    "stopped",
    "wait",
]

_STOP = threading.Event()
_REASON: list[str] = [""]
#: (monotonic time the session ends, why) while --pare-session-timeout bounds the session
_SESSION_END: list[tuple[float, str] | None] = [None]


def bound_runs(seconds: float | None, reason: str) -> None:
    """Let no run of this process go on more than ``seconds`` from now (None: no bound)."""
    _SESSION_END[0] = None if seconds is None else (time.monotonic() + seconds, reason)


def session_remaining() -> float | None:
    """Seconds until the session's end (<= 0 once passed), or None when it is unbounded."""
    end = _SESSION_END[0]
    return None if end is None else end[0] - time.monotonic()


def stop_runs(reason: str) -> None:
    """Stop every run of this process at its next check; the first reason given is kept."""
    if not _STOP.is_set():
        _REASON[0] = reason
    _STOP.set()


def resume_runs() -> None:
    """Let runs start and go on again, unbounded (a new session in the same process)."""
    _STOP.clear()
    _REASON[0] = ""
    _PENDING[0] = None
    _SESSION_END[0] = None


#: the interrupt a signal handler raised (KeyboardInterrupt or a subclass), until resumed
_PENDING: list[BaseException | None] = [None]


def interrupt(exc: BaseException, reason: str | None = None) -> BaseException:
    """What a signal handler calls before it raises ``exc``: the interrupt is remembered, so
    the main thread's waits raise it again if the first raise was lost; with a
    ``reason``, runs are told to stop at once too (else when the session ends).

    A signal handler's exception is lost when it lands in a finalizer (a ``__del__``
    the garbage collector runs on the main thread): Python prints it as unraisable
    and goes on, and pytest would wait on for the run in flight.
    """
    if reason is not None:
        stop_runs(reason)
    if _PENDING[0] is None:
        _PENDING[0] = exc
    return exc


def pending_interrupt() -> BaseException | None:
    """The interrupt a signal handler raised in this session, or None."""
    return _PENDING[0]


def stopped() -> bool:
    """Whether runs were told to stop."""
    return _STOP.is_set()


def stop_reason() -> str | None:
    """Why runs were told to stop (or the session's end passed), or None while they may run."""
    if _STOP.is_set():
        return _REASON[0]
    end = _SESSION_END[0]
    if end is not None and time.monotonic() >= end[0]:
        return end[1]
    return None


class QuietTimer(threading.Timer):
    """A daemon ``threading.Timer`` that leaves Ctrl-C and SIGTERM to the other threads.

    A process-directed signal goes to any thread that does not block it; one
    that lands on a sleeping timer would not wake the main thread from a
    blocking read or lock wait, and pytest would not see the interrupt.
    """

    def __init__(self, interval: float, function: Any, *, name: str) -> None:
        super().__init__(interval, function)
        self.daemon = True
        self.name = name

    def run(self) -> None:
        block_interrupts()
        super().run()


def block_interrupts() -> None:
    """Keep SIGINT and SIGTERM away from the calling thread (POSIX; elsewhere a no-op)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def wait(seconds: float) -> bool:
    """Wait up to ``seconds``; True as soon as runs are told to stop (then at once).

    In the main thread a Ctrl-C interrupts the wait as it would a sleep.
    """
    return _STOP.wait(max(0.0, seconds))
