"""An interrupt whose first raise was lost (in a finalizer) still reaches pytest."""

from __future__ import annotations

import gc
import signal
import threading
from concurrent.futures import Future
from types import SimpleNamespace
from typing import Any

import pytest

from pytest_pare._session import bounds, inflight
from pytest_pare._util.stop import interrupt, pending_interrupt, resume_runs, stop_reason


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(inflight, "_SIGNAL_CHECK", 0.01)
    resume_runs()
    yield
    resume_runs()


class _RaisesInFinalizer:
    """Stands for the object whose ``__del__`` the signal handler's raise landed in."""

    def __del__(self) -> None:
        bounds._raise_terminated(signal.SIGTERM, None)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_sigterm_raised_inside_a_finalizer_is_lost_there_but_remembered() -> None:
    _RaisesInFinalizer()  # collected at once: Python reports the exception as unraisable
    gc.collect()
    assert isinstance(pending_interrupt(), KeyboardInterrupt)
    assert stop_reason() == "the session was terminated (SIGTERM)"


def test_the_wait_for_a_run_in_flight_raises_the_remembered_interrupt() -> None:
    never_done: Future[Any] = Future()
    waited = threading.Event()

    def lose_the_raise() -> None:
        waited.wait(120)
        interrupt(KeyboardInterrupt())

    thread = threading.Thread(target=lose_the_raise)
    thread.start()
    waited.set()
    with pytest.raises(KeyboardInterrupt):
        inflight._wait_for(never_done)  # without the remembered interrupt: waits for ever
    thread.join()


def test_no_new_run_starts_once_an_interrupt_was_raised() -> None:
    started: list[str] = []
    item = SimpleNamespace(config=SimpleNamespace(stash={}), execute=lambda: started.append("run"))
    interrupt(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        inflight.result_for(item)  # type: ignore[arg-type]
    assert started == []


def test_a_session_that_ends_with_an_interrupt_pending_is_interrupted_and_waits_for_no_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed: list[bool] = []
    monkeypatch.setattr(inflight, "close", lambda config, *, wait=True: closed.append(wait))
    monkeypatch.setattr(bounds, "bounded_exit", lambda status: None)
    plugin = bounds.SessionBounds(SimpleNamespace(stash=pytest.Stash()))  # type: ignore[arg-type]
    session = SimpleNamespace(exitstatus=pytest.ExitCode.TESTS_FAILED)
    interrupt(bounds._Terminated("SIGTERM"), "the session was terminated (SIGTERM)")
    plugin.pytest_sessionfinish(session, pytest.ExitCode.TESTS_FAILED)  # type: ignore[arg-type]
    assert session.exitstatus == pytest.ExitCode.INTERRUPTED
    assert closed == [False]  # a run blocked in an HTTP read is not waited for
