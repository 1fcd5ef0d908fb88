"""The two agents of a PARE run (simulated user, proactive assistant) and their model engines.

Import the submodules directly; this package imports nothing heavy.
"""

from __future__ import annotations

from pytest_pare.agents.errors import (
    CredentialsError,
    EndpointUnavailable,
    EngineError,
    PareFatalEngineError,
    ReplayMissError,
    UnknownModelError,
)
from pytest_pare.agents.models import known_aliases, resolve_model, validate_engine_options

__all__ = [
    "CredentialsError",
    "EndpointUnavailable",
    "EngineError",
    "PareFatalEngineError",
    "ReplayMissError",
    "UnknownModelError",
    "known_aliases",
    "resolve_model",
    "validate_engine_options",
]
