"""The scenario API (public names as upstream ``pare.scenarios``).

Names load on first use, so importing this package (the plugin does, at start)
does not pull in ARE, pydantic or polars until something needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_pare._util.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from pytest_pare.scenarios.config import MultiScenarioRunnerConfig, ScenarioRunnerConfig
    from pytest_pare.scenarios.noise import apply_noise
    from pytest_pare.scenarios.registration import (
        ScenarioImportError,
        import_scenario_module,
        register_pare_scenarios,
    )
    from pytest_pare.scenarios.scenario import PAREScenario
    from pytest_pare.scenarios.utils.registry import (
        ScenarioRegistry,
        register_scenario,
        registry,
    )
    from pytest_pare.scenarios.validation_result import (
        PARE_RESULT_SCHEMA,
        PAREMultiScenarioValidationResult,
        PAREScenarioValidationResult,
    )

_EXPORTS = {
    "PAREScenario": "pytest_pare.scenarios.scenario",
    "registry": "pytest_pare.scenarios.utils.registry",
    "register_scenario": "pytest_pare.scenarios.utils.registry",
    "ScenarioRegistry": "pytest_pare.scenarios.utils.registry",
    "PAREScenarioValidationResult": "pytest_pare.scenarios.validation_result",
    "PAREMultiScenarioValidationResult": "pytest_pare.scenarios.validation_result",
    "PARE_RESULT_SCHEMA": "pytest_pare.scenarios.validation_result",
    "ScenarioRunnerConfig": "pytest_pare.scenarios.config",
    "MultiScenarioRunnerConfig": "pytest_pare.scenarios.config",
    "apply_noise": "pytest_pare.scenarios.noise",
    "import_scenario_module": "pytest_pare.scenarios.registration",
    "register_pare_scenarios": "pytest_pare.scenarios.registration",
    "ScenarioImportError": "pytest_pare.scenarios.registration",
}

__all__ = [
    "PARE_RESULT_SCHEMA",
    "MultiScenarioRunnerConfig",
    "PAREMultiScenarioValidationResult",
    "PAREScenario",
    "PAREScenarioValidationResult",
    "ScenarioImportError",
    "ScenarioRegistry",
    "ScenarioRunnerConfig",
    "apply_noise",
    "import_scenario_module",
    "register_pare_scenarios",
    "register_scenario",
    "registry",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals(), __all__)
