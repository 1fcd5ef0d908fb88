"""The session's own bounds: ``--pare-session-timeout``, Ctrl-C and SIGTERM.

Each stops the runs in flight at their next check (``_util.stop``) and stops
pytest from starting more; what finished is reported and written as usual,
the rest as not run, with the reason. Ctrl-C is pytest's own KeyboardInterrupt
(exit 2); SIGTERM is turned into one, so a terminated session writes its
results too instead of dying with them. With ``--pare-concurrency`` the pool is
then closed without waiting for runs stuck in an HTTP read (its threads are
daemon threads, ``_session.inflight``).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType
from typing import Any, Protocol

import pytest

from pytest_pare._util.are_sandbox import remove_sandbox_root
from pytest_pare._util.stop import (
    QuietTimer,
    bound_runs,
    interrupt,
    pending_interrupt,
    resume_runs,
    stop_reason,
    stop_runs,
)
from pytest_pare.options import SETTINGS_KEY

__all__ = ["BOUNDS_KEY", "EXIT_GRACE", "SessionBounds", "bounded_exit"]


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread as pytest's interrupt so the session ends cleanly."""


class SessionBounds:
    """One session's timeout timer and signal handler; a plugin object, one per process."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.reason: str | None = None
        self._timer: QuietTimer | None = None
        self._previous_sigterm: Any = None
        self._previous_sigint: Any = None
        self._installed = False

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        resume_runs()
        timeout = self.config.stash[SETTINGS_KEY].session_timeout
        if timeout is not None:
            # Every run's model calls end by the session's end; the timer then
            # stops pytest from starting more items.
            bound_runs(timeout, f"--pare-session-timeout of {timeout:g} s passed")
            self._timer = QuietTimer(
                timeout, lambda: self._expire(session, timeout), name="pare-session-timeout"
            )
            self._timer.start()

    def _expire(self, session: pytest.Session, timeout: float) -> None:
        reason = f"--pare-session-timeout of {timeout:g} s passed"
        self.stop(session, reason)

    def stop(self, session: pytest.Session, reason: str) -> None:
        """Stop the runs in flight and let pytest start no more items (any thread)."""
        if self.reason is None:
            self.reason = reason
        stop_runs(reason)
        # pytest checks these after each item; xdist's controller loop checks its own.
        session.shouldstop = reason
        dsession = self.config.pluginmanager.getplugin("dsession")
        if dsession is not None and not getattr(dsession, "shouldstop", True):
            dsession.shouldstop = reason

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        pending = pending_interrupt()
        interrupted = exitstatus == pytest.ExitCode.INTERRUPTED or pending is not None
        if pending is not None and exitstatus != pytest.ExitCode.INTERRUPTED:
            # A Ctrl-C or SIGTERM whose raise never reached pytest: still an interrupt.
            session.exitstatus = pytest.ExitCode.INTERRUPTED
        if interrupted and stop_reason() is None:
            stop_runs("the session was interrupted")
        from pytest_pare._session import inflight

        # An interrupted session does not wait for runs blocked in HTTP reads; a
        # session that ran out of time has told its runs to stop and waits briefly.
        abandoned = interrupted or self.reason is not None
        inflight.close(self.config, wait=not abandoned)
        # The last session of the process decides (pytester runs sessions inside one).
        bounded_exit(session if abandoned else None)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._restore_sigterm()

    def arm_signals(self) -> None:
        """Turn SIGTERM into an interrupt, and remember Ctrl-C, once the session has
        scenario runs to protect.

        Not before: a session of ordinary tests keeps SIGTERM's default behaviour.
        Ctrl-C stays Python's KeyboardInterrupt; only a handler someone else set
        is left alone.
        """
        if self._installed or threading.current_thread() is not threading.main_thread():
            return
        try:
            self._previous_sigterm = signal.signal(signal.SIGTERM, _raise_terminated)
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                self._previous_sigint = signal.signal(signal.SIGINT, _raise_interrupted)
        except (ValueError, OSError):  # not the main interpreter, or no SIGTERM here
            return
        self._installed = True

    def _restore_sigterm(self) -> None:
        if not self._installed:
            return
        self._installed = False
        try:
            signal.signal(signal.SIGTERM, self._previous_sigterm or signal.SIG_DFL)
            if self._previous_sigint is not None:
                signal.signal(signal.SIGINT, self._previous_sigint)
                self._previous_sigint = None
        except (ValueError, OSError):
            pass


#: seconds the interpreter may take to exit once a stopped session has written its results
EXIT_GRACE = 10.0
#: the stopped session whose final exit status to force if exiting takes longer (None: exit
#: as Python does)
_EXITING: list[_HasExitStatus | None] = [None]
_EXIT_HOOKED: list[bool] = [False]


class _HasExitStatus(Protocol):
    exitstatus: int | pytest.ExitCode


def bounded_exit(session: _HasExitStatus | None) -> None:
    """Bound the process's exit after a stopped ``session`` (None: leave exit alone).

    A stopped session abandons the runs it was waiting for, and a model client
    may leave work that the interpreter joins at exit: litellm hands each
    answered call to its own thread pool, whose threads ``concurrent.futures``
    joins before exit whatever they are waiting on. The results are written by
    then, so past ``EXIT_GRACE`` seconds the process ends with the session's
    exit status instead of waiting: its final one, read at exit, since hooks
    that run after this one may still change it (an interrupt pending, a late
    Ctrl-C, results that could not be written).
    """
    _EXITING[0] = session
    register = getattr(threading, "_register_atexit", None)
    if session is None or _EXIT_HOOKED[0] or register is None:
        return
    # Run at the start of threading's shutdown, before the thread pools are joined
    # (its callbacks run last registered first).
    register(_arm_exit_watchdog)
    _EXIT_HOOKED[0] = True


def _arm_exit_watchdog() -> None:
    session = _EXITING[0]
    if session is None:
        return
    status = int(session.exitstatus)
    QuietTimer(EXIT_GRACE, lambda: _force_exit(status), name="pare-exit-watchdog").start()


def _force_exit(status: int) -> None:
    # os._exit runs no exit handler: do what ours would (the exit being stuck in the
    # thread joins that come before them).
    remove_sandbox_root()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a closed or broken stream: nothing more to say
            pass
    os._exit(status)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    # Hidden from pytest's report, which then names where the session was, as for
    # Python's own Ctrl-C, instead of this line.
    __tracebackhide__ = True
    raise interrupt(_Terminated("SIGTERM"), "the session was terminated (SIGTERM)")


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    # Python's own Ctrl-C, remembered (see _util.stop.interrupt); pytest names it.
    __tracebackhide__ = True
    raise interrupt(KeyboardInterrupt())


BOUNDS_KEY = pytest.StashKey[SessionBounds]()
