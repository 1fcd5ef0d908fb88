"""The xdist controller runs no scenario, so it does not load what a run needs.

docs/performance.md, finding 5: checking that the two-agent runner is available
must not execute it (the agents, ARE's apps) in the controller.
"""

from __future__ import annotations

import json

import pytest

IMPORTS_PROBE = """
import json, os, sys

def pytest_unconfigure(config):
    role = getattr(config, "workerinput", {}).get("workerid", "controller")
    heavy = ("pytest_pare.runner.two_agent", "are.simulation.apps")
    with open(f"imports-{role}.json", "w") as handle:
        json.dump([m for m in heavy if m in sys.modules], handle)
"""


@pytest.mark.slow
def test_an_agent_mode_xdist_controller_checks_the_runner_without_importing_it(
    pare_project,
) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_ok")
    pare_project.pytester.makepyfile(_imports_probe=IMPORTS_PROBE)
    pare_project.pytester.syspathinsert()
    result = pare_project.pytester.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        "-p",
        "_imports_probe",
        "-n",
        "2",
        "--pare-model=reference",
        "--pare-no-cache",
    )
    result.assert_outcomes(passed=2)
    controller = pare_project.pytester.path / "imports-controller.json"
    assert json.loads(controller.read_text()) == []
