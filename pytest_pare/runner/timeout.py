"""A wall-clock bound on one run that never kills the process.

Two layers: the environment calls ``Deadline.check()`` at every tick and the
two-agent loop between model calls, which covers every normal run; for code
that never returns to either (a scenario stuck in a loop), a watchdog timer
raises ``RunTimeout`` asynchronously in the run's thread. Either way the
exception lands in the result and the worker process lives on.
"""

from __future__ import annotations

import ctypes
import threading
import time
from types import TracebackType
from typing import ClassVar

__all__ = ["Deadline", "RunTimeout"]


class RunTimeout(TimeoutError):
    """The run took longer than ``--pare-timeout`` (wall clock)."""

    # Not the model's fault: a slow or silent endpoint is what usually runs the clock out.
    category: ClassVar[str] = "infra"


class Deadline:
    """The wall-clock deadline of one run, with its watchdog.

    Use as a context manager around the run, in the thread that runs it.
    ``timeout=None`` means unbounded (``check`` never raises, no watchdog).
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
        self._timer: threading.Timer | None = None
        self._thread_id: int | None = None

    def error(self, where: str = "") -> RunTimeout:
        place = f" while {where}" if where else ""
        return RunTimeout(
            f"{self.what} exceeded the run timeout of {self.timeout:g} s (wall clock){place}; "
            "raise --pare-timeout or make the scenario cheaper"
        )

    def check(self, where: str = "") -> None:
        """Raise ``RunTimeout`` when the deadline has passed."""
        if self._expires is not None and time.monotonic() > self._expires:
            raise self.error(where)

    def remaining(self) -> float | None:
        """Seconds left before the deadline (<= 0 once it passed); None when unbounded."""
        if self._expires is None:
            return None
        return self._expires - time.monotonic()

    def _fire(self) -> None:
        with self._lock:
            if not self._inside or self._thread_id is None:
                return
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
        # The cooperative check normally fires first; the watchdog is a backstop.
        self._timer = threading.Timer(self.timeout + 0.5, self._fire)
        self._timer.daemon = True
        self._timer.name = "pare-run-watchdog"
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
