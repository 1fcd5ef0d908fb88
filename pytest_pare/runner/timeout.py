"""A wall-clock bound on one run that never kills the process, and a stop for all runs.

The bound is cooperative: the environment calls ``Deadline.check()`` at every
tick, the agents before every model call, and each model call's client timeout
is at most the run's remaining time (``Deadline.remaining()``), so a run that
waits on a silent endpoint ends at its deadline. For code that never returns to
any of these (a scenario stuck in a Python loop), a watchdog timer raises
``RunTimeout`` asynchronously in the run's thread ``WATCHDOG_GRACE`` seconds
after the deadline. It cannot reach a thread blocked in a socket read (it lands
when the read returns), which is why model calls carry their own timeouts.
Either way the exception lands in the result and the worker process lives on.

``stop_runs(reason)`` (``_util.stop``) passes every run's deadline at once: the
session calls it on Ctrl-C, SIGTERM and ``--pare-session-timeout``, so runs in
flight end at their next check (``RunStopped``) instead of running on.
"""

from __future__ import annotations

import ctypes
import threading
import time
from types import TracebackType
from typing import ClassVar

from pytest_pare._util.stop import (
    QuietTimer,
    resume_runs,
    session_remaining,
    stop_reason,
    stop_runs,
    stopped,
)

__all__ = ["Deadline", "RunStopped", "RunTimeout", "resume_runs", "stop_reason", "stop_runs"]

WATCHDOG_GRACE = 1.0
"""Seconds past the deadline before the watchdog interrupts the run's thread.

The cooperative bounds end a run at its deadline; the grace leaves them the
time to unwind, so that the watchdog's asynchronous exception, which can land
anywhere, only reaches runs that are truly stuck. Should it land during the
unwinding all the same, it is a ``RunTimeout`` replacing a ``RunTimeout``.
"""


class RunTimeout(TimeoutError):
    """The run took longer than ``--pare-timeout`` (wall clock)."""

    # Not the model's fault: a slow or silent endpoint is what usually runs the clock out.
    category: ClassVar[str] = "infra"


class RunStopped(RunTimeout):
    """The session stopped the run before it ended (interrupted, or its time was up)."""


class Deadline:
    """The wall-clock deadline of one run, with its watchdog.

    Use as a context manager around the run, in the thread that runs it.
    ``timeout=None`` means unbounded (only ``stop_runs`` ends it, no watchdog).
    """

    def __init__(self, timeout: float | None, what: str) -> None:
        if timeout is not None and timeout <= 0:
            raise ValueError(
                f"timeout must be a positive number of seconds or None, got {timeout!r}"
            )
        self.timeout = timeout
        self.what = what
        self._expires: float | None = None
        self._lock = threading.Lock()
        self._inside = False
        self._timer: QuietTimer | None = None
        self._thread_id: int | None = None
        #: set when the watchdog interrupted the run's thread
        self.fired = False

    def error(self, where: str = "") -> RunTimeout:
        place = f" while {where}" if where else ""
        reason = stop_reason()
        if reason is not None:
            return RunStopped(f"{self.what} was stopped{place}: {reason}")
        return RunTimeout(
            f"{self.what} exceeded the run timeout of {self.timeout:g} s (wall clock){place}; "
            "raise --pare-timeout or make the scenario cheaper"
        )

    def check(self, where: str = "") -> None:
        """Raise ``RunTimeout`` when the deadline has passed (``RunStopped`` when stopped)."""
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            raise self.error(where)

    def remaining(self) -> float | None:
        """Seconds left before the deadline (<= 0 once it passed); None when unbounded.

        The session's bounds count too: none once runs were stopped, and never
        more than the time to the session's end (``--pare-session-timeout``).
        """
        if stopped():
            return -1.0
        own = None if self._expires is None else self._expires - time.monotonic()
        session = session_remaining()
        if own is None or session is None:
            return own if session is None else session
        return min(own, session)

    def _fire(self) -> None:
        with self._lock:
            if not self._inside or self._thread_id is None:
                return
            self.fired = True
            # Delivered at the run thread's next bytecode; a thread blocked in
            # C code (a socket read) gets it when that call returns.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self._thread_id), ctypes.py_object(RunTimeout)
            )

    def __enter__(self) -> Deadline:
        if self.timeout is None:
            return self
        self._expires = time.monotonic() + self.timeout
        self._thread_id = threading.get_ident()
        self._inside = True
        self._timer = QuietTimer(
            self.timeout + WATCHDOG_GRACE, self._fire, name="pare-run-watchdog"
        )
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Disarm the watchdog and join its thread (safe to call more than once)."""
        with self._lock:
            self._inside = False
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            timer.join()
