"""Same scenario + same seed -> the same event log, in any process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pytest_pare.runner import run_scenario
from pytest_pare.scenarios import ScenarioRunnerConfig

_SCRIPT = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("runner_conftest", sys.argv[1])
module = importlib.util.module_from_spec(spec)
sys.modules["runner_conftest"] = module
spec.loader.exec_module(module)
from pytest_pare.runner import run_scenario
from pytest_pare.scenarios import ScenarioRunnerConfig
config = ScenarioRunnerConfig(oracle=True, seed=11, export=True, output_dir=sys.argv[2])
result = run_scenario(getattr(module, sys.argv[3]), config)
print(json.dumps({"success": result.success, "path": result.export_path}))
"""


def _trace_in_subprocess(tmp_path: Path, hash_seed: str, scenario: str) -> dict:
    out = tmp_path / f"out-{hash_seed}"
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, LITELLM_LOCAL_MODEL_COST_MAP="True")
    conftest = Path(__file__).with_name("conftest.py")
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(conftest), str(out), scenario],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["success"] is True
    return json.loads(Path(summary["path"]).read_text())


def test_the_event_log_is_identical_across_processes_with_different_hash_seeds(tmp_path):
    first = _trace_in_subprocess(tmp_path, "1", "ThreeAppScenario")
    second = _trace_in_subprocess(tmp_path, "4242", "ThreeAppScenario")

    assert first["events"] == second["events"]
    assert first["notifications"] == second["notifications"]
    assert len(first["events"]) == 6  # mail, read, proposal, accept, edit, text


def test_a_rerun_in_one_process_repeats_the_log_event_for_event(scenarios, tmp_path):
    def trace(folder: str) -> dict:
        config = ScenarioRunnerConfig(
            oracle=True, seed=5, export=True, output_dir=str(tmp_path / folder)
        )
        result = run_scenario(scenarios.three_apps, config)
        return json.loads(Path(result.export_path).read_text())

    first, second = trace("a"), trace("b")

    assert first["events"] == second["events"]
    ids = [e["event_id"] for e in first["events"]]
    assert len(set(ids)) == len(ids)


def test_another_seed_or_run_number_gives_other_ids(scenarios, tmp_path):
    def ids(seed: int, run_number: int) -> list[str]:
        out = tmp_path / f"{seed}-{run_number}"
        config = ScenarioRunnerConfig(oracle=True, seed=seed, export=True, output_dir=str(out))
        result = run_scenario(scenarios.three_apps, config, run_number=run_number)
        return [e["event_id"] for e in json.loads(Path(result.export_path).read_text())["events"]]

    assert ids(5, 1) != ids(6, 1)
    assert ids(5, 1) != ids(5, 2)


def test_events_logged_at_the_same_time_keep_the_order_they_happened_in(scenarios, oracle_config):
    from pytest_pare.runner.determinism import pinned
    from pytest_pare.runner.run import ScenarioRun, prepare_run
    from pytest_pare.runner.timeout import Deadline

    run = ScenarioRun(scenarios.three_apps, oracle_config, 1, "t", 1, Deadline(None, "t"))
    with pinned(1, lambda: run._start_time[0]):
        prepare_run(run)
        run.env.run_to_end()
    sequences = [e.metadata.sequence for e in run.env.event_log.list_view()]

    assert sequences == sorted(sequences)
