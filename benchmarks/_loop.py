"""The shipped scenarios run by a plain Python loop over the runner, in one process, no pytest.

Usage: python benchmarks/_loop.py oracle|reference SCENARIO_DIR [RECORD_ROOT [RUN_NUMBER]]

Prints one JSON line: scenarios run, successes, import and run seconds, and
(with RECORD_ROOT, agent mode) the model calls of each scenario's run, counted
from a per-scenario ``--pare-record`` store. RUN_NUMBER (default 1) is the run
each scenario makes: a run's seed, and so its prompts, depend on it.
"""

from __future__ import annotations

import json
import sys
import time


def main(argv: list[str]) -> int:
    mode, scenario_dir = argv[0], argv[1]
    record_root = argv[2] if len(argv) > 2 else None
    run_number = int(argv[3]) if len(argv) > 3 else 1
    start = time.perf_counter()
    from pathlib import Path

    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig
    from pytest_pare.scenarios.registration import import_scenario_module

    classes = []
    for file in sorted(Path(scenario_dir).rglob("*.py")):
        if not file.name.startswith("_") and file.name != "conftest.py":
            classes.extend(import_scenario_module(file))
    imported = time.perf_counter()
    successes = 0
    calls: dict[str, int] = {}
    for cls in classes:
        if mode == "oracle":
            config = ScenarioRunnerConfig(oracle=True)
        else:
            extra = {}
            if record_root:
                extra["record_dir"] = str(Path(record_root) / cls.scenario_id)
            config = ScenarioRunnerConfig(
                user_model=mode, observe_model=mode, execute_model=mode, **extra
            )
        result = run_scenario(cls, config, run_number=run_number)
        successes += bool(result.success)
        if record_root:
            calls[cls.scenario_id] = sum(
                1 for _ in (Path(record_root) / cls.scenario_id).rglob("*.json")
            )
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "scenarios": len(classes),
                "successes": successes,
                "import_s": imported - start,
                "run_s": done - imported,
                "calls": calls,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
