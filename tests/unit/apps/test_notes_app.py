"""StatefulNotesApp: folders, notes and attachments, through the screens and the API."""

from __future__ import annotations

import base64
import inspect
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from are.simulation.apps import SandboxLocalFileSystem
from are.simulation.types import EventRegisterer, EventType, OperationType

from pytest_pare.apps.note import (
    EditNote,
    FolderList,
    Note,
    NoteDetail,
    NoteList,
    ReturnedNotes,
    StatefulNotesApp,
)
from pytest_pare.sim.clock import SimulatedTimeManager

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def notes(phone: Any) -> StatefulNotesApp:
    app = StatefulNotesApp(name="Notes")
    app.register_time_manager(SimulatedTimeManager(NOW))
    app.groceries = app.create_note_with_time(
        "Inbox", "Groceries", "milk, eggs", created_at="2025-03-01 10:00:00"
    )
    app.taxes = app.create_note_with_time(
        "Inbox", "Taxes", "receipt numbers", True, "2025-02-01 10:00:00", "2025-02-02 10:00:00"
    )
    app.trip = app.create_note_with_time("Personal", "Trip", "Lisbon in May")
    phone.attach(app)
    return app


def test_it_opens_on_the_inbox_with_the_default_folders(notes: StatefulNotesApp) -> None:
    assert isinstance(notes.current_state, NoteList) and notes.current_state.folder == "Inbox"
    assert notes.list_folders() == ["Inbox", "Personal", "Work"]
    assert StatefulNotesApp().name == "note"


def test_listing_puts_pinned_notes_first_then_the_latest(
    notes: StatefulNotesApp, phone: Any
) -> None:
    page = phone.tap(notes, "list_notes")
    assert isinstance(page, ReturnedNotes)
    assert [n.title for n in page.notes] == ["Taxes", "Groceries"]
    assert (page.notes_range, page.total_notes) == ((0, 2), 2)


def test_search_stays_in_the_folder(notes: StatefulNotesApp, phone: Any) -> None:
    assert phone.tap(notes, "search", keyword="LISBON") == []
    assert [n.title for n in notes.search_notes("lisbon")] == ["Trip"]


def test_new_note_opens_the_editor_and_saving_shows_the_note(
    notes: StatefulNotesApp, phone: Any
) -> None:
    note_id = phone.tap(notes, "new_note")
    assert isinstance(notes.current_state, EditNote) and notes.current_state.note_id == note_id
    phone.tap(notes, "update", title="Ideas", content="Build a birdhouse")
    assert isinstance(notes.current_state, NoteDetail) and notes.current_state.note_id == note_id
    assert phone.tap(notes, "refresh").content == "Build a birdhouse"
    assert notes.folders["Inbox"].notes[note_id].title == "Ideas"
    update = phone.events[1]
    assert (update.action.class_name, update.action.function_name) == ("StatefulNotesApp", "update")
    assert update.action.operation_type == OperationType.WRITE
    phone.tap(notes, "go_back")  # the editor is not on the stack any more
    assert isinstance(notes.current_state, NoteList) and notes.navigation_stack == []


def test_editing_an_existing_note_returns_to_it(notes: StatefulNotesApp, phone: Any) -> None:
    phone.tap(notes, "open", note_id=notes.groceries)
    phone.tap(notes, "edit")
    phone.tap(notes, "update", title="", content="milk, eggs, bread")
    assert isinstance(notes.current_state, NoteDetail)
    assert [type(s).__name__ for s in notes.navigation_stack] == ["NoteList"]
    note = notes.get_note_by_id(notes.groceries)
    assert (note.title, note.content, note.updated_at) == ("Groceries", "milk, eggs, bread", NOW)


def test_discarding_an_edit_changes_nothing(notes: StatefulNotesApp, phone: Any) -> None:
    phone.tap(notes, "open", note_id=notes.groceries)
    phone.tap(notes, "edit")
    phone.tap(notes, "discard")
    assert isinstance(notes.current_state, NoteDetail)
    assert notes.get_note_by_id(notes.groceries).content == "milk, eggs"


def test_a_screens_own_go_back_really_goes_back_and_is_offered_once(
    notes: StatefulNotesApp,
    phone: Any,
) -> None:
    assert phone.tap(notes, "go_back").startswith("Already at the first screen")
    phone.tap(notes, "open", note_id=notes.taxes)
    assert list(phone.tools(notes)).count("go_back") == 1
    phone.tap(notes, "go_back")
    assert isinstance(notes.current_state, NoteList) and notes.navigation_stack == []


def test_folder_list_opens_another_folder(notes: StatefulNotesApp, phone: Any) -> None:
    phone.tap(notes, "list_folders")
    assert isinstance(notes.current_state, FolderList)
    phone.tap(notes, "new_folder", folder_name="Recipes")
    assert phone.tap(notes, "list_folders") == ["Inbox", "Personal", "Work", "Recipes"]
    assert [n.title for n in phone.tap(notes, "open", folder="Personal")] == ["Trip"]
    assert isinstance(notes.current_state, NoteList) and notes.current_state.folder == "Personal"


def test_moving_a_note_opens_its_new_folder(notes: StatefulNotesApp, phone: Any) -> None:
    phone.tap(notes, "open", note_id=notes.groceries)
    phone.tap(notes, "move", dest_folder_name="Work")
    assert isinstance(notes.current_state, NoteList) and notes.current_state.folder == "Work"
    assert notes.locate_note(notes.groceries)[0] == "Work"
    move = phone.events[-1]
    assert move.action.args == {"dest_folder_name": "Work"}


def test_duplicating_opens_the_copy(notes: StatefulNotesApp, phone: Any) -> None:
    phone.tap(notes, "open", note_id=notes.taxes)
    copy_id = phone.tap(notes, "duplicate")
    assert isinstance(notes.current_state, NoteDetail) and notes.current_state.note_id == copy_id
    copy = notes.get_note_by_id(copy_id)
    assert (copy.title, copy.created_at, copy.pinned) == ("Copy of Taxes", NOW, False)


def test_deleting_a_note_goes_back_to_the_list(notes: StatefulNotesApp, phone: Any) -> None:
    phone.tap(notes, "open", note_id=notes.groceries)
    phone.tap(notes, "delete")
    assert isinstance(notes.current_state, NoteList)
    with pytest.raises(KeyError, match="not found"):
        notes.get_note_by_id(notes.groceries)


def test_attachments_come_from_the_sandbox_file_system(
    notes: StatefulNotesApp, tmp_path: Path, phone: Any
) -> None:
    files = SandboxLocalFileSystem(name="Files", sandbox_dir=str(tmp_path))
    files.makedirs("receipts", exist_ok=True)
    with files.open("receipts/march.txt", "w") as handle:
        handle.write("42 EUR")
    notes.internal_fs = files
    phone.tap(notes, "open", note_id=notes.taxes)
    phone.tap(notes, "add_attachment", attachment_path="receipts/march.txt")
    assert phone.tap(notes, "list_attachments") == ["march.txt"]
    stored = notes.get_note_by_id(notes.taxes).attachments["march.txt"]
    assert base64.b64decode(stored) == b"42 EUR"
    json.dumps(notes.get_state())  # attachments stay JSON-safe
    phone.tap(notes, "remove_attachment", attachment="march.txt")
    assert notes.list_attachments(notes.taxes) == []
    with pytest.raises(KeyError, match="no attachment"):
        notes.remove_attachment(notes.taxes, "march.txt")


def test_attaching_without_a_file_system_says_how_to_give_one(notes: StatefulNotesApp) -> None:
    with pytest.raises(ValueError, match="internal_fs"):
        notes.add_attachment_to_note(notes.taxes, "a.txt")


def test_create_note_with_time_defaults_to_the_apps_clock_not_the_import_time(
    notes: StatefulNotesApp,
) -> None:
    created_at = inspect.signature(StatefulNotesApp.create_note_with_time).parameters["created_at"]
    assert created_at.default is None
    assert notes.get_note_by_id(notes.trip).created_at == NOW
    taxes = notes.get_note_by_id(notes.taxes)
    assert (taxes.pinned, taxes.updated_at - taxes.created_at) == (True, 86400.0)


def test_create_note_with_time_creates_a_missing_folder(notes: StatefulNotesApp) -> None:
    note_id = notes.create_note_with_time("Archive", "", "a long content " * 10)
    assert notes.locate_note(note_id)[0] == "Archive"
    assert notes.get_note_by_id(note_id).title == ("a long content " * 10)[:50]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"created_at": "03/01/2025"}, "created_at"),
        ({"created_at": "2025-03-02 00:00:00", "updated_at": "2025-03-01 00:00:00"}, "before"),
    ],
)
def test_bad_note_times_are_clear_errors(
    notes: StatefulNotesApp, kwargs: dict[str, str], error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        notes.create_note_with_time("Inbox", "x", "y", **kwargs)


def test_create_note_keeps_pinned_and_needs_an_existing_folder(notes: StatefulNotesApp) -> None:
    assert notes.get_note_by_id(notes.create_note("Work", "Plan", "", True)).pinned
    with pytest.raises(KeyError, match="does not exist"):
        notes.create_note("Nowhere", "x")


def test_update_note_needs_a_title_or_content(notes: StatefulNotesApp) -> None:
    with pytest.raises(ValueError, match="title or new content"):
        notes.update_note(notes.trip, title=" ", content=None)


def test_default_folders_cannot_be_renamed_or_deleted(notes: StatefulNotesApp) -> None:
    with pytest.raises(KeyError, match="cannot be renamed"):
        notes.rename_folder("Inbox", "Main")
    with pytest.raises(KeyError, match="cannot be deleted"):
        notes.delete_folder("Work")
    notes.new_folder("Old")
    assert notes.rename_folder("Old", "New") == "New"
    assert notes.list_folders() == ["Inbox", "Personal", "Work", "New"]
    notes.delete_folder("New")
    assert "New" not in notes.folders


def test_api_writes_log_agent_events_with_defaults_in_args(
    notes: StatefulNotesApp, phone: Any
) -> None:
    notes.create_note(title="From the assistant")
    [event] = phone.events
    assert event.event_type == EventType.AGENT
    assert event.action.args["folder"] == "Inbox"
    assert isinstance(notes.current_state, NoteList)


def test_capture_mode_returns_an_event_without_creating_a_note(notes: StatefulNotesApp) -> None:
    with EventRegisterer.capture_mode():
        captured = notes.create_note(title="Later")
    assert captured.action.function_name == "create_note"
    assert not notes.search_notes("Later")


def test_state_round_trips_through_get_and_load(notes: StatefulNotesApp) -> None:
    copy = StatefulNotesApp(name="Notes")
    copy.load_state(json.loads(json.dumps(notes.get_state())))
    assert copy.get_note_by_id(notes.taxes) == notes.get_note_by_id(notes.taxes)


def test_two_notes_apps_share_no_folders() -> None:
    first, second = StatefulNotesApp(name="Notes"), StatefulNotesApp(name="Notes")
    first.create_note("Inbox", "mine")
    first.new_folder("Extra")
    assert second.search_notes("mine") == [] and "Extra" not in second.folders


def test_note_needs_an_id() -> None:
    with pytest.raises(ValueError, match="note_id"):
        Note(note_id="")
