"""Fixtures for the plugin's acceptance tests: small pytester projects of scenarios.

A project's scenarios are real ``PAREScenario`` classes; by default its
conftest swaps the runner (through the ``pytest_pare_make_runner`` hook) for a
scripted one that returns the outcome named by the class attribute
``fake_outcome``, so these tests exercise the plugin without running ARE.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

# pytester's in-process runs drop the modules first imported inside them; polars
# and the report modules must keep one identity across runs, so load them here.
import pytest_pare.report.baseline  # noqa: F401
import pytest_pare.report.files  # noqa: F401
import pytest_pare.report.gate  # noqa: F401
import pytest_pare.report.stats  # noqa: F401
import pytest_pare.scenarios.scenario  # noqa: F401

FAKE_RUNNER_CONFTEST = """
import json
import os
import threading
from pathlib import Path

import pytest

# Runs meeting here prove they were in flight at the same time.
MEETING = threading.Barrier(2, timeout=120)  # a bound that only matters on failure

from pytest_pare.scenarios.validation_result import PAREScenarioValidationResult as Result


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")


def fake_run(cls, config, *, run_number=1):
    outcome = getattr(cls, "fake_outcome", "pass")
    if outcome == "pass":
        return Result(success=True, duration=0.01, proposal_count=1, acceptance_count=1,
                      number_of_turns=2)
    if outcome == "fail":
        return Result(
            success=False, duration=0.01, rationale="expected an email to bob; none was sent"
        )
    if outcome == "error":
        try:
            raise ConnectionError("model API unreachable")
        except ConnectionError as exc:
            return Result(success=None, exception=exc, duration=0.01)
    if outcome in ("infra", "agent"):
        # As the engines categorise their exceptions: an endpoint, a rate limit or a
        # timeout is "infra"; a model that never produced a usable action is "agent".
        exc = ConnectionError(f"{outcome} failure")
        exc.category = outcome
        return Result(success=None, exception=exc, duration=0.01)
    if outcome == "odd-runs-pass":
        return Result(success=run_number % 2 == 1, duration=0.01, rationale="even run")
    if outcome == "clean-only":
        clean = config.tool_failure_probability == 0 and config.env_events_per_minute == 0
        return Result(success=clean, duration=0.01, rationale="noise broke it")
    if outcome == "echo-config":
        names = ("seed", "timeout", "max_turns", "oracle",
                 "tool_failure_probability", "env_events_per_minute")
        fields = {k: getattr(config, k) for k in names}
        return Result(success=True, rationale=json.dumps(fields, sort_keys=True))
    if outcome == "meet":
        MEETING.wait()
        return Result(success=True)
    if outcome == "crash":
        os._exit(3)
    if outcome == "unserialisable":
        odd_error = {"time": 1.0, "app": object(), "function": {1, 2}, "error": Unprintable()}
        return Result(success=True, rationale=Unprintable(), tool_errors=[odd_error])
    raise AssertionError(f"unknown fake outcome {outcome!r}")


@pytest.hookimpl
def pytest_pare_make_runner(item):
    return fake_run
"""


def scenario_source(
    scenario_id: str,
    outcome: str = "pass",
    apps: tuple[str, ...] = ("email",),
    tags: tuple[str, ...] = (),
    extra: str = "",
) -> str:
    """A scenario module registering one ``PAREScenario`` whose fake run gives ``outcome``."""
    return (
        extra
        + "\n"
        + textwrap.dedent(f"""
        from pytest_pare.scenarios.scenario import PAREScenario
        from pytest_pare.scenarios.utils.registry import register_scenario

        @register_scenario({scenario_id!r})
        class Scenario_{scenario_id}(PAREScenario):
            fake_outcome = {outcome!r}
            tags = {tags!r}

            @classmethod
            def apps_used(cls):
                return {apps!r}
    """)
    )


class PareProject:
    """A pytester project with a scenarios/ folder and the scripted runner."""

    def __init__(self, pytester: pytest.Pytester) -> None:
        self.pytester = pytester
        pytester.makeconftest(FAKE_RUNNER_CONFTEST)
        (pytester.path / "scenarios").mkdir()

    def add(self, scenario_id: str, outcome: str = "pass", **kwargs: Any) -> Path:
        path = self.pytester.path / "scenarios" / f"{scenario_id}.py"
        path.write_text(scenario_source(scenario_id, outcome, **kwargs))
        return path

    def run(self, *args: str, subprocess: bool = False) -> pytest.RunResult:
        base = ["-p", "no:cacheprovider", "--pare-oracle", "--pare-no-cache"]
        if subprocess or "-n" in args:
            return self.pytester.runpytest_subprocess(*base, *args)
        return self.pytester.runpytest_inprocess(*base, "-p", "no:xdist", *args)

    def results(self, folder: str = "pare-results") -> dict[str, Any]:
        return json.loads((self.pytester.path / folder / "results.json").read_text())


REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
#: two shipped scenarios that pass in oracle mode and need the assistant to act
REAL_SCENARIOS = ("dinner_moved_calendar_update", "friend_new_number_contact_update")


def _drop_pare_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The developer's PARE_* variables must not change what a test project runs, nor
    # running under GitHub Actions add annotations and a step summary to its output.
    for name in list(os.environ):
        if name.startswith("PARE_") or name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
            monkeypatch.delenv(name)


@pytest.fixture
def pare_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> PareProject:
    _drop_pare_environment(monkeypatch)
    return PareProject(pytester)


@pytest.fixture
def real_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project holding copies of the shipped REAL_SCENARIOS, run by the real runner."""
    _drop_pare_environment(monkeypatch)
    (pytester.path / "scenarios").mkdir()
    for scenario_id in REAL_SCENARIOS:
        source = REPO_SCENARIOS / f"{scenario_id}.py"
        if not source.exists():
            pytest.skip(f"shipped scenario {source} is gone; pick two others for REAL_SCENARIOS")
        shutil.copy(source, pytester.path / "scenarios" / source.name)
    return pytester


@pytest.fixture(autouse=True)
def _forget_registered_scenarios(monkeypatch: pytest.MonkeyPatch) -> Any:
    # An in-process pytester session stands for a fresh process: it starts from
    # an empty scenario registry, whatever earlier tests in this worker
    # registered (e.g. the shipped scenarios, which real_project copies under
    # the same ids), and the worker's registry comes back untouched afterwards.
    from pytest_pare.scenarios.utils.registry import registry

    monkeypatch.setattr(registry, "_registry", {})
    return None
