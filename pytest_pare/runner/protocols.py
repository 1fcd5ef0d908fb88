"""The shape of a scenario runner, for the default one and those a hook supplies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pytest_pare.scenarios.config import ScenarioRunnerConfig
    from pytest_pare.scenarios.result import PAREScenarioValidationResult

__all__ = ["Runner"]


class Runner(Protocol):
    """Runs one scenario once: ``runner(scenario_cls, config, run_number=n)``.

    Implemented by :func:`pytest_pare.runner.run_scenario` and by whatever a
    ``pytest_pare_make_runner`` hook returns. A runner records a failure inside
    the run in ``result.exception`` instead of raising it.
    """

    def __call__(
        self, scenario_cls: type, config: ScenarioRunnerConfig, /, *, run_number: int = 1
    ) -> PAREScenarioValidationResult: ...
