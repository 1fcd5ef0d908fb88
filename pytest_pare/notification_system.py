"""PARENotificationSystem: what the simulated user and the assistant are told about events.

An environment event (an email arrives, a ride is cancelled) or an action on
the phone (an email sent, a note updated) becomes two messages: a short one
for the user's lock screen and a full one, with the ids the assistant needs
for its tools. The wording comes from ``TEMPLATES`` (below), keyed by app
family and function; an event without a template produces no notification at
all (upstream queued the literal text "None").
"""

from __future__ import annotations

import inspect
import logging
from dataclasses import replace
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Literal

from are.simulation.apps.agent_user_interface import AUIMessage, Sender
from are.simulation.notification_system import BaseNotificationSystem, Message, MessageType
from are.simulation.types import AbstractEvent, Action, CompletedEvent, EventType, disable_events

logger = logging.getLogger(__name__)

__all__ = ["Audience", "PAREMessageType", "PARENotificationSystem", "render_notification"]

Audience = Literal["user", "assistant"]


class PAREMessageType(Enum):
    """Kinds of queued messages; each is for the user or for the assistant (see ``AUDIENCE``)."""

    AGENT_MESSAGE = "AGENT_MESSAGE"  # the assistant wrote to the user (a proposal)
    USER_MESSAGE = "USER_MESSAGE"  # the user wrote to, accepted or rejected the assistant
    USER_ACTION = "USER_ACTION"  # the user did something on the phone (the assistant observes)
    ENVIRONMENT_NOTIFICATION_USER = "ENVIRONMENT_NOTIFICATION_USER"
    ENVIRONMENT_NOTIFICATION_AGENT = "ENVIRONMENT_NOTIFICATION_AGENT"
    ENVIRONMENT_STOP = "ENVIRONMENT_STOP"


AUDIENCE: dict[Any, frozenset[str]] = {
    PAREMessageType.AGENT_MESSAGE: frozenset({"user"}),
    PAREMessageType.ENVIRONMENT_NOTIFICATION_USER: frozenset({"user"}),
    PAREMessageType.USER_MESSAGE: frozenset({"assistant"}),
    PAREMessageType.USER_ACTION: frozenset({"assistant"}),
    PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT: frozenset({"assistant"}),
    PAREMessageType.ENVIRONMENT_STOP: frozenset({"user", "assistant"}),
    MessageType.ENVIRONMENT_STOP: frozenset({"user", "assistant"}),
    MessageType.ENVIRONMENT_NOTIFICATION: frozenset({"user", "assistant"}),
    MessageType.USER_MESSAGE: frozenset({"assistant"}),
}

_AUI_USER_REPLIES = {"accept_proposal": "[ACCEPT]", "reject_proposal": "[REJECT]"}

# -- templates ---------------------------------------------------------------
# (user text, assistant text) per app family (an ARE base class name, or our
# own app's class name) and function. Fields: every argument of the call, the
# call's ``result``, ``app`` (the app's name), and the derived names below
# (``_RESOLVERS``), which turn ids into people, titles and places.

_EMAIL = {
    "create_and_add_email": (
        "New email from {sender_name}: {subject}",
        "New email in {folder_name} (email id {result}) from {sender_name} <{sender}> "
        "to {recipient_names}. Subject: {subject}. Content: {content}",
    ),
    "create_and_add_email_with_time": (
        "New email from {sender_name}: {subject}",
        "New email in {folder_name} (email id {result}) from {sender_name} <{sender}>, "
        "dated {email_time}. Subject: {subject}. Content: {content}",
    ),
    "send_email_to_user_only": (
        "New email from {sender_name}: {subject}",
        "New email in INBOX (email id {result}) from {sender_name} <{sender}>. "
        "Subject: {subject}. Content: {content}",
    ),
    "send_email_to_user_with_id": (
        "New email from {sender_name}: {subject}",
        "New email in INBOX (email id {email_id}) from {sender_name} <{sender}>. "
        "Subject: {subject}. Content: {content}. Attachments: {attachment_paths}",
    ),
    "reply_to_email_from_user": (
        "{sender_name} replied: {content_short}",
        "{sender_name} <{sender}> replied to email {email_id} (reply email id {result}, "
        "in INBOX): {content}",
    ),
    "add_email": (
        "New email from {email_sender_name}: {email_subject}",
        "Email {email_email_id} from {email_sender_name} <{email_sender}> filed in "
        "{folder_name}. Subject: {email_subject}. Content: {email_content}",
    ),
    "send_email_to_user": (
        "New email from {email_sender_name}: {email_subject}",
        "New email in INBOX (email id {email_email_id}) from {email_sender_name} "
        "<{email_sender}>. Subject: {email_subject}. Content: {email_content}",
    ),
    "send_email": (
        "Email sent to {recipient_names}: {subject}",
        "Email sent (email id {result}, in SENT) to {recipients}; cc {cc}. "
        "Subject: {subject}. Content: {content}. Attachments: {attachment_paths}",
    ),
    "reply_to_email": (
        "Reply sent to {original_sender_name}",
        "Reply (email id {result}) sent to {original_sender_name} for email {email_id} "
        "in {folder_name}: {content}. Attachments: {attachment_paths}",
    ),
    "forward_email": (
        "Email forwarded to {recipient_names}",
        "Email {email_id} from {folder_name} forwarded to {recipients} (new email id {result})",
    ),
    "delete_email": (
        "An email was deleted",
        "Email {email_id} deleted from {folder_name}",
    ),
    "move_email": (
        "An email was moved to {dest_folder_name}",
        "Email {email_id} moved from {source_folder_name} to {dest_folder_name}",
    ),
    "download_attachments": (
        "Email attachments saved to {path_to_save}",
        "Attachments of email {email_id} ({folder_name}) saved: {result}",
    ),
}

_MESSAGING = {
    "create_and_add_message": (
        "{sender_person}: {content_short}",
        "New message from {sender_person} (user id {sender_id}) in {conversation} "
        "(conversation id {conversation_id}): {content}",
    ),
    "add_message": (
        "{sender_person}: {content_short}",
        "New message from {sender_person} (user id {sender_id}) in {conversation} "
        "(conversation id {conversation_id}): {content}",
    ),
    "send_message": (
        "Message sent to {user_name}: {content_short}",
        "Message sent to {user_name} (user id {user_id}, conversation id {result}): {content}",
    ),
    "send_message_to_group_conversation": (
        "Message sent to {conversation}: {content_short}",
        "Message sent to {conversation} (conversation id {conversation_id}): {content}",
    ),
    "create_group_conversation": (
        "New group conversation with {participants}",
        "Group conversation {title} created with {participants} (user ids {user_ids}; "
        "conversation id {result})",
    ),
    "add_conversation": (
        "New conversation with {conversation_participants}",
        "Conversation {conversation_title} (conversation id {conversation_conversation_id}) "
        "with {conversation_participants} added",
    ),
    "add_participant_to_conversation": (
        "{user_name} was added to {conversation}",
        "{user_name} (user id {user_id}) added to {conversation} "
        "(conversation id {conversation_id})",
    ),
    "remove_participant_from_conversation": (
        "{user_name} was removed from {conversation}",
        "{user_name} (user id {user_id}) removed from {conversation} "
        "(conversation id {conversation_id})",
    ),
    "change_conversation_title": (
        "Conversation renamed to {title}",
        "Conversation {conversation_id} renamed to {title}",
    ),
    "download_attachment": (
        "Attachment saved to {download_path}",
        "Attachment of message {message_id} in conversation {conversation_id} saved: {result}",
    ),
}

_CALENDAR = {
    "add_calendar_event_by_attendee": (
        '{who_add} added "{title}" to your calendar ({start_datetime})',
        '{who_add} added calendar event "{title}" (event id {result}) from {start_datetime} '
        "to {end_datetime}; location {location}; attendees {attendees}; {description}",
    ),
    "delete_calendar_event_by_attendee": (
        "{who_delete} cancelled a calendar event",
        "{who_delete} deleted calendar event {event_id}",
    ),
    "add_calendar_event": (
        'Calendar event "{title}" added ({start_datetime})',
        'Calendar event "{title}" (event id {result}) added from {start_datetime} to '
        "{end_datetime}; location {location}; attendees {attendees}; tag {tag}; {description}",
    ),
    "delete_calendar_event": (
        "A calendar event was deleted",
        "Calendar event {event_id} deleted",
    ),
    "edit_calendar_event": (
        'Calendar event "{event_title}" updated',
        'Calendar event {event_id} ("{event_title}") updated: {changes}',
    ),
    "set_calendar_event": (
        'Calendar event "{event_title}" saved',
        'Calendar event "{event_title}" (event id {event_event_id}) saved',
    ),
}

_CONTACTS = {
    "add_new_contact": (
        "New contact: {first_name} {last_name}",
        "Contact {first_name} {last_name} added (contact id {result}); phone {phone}, "
        "email {email}, address {address}",
    ),
    "add_contact": (
        "New contact: {contact_name}",
        "Contact {contact_name} added (contact id {result})",
    ),
    "edit_contact": (
        "Contact {contact_name} updated",
        "Contact {contact_name} (contact id {contact_id}) updated: {updates}",
    ),
    "delete_contact": (
        "A contact was deleted",
        "Contact {contact_id} deleted",
    ),
}

_SHOPPING = {
    "add_product": (
        "New in the shop: {name}",
        "Product {name} added to the catalogue (product id {result})",
    ),
    "add_item_to_product": (
        "New option for {product_name}: {price}",
        "New variant of {product_name} (product id {product_id}; item id {result}): "
        "price {price}, options {options}, available {available}",
    ),
    "add_discount_code": (
        "New discount on {item_product_name}",
        "Discount codes {discount_code} now apply to item {item_id} ({item_product_name})",
    ),
    "update_item": (
        "{item_product_name} was updated",
        "Item {item_id} ({item_product_name}) updated: {changes}",
    ),
    "cancel_order": (
        "An order was cancelled",
        "Order {order_id} cancelled",
    ),
    "update_order_status": (
        "Your order is now {status}",
        "Order {order_id} status changed to {status}",
    ),
    "add_to_cart": (
        "{item_product_name} added to the cart",
        "{quantity} x item {item_id} ({item_product_name}) added to the cart",
    ),
    "remove_from_cart": (
        "{item_product_name} removed from the cart",
        "{quantity} x item {item_id} ({item_product_name}) removed from the cart",
    ),
    "checkout": (
        "Order placed",
        "Cart checked out as order {result} (discount code {discount_code})",
    ),
}

_REMINDER = {
    "add_reminder": (
        "Reminder set: {title} ({due_datetime})",
        'Reminder "{title}" (reminder id {result}) due {due_datetime}, repeats '
        "{repetition_value} {repetition_unit}: {description}",
    ),
    "update_reminder": (
        "Reminder updated: {title} ({due_datetime})",
        'Reminder {reminder_id} now "{title}" due {due_datetime}, repeats '
        "{repetition_value} {repetition_unit}: {description}",
    ),
    "delete_reminder": (
        "A reminder was deleted",
        "Reminder {reminder_id} deleted",
    ),
    "delete_all_reminders": (
        "All reminders were deleted",
        "All reminders deleted",
    ),
}

_CAB = {
    "cancel_ride": (
        "Your ride was cancelled by the {who_cancel}",
        "The {ride} was cancelled by the {who_cancel}. Message: {message}",
    ),
    "user_cancel_ride": (
        "Your ride was cancelled",
        "The {ride} was cancelled by the user",
    ),
    "end_ride": (
        "Your ride has ended",
        "The {ride} has ended",
    ),
    "update_ride_status": (
        "Your ride is now {status}",
        "The {ride} is now {status}. Message: {message}",
    ),
    "order_ride": (
        "{service_type} ride booked to {end_location}",
        "{service_type} ride booked from {start_location} to {end_location} for {ride_when}: "
        "{result}",
    ),
    "add_new_ride": (
        "Ride to {end_location} added to your history",
        "Past {service_type} ride from {start_location} to {end_location} (price {price}) "
        "added (ride id {result})",
    ),
}

_APARTMENT = {
    "add_new_apartment": (
        "New listing: {name} in {location}",
        "New apartment listing {name} (apartment id {result}) in {location} {zip_code}: "
        "price {price}, {number_of_bedrooms} bedrooms, {number_of_bathrooms} bathrooms, "
        "{square_footage} sq ft, {property_type}, {furnished_status}, pets {pet_policy}, "
        "lease {lease_term}, amenities {amenities}",
    ),
    "update_apartment": (
        "Price change for {apartment_name}: {new_price}",
        "Apartment {apartment_id} ({apartment_name}) price is now {new_price}",
    ),
    "delete_apartment": (
        "A listing was removed",
        "Apartment listing {apartment_id} removed",
    ),
    "save_apartment": (
        "{apartment_name} saved to favourites",
        "Apartment {apartment_id} ({apartment_name}) saved to favourites",
    ),
    "remove_saved_apartment": (
        "{apartment_name} removed from favourites",
        "Apartment {apartment_id} ({apartment_name}) removed from favourites",
    ),
}

_NOTES = {
    "create_note": (
        "Note created: {title}",
        'Note "{title}" (note id {result}) created in {folder}: {content}',
    ),
    "create_note_with_time": (
        "Note created: {title}",
        'Note "{title}" (note id {result}) created in {folder} at {created_at}: {content}',
    ),
    "update_note": (
        "Note updated: {note_title}",
        'Note {note_id} ("{note_title}") updated: {changes}',
    ),
    "delete_note": ("A note was deleted", "Note {note_id} deleted"),
    "move_note": (
        "Note {note_title} moved to {dest_folder_name}",
        "Note {note_id} moved from {source_folder_name} to {dest_folder_name}",
    ),
    "duplicate_note": (
        "Note {note_title} duplicated",
        "Note {note_id} duplicated in {folder_name} (new note id {result})",
    ),
    "add_attachment_to_note": (
        "File attached to note {note_title}",
        '{attachment_path} attached to note {note_id} ("{note_title}")',
    ),
    "remove_attachment": (
        "Attachment removed from note {note_title}",
        'Attachment {attachment} removed from note {note_id} ("{note_title}")',
    ),
    "new_folder": ("Notes folder {folder_name} created", "Notes folder {folder_name} created"),
    "rename_folder": (
        "Notes folder {folder} renamed to {new_folder}",
        "Notes folder {folder} renamed to {new_folder}",
    ),
    "delete_folder": ("Notes folder {folder_name} deleted", "Notes folder {folder_name} deleted"),
}

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "EmailClientApp": _EMAIL,
    "MessagingAppV2": _MESSAGING,
    "CalendarApp": _CALENDAR,
    "ContactsApp": _CONTACTS,
    "ShoppingApp": _SHOPPING,
    "ReminderApp": _REMINDER,
    "CabApp": _CAB,
    "ApartmentListingApp": _APARTMENT,
    "StatefulNotesApp": _NOTES,
}


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_show(v) for v in value) or "none"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _person_by_address(address: Any, apps: dict[str, Any]) -> str:
    for app in apps.values():
        for contact in (getattr(app, "contacts", None) or {}).values():
            if getattr(contact, "email", None) == address:
                return f"{contact.first_name} {contact.last_name}"
    return _show(address)


def _person_by_user_id(app: Any, user_id: Any, apps: dict[str, Any]) -> str:
    if user_id is not None and user_id == getattr(app, "current_user_id", None):
        return "you"
    name = (getattr(app, "id_to_name", None) or {}).get(user_id)
    if name:
        return str(name)
    for other in apps.values():  # messaging ids may be phone numbers
        for contact in (getattr(other, "contacts", None) or {}).values():
            if getattr(contact, "phone", None) == user_id:
                return f"{contact.first_name} {contact.last_name}"
    return "an unknown sender"


def _conversation_label(app: Any, conversation: Any, apps: dict[str, Any]) -> str:
    if conversation is None:
        return "a conversation"
    others = [
        _person_by_user_id(app, uid, apps)
        for uid in sorted(conversation.participant_ids)
        if uid != getattr(app, "current_user_id", None)
    ]
    title = conversation.title or ""
    if title and title != ", ".join(conversation.participant_ids):
        return f'"{title}"'
    return "your conversation with " + (", ".join(others) or "yourself")


def _email_by_id(app: Any, email_id: Any) -> Any:
    for folder in (getattr(app, "folders", None) or {}).values():
        for email in getattr(folder, "emails", []):
            if email.email_id == email_id:
                return email
    return None


def _item_product(app: Any, item_id: Any) -> str:
    for product in (getattr(app, "products", None) or {}).values():
        if item_id in product.variants:
            return product.name
    return "an item"


def _note_title(app: Any, note_id: Any) -> str:
    try:
        return str(app.get_note_by_id(note_id).title)
    except Exception:  # deleted or unknown: the user text stays generic
        return "(deleted note)"


def _ride(app: Any) -> str:
    ride = getattr(app, "on_going_ride", None) or (getattr(app, "ride_history", None) or [None])[-1]
    if ride is None:
        return "ride"
    return f"{ride.service_type} ride from {ride.start_location} to {ride.end_location}"


def _changes(args: dict[str, Any]) -> str:
    # Edit tools take None for "unchanged": list only what the call changed.
    changed = [
        f"{name.removeprefix('new_')} {_show(value)}"
        for name, value in args.items()
        if value is not None and not name.endswith("_id")
    ]
    return "; ".join(changed) or "nothing changed"


_RESOLVERS: dict[str, Any] = {
    "changes": lambda e, a, x: _changes(x),
    "ride_when": lambda e, a, x: x.get("ride_time") or "now",
    "sender_name": lambda e, a, x: _person_by_address(x.get("sender"), a),
    "email_sender_name": lambda e, a, x: _person_by_address(
        getattr(x.get("email"), "sender", None), a
    ),
    "recipient_names": lambda e, a, x: (
        ", ".join(_person_by_address(r, a) for r in x.get("recipients") or []) or "none"
    ),
    "original_sender_name": lambda e, a, x: _person_by_address(
        getattr(_email_by_id(e.action.app, x.get("email_id")), "sender", None), a
    ),
    "content_short": lambda e, a, x: (lambda c: c if len(c) <= 80 else c[:77] + "...")(
        _show(x.get("content", ""))
    ),
    "sender_person": lambda e, a, x: _person_by_user_id(e.action.app, x.get("sender_id"), a),
    "user_name": lambda e, a, x: _person_by_user_id(e.action.app, x.get("user_id"), a),
    "participants": lambda e, a, x: ", ".join(
        _person_by_user_id(e.action.app, u, a) for u in x.get("user_ids") or []
    ),
    "conversation": lambda e, a, x: _conversation_label(
        e.action.app,
        (getattr(e.action.app, "conversations", None) or {}).get(x.get("conversation_id")),
        a,
    ),
    "conversation_participants": lambda e, a, x: ", ".join(
        _person_by_user_id(e.action.app, u, a)
        for u in sorted(x["conversation"].participant_ids)
        if u != getattr(e.action.app, "current_user_id", None)
    ),
    "event_title": lambda e, a, x: (
        x["event"].title
        if x.get("event") is not None and hasattr(x["event"], "title")
        else getattr(
            (getattr(e.action.app, "events", None) or {}).get(x.get("event_id")), "title", ""
        )
    ),
    "contact_name": lambda e, a, x: (
        lambda c: f"{c.first_name} {c.last_name}" if c is not None else "(deleted contact)"
    )(x.get("contact") or (getattr(e.action.app, "contacts", None) or {}).get(x.get("contact_id"))),
    "product_name": lambda e, a, x: getattr(
        (getattr(e.action.app, "products", None) or {}).get(x.get("product_id")),
        "name",
        "a product",
    ),
    "item_product_name": lambda e, a, x: _item_product(e.action.app, x.get("item_id")),
    "apartment_name": lambda e, a, x: getattr(
        (getattr(e.action.app, "apartments", None) or {}).get(x.get("apartment_id")),
        "name",
        "(removed listing)",
    ),
    "note_title": lambda e, a, x: _note_title(e.action.app, x.get("note_id")),
    "ride": lambda e, a, x: _ride(e.action.app),
}


def _with_defaults(event: CompletedEvent) -> dict[str, Any]:
    # Events built with Event.from_function carry only the arguments given.
    args = {k: v for k, v in event.get_args().items() if k != "self"}
    try:
        parameters = inspect.signature(event.action.function).parameters.values()
    except (TypeError, ValueError):
        return args
    for parameter in parameters:
        if parameter.name not in args and parameter.default is not inspect.Parameter.empty:
            args[parameter.name] = parameter.default
    return args


class _Fields(dict):
    """Template fields: arguments shown as text, derived names resolved on first use."""

    def __init__(self, event: CompletedEvent, apps: dict[str, Any]) -> None:
        self._event, self._apps = event, apps
        self._args = _with_defaults(event)
        super().__init__({k: _show(v) for k, v in self._args.items()})
        self["result"] = _show(event.metadata.return_value if event.metadata else None)
        self["app"] = _show(getattr(event.action.app, "name", ""))

    def __missing__(self, key: str) -> str:
        if key in _RESOLVERS:
            value = _show(_RESOLVERS[key](self._event, self._apps, self._args))
        elif "_" in key and key.split("_", 1)[0] in self._args:
            # "email_subject" reads .subject of the ``email`` argument, and so on.
            owner, attribute = key.split("_", 1)
            value = _show(getattr(self._args[owner], attribute, ""))
        else:
            raise KeyError(f"notification template field {key!r} is unknown")
        self[key] = value
        return value


def template_fields(event: CompletedEvent, apps: dict[str, Any]) -> dict[str, str]:
    """The fields a template of ``event`` may use (resolved lazily)."""
    return _Fields(event, apps)


def _family(app: Any) -> dict[str, tuple[str, str]] | None:
    # Our apps subclass ARE's (StatefulEmailApp -> EmailClientV2 -> EmailClientApp),
    # so the first class in the MRO with templates gives the app's family.
    for klass in type(app).__mro__:
        templates = TEMPLATES.get(klass.__name__)
        if templates is not None:
            return templates
    return None


def render_notification(
    event: AbstractEvent, apps: dict[str, Any] | None = None
) -> tuple[str, str] | None:
    """Render the (user, assistant) texts of an event, or None when it has no template.

    Args:
        event: a completed event whose action is an app call.
        apps: the registered apps by name, used to name people instead of ids.

    Returns:
        The short user text and the full assistant text, or None.
    """
    if not isinstance(event, CompletedEvent) or not isinstance(event.action, Action):
        return None
    if event.metadata is not None and event.metadata.exception is not None:
        return None  # a call that failed changed nothing worth notifying
    templates = _family(event.action.app)
    if templates is None:
        return None
    pair = templates.get(event.function_name() or "")
    if pair is None:
        return None
    # Name lookups read app state; they must not log events of their own.
    with disable_events():
        fields = template_fields(event, apps or {})
    user_template, assistant_template = pair
    try:
        return user_template.format_map(fields), assistant_template.format_map(fields)
    except (KeyError, AttributeError, TypeError) as exc:
        # A wording problem must never break a run; the template tests catch it.
        logger.warning(
            "Notification template %s.%s failed: %s",
            type(event.action.app).__name__,
            event.function_name(),
            exc,
        )
        return None


class PARENotificationSystem(BaseNotificationSystem):
    """ARE's notification system, with separate messages for the user and the assistant."""

    def __init__(self) -> None:
        super().__init__()
        self.apps: dict[str, Any] = {}
        # Every message produced, in order; agents consume the queue, traces read this.
        self.history: list[Message] = []
        self._taken_by: dict[int, set[str]] = {}  # id(message) -> audiences that took it

    def _emit(self, message: Message) -> None:
        self.history.append(message)
        self.message_queue.put(message)

    def attach_apps(self, apps: dict[str, Any]) -> None:
        """Give the system the registered apps, so messages can name people."""
        self.apps = apps

    def _put_pair(self, message: Message) -> None:
        self._emit(replace(message, message_type=PAREMessageType.ENVIRONMENT_NOTIFICATION_USER))
        self._emit(replace(message, message_type=PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT))

    def _now(self) -> tuple[float, datetime]:
        now = self.get_current_time()
        return now, datetime.fromtimestamp(now, tz=UTC)

    def handle_time_based_notifications(self) -> None:
        if self.reminder_app is None:
            return
        # ARE's check logs a get_due_reminders event on every tick, which makes
        # the event log depend on the tick schedule; the check is not an action.
        with disable_events():
            due = self.reminder_app.get_due_reminders()
        new_due = [reminder for reminder in due if not reminder.already_notified]
        if new_due:
            message = self.convert_reminders_to_message(new_due)
            if message is not None:
                self._put_pair(message)

    def handle_timeout_after_events(self) -> None:
        if self.system_app is None:
            return
        _, stamp = self._now()
        if self.message_queue.has_new_messages(timestamp=stamp):
            self.system_app.reset_wait_for_notification_timeout()
            return
        timeout = self.system_app.get_wait_for_notification_timeout()
        if timeout is not None:
            message = self.convert_wait_for_notification_timeout_to_message(timeout)
            if message is not None:
                self._put_pair(message)
            self.system_app.reset_wait_for_notification_timeout()

    def handle_event(self, event: AbstractEvent) -> None:
        if not self._initialized:
            raise ValueError(
                "Notification system is not initialised: call initialize(time_manager)."
            )
        for message in self.convert_to_messages(event):
            self._emit(message)

    def convert_to_message(self, event: AbstractEvent) -> Message | None:
        """ARE's single-message hook: the first message for this event, if any."""
        messages = self.convert_to_messages(event)
        return messages[0] if messages else None

    def convert_to_messages(self, event: AbstractEvent) -> list[Message]:
        """The messages an event produces: none, one, or a user/assistant pair."""
        if not isinstance(event, CompletedEvent) or not isinstance(event.action, Action):
            return []
        now, stamp = self._now()
        class_names = {klass.__name__ for klass in type(event.action.app).__mro__}
        function = event.function_name() or ""
        args = event.get_args()
        if "AgentUserInterface" in class_names:
            if function == "send_message_to_user" and event.metadata.exception is None:
                text = str(
                    AUIMessage(sender=Sender.AGENT, content=args.get("content", ""), timestamp=now)
                )
                return [Message(PAREMessageType.AGENT_MESSAGE, text, stamp)]
            if function in _AUI_USER_REPLIES or function == "send_message_to_agent":
                content = args.get("content", "") or ""
                prefix = _AUI_USER_REPLIES.get(function)
                body = f"{prefix}: {content}" if prefix else content
                text = str(
                    AUIMessage(sender=Sender.USER, content=body, timestamp=now, time_read=now)
                )
                return [Message(PAREMessageType.USER_MESSAGE, text, stamp)]
            return []
        if event.event_type == EventType.USER:
            # The user knows what they tapped; the assistant observes it. Screen
            # tools are not env or write tools of an app, so they have no template
            # and are described by name and arguments.
            shown = ", ".join(f"{k}={v!r}" for k, v in args.items() if k != "self")
            text = f"{event.app_class_name()}__{function}({shown})"
            return [Message(PAREMessageType.USER_ACTION, text, stamp)]
        rendered = render_notification(event, self.apps)
        if rendered is None:
            return []
        user_text, assistant_text = rendered
        return [
            Message(PAREMessageType.ENVIRONMENT_NOTIFICATION_USER, user_text, stamp),
            Message(PAREMessageType.ENVIRONMENT_NOTIFICATION_AGENT, assistant_text, stamp),
        ]

    def get_messages_for(self, audience: Audience, timestamp: datetime) -> list[Message]:
        """Take the messages for ``audience`` due by ``timestamp``; leave the others queued.

        Args:
            audience: "user" or "assistant".
            timestamp: messages stamped at or before this time are taken.

        Returns:
            The messages, oldest first.
        """
        if audience not in ("user", "assistant"):
            raise ValueError(f"audience must be 'user' or 'assistant', got {audience!r}")
        mine: list[Message] = []
        for message in self.message_queue.get_by_timestamp(timestamp):
            audiences = AUDIENCE.get(message.message_type, frozenset())
            # A message for both audiences (ENVIRONMENT_STOP) stays queued until
            # each has taken it once.
            taken = self._taken_by.setdefault(id(message), set())
            if audience in audiences and audience not in taken:
                taken.add(audience)
                mine.append(message)
            if audiences - taken:
                self.message_queue.put(message)
            else:
                del self._taken_by[id(message)]
        return mine
