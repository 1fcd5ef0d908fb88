"""Model aliases: the short names users type, resolved to (litellm model, provider).

A name in the table needs no provider. Any other name needs ``provider`` (or a
``provider/model`` prefix litellm understands), so a typo is a usage error
instead of a run that fails at the first model call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pytest_pare.agents.errors import UnknownModelError

SCRIPTED_PROVIDER: Final = "scripted"
"""Offline provider: answers come from a policy, never from a network."""

SCRIPTED_POLICIES: Final = ("reference", "idle", "eager")


@dataclass(frozen=True, slots=True)
class ModelAlias:
    """What an alias stands for."""

    model: str
    provider: str


MODEL_ALIASES: Final[dict[str, ModelAlias]] = {
    # OpenAI
    "gpt-5": ModelAlias("gpt-5", "openai"),
    "gpt-5-mini": ModelAlias("gpt-5-mini", "openai"),
    "gpt-5-nano": ModelAlias("gpt-5-nano", "openai"),
    "gpt-4.1": ModelAlias("gpt-4.1", "openai"),
    "gpt-4.1-mini": ModelAlias("gpt-4.1-mini", "openai"),
    "gpt-4o": ModelAlias("gpt-4o", "openai"),
    "gpt-4o-mini": ModelAlias("gpt-4o-mini", "openai"),
    "o3": ModelAlias("o3", "openai"),
    "o4-mini": ModelAlias("o4-mini", "openai"),
    # Anthropic
    "claude-opus-4-1": ModelAlias("claude-opus-4-1-20250805", "anthropic"),
    "claude-opus-4": ModelAlias("claude-opus-4-20250514", "anthropic"),
    "claude-sonnet-4-5": ModelAlias("claude-sonnet-4-5-20250929", "anthropic"),
    "claude-sonnet-4": ModelAlias("claude-sonnet-4-20250514", "anthropic"),
    "claude-3-7-sonnet": ModelAlias("claude-3-7-sonnet-20250219", "anthropic"),
    "claude-3-5-haiku": ModelAlias("claude-3-5-haiku-20241022", "anthropic"),
    # Google Gemini
    "gemini-2.5-pro": ModelAlias("gemini-2.5-pro", "gemini"),
    "gemini-2.5-flash": ModelAlias("gemini-2.5-flash", "gemini"),
    "gemini-2.0-flash": ModelAlias("gemini-2.0-flash", "gemini"),
    # Fireworks (open-weight models)
    "llama-v3p3-70b": ModelAlias(
        "accounts/fireworks/models/llama-v3p3-70b-instruct", "fireworks_ai"
    ),
    "qwen3-235b": ModelAlias("accounts/fireworks/models/qwen3-235b-a22b", "fireworks_ai"),
    "deepseek-v3": ModelAlias("accounts/fireworks/models/deepseek-v3", "fireworks_ai"),
    "kimi-k2": ModelAlias("accounts/fireworks/models/kimi-k2-instruct", "fireworks_ai"),
    "gpt-oss-120b": ModelAlias("accounts/fireworks/models/gpt-oss-120b", "fireworks_ai"),
    # AWS Bedrock
    "bedrock-claude-sonnet-4": ModelAlias("anthropic.claude-sonnet-4-20250514-v1:0", "bedrock"),
    "bedrock-claude-3-7-sonnet": ModelAlias("anthropic.claude-3-7-sonnet-20250219-v1:0", "bedrock"),
    "bedrock-llama3-3-70b": ModelAlias("meta.llama3-3-70b-instruct-v1:0", "bedrock"),
    "bedrock-nova-pro": ModelAlias("amazon.nova-pro-v1:0", "bedrock"),
    # Offline policies (no network, no credentials)
    "reference": ModelAlias("reference", SCRIPTED_PROVIDER),
    "idle": ModelAlias("idle", SCRIPTED_PROVIDER),
    "eager": ModelAlias("eager", SCRIPTED_PROVIDER),
}

# Providers litellm recognises as a "provider/model" prefix in the model name.
_PREFIX_PROVIDERS: Final = frozenset(
    {
        "openai",
        "anthropic",
        "gemini",
        "vertex_ai",
        "fireworks_ai",
        "bedrock",
        "hosted_vllm",
        "ollama",
        "ollama_chat",
        "azure",
        "together_ai",
        "groq",
        "mistral",
        "deepseek",
        "openrouter",
        "huggingface",
        SCRIPTED_PROVIDER,
    }
)


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """One role's engine identity: what is sent, through which provider, where."""

    model: str
    provider: str
    endpoint: str | None = None

    @property
    def is_scripted(self) -> bool:
        return self.provider == SCRIPTED_PROVIDER


def known_aliases() -> list[str]:
    """The alias names, sorted, for help texts and error messages."""
    return sorted(MODEL_ALIASES)


def resolve_model(
    name: str, provider: str | None = None, endpoint: str | None = None
) -> ResolvedModel:
    """Turn a user-given model name (and optional provider, endpoint) into a ResolvedModel.

    An explicit ``provider`` wins over the alias table: ``gpt-5`` with
    ``provider="hosted_vllm"`` sends ``gpt-5`` to the vLLM server. A
    ``provider/model`` name (``ollama_chat/llama3``) carries its own provider.

    Args:
        name: an alias, a provider's model id, or ``provider/model``.
        provider: the litellm provider; required for names not in the table.
        endpoint: base URL of an OpenAI-compatible or self-hosted server.

    Returns:
        The resolved model.

    Raises:
        UnknownModelError: the name is empty, or unknown and no provider was given.
    """
    name = (name or "").strip()
    if not name:
        raise UnknownModelError("empty model name: give an alias such as 'gpt-5' or 'reference'")
    provider = (provider or "").strip() or None
    endpoint = (endpoint or "").strip() or None
    alias = MODEL_ALIASES.get(name)
    if provider is not None:
        if provider == SCRIPTED_PROVIDER and name not in SCRIPTED_POLICIES:
            raise UnknownModelError(
                f"unknown scripted policy {name!r}: the scripted provider offers "
                f"{', '.join(SCRIPTED_POLICIES)}"
            )
        return ResolvedModel(
            model=alias.model if alias and alias.provider == provider else name,
            provider=provider,
            endpoint=endpoint,
        )
    if alias is not None:
        return ResolvedModel(model=alias.model, provider=alias.provider, endpoint=endpoint)
    prefix, sep, rest = name.partition("/")
    if sep and prefix in _PREFIX_PROVIDERS and rest:
        return resolve_model(rest, prefix, endpoint)
    if endpoint is not None:
        # A bare name with an endpoint is what vLLM/ollama users type: the
        # server speaks the OpenAI protocol, whatever the model is called.
        return ResolvedModel(model=name, provider="hosted_vllm", endpoint=endpoint)
    if sep and rest:
        # Written as provider/model already: what is wrong is the provider.
        raise UnknownModelError(
            f"unknown model {name!r}: {prefix!r} is not a provider pytest-pare knows as a "
            f"'provider/model' prefix ({', '.join(sorted(_PREFIX_PROVIDERS))}); if {prefix!r} "
            f"is a litellm provider, give it with --pare-<role>-provider={prefix} and the "
            f"model as {rest!r}; if {name!r} is the whole model id, give its provider with "
            "--pare-<role>-provider; or give an OpenAI-compatible --pare-<role>-endpoint"
        )
    raise UnknownModelError(
        f"unknown model {name!r}: give its provider (--pare-<role>-provider), write it as "
        f"'provider/model', give an OpenAI-compatible --pare-<role>-endpoint, or use one of "
        f"the known aliases: {', '.join(known_aliases())}"
    )


ROLES: Final = ("user", "observe", "execute")


def role_model(config: object, role: str) -> ResolvedModel:
    """The ResolvedModel of one role, read from a ScenarioRunnerConfig.

    Args:
        config: has ``<role>_model``, ``<role>_provider`` and ``<role>_endpoint``.
        role: one of ``user``, ``observe``, ``execute``.

    Raises:
        UnknownModelError: the role's model name cannot be resolved; the message
            names the option to fix.
    """
    if role not in ROLES:
        raise ValueError(f"unknown agent role {role!r}; expected one of {', '.join(ROLES)}")
    try:
        return resolve_model(
            getattr(config, f"{role}_model", None) or "",
            getattr(config, f"{role}_provider", None),
            getattr(config, f"{role}_endpoint", None),
        )
    except UnknownModelError as exc:
        message = str(exc).replace("--pare-<role>-", f"--pare-{role}-")
        raise UnknownModelError(f"--pare-{role}-model: {message}") from None


def validate_engine_options(config: object) -> dict[str, ResolvedModel]:
    """Resolve the three roles' models, so the plugin can report a usage error early.

    Returns:
        ``{role: ResolvedModel}`` for ``user``, ``observe`` and ``execute``.

    Raises:
        UnknownModelError: for the first role whose model cannot be resolved.
    """
    return {role: role_model(config, role) for role in ROLES}
