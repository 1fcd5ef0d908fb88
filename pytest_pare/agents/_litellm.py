"""The engine for every real provider: ARE's LiteLLMEngine with our retries and error types.

Importing this module imports litellm (about 3 s), so only ``build_engine``
imports it, and only when a role uses a real model.
"""

from __future__ import annotations

from pytest_pare.options import environ as options_environ

# litellm downloads a cost map at import unless told to use its bundled copy;
# a test session must not touch the network for that.
options_environ.use_bundled_cost_map()

from collections.abc import Mapping  # noqa: E402
from typing import Any  # noqa: E402

import litellm  # noqa: E402
from are.simulation.agents.llm.litellm.litellm_engine import (  # noqa: E402
    LiteLLMEngine,
    LiteLLMModelConfig,
)

from pytest_pare.agents.errors import EngineError  # noqa: E402
from pytest_pare.agents.generation import Generation  # noqa: E402
from pytest_pare.agents.meter import current_meter  # noqa: E402
from pytest_pare.agents.models import ResolvedModel  # noqa: E402
from pytest_pare.agents.retry import (  # noqa: E402
    DEFAULT_REQUEST_TIMEOUT,
    CallStats,
    RetryPolicy,
    RunDeadline,
    call_with_retries,
)
from pytest_pare.agents.tokens import estimate_prompt_tokens  # noqa: E402
from pytest_pare.agents.usage import usage_of_response  # noqa: E402

# litellm prints "Give Feedback / Get Help" banners to stdout on every error;
# our logs go through logging only.
litellm.suppress_debug_info = True

# An OpenAI-compatible server without authentication still needs *a* key for
# the OpenAI client to build its request.
_PLACEHOLDER_KEY = "not-needed"


class LiteLLMChatEngine(LiteLLMEngine):
    """ARE's LiteLLMEngine, calling ``litellm.completion`` with our retries, bounds and errors.

    ARE's own ``chat_completion`` maps every authentication and API error to one
    ``LLMEngineException`` and lets the OpenAI client sleep through its own
    retries; here client retries are off, 429/5xx are retried by ``retry``,
    every attempt is bounded by ``timeout`` and the run's ``deadline``, and
    failures become our exceptions (see ``retry.call_with_retries``). The
    request carries the role's ``generation`` settings and ARE's stop sequences;
    parameters a provider does not take (``stop`` for OpenAI's reasoning models,
    ``seed`` for Anthropic) are dropped by litellm rather than refused.

    An empty answer comes back as ``""``: the agent counts it as an answer
    without a valid action, like prose, instead of failing the run at once.
    """

    def __init__(
        self,
        model: ResolvedModel,
        retry: RetryPolicy | None = None,
        timeout: float | None = DEFAULT_REQUEST_TIMEOUT,
        environ: Mapping[str, str] | None = None,
        *,
        generation: Generation | None = None,
        deadline: RunDeadline | None = None,
        role: str | None = None,
    ) -> None:
        env = options_environ.environ() if environ is None else environ
        api_key = None
        if model.endpoint is not None and model.provider in {"openai", "hosted_vllm"}:
            api_key = env.get("OPENAI_API_KEY") or _PLACEHOLDER_KEY
        super().__init__(
            LiteLLMModelConfig(
                model_name=model.model,
                provider=model.provider,
                endpoint=model.endpoint,
                api_key=api_key,
            )
        )
        self.resolved = model
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.generation = generation or Generation()
        self.deadline = deadline
        self.role = role

    def chat_completion(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> tuple[str, dict[str, Any] | None]:
        converted = [self._convert_message_to_litellm_format(m) for m in messages]
        cfg = self.model_config
        params = self.generation.request_params(stop_sequences or ())

        def call(timeout: float | None) -> Any:
            return litellm.completion(
                model=cfg.model_name,
                custom_llm_provider=cfg.provider,
                messages=converted,
                api_base=cfg.endpoint,
                api_key=cfg.api_key,
                timeout=timeout,
                max_retries=0,
                num_retries=0,
                drop_params=True,
                **params,
            )

        limiter = current_meter().limiter
        gate = (
            None
            if limiter is None
            else limiter.gate(
                cfg.provider, cfg.endpoint, estimate_prompt_tokens(converted), _used_tokens
            )
        )
        stats = CallStats()
        response = call_with_retries(
            call,
            self.retry,
            model=cfg.model_name,
            provider=cfg.provider,
            endpoint=cfg.endpoint,
            request_timeout=self.timeout,
            deadline=self.deadline,
            who=f"the {self.role} model" if self.role else "the model",
            stats=stats,
            gate=gate,
        )
        try:
            choice = response.choices[0]
            text = choice.message.content or ""
        except (AttributeError, IndexError) as exc:
            raise EngineError(
                f"model {cfg.model_name!r} returned no choices: {response!r:.300}"
            ) from exc
        # Same post-processing as ARE's engine, so prompts and parsing behave alike.
        text = text.replace("False", "false").replace("True", "true")
        for stop in stop_sequences or []:
            text = text.split(stop)[0]
        metadata: dict[str, Any] = {
            **usage_of_response(response),
            "finish_reason": getattr(choice, "finish_reason", None),
            "retries": stats.retries,
            "rate_limited": stats.rate_limited,
        }
        return text, metadata


def _used_tokens(response: Any) -> int:
    """What the server counted against a tokens-per-minute limit for one answer."""
    usage = usage_of_response(response)
    return usage["prompt_tokens"] + usage["completion_tokens"]
