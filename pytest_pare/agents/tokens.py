"""A tokenizer-free token estimate: the prompt budget's unit, and the test server's count.

No model's tokenizer is available offline (and each model has its own), so
prompt budgets are kept in estimated tokens: one token per four characters,
rounded up, plus a few tokens of framing per chat message. For English prose and
JSON that is within about 25% of what OpenAI's and Llama's tokenizers count;
set a budget with that margin below the model's context window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

CHARS_PER_TOKEN = 4
#: tokens a chat template spends on one message's role and separators
MESSAGE_OVERHEAD = 4


def estimate_tokens(text: str) -> int:
    """Estimated tokens of ``text``: ``ceil(len(text) / 4)``."""
    return -(-len(text) // CHARS_PER_TOKEN)


def message_text(message: Mapping[str, Any]) -> str:
    """The text of a chat message's content (a string, or the text parts of a list)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            str(part.get("text", "")) if isinstance(part, Mapping) else str(part)
            for part in content
        )
    return "" if content is None else str(content)


def estimate_prompt_tokens(messages: Iterable[Mapping[str, Any]]) -> int:
    """Estimated tokens of a chat prompt: each message's text plus its framing."""
    return sum(estimate_tokens(message_text(m)) + MESSAGE_OVERHEAD for m in messages)
