"""Whole-surface checks of the phone: app instances share nothing, every notifying tool of
every app has a template, and the background data is phone-sized and regenerable."""

from __future__ import annotations

import enum
import json
import runpy
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import pytest_pare.apps as apps
from pytest_pare.notification_system import TEMPLATES, render_notification
from pytest_pare.scenarios.utils.augmentation_data import DEFAULT_DATA_PATH

REPO = Path(__file__).resolve().parents[3]
DOMAIN_APPS = [
    apps.StatefulEmailApp,
    apps.StatefulMessagingApp,
    apps.StatefulContactsApp,
    apps.StatefulCalendarApp,
    apps.StatefulShoppingApp,
    apps.StatefulReminderApp,
    apps.StatefulNotesApp,
    apps.StatefulCabApp,
    apps.StatefulApartmentApp,
]
ALL_APPS = [*DOMAIN_APPS, apps.HomeScreenSystemApp, apps.PAREAgentUserInterface]
_IMMUTABLE = (
    str, int, float, bool, bytes, type(None), tuple, frozenset, enum.Enum, type,
    types.FunctionType, types.BuiltinFunctionType, types.ModuleType,
)  # fmt: skip


def _mutable_objects(root: object) -> dict[int, str]:
    """id -> path of every mutable object reachable from ``root`` (a few levels deep)."""
    found: dict[int, str] = {}

    def walk(value: Any, path: str, depth: int) -> None:
        if isinstance(value, _IMMUTABLE) or callable(value) or depth > 5 or id(value) in found:
            return
        found[id(value)] = path
        if isinstance(value, dict):
            children = [(f"{path}[{k!r}]", v) for k, v in value.items()]
        elif isinstance(value, list | set):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            children = (
                [(f"{path}.{k}", v) for k, v in vars(value).items()]
                if hasattr(value, "__dict__")
                else []
            )
        for child_path, child in children:
            walk(child, child_path, depth + 1)

    walk(root, "app", 0)
    return found


@pytest.mark.parametrize("app_class", ALL_APPS, ids=lambda c: c.__name__)
def test_two_instances_of_an_app_share_no_mutable_state(app_class):
    one, other = app_class(), app_class()  # both alive: ids must not be reused
    first, second = _mutable_objects(one), _mutable_objects(other)

    shared = sorted(first[i] for i in set(first) & set(second))
    assert shared == [], f"{app_class.__name__} instances share {shared}"


def test_an_edit_in_one_scenarios_apps_is_invisible_to_the_next_scenario():
    first_contacts, first_messages = apps.StatefulContactsApp(), apps.StatefulMessagingApp()
    before = json.dumps(apps.StatefulContactsApp().get_state(), sort_keys=True, default=str)

    user = first_contacts.get_current_user_details()
    first_contacts.edit_contact(contact_id=user.contact_id, updates={"city_living": "Oslo"})
    first_messages.add_contacts([("Zed Example", "+15550000000")])

    second_contacts, second_messages = apps.StatefulContactsApp(), apps.StatefulMessagingApp()
    assert json.dumps(second_contacts.get_state(), sort_keys=True, default=str) == before
    assert second_contacts.get_current_user_details().city_living != "Oslo"
    assert "Zed Example" not in second_messages.name_to_id


@pytest.mark.parametrize("app_class", DOMAIN_APPS, ids=lambda c: c.__name__)
def test_every_env_tool_and_write_tool_an_app_exposes_has_a_template(app_class):
    app = app_class()
    family = next(
        (TEMPLATES[k.__name__] for k in type(app).__mro__ if k.__name__ in TEMPLATES), None
    )
    assert family is not None, f"{app_class.__name__} has no notification templates"
    notifying = {t.func_name for t in app.get_env_tools()} | {
        t.func_name for t in app.get_tools() if t.write_operation
    }

    assert notifying, f"{app_class.__name__} exposes no env or write tool"
    assert sorted(notifying - set(family)) == []


def test_an_untemplated_read_produces_no_notification():
    from are.simulation.types import CompletedEvent, EventMetadata, EventType

    app = apps.StatefulEmailApp(name="Emails")
    with_reads = [t for t in app.get_tools() if not t.write_operation]
    read = next(t for t in with_reads if t.func_name not in TEMPLATES.get("EmailClientApp", {}))
    from are.simulation.types import Action

    event = CompletedEvent(
        event_type=EventType.AGENT,
        action=Action(function=getattr(app, read.func_name), args={}, app=app),
        metadata=EventMetadata(),
        event_time=0.0,
    )
    assert render_notification(event, {"Emails": app}) is None


def test_the_background_data_has_hundreds_of_items_per_app():
    data = json.loads(DEFAULT_DATA_PATH.read_text(encoding="utf-8"))
    states = {entry["name"]: entry["app_state"] for entry in data["apps"]}

    emails = states["Emails"]["folders"]["INBOX"]["emails"]
    conversations = list(states["Messages"]["conversations"].values())
    products = list(states["Shopping"]["products"].values())
    assert len(emails) >= 300
    assert len(conversations) >= 100 and sum(len(c["messages"]) for c in conversations) >= 500
    assert len(products) >= 200 and sum(len(p["variants"]) for p in products) >= 400
    assert data["generator"]["script"] == "scripts/generate_synthetic_data.py"


def test_the_generator_script_rewrites_the_shipped_data_byte_for_byte(tmp_path, monkeypatch):
    script = REPO / "scripts" / "generate_synthetic_data.py"
    out = tmp_path / "data.json"
    seed = json.loads(DEFAULT_DATA_PATH.read_text(encoding="utf-8"))["generator"]["seed"]
    monkeypatch.setattr(sys, "argv", [str(script), "--seed", str(seed), "--out", str(out)])

    runpy.run_path(str(script), run_name="__main__")

    assert out.read_bytes() == DEFAULT_DATA_PATH.read_bytes()
