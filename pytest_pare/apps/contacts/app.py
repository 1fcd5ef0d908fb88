"""``StatefulContactsApp``: ARE's ContactsApp with list / card / edit screens."""

from __future__ import annotations

from are.simulation.apps.contacts import Contact, ContactsApp, Gender, Status
from are.simulation.utils import uuid_hex

from pytest_pare.apps.contacts.states import ContactDetail, ContactEdit, ContactsList
from pytest_pare.apps.core import StatefulApp, UserAction

__all__ = ["StatefulContactsApp", "make_user_contact"]


def make_user_contact(contact_id: str) -> Contact:
    """The simulated user's own card (John Doe), a new object on every call."""
    return Contact(
        contact_id=contact_id,
        first_name="John",
        last_name="Doe",
        email="john@pare.com",
        phone="1234567890",
        address="123 Main St, Anytown, USA",
        city_living="Anytown",
        country="USA",
        is_user=True,
        gender=Gender.MALE,
        age=30,
        nationality="American",
        status=Status.STUDENT,
    )


class StatefulContactsApp(StatefulApp, ContactsApp):
    """Contacts with screens: ``ContactsList`` (root), ``ContactDetail``, ``ContactEdit``.

    Every instance starts with its own copy of the user's card (John Doe,
    ``is_user=True``), added without logging an event, so scenarios that edit it
    never affect another instance.
    """

    def __init__(
        self,
        name: str | None = None,
        view_limit: int = 10,
        contacts: dict[str, Contact] | None = None,
    ) -> None:
        super().__init__(
            name=name,
            view_limit=view_limit,
            contacts={} if contacts is None else contacts,
        )
        if not any(contact.is_user for contact in self.contacts.values()):
            user = make_user_contact(uuid_hex(self.rng))
            self.contacts[user.contact_id] = user

    def create_root_state(self) -> ContactsList:
        """The contact list."""
        return ContactsList()

    def transition(self, action: UserAction) -> None:
        """List -> card (open, own card, new contact); card -> edit form; back after save/delete."""
        state = self.current_state
        name = action.function_name
        if isinstance(state, ContactsList):
            if name == "open_contact":
                self.set_current_state(ContactDetail(action.args["contact_id"]))
            elif name == "view_current_user" and isinstance(action.result, Contact):
                self.set_current_state(ContactDetail(action.result.contact_id))
            elif name == "create_contact" and isinstance(action.result, str):
                self.set_current_state(ContactDetail(action.result))
        elif isinstance(state, ContactDetail):
            if name == "start_edit_contact":
                self.set_current_state(ContactEdit(state.contact_id))
            elif name == "delete_contact":
                # The card's contact is gone: back to where the user came from.
                self._back_or_root()
        elif isinstance(state, ContactEdit) and name == "update_contact":
            self._return_to_card(state.contact_id)

    def _return_to_card(self, contact_id: str) -> None:
        # Saving an edit shows the contact's card again: the one the form was opened
        # from when it is just below on the stack, else a new card on top.
        below = self.navigation_stack[-1] if self.navigation_stack else None
        if isinstance(below, ContactDetail) and below.contact_id == contact_id:
            self.navigate_back()
        else:
            self.set_current_state(ContactDetail(contact_id))
