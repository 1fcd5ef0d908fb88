"""HomeScreenSystemApp: the user's navigation tools route to the environment's callbacks."""

from __future__ import annotations

import pytest
from are.simulation.types import EventType

from pytest_pare.apps import HomeScreenSystemApp


def test_navigation_tools_call_the_callbacks_the_environment_wired(phone):
    calls: list[tuple[str, str | None]] = []
    system = HomeScreenSystemApp(name="System")
    system.set_callbacks(
        switch_app_callback=lambda name: calls.append(("switch", name)) or f"switched to {name}",
        open_app_callback=lambda name: calls.append(("open", name)) or f"opened {name}",
        go_home_callback=lambda: calls.append(("home", None)) or "home",
    )
    phone.attach(system)
    assert phone.tap(system, "open_app", app_name="Emails") == "opened Emails"
    assert phone.tap(system, "go_home") == "home"
    assert phone.tap(system, "switch_app", app_name="Emails") == "switched to Emails"
    assert calls == [("open", "Emails"), ("home", None), ("switch", "Emails")]
    assert [(e.event_type, e.function_name()) for e in phone.events] == [
        (EventType.USER, "open_app"),
        (EventType.USER, "go_home"),
        (EventType.USER, "switch_app"),
    ]
    assert phone.events[0].action.args["app_name"] == "Emails"


def test_unwired_navigation_says_the_environment_must_set_callbacks():
    system = HomeScreenSystemApp()
    assert not system.is_wired
    with pytest.raises(RuntimeError, match="set_callbacks"):
        system.open_app("Emails")


def test_the_user_sees_the_three_navigation_tools_and_the_assistant_none_of_them():
    system = HomeScreenSystemApp(name="System")
    assert {t.name for t in system.get_user_tools()} == {
        "System__go_home",
        "System__open_app",
        "System__switch_app",
    }
    assert not {"System__go_home", "System__open_app"} & {t.name for t in system.get_tools()}
