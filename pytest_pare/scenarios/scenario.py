"""``PAREScenario``: the base class every scenario module derives from."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Final

from are.simulation.scenarios.scenario import Scenario, ScenarioStatus, ScenarioValidationResult
from are.simulation.types import AbstractEnvironment
from are.simulation.utils import EnumEncoder

from pytest_pare._util.seeding import stable_seed
from pytest_pare.scenarios._app_names import derive_app_names, normalise_app_names
from pytest_pare.scenarios.checks import Rules, check_actions
from pytest_pare.scenarios.flow import (
    PROPOSAL_DELAY,
    REPLY_DELAY,
    STEP_DELAY,
    Dependency,
    OracleCalls,
    ProposalEvents,
    oracle,
    propose,
)
from pytest_pare.sim.tool_noise import log_injected_failures

DEFAULT_START_TIME: Final = datetime(2025, 1, 6, 9, 0, tzinfo=UTC).timestamp()
"""Start of simulated time when a scenario sets none (ARE's default is the wall clock)."""

_INFRASTRUCTURE_CLASS_NAMES: Final = frozenset({"HomeScreenSystemApp", "PAREAgentUserInterface"})

SYSTEM_APP_NAME: Final = "System"
"""Name of the home-screen app the base class adds (the name upstream scenarios give it)."""


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
    ``expected_actions`` (or ``validate``); in ``build_events_flow``,
    :meth:`propose` and :meth:`oracle` write the proposal, the user's answer and
    the assistant's steps. Plain class attributes that name a scenario field
    (``start_time = ...``, ``status = ScenarioStatus.Draft``,
    ``additional_system_prompt = "..."``) become that field's default for the
    subclass, so every instance starts with them while constructor arguments
    still win. Optional metadata: ``tags`` (capability tags) and ``apps``
    (short app names, e.g. ``("email", "calendar")``; derived when absent,
    see :meth:`apps_used`).

    Defaults that differ from ARE's ``Scenario``: ``status`` is
    ``ScenarioStatus.Valid`` and ``is_benchmark_ready`` is True (ARE: Draft,
    False), so a scenario states them only to opt out; ``start_time`` is a
    fixed date, never the wall clock. Upstream scenarios set both explicitly,
    and an explicit value always wins. The home screen and the assistant's
    interface are added when ``init_and_populate_apps`` leaves them out (see
    :meth:`initialize`).
    """

    start_time: float | None = DEFAULT_START_TIME
    status: ScenarioStatus = ScenarioStatus.Valid
    is_benchmark_ready: bool = True
    tags: tuple[str, ...] = ()

    _declared_app_names: ClassVar[tuple[str, ...] | None] = None

    if TYPE_CHECKING:
        # Fields of ARE's Scenario (an untyped dataclass), declared for the type
        # checker only: a class annotation here would become a field of this class.
        apps: list[Any] | None
        _initialized: bool

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

        Order: ``init_and_populate_apps`` -> the home screen and the
        assistant's interface when missing -> per-app seeds -> tool augmentation
        -> snapshot of the initial app states -> ``build_events_flow`` ->
        environmental events (when ``env_events_config`` is set). Scenarios rely
        on ``build_events_flow`` running after the snapshot.
        """
        if self._initialized:
            return
        self.init_and_populate_apps(*args, **kwargs)
        self._add_phone_apps()
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

    def _add_phone_apps(self) -> None:
        """Add the home screen and the assistant's interface when the scenario has none.

        Recognised by class, whatever their names: any ARE ``SystemApp`` (our
        ``HomeScreenSystemApp`` is one) and any ARE ``AgentUserInterface``. A
        missing home screen becomes ``HomeScreenSystemApp(name="System")`` at the
        front; a missing interface becomes ``PAREAgentUserInterface()`` right
        after the home screen. That is where upstream scenarios list them, so a
        scenario gives the same app order, seeds and tool lists either way.

        Raises:
            ValueError: another app already has the name the added app would take.
        """
        from are.simulation.apps.agent_user_interface import AgentUserInterface
        from are.simulation.apps.system import SystemApp

        # The base class builds these two apps, so it reaches up to the apps package.
        from pytest_pare.apps.aui import PAREAgentUserInterface
        from pytest_pare.apps.system import HomeScreenSystemApp

        if not isinstance(self.apps, list):
            self.apps = list(self.apps or [])
        apps = self.apps
        system_at = next((i for i, app in enumerate(apps) if isinstance(app, SystemApp)), None)
        if system_at is None:
            apps.insert(0, self._unclashed(HomeScreenSystemApp(name=SYSTEM_APP_NAME)))
            system_at = 0
        if not any(isinstance(app, AgentUserInterface) for app in apps):
            apps.insert(system_at + 1, self._unclashed(PAREAgentUserInterface()))

    def _unclashed(self, added: Any) -> Any:
        clash = next((app for app in self.apps or [] if app.name == added.name), None)
        if clash is not None:
            kind = type(added).__name__
            raise ValueError(
                f"{type(self).__name__}: the app {added.name!r} is a {type(clash).__name__}, "
                f"but the base class adds a {kind} under that name when the scenario lists "
                f"none; add {kind} to self.apps yourself, or rename your app"
            )
        return added

    def propose(
        self,
        content: str,
        *,
        after: Dependency = None,
        delay: float = PROPOSAL_DELAY,
        accept: str | None = None,
        reject: str | None = None,
        reply_delay: float = REPLY_DELAY,
    ) -> ProposalEvents:
        """The assistant proposes ``content``; the user accepts or declines it.

        For ``build_events_flow``. The same two events as the long form::

            proposal = aui.send_message_to_user(content=content).oracle().depends_on(
                after, delay_seconds=delay)
            answer = aui.accept_proposal(content=accept).oracle().depends_on(
                proposal, delay_seconds=reply_delay)

        Args:
            content: what the assistant says to the user.
            after: the event (or events) that prompts the proposal; without one
                the proposal comes ``delay`` seconds after the start.
            delay: seconds after ``after`` (default 10).
            accept: the user's words when accepting ("" for none).
            reject: the user's words when declining (``reject_proposal``).
                Give ``accept`` or ``reject``.
            reply_delay: seconds between the proposal and the answer (default 5).

        Returns:
            ``(proposal, answer)`` oracle events; list both in ``self.events``.

        Raises:
            ValueError: the scenario has no ``PAREAgentUserInterface`` (call it
                from ``build_events_flow``, when the apps are complete), or the
                arguments are wrong (see :func:`pytest_pare.scenarios.flow.propose`).
        """
        aui = next((app for app in self.apps or [] if hasattr(app, "accept_proposal")), None)
        if aui is None:
            raise ValueError(
                f"{type(self).__name__}.propose() found no PAREAgentUserInterface in "
                "self.apps: call it from build_events_flow (the apps are complete then), "
                "and do not list ARE's AgentUserInterface instead"
            )
        return propose(
            aui,
            content,
            after=after,
            delay=delay,
            accept=accept,
            reject=reject,
            reply_delay=reply_delay,
        )

    def oracle(
        self, app: Any, *, after: Dependency = None, delay: float = STEP_DELAY
    ) -> OracleCalls:
        """``app``, whose tool calls become oracle steps ``delay`` seconds after ``after``.

        ``self.oracle(calendar, after=accept).add_calendar_event(title=...)`` is the
        long form ``calendar.add_calendar_event(title=...).oracle().depends_on(accept,
        delay_seconds=2)``; see :func:`pytest_pare.scenarios.flow.oracle`.
        """
        return oracle(app, after=after, delay=delay)

    def expected_actions(self) -> Rules | None:
        """What the assistant must (and must not) have done, for the default :meth:`validate`.

        Return the rules of :func:`~pytest_pare.scenarios.checks.check_actions`:
        ``expect(...)``, ``expect_n(...)``, ``either(...)``, ``forbid(...)``.
        None (the default) leaves validation to ARE's ``Scenario.validate``.
        """
        return None

    def validate(self, env: AbstractEnvironment) -> ScenarioValidationResult:
        """``check_actions(env, *self.expected_actions())``, the proposal first.

        A scenario that overrides ``validate`` itself (as upstream scenarios
        do) keeps its own; one with no ``expected_actions`` gets ARE's check
        that the environment did not fail.
        """
        rules = self.expected_actions()
        if rules is None:
            verdict: ScenarioValidationResult = super().validate(env)
            return verdict
        return check_actions(env, *rules)

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
