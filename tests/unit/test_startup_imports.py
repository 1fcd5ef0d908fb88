"""Start-up hygiene: a mode imports only what it uses (issue 9).

Each check runs in a fresh interpreter and reads ``sys.modules`` afterwards,
because this process has long since imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"

# Importing ARE's scenarios.utils.constants runs ARE's scenario discovery: it
# imports every example scenario package ARE ships (scenario_tutorial, ...) to
# fill its registry. scenario_imported_from_json is exempt: ARE's validation
# imports its types as an ordinary library module.
FORBIDDEN_REPORT = textwrap.dedent(
    """
    import json, sys
    def forbidden():
        names = sorted(sys.modules)
        registry = sys.modules.get("are.simulation.scenarios.utils.registry")
        discovered = bool(registry and registry.registry._scenarios_discovered)
        return {
            "litellm": [m for m in names if m == "litellm" or m.startswith("litellm.")][:5],
            "are_scenario_discovery": [
                m for m in names
                if m == "are.simulation.scenarios.utils.constants"
                or (m.startswith("are.simulation.scenarios.scenario_")
                    and not m.startswith("are.simulation.scenarios.scenario_imported_from_json"))
            ][:5] + (["ARE registry: scenarios discovered"] if discovered else []),
        }
    def unused():
        # What an oracle run of a scenario without attachments never calls: numpy
        # (ARE's environment-events expander), ARE's LLM judges and their parsers,
        # and the document converters.
        mdconvert = sys.modules.get("are.simulation.core.mdconvert")
        return [
            m for m in ("numpy", "pandas", "bs4", "are.simulation.validation.factory",
                        "pptx", "pdfminer", "mammoth")
            if m in sys.modules
        ] + (["the real mdconvert"] if mdconvert and not getattr(mdconvert, "_pare_stand_in", False)
             else [])
    """
)


def _run_python(code: str, tmp_path: Path) -> dict[str, list[str]]:
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", FORBIDDEN_REPORT + textwrap.dedent(code)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _first_scenario_file() -> Path:
    files = sorted(p for p in SCENARIOS.glob("*.py") if not p.name.startswith("_"))
    assert files, f"no shipped scenario under {SCENARIOS}"
    return files[0]


def test_importing_the_plugin_modules_imports_neither_litellm_nor_are_scenario_discovery(
    tmp_path: Path,
) -> None:
    found = _run_python(
        """
        import pytest_pare.plugin, pytest_pare.options, pytest_pare.items, pytest_pare.runner
        print(json.dumps(forbidden()))
        """,
        tmp_path,
    )

    assert found == {"litellm": [], "are_scenario_discovery": []}


def test_an_oracle_run_of_a_shipped_scenario_imports_only_what_it_uses(
    tmp_path: Path,
) -> None:
    found = _run_python(
        f"""
        from pytest_pare.runner import run_scenario
        from pytest_pare.scenarios import ScenarioRunnerConfig
        from pytest_pare.scenarios.registration import import_scenario_module
        (cls, *_) = import_scenario_module({str(_first_scenario_file())!r})
        result = run_scenario(cls, ScenarioRunnerConfig(oracle=True), run_number=1)
        assert result.success, result.rationale or result.exception
        print(json.dumps({{**forbidden(), "unused": unused()}}))
        """,
        tmp_path,
    )

    assert found == {"litellm": [], "are_scenario_discovery": [], "unused": []}


def test_a_run_with_the_scripted_reference_policy_does_not_import_litellm(
    tmp_path: Path,
) -> None:
    found = _run_python(
        f"""
        from pytest_pare.runner import run_scenario
        from pytest_pare.scenarios import ScenarioRunnerConfig
        from pytest_pare.scenarios.registration import import_scenario_module
        (cls, *_) = import_scenario_module({str(_first_scenario_file())!r})
        config = ScenarioRunnerConfig(
            user_model="reference", observe_model="reference", execute_model="reference"
        )
        result = run_scenario(cls, config, run_number=1)
        assert result.exception is None, result.exception
        print(json.dumps(forbidden()))
        """,
        tmp_path,
    )

    assert found == {"litellm": [], "are_scenario_discovery": []}


def test_an_oracle_pytest_session_imports_only_what_its_scenarios_use(
    tmp_path: Path,
) -> None:
    # The whole plugin path (options, collection, items, reporter) in a real session;
    # a small plugin reports sys.modules as the session ends.
    (tmp_path / "_modules_probe.py").write_text(
        FORBIDDEN_REPORT
        + textwrap.dedent(
            """
            def pytest_unconfigure(config):
                with open(__file__.replace("_modules_probe.py", "forbidden.json"), "w") as handle:
                    json.dump({**forbidden(), "unused": unused()}, handle)
            """
        )
    )
    env = {
        **os.environ,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "PYTHONPATH": str(tmp_path),
    }
    # A folder holding one shipped scenario: a folder argument is collected by the
    # plugin alone (pytest would also import a .py file named on the command line).
    folder = tmp_path / "scenarios"
    folder.mkdir()
    source = _first_scenario_file()
    (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "scenarios",
            "--pare-oracle",
            "-p",
            "no:cacheprovider",
            "-p",
            "_modules_probe",
            "-q",
            f"--pare-results-dir={tmp_path / 'results'}",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    found = json.loads((tmp_path / "forbidden.json").read_text())
    assert found == {"litellm": [], "are_scenario_discovery": [], "unused": []}
