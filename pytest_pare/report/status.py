"""The one rule that names how a run ended, used by every row, frame, page and summary.

A run that raised is an error of its exception's category: ``agent_error``
when the model under test never produced a usable action within its budgets
(or overflowed its context), ``infra_error`` when the endpoint, the rate limit
or the clock failed it, plain ``error`` for anything else (a defect in a
scenario or in the plugin). A run that did not raise passed or failed
validation, or was never validated (``no_validation``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "AGENT_ERROR",
    "ERROR",
    "ERRORS",
    "FAILED",
    "INFRA_ERROR",
    "INFRA_POLICIES",
    "NO_VALIDATION",
    "PASSED",
    "STATUSES",
    "counted",
    "run_status",
    "status_of",
]

PASSED: Final = "passed"
FAILED: Final = "failed"
AGENT_ERROR: Final = "agent_error"
INFRA_ERROR: Final = "infra_error"
ERROR: Final = "error"
NO_VALIDATION: Final = "no_validation"
#: every status, in the order reports list them
STATUSES: Final = (PASSED, FAILED, AGENT_ERROR, INFRA_ERROR, ERROR, NO_VALIDATION)
#: the statuses of runs that raised
ERRORS: Final = frozenset({AGENT_ERROR, INFRA_ERROR, ERROR})

_BY_CATEGORY: Final = {"agent": AGENT_ERROR, "infra": INFRA_ERROR}


def run_status(
    success: bool | None, exception_type: str | None = None, category: str | None = None
) -> str:
    """How a run ended.

    Args:
        success: the validation's verdict (None: no verdict).
        exception_type: the class name of the exception the run raised, if any;
            an exception wins over any verdict.
        category: the exception's ``category`` ("agent" or "infra"), if it has one.
    """
    if exception_type:
        return _BY_CATEGORY.get(category or "", ERROR)
    if success is True:
        return PASSED
    if success is False:
        return FAILED
    return NO_VALIDATION


_CATEGORY_OF: Final = {status: category for category, status in _BY_CATEGORY.items()}


def status_of(row: Mapping[str, Any]) -> str:
    """A row's status by :func:`run_status`.

    Works on any row that has the rule's inputs (``success``,
    ``exception_type``, ``exception_category``), including rows of older
    versions; a row that lost its category column but kept an error status
    keeps that category.
    """
    category = row.get("exception_category") or _CATEGORY_OF.get(row.get("status") or "")
    return run_status(row.get("success"), row.get("exception_type"), category)


#: what an infrastructure error means for the verdict and the rates (``--pare-infra-errors``):
#: ``error`` the run says nothing about the agent (left out of the rates) and, with a gate
#: configured, the verdict is ERROR; ``fail`` it counts as a failure of the agent;
#: ``ignore`` it is left out of the rates and the gate judges the other runs.
INFRA_POLICIES: Final = ("error", "fail", "ignore")


def counted(exclude_exceptions: bool = False, infra_errors: str = "error") -> tuple[str, ...]:
    """The statuses that count as trials of a success rate.

    A run the model under test botched (``agent_error``) is its failure either
    way; a plain ``error`` (a defect in a scenario or the plugin) counts as a
    failure unless ``exclude_exceptions``; an ``infra_error`` counts as a
    failure only under the ``fail`` policy (see :data:`INFRA_POLICIES`), and
    never with ``exclude_exceptions``. Unvalidated runs never count.
    """
    if infra_errors not in INFRA_POLICIES:
        raise ValueError(
            f"infra_errors must be one of {', '.join(INFRA_POLICIES)}, got {infra_errors!r}"
        )
    if exclude_exceptions:
        return (PASSED, FAILED, AGENT_ERROR)
    infra = (INFRA_ERROR,) if infra_errors == "fail" else ()
    return (PASSED, FAILED, AGENT_ERROR, *infra, ERROR)
