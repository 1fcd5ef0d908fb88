"""The stateful notes app, its screens and its data (``Note``, ``ReturnedNotes``)."""

from __future__ import annotations

from pytest_pare.apps.note.app import StatefulNotesApp
from pytest_pare.apps.note.states import EditNote, FolderList, NoteDetail, NoteList
from pytest_pare.apps.note.types import Note, NotesFolder, ReturnedNotes

__all__ = [
    "EditNote",
    "FolderList",
    "Note",
    "NoteDetail",
    "NoteList",
    "NotesFolder",
    "ReturnedNotes",
    "StatefulNotesApp",
]
