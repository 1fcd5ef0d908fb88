"""Data of the Notes app: ``Note``, one page of notes (``ReturnedNotes``) and a folder."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pytest_pare.apps._datetime import format_datetime

__all__ = ["Note", "NotesFolder", "ReturnedNotes"]


@dataclass
class Note:
    """One note. Attachments map a file name to its base64 text (JSON-safe, unlike bytes).

    Times are epoch seconds; they default to 0.0 rather than the wall clock so that a
    note built in a scenario is the same in every run.
    """

    note_id: str
    title: str = ""
    content: str = ""
    pinned: bool = False
    created_at: float = 0.0
    updated_at: float = 0.0
    attachments: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.note_id, str) or not self.note_id:
            raise ValueError("Note needs a non-empty note_id string.")
        if self.attachments is None:
            self.attachments = {}

    def __str__(self) -> str:
        attachments = ", ".join(self.attachments) or "none"
        return (
            f"Note ID: {self.note_id}\nTitle: {self.title}\nPinned: {self.pinned}\n"
            f"Created: {format_datetime(self.created_at)}\n"
            f"Updated: {format_datetime(self.updated_at)}\n"
            f"Attachments: {attachments}\nContent: {self.content}"
        )


@dataclass
class ReturnedNotes:
    """One page of a folder's notes, most recently updated first."""

    notes: list[Note]
    notes_range: tuple[int, int]
    total_returned_notes: int
    total_notes: int


class NotesFolder:
    """The notes of one folder, by id."""

    def __init__(self, folder_name: str) -> None:
        self.folder_name = folder_name
        self.notes: dict[str, Note] = {}

    def add_note(self, note: Note) -> None:
        """Store ``note`` under its id (replacing a note with the same id)."""
        if not isinstance(note, Note):
            raise TypeError(f"A folder holds Note objects, got {type(note).__name__}.")
        self.notes[note.note_id] = note

    def remove_note(self, note_id: str) -> bool:
        """Drop a note; False when it was not in this folder."""
        return self.notes.pop(note_id, None) is not None

    def get_note_by_id(self, note_id: str) -> Note | None:
        """The note with this id, or None."""
        return self.notes.get(note_id)

    def sorted_notes(self) -> list[Note]:
        """Pinned notes first, then most recently updated; ties keep insertion order."""
        return sorted(self.notes.values(), key=lambda n: (not n.pinned, -n.updated_at))

    def get_notes(self, offset: int = 0, limit: int = 10) -> ReturnedNotes:
        """A page of :meth:`sorted_notes` (sorted before paging, so pages do not overlap)."""
        if offset < 0 or limit < 0:
            raise ValueError(f"offset and limit must be >= 0, got offset={offset}, limit={limit}.")
        total = len(self.notes)
        if offset > total:
            raise ValueError(
                f"offset {offset} is past the end of folder {self.folder_name!r} ({total} notes)."
            )
        end = min(offset + limit, total)
        page = self.sorted_notes()[offset:end]
        return ReturnedNotes(
            notes=page, notes_range=(offset, end), total_returned_notes=len(page), total_notes=total
        )

    def search_notes(self, query: str) -> list[Note]:
        """Notes whose title or content contains ``query`` (case-insensitive)."""
        needle = query.lower()
        return [
            n
            for n in self.sorted_notes()
            if needle in n.title.lower() or needle in n.content.lower()
        ]

    def get_state(self) -> dict[str, Any]:
        """JSON-safe state of the folder."""
        return {
            "folder_name": self.folder_name,
            "notes": {note_id: asdict(note) for note_id, note in self.notes.items()},
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Replace the folder's contents with a :meth:`get_state` dict."""
        self.folder_name = state["folder_name"]
        self.notes = {note_id: Note(**data) for note_id, data in state["notes"].items()}
