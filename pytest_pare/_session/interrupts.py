"""Ctrl-C around the controller's last steps: hold it while results are written, name it after."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
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
