"""The two chat clients the client probes compare, each as a no-argument call.

``litellm``: ``litellm.completion`` as the engine calls it (provider ``openai``
at a custom base URL, no retries); ``openai``: the client litellm wraps;
``make_async_call``: ``litellm.acompletion`` with the same arguments, a
coroutine for one event loop (the asyncio design the threads are measured
against). Importing either client costs seconds, so each is imported when its
call is made.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

KEY = "bench-not-a-key"


def make_call(client: str, base_url: str, messages: list[dict[str, Any]]) -> Callable[[], None]:
    """A call of ``client`` (``litellm`` or ``openai``) sending ``messages`` to ``base_url``."""
    if client == "litellm":
        import litellm

        litellm.suppress_debug_info = True

        def via_litellm() -> None:
            litellm.completion(
                model="bench",
                custom_llm_provider="openai",
                messages=messages,
                api_base=base_url,
                api_key=KEY,
                max_retries=0,
                num_retries=0,
            )

        return via_litellm
    if client == "openai":
        import openai

        handle = openai.OpenAI(base_url=base_url, api_key=KEY, max_retries=0)

        def via_openai() -> None:
            handle.chat.completions.create(model="bench", messages=messages)  # type: ignore[arg-type]

        return via_openai
    raise ValueError(f"unknown client {client!r}: use litellm or openai")


def make_async_call(base_url: str, messages: list[dict[str, Any]]) -> Callable[[], Awaitable[None]]:
    """``litellm.acompletion`` as ``make_call("litellm", ...)`` calls ``litellm.completion``."""
    import litellm

    litellm.suppress_debug_info = True

    async def via_acompletion() -> None:
        await litellm.acompletion(
            model="bench",
            custom_llm_provider="openai",
            messages=messages,
            api_base=base_url,
            api_key=KEY,
            max_retries=0,
            num_retries=0,
        )

    return via_acompletion
