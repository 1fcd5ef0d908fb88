"""``PAREScenarioValidationResult``: the outcome of one scenario run, and the key of a run."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from pytest_pare._util.jsonable import jsonable

# The seed's (upstream PARE's) words for how a run ended, as its ``to_polars`` frame has
# them. The plugin's rows and reports use pytest's words instead (report/status.py).
SUCCESS: Final = "success"
FAILED: Final = "failed"
EXCEPTION: Final = "exception"
NO_VALIDATION: Final = "no_validation"
#: every status of the seed's vocabulary, in its order
STATUSES: Final = (SUCCESS, FAILED, EXCEPTION, NO_VALIDATION)

#: where in a run an exception can come from, and how an error text names the place
STAGES: Final = {
    "build": "while building the scenario (init_and_populate_apps, build_events_flow)",
    "run": "while the scenario ran (its events, the agents)",
    "validate": "in the scenario's validate()",
    "finish": "while measuring or exporting the finished run",
}


class RecordedException(Exception):
    """An exception rebuilt from a result dict (its class may not exist here).

    Attributes:
        type_name: the original exception's class name.
        traceback_text: the original traceback, if it was recorded.
        category: the original exception's failure category ("agent", "infra"), if any.
    """

    def __init__(
        self,
        type_name: str,
        message: str,
        traceback_text: str | None = None,
        category: str | None = None,
    ) -> None:
        super().__init__(message)
        self.type_name = type_name
        self.message = message
        self.traceback_text = traceback_text
        self.category = category

    def __reduce__(
        self,
    ) -> tuple[type[RecordedException], tuple[str, str, str | None, str | None]]:
        return (type(self), (self.type_name, self.message, self.traceback_text, self.category))


def exception_category(exc: BaseException | None) -> str | None:
    """The failure category an exception declares (``category`` = "agent" or "infra"), if any.

    Other libraries use the attribute name with other values (ARE's
    ``LoggedError`` says "AgentError", "ToolError", ...): those are no category.
    """
    category = getattr(exc, "category", None)
    return category if category in ("agent", "infra") else None


def exception_type_name(exc: BaseException | None) -> str | None:
    """The class name of ``exc`` (the original one for a :class:`RecordedException`)."""
    if exc is None:
        return None
    return exc.type_name if isinstance(exc, RecordedException) else type(exc).__name__


@dataclass
class PAREScenarioValidationResult:
    """The outcome of one scenario run plus PARE's proactive-agent metrics.

    ``success`` is None when there is no verdict (the run raised, or nothing
    validated). ``tool_errors`` lists steps that raised during the run, as
    ``{"time", "app", "function", "error"}`` dicts. ``exception_stage`` says
    where an exception came from: building the scenario, running it, or its
    ``validate()`` (see :data:`STAGES`). ``usage`` is an agent run's
    model calls added up per role (``{"replayed", "roles": {role: {"calls",
    "prompt_tokens", ..., "cost_usd", "latency_median", ...}}}``), None for an
    oracle run.
    """

    success: bool | None
    exception: BaseException | None = None
    export_path: str | None = None
    rationale: str | None = None
    duration: float | None = None
    proposal_count: int = 0
    acceptance_count: int = 0
    read_only_actions: int = 0
    write_actions: int = 0
    number_of_turns: int = 0
    tool_errors: list[dict[str, Any]] = field(default_factory=list)
    #: where in the run ``exception`` was raised (one of :data:`STAGES`), when known
    exception_stage: str | None = None
    usage: dict[str, Any] | None = None

    @property
    def proposal_rate(self) -> float:
        """Proposals per turn (0 when there were no turns)."""
        return self.proposal_count / self.number_of_turns if self.number_of_turns else 0.0

    @property
    def acceptance_rate(self) -> float:
        """Accepted proposals / proposals (0 when there were none)."""
        return self.acceptance_count / self.proposal_count if self.proposal_count else 0.0

    @property
    def status(self) -> str:
        """The seed's status: "success", "failed", "exception" or "no_validation".

        A verdict wins over an exception (as upstream); without a verdict, a run that
        raised is "exception" and one that was never validated "no_validation".
        """
        if self.success is True:
            return SUCCESS
        if self.success is False:
            return FAILED
        return EXCEPTION if self.exception is not None else NO_VALIDATION

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (the exception as type, message and traceback strings)."""
        exc = self.exception
        trace: str | None = None
        if isinstance(exc, RecordedException):
            trace = exc.traceback_text
        elif exc is not None:
            trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return {
            "success": self.success,
            "exception_type": exception_type_name(exc),
            "exception_category": exception_category(exc),
            "exception_message": str(exc) if exc is not None else None,
            "exception_traceback": trace,
            "export_path": self.export_path,
            "rationale": self.rationale,
            "duration": self.duration,
            "proposal_count": self.proposal_count,
            "acceptance_count": self.acceptance_count,
            "read_only_actions": self.read_only_actions,
            "write_actions": self.write_actions,
            "number_of_turns": self.number_of_turns,
            "tool_errors": [jsonable(entry) for entry in self.tool_errors],
            "exception_stage": self.exception_stage if exc is not None else None,
            "usage": None if self.usage is None else jsonable(self.usage),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PAREScenarioValidationResult:
        """Rebuild a result from :meth:`to_dict` output (the exception as a RecordedException)."""
        exc = None
        if data.get("exception_type") is not None:
            exc = RecordedException(
                data["exception_type"],
                data.get("exception_message") or "",
                data.get("exception_traceback"),
                data.get("exception_category"),
            )
        return cls(
            success=data.get("success"),
            exception=exc,
            export_path=data.get("export_path"),
            rationale=data.get("rationale"),
            duration=data.get("duration"),
            proposal_count=int(data.get("proposal_count", 0)),
            acceptance_count=int(data.get("acceptance_count", 0)),
            read_only_actions=int(data.get("read_only_actions", 0)),
            write_actions=int(data.get("write_actions", 0)),
            number_of_turns=int(data.get("number_of_turns", 0)),
            tool_errors=list(data.get("tool_errors", [])),
            exception_stage=data.get("exception_stage") if exc is not None else None,
            usage=data.get("usage") if isinstance(data.get("usage"), dict) else None,
        )


class RunKey(NamedTuple):
    """Which run a result belongs to: (scenario id, run number, noise id).

    ``noise_id`` is None for a run recorded without noise information; the same
    scenario and run number at two noise levels are two runs, not a rerun.
    """

    scenario_id: str
    run_number: int | None
    noise_id: str | None = None

    @classmethod
    def of(cls, scenario_id: str, run_number: int | None, row_extra: dict[str, Any]) -> RunKey:
        """The key of a run given the ``row_extra`` passed to ``add_result``.

        The noise level comes from ``noise_id`` (e.g. ``"tfp0.1-epm5"``, ``"clean"``);
        without it, from the noise columns ``tool_failure_probability`` and
        ``num_env_events_per_minute`` when given.
        """
        noise = row_extra.get("noise_id")
        if noise is None:
            tfp = row_extra.get("tool_failure_probability")
            epm = row_extra.get("num_env_events_per_minute")
            if tfp is not None or epm is not None:
                noise = f"tfp{float(tfp or 0):g}-epm{float(epm or 0):g}"
        return cls(scenario_id, run_number, None if noise is None else str(noise))
