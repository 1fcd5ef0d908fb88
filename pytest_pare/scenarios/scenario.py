"""``PAREScenario``: the base class every scenario module derives from."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
from datetime import UTC, datetime
from typing import Any, ClassVar, Final

from are.simulation.scenarios.scenario import Scenario
from are.simulation.utils import EnumEncoder

from pytest_pare._util.seeding import stable_seed
from pytest_pare.scenarios._app_names import derive_app_names, normalise_app_names
from pytest_pare.sim.tool_noise import log_injected_failures

DEFAULT_START_TIME: Final = datetime(2025, 1, 6, 9, 0, tzinfo=UTC).timestamp()
"""Start of simulated time when a scenario sets none (ARE's default is the wall clock)."""

_INFRASTRUCTURE_CLASS_NAMES: Final = frozenset({"HomeScreenSystemApp", "PAREAgentUserInterface"})


class ScenarioTag(str):
    """A capability tag given as a string.

    ARE's trace exporter reads ``tag.value`` (its tags are ``CapabilityTag``
    enums); this string answers that too, and is still equal to the plain string.
    """

    __slots__ = ()

    @property
    def value(self) -> str:
        return str.__str__(self)


class PAREScenario(Scenario):
    """Base class for PARE scenarios (ARE ``Scenario`` with PARE's lifecycle).

    Subclasses implement ``init_and_populate_apps``, ``build_events_flow`` and
    ``validate``. Plain class attributes that name a scenario field
    (``start_time = ...``, ``status = ScenarioStatus.Valid``,
    ``additional_system_prompt = "..."``) become that field's default for the
    subclass, so every instance starts with them while constructor arguments
    still win. Optional metadata: ``tags`` (capability tags) and ``apps``
    (short app names, e.g. ``("email", "calendar")``; derived when absent,
    see :meth:`apps_used`).
    """

    start_time: float | None = DEFAULT_START_TIME
    tags: tuple[str, ...] = ()

    _declared_app_names: ClassVar[tuple[str, ...] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # ARE's metaclass turns each subclass into a dataclass right after this
        # hook. An attribute without an annotation is not a field to it, so its
        # inherited default (e.g. start_time = now()) would win at __init__.
        # Declaring the overrides as fields makes them the subclass's defaults.
        _declare_app_names(cls)
        _promote_class_overrides(cls)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.start_time is None:
            self.start_time = DEFAULT_START_TIME
        self.tags = tuple(
            tag if hasattr(tag, "value") else ScenarioTag(tag) for tag in self.tags or ()
        )

    @classmethod
    def apps_used(cls) -> tuple[str, ...]:
        """Short names of the phone apps this scenario uses ("email", "calendar", ...).

        The class attribute ``apps`` when the author set one; otherwise derived
        from the code, without building any app (cheap enough for collection).
        """
        if cls._declared_app_names is not None:
            return cls._declared_app_names
        return derive_app_names(cls)

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        """Build the scenario; a second call does nothing.

        Order: ``init_and_populate_apps`` -> per-app seeds -> tool augmentation
        -> snapshot of the initial app states -> ``build_events_flow`` ->
        environmental events (when ``env_events_config`` is set). Scenarios rely
        on ``build_events_flow`` running after the snapshot.
        """
        if self._initialized:
            return
        self.init_and_populate_apps(*args, **kwargs)
        for app in self.apps or []:
            seed_app(app, stable_seed(self.seed, app.name))
        self.apply_augmentation_configs()
        self._initial_apps = {
            app.name: {
                "class_name": type(app).__name__,
                "serialized_state": json.dumps(app.get_state(), cls=EnumEncoder),
            }
            for app in self.apps or []
        }
        self.build_events_flow()
        if self.env_events_config is not None:
            self._add_env_events()
        self._initialized = True

    def apply_augmentation_configs(self) -> None:
        """Apply ``tool_augmentation_config`` to every domain app.

        The system app and the assistant's user interface are left alone
        (recognised by class: scenarios name the system app "System"). Each
        failing tool draws from its own seeded generator, so a rerun fails the
        same calls. Tool public names / descriptions come from the augmentation
        data's maps when the config asks for them.
        """
        config = self.tool_augmentation_config
        if config is None or not self.apps:
            return
        domain_apps = [app for app in self.apps if not is_infrastructure_app(app)]
        rename = bool(getattr(config, "apply_tool_name_augmentation", False))
        redescribe = bool(getattr(config, "apply_tool_description_augmentation", False))
        name_map, desc_map = self._tool_maps() if (rename or redescribe) else ({}, {})
        for app in domain_apps:
            app.set_failure_probability(config.tool_failure_probability)
            app_seed = getattr(app, "seed", self.seed)
            for tool in app.get_tools():
                tool.seed = stable_seed(app_seed, tool.name)
                tool.rng = random.Random(tool.seed)
                log_injected_failures(tool)  # ARE would leave an agent's failed call unlogged
                if rename:
                    tool._public_name = _mapped_name(tool, name_map)
                if redescribe:
                    tool._public_description = _lookup(tool, desc_map) or tool.function_description

    def _tool_maps(self) -> tuple[dict[str, str], dict[str, str]]:
        from pytest_pare.scenarios.utils.augmentation_data import load_augmentation_data

        own = self.augmentation_data or {}
        if "tool_names_mapping" in own or "tool_descriptions_mapping" in own:
            data = own
        else:
            data = load_augmentation_data()
        return dict(data.get("tool_names_mapping", {})), dict(
            data.get("tool_descriptions_mapping", {})
        )

    def _add_env_events(self) -> None:
        from pytest_pare.scenarios.utils.scenario_expander import PAREEnvEventsExpander

        # The expander reads the apps' data from this scenario's augmentation_data
        # when it has an "apps" list, else from the bundled file.
        expander = PAREEnvEventsExpander(env_events_config=self.env_events_config)
        expander.add_env_events_to_scenario(scenario=self)


def seed_app(app: Any, seed: int) -> None:
    """Seed an app's generator with ``seed`` directly.

    ARE's ``App.set_seed`` mixes the app name in through Python's salted
    ``hash()``, so ids drawn from the app differ between processes.
    """
    app.seed = seed
    app.rng = random.Random(seed)


def is_infrastructure_app(app: object) -> bool:
    """True for the system app and the assistant's user interface (by class)."""
    from are.simulation.apps.agent_user_interface import AgentUserInterface
    from are.simulation.apps.system import SystemApp

    if isinstance(app, SystemApp | AgentUserInterface):
        return True
    return any(base.__name__ in _INFRASTRUCTURE_CLASS_NAMES for base in type(app).__mro__)


def _lookup(tool: Any, mapping: dict[str, str]) -> str | None:
    for key in (tool.name, f"{tool.class_name}__{tool.func_name}", tool.func_name):
        if key in mapping:
            return mapping[key]
    return None


def _mapped_name(tool: Any, mapping: dict[str, str]) -> str:
    # A map keyed by the bare function name gives a bare name; keep the app
    # prefix so two apps' tools cannot end up with the same public name.
    if tool.name in mapping:
        return mapping[tool.name]
    for key in (f"{tool.class_name}__{tool.func_name}", tool.func_name):
        if key in mapping:
            return f"{tool.app_name}__{mapping[key]}"
    return tool.name


def _declare_app_names(cls: type[PAREScenario]) -> None:
    declared = cls.__dict__.get("apps")
    if isinstance(declared, tuple | list | frozenset | set) and all(
        isinstance(n, str) for n in declared
    ):
        # `apps = ("email", ...)` is metadata, not the instance's app list.
        names = sorted(declared) if isinstance(declared, set | frozenset) else declared
        cls._declared_app_names = normalise_app_names(names, owner=cls.__qualname__)
        delattr(cls, "apps")


def _promote_class_overrides(cls: type[PAREScenario]) -> None:
    annotations = cls.__dict__.get("__annotations__")
    if annotations is None:
        annotations = {}
        cls.__annotations__ = annotations
    # `cls` is not a dataclass yet; fields() reads the fields it inherits.
    for base_field in dataclasses.fields(cls):
        name = base_field.name
        if name in annotations:
            continue
        value = getattr(cls, name, dataclasses.MISSING)
        if value is dataclasses.MISSING or value is base_field.default:
            continue
        if isinstance(value, dataclasses.Field | property | classmethod | staticmethod):
            continue
        annotations[name] = base_field.type
        if type(value).__hash__ is None:
            # Mutable values become per-instance copies, as dataclasses require.
            setattr(cls, name, dataclasses.field(default_factory=_copier(value)))
        else:
            setattr(cls, name, value)


def _copier(value: object) -> Any:
    return lambda: copy.deepcopy(value)
