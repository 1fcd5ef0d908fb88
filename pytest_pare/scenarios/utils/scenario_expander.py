"""Environmental noise: background emails, messages and shop products arriving during a run.

Events are drawn from the augmentation data (see ``augmentation_data.py``) and
scheduled on simulated time: ``n = round(rate * duration / 60)`` arrival times,
uniform over the horizon (a Poisson process conditioned on its count), shared
among the noise apps present in the scenario by weight. Unlike upstream, the
message count follows the rate, shopping noise is scheduled, app names resolve
by class and alias, an absent app takes no share, and no rate divides by zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from are.simulation.scenarios.utils.scenario_expander import (
    ENV_EVENT_DEFAULT_HORIZON,
    ENV_EVENT_EXPANSION_TAG,
    EnvEventsConfig,
)

from pytest_pare._util.seeding import stable_seed
from pytest_pare.scenarios.utils._noise_events import (
    email_events,
    message_events,
    shopping_events,
)

EMAIL: Final = "StatefulEmailApp"
MESSAGING: Final = "StatefulMessagingApp"
SHOPPING: Final = "StatefulShoppingApp"

# Canonical noise app -> class names (PARE's and ARE's bases) an app may have.
_CLASS_NAMES: Final[dict[str, tuple[str, ...]]] = {
    EMAIL: (EMAIL, "EmailClientV2", "EmailClientApp"),
    MESSAGING: (MESSAGING, "MessagingAppV2"),
    SHOPPING: (SHOPPING, "ShoppingApp"),
}
# Canonical noise app -> names data files and scenarios use for it (lower case).
_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    EMAIL: ("email", "emails", "mail", "inbox"),
    MESSAGING: ("messages", "messaging", "message", "chats", "chat"),
    SHOPPING: ("shopping", "shop", "store"),
}
# Lower-case class name or alias -> canonical noise app.
_CANONICAL: Final[dict[str, str]] = {
    name.lower(): canonical
    for canonical in _CLASS_NAMES
    for name in (*_CLASS_NAMES[canonical], *_ALIASES[canonical])
}


def default_weight_per_app_class() -> dict[str, float]:
    """Equal shares for the three noise apps."""
    return {EMAIL: 1.0, MESSAGING: 1.0, SHOPPING: 1.0}


@dataclass
class PAREEnvEventsConfig(EnvEventsConfig):
    """ARE's ``EnvEventsConfig`` with PARE's app weights and a float rate."""

    num_env_events_per_minute: float = 10.0
    weight_per_app_class: dict[str, float] = field(default_factory=default_weight_per_app_class)


class PAREEnvEventsExpander:
    """Adds seeded background events to a PARE scenario (see the module docstring)."""

    def __init__(self, env_events_config: EnvEventsConfig) -> None:
        self.config = env_events_config
        self.resolved_app_names: dict[str, str] = {}
        self._weights: dict[str, float] = {}

    def _resolve_app_names(self, app_names: Sequence[str]) -> dict[str, str]:
        """Map data app names ("Emails", "EmailClientV2", ...) to canonical class names.

        Names that are no noise app are left out.
        """
        return {
            name: _CANONICAL[name.strip().lower()]
            for name in app_names
            if name.strip().lower() in _CANONICAL
        }

    def get_num_env_events_per_app(
        self, num_env_events: int, app_names: Sequence[str] | None = None
    ) -> dict[str, int]:
        """Split ``num_env_events`` among apps by weight; the parts sum to the total.

        Args:
            num_env_events: total events to schedule.
            app_names: data app names taking part (default: those resolved for
                the current scenario). Names with no weight get 0.

        Returns:
            Data app name -> number of events (largest-remainder rounding).
        """
        names = list(self.resolved_app_names) if app_names is None else list(app_names)
        weights = {name: max(0.0, self._weight_of(name)) for name in names}
        total_weight = sum(weights.values())
        if num_env_events <= 0 or total_weight <= 0:
            return dict.fromkeys(names, 0)
        quotas = {name: num_env_events * w / total_weight for name, w in weights.items()}
        counts = {name: int(q) for name, q in quotas.items()}
        leftover = num_env_events - sum(counts.values())
        by_remainder = sorted(names, key=lambda n: (-(quotas[n] - counts[n]), n))
        for name in by_remainder[:leftover]:
            counts[name] += 1
        return counts

    def _weight_of(self, name: str) -> float:
        if name in self._weights:
            return self._weights[name]
        canonical = self.resolved_app_names.get(name) or self._resolve_app_names([name]).get(name)
        return float(self.config.weight_per_app_class.get(canonical or name, 0.0))

    def add_env_events_to_scenario(
        self, scenario: Any, apps_augmentation_data: Sequence[dict[str, Any]] | None = None
    ) -> list[Any]:
        """Schedule background events on ``scenario`` (after its own events are built).

        Args:
            scenario: an initialising scenario whose ``apps`` are built.
            apps_augmentation_data: the data's ``apps`` list (default: the
                scenario's ``augmentation_data``, else the bundled file).

        Returns:
            The events added to ``scenario.events``.

        Raises:
            ValueError: an app's data lacks the fields its events need.
        """
        if apps_augmentation_data is None:
            apps_augmentation_data = _default_apps_data(scenario)
        duration = float(scenario.duration or ENV_EVENT_DEFAULT_HORIZON)
        present = _noise_apps_in(scenario)
        resolved = self._resolve_app_names([entry["name"] for entry in apps_augmentation_data])
        self.resolved_app_names = {n: c for n, c in resolved.items() if c in present}
        self._weights = {
            name: _weight_for_app(self.config.weight_per_app_class, present[canonical], canonical)
            for name, canonical in self.resolved_app_names.items()
        }
        total = int(round(float(self.config.num_env_events_per_minute) * duration / 60.0))
        counts = self.get_num_env_events_per_app(total)
        base_seed = stable_seed(
            "env_events", self.config.env_events_seed, scenario.scenario_id, scenario.run_number
        )

        events: dict[str, Any] = {}
        for entry in apps_augmentation_data:
            name = entry["name"]
            count = counts.get(name, 0)
            if name not in self.resolved_app_names or count <= 0:
                continue
            canonical = self.resolved_app_names[name]
            app = present[canonical]
            rng = np.random.default_rng(stable_seed(base_seed, name))
            if canonical == EMAIL:
                email_events(app, name, entry["app_state"], count, duration, rng, events)
            elif canonical == MESSAGING:
                cap = max(1, int(self.config.n_message_events_per_conversation))
                message_events(
                    scenario, app, name, entry["app_state"], count, duration, rng, cap, events
                )
            else:
                cap = max(1, int(self.config.n_item_events_per_product))
                shopping_events(app, name, entry["app_state"], count, duration, rng, cap, events)
        added = [event.with_id(f"{ENV_EVENT_EXPANSION_TAG}_{key}") for key, event in events.items()]
        scenario.events = list(scenario.events or []) + added
        return added


def _default_apps_data(scenario: Any) -> list[dict[str, Any]]:
    own = getattr(scenario, "augmentation_data", None) or {}
    if "apps" in own:
        return own["apps"]
    from pytest_pare.scenarios.utils.augmentation_data import load_augmentation_data

    return load_augmentation_data()["apps"]


def _noise_apps_in(scenario: Any) -> dict[str, Any]:
    present: dict[str, Any] = {}
    for app in scenario.apps or []:
        mro_names = {cls.__name__ for cls in type(app).__mro__}
        for canonical, class_names in _CLASS_NAMES.items():
            if canonical not in present and mro_names & set(class_names):
                present[canonical] = app
    return present


def _weight_for_app(weights: dict[str, float], app: Any, canonical: str) -> float:
    # The most specific class name with a weight wins, so both PARE's keys and
    # ARE's (EmailClientApp, MessagingAppV2, ShoppingApp) work.
    for cls in type(app).__mro__:
        if cls.__name__ in weights:
            return float(weights[cls.__name__])
    return float(weights.get(canonical, 0.0))
