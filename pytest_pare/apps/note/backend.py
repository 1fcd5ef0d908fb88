"""The notes app's data operations and assistant tools (the screens are in ``app.py``)."""

from __future__ import annotations

import base64
from copy import deepcopy
from pathlib import PurePosixPath
from typing import Any

from are.simulation.tool_utils import OperationType, app_tool, data_tool, env_tool
from are.simulation.types import disable_events, event_registered
from are.simulation.utils import type_check, uuid_hex

from pytest_pare.apps._datetime import parse_datetime
from pytest_pare.apps.note.types import Note, NotesFolder, ReturnedNotes

__all__ = ["NotesBackend"]

_WRITE = OperationType.WRITE


class NotesBackend:
    """Folders of notes with attachments; mixed into ``StatefulNotesApp`` after ``App``.

    Expects ``folders``, ``default_folders``, ``internal_fs``, ``rng`` and
    ``time_manager`` on the instance.
    """

    folders: dict[str, NotesFolder]
    default_folders: list[str]
    internal_fs: Any
    rng: Any
    time_manager: Any

    # -- helpers (no events) ---------------------------------------------------------

    def _folder(self, folder: str) -> NotesFolder:
        if folder not in self.folders:
            raise KeyError(f"Folder {folder!r} does not exist; folders: {', '.join(self.folders)}.")
        return self.folders[folder]

    def locate_note(self, note_id: str) -> tuple[str, Note]:
        """(folder name, note) of a note in any folder; KeyError if there is none."""
        for name, folder in self.folders.items():
            note = folder.get_note_by_id(note_id)
            if note is not None:
                return name, note
        raise KeyError(f"Note {note_id} not found in any folder.")

    def open_folder(self, folder: str) -> list[Note]:
        """The notes of a folder, pinned first, then most recently updated."""
        return self._folder(folder).sorted_notes()

    def add_attachment(self, note: Note, attachment_path: str) -> Note:
        """Read a file from ``internal_fs`` and attach it (base64) to ``note``; no event."""
        if self.internal_fs is None:
            raise ValueError(
                "The notes app has no file system: assign notes.internal_fs = "
                "SandboxLocalFileSystem(...) (or list one in the scenario's apps) first."
            )
        with disable_events():
            if not self.internal_fs.exists(attachment_path):
                raise ValueError(f"File does not exist in the notes file system: {attachment_path}")
            with self.internal_fs.open(attachment_path, "rb") as handle:
                content = handle.read()
        note.attachments[PurePosixPath(attachment_path).name] = base64.b64encode(content).decode()
        return note

    def _new_note(self, folder: str, title: str, content: str, pinned: bool, at: float) -> str:
        note_id = uuid_hex(self.rng)
        note = Note(note_id, title if title.strip() else content[:50], content, pinned, at, at)
        self._folder(folder).add_note(note)
        return note_id

    # -- folders -----------------------------------------------------------------------

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def new_folder(self, folder_name: str) -> str:
        """Create an empty folder.

        Args:
            folder_name: name of the new folder.

        Returns:
            The folder name.
        """
        if not folder_name.strip():
            raise ValueError("A folder name cannot be empty.")
        if folder_name in self.folders:
            raise KeyError(f"Folder {folder_name!r} already exists.")
        self.folders[folder_name] = NotesFolder(folder_name)
        return folder_name

    @type_check
    @env_tool()
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def delete_folder(self, folder_name: str) -> str:
        """Delete a folder and its notes. Inbox, Personal and Work cannot be deleted.

        Args:
            folder_name: name of the folder.

        Returns:
            The folder name.
        """
        self._folder(folder_name)
        if folder_name in self.default_folders:
            raise KeyError(f"Default folder {folder_name!r} cannot be deleted.")
        del self.folders[folder_name]
        return folder_name

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def rename_folder(self, folder: str, new_folder: str) -> str:
        """Rename a folder. Inbox, Personal and Work cannot be renamed.

        Args:
            folder: current name.
            new_folder: new name.

        Returns:
            The new name.
        """
        source = self._folder(folder)
        if folder in self.default_folders:
            raise KeyError(f"Default folder {folder!r} cannot be renamed.")
        if new_folder in self.folders:
            raise KeyError(f"Folder {new_folder!r} already exists.")
        if not new_folder.strip():
            raise ValueError("A folder name cannot be empty.")
        source.folder_name = new_folder
        self.folders = {(new_folder if k == folder else k): v for k, v in self.folders.items()}
        return new_folder

    @app_tool()
    @event_registered()
    def list_folders(self) -> list[str]:
        """List the folder names.

        Returns:
            The folder names.
        """
        return list(self.folders)

    # -- notes -------------------------------------------------------------------------

    @type_check
    @data_tool()
    @event_registered(operation_type=_WRITE)
    def create_note_with_time(
        self,
        folder: str = "Inbox",
        title: str = "",
        content: str = "",
        pinned: bool = False,
        created_at: str | None = None,
        updated_at: str | None = None,
    ) -> str:
        """Create a note with explicit times (seeding); a missing folder is created.

        Args:
            folder: folder of the note.
            title: title; empty means the first 50 characters of the content.
            content: text of the note.
            pinned: whether the note is pinned.
            created_at: YYYY-MM-DD HH:MM:SS; default: the app's current (simulated) time.
            updated_at: YYYY-MM-DD HH:MM:SS; default: created_at.

        Returns:
            The id of the new note.
        """
        created = (
            self.time_manager.time()
            if created_at is None
            else parse_datetime(created_at, "created_at").timestamp()
        )
        updated = (
            created if updated_at is None else parse_datetime(updated_at, "updated_at").timestamp()
        )
        if updated < created:
            raise ValueError(f"updated_at ({updated_at}) is before created_at ({created_at}).")
        if folder not in self.folders:
            self.folders[folder] = NotesFolder(folder)
        note_id = self._new_note(folder, title, content, pinned, created)
        self.folders[folder].notes[note_id].updated_at = updated
        return note_id

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def create_note(
        self, folder: str = "Inbox", title: str = "", content: str = "", pinned: bool = False
    ) -> str:
        """Create a note in an existing folder.

        Args:
            folder: folder of the note.
            title: title; empty means the first 50 characters of the content.
            content: text of the note.
            pinned: whether the note is pinned.

        Returns:
            The id of the new note.
        """
        return self._new_note(folder, title, content, pinned, self.time_manager.time())

    @type_check
    @data_tool()
    @app_tool()
    @event_registered()
    def get_note_by_id(self, note_id: str) -> Note:
        """Get a note (any folder) by id.

        Args:
            note_id: id of the note.

        Returns:
            The note.
        """
        return self.locate_note(note_id)[1]

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def update_note(
        self, note_id: str, title: str | None = None, content: str | None = None
    ) -> str:
        """Change the title and/or the content of a note (at least one).

        Args:
            note_id: id of the note.
            title: new title, or None to keep it.
            content: new content, or None to keep it.

        Returns:
            The note id.
        """
        _, note = self.locate_note(note_id)
        if not (title or "").strip() and not (content or "").strip():
            raise ValueError("Give a new title or new content (or both) to update a note.")
        if (title or "").strip():
            note.title = title  # type: ignore[assignment]
        if (content or "").strip():
            note.content = content  # type: ignore[assignment]
            if not note.title.strip():
                note.title = note.content[:50]
        note.updated_at = self.time_manager.time()
        return note_id

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def delete_note(self, note_id: str) -> str:
        """Delete a note.

        Args:
            note_id: id of the note.

        Returns:
            The id of the deleted note.
        """
        folder, _ = self.locate_note(note_id)
        self.folders[folder].remove_note(note_id)
        return note_id

    @type_check
    @app_tool()
    @event_registered()
    def list_notes(self, folder: str, offset: int = 0, limit: int = 10) -> ReturnedNotes:
        """List a page of a folder's notes, pinned first, then most recently updated.

        Args:
            folder: the folder.
            offset: index of the first note.
            limit: how many notes.

        Returns:
            The notes with their range and the folder's total.
        """
        return self._folder(folder).get_notes(offset, limit)

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def move_note(
        self, note_id: str, source_folder_name: str = "Inbox", dest_folder_name: str = "Personal"
    ) -> str:
        """Move a note to another folder.

        Args:
            note_id: id of the note.
            source_folder_name: the folder it is in.
            dest_folder_name: the folder to move it to.

        Returns:
            The note id.
        """
        source, dest = self._folder(source_folder_name), self._folder(dest_folder_name)
        note = source.get_note_by_id(note_id)
        if note is None:
            raise KeyError(f"Note {note_id} is not in folder {source_folder_name!r}.")
        dest.add_note(note)
        source.remove_note(note_id)
        return note_id

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def duplicate_note(self, folder_name: str, note_id: str) -> str:
        """Copy a note into its folder, titled "Copy of <title>".

        Args:
            folder_name: the folder the note is in.
            note_id: id of the note.

        Returns:
            The id of the copy.
        """
        original = self._folder(folder_name).get_note_by_id(note_id)
        if original is None:
            raise KeyError(f"Note {note_id} is not in folder {folder_name!r}.")
        copy_id = self._new_note(
            folder_name,
            f"Copy of {original.title}",
            original.content,
            False,
            self.time_manager.time(),
        )
        self.folders[folder_name].notes[copy_id].attachments = deepcopy(original.attachments)
        return copy_id

    @type_check
    @app_tool()
    @event_registered()
    def search_notes(self, query: str) -> list[Note]:
        """Search the titles and contents of all notes (case-insensitive).

        Args:
            query: the text.

        Returns:
            The matching notes.
        """
        return [note for folder in self.folders.values() for note in folder.search_notes(query)]

    @type_check
    @app_tool()
    @event_registered()
    def search_notes_in_folder(self, query: str, folder_name: str) -> list[Note]:
        """Search the titles and contents of one folder's notes (case-insensitive).

        Args:
            query: the text.
            folder_name: the folder.

        Returns:
            The matching notes.
        """
        return self._folder(folder_name).search_notes(query)

    # -- attachments ---------------------------------------------------------------------

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def add_attachment_to_note(self, note_id: str, attachment_path: str) -> str:
        """Attach a file from the file system to a note.

        Args:
            note_id: id of the note.
            attachment_path: path of the file.

        Returns:
            The note id.
        """
        _, note = self.locate_note(note_id)
        self.add_attachment(note, attachment_path)
        note.updated_at = self.time_manager.time()
        return note_id

    @type_check
    @app_tool()
    @event_registered(operation_type=_WRITE)
    def remove_attachment(self, note_id: str, attachment: str) -> str:
        """Remove an attachment (by file name) from a note.

        Args:
            note_id: id of the note.
            attachment: the attachment's file name.

        Returns:
            The note id.
        """
        _, note = self.locate_note(note_id)
        if attachment not in note.attachments:
            raise KeyError(
                f"Note {note_id} has no attachment {attachment!r}; "
                f"it has: {sorted(note.attachments)}."
            )
        del note.attachments[attachment]
        note.updated_at = self.time_manager.time()
        return note_id

    @type_check
    @app_tool()
    @event_registered()
    def list_attachments(self, note_id: str) -> list[str]:
        """List the file names attached to a note.

        Args:
            note_id: id of the note.

        Returns:
            The attachment names.
        """
        return list(self.locate_note(note_id)[1].attachments)
