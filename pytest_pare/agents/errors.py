"""Exceptions of the model engines: which ones stop the session, which ones fail one run.

Each run-failing class says whose fault it is in ``category`` (a class
attribute): ``"agent"`` when the model under test misbehaved (it never gave a
valid action, it overflowed its context), ``"infra"`` when the model could not
be reached or did not answer in time (endpoint, rate limit, timeout, server
error). A run that raised an exception without a category is a plain error (a
bug in a scenario or the plugin). The row's status follows from it
(``pytest_pare.report.status``).
"""

from __future__ import annotations

from typing import ClassVar

#: the failure categories (``PAREScenarioValidationResult.to_dict`` keeps them as strings)
AGENT: str = "agent"
INFRA: str = "infra"


class EngineError(Exception):
    """A model call failed in a way that concerns one run only (it becomes that item's error)."""

    category: ClassVar[str | None] = None


class PareFatalEngineError(EngineError):
    """A failure no other scenario can escape: stop the whole session once, with this message.

    Raised for authentication failures, missing credentials and unreachable
    endpoints. The plugin catches it (at the session-start check and around each
    item) and turns it into a single session stop instead of N identical errors.
    """

    category: ClassVar[str | None] = INFRA


class CredentialsError(PareFatalEngineError):
    """The provider's API key is missing or was rejected."""


class EndpointUnavailable(PareFatalEngineError):
    """The configured endpoint does not answer (connection refused, DNS, timeout)."""


class UnknownModelError(ValueError):
    """A model name that is not an alias and came without a provider (a usage error)."""


class ReplayMissError(EngineError):
    """``--pare-replay`` has no recorded answer for a request."""


class InfraError(EngineError):
    """The model could not be reached or did not answer in time; not the model's fault."""

    category: ClassVar[str | None] = INFRA


class RetriesExhausted(InfraError):
    """A rate-limited or failing server kept failing after every retry."""


class ModelCallTimeout(InfraError):
    """One model call took longer than ``--pare-request-timeout`` (never retried)."""


class AgentFailure(EngineError):
    """The model under test misbehaved: the run fails as ``agent_error``, not as a crash."""

    category: ClassVar[str | None] = AGENT


class NoValidAction(AgentFailure):
    """The model's answers held no valid action (empty, prose, broken JSON, unknown tool)
    until its budget of invalid answers ran out."""


class ContextOverflow(AgentFailure):
    """The prompt did not fit the model's context window (the server said so; not retried)."""


class BudgetExceeded(AgentFailure):
    """The run spent its budget (``--pare-run-max-tokens``, ``--pare-run-max-cost``): it is
    stopped there and fails as ``agent_error``, the agent's cost, not the endpoint's fault."""
