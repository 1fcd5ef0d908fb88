"""A pytest plugin the harness loads with ``-p _flaky``: a scripted policy that passes 60% of runs.

Each run is played by the ``reference`` policy (pass ``--pare-model=reference``)
through the real agent loop; then a draw seeded by (seed, scenario, run)
fails it with probability 0.4, so the same seed fails the same runs in any
process. For the adaptive-runs part of the benchmark only.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from pytest_pare._util.seeding import stable_seed

#: the share of runs that pass
SUCCESS = 0.6


@pytest.hookimpl
def pytest_pare_make_runner(item: Any) -> Any:
    from pytest_pare.runner import run_scenario

    def run(cls: type, config: Any, *, run_number: int = 1) -> Any:
        result = run_scenario(cls, config, run_number=run_number)
        draw = random.Random(stable_seed("flaky", config.seed, item.scenario_id, run_number))
        value = draw.random()
        if result.success and value >= SUCCESS:
            result.success = False
            result.rationale = f"flaky policy: this run fails (draw {value:.2f} >= {SUCCESS})"
        return result

    return run
