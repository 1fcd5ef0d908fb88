"""Fixtures for app tests: ``spec`` checks classes against the API spec, ``phone`` drives screens.

``spec`` rows are plain tuples so each test file keeps its own rows
(copied from ../shared/spec/pare-api-surface.md, with ``\\|`` written as ``|``):

- method row (section 3): ``(cls, method, params, tools, op)``, e.g.
  ``(StatefulEmailApp, "get_email_by_id", "email_id: str, folder_name: str = 'INBOX'",
  "app", "R")``;
  ``tools`` is ``"plain"`` or kinds joined by ``+`` (app, user, env, data); ``op`` is
  ``"R"``, ``"W"`` or ``"-"`` (not event-registered). A default written ``...`` is
  required to exist but its value is not compared.
- state row (section 4.2): ``(state_cls, init_params, tools_cell, extra_tools)``, where
  ``tools_cell`` is the table cell, e.g. ``"`delete()` [W] · `move(destination_folder: str)` [W]"``,
  and ``extra_tools`` names the tools we add beyond the spec.

Use: ``spec.check_method(row)``, ``spec.check_state(row)``, ``spec.check_init(cls, params)``.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from are.simulation.apps.app import App
from are.simulation.tool_utils import AppTool, OperationType
from are.simulation.types import CompletedEvent, EventType

from pytest_pare.apps import AppState, StatefulApp

_TOOL_KINDS = ("app", "user", "env", "data")
_UNCHECKED = object()


def _parse_params(text: str) -> list[tuple[str, Any]]:
    """(name, default) pairs of a parameter list; default is inspect.Parameter.empty if none."""
    tree = ast.parse(f"def f({text}): pass")
    fn = tree.body[0]
    assert isinstance(fn, ast.FunctionDef)
    args = fn.args
    positional = args.posonlyargs + args.args
    pos_defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    pos_defaults += list(args.defaults)
    pairs = list(zip(positional, pos_defaults, strict=True))
    pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
    out: list[tuple[str, Any]] = []
    for arg, default in pairs:
        if default is None:
            out.append((arg.arg, inspect.Parameter.empty))
            continue
        try:
            value = ast.literal_eval(default)
        except ValueError:
            value = _UNCHECKED  # e.g. EmailFolderName.INBOX: presence only
        out.append((arg.arg, _UNCHECKED if value is Ellipsis else value))
    return out


def _check_signature(where: str, func: Callable[..., Any], expected_text: str) -> None:
    params = [p for p in inspect.signature(func).parameters.values() if p.name != "self"]
    params = [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    expected = _parse_params(expected_text)
    assert [p.name for p in params] == [name for name, _ in expected], (
        f"{where}: parameters {[p.name for p in params]} != spec {[n for n, _ in expected]}"
    )
    for param, (name, default) in zip(params, expected, strict=True):
        if default is inspect.Parameter.empty:
            assert param.default is inspect.Parameter.empty, f"{where}: {name} should be required"
        else:
            assert param.default is not inspect.Parameter.empty, f"{where}: {name} needs a default"
            if default is not _UNCHECKED:
                assert param.default == default, (
                    f"{where}: default of {name} is {param.default!r}, spec says {default!r}"
                )


_TOOL_ITEM = re.compile(r"`(?P<name>\w+)\((?P<params>.*?)\)`\s*(?P<w>\[W\])?")


class SpecChecker:
    """Assertions that a class matches one row of the spec tables."""

    def check_init(self, cls: type, params: str) -> None:
        """The constructor takes exactly ``params`` (names, order, defaults)."""
        _check_signature(f"{cls.__name__}()", cls.__init__, params)

    def check_method(self, row: tuple[type, str, str, str, str]) -> None:
        cls, method, params, tools, op = row
        where = f"{cls.__name__}.{method}"
        func = getattr(cls, method, None)
        assert func is not None and callable(func), f"{where} is missing"
        _check_signature(where, func, params)
        kinds = set() if tools == "plain" else set(tools.split("+"))
        for kind in _TOOL_KINDS:
            marked = bool(getattr(func, f"_is_{kind}_tool", False))
            assert marked == (kind in kinds), f"{where}: {kind} tool is {marked}, spec says {tools}"
        registered = bool(getattr(func, "__event_registered__", False))
        if op == "-":
            assert not registered, f"{where} must not be event-registered"
        else:
            assert registered, f"{where} must be event-registered"
            want = OperationType.WRITE if op == "W" else OperationType.READ
            assert func.__operation_type__ == want, f"{where}: operation type should be {want}"

    def check_state(self, row: tuple[type, str, str, tuple[str, ...]]) -> None:
        state_cls, init_params, cell, extra = row
        assert issubclass(state_cls, AppState), f"{state_cls.__name__} is not an AppState"
        self.check_init(state_cls, init_params)
        spec_tools = {m["name"]: (m["params"], bool(m["w"])) for m in _TOOL_ITEM.finditer(cell)}
        assert spec_tools, f"no tools parsed from {cell!r}"
        actual = set(state_cls.user_tool_names())
        assert actual == set(spec_tools) | set(extra), (
            f"{state_cls.__name__}: tools {sorted(actual)} != spec {sorted(spec_tools)} + {extra}"
        )
        for name, (params, write) in spec_tools.items():
            func = getattr(state_cls, name)
            _check_signature(f"{state_cls.__name__}.{name}", func, params)
            if write:
                assert func.__operation_type__ == OperationType.WRITE, (
                    f"{state_cls.__name__}.{name} is marked [W] in the spec"
                )


@pytest.fixture
def spec() -> SpecChecker:
    """Checks classes against rows of the spec tables."""
    return SpecChecker()


@dataclass
class Phone:
    """Drives apps like the environment does: logs events, runs transitions on USER events."""

    events: list[CompletedEvent] = field(default_factory=list)

    def attach(self, *apps: App) -> None:
        """Record every event of ``apps``; USER events also move the app's screens."""
        for app in apps:
            app.register_to_env("phone", self._recorder(app))

    def _recorder(self, app: App) -> Callable[[CompletedEvent], None]:
        def record(event: CompletedEvent) -> None:
            self.events.append(event)
            if event.event_type == EventType.USER and isinstance(app, StatefulApp):
                app.handle_state_transition(event)

        return record

    def tools(self, app: App) -> dict[str, AppTool]:
        """The user tools offered now, by short name."""
        return {tool.name.split("__", 1)[1]: tool for tool in app.get_user_tools()}

    def tap(self, app: App, tool: str, **kwargs: Any) -> Any:
        """Call a user tool that the current screen offers (fails if it is not offered)."""
        offered = self.tools(app)
        assert tool in offered, f"{tool} is not offered on {app}; offered: {sorted(offered)}"
        return offered[tool](**kwargs)

    def log(self) -> list[tuple[str, str, str]]:
        """(event type, class name, function name) of every recorded event."""
        return [
            (e.event_type.value, e.action.class_name, e.function_name() or "") for e in self.events
        ]


@pytest.fixture
def phone() -> Phone:
    """A recorder that behaves like the environment for the apps attached to it."""
    return Phone()
