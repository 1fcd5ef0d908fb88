"""The session's budget: ``--pare-max-cost`` and ``--pare-max-tokens``, shared by every worker.

Every process of the session adds what its runs spend, call by call, to a
ledger (``agents.meter.SessionMeter.spend``). Under xdist each worker keeps its
own total in a file of a folder the controller names in ``workerinput`` (one
writer per file, replaced atomically, so no lock is needed) and reads the
others' files for the session's total. Once the total reaches a budget, no new
run starts: the in-flight pool starts none, and the first item whose run has
not started stops the session there (``session.shouldstop``, as
``--pare-session-timeout`` does); runs already in flight finish and report,
and the runs never started are reported as not run with the reason. Exit
status 2 (interrupted), with or without a gate: see docs/ci.md.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from pytest_pare.options import SETTINGS_KEY, Settings

__all__ = ["BUDGET_KEY", "Ledger", "SessionBudget", "budget_block", "reached", "stop_reason_of"]

#: the ``workerinput`` key naming the folder the workers keep their spend in
WORKERINPUT_KEY = "pare_budget_dir"
#: the ``workeroutput`` key a worker that stopped at the budget leaves its reason under
STOPPED_KEY = "pare_budget_stop"


class Ledger:
    """What this process spent, and the session's total (with the other workers' files).

    Args:
        folder: the session's spend folder (None: one process, nothing to share).
        name: this process's file in it (the xdist worker id).
    """

    def __init__(self, folder: Path | None = None, name: str = "main") -> None:
        self.folder = folder
        self.name = name
        self.tokens = 0
        self.cost = 0.0
        self._lock = threading.Lock()

    def add(self, tokens: int, cost: float) -> None:
        """Count what one turn of a run spent (any thread)."""
        with self._lock:
            self.tokens += max(int(tokens), 0)
            self.cost += max(float(cost), 0.0)
            if self.folder is not None:
                self._publish()

    def _publish(self) -> None:
        # Called with the lock held. This process is the file's only writer, so a fixed
        # temporary name is enough; os.replace lets readers see the old total or the new.
        document = json.dumps({"tokens": self.tokens, "cost": self.cost})
        assert self.folder is not None
        temporary = self.folder / f".{self.name}.tmp"
        try:
            temporary.write_text(document, encoding="utf-8")
            os.replace(temporary, self.folder / f"{self.name}.json")
        except OSError:
            pass  # the folder is gone: the session is ending; this process still counts

    def total(self) -> tuple[int, float]:
        """(tokens, USD) the whole session spent: this process's and every other worker's."""
        with self._lock:
            tokens, cost = self.tokens, self.cost
        if self.folder is None:
            return tokens, cost
        for path in self.folder.glob("*.json"):
            if path.stem == self.name:
                continue
            try:
                other = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # replaced as we read it: counted at the next look
            tokens += int(other.get("tokens") or 0)
            cost += float(other.get("cost") or 0.0)
        return tokens, cost


def over_budget(settings: Settings, tokens: int, cost: float) -> str | None:
    """Why the session must start no more runs, or None while it is within its budget."""
    if settings.max_tokens is not None and tokens >= settings.max_tokens:
        return f"--pare-max-tokens={settings.max_tokens} reached ({tokens:,} tokens spent)"
    if settings.max_cost is not None and cost >= settings.max_cost:
        return f"--pare-max-cost={settings.max_cost:g} reached (${cost:.4f} spent)"
    return None


class SessionBudget:
    """The session budget in this process; a plugin object, registered when one is set."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.settings = config.stash[SETTINGS_KEY]
        workerinput = getattr(config, "workerinput", None)
        self._own_folder: Path | None = None
        if workerinput is None:
            folder = None
            if config.pluginmanager.hasplugin("xdist") and _distributed(config):
                folder = self._own_folder = Path(tempfile.mkdtemp(prefix="pare-budget-"))
            self.ledger = Ledger(folder)
        else:
            named = workerinput.get(WORKERINPUT_KEY)
            self.ledger = Ledger(
                Path(named) if named else None, str(workerinput.get("workerid", "worker"))
            )
        #: why this process (or, on the controller, a worker) stopped the session
        self.stopped: str | None = None

    def spent(self, tokens: int, cost: float) -> None:
        """What ``SessionMeter.spend`` calls after each turn of a run."""
        self.ledger.add(tokens, cost)

    def reached(self) -> str | None:
        """Why no new run may start, or None while the session is within its budget."""
        tokens, cost = self.ledger.total()
        return over_budget(self.settings, tokens, cost)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        if self._own_folder is not None:
            node.workerinput[WORKERINPUT_KEY] = str(self._own_folder)

    def stop(self, session: pytest.Session, reason: str) -> None:
        """Stop the session before its next item, as after --pare-session-timeout: that item
        and the ones after it never report, and the controller calls them not run, with why.
        """
        self.stopped = self.stopped or reason
        session.shouldstop = reason

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        reason = getattr(node, "workeroutput", {}).get(STOPPED_KEY)
        if reason and self.stopped is None:
            self.stopped = str(reason)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None and self.stopped is not None:
            workeroutput[STOPPED_KEY] = self.stopped

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self._own_folder is not None:
            shutil.rmtree(self._own_folder, ignore_errors=True)

    def block(self) -> dict[str, Any]:
        """The ``budget`` block of results.json: the budgets, the spend, and any stop."""
        tokens, cost = self.ledger.total()
        return {
            **budget_settings(self.settings),
            "spent_tokens": tokens,
            "spent_cost_usd": round(cost, 8),
            "stopped": self.stopped,
        }


def budget_settings(settings: Settings) -> dict[str, Any]:
    return {
        "max_cost": settings.max_cost,
        "max_tokens": settings.max_tokens,
        "run_max_cost": settings.run_max_cost,
        "run_max_tokens": settings.run_max_tokens,
    }


def _distributed(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "numprocesses", None) or getattr(config.option, "tx", None))


BUDGET_KEY = pytest.StashKey[SessionBudget]()


def reached(config: pytest.Config) -> str | None:
    """Why no new run may start in this process (its budget is spent), or None."""
    budget = config.stash.get(BUDGET_KEY, None)
    return None if budget is None else budget.reached()


def stop_reason_of(config: pytest.Config) -> str | None:
    """Why the session stopped at its budget (any process's), or None."""
    budget = config.stash.get(BUDGET_KEY, None)
    return None if budget is None else budget.stopped


def budget_block(config: pytest.Config) -> dict[str, Any] | None:
    """The results.json ``budget`` block, or None when no budget was set."""
    settings = config.stash[SETTINGS_KEY]
    if not any(budget_settings(settings).values()):
        return None
    budget = config.stash.get(BUDGET_KEY, None)
    if budget is None:  # per-run budgets only: nothing is shared
        return {**budget_settings(settings), "stopped": None}
    return budget.block()
