"""Ctrl-C around the controller's last steps: hold it while results are written, name it
after; and a Ctrl-C that pytest can report wherever it landed."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any

import pytest


@contextmanager
def sigint_held() -> Iterator[list[int]]:
    """Hold SIGINT (Ctrl-C) while the block runs; the yielded list records each one that came.

    The block is short (writing the report files), and a Ctrl-C in its middle
    would leave a session whose runs all finished without any result file. Only
    the main thread can set a signal handler; elsewhere the block runs as is.
    """
    pressed: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return

    def hold(signum: int, frame: FrameType | None) -> None:
        pressed.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, hold)
    except (ValueError, OSError):  # no signals here (an embedded interpreter, say)
        yield pressed
        return
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def interruption_reason(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    """Why a session was interrupted, from what ``pytest_keyboard_interrupt`` receives."""
    value: Any = excinfo.value
    if isinstance(value, pytest.exit.Exception):
        return f"pytest.exit: {value.msg}"
    if type(value) is KeyboardInterrupt:
        return "interrupted by the user (Ctrl-C / SIGINT)"
    # pytest's Session.Interrupted (xdist's --maxfail, a stop request) carries its reason.
    return str(value) or type(value).__name__


def repair_lineless_traceback(excinfo: pytest.ExceptionInfo[BaseException]) -> int:
    """Give every entry of the interrupt's traceback a line number; returns how many lacked one.

    A signal handled as a function starts (before its first line runs) raises into
    a frame without a line number: on CPython 3.11 its traceback entry's
    ``tb_lineno`` is None, and pytest's report of the interrupt
    (``ExceptionInfo.getrepr``) fails on it with a TypeError. That error escaped
    pytest: the session lost its exit status 2 and ended with a traceback and
    Python's exit 1. The entry is given its function's first instruction and line, where
    the frame was.
    """
    repaired = 0
    seen: set[int] = set()
    exc: BaseException | None = excinfo.value
    while exc is not None and id(exc) not in seen:  # the interrupt and what it chains
        seen.add(id(exc))
        tb, count = _with_lines(exc.__traceback__)
        if count and tb is not None:
            exc.__traceback__ = tb
            repaired += count
            if exc is excinfo.value:  # the traceback pytest formats first
                excinfo.traceback = type(excinfo.traceback)(tb)
        exc = exc.__cause__ or exc.__context__
    return repaired


def _with_lines(tb: TracebackType | None) -> tuple[TracebackType | None, int]:
    """``tb`` itself when every entry has a line; else a copy whose lineless entries have one."""
    entries: list[TracebackType] = []
    entry = tb
    while entry is not None:
        entries.append(entry)
        entry = entry.tb_next
    if all(entry.tb_lineno is not None for entry in entries):
        return tb, 0
    rebuilt: TracebackType | None = None
    count = 0
    for entry in reversed(entries):
        lasti, lineno = entry.tb_lasti, entry.tb_lineno
        if lineno is None:  # at the function's start: its first instruction and line
            count += 1
            lasti, lineno = 0, entry.tb_frame.f_code.co_firstlineno
        rebuilt = TracebackType(rebuilt, entry.tb_frame, lasti, lineno)
    return rebuilt, count
