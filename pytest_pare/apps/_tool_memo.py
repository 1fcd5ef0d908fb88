"""Build each ARE tool description once per function, not once per app instance and turn.

ARE's ``build_tool`` reads a method's signature, type hints and docstring (and
parses its example) every time an app lists its tools, and ``Toolbox`` renders
every tool's description through a sandboxed jinja template every time an
agent builds its system prompt. A scenario run makes fresh apps and agents, so a
session repeated that work about 40 times and 80 renders per run: 40% of the
CPU of a run with the offline ``reference`` policy (docs/performance.md,
finding 9).

Both are pure functions of things that do not change during a process: the
function and the app's class and name for a tool; the rendered strings for a
description. Here the first call goes through ARE and its result is kept;
later calls build a new ``AppTool`` from the kept parts (a fresh object, so an
app that edits its tools, as ARE's messaging app does with descriptions, edits
only its own), or return the kept text. ``install`` points ARE's module
globals at these functions; it leans on ARE 1.2's layout (pinned in
pyproject): ``are.simulation.apps.app.build_tool`` and
``are.simulation.tool_box.get_tool_description_with_args``. Re-check on
upgrade; ``tests/unit/test_tool_memo.py`` compares every shipped app's tools
with ARE's own.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import are.simulation.apps.app as _are_app
import are.simulation.tool_box as _are_tool_box
from are.simulation.tool_utils import AppTool, AppToolArg
from are.simulation.tool_utils import build_tool as _are_build_tool

__all__ = ["build_tool", "describe_tool", "install"]

_ARE_DESCRIBE = _are_tool_box.get_tool_description_with_args


@dataclass(frozen=True)
class _Parts:
    """What ``build_tool`` derives from the function, the app's class and its name."""

    class_name: str
    name: str
    function_description: str | None
    args: tuple[AppToolArg, ...]
    return_type: Any
    return_description: str | None
    write_operation: bool | None


# Keyed by (app class, app name, function). Reads and writes of a dict are atomic
# under the GIL; two threads that miss together both build, with equal results.
_PARTS: dict[tuple[type, str, Callable[..., Any]], _Parts] = {}
_DESCRIPTIONS: dict[tuple[str, str, str, str, str], str] = {}


def build_tool(
    app: Any, func: Callable[..., Any], failure_probability: float | None = None
) -> AppTool:
    """ARE's ``build_tool(app, func, failure_probability)``, doing the analysis once per key.

    Only functions defined in a class or module are kept: a bound method or a
    closure (ARE also lists tools stored on an app instance) is a new object per
    instance, so keeping it would only pin that instance; those go to ARE as is.
    """
    if not _keepable(func):
        return _are_build_tool(app, func, failure_probability)
    key = (type(app), app.name, func)
    parts = _PARTS.get(key)
    if parts is None:
        tool = _are_build_tool(app, func, failure_probability)
        _PARTS[key] = _Parts(
            class_name=tool.class_name,
            name=tool.name,
            function_description=tool.function_description,
            args=tuple(tool.args),
            return_type=tool.return_type,
            return_description=tool.return_description,
            write_operation=tool.write_operation,
        )
        return tool
    return AppTool(
        class_name=parts.class_name,
        app_name=app.name,
        name=parts.name,
        function_description=parts.function_description,
        # Each tool owns its argument objects, as after ARE's own build.
        args=[copy.copy(arg) for arg in parts.args],
        class_instance=app,
        function=func,
        return_type=parts.return_type,
        return_description=parts.return_description,
        write_operation=parts.write_operation,
        failure_probability=failure_probability,
    )


def _keepable(func: Any) -> bool:
    return isinstance(func, types.FunctionType) and "<locals>" not in func.__qualname__


def describe_tool(
    tool: Any, description_template: str = _are_tool_box.DEFAULT_TOOL_DESCRIPTION_TEMPLATE
) -> str:
    """ARE's ``get_tool_description_with_args``, rendered once per distinct text.

    The template prints ``str()`` of the tool's name, description, inputs and
    output type, so those strings (and the template) determine the result.
    """
    key = (
        description_template,
        str(tool.name),
        str(tool.description),
        str(tool.inputs),
        str(tool.output_type),
    )
    text = _DESCRIPTIONS.get(key)
    if text is None:
        text = _DESCRIPTIONS[key] = _ARE_DESCRIBE(tool, description_template)
    return text


def install() -> None:
    """Route ARE's app tool listing and toolbox descriptions through the kept results."""
    _are_app.build_tool = build_tool
    _are_tool_box.get_tool_description_with_args = describe_tool
