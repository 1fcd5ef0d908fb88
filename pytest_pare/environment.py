"""The simulated phone's environment, at its public path (the code lives in ``pytest_pare.sim``)."""

from __future__ import annotations

from pytest_pare.sim.environment import (
    PAREEventMetadata,
    SimulatedTimeManager,
    StateAwareEnvironmentWrapper,
)

__all__ = ["PAREEventMetadata", "SimulatedTimeManager", "StateAwareEnvironmentWrapper"]
