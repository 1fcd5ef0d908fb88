"""The process-wide run bounds: stop, the session's end, and threads that leave signals alone."""

from __future__ import annotations

import signal
import threading

import pytest

from pytest_pare._util.stop import (
    QuietTimer,
    bound_runs,
    resume_runs,
    session_remaining,
    stop_reason,
    stop_runs,
)

needs_sigmask = pytest.mark.skipif(
    not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks only"
)


@pytest.fixture(autouse=True)
def _fresh() -> object:
    resume_runs()
    yield None
    resume_runs()


def test_a_stopped_run_deadline_has_no_time_left_and_says_why() -> None:
    from pytest_pare.runner.timeout import Deadline, RunStopped

    deadline = Deadline(None, "scenario 'x' run 1")
    assert deadline.remaining() is None
    stop_runs("the session was interrupted")
    stop_runs("a later reason does not replace the first")
    assert deadline.remaining() == -1.0
    with pytest.raises(RunStopped, match="was stopped while calling: the session was interrupted"):
        deadline.check("calling")


def test_the_sessions_end_bounds_every_runs_remaining_time() -> None:
    from pytest_pare.runner.timeout import Deadline, RunStopped

    bound_runs(1000.0, "--pare-session-timeout of 1000 s passed")
    with Deadline(5000.0, "run") as deadline:
        remaining = deadline.remaining()
        assert remaining is not None and remaining <= 1000.0
    bound_runs(-1.0, "--pare-session-timeout of 3 s passed")
    remaining = session_remaining()
    assert remaining is not None and remaining < 0
    assert stop_reason() == "--pare-session-timeout of 3 s passed"
    with pytest.raises(RunStopped, match="3 s passed"):
        Deadline(None, "run").check()


@needs_sigmask
def test_timer_and_pool_threads_leave_ctrl_c_to_the_main_thread() -> None:
    from pytest_pare._session.inflight import DaemonPool

    masks: list[set[int]] = []
    done = threading.Event()

    def record() -> None:
        masks.append(set(signal.pthread_sigmask(signal.SIG_BLOCK, [])))
        done.set()

    timer = QuietTimer(0.0, record, name="test-timer")
    timer.start()
    assert done.wait(30)
    pool = DaemonPool(1, name="test-pool")
    future = pool.submit(lambda: (set(signal.pthread_sigmask(signal.SIG_BLOCK, [])), False))  # type: ignore[arg-type,return-value]
    pool_mask = future.result(timeout=30)[0]
    pool.shutdown(wait=True)
    for mask in (masks[0], pool_mask):
        assert {signal.SIGINT, signal.SIGTERM} <= mask
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
