"""A session freezes its heap once collection is done (docs/performance.md, finding 1).

Behaviour, not timing: the frozen objects are what the process's later full
garbage collections (pytest's at the end, the interpreter's at exit) skip.
"""

from __future__ import annotations

import gc
import json

FREEZE_PROBE = """
import gc, json

def pytest_sessionfinish(session):
    with open("freeze.json", "w") as handle:
        json.dump({"frozen": gc.get_freeze_count()}, handle)
"""


def _frozen_after(pare_project, *args: str) -> int:
    pare_project.pytester.makepyfile(_freeze_probe=FREEZE_PROBE)
    pare_project.pytester.syspathinsert()
    result = pare_project.run("-p", "_freeze_probe", *args, subprocess=True)
    assert result.ret in (0, 5), result.stdout.str()
    return json.loads((pare_project.pytester.path / "freeze.json").read_text())["frozen"]


def test_a_scenario_session_freezes_what_collection_left_on_the_heap(pare_project) -> None:
    pare_project.add("alpha_ok")
    assert _frozen_after(pare_project) > 0


def test_a_session_without_scenarios_leaves_the_heap_alone(pare_project) -> None:
    pare_project.pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    assert _frozen_after(pare_project, "test_plain.py") == 0


def test_in_process_sessions_freeze_only_once_per_process(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.run().assert_outcomes(passed=1)
    after_first = gc.get_freeze_count()
    pare_project.run().assert_outcomes(passed=1)
    # Frozen objects that die leave the count; only a second freeze adds to it,
    # and it would pin the first session's garbage until exit.
    assert after_first > 0
    assert gc.get_freeze_count() <= after_first
