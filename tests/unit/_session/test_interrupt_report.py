"""A Ctrl-C that lands as a function starts is still reported as an interrupt (exit 2).

A signal handled at a function's first instruction raises into a frame without a
line number: on CPython 3.11 the traceback entry's ``tb_lineno`` is None, and
pytest's report of the interrupt failed on it with a TypeError that escaped
pytest (exit 1, a traceback, the session's interrupt lost). Seen about one
session in eight under ``--pare-concurrency``, where the main thread is busy
starting the next item when the signal comes.
"""

from __future__ import annotations

import sys
import textwrap
from types import FrameType, TracebackType

import pytest

from pytest_pare._session.interrupts import repair_lineless_traceback


def _lineless(frame: FrameType) -> TracebackType:
    """A traceback entry for ``frame`` at an instruction with no line, as a signal leaves."""
    entry = TracebackType(None, frame, 10**6, -1)  # -1: computed from the instruction
    if entry.tb_lineno is not None:
        pytest.skip("this Python gives every instruction offset a line")
    return entry


def _interrupt_without_a_line() -> KeyboardInterrupt:
    try:
        raise KeyboardInterrupt().with_traceback(_lineless(sys._getframe()))
    except KeyboardInterrupt as exc:
        return exc


def test_every_entry_gets_a_line_and_pytest_can_format_the_interrupt() -> None:
    exc = _interrupt_without_a_line()
    try:
        raise RuntimeError("during handling") from exc  # the chain is repaired too
    except RuntimeError as outer:
        chained = outer
    excinfo = pytest.ExceptionInfo.from_exception(chained)

    assert repair_lineless_traceback(excinfo) == 1
    lines: list[int | None] = []
    tb = exc.__traceback__
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    code = _interrupt_without_a_line.__code__
    assert None not in lines and code.co_firstlineno in lines
    assert "KeyboardInterrupt" in str(excinfo.getrepr(funcargs=True))


def test_a_traceback_with_every_line_is_left_as_it_is() -> None:
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        excinfo = pytest.ExceptionInfo.from_exception(exc)
    before = excinfo.value.__traceback__
    assert repair_lineless_traceback(excinfo) == 0
    assert excinfo.value.__traceback__ is before


CONFTEST = """
import sys
from types import TracebackType

def pytest_runtest_setup(item):
    # What a Ctrl-C handled as a function starts leaves: an entry without a line.
    lineless = TracebackType(None, sys._getframe(), 10**6, -1)
    assert lineless.tb_lineno is None
    raise KeyboardInterrupt().with_traceback(lineless)
"""


def test_the_session_is_interrupted_with_exit_2_and_no_traceback_escapes(
    pytester: pytest.Pytester,
) -> None:
    _lineless(sys._getframe())  # skips where the entry cannot be made
    pytester.makeconftest(textwrap.dedent(CONFTEST))
    pytester.makepyfile(test_one="def test_one():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.INTERRUPTED, output
    assert "TypeError" not in output
    result.stdout.fnmatch_lines(["*KeyboardInterrupt*"])
