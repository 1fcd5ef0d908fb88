"""What a role asks of its model besides the prompt: output cap, sampling, stop sequences.

The values come from the run configuration (``--pare-<role>-max-tokens``,
``--pare-<role>-temperature``, ``--pare-<role>-seed``); the stop sequences are
the ones ARE's agent passes with every call (``<end_action>``,
``Observation:``), sent to the server so that it stops generating there instead
of running on to ``max_tokens``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Generation:
    """One role's generation settings; None leaves a setting to the server's default.

    Attributes:
        max_tokens: the most tokens one answer may have.
        temperature: sampling temperature.
        seed: sampling seed (servers that support it answer alike for alike prompts).
    """

    max_tokens: int | None = None
    temperature: float | None = None
    seed: int | None = None

    @classmethod
    def for_role(cls, config: Any, role: str) -> Generation:
        """The settings of ``role`` in a ScenarioRunnerConfig (absent fields: None)."""
        return cls(
            max_tokens=getattr(config, f"{role}_max_tokens", None),
            temperature=getattr(config, f"{role}_temperature", None),
            seed=getattr(config, f"{role}_seed", None),
        )

    def request_params(self, stop: Sequence[str] = ()) -> dict[str, Any]:
        """The chat-completion parameters to send (only the ones that are set)."""
        params: dict[str, Any] = {}
        if stop:
            params["stop"] = list(stop)
        if self.max_tokens is not None:
            params["max_tokens"] = self.max_tokens
        if self.temperature is not None:
            params["temperature"] = self.temperature
        if self.seed is not None:
            params["seed"] = self.seed
        return params
