"""Screens of the email app: mailbox, one email, compose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from are.simulation.apps.email_client import Email, EmailFolderName, ReturnedEmails
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps._datetime import DATETIME_FORMAT
from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["ComposeDraft", "ComposeEmail", "EmailDetail", "MailboxView", "folder_value"]


def folder_value(folder: str | EmailFolderName | None) -> str:
    """The canonical folder name ("INBOX", "SENT", "DRAFT", "TRASH") for any spelling.

    Raises:
        ValueError: the folder does not exist.
    """
    if folder is None or folder == "":
        return EmailFolderName.INBOX.value
    if isinstance(folder, EmailFolderName):
        return folder.value
    try:
        return EmailFolderName[folder.strip().upper()].value
    except KeyError:
        names = ", ".join(f.value for f in EmailFolderName)
        raise ValueError(f"Unknown email folder {folder!r}; use one of {names}.") from None


def _timestamp(value: str | None, name: str) -> float | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, DATETIME_FORMAT).replace(tzinfo=UTC).timestamp()
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a date like '2025-01-31 09:00:00'.") from None


@dataclass
class ComposeDraft:
    """An email being written: fields of the compose screen.

    ``reply_to`` / ``reply_to_folder`` are set when the draft answers an email.
    """

    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    body: str = ""
    attachments: list[str] = field(default_factory=list)
    reply_to: str | None = None
    reply_to_folder: str | None = None


class MailboxView(AppState):
    """The list of emails in one folder (the app opens on the inbox)."""

    def __init__(self, folder: str = "INBOX") -> None:
        super().__init__()
        self.folder = folder_value(folder)

    @user_tool()
    @pare_event_registered()
    def list_emails(self, offset: int = 0, limit: int = 10) -> ReturnedEmails:
        """List the emails of this folder, newest first.

        Args:
            offset: Position of the first email to show.
            limit: How many emails to show.

        Returns:
            The emails shown, with their range and the folder's total.
        """
        with disable_events():
            return self.app.list_emails(folder_name=self.folder, offset=offset, limit=limit)

    @user_tool()
    @pare_event_registered()
    def open_email_by_id(self, email_id: str) -> Email:
        """Open an email of this folder by its id.

        Args:
            email_id: The id of the email.

        Returns:
            The email, now marked as read.
        """
        with disable_events():
            return self.app.get_email_by_id(email_id=email_id, folder_name=self.folder)

    @user_tool()
    @pare_event_registered()
    def open_email_by_index(self, index: int) -> Email:
        """Open the email at a position in this folder's list (0 is the newest).

        Args:
            index: Position of the email in the list.

        Returns:
            The email, now marked as read.
        """
        with disable_events():
            return self.app.get_email_by_index(idx=index, folder_name=self.folder)

    @user_tool()
    @pare_event_registered()
    def search_emails(
        self,
        query: str,
        min_date: str | None = None,
        max_date: str | None = None,
        limit: int | None = 10,
    ) -> list[Email]:
        """Search this folder's emails by sender, recipients, subject or text.

        Args:
            query: Text to look for (case-insensitive).
            min_date: Only emails at or after this time ('YYYY-MM-DD HH:MM:SS').
            max_date: Only emails at or before this time ('YYYY-MM-DD HH:MM:SS').
            limit: The most results to show; None for all.

        Returns:
            The matching emails, newest first.
        """
        low = _timestamp(min_date, "min_date")
        high = _timestamp(max_date, "max_date")
        with disable_events():
            found = self.app.search_emails(query=query, folder_name=self.folder)
        found = [
            email
            for email in found
            if (low is None or email.timestamp >= low) and (high is None or email.timestamp <= high)
        ]
        return found if limit is None else found[: max(limit, 0)]

    @user_tool()
    @pare_event_registered()
    def switch_folder(self, folder_name: str) -> ReturnedEmails:
        """Show another folder: INBOX, SENT, DRAFT or TRASH.

        Args:
            folder_name: The folder to show.

        Returns:
            The first emails of that folder.
        """
        with disable_events():
            return self.app.list_emails(folder_name=folder_value(folder_name))

    @user_tool()
    @pare_event_registered()
    def start_compose(self) -> str:
        """Start writing a new email.

        Returns:
            A confirmation that the compose screen is open.
        """
        return "Compose screen opened"


class EmailDetail(AppState):
    """One open email and what can be done with it."""

    def __init__(self, email_id: str, folder_name: str = "INBOX") -> None:
        super().__init__()
        self.email_id = email_id
        self.folder_name = folder_value(folder_name)

    @property
    def email(self) -> Email:
        """The email shown (looked up without marking it read)."""
        return self.app.folders[EmailFolderName(self.folder_name)].get_email_by_id(self.email_id)

    @user_tool()
    @pare_event_registered()
    def refresh(self) -> Email:
        """Show the email again, with any change since it was opened.

        Returns:
            The email.
        """
        with disable_events():
            return self.app.get_email_by_id(email_id=self.email_id, folder_name=self.folder_name)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def reply(self, content: str = "", attachment_paths: list[str] | None = None) -> str:
        """Reply to the sender of this email straight away.

        Args:
            content: The text of the reply.
            attachment_paths: Files to attach.

        Returns:
            The id of the reply, filed in SENT.
        """
        with disable_events():
            return self.app.reply_to_email(
                email_id=self.email_id,
                folder_name=self.folder_name,
                content=content,
                attachment_paths=attachment_paths,
            )

    @user_tool()
    @pare_event_registered()
    def start_compose_reply(self) -> dict[str, object]:
        """Open a reply to this email in the compose screen, to edit it before sending.

        Returns:
            The prefilled draft (recipients, subject, the email answered).
        """
        email = self.email
        return {
            "draft": {
                "recipients": [self.app.reply_recipient(email)],
                "subject": f"Re: {email.subject}",
                "body": "",
                "reply_to": email.email_id,
                "folder_name": self.folder_name,
            }
        }

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def forward(self, recipients: list[str]) -> str:
        """Forward this email.

        Args:
            recipients: Email addresses to forward it to.

        Returns:
            The id of the forwarded copy, filed in SENT.
        """
        with disable_events():
            return self.app.forward_email(
                email_id=self.email_id, recipients=recipients, folder_name=self.folder_name
            )

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def move(self, destination_folder: str) -> str:
        """Move this email to another folder and return to the list.

        Args:
            destination_folder: INBOX, SENT, DRAFT or TRASH.

        Returns:
            The id of the moved email.
        """
        with disable_events():
            return self.app.move_email(
                email_id=self.email_id,
                source_folder_name=self.folder_name,
                dest_folder_name=folder_value(destination_folder),
            )

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def delete(self) -> str:
        """Delete this email (it goes to TRASH) and return to the list.

        Returns:
            The id of the deleted email.
        """
        with disable_events():
            return self.app.delete_email(email_id=self.email_id, folder_name=self.folder_name)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def download_attachments(self, path_to_save: str) -> list[str]:
        """Save this email's attachments to a folder of the phone's files.

        Args:
            path_to_save: The folder to save into, e.g. 'Downloads/'.

        Returns:
            The paths of the saved files.
        """
        with disable_events():
            return self.app.download_attachments(
                email_id=self.email_id, folder_name=self.folder_name, path_to_save=path_to_save
            )


class ComposeEmail(AppState):
    """The compose screen: edit a draft, then send, save or discard it."""

    def __init__(self, draft: ComposeDraft | None = None) -> None:
        super().__init__()
        self.draft = draft if draft is not None else ComposeDraft()

    @user_tool()
    @pare_event_registered()
    def set_recipients(self, recipients: list[str]) -> dict[str, object]:
        """Replace the 'To' addresses.

        Args:
            recipients: The email addresses.

        Returns:
            The draft's recipients.
        """
        self.draft.recipients = list(recipients)
        return {"recipients": list(self.draft.recipients)}

    @user_tool()
    @pare_event_registered()
    def add_recipient(self, recipient: str) -> dict[str, object]:
        """Add one 'To' address.

        Args:
            recipient: The email address.

        Returns:
            The draft's recipients.
        """
        if recipient not in self.draft.recipients:
            self.draft.recipients.append(recipient)
        return {"recipients": list(self.draft.recipients)}

    @user_tool()
    @pare_event_registered()
    def set_cc(self, cc: list[str]) -> dict[str, object]:
        """Replace the 'Cc' addresses.

        Args:
            cc: The email addresses.

        Returns:
            The draft's cc list.
        """
        self.draft.cc = list(cc)
        return {"cc": list(self.draft.cc)}

    @user_tool()
    @pare_event_registered()
    def set_subject(self, subject: str) -> dict[str, object]:
        """Set the subject line.

        Args:
            subject: The subject.

        Returns:
            The draft's subject.
        """
        self.draft.subject = subject
        return {"subject": subject}

    @user_tool()
    @pare_event_registered()
    def set_body(self, body: str) -> dict[str, object]:
        """Set the text of the email.

        Args:
            body: The text.

        Returns:
            The draft's text.
        """
        self.draft.body = body
        return {"body": body}

    @user_tool()
    @pare_event_registered()
    def attach_file(self, attachment_path: str) -> dict[str, object]:
        """Attach a file from the phone's files.

        Args:
            attachment_path: The path of the file.

        Returns:
            The draft's attachments.
        """
        self.app.check_attachment_exists(attachment_path)
        self.draft.attachments.append(attachment_path)
        return {"attachments": list(self.draft.attachments)}

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def send_composed_email(self) -> str:
        """Send the email and close the compose screen.

        Returns:
            The id of the sent email, filed in SENT.
        """
        with disable_events():
            return self.app.send_draft(self.draft)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def save_draft(self) -> str:
        """Save the email in DRAFT, unsent, and close the compose screen.

        Returns:
            The id of the saved draft.
        """
        with disable_events():
            return self.app.save_draft(self.draft)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def discard_draft(self) -> str:
        """Throw the draft away and close the compose screen.

        Returns:
            A confirmation.
        """
        self.draft = ComposeDraft()
        return "Draft discarded"
