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
config = ScenarioRunnerConfig(
    oracle=True, seed=11, export=True, export_format="lite", output_dir=sys.argv[2]
)
result = run_scenario(getattr(module, sys.argv[3]), config)
print(json.dumps({"success": result.success, "path": result.export_path}))
"""


def _traces_in_subprocesses(tmp_path: Path, hash_seeds: list[str], scenario: str) -> list[dict]:
    conftest = Path(__file__).with_name("conftest.py")
    procs = []
    for hash_seed in hash_seeds:  # started together: the import time is paid once
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, LITELLM_LOCAL_MODEL_COST_MAP="True")
        out = tmp_path / f"out-{hash_seed}"
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", _SCRIPT, str(conftest), str(out), scenario],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        )
    traces = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        summary = json.loads(stdout.strip().splitlines()[-1])
        assert summary["success"] is True
        traces.append(json.loads(Path(summary["path"]).read_text()))
    return traces


def test_the_event_log_is_identical_across_processes_with_different_hash_seeds(tmp_path):
    first, second = _traces_in_subprocesses(tmp_path, ["1", "4242"], "ThreeAppScenario")

    assert first["events"] == second["events"]
    assert first["notifications"] == second["notifications"]
    assert len(first["events"]) == 6  # mail, read, proposal, accept, edit, text


def test_a_rerun_in_one_process_repeats_the_log_event_for_event(scenarios, tmp_path):
    def trace(folder: str) -> dict:
        config = ScenarioRunnerConfig(
            oracle=True,
            seed=5,
            export=True,
            export_format="lite",
            output_dir=str(tmp_path / folder),
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
        config = ScenarioRunnerConfig(
            oracle=True, seed=seed, export=True, export_format="lite", output_dir=str(out)
        )
        result = run_scenario(scenarios.three_apps, config, run_number=run_number)
        return [e["event_id"] for e in json.loads(Path(result.export_path).read_text())["events"]]

    assert ids(5, 1) != ids(6, 1)
    assert ids(5, 1) != ids(5, 2)


def test_events_logged_at_the_same_time_keep_the_order_they_happened_in(scenarios, oracle_config):
    from pytest_pare.runner.determinism import pinned
    from pytest_pare.runner.run import ScenarioRun, prepare_run
    from pytest_pare.runner.timeout import Deadline

    run = ScenarioRun(scenarios.three_apps, oracle_config, 1, "t", 1, Deadline(None, "t"))
    with pinned(1, lambda: run.clock_start):
        prepare_run(run)
        run.env.run_to_end()
    sequences = [e.metadata.sequence for e in run.env.event_log.list_view()]

    assert sequences == sorted(sequences)


def test_runs_in_concurrent_threads_each_keep_their_own_seeded_ids(scenarios, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    def events(folder: str) -> list[dict]:
        config = ScenarioRunnerConfig(
            oracle=True,
            seed=9,
            timeout=300,
            export=True,
            export_format="lite",
            output_dir=str(tmp_path / folder),
        )
        result = run_scenario(scenarios.three_apps, config)
        assert result.success is True, result.exception
        return json.loads(Path(result.export_path).read_text())["events"]

    serial = events("serial")
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(events, [f"thread-{i}" for i in range(8)]))

    assert all(run == serial for run in parallel)
