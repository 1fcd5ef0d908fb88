"""One scenario run: oracle or two-agent; metrics; trace export.

``run_scenario(scenario_cls, config, *, run_number=1)`` is the entry point
(see docs/internals.md, "Runner").
"""

from __future__ import annotations

from pytest_pare.runner.run import ScenarioRun, run_scenario

__all__ = ["ScenarioRun", "run_scenario"]
