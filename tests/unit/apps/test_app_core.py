"""Screens and navigation of StatefulApp, and the state-tool event decorator."""

from __future__ import annotations

import random

import pytest
from are.simulation.tool_utils import OperationType
from are.simulation.types import (
    CompletedEvent,
    Event,
    EventRegisterer,
    EventType,
    OracleEvent,
    disable_events,
)

from pytest_pare._util.seeding import stable_seed
from pytest_pare.apps import AppState, StatefulApp, UserAction, pare_event_registered, user_tool


class Home(AppState):
    def __init__(self, hooks: list[str] | None = None) -> None:
        super().__init__()
        self.hooks = hooks if hooks is not None else []

    def on_enter(self) -> None:
        self.hooks.append("enter Home")

    def on_exit(self) -> None:
        self.hooks.append("exit Home")

    @user_tool()
    @pare_event_registered()
    def open_item(self, item_id: str, zoom: int = 1) -> str:
        """Open an item.

        Args:
            item_id: The item.
            zoom: Zoom level.
        """
        if item_id == "missing":
            raise KeyError("no such item")
        return item_id


class Detail(AppState):
    def __init__(self, item_id: str, hooks: list[str]) -> None:
        super().__init__()
        self.item_id = item_id
        self.hooks = hooks

    def on_enter(self) -> None:
        self.hooks.append(f"enter Detail {self.item_id}")

    def on_exit(self) -> None:
        self.hooks.append(f"exit Detail {self.item_id}")

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def delete(self) -> str:
        """Delete the item."""
        self.app.deleted.append(self.item_id)
        return self.item_id


class Demo(StatefulApp):
    def __init__(self, name: str | None = None) -> None:
        self.hooks: list[str] = []
        self.deleted: list[str] = []
        super().__init__(name=name)

    def create_root_state(self) -> Home:
        return Home(self.hooks)

    def transition(self, action: UserAction) -> None:
        if action.function_name == "open_item":
            self.set_current_state(Detail(action.result, self.hooks))
        elif action.function_name == "delete":
            self.navigate_back()


@pytest.fixture
def demo(phone) -> Demo:
    app = Demo(name="Demo")
    phone.attach(app)
    return app


def test_the_user_sees_only_the_current_screens_tools(demo, phone):
    assert set(phone.tools(demo)) == {"open_item"}
    phone.tap(demo, "open_item", item_id="a")
    assert set(phone.tools(demo)) == {"delete", "go_back"}


def test_go_back_is_offered_only_when_there_is_a_screen_to_return_to(demo, phone):
    assert "go_back" not in phone.tools(demo)
    phone.tap(demo, "open_item", item_id="a")
    phone.tap(demo, "go_back")
    assert isinstance(demo.current_state, Home)
    assert "go_back" not in phone.tools(demo)


def test_exit_and_enter_hooks_run_on_forward_moves_and_on_go_back(demo, phone):
    demo.hooks.clear()
    phone.tap(demo, "open_item", item_id="a")
    phone.tap(demo, "go_back")
    assert demo.hooks == ["exit Home", "enter Detail a", "exit Detail a", "enter Home"]


def test_load_root_state_enters_a_fresh_root_and_clears_the_stack(demo, phone):
    root = demo.current_state
    phone.tap(demo, "open_item", item_id="a")
    demo.load_root_state()
    assert isinstance(demo.current_state, Home) and demo.current_state is not root
    assert demo.navigation_stack == []


def test_a_state_tool_logs_one_user_event_on_the_app_with_the_tool_name_and_args(demo, phone):
    phone.tap(demo, "open_item", item_id="a")
    (event,) = phone.events
    assert event.event_type == EventType.USER
    assert event.action.class_name == "Demo"
    assert event.function_name() == "open_item"
    assert event.action.args == {"item_id": "a", "zoom": 1}
    assert event.action.operation_type == OperationType.READ
    assert event.metadata.return_value == "a"


def test_write_tools_are_marked_as_write_operations(demo, phone):
    phone.tap(demo, "open_item", item_id="a")
    (delete,) = [t for t in demo.get_user_tools() if t.name == "Demo__delete"]
    assert delete.write_operation is True
    phone.tap(demo, "delete")
    assert phone.events[-1].action.operation_type == OperationType.WRITE
    assert demo.deleted == ["a"]


def test_a_failing_tool_is_logged_with_its_error_and_leaves_the_screen(demo, phone):
    with pytest.raises(KeyError):
        phone.tap(demo, "open_item", item_id="missing")
    assert phone.events[-1].failed()
    assert isinstance(demo.current_state, Home)


def test_capture_mode_returns_an_event_that_later_runs_on_the_captured_screen(demo, phone):
    phone.tap(demo, "open_item", item_id="a")
    screen = demo.current_state
    with EventRegisterer.capture_mode():
        captured = screen.delete()
    assert isinstance(captured, Event) and demo.deleted == []
    assert captured.action.class_name == "Demo" and captured.action.function_name == "delete"
    assert isinstance(captured.oracle(), OracleEvent)
    completed = captured.execute()
    assert isinstance(completed, CompletedEvent) and completed.metadata.exception is None
    assert completed.metadata.return_value == "a" and demo.deleted == ["a"]


def test_disabled_events_run_the_tool_without_logging(demo, phone):
    with disable_events():
        demo.current_state.open_item("a")
    assert phone.events == []


def test_transitions_ignore_go_back_and_other_apps_events(demo, phone):
    other = Demo(name="Other")
    phone.attach(other)
    phone.tap(other, "open_item", item_id="x")
    demo.handle_state_transition(phone.events[-1])
    assert isinstance(demo.current_state, Home)


def test_an_unbound_state_says_how_to_bind_it():
    with pytest.raises(RuntimeError, match="set_current_state"):
        Detail("a", []).delete()


def test_a_user_tool_without_docstring_is_rejected_when_the_class_is_made():
    with pytest.raises(TypeError, match="no docstring"):

        class Bad(AppState):
            @user_tool()
            @pare_event_registered()
            def tap(self) -> str:
                return ""


def test_tools_are_found_from_decorators_even_for_classes_without_source():
    def refresh(self) -> str:
        """Refresh."""
        return "ok"

    made = type("Made", (AppState,), {"refresh": user_tool()(pare_event_registered()(refresh))})
    assert made.user_tool_names() == ("refresh",)


def test_an_override_without_the_decorator_hides_the_base_tool():
    class Quiet(Home):
        def open_item(self, item_id: str, zoom: int = 1) -> str:
            return item_id

    assert Quiet.user_tool_names() == ()


def test_unresolvable_tool_annotations_get_an_error_naming_the_fix():
    class Odd(AppState):
        @user_tool()
        @pare_event_registered()
        def pick(self, thing: NotImportedAnywhere) -> str:  # noqa: F821
            """Pick."""
            return ""

    class OddApp(StatefulApp):
        def create_root_state(self) -> Odd:
            return Odd()

    with pytest.raises(RuntimeError, match="module level"):
        OddApp().get_user_tools()


def test_app_seeds_are_stable_digests_not_salted_hashes():
    app = Demo(name="Demo")
    app.set_seed(7)
    assert app.seed == stable_seed(7, "Demo")
    assert app.rng.random() == random.Random(stable_seed(7, "Demo")).random()


def test_two_instances_share_no_navigation_state(phone):
    first, second = Demo(name="Demo"), Demo(name="Demo")
    phone.attach(first, second)
    phone.tap(first, "open_item", item_id="a")
    assert isinstance(second.current_state, Home) and second.navigation_stack == []


def test_moving_to_something_that_is_not_a_screen_is_a_clear_type_error(demo):
    with pytest.raises(TypeError, match="AppState"):
        demo.set_current_state("Home")  # type: ignore[arg-type]


def test_a_screen_that_skips_super_init_still_binds_and_offers_tools():
    class Lazy(AppState):
        def __init__(self, item_id: str) -> None:
            self.item_id = item_id

        @user_tool()
        @pare_event_registered()
        def show(self) -> str:
            """Show the item."""
            return self.item_id

    app = Demo(name="Demo")
    app.set_current_state(Lazy("z"))
    assert [t.name for t in app.get_user_tools()] == ["Demo__show", "Demo__go_back"]


def test_event_only_methods_are_found_from_markers_not_source():
    from pytest_pare.apps import StatefulEmailApp

    names = {t.name.split("__")[1] for t in StatefulEmailApp(name="E").get_event_only_tools()}
    assert "add_email" in names
    assert "list_emails" not in names and "go_back" not in names


def test_are_tool_discovery_of_user_tools_returns_the_current_screens_tools(demo, phone):
    from are.simulation.apps.app import ToolType
    from are.simulation.tool_utils import ToolAttributeName

    def discovered():
        tools = demo.get_tools_with_attribute(ToolAttributeName.USER, ToolType.USER)
        return [t.name for t in tools]

    assert discovered() == ["Demo__open_item"]
    phone.tap(demo, "open_item", item_id="a")
    # As upstream: the screen's tools only; go_back comes with get_user_tools().
    assert discovered() == ["Demo__delete"]
    assert [t.name for t in demo.get_user_tools()] == ["Demo__delete", "Demo__go_back"]


def test_are_tool_discovery_without_a_tool_type_returns_the_event_only_methods():
    from pytest_pare.apps import StatefulEmailApp

    email = StatefulEmailApp(name="E")

    discovered = email.get_tools_with_attribute(None, None)

    assert [t.name for t in discovered] == [t.name for t in email.get_event_only_tools()]
    assert "E__add_email" in {t.name for t in discovered}


def test_are_tool_discovery_of_app_and_env_tools_is_ares():
    from are.simulation.apps.app import ToolType
    from are.simulation.tool_utils import ToolAttributeName

    from pytest_pare.apps import StatefulEmailApp

    email = StatefulEmailApp(name="E")

    app_tools = email.get_tools_with_attribute(ToolAttributeName.APP, ToolType.APP)
    env_tools = email.get_tools_with_attribute(ToolAttributeName.ENV, ToolType.ENV)

    assert {t.name for t in app_tools} == {t.name for t in email.get_tools()}
    assert "E__send_email_to_user_with_id" in {t.name for t in env_tools}
