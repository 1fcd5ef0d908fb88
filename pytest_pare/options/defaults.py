"""Defaults of the run settings that options expose, in one table.

The option table (help texts and values), ``Settings`` and the runner's
``ScenarioRunnerConfig`` all read their defaults from here, so the plugin and a
runner configured by hand cannot disagree. Pure data: importing it costs nothing.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Final

ROLES: Final = ("user", "observe", "execute")

RUN_DEFAULTS: Final[MappingProxyType[str, Any]] = MappingProxyType(
    {
        "oracle": False,
        "seed": 0,
        "timeout": None,
        "strict_oracle": False,
        "max_turns": 10,
        "user_model": "gpt-5-mini",
        "observe_model": "gpt-5",
        "execute_model": "gpt-5",
        "user_max_iterations": 1,
        "observe_max_iterations": 5,
        "execute_max_iterations": 10,
        "simulated_generation_time": 1.0,
        "export": False,
        "export_format": "hf",
        "tool_failure_probability": 0.0,
        "env_events_per_minute": 0.0,
        "concurrency": 1,
        # A scenario without a duration runs until its event queue is empty; this many
        # processed events stop one whose queue never empties (see scenarios/config.py).
        "max_scenario_events": 10_000,
    }
)
"""Run field -> default. Model names are the defaults of ``--pare-<role>-model``."""
