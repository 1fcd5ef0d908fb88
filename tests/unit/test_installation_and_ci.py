"""The installed package's wiring (entry points, one polars, -p no:pare) and CI.

These read the installed metadata and the repository files as a new user's
machine sees them; `.ci/run` is exercised with stub interpreters so its exit
code mapping is checked without installing anything.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_pytest11_entry_point_named_pare_loads_the_plugin_module() -> None:
    import pytest_pare.plugin

    (entry,) = [e for e in metadata.entry_points(group="pytest11") if e.name == "pare"]
    assert entry.value == "pytest_pare.plugin"
    assert entry.load() is pytest_pare.plugin


def test_the_pare_scenarios_entry_point_is_register_pare_scenarios() -> None:
    from pytest_pare.scenarios.registration import register_pare_scenarios

    entries = {e.name: e for e in metadata.entry_points(group="pare.scenarios")}
    assert entries["pare"].load() is register_pare_scenarios


def test_import_polars_resolves_to_exactly_one_installed_distribution() -> None:
    import polars

    owners = [
        dist
        for dist in metadata.distributions()
        if any(str(f) == "polars/__init__.py" for f in dist.files or ())
    ]
    names = sorted(dist.metadata["Name"] for dist in owners)
    assert len(owners) == 1, f"two distributions install the polars module: {names}"
    (owner,) = owners
    assert (
        Path(polars.__file__).resolve() == Path(owner.locate_file("polars/__init__.py")).resolve()
    )


def test_pyproject_declares_the_runtime_dependencies_and_one_polars() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["build-system"]["build-backend"] == "hatchling.build"
    meta = project["project"]
    assert meta["name"] == "pytest-pare" and meta["requires-python"] == ">=3.11"
    names = {re.split(r"[<>=!~\[ ]", dep, maxsplit=1)[0].lower() for dep in meta["dependencies"]}
    assert {"pytest", "pytest-xdist", "pydantic", "numpy"} <= names
    assert "meta-agents-research-environments" in names
    # ARE requires polars-lts-cpu; declaring `polars` too would put two
    # distributions on one module.
    assert len(names & {"polars", "polars-lts-cpu"}) == 1
    (are,) = [d for d in meta["dependencies"] if d.startswith("meta-agents-research-environments")]
    assert ">=1.2" in are and "<1.3" in are
    assert meta["entry-points"]["pytest11"] == {"pare": "pytest_pare.plugin"}


def test_p_no_pare_disables_the_plugin(pytester: pytest.Pytester) -> None:
    on = pytester.runpytest("--help")
    assert "--pare-oracle" in on.stdout.str()

    off = pytester.runpytest("-p", "no:pare", "--help")
    assert "--pare-" not in off.stdout.str()
    rejected = pytester.runpytest("-p", "no:pare", "--pare-oracle")
    assert rejected.ret == pytest.ExitCode.USAGE_ERROR
    assert "unrecognized arguments: --pare-oracle" in rejected.stderr.str()


def _readme_command(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text.split(heading, 1)[1]
    return re.search(r"```bash\n(.+?)\n```", after, re.S).group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    command = _readme_command("Run the tests:")
    assert command.startswith(".venv/bin/python -m pytest")
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _run_ci(
    tmp_path: Path, pytest_exit: int, lint_exit: int = 0, mypy_exit: int = 0
) -> subprocess.CompletedProcess:
    # A checkout whose interpreters are stubs: installing does nothing, the test
    # command exits with `pytest_exit`, the linter with `lint_exit`, mypy with
    # `mypy_exit`; chromium is "present".
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    python = (
        "#!/bin/sh\n"
        f'case "$*" in *"-m pytest_pare.lint"*) exit {lint_exit};; esac\n'
        f'case "$*" in *"-m pytest"*) exit {pytest_exit};; esac\n'
        f'case "$*" in *"-m mypy"*) exit {mypy_exit};; esac\n'
        'case "$*" in *"-m venv"*) mkdir -p "$(pwd)/.venv/bin";; esac\n'
        "exit 0\n"
    )
    for stub in (venv_bin / "python", stubs / "python3", stubs / "chromium"):
        stub.write_text(python, encoding="utf-8")
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")], env=env, capture_output=True, text=True
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("pytest_exit", "mypy_exit", "ci_exit"), [(0, 0, 0), (1, 0, 1), (5, 0, 1), (0, 1, 1)]
)
def test_ci_fails_when_pytest_collects_nothing_or_a_static_check_fails(
    tmp_path: Path, pytest_exit: int, mypy_exit: int, ci_exit: int
) -> None:
    done = _run_ci(tmp_path, pytest_exit, mypy_exit=mypy_exit)

    assert done.returncode == ci_exit, done.stderr
    if pytest_exit == 5:
        assert "no tests" in done.stderr
    if mypy_exit:
        assert "check failed: mypy" in done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("pytest_exit", "lint_exit", "ci_exit"), [(0, 0, 0), (0, 1, 1), (0, 2, 2), (1, 0, 1)]
)
def test_ci_lints_the_benchmark_after_the_tests_and_fails_on_findings(
    tmp_path: Path, pytest_exit: int, lint_exit: int, ci_exit: int
) -> None:
    assert "pytest_pare.lint scenarios" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

    done = _run_ci(tmp_path, pytest_exit, lint_exit)

    assert done.returncode == ci_exit, done.stderr


def test_the_readme_install_command_installs_the_dev_extra_and_runs_the_benchmark() -> None:
    command = _readme_command("## Set up a fresh machine")
    assert 'pip install -e ".[dev]"' in command
    assert command.endswith("pytest scenarios/ --pare-oracle")
