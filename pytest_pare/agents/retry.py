"""Retries with bounded exponential backoff for rate limits and server errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from pytest_pare.agents.errors import (
    CredentialsError,
    EndpointUnavailable,
    EngineError,
    PareFatalEngineError,
    RetriesExhausted,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

CONNECTION_ATTEMPTS = 3
"""Attempts for a call no server answered (connection refused, DNS, network down)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a model call.

    The delays are the only wall-clock waits in an agent run, and only happen
    when a real server asked for them (429, 5xx). ``sleep`` is injectable so
    tests retry without waiting.
    """

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 16.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the failed ``attempt`` (1-based)."""
        wait = self.base_delay * (2 ** (attempt - 1))
        if retry_after is not None and retry_after > 0:
            wait = max(wait, retry_after)
        return min(wait, self.max_delay)


def status_of(exc: BaseException) -> int | None:
    """The HTTP status an exception carries, if any (litellm and openai set ``status_code``)."""
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        return status
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def _retry_after(exc: BaseException) -> float | None:
    # litellm keeps the server's headers on the exception; its ``response`` is synthetic.
    for headers in (
        getattr(exc, "litellm_response_headers", None),
        getattr(getattr(exc, "response", None), "headers", None),
    ):
        if headers and headers.get("retry-after") is not None:
            try:
                return float(headers.get("retry-after"))
            except (TypeError, ValueError):
                return None
    return None


_MISSING_KEY_MARKERS = ("Missing credentials", "api_key client option must be set", "No API key")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from or during, outermost first."""
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def _is_missing_key(exc: BaseException) -> bool:
    """True when the client refused to send a request for want of a key (litellm says HTTP 500)."""
    return any(marker in str(seen) for seen in _chain(exc) for marker in _MISSING_KEY_MARKERS)


def _is_connection_failure(exc: BaseException) -> bool:
    """True when no server answered (litellm reports some as APIError "Connection error")."""
    return any(
        type(seen).__name__ in {"APIConnectionError", "ConnectError", "ConnectionRefusedError"}
        or "Connection error" in str(seen)
        for seen in _chain(exc)
    )


def classify(exc: BaseException) -> str:
    """``"retry"``, ``"connection"`` (retried, then fatal), ``"fatal"`` or ``"error"``."""
    name = type(exc).__name__
    status = status_of(exc)
    if _is_missing_key(exc):
        return "fatal"
    if _is_connection_failure(exc):
        return "connection"
    if name in {"AuthenticationError", "PermissionDeniedError"} or status in (401, 403):
        return "fatal"
    if name == "NotFoundError" or status == 404:
        return "fatal"
    if name in {"RateLimitError", "Timeout", "APITimeoutError"} or status in (408, 409, 429):
        return "retry"
    if status is not None and status >= 500:
        return "retry"
    if name in {"InternalServerError", "ServiceUnavailableError", "BadGatewayError"}:
        return "retry"
    return "error"


def fatal_error_for(
    exc: BaseException, *, model: str, provider: str, endpoint: str | None
) -> PareFatalEngineError:
    """The session-stopping error that explains ``exc`` and how to fix it."""
    status = status_of(exc)
    where = f" at {endpoint}" if endpoint else ""
    if type(exc).__name__ == "NotFoundError" or status == 404:
        return PareFatalEngineError(
            f"model {model!r} (provider {provider}) was not found{where}: check the model name "
            f"or the endpoint ({type(exc).__name__}: {_short(exc)})"
        )
    if _is_missing_key(exc):
        return CredentialsError(
            f"no API key for model {model!r} (provider {provider}{where}): set the provider's "
            f"key variable, e.g. OPENAI_API_KEY ({_short(exc)})"
        )
    if _is_connection_failure(exc):
        return EndpointUnavailable(
            f"cannot reach the {provider} server{where} for model {model!r}: "
            f"start the server or fix --pare-*-endpoint ({_short(exc)})"
        )
    return CredentialsError(
        f"authentication failed for model {model!r} (provider {provider}{where}, HTTP "
        f"{status or '?'}): set a valid API key for {provider} ({_short(exc)})"
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def call_with_retries(
    call: Callable[[], T],
    policy: RetryPolicy,
    *,
    model: str,
    provider: str,
    endpoint: str | None,
) -> T:
    """Run ``call``, retrying rate limits and server errors by ``policy``.

    Raises:
        PareFatalEngineError: authentication, permission, unknown model, or an
            endpoint that never answered.
        RetriesExhausted: the server kept failing after ``policy.max_attempts``.
        EngineError: any other failure of the call.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return call()
        except EngineError:
            raise
        except Exception as exc:  # classified below, re-raised as our own types
            kind = classify(exc)
            if kind == "fatal":
                raise fatal_error_for(
                    exc, model=model, provider=provider, endpoint=endpoint
                ) from exc
            if kind == "error":
                raise EngineError(
                    f"model call to {model!r} ({provider}) failed: "
                    f"{type(exc).__name__}: {_short(exc)}"
                ) from exc
            # Nobody listening rarely changes within seconds: give up sooner than on a 429.
            last = policy.max_attempts
            if kind == "connection":
                last = min(last, CONNECTION_ATTEMPTS)
            if attempt >= last:
                if kind == "connection":
                    raise fatal_error_for(
                        exc, model=model, provider=provider, endpoint=endpoint
                    ) from exc
                raise RetriesExhausted(
                    f"model call to {model!r} ({provider}) still failing after "
                    f"{attempt} attempts: {type(exc).__name__}: {_short(exc)}"
                ) from exc
            wait = policy.delay(attempt, _retry_after(exc))
            logger.warning(
                "model %s: %s (HTTP %s), retry %d/%d in %.1fs",
                model,
                type(exc).__name__,
                status_of(exc),
                attempt,
                last - 1,
                wait,
            )
            policy.sleep(wait)
