"""Exceptions of the model engines: which ones stop the session, which ones fail one run."""

from __future__ import annotations


class EngineError(Exception):
    """A model call failed in a way that concerns one run only (it becomes that item's error)."""


class PareFatalEngineError(EngineError):
    """A failure no other scenario can escape: stop the whole session once, with this message.

    Raised for authentication failures, missing credentials and unreachable
    endpoints. The plugin catches it (at the session-start check and around each
    item) and turns it into a single session stop instead of N identical errors.
    """


class CredentialsError(PareFatalEngineError):
    """The provider's API key is missing or was rejected."""


class EndpointUnavailable(PareFatalEngineError):
    """The configured endpoint does not answer (connection refused, DNS, timeout)."""


class UnknownModelError(ValueError):
    """A model name that is not an alias and came without a provider (a usage error)."""


class ReplayMissError(EngineError):
    """``--pare-replay`` has no recorded answer for a request."""


class RetriesExhausted(EngineError):
    """A rate-limited or failing server kept failing after every retry."""
