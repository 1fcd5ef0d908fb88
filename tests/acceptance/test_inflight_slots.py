"""--pare-concurrency bounds RUNNING runs: a finished run frees its slot at once.

docs/performance.md, finding 3: the pool used to count finished-but-unreported
runs against its size, so while the item at the head ran long, the slots of runs
that had finished stayed idle until pytest reached their items.
"""

from __future__ import annotations

# The head run waits (events, no sleeps) for a run that can only start in the
# slot its finished neighbour frees before pytest reports that neighbour.
HEAD_OF_LINE_CONFTEST = """
import threading

import pytest

from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult as Result

GAMMA_STARTED = threading.Event()
ORDER = []


def fake_run(cls, config, *, run_number=1):
    sid = cls.fake_outcome
    ORDER.append(f"start {sid}")
    if sid == "alpha":
        if not GAMMA_STARTED.wait(timeout=120):  # only matters on failure
            return Result(success=False, rationale="gamma never started while alpha ran")
    if sid == "gamma":
        GAMMA_STARTED.set()
    return Result(success=True)


@pytest.hookimpl
def pytest_pare_make_runner(item):
    return fake_run


def pytest_runtest_logreport(report):
    if report.when == "call":
        ORDER.append(f"report {report.nodeid.rsplit('::', 1)[-1]}")


def pytest_sessionfinish(session):
    with open("order.txt", "w") as handle:
        handle.write("\\n".join(ORDER))
"""


def test_a_finished_run_frees_its_slot_before_its_item_is_reported(pare_project) -> None:
    pytester = pare_project.pytester
    pytester.makeconftest(HEAD_OF_LINE_CONFTEST)  # replaces the project's scripted runner
    for sid in ("alpha", "beta", "gamma"):
        pare_project.add(sid, sid)  # the fake run reads the id from fake_outcome
    result = pare_project.run("-v", "--pare-concurrency=2")
    result.assert_outcomes(passed=3)
    order = (pytester.path / "order.txt").read_text().splitlines()
    # gamma started in beta's freed slot while alpha (the head) still ran: before
    # pytest reported alpha, let alone beta. Reports stay in item order.
    assert order.index("start gamma") < order.index("report alpha")
    assert [line for line in order if line.startswith("report")] == [
        "report alpha",
        "report beta",
        "report gamma",
    ]
