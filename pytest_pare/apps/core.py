"""Screens and navigation for phone-like apps: ``AppState`` and ``StatefulApp``.

A ``StatefulApp`` is an ARE app (the assistant sees its flat API through
``get_tools()``) that also has a current screen, an ``AppState``. The simulated
user sees only that screen's user tools, plus ``go_back`` when there is a screen
to go back to. After every USER event the environment calls
``handle_state_transition(event)``, which moves between screens.
"""

from __future__ import annotations

import random
from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from are.simulation.apps.app import App, ToolType
from are.simulation.tool_utils import AppTool, ToolAttributeName
from are.simulation.types import Action, CompletedEvent

from pytest_pare._util.seeding import stable_seed
from pytest_pare.apps import _tool_memo
from pytest_pare.apps._tool_memo import build_tool
from pytest_pare.apps.tool_decorators import (
    STATE_MARKER,
    is_app_state,
    pare_event_registered,
    user_tool,
)

__all__ = ["AppState", "StatefulApp", "UserAction", "StableSeedMixin"]

_tool_memo.install()

_USER_TOOL_ATTR = ToolAttributeName.USER.value


class StableSeedMixin:
    """``set_seed`` from a stable digest instead of ARE's salted ``hash()``.

    ARE's ``App.set_seed`` seeds the app's rng with ``hash(f"{seed}_{name}")``,
    which differs between processes, so ids drawn from the rng (e.g. the
    messaging user's id) would too. Put this mixin before the ARE base.
    """

    name: str

    def set_seed(self, seed: int) -> None:
        """Seed ``self.rng`` from ``(seed, self.name)``, the same in every process."""
        self.seed = stable_seed(seed, self.name)
        self.rng = random.Random(self.seed)


class AppState:
    """One screen of a ``StatefulApp``.

    Subclasses declare their user tools as methods decorated with
    ``@user_tool()`` over ``@pare_event_registered(...)``; the tool list is
    collected from those decorators when the class is created. A state reaches
    its app through ``self.app``, set by ``bind_to_app`` when the app enters the
    state; states never import their app module.

    ``on_enter`` / ``on_exit`` run on every transition, including ``go_back``;
    both do nothing unless overridden.
    """

    _user_tool_names: ClassVar[tuple[str, ...]] = ()
    # Class-level defaults so a subclass whose __init__ forgets super().__init__()
    # still starts unbound instead of failing with AttributeError.
    _app: StatefulApp | None = None
    _cached_tools: list[AppTool] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        setattr(cls, STATE_MARKER, True)
        names: list[str] = []
        seen: set[str] = set()
        # Subclass first, so an override without the decorator hides the base tool.
        for klass in cls.__mro__:
            for attr, value in vars(klass).items():
                if attr in seen:
                    continue
                seen.add(attr)
                if callable(value) and getattr(value, _USER_TOOL_ATTR, False):
                    if not (value.__doc__ or "").strip():
                        raise TypeError(
                            f"user tool {cls.__name__}.{attr} has no docstring; ARE builds the "
                            "tool description from it, so add one (with Args/Returns)."
                        )
                    names.append(attr)
        cls._user_tool_names = tuple(names)

    def __init__(self) -> None:
        self._app: StatefulApp | None = None
        self._cached_tools: list[AppTool] | None = None

    @classmethod
    def user_tool_names(cls) -> tuple[str, ...]:
        """Names of this screen's user tools, in definition order (subclass first)."""
        return cls._user_tool_names

    def bind_to_app(self, app: StatefulApp) -> None:
        """Attach this state to ``app`` (done by the app when it enters the state)."""
        if self._app is not app:
            self._app = app
            self._cached_tools = None

    @property
    def app(self) -> Any:
        """The app this screen belongs to.

        Typed ``Any`` because each domain state calls its own app's ARE methods.

        Raises:
            RuntimeError: the state was never entered by an app.
        """
        if self._app is None:
            raise RuntimeError(
                f"{type(self).__name__} is not bound to an app; enter it with "
                "app.set_current_state(state) (or bind_to_app) before calling its tools."
            )
        return self._app

    def get_available_actions(self) -> list[AppTool]:
        """This screen's user tools as ARE ``AppTool``s that call methods of this state.

        Raises:
            RuntimeError: the state is unbound, or a tool's type hints do not resolve.
        """
        if self._cached_tools is None:
            app = self.app
            tools = []
            for name in self._user_tool_names:
                func = getattr(type(self), name)
                try:
                    tool = build_tool(app, func)
                except NameError as exc:
                    raise RuntimeError(
                        f"type hints of user tool {type(self).__name__}.{name} do not resolve "
                        f"({exc}); import the names used in its annotations at module level, "
                        "not under TYPE_CHECKING."
                    ) from exc
                tool.class_instance = self
                tools.append(tool)
            self._cached_tools = tools
        return self._cached_tools

    def on_enter(self) -> None:
        """Called when the app moves to this screen (forward, back, or as root)."""

    def on_exit(self) -> None:
        """Called when the app leaves this screen (forward, back, or reset)."""

    def __repr__(self) -> str:
        public = {k: v for k, v in vars(self).items() if not k.startswith("_")}
        inner = ", ".join(f"{k}={v!r}" for k, v in public.items())
        return f"{type(self).__name__}({inner})"


@dataclass(frozen=True)
class UserAction:
    """A completed user tool call, as ``StatefulApp.transition`` sees it.

    Attributes:
        function_name: the tool's name (e.g. ``"open_email_by_id"``).
        args: the call's arguments by parameter name, defaults applied, no ``self``.
        result: what the tool returned.
        state: the screen the tool ran on; None for app-level tools such as ``go_back``.
    """

    function_name: str
    args: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    state: AppState | None = None

    @classmethod
    def from_event(cls, event: CompletedEvent) -> UserAction | None:
        """Decode a logged event; None when it is not a successful tool call."""
        action = event.action
        if not isinstance(action, Action) or event.failed():
            return None
        raw = action.resolved_args or action.args
        args = {k: v for k, v in raw.items() if k != "self"}
        owner = getattr(action.function, "__self__", None)
        return cls(
            function_name=action.function_name,
            args=args,
            result=event.metadata.return_value if event.metadata else None,
            state=owner if is_app_state(owner) else None,
        )


class StatefulApp(StableSeedMixin, App):
    """An ARE app with screens: a current ``AppState`` and a navigation stack.

    Domain apps subclass this first and their ARE app second, e.g.
    ``class StatefulEmailApp(StatefulApp, EmailClientV2)``, implement
    ``create_root_state()`` and, when screens change, ``transition(action)``.
    The constructor ends by entering the root state.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_state: AppState | None = None
        self.navigation_stack: list[AppState] = []
        self._go_back_tool: AppTool | None = None
        self.load_root_state()

    # -- what subclasses provide ---------------------------------------------------

    @abstractmethod
    def create_root_state(self) -> AppState:
        """Return a new root screen (the one the app opens on)."""

    def transition(self, action: UserAction) -> None:
        """Move between screens after a successful user tool call; default: stay.

        Called by ``handle_state_transition`` for this app's own USER events,
        except ``go_back`` (which navigates by itself) and failed calls.
        Use ``set_current_state`` (forward), ``navigate_back`` and
        ``load_root_state`` here; they log no events.
        """

    # -- navigation ----------------------------------------------------------------

    def set_current_state(self, app_state: AppState) -> None:
        """Go forward to ``app_state``: the old screen exits and is pushed on the stack."""
        self._move_to(app_state, push=True)

    def load_root_state(self) -> None:
        """Enter a fresh root screen and clear the navigation stack."""
        self._move_to(self.create_root_state(), push=False)
        self.navigation_stack.clear()

    def reset_to_root(self) -> str:
        """Enter a fresh root screen and say which one."""
        self.load_root_state()
        return f"Reset to {type(self.current_state).__name__}"

    def navigate_back(self) -> bool:
        """Return to the previous screen (running exit/enter hooks); False if there is none."""
        if not self.navigation_stack:
            return False
        previous = self.navigation_stack.pop()
        self._move_to(previous, push=False)
        return True

    def _back_or_root(self) -> None:
        # For a screen whose subject is gone (deleted, sent, saved): back to where the
        # user came from, or to the root when the screen was reached without history.
        if not self.navigate_back():
            self.load_root_state()

    def _move_to(self, new_state: AppState, *, push: bool) -> None:
        if not isinstance(new_state, AppState):
            raise TypeError(
                f"{type(self).__name__} can only move to an AppState, "
                f"got {type(new_state).__name__}"
            )
        new_state.bind_to_app(self)
        old_state = self.current_state
        if old_state is not None:
            old_state.on_exit()
            if push:
                self.navigation_stack.append(old_state)
        self.current_state = new_state
        new_state.on_enter()

    @user_tool()
    @pare_event_registered()
    def go_back(self) -> str:
        """Go back to the previous screen of this app.

        Returns:
            A message naming the screen now shown.
        """
        if not self.navigate_back():
            return f"Already at the first screen ({type(self.current_state).__name__})"
        return f"Navigated back to {type(self.current_state).__name__}"

    # -- tools -----------------------------------------------------------------------

    def get_user_tools(self) -> list[AppTool]:
        """The current screen's user tools, plus ``go_back`` when the stack is not empty.

        A screen with its own ``go_back`` tool (as upstream's notes screens have) keeps
        it instead of the app's.
        """
        state = self.current_state
        tools = list(state.get_available_actions()) if state else []
        if self.navigation_stack and not (state and "go_back" in state.user_tool_names()):
            if self._go_back_tool is None:
                self._go_back_tool = build_tool(self, type(self).go_back)
            tools.append(self._go_back_tool)
        return tools

    def get_tools_with_attribute(
        self, attribute: ToolAttributeName | None, tool_type: ToolType | None
    ) -> list[AppTool]:
        """ARE's tool discovery, extended as upstream's apps extend it.

        USER tools are the current screen's (without ``go_back``, as upstream);
        ``(None, None)`` gives the event-registered methods without a tool
        decorator (``get_event_only_tools``); anything else is ARE's lookup.
        """
        if attribute is None and tool_type is None:
            return self.get_event_only_tools()
        if tool_type == ToolType.USER and attribute == ToolAttributeName.USER:
            state = self.current_state
            return list(state.get_available_actions()) if state is not None else []
        return super().get_tools_with_attribute(attribute=attribute, tool_type=tool_type)

    def get_event_only_tools(self) -> list[AppTool]:
        """Event-registered methods that carry no tool decorator (e.g. ``add_email``).

        Found from the decorator markers over the class's MRO, never from source.
        """
        tools: list[AppTool] = []
        seen: set[str] = set()
        tool_attrs = [attr.value for attr in ToolAttributeName]
        for klass in type(self).__mro__:
            for attr, value in vars(klass).items():
                if attr in seen:
                    continue
                seen.add(attr)
                if not callable(value) or not getattr(value, "__event_registered__", False):
                    continue
                if any(getattr(value, marker, False) for marker in tool_attrs):
                    continue
                if not (value.__doc__ or "").strip():
                    continue
                tools.append(build_tool(self, value))
        return tools

    # -- transitions -------------------------------------------------------------------

    def handle_state_transition(self, event: CompletedEvent) -> None:
        """Update the screen after a USER event (called by the environment).

        Ignores events of other apps, failed calls and ``go_back``; hands every
        other call to ``transition``.
        """
        action = event.action
        if not isinstance(action, Action) or action.app is not self:
            return
        decoded = UserAction.from_event(event)
        if decoded is None or decoded.function_name == "go_back":
            return
        self.transition(decoded)

    def __repr__(self) -> str:
        screen = getattr(self, "current_state", None)
        return f"{type(self).__name__}(name={getattr(self, 'name', None)!r}, screen={screen!r})"
