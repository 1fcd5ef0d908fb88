"""Defaults of the run settings that options expose, in one table.

The option table (help texts and values), ``Settings`` and the runner's
``ScenarioRunnerConfig`` all read their defaults from here, so the plugin and a
runner configured by hand cannot disagree. Pure data: importing it costs nothing.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, Final

ROLES: Final = ("user", "observe", "execute")

RUN_DEFAULTS: Final[MappingProxyType[str, Any]] = MappingProxyType(
    {
        "oracle": False,
        "seed": 0,
        "timeout": None,
        "strict_oracle": False,
        "max_turns": 10,
        "user_model": "gpt-5-mini",
        "observe_model": "gpt-5",
        "execute_model": "gpt-5",
        "user_max_iterations": 1,
        "observe_max_iterations": 5,
        "execute_max_iterations": 10,
        "simulated_generation_time": 1.0,
        "export": False,
        "export_format": "hf",
        "tool_failure_probability": 0.0,
        "env_events_per_minute": 0.0,
        "concurrency": 1,
        # A scenario without a duration runs until its event queue is empty; this many
        # processed events stop one whose queue never empties (see scenarios/config.py).
        "max_scenario_events": 10_000,
        # model calls: their time bound, each role's generation settings and prompt budget
        "request_timeout": 120.0,
        **{f"{role}_max_tokens": None for role in ROLES},  # None: default_max_tokens()
        **{f"{role}_temperature": None for role in ROLES},  # None: the server's default
        **{f"{role}_seed": None for role in ROLES},  # None: none sent
        "user_max_prompt_tokens": 8000,
        "observe_max_prompt_tokens": 16000,
        "execute_max_prompt_tokens": 16000,
    }
)
"""Run field -> default. Model names are the defaults of ``--pare-<role>-model``."""

#: the per-role generation settings (``--pare-<role>-<name>``)
GENERATION_FIELDS: Final = ("max_tokens", "temperature", "seed", "max_prompt_tokens")

DEFAULT_MAX_TOKENS: Final = MappingProxyType({"user": 512, "observe": 1024, "execute": 2048})
"""Tokens one answer may have, per role: a thought and one action; the user's are short."""

REASONING_MAX_TOKENS: Final = 16384
"""The answer cap of a reasoning model, whose hidden reasoning counts against it."""

# Model families that reason before they answer, matched in the model name's last part.
_REASONING_MODEL = re.compile(r"gpt-5|gpt-oss|deepseek-r1|qwq|qwen3|^o[134](-|$)", re.IGNORECASE)


def is_reasoning_model(name: str | None) -> bool:
    """Whether ``name`` is a model that spends output tokens on reasoning before its answer.

    gpt-5 and OpenAI's o1/o3/o4 models, gpt-oss, DeepSeek-R1, QwQ and Qwen3 (which
    thinks by default). Their default ``max_tokens`` is :data:`REASONING_MAX_TOKENS`.
    """
    last = (name or "").rsplit("/", 1)[-1]
    return bool(_REASONING_MODEL.search(last))


def default_max_tokens(role: str, model: str | None) -> int:
    """The answer cap of ``role`` when none is set: its default, or a reasoning model's."""
    return REASONING_MAX_TOKENS if is_reasoning_model(model) else DEFAULT_MAX_TOKENS[role]
