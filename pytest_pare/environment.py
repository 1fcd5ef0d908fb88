"""The simulated phone's environment, at its public path (the code lives in ``pytest_pare.sim``)."""

from __future__ import annotations

from pytest_pare.sim.environment import (
    EventBudgetExceeded,
    PAREEventMetadata,
    SimulatedTimeManager,
    StateAwareEnvironmentWrapper,
)

__all__ = [
    "EventBudgetExceeded",
    "PAREEventMetadata",
    "SimulatedTimeManager",
    "StateAwareEnvironmentWrapper",
]
