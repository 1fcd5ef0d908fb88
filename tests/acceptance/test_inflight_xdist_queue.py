"""--pare-concurrency under xdist: the worker's queue and its pool stay consistent.

docs/performance.md, finding 8. Items that reach a worker while its runs wait
start at once: xdist's first round-robin batch gives each worker a couple of
items and the top-up to the pool's depth follows in a second message; a
worker whose pool was filled from the first batch only started the rest when
one of its runs finished (seen as 7 of 16 runs in flight for 2.5 s). And under
--dist=worksteal the controller never takes back an item whose run a worker
already started (it was run twice).
"""

from __future__ import annotations

import json

import pytest

# Every run waits (an event, no sleep) until its process has had POOL runs in
# flight at once; a process that never gets there fails its runs after 120 s
# and says how many it reached. Each worker takes the controller's first
# "runtests" message (two items) as usual; later messages go through a thread
# that hands them on only after the worker's first run started, as xdist's
# receiver thread does when they arrive late.
FILL_CONFTEST = """
import json
import queue
import threading

import pytest

from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult as Result

POOL = 3
LOCK = threading.Lock()
FULL = threading.Event()
STARTED = threading.Event()
STATE = {"running": 0, "most": 0, "commands": 0}


def pytest_sessionstart(session):
    for plugin in session.config.pluginmanager.get_plugins():
        if type(plugin).__name__ == "WorkerInteractor":
            handle = plugin.handle_command
            later = queue.Queue()

            def hand_on():
                STARTED.wait(timeout=120)
                while True:
                    command = later.get()
                    handle(command)
                    if not isinstance(command, tuple):
                        return  # the shutdown marker: nothing follows

            def held(command):
                STATE["commands"] += 1
                if STATE["commands"] == 1:
                    handle(command)
                else:
                    later.put(command)

            threading.Thread(target=hand_on, daemon=True).start()
            plugin.handle_command = held


def fake_run(cls, config, *, run_number=1):
    STARTED.set()
    with LOCK:
        STATE["running"] += 1
        STATE["most"] = max(STATE["most"], STATE["running"])
        if STATE["running"] >= POOL:
            FULL.set()
    try:
        if not FULL.wait(timeout=120):
            return Result(
                success=False,
                rationale=f"only {STATE['most']} of {POOL} runs were ever in flight here",
            )
        return Result(success=True)
    finally:
        with LOCK:
            STATE["running"] -= 1


@pytest.hookimpl
def pytest_pare_make_runner(item):
    return fake_run


def pytest_sessionfinish(session):
    # workerinput, not PYTEST_XDIST_WORKER: the controller may inherit that
    # variable from an outer xdist session.
    worker = getattr(session.config, "workerinput", {}).get("workerid")
    if worker:
        with open(f"most-{worker}.json", "w") as handle:
            json.dump(STATE["most"], handle)
"""


@pytest.mark.slow
def test_each_worker_fills_its_pool_from_items_that_arrive_later(pare_project) -> None:
    pytester = pare_project.pytester
    pytester.makeconftest(FILL_CONFTEST)  # replaces the project's scripted runner
    for index in range(12):
        pare_project.add(f"s{index:02d}")
    result = pare_project.run("-n", "2", "--pare-concurrency=3")
    result.assert_outcomes(passed=12)
    most = {
        path.name: json.loads(path.read_text())
        for path in sorted(pytester.path.glob("most-*.json"))
    }
    assert most == {"most-gw0.json": 3, "most-gw1.json": 3}


# Runs of the first four scenarios take longer, so the worker that holds them
# is still busy when the other runs dry and --dist=worksteal takes pending
# items back from it. Each run appends its id to a file of its process.
STEAL_CONFTEST = """
import os
import time

import pytest

from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult as Result


def fake_run(cls, config, *, run_number=1):
    with open(f"runs-{os.getpid()}.txt", "a") as handle:
        handle.write(cls.scenario_id + "\\n")
    time.sleep(0.3 if cls.scenario_id < "s04" else 0.02)
    return Result(success=True)


@pytest.hookimpl
def pytest_pare_make_runner(item):
    return fake_run
"""


@pytest.mark.slow
def test_worksteal_never_takes_back_a_run_a_worker_started(pare_project) -> None:
    pytester = pare_project.pytester
    pytester.makeconftest(STEAL_CONFTEST)
    for index in range(24):
        pare_project.add(f"s{index:02d}")
    result = pare_project.run("-n", "2", "--dist", "worksteal", "--pare-concurrency=4")
    result.assert_outcomes(passed=24)
    runs = [
        line
        for path in sorted(pytester.path.glob("runs-*.txt"))
        for line in path.read_text().splitlines()
    ]
    assert sorted(runs) == [f"s{index:02d}" for index in range(24)]  # each ran once


@pytest.mark.slow
@pytest.mark.parametrize(
    ("dist", "warned"),
    [("loadscope", True), ("loadfile", True), ("load", False), ("worksteal", False)],
)
def test_a_distribution_that_cannot_fill_the_pools_is_named(pare_project, dist, warned) -> None:
    for index in range(4):
        pare_project.add(f"s{index:02d}")
    result = pare_project.run("-n", "2", "--dist", dist, "--pare-concurrency=3")
    result.assert_outcomes(passed=4)
    text = result.stdout.str()
    message = f"--pare-concurrency=3 with --dist={dist}: xdist hands each worker"
    assert (message in text) is warned
    if warned:
        assert "use --dist=load (the default with -n) or --dist=worksteal" in text
