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
from pytest_pare.agents.models import ResolvedModel  # noqa: E402
from pytest_pare.agents.retry import RetryPolicy, call_with_retries  # noqa: E402

# litellm prints "Give Feedback / Get Help" banners to stdout on every error;
# our logs go through logging only.
litellm.suppress_debug_info = True

# An OpenAI-compatible server without authentication still needs *a* key for
# the OpenAI client to build its request.
_PLACEHOLDER_KEY = "not-needed"


class LiteLLMChatEngine(LiteLLMEngine):
    """ARE's LiteLLMEngine, calling ``litellm.completion`` with our retry policy.

    ARE's own ``chat_completion`` maps every authentication and API error to one
    ``LLMEngineException`` and lets the OpenAI client sleep through its own
    retries; here client retries are off, 429/5xx are retried by ``retry``, and
    authentication failures become ``CredentialsError`` (fatal for the session).
    """

    def __init__(
        self,
        model: ResolvedModel,
        retry: RetryPolicy | None = None,
        timeout: float = 120.0,
        environ: Mapping[str, str] | None = None,
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

    def chat_completion(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> tuple[str, dict[str, Any] | None]:
        converted = [self._convert_message_to_litellm_format(m) for m in messages]
        cfg = self.model_config

        def call() -> Any:
            return litellm.completion(
                model=cfg.model_name,
                custom_llm_provider=cfg.provider,
                messages=converted,
                api_base=cfg.endpoint,
                api_key=cfg.api_key,
                timeout=self.timeout,
                max_retries=0,
                num_retries=0,
            )

        response = call_with_retries(
            call, self.retry, model=cfg.model_name, provider=cfg.provider, endpoint=cfg.endpoint
        )
        try:
            text = response.choices[0].message.content
        except (AttributeError, IndexError) as exc:
            raise EngineError(
                f"model {cfg.model_name!r} returned no choices: {response!r:.300}"
            ) from exc
        if not text:
            raise EngineError(f"model {cfg.model_name!r} returned an empty message")
        # Same post-processing as ARE's engine, so prompts and parsing behave alike.
        text = text.replace("False", "false").replace("True", "true")
        for stop in stop_sequences or []:
            text = text.split(stop)[0]
        usage = getattr(response, "usage", None)
        metadata = {
            "prompt_tokens": getattr(usage, "prompt_tokens", 0) or 0,
            "completion_tokens": getattr(usage, "completion_tokens", 0) or 0,
            "total_tokens": getattr(usage, "total_tokens", 0) or 0,
        }
        return text, metadata
