"""Hooks pytest-pare calls, for conftest files and plugins to customise scenario runs.

Implement them in a ``conftest.py`` (or a plugin) with the same name and any
subset of the arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pytest_pare.items import ScenarioItem
    from pytest_pare.runner.protocols import Runner
    from pytest_pare.scenarios import PAREScenarioValidationResult, ScenarioRunnerConfig


@pytest.hookspec(firstresult=True)
def pytest_pare_modify_runner_config(
    item: ScenarioItem, config: ScenarioRunnerConfig
) -> ScenarioRunnerConfig | None:
    """Return the runner configuration for one scenario run, or None to keep ``config``.

    Called in the process that runs ``item`` (an xdist worker or the single
    process), just before the run starts. ``config`` already carries the item's
    noise level. Return a modified copy (``config.model_copy(update={...})``),
    never mutate ``config``: it may be shared with other items.
    The first non-None result wins.

    .. versionadded:: 0.1
    """


@pytest.hookspec(firstresult=True)
def pytest_pare_make_runner(
    item: ScenarioItem,
) -> Runner | None:
    """Return the function that runs ``item``'s scenario, or None for the default runner.

    The function is called as ``runner(scenario_cls, config, run_number=n)`` and
    must return a ``PAREScenarioValidationResult``. Like the default
    (``pytest_pare.runner.run_scenario``) it must not raise for a failure
    inside the run: it records the exception in ``result.exception``. With
    ``--pare-concurrency`` above 1 it is called from worker threads.
    The first non-None result wins.

    .. versionadded:: 0.1
    """


@pytest.hookspec
def pytest_pare_result(item: ScenarioItem, result: PAREScenarioValidationResult) -> None:
    """Called with each fresh or cached result, before the item reports it.

    Runs in the process that ran ``item`` (an xdist worker or the single
    process). Use ``item.user_properties`` to send extra JSON-safe values to
    the controller; do not mutate ``result``.

    .. versionadded:: 0.1
    """


@pytest.hookspec
def pytest_pare_session_results(
    config: pytest.Config, rows: list[dict[str, Any]], summary: dict
) -> None:
    """Called once on the controller with every per-run row and the summary, after writing files.

    ``rows`` are the rows of ``results.json`` (one per selected scenario run);
    ``summary`` is its ``summary`` block. Treat both as read-only.

    .. versionadded:: 0.1
    """
