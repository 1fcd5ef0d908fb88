"""Every shipped scenario still passes its oracle run with background events at 5 per minute."""

from __future__ import annotations

from typing import Any

import pytest
from shipped import SCENARIO_FILES

NOISE_APPS = {"StatefulEmailApp", "StatefulMessagingApp", "StatefulShoppingApp"}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_a_shipped_scenario_passes_its_strict_oracle_run_amid_background_events(path):
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    seen: list[Any] = []

    class Observed(cls):  # type: ignore[misc, valid-type]
        def validate(self, env: Any) -> Any:
            seen.extend(env.event_log.list_view())
            return super().validate(env)

    Observed.scenario_id = cls.scenario_id
    config = ScenarioRunnerConfig(oracle=True, strict_oracle=True, env_events_per_minute=5)

    result = run_scenario(Observed, config)

    assert result.exception is None, f"{path.stem}: {result.exception!r}"
    assert result.success is True, f"{path.stem}: {result.rationale}"
    background = [e for e in seen if str(e.event_id).startswith("env_expansion_")]
    probe = cls()
    probe.initialize()
    has_noise_app = bool({type(app).__name__ for app in probe.apps} & NOISE_APPS)
    # 5 per minute over the 360 s horizon (the scenarios set no duration of their own).
    assert len(background) == (30 if has_noise_app else 0)
