"""A stopped session's process exits within a bound, even when a thread pool would hold it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not hasattr(__import__("threading"), "_register_atexit"), reason="needs threading's exit hooks"
)

# A pool thread stuck for good, as litellm's callback pool may be when the session
# stops: concurrent.futures joins it at exit, so without a bound the process hangs.
STUCK_POOL = """
import concurrent.futures, sys, threading, types
from pytest_pare._session import bounds
bounds.EXIT_GRACE = 0.2
pool = concurrent.futures.ThreadPoolExecutor(1)
pool.submit(threading.Event().wait)
session = types.SimpleNamespace(exitstatus=1)
bounds.bounded_exit(session)
session.exitstatus = {status}  # a later hook decides: the final status is forced
sys.exit(0)
"""


def _exit_code(code: str) -> int:
    # The timeout is only reached if the bound fails (a hang).
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], timeout=120)
    return done.returncode


def test_a_stopped_session_exits_with_its_status_though_a_pool_thread_never_ends() -> None:
    assert _exit_code(STUCK_POOL.format(status=2)) == 2


def test_the_forced_exit_still_removes_the_are_sandbox_folder(tmp_path: Path) -> None:
    # os._exit skips the exit handler that removes the folder ARE's config made.
    sandbox = tmp_path / "are_simulation_sandbox_test"
    sandbox.mkdir()
    fake_config = (
        "import sys, types\n"
        "config = types.ModuleType('are.simulation.config')\n"
        f"config.ARE_SIMULATION_SANDBOX_PATH = {str(sandbox)!r}\n"
        "sys.modules['are.simulation.config'] = config\n"
    )
    assert _exit_code(fake_config + STUCK_POOL.format(status=2)) == 2
    assert not sandbox.exists()


def test_a_later_session_that_was_not_stopped_leaves_exit_alone() -> None:
    # pytester runs sessions inside one process: the last one decides.
    code = """
    import sys, types
    from pytest_pare._session import bounds
    bounds.EXIT_GRACE = 0.0
    bounds.bounded_exit(types.SimpleNamespace(exitstatus=2))
    bounds.bounded_exit(None)
    sys.exit(7)
    """
    assert _exit_code(code) == 7
