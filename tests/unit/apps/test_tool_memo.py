"""Tools built from kept parts equal ARE's own build, for every app we ship.

``pytest_pare/apps/_tool_memo.py`` keeps what ARE's ``build_tool`` derives from a
method (and the rendered tool descriptions) so that a run does not redo it for
every fresh app and agent. An agent must see exactly what ARE would show it.
"""

from __future__ import annotations

import dataclasses

import pytest
from are.simulation.apps.messaging_v2 import MessagingAppMode
from are.simulation.tool_box import DEFAULT_TOOL_DESCRIPTION_TEMPLATE, Toolbox
from are.simulation.tool_utils import AppTool, AppToolAdapter
from are.simulation.tool_utils import build_tool as are_build_tool

import pytest_pare.apps as apps
from pytest_pare.apps import _tool_memo

APP_CLASSES = sorted(
    (
        cls
        for cls in (getattr(apps, name) for name in apps.__all__)
        if isinstance(cls, type)
        and issubclass(cls, apps.App)
        and cls not in {apps.App, apps.StatefulApp}
    ),
    key=lambda cls: cls.__name__,
)

# Everything a tool carries that an agent or the environment reads.
FIELDS = (
    "class_name",
    "app_name",
    "name",
    "function_description",
    "return_type",
    "return_description",
    "write_operation",
    "failure_probability",
    "_public_name",
    "_public_description",
)


def _tool_functions(app: apps.App) -> list:
    return [tool.function for tool in app.get_tools()] + [
        tool.function for tool in app.get_user_tools()
    ]


def _same_tool(ours: AppTool, theirs: AppTool) -> None:
    for field in FIELDS:
        assert getattr(ours, field) == getattr(theirs, field), (ours.name, field)
    assert [dataclasses.asdict(arg) for arg in ours.args] == [
        dataclasses.asdict(arg) for arg in theirs.args
    ]
    assert ours.function is theirs.function


@pytest.mark.parametrize("app_class", APP_CLASSES, ids=lambda cls: cls.__name__)
def test_a_kept_build_equals_ares_build_for_every_tool(app_class: type) -> None:
    first, second = app_class(), app_class()
    functions = _tool_functions(first)
    assert functions, f"{app_class.__name__} lists no tools"
    for func in functions:
        _tool_memo.build_tool(first, func)  # the first build keeps the parts
        ours = _tool_memo.build_tool(second, func, failure_probability=0.25)
        theirs = are_build_tool(second, func, failure_probability=0.25)
        _same_tool(ours, theirs)
        # The kept build belongs to the app it was built for, with its own args.
        assert ours.class_instance is second
        assert all(a is not b for a, b in zip(ours.args, theirs.args, strict=True))


def test_ares_app_tool_listing_goes_through_the_kept_builds() -> None:
    import are.simulation.apps.app as are_app

    assert are_app.build_tool is _tool_memo.build_tool


def test_an_app_that_edits_its_tools_edits_only_its_own() -> None:
    # ARE's messaging app appends a sentence about ids to each description it lists.
    phone = apps.StatefulMessagingApp(mode=MessagingAppMode.PHONE_NUMBER)
    again = apps.StatefulMessagingApp(mode=MessagingAppMode.PHONE_NUMBER)
    by_name = {tool.name: tool.function_description for tool in phone.get_tools()}
    for tool in again.get_tools():
        assert tool.function_description == by_name[tool.name]
        assert tool.function_description.count("are Phone numbers") == 1


@pytest.mark.parametrize("app_class", APP_CLASSES, ids=lambda cls: cls.__name__)
def test_kept_descriptions_equal_ares_rendering(app_class: type) -> None:
    are_describe = _tool_memo._ARE_DESCRIBE
    tools = [AppToolAdapter(tool) for tool in app_class().get_tools()]
    for _ in range(2):  # the second pass is served from what the first kept
        for tool in tools:
            assert _tool_memo.describe_tool(tool) == are_describe(
                tool, DEFAULT_TOOL_DESCRIPTION_TEMPLATE
            )
    if tools:
        assert Toolbox(tools).show_tool_descriptions() == "\n".join(
            are_describe(tool, DEFAULT_TOOL_DESCRIPTION_TEMPLATE) for tool in tools
        )


def test_tools_stored_on_an_instance_are_built_by_are_and_not_kept() -> None:
    app = apps.StatefulNotesApp()

    def make_note_now(title: str) -> str:
        """Make a note at once.

        Args:
            title: the note's title

        Returns:
            the note's id
        """
        return title

    bound = app.get_tools()[0].function.__get__(app)
    kept = len(_tool_memo._PARTS)
    for func in (make_note_now, bound):
        ours = _tool_memo.build_tool(app, func)
        _same_tool(ours, are_build_tool(app, func))
    assert len(_tool_memo._PARTS) == kept
