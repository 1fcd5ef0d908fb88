"""``StatefulEmailApp``: ARE's EmailClientV2 with mailbox / email / compose screens."""

from __future__ import annotations

import os

from are.simulation.apps.email_client import Email, EmailClientV2, EmailFolder, EmailFolderName
from are.simulation.apps.sandbox_file_system import SandboxLocalFileSystem
from are.simulation.apps.virtual_file_system import VirtualFileSystem
from are.simulation.tool_utils import OperationType, env_tool
from are.simulation.types import EventType, disable_events, event_registered
from are.simulation.utils import uuid_hex

from pytest_pare.apps.core import StatefulApp, UserAction
from pytest_pare.apps.email.states import (
    ComposeDraft,
    ComposeEmail,
    EmailDetail,
    MailboxView,
    folder_value,
)

__all__ = ["StatefulEmailApp", "USER_EMAIL"]

#: The simulated user's address; every scenario's seeded emails use it.
USER_EMAIL = "john@pare.com"


class StatefulEmailApp(StatefulApp, EmailClientV2):
    """Email client with screens: ``MailboxView`` (root), ``EmailDetail``, ``ComposeEmail``.

    The user's address is always ``john@pare.com``, whatever ``user_email`` says
    (upstream PARE behaves the same, and scenarios depend on it).
    """

    def __init__(
        self,
        name: str | None = None,
        view_limit: int = 5,
        folders: dict[EmailFolderName, EmailFolder] | None = None,
        user_email: str = "user@meta.com",
        internal_fs: SandboxLocalFileSystem | VirtualFileSystem | None = None,
    ) -> None:
        super().__init__(
            name=name,
            view_limit=view_limit,
            folders={} if folders is None else folders,
            user_email=user_email,
            internal_fs=internal_fs,
        )
        self.user_email = USER_EMAIL

    def create_root_state(self) -> MailboxView:
        """The inbox."""
        return MailboxView(folder=EmailFolderName.INBOX.value)

    # -- transitions (spec 4.3) -------------------------------------------------------

    def transition(self, action: UserAction) -> None:
        """Mailbox -> email / compose / other folder; detail -> compose reply; close screens."""
        state = self.current_state
        name = action.function_name
        if isinstance(state, MailboxView):
            if name in ("open_email_by_id", "open_email_by_index"):
                email_id = action.args.get("email_id")
                if email_id is None and isinstance(action.result, Email):
                    email_id = action.result.email_id
                if email_id is not None:
                    self.set_current_state(EmailDetail(email_id, folder_name=state.folder))
            elif name == "switch_folder":
                self.set_current_state(MailboxView(folder=action.args["folder_name"]))
            elif name == "start_compose":
                self.set_current_state(ComposeEmail())
        elif isinstance(state, EmailDetail):
            if name == "start_compose_reply":
                self.set_current_state(ComposeEmail(_draft_from_result(action.result)))
            elif name in ("delete", "move"):
                self._back_or_root()
        elif isinstance(state, ComposeEmail):
            if name in ("send_composed_email", "save_draft", "discard_draft"):
                self._back_or_root()

    # -- helpers the screens use (no events) ----------------------------------------------

    def reply_recipient(self, email: Email) -> str:
        """Whom a reply to ``email`` goes to: its sender, or for the user's own email the
        first sender up its thread who is not the user."""
        current = email
        while current.sender == self.user_email and current.parent_id:
            parent = self._find_email(current.parent_id)
            if parent is None:
                break
            current = parent
        if current.sender == self.user_email and current.recipients:
            return current.recipients[0]
        return current.sender

    def check_attachment_exists(self, path: str) -> None:
        """Raise a clear ValueError when ``path`` is not a file the app can attach."""
        exists = (
            self.internal_fs.exists(path) if self.internal_fs is not None else os.path.exists(path)
        )
        if not exists:
            raise ValueError(f"Cannot attach {path!r}: no such file in the phone's files.")

    def send_draft(self, draft: ComposeDraft) -> str:
        """Send a compose-screen draft (a reply keeps its thread); returns the new id."""
        if not draft.recipients:
            raise ValueError("The email has no recipient; add one with add_recipient first.")
        parent_id = None
        if draft.reply_to is not None:
            folder = EmailFolderName(folder_value(draft.reply_to_folder))
            parent_id = self.folders[folder].get_email_by_id(draft.reply_to).email_id
        email = self._new_email(draft, parent_id)
        self.folders[EmailFolderName.SENT].add_email(email)
        return email.email_id

    def save_draft(self, draft: ComposeDraft) -> str:
        """File a compose-screen draft in DRAFT, unsent; returns its id."""
        email = self._new_email(draft, draft.reply_to)
        self.folders[EmailFolderName.DRAFT].add_email(email)
        return email.email_id

    def _new_email(self, draft: ComposeDraft, parent_id: str | None) -> Email:
        email = Email(
            email_id=uuid_hex(self.rng),
            sender=self.user_email,
            recipients=list(draft.recipients),
            subject=draft.subject,
            content=draft.body,
            timestamp=self.time_manager.time(),
            cc=list(draft.cc),
            parent_id=parent_id,
            is_read=True,
        )
        for path in draft.attachments:
            self.add_attachment(email=email, attachment_path=path)
        return email

    def _find_email(self, email_id: str) -> Email | None:
        for folder in self.folders.values():
            for email in folder.emails:
                if email.email_id == email_id:
                    return email
        return None

    # -- environment tool (PARE) ---------------------------------------------------------

    @env_tool()
    @event_registered(operation_type=OperationType.WRITE, event_type=EventType.ENV)
    def send_email_to_user_with_id(
        self,
        email_id: str,
        sender: str,
        subject: str = "",
        content: str = "",
        attachment_paths: list[str] | None = None,
    ) -> str:
        """
        Delivers an email to the user's INBOX with a chosen id, so later events can refer to it.
        :param email_id: The id to give the email.
        :param sender: The sender's email address.
        :param subject: The subject of the email.
        :param content: The content of the email.
        :param attachment_paths: Paths of files (in the app's file system) to attach.
        :returns: The id of the email, as given.
        """
        email = Email(
            email_id=email_id,
            sender=sender,
            recipients=[self.user_email],
            subject=subject,
            content=content,
            timestamp=self.time_manager.time(),
            is_read=False,
        )
        for path in attachment_paths or []:
            with disable_events():
                self.add_attachment(email=email, attachment_path=path)
        self.folders[EmailFolderName.INBOX].add_email(email)
        return email_id


def _draft_from_result(result: object) -> ComposeDraft:
    """The compose draft described by ``start_compose_reply``'s return value."""
    data = result.get("draft") if isinstance(result, dict) else None
    if not isinstance(data, dict):
        return ComposeDraft()
    return ComposeDraft(
        recipients=list(data.get("recipients", [])),
        subject=str(data.get("subject", "")),
        body=str(data.get("body", "")),
        reply_to=data.get("reply_to"),
        reply_to_folder=data.get("folder_name"),
    )
