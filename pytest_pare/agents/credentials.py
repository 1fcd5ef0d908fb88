"""Start-of-session checks: credentials are present and endpoints answer, within seconds."""

from __future__ import annotations

import logging
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from pytest_pare.agents.errors import CredentialsError, EndpointUnavailable
from pytest_pare.agents.models import ResolvedModel

# Any one of the listed groups satisfies the provider (each group: all its variables set).
# Only variables the pinned litellm (or the AWS/Google client under it) reads: a variable
# it ignores would pass this check and fail at the first model call.
PROVIDER_CREDENTIALS: dict[str, tuple[tuple[str, ...], ...]] = {
    "openai": (("OPENAI_API_KEY",),),
    "anthropic": (("ANTHROPIC_API_KEY",),),
    "gemini": (("GEMINI_API_KEY",),),
    "vertex_ai": (("GOOGLE_APPLICATION_CREDENTIALS",), ("VERTEXAI_PROJECT",)),
    "fireworks_ai": (("FIREWORKS_API_KEY",), ("FIREWORKS_AI_API_KEY",)),
    "bedrock": (
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
        ("AWS_PROFILE",),
    ),
    "together_ai": (("TOGETHERAI_API_KEY",), ("TOGETHER_API_KEY",)),
    "groq": (("GROQ_API_KEY",),),
    "mistral": (("MISTRAL_API_KEY",),),
    "deepseek": (("DEEPSEEK_API_KEY",),),
    "openrouter": (("OPENROUTER_API_KEY",),),
    "azure": (("AZURE_API_KEY",),),
}

logger = logging.getLogger(__name__)

ENDPOINT_TIMEOUT_SECONDS = 3.0


def missing_credentials(model: ResolvedModel, environ: Mapping[str, str]) -> str | None:
    """A sentence naming the variables to set, or None when the provider can authenticate.

    A model behind an explicit endpoint (vLLM, ollama, a proxy) needs no key:
    such servers usually accept any key, and a real one is still used when set.
    """
    if model.is_scripted or model.endpoint is not None:
        return None
    groups = PROVIDER_CREDENTIALS.get(model.provider)
    if groups is None:
        return None  # a provider we do not know the variables of: let litellm decide
    if any(all(environ.get(var) for var in group) for group in groups):
        return None
    options = " or ".join(" + ".join(group) for group in groups)
    return (
        f"no credentials for model {model.model!r} (provider {model.provider}): "
        f"set {options} in the environment"
    )


def check_endpoint(model: ResolvedModel, timeout: float = ENDPOINT_TIMEOUT_SECONDS) -> None:
    """Raise EndpointUnavailable unless a server listens at ``model.endpoint``.

    A TCP connection decides (refused, unknown host, unreachable, no answer
    within ``timeout``: the endpoint is down). A server that accepts it is up,
    even when it is too busy generating to answer ``GET /models`` in time: that
    request is only tried, and any HTTP status, or no answer, passes; the first
    model call reports what the server thinks of the requests.
    """
    if model.endpoint is None:
        return
    parts = urllib.parse.urlsplit(model.endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointUnavailable(
            f"endpoint {model.endpoint!r} for model {model.model!r} is not an http(s) URL: "
            f"give the server's base URL, e.g. http://localhost:8000/v1"
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise EndpointUnavailable(
            f"endpoint {model.endpoint!r} for model {model.model!r} has no valid port: "
            f"give the server's base URL, e.g. http://localhost:8000/v1"
        ) from None
    try:
        with socket.create_connection((parts.hostname, port), timeout):
            pass
    except OSError as exc:
        reason = f"no answer within {timeout:g} s" if isinstance(exc, TimeoutError) else exc
        raise EndpointUnavailable(
            f"endpoint {model.endpoint} for model {model.model!r} does not answer ({reason}): "
            f"start the server or fix --pare-user-endpoint / --pare-observe-endpoint / "
            f"--pare-execute-endpoint"
        ) from None
    url = model.endpoint.rstrip("/") + "/models"
    try:
        with urllib.request.urlopen(  # noqa: S310 - the user's endpoint
            urllib.request.Request(url, method="GET"), timeout=timeout
        ):
            return
    except urllib.error.HTTPError:
        return
    except (urllib.error.URLError, OSError, ValueError) as exc:
        logger.info(
            "endpoint %s accepts connections but GET %s did not answer (%s); a busy server "
            "may do that, going on",
            model.endpoint,
            url,
            getattr(exc, "reason", exc),
        )


def check_models(models: list[ResolvedModel], environ: Mapping[str, str]) -> None:
    """Check each distinct model once; raise the first CredentialsError/EndpointUnavailable."""
    seen: set[ResolvedModel] = set()
    for model in models:
        if model in seen:
            continue
        seen.add(model)
        problem = missing_credentials(model, environ)
        if problem is not None:
            raise CredentialsError(problem)
        check_endpoint(model)
