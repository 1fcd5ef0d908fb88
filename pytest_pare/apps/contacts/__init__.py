"""The stateful contacts app and its screens (upstream ``pare.apps.contacts``)."""

from __future__ import annotations

from pytest_pare.apps.contacts.app import StatefulContactsApp, make_user_contact
from pytest_pare.apps.contacts.states import ContactDetail, ContactEdit, ContactsList

__all__ = [
    "ContactDetail",
    "ContactEdit",
    "ContactsList",
    "StatefulContactsApp",
    "make_user_contact",
]
