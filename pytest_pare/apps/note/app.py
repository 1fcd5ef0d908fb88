"""``StatefulNotesApp``: a notes app with folders and attachments (ARE has none)."""

from __future__ import annotations

from typing import Any

from are.simulation.apps.app import Protocol

from pytest_pare.apps.core import StatefulApp, UserAction
from pytest_pare.apps.note.backend import NotesBackend
from pytest_pare.apps.note.states import EditNote, FolderList, NoteDetail, NoteList
from pytest_pare.apps.note.types import Note, NotesFolder, ReturnedNotes

# Note and ReturnedNotes are re-exported: upstream code imports them from this module.
__all__ = ["Note", "NotesFolder", "ReturnedNotes", "StatefulNotesApp"]

DEFAULT_FOLDERS = ("Inbox", "Personal", "Work")


class StatefulNotesApp(StatefulApp, NotesBackend):
    """Notes in folders (default: Inbox, Personal, Work), with file attachments.

    The assistant gets the app tools below; the user moves through the folder list,
    a folder's notes, one note and the note editor. Attachments are read from
    ``internal_fs`` (a sandbox file system the scenario assigns, or the one the
    environment connects) and stored as base64 text.
    """

    def __init__(
        self,
        name: str | None = None,
        view_limit: int = 5,
        folders: dict[str, NotesFolder] | None = None,
        internal_fs: Any = None,
    ) -> None:
        self.view_limit = view_limit
        self.default_folders = list(DEFAULT_FOLDERS)
        self.folders: dict[str, NotesFolder] = dict(folders or {})
        for folder_name in DEFAULT_FOLDERS:
            self.folders.setdefault(folder_name, NotesFolder(folder_name))
        self.internal_fs = internal_fs
        super().__init__(name or "note")

    # -- app plumbing --------------------------------------------------------------

    def create_root_state(self) -> NoteList:
        """The Inbox folder's notes."""
        return NoteList("Inbox")

    def connect_to_protocols(self, protocols: dict[Protocol, Any]) -> None:
        """Use the environment's file system unless the scenario already gave one."""
        file_system = protocols.get(Protocol.FILE_SYSTEM)
        if self.internal_fs is None and file_system is not None:
            self.internal_fs = file_system

    def get_state(self) -> dict[str, Any]:
        """JSON-safe state: the view limit and every folder's notes."""
        return {
            "view_limit": self.view_limit,
            "folders": {name: folder.get_state() for name, folder in self.folders.items()},
        }

    def load_state(self, state_dict: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict (folders not in it are dropped)."""
        self.view_limit = state_dict["view_limit"]
        self.folders = {}
        for name, folder_state in state_dict["folders"].items():
            self.folders[name] = NotesFolder(name)
            self.folders[name].load_state(folder_state)

    def reset(self) -> None:
        """Back to the three empty default folders (and a re-seeded rng)."""
        super().reset()
        self.folders = {name: NotesFolder(name) for name in DEFAULT_FOLDERS}

    # -- screens -------------------------------------------------------------------------

    def transition(self, action: UserAction) -> None:
        """Screen changes of section 4.3 of the spec (folders -> notes -> note -> editor)."""
        state = self.current_state
        if action.state is not None and action.state is not state:
            return
        name, args, result = action.function_name, action.args, action.result
        if isinstance(state, NoteList):
            if name == "new_note":
                self.set_current_state(EditNote(result))
            elif name == "open":
                self.set_current_state(NoteDetail(args["note_id"]))
            elif name == "list_folders":
                self.set_current_state(FolderList())
        elif isinstance(state, NoteDetail):
            if name == "edit":
                self.set_current_state(EditNote(state.note_id))
            elif name == "delete":
                self._back_or_root()
            elif name == "duplicate":
                self.set_current_state(NoteDetail(result))
            elif name == "move":
                self.set_current_state(NoteList(args["dest_folder_name"]))
        elif isinstance(state, EditNote):
            if name == "update":
                self._leave_editor(state.note_id)
            elif name == "discard":
                self._back_or_root()
        elif isinstance(state, FolderList) and name == "open":
            self.set_current_state(NoteList(args["folder"]))

    def _leave_editor(self, note_id: str) -> None:
        """Close the editor and show the note, without leaving the editor on the stack."""
        self._back_or_root()
        current = self.current_state
        if not (isinstance(current, NoteDetail) and current.note_id == note_id):
            self.set_current_state(NoteDetail(note_id))
