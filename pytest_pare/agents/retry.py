"""One model call bounded in time, with bounded retries for rate limits and server errors.

Every attempt gets a client timeout of at most ``--pare-request-timeout`` and
at most the run's remaining time; a call that timed out is never retried (the
server may still be generating the abandoned answer, and a retry would queue
behind it). What went wrong is decided here, once, and raised as one of our
exceptions, whose ``category`` says whose fault it was: a timeout is known by
our own clock (litellm wraps what it catches, an interrupt included, as an
"APIError"), a context-window refusal by the server's words.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pytest_pare.agents.errors import (
    ContextOverflow,
    CredentialsError,
    EndpointUnavailable,
    EngineError,
    ModelCallTimeout,
    PareFatalEngineError,
    RetriesExhausted,
)
from pytest_pare.options.defaults import RUN_DEFAULTS

logger = logging.getLogger(__name__)

T = TypeVar("T")

CONNECTION_ATTEMPTS = 3
"""Attempts for a call no server answered (connection refused, DNS, network down)."""

DEFAULT_REQUEST_TIMEOUT: float = RUN_DEFAULTS["request_timeout"]
"""Seconds one model call may take when no ``--pare-request-timeout`` is given."""


class RunDeadline(Protocol):
    """What a call needs of its run's deadline (``pytest_pare.runner.timeout.Deadline``)."""

    def remaining(self) -> float | None:
        """Seconds left (<= 0 once passed), or None when the run is unbounded."""

    def error(self, where: str = "") -> BaseException:
        """The exception that reports the deadline passed ``where``."""


class AttemptGate(Protocol):
    """A limit every attempt of a call passes (``ratelimit.CallGate``: the session's rate limit)."""

    def admit(self, deadline: RunDeadline | None, where: str) -> Any:
        """Wait for the attempt's turn (never past ``deadline``); the pass to report back with."""

    def answered(self, admitted: Any, result: Any) -> None:
        """The attempt was answered with ``result``."""

    def refused(self, admitted: Any, retry_after: float | None) -> None:
        """The server refused the attempt for its rate limit (HTTP 429)."""


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


@dataclass
class CallStats:
    """What one model call took besides its answer: attempts and HTTP 429s.

    Filled by :func:`call_with_retries` as it goes; a call that raised carries
    its stats on the exception (``call_stats``), so failed calls are counted too.
    """

    attempts: int = 0
    rate_limited: int = 0

    @property
    def retries(self) -> int:
        """Attempts after the first."""
        return max(0, self.attempts - 1)


def stats_of(exc: BaseException) -> CallStats | None:
    """The stats a failed call's exception carries (see :class:`CallStats`), if any."""
    for seen in _chain(exc):
        stats = getattr(seen, "call_stats", None)
        if isinstance(stats, CallStats):
            return stats
    return None


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
        if not headers:
            continue
        # OpenAI sends both; the milliseconds say more than the whole seconds.
        for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            if headers.get(name) is not None:
                try:
                    return float(headers.get(name)) * scale
                except (TypeError, ValueError):
                    continue
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


_DROPPED = frozenset(
    {"RemoteProtocolError", "ReadError", "WriteError", "ConnectionResetError", "BrokenPipeError"}
)
_TIMEOUTS = frozenset(
    {"Timeout", "APITimeoutError", "ReadTimeout", "WriteTimeout", "PoolTimeout", "TimeoutError"}
)
_CONTEXT_MARKERS = (
    "maximum context length",
    "context_length_exceeded",
    "context window",
    "prompt is too long",
    "input is too long",
    "too many input tokens",
)


def _is_dropped(exc: BaseException) -> bool:
    """True when a server answered and then broke off (a connection dropped mid-answer)."""
    return any(type(seen).__name__ in _DROPPED for seen in _chain(exc))


def _is_connection_failure(exc: BaseException) -> bool:
    """True when no server answered (litellm reports some as APIError "Connection error")."""
    if _is_dropped(exc):
        return False
    return any(
        type(seen).__name__ in {"APIConnectionError", "ConnectError", "ConnectionRefusedError"}
        or "Connection error" in str(seen)
        for seen in _chain(exc)
    )


def is_timeout(exc: BaseException) -> bool:
    """True when the client gave up waiting (any layer's timeout class in the chain)."""
    return any(type(seen).__name__ in _TIMEOUTS for seen in _chain(exc))


def is_context_overflow(exc: BaseException) -> bool:
    """True when the server refused the prompt as longer than the model's context window."""
    for seen in _chain(exc):
        if type(seen).__name__ == "ContextWindowExceededError":
            return True
        text = str(seen).lower()
        if any(marker in text for marker in _CONTEXT_MARKERS):
            return True
    return False


def is_rate_limited(exc: BaseException) -> bool:
    """True when the server refused the call for its rate limit (HTTP 429)."""
    return type(exc).__name__ == "RateLimitError" or status_of(exc) == 429


def classify(exc: BaseException) -> str:
    """``"retry"``, ``"connection"`` (retried, then fatal), ``"context"``, ``"fatal"`` or
    ``"error"``; timeouts are decided before, by the caller's clock."""
    name = type(exc).__name__
    status = status_of(exc)
    if _is_missing_key(exc):
        return "fatal"
    if _is_connection_failure(exc):
        return "connection"
    if _is_dropped(exc):
        return "retry"
    if is_context_overflow(exc):
        return "context"
    if name in {"AuthenticationError", "PermissionDeniedError"} or status in (401, 403):
        return "fatal"
    if name == "NotFoundError" or status == 404:
        return "fatal"
    if name == "RateLimitError" or status in (409, 429):
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
            f"start the server or fix --pare-*-endpoint ({_describe(exc)})"
        )
    return CredentialsError(
        f"authentication failed for model {model!r} (provider {provider}{where}, HTTP "
        f"{status or '?'}): set a valid API key for {provider} ({_short(exc)})"
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def call_with_retries(
    call: Callable[[float | None], T],
    policy: RetryPolicy,
    *,
    model: str,
    provider: str,
    endpoint: str | None,
    request_timeout: float | None = DEFAULT_REQUEST_TIMEOUT,
    deadline: RunDeadline | None = None,
    who: str = "model",
    stats: CallStats | None = None,
    gate: AttemptGate | None = None,
) -> T:
    """Run ``call(timeout)``, bounded in time, retrying rate limits and server errors.

    Args:
        call: makes one attempt with the given client timeout in seconds.
        policy: how often and how long to retry.
        model, provider, endpoint: for the messages.
        request_timeout: the most one attempt may take (None: only the deadline bounds it).
        deadline: the run's deadline; an attempt never outlasts it, nor does a backoff.
        who: names the caller in messages (``"the observe model"``).
        stats: counts the attempts and 429s; an exception raised carries it as
            ``call_stats``.
        gate: the rate limit each attempt waits for; it learns of answers and 429s, and
            its shared pause replaces the backoff after a 429.

    Raises:
        PareFatalEngineError: authentication, permission, unknown model, or an
            endpoint that never answered.
        ContextOverflow: the server refused the prompt as too long (not retried).
        ModelCallTimeout: an attempt took longer than ``request_timeout`` (not retried).
        RetriesExhausted: the server kept failing after ``policy.max_attempts``, or
            the next backoff would pass the deadline.
        EngineError: any other failure of the call.
        BaseException: the deadline's own error (``RunTimeout``) once it passed.
    """
    stats = stats if stats is not None else CallStats()
    try:
        return _call_with_retries(
            call, policy, model, provider, endpoint, request_timeout, deadline, who, stats, gate
        )
    except Exception as exc:
        try:
            exc.call_stats = stats  # type: ignore[attr-defined]
        except AttributeError:  # an exception type with __slots__
            pass
        raise


def _call_with_retries(
    call: Callable[[float | None], T],
    policy: RetryPolicy,
    model: str,
    provider: str,
    endpoint: str | None,
    request_timeout: float | None,
    deadline: RunDeadline | None,
    who: str,
    stats: CallStats,
    gate: AttemptGate | None,
) -> T:
    attempt = 0
    where = f"waiting for {who} {model!r}"
    while True:
        attempt += 1
        stats.attempts = attempt
        remaining = None if deadline is None else deadline.remaining()
        if deadline is not None and remaining is not None and remaining <= 0:
            raise deadline.error(where)
        admitted = None
        if gate is not None:
            admitted = gate.admit(deadline, where)
            remaining = None if deadline is None else deadline.remaining()
        timeout = _attempt_timeout(request_timeout, remaining)
        started = time.monotonic()
        try:
            result = call(timeout)
        except EngineError:
            raise
        except Exception as exc:  # classified below, re-raised as our own types
            if deadline is not None and _expired(deadline):
                # Whatever the client made of it (a timeout, or the watchdog's
                # interrupt wrapped as an API error): the run's time is up.
                raise deadline.error(where) from exc
            elapsed = time.monotonic() - started
            if timeout is not None and (is_timeout(exc) or elapsed >= timeout):
                if deadline is not None and timeout != request_timeout:
                    raise deadline.error(where) from exc  # the run's time bounded this attempt
                raise ModelCallTimeout(
                    f"{who} {model!r} did not answer within {timeout:.3g}s "
                    f"(--pare-request-timeout); not retried, as the server may still be "
                    f"generating the abandoned answer ({type(exc).__name__})"
                ) from exc
            kind = classify(exc)
            limited = is_rate_limited(exc)
            if limited:
                stats.rate_limited += 1
                if gate is not None:
                    gate.refused(admitted, _retry_after(exc))
            if kind == "fatal":
                raise fatal_error_for(
                    exc, model=model, provider=provider, endpoint=endpoint
                ) from exc
            if kind == "context":
                raise ContextOverflow(
                    f"the prompt for {who} {model!r} ({provider}) does not fit its context "
                    f"window: {_short(exc)}; lower --pare-<role>-max-prompt-tokens or "
                    f"--pare-<role>-max-tokens, or serve the model with a longer context"
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
                    f"{attempt} attempts: {_describe(exc)}"
                ) from exc
            # The gate holds the next attempt as long as the server asked, and so every
            # other call to it: a backoff of its own would only wait twice.
            wait = 0.0 if limited and gate is not None else policy.delay(attempt, _retry_after(exc))
            left = None if deadline is None else deadline.remaining()
            if left is not None and wait >= left:
                raise RetriesExhausted(
                    f"model call to {model!r} ({provider}) failed ({_describe(exc)}) and the "
                    f"retry in {wait:.1f}s would pass the run's deadline ({left:.1f}s left)"
                ) from exc
            logger.warning(
                "model %s: %s, retry %d/%d %s",
                model,
                _describe(exc) if kind == "connection" else _status_text(exc),
                attempt,
                last - 1,
                f"in {wait:.1f}s" if wait > 0 else "when the shared rate limit lets it",
            )
            if wait > 0:
                policy.sleep(wait)
        else:
            if gate is not None:
                gate.answered(admitted, result)
            return result


def _attempt_timeout(request_timeout: float | None, remaining: float | None) -> float | None:
    if remaining is None:
        return request_timeout
    return remaining if request_timeout is None else min(request_timeout, remaining)


def _expired(deadline: RunDeadline) -> bool:
    remaining = deadline.remaining()
    return remaining is not None and remaining <= 0


def _status_text(exc: BaseException) -> str:
    status = status_of(exc)
    return f"{type(exc).__name__} (HTTP {status})" if status else type(exc).__name__


def _describe(exc: BaseException) -> str:
    """What went wrong, by its innermost cause when that says more (``Connection refused``)."""
    if _is_connection_failure(exc) or _is_dropped(exc):
        innermost = list(_chain(exc))[-1]
        return f"{type(innermost).__name__}: {_short(innermost)}"
    return f"{type(exc).__name__}: {_short(exc)}"
