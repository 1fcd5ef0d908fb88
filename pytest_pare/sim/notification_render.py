"""Rendering a notification: template fields from an event, then the two texts.

A template's fields are the call's arguments (shown as text), its ``result``,
``app``, and derived names (``_RESOLVERS``) that turn ids into people, titles
and places by reading the registered apps' state. ``render_notification`` is
what ``pytest_pare.sim.notifications`` calls for every templated event.
"""

from __future__ import annotations

import inspect
import logging
from enum import Enum
from typing import Any

from are.simulation.types import AbstractEvent, Action, CompletedEvent, disable_events

from pytest_pare.sim.notification_templates import TEMPLATES

logger = logging.getLogger(__name__)

__all__ = ["render_notification", "template_fields"]


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
    user_template, assistant_template = pair
    # Name lookups read app state, some of them lazily while the templates are
    # filled (a note's title, say); they must not log events of their own.
    with disable_events():
        fields = template_fields(event, apps or {})
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
