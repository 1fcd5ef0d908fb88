"""Noise settings applied to a scenario before ``initialize()``."""

from __future__ import annotations

import math
from typing import Any


def apply_noise(
    scenario: Any,
    *,
    tool_failure_probability: float,
    env_events_per_minute: float,
    env_events_seed: int,
    tool_name_augmentation: bool = False,
    tool_description_augmentation: bool = False,
) -> None:
    """Set a scenario's tool-failure and environmental-event noise.

    Zero turns a kind of noise off (its config becomes ``None``). The events
    and failures are reproducible: events are drawn from ``env_events_seed``
    together with the scenario id and run number, failures from the
    scenario's seed (see ``PAREScenario.apply_augmentation_configs``).

    Args:
        scenario: a scenario that has not been initialised yet.
        tool_failure_probability: chance in [0, 1] that an assistant tool call fails.
        env_events_per_minute: background events per simulated minute (>= 0).
        env_events_seed: seed of the background-event draw.
        tool_name_augmentation: also rename tools from the augmentation data.
        tool_description_augmentation: also re-describe tools from the augmentation data.

    Raises:
        ValueError: a value is out of range.
        RuntimeError: the scenario is already initialised (noise would not apply).
    """
    from are.simulation.types import ToolAugmentationConfig

    if not (
        isinstance(tool_failure_probability, int | float) and 0.0 <= tool_failure_probability <= 1.0
    ):
        raise ValueError(
            "tool_failure_probability must be a probability between 0 and 1, "
            f"got {tool_failure_probability!r}"
        )
    if not (
        isinstance(env_events_per_minute, int | float)
        and math.isfinite(env_events_per_minute)
        and env_events_per_minute >= 0
    ):
        raise ValueError(
            "env_events_per_minute must be a finite number >= 0 (0 = no events), "
            f"got {env_events_per_minute!r}"
        )
    if isinstance(env_events_seed, bool) or not isinstance(env_events_seed, int):
        raise ValueError(f"env_events_seed must be an integer, got {env_events_seed!r}")
    if getattr(scenario, "_initialized", False):
        raise RuntimeError(
            f"apply_noise() on scenario {getattr(scenario, 'scenario_id', scenario)!r} after "
            "initialize(): noise is applied while initialising; call apply_noise first"
        )

    scenario.tool_augmentation_config = (
        ToolAugmentationConfig(
            tool_failure_probability=float(tool_failure_probability),
            apply_tool_name_augmentation=tool_name_augmentation,
            apply_tool_description_augmentation=tool_description_augmentation,
        )
        if tool_failure_probability > 0 or tool_name_augmentation or tool_description_augmentation
        else None
    )
    scenario.env_events_config = None
    if env_events_per_minute > 0:
        # Only then: the expander needs numpy, which a run without events never loads.
        from pytest_pare.scenarios.utils.scenario_expander import PAREEnvEventsConfig

        scenario.env_events_config = PAREEnvEventsConfig(
            num_env_events_per_minute=float(env_events_per_minute),
            env_events_seed=env_events_seed,
        )
