"""Screens of the notes app: a folder's notes, one note, the note editor, the folder list."""

from __future__ import annotations

from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps.core import AppState
from pytest_pare.apps.note.types import Note, ReturnedNotes
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["EditNote", "FolderList", "NoteDetail", "NoteList"]


def _back(state: AppState) -> str:
    # Upstream gives these screens their own go_back tool; here it really goes back.
    # handle_state_transition skips "go_back", so the tool navigates by itself.
    if state.app.navigate_back():
        return f"Navigated back to {type(state.app.current_state).__name__}"
    return f"Already at the first screen ({type(state).__name__})"


class NoteList(AppState):
    """The notes of one folder."""

    def __init__(self, folder: str = "Inbox") -> None:
        super().__init__()
        self.folder = folder

    @user_tool()
    @pare_event_registered()
    def go_back(self) -> str:
        """Go back to the previous screen.

        Returns:
            A message naming the screen now shown.
        """
        return _back(self)

    @user_tool()
    @pare_event_registered()
    def list_notes(self, offset: int = 0, limit: int = 10) -> ReturnedNotes:
        """List this folder's notes, pinned first, then most recently updated.

        Args:
            offset: index of the first note.
            limit: how many notes.

        Returns:
            The notes with their range and the folder's total.
        """
        with disable_events():
            return self.app.list_notes(self.folder, offset, limit)

    @user_tool()
    @pare_event_registered()
    def open(self, note_id: str) -> Note:
        """Open a note.

        Args:
            note_id: id of the note.

        Returns:
            The note.
        """
        with disable_events():
            return self.app.get_note_by_id(note_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def new_note(self) -> str:
        """Create an empty note in this folder and open the editor on it.

        Returns:
            The id of the new note.
        """
        with disable_events():
            return self.app.create_note(folder=self.folder)

    @user_tool()
    @pare_event_registered()
    def search(self, keyword: str) -> list[Note]:
        """Search this folder's notes by title and content (case-insensitive).

        Args:
            keyword: the text.

        Returns:
            The matching notes.
        """
        with disable_events():
            return self.app.search_notes_in_folder(keyword, self.folder)

    @user_tool()
    @pare_event_registered()
    def list_folders(self) -> list[str]:
        """Show the folder list.

        Returns:
            The folder names.
        """
        with disable_events():
            return self.app.list_folders()


class NoteDetail(AppState):
    """One note."""

    def __init__(self, note_id: str) -> None:
        super().__init__()
        self.note_id = note_id

    def _folder(self) -> str:
        return self.app.locate_note(self.note_id)[0]

    @user_tool()
    @pare_event_registered()
    def go_back(self) -> str:
        """Go back to the previous screen.

        Returns:
            A message naming the screen now shown.
        """
        return _back(self)

    @user_tool()
    @pare_event_registered()
    def refresh(self) -> Note:
        """Show this note again.

        Returns:
            The note.
        """
        with disable_events():
            return self.app.get_note_by_id(self.note_id)

    @user_tool()
    @pare_event_registered()
    def list_attachments(self) -> list[str]:
        """List the files attached to this note.

        Returns:
            The attachment names.
        """
        with disable_events():
            return self.app.list_attachments(self.note_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def add_attachment(self, attachment_path: str) -> str:
        """Attach a file to this note.

        Args:
            attachment_path: path of the file.

        Returns:
            The note id.
        """
        with disable_events():
            return self.app.add_attachment_to_note(self.note_id, attachment_path)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def remove_attachment(self, attachment: str) -> str:
        """Remove an attachment from this note.

        Args:
            attachment: the attachment's file name.

        Returns:
            The note id.
        """
        with disable_events():
            return self.app.remove_attachment(self.note_id, attachment)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def delete(self) -> str:
        """Delete this note (goes back).

        Returns:
            The id of the deleted note.
        """
        with disable_events():
            return self.app.delete_note(self.note_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def edit(self) -> str:
        """Open the editor on this note.

        Returns:
            The note id.
        """
        self.app.locate_note(self.note_id)
        return self.note_id

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def duplicate(self) -> str:
        """Copy this note into its folder and open the copy.

        Returns:
            The id of the copy.
        """
        with disable_events():
            return self.app.duplicate_note(self._folder(), self.note_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def move(self, dest_folder_name: str) -> str:
        """Move this note to another folder (opens that folder).

        Args:
            dest_folder_name: the folder to move it to.

        Returns:
            The note id.
        """
        with disable_events():
            return self.app.move_note(self.note_id, self._folder(), dest_folder_name)


class EditNote(AppState):
    """The editor of one note."""

    def __init__(self, note_id: str) -> None:
        super().__init__()
        self.note_id = note_id

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def update(self, title: str, content: str) -> str:
        """Save a new title and content (opens the note).

        Args:
            title: the title (empty keeps the current one).
            content: the content (empty keeps the current one).

        Returns:
            The note id.
        """
        with disable_events():
            return self.app.update_note(self.note_id, title, content)

    @user_tool()
    @pare_event_registered()
    def discard(self) -> str:
        """Leave the editor without saving.

        Returns:
            A confirmation.
        """
        return "Changes discarded."


class FolderList(AppState):
    """All folders."""

    @user_tool()
    @pare_event_registered()
    def list_folders(self) -> list[str]:
        """List the folders.

        Returns:
            The folder names.
        """
        with disable_events():
            return self.app.list_folders()

    @user_tool()
    @pare_event_registered()
    def open(self, folder: str) -> list[Note]:
        """Open a folder.

        Args:
            folder: the folder name.

        Returns:
            Its notes, pinned first, then most recently updated.
        """
        return self.app.open_folder(folder)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def new_folder(self, folder_name: str) -> str:
        """Create a folder.

        Args:
            folder_name: name of the new folder.

        Returns:
            The folder name.
        """
        with disable_events():
            return self.app.new_folder(folder_name)
