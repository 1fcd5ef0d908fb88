"""Start-of-session checks: credentials are present and endpoints answer, within seconds."""

from __future__ import annotations

import urllib.error
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
    """Raise EndpointUnavailable unless ``model.endpoint`` answers an HTTP request.

    Any HTTP status counts as an answer: the point is that a server listens, the
    first model call reports what it thinks of the request.
    """
    if model.endpoint is None:
        return
    if not model.endpoint.startswith(("http://", "https://")):
        raise EndpointUnavailable(
            f"endpoint {model.endpoint!r} for model {model.model!r} is not an http(s) URL: "
            f"give the server's base URL, e.g. http://localhost:8000/v1"
        )
    url = model.endpoint.rstrip("/") + "/models"
    request = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 - user's endpoint
            return
    except urllib.error.HTTPError:
        return
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointUnavailable(
            f"endpoint {model.endpoint} for model {model.model!r} does not answer ({reason}): "
            f"start the server or fix --pare-user-endpoint / --pare-observe-endpoint / "
            f"--pare-execute-endpoint"
        ) from None


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
