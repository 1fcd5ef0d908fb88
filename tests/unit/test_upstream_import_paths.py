"""Code written for upstream PARE imports from ``pytest_pare.`` after ``pare.`` is replaced.

The rows of the first table are copied from ../shared/spec/pare-api-surface.md,
section 1 (module | name | files); the re-export lists from the paragraph under it.
The last rows are paths outside the scenario modules that upstream analysis code
and third-party scenarios import (issue 19).
"""

# Rows are spec text copied verbatim, so they keep the spec's long lines.
# ruff: noqa: E501

from __future__ import annotations

import importlib

import pytest

SPEC_MODULE_TABLE = """
| `pare.apps` | `HomeScreenSystemApp` | 143 |
| `pare.apps` | `PAREAgentUserInterface` | 143 |
| `pare.apps` | `StatefulEmailApp` | 70 |
| `pare.apps` | `StatefulMessagingApp` | 47 |
| `pare.apps` | `StatefulCalendarApp` | 38 |
| `pare.apps` | `StatefulContactsApp` | 23 |
| `pare.apps` | `StatefulCabApp` | 17 |
| `pare.apps` | `StatefulApartmentApp` | 12 |
| `pare.apps` | `StatefulShoppingApp` | 10 |
| `pare.apps` | `StatefulReminderApp` | 4 |
| `pare.apps.apartment` | `StatefulApartmentApp` | 13 |
| `pare.apps.cab` | `StatefulCabApp` | 15 |
| `pare.apps.email` | `StatefulEmailApp` | 1 |
| `pare.apps.note` | `StatefulNotesApp` | 31 |
| `pare.apps.reminder` | `StatefulReminderApp` | 32 |
| `pare.apps.shopping` | `StatefulShoppingApp` | 38 |
| `pare.scenarios` | `PAREScenario` | 143 |
| `pare.scenarios.utils.registry` | `register_scenario` | 143 |
"""

# "Re-exports these paths must keep" (the paragraph under the table), one row per name.
SPEC_REEXPORTS = [
    *(("pare.apps", name) for name in ("App", "AppState", "StatefulApp", "user_tool")),
    ("pare.apps.note", "Note"),
    ("pare.apps.calendar", "EditDraft"),
    ("pare.scenarios", "registry"),
    ("pare.scenarios.utils.registry", "registry"),
    ("pare.scenarios.utils.registry", "ScenarioRegistry"),
    # modules the spec names elsewhere (legend, sections 3 and 4)
    ("pare.apps.core", "StatefulApp"),
    ("pare.apps.core", "AppState"),
    ("pare.apps.tool_decorators", "user_tool"),
    ("pare.apps.tool_decorators", "pare_event_registered"),
]


def _table_rows(table: str) -> list[tuple[str, str]]:
    rows = []
    for line in table.strip().splitlines():
        module, name, _files = (cell.strip().strip("`") for cell in line.strip("|").split("|"))
        rows.append((module, name))
    return rows


def _ours(module: str) -> str:
    assert module.startswith("pare."), module
    return "pytest_pare." + module.removeprefix("pare.")


def _resolve(module: str, name: str) -> object:
    return getattr(importlib.import_module(_ours(module)), name)


@pytest.mark.parametrize(("module", "name"), _table_rows(SPEC_MODULE_TABLE) + SPEC_REEXPORTS)
def test_every_upstream_import_in_the_spec_resolves_after_renaming_pare(module, name):
    resolved = _resolve(module, name)

    assert resolved is not None


APP_PACKAGE_ROWS = [
    (module, name)
    for module, name in _table_rows(SPEC_MODULE_TABLE)
    if module.startswith("pare.apps.")
]


@pytest.mark.parametrize(("module", "name"), APP_PACKAGE_ROWS)
def test_an_app_imported_from_its_package_is_the_class_pare_apps_exports(module, name):
    assert _resolve(module, name) is _resolve("pare.apps", name)


def test_the_upstream_assistant_ui_module_gives_the_same_objects_as_apps_aui():
    from pytest_pare.apps import aui

    proactive_aui = importlib.import_module("pytest_pare.apps.proactive_aui")

    assert proactive_aui.PAREAgentUserInterface is aui.PAREAgentUserInterface
    assert proactive_aui.PAREAgentUserInterface is _resolve("pare.apps", "PAREAgentUserInterface")
    assert proactive_aui.Proposal is aui.Proposal
    assert proactive_aui.UserResponse is aui.UserResponse


def test_note_and_returned_notes_import_from_the_notes_app_module_as_upstream():
    from pytest_pare.apps.note import types

    note_app = importlib.import_module("pytest_pare.apps.note.app")

    assert note_app.Note is types.Note
    assert note_app.ReturnedNotes is types.ReturnedNotes
    assert note_app.NotesFolder is types.NotesFolder
    assert {"Note", "ReturnedNotes", "StatefulNotesApp"} <= set(note_app.__all__)
