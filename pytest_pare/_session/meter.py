"""Install the session's meter in this process: prices, the budget and the shared rate limit.

With a session budget, an item whose run has not started when the budget is
spent is not started (``_session.budget``).

Every process of the session (the single one, or each xdist worker, and the
xdist controller, which keeps the budget's shared folder) installs one
``agents.meter.SessionMeter`` at configure and removes it at unconfigure; the
runs of the process read it.

With ``--pare-rpm``/``--pare-tpm`` the meter holds the rate limiter: in memory
for one process's threads; under xdist in a file of a folder the controller
makes and names in ``workerinput`` (local workers share the file system, and a
file lock is cheaper than a round trip through the controller), removed when
the session ends.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_pare.options import SETTINGS_KEY

if TYPE_CHECKING:
    from pytest_pare.agents.pricing import PriceTable

__all__ = ["WORKERINPUT_KEY", "MeterPlugin", "configure_node", "unpriced_models"]

#: the ``workerinput`` key naming the folder of the session's shared rate-limit state
WORKERINPUT_KEY = "pare_ratelimit_dir"
_FOLDER_KEY = pytest.StashKey[Path]()
_STATE_FILE = "ratelimit.json"


def configure_node(node: Any) -> None:
    """On the xdist controller: tell a worker where the session's rate limits live."""
    config = node.config
    settings = config.stash[SETTINGS_KEY]
    if settings.oracle or not (settings.rpm or settings.tpm):
        return
    folder = config.stash.get(_FOLDER_KEY, None)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="pare-ratelimit-"))
        config.stash[_FOLDER_KEY] = folder
    node.workerinput[WORKERINPUT_KEY] = str(folder)


class MeterPlugin:
    """The session's meter in this process; a plugin object, registered in agent mode only."""

    def __init__(self, config: pytest.Config) -> None:
        from pytest_pare.agents.meter import SessionMeter, install_meter
        from pytest_pare.agents.pricing import PriceTable

        settings = config.stash[SETTINGS_KEY]
        self.config = config
        self.meter = SessionMeter(prices=PriceTable(settings.price))
        if settings.max_cost is not None or settings.run_max_cost is not None:
            unpriced = unpriced_models(config, self.meter.prices)
            if unpriced:
                flag = "--pare-max-cost" if settings.max_cost is not None else "--pare-run-max-cost"
                fixes = " ".join(f"--pare-price {m}=IN/OUT" for m in unpriced)
                raise pytest.UsageError(
                    f"{flag}: the price of {', '.join(unpriced)} is unknown, so its cost "
                    f"cannot be counted; give it ({fixes}, USD per million tokens) or budget "
                    "in tokens (--pare-max-tokens, --pare-run-max-tokens)"
                )
        if settings.max_cost is not None or settings.max_tokens is not None:
            from pytest_pare._session.budget import BUDGET_KEY, SessionBudget

            budget = SessionBudget(config)
            config.stash[BUDGET_KEY] = budget
            config.pluginmanager.register(budget, "pare-budget")
            self.meter.budget = budget
        self.budget = self.meter.budget
        if settings.rpm or settings.tpm:
            from pytest_pare._util.shared import SharedState
            from pytest_pare.agents.ratelimit import RateLimiter

            folder = getattr(config, "workerinput", {}).get(WORKERINPUT_KEY)
            # A worker the controller named no folder (a remote one) limits its own calls.
            path = Path(folder) / _STATE_FILE if folder and Path(folder).is_dir() else None
            self.meter.limiter = RateLimiter(settings.rpm, settings.tpm, SharedState(path))
        install_meter(self.meter)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        if self.budget is None or not hasattr(item, "scenario_id"):
            return None
        reason = self.budget.reached()
        if reason is None:
            return None
        from pytest_pare._session import inflight

        if inflight.started(item):
            return None  # a run in flight finishes and reports
        self.budget.stop(item.session, reason)
        return True  # this item never starts

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        from pytest_pare.agents.meter import install_meter

        install_meter(None)
        if self.meter.limiter is not None:
            self.meter.limiter.close()
        folder = config.stash.get(_FOLDER_KEY, None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            del config.stash[_FOLDER_KEY]


def unpriced_models(config: pytest.Config, prices: PriceTable) -> list[str]:
    """The models of the session's roles that have no price (named as the user gave them)."""
    from pytest_pare.agents.errors import UnknownModelError
    from pytest_pare.agents.models import ROLES, role_model
    from pytest_pare.scenarios.config import runner_config

    run_config = runner_config(config.stash[SETTINGS_KEY])
    out: list[str] = []
    for role in ROLES:
        alias = getattr(run_config, f"{role}_model_alias", None) or getattr(
            run_config, f"{role}_model", None
        )
        try:
            model = role_model(run_config, role)
        except UnknownModelError:
            continue  # a usage error of its own, reported by the engine check
        name = str(alias or model.model)
        if prices.price_for(model, alias) is None and name not in out:
            out.append(name)
    return out
