"""The PARE scenario registry, independent of ARE's global registry.

ARE's registry loads ARE's own demo scenarios on first use and silently
overwrites a duplicate id; this one only ever holds what was registered into it
and refuses a second class under an id already taken.
"""

from __future__ import annotations

import importlib.metadata as importlib_metadata
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from are.simulation.scenarios.scenario import Scenario

T = TypeVar("T", bound="type[Scenario]")

SCENARIO_ENTRY_POINT_GROUP = "pare.scenarios"
"""Installed packages publish scenario loaders ``loader(registry)`` under this group."""


class DuplicateScenarioError(ValueError):
    """Two different classes claim the same scenario id."""


class ScenarioRegistry:
    """Maps scenario ids to scenario classes.

    Re-registering the *same* class under its id is allowed (a module imported
    twice); a different class under a taken id is an error naming both.
    """

    def __init__(self) -> None:
        self._registry: dict[str, type[Scenario]] = {}
        self._scenarios_discovered = False

    def register(self, scenario_id: str) -> Callable[[T], T]:
        """Return a class decorator registering a scenario under ``scenario_id``.

        Args:
            scenario_id: the id; by convention the module's file stem.

        Returns:
            A decorator that sets ``cls.scenario_id`` and records the class.

        Raises:
            TypeError: the id is not a non-empty string, or the class is not a Scenario.
            DuplicateScenarioError: another class already holds the id.
        """
        if not isinstance(scenario_id, str) or not scenario_id.strip():
            raise TypeError(
                f"register_scenario needs a non-empty string id, got {scenario_id!r}; "
                "use the scenario module's file name, e.g. @register_scenario('email_followup')"
            )

        def decorator(cls: T) -> T:
            from are.simulation.scenarios.scenario import Scenario

            if not (isinstance(cls, type) and issubclass(cls, Scenario)):
                raise TypeError(
                    f"@register_scenario({scenario_id!r}) decorates {cls!r}, which is not a "
                    "Scenario subclass; decorate a class deriving from PAREScenario"
                )
            existing = self._registry.get(scenario_id)
            if existing is not None and not _same_class(existing, cls):
                raise DuplicateScenarioError(
                    f"scenario id {scenario_id!r} is registered twice: by "
                    f"{_describe(existing)} and by {_describe(cls)}; give one of them "
                    "another id (ids must be unique across all scenario files)"
                )
            cls.scenario_id = scenario_id
            self._registry[scenario_id] = cls
            return cls

        return decorator

    def unregister(self, scenario_id: str) -> None:
        """Forget ``scenario_id`` (no error when absent)."""
        self._registry.pop(scenario_id, None)

    def get_scenario(self, scenario_id: str) -> type[Scenario]:
        """Return the class registered under ``scenario_id``.

        Raises:
            KeyError: no such id; the message lists how many ids are known.
        """
        self._discover_and_import_scenarios()
        try:
            return self._registry[scenario_id]
        except KeyError:
            raise KeyError(
                f"no scenario registered with id {scenario_id!r} "
                f"({len(self._registry)} registered); check the id or the scenario paths"
            ) from None

    def get_all_scenarios(self) -> dict[str, type[Scenario]]:
        """Every registered scenario, id -> class (after entry-point discovery)."""
        self._discover_and_import_scenarios()
        return dict(self._registry)

    def registered(self) -> dict[str, type[Scenario]]:
        """What is registered now, without triggering entry-point discovery."""
        return dict(self._registry)

    def __contains__(self, scenario_id: object) -> bool:
        return scenario_id in self._registry

    def __len__(self) -> int:
        return len(self._registry)

    def reset(self) -> None:
        """Empty the registry (tests)."""
        self._registry.clear()
        self._scenarios_discovered = False

    def _discover_and_import_scenarios(self) -> None:
        """Call every loader published under the ``pare.scenarios`` entry-point group once.

        A loader that fails raises: a scenario package that cannot load is an
        error to see, not a warning that makes its scenarios vanish.
        """
        if self._scenarios_discovered:
            return
        self._scenarios_discovered = True
        for entry_point in importlib_metadata.entry_points(group=SCENARIO_ENTRY_POINT_GROUP):
            loader = entry_point.load()
            if not callable(loader):
                raise TypeError(
                    f"entry point {entry_point.name!r} in group {SCENARIO_ENTRY_POINT_GROUP!r} "
                    f"is {loader!r}, not a callable taking the registry"
                )
            loader(self)


def _same_class(a: type, b: type) -> bool:
    # A module re-executed under the same name (importlib reload, a second
    # import by path) builds a new class object for the same definition.
    return a is b or (a.__module__ == b.__module__ and a.__qualname__ == b.__qualname__)


def _describe(cls: type) -> str:
    module = cls.__module__
    file = getattr(sys.modules.get(module), "__file__", None)
    where = f" ({file})" if file else ""
    return f"{cls.__qualname__} in module {module}{where}"


registry = ScenarioRegistry()
"""The process-wide registry that ``@register_scenario`` writes to."""


def register_scenario(scenario_id: str) -> Callable[[T], T]:
    """Register the decorated scenario class in :data:`registry` under ``scenario_id``.

    Args:
        scenario_id: the id; by convention the module's file stem.

    Returns:
        The class decorator (it sets ``cls.scenario_id``).
    """
    return registry.register(scenario_id)


__all__ = [
    "SCENARIO_ENTRY_POINT_GROUP",
    "DuplicateScenarioError",
    "ScenarioRegistry",
    "register_scenario",
    "registry",
]
