"""Screens of the contacts app: the list, one contact card, the edit form."""

from __future__ import annotations

from typing import Any

from are.simulation.apps.contacts import Contact
from are.simulation.tool_utils import OperationType
from are.simulation.types import disable_events

from pytest_pare.apps.core import AppState
from pytest_pare.apps.tool_decorators import pare_event_registered, user_tool

__all__ = ["ContactDetail", "ContactEdit", "ContactsList"]


class ContactsList(AppState):
    """All contacts, with search and a 'new contact' form (the app opens here)."""

    @user_tool()
    @pare_event_registered()
    def list_contacts(self, offset: int = 0) -> dict[str, Any]:
        """Show a page of contacts.

        Args:
            offset: Position of the first contact to show.

        Returns:
            The contacts shown, with their range and the total.
        """
        with disable_events():
            return self.app.get_contacts(offset=offset)

    @user_tool()
    @pare_event_registered()
    def search_contacts(self, query: str) -> list[Contact]:
        """Search contacts by name, phone number or email.

        Args:
            query: Text to look for (case-insensitive).

        Returns:
            The matching contacts.
        """
        with disable_events():
            return self.app.search_contacts(query=query)

    @user_tool()
    @pare_event_registered()
    def open_contact(self, contact_id: str) -> Contact:
        """Open a contact's card.

        Args:
            contact_id: The id of the contact.

        Returns:
            The contact.
        """
        with disable_events():
            return self.app.get_contact(contact_id=contact_id)

    @user_tool()
    @pare_event_registered()
    def view_current_user(self) -> Contact:
        """Open the user's own card.

        Returns:
            The user's contact.
        """
        with disable_events():
            return self.app.get_current_user_details()

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def create_contact(
        self,
        first_name: str,
        last_name: str,
        gender: str | None = None,
        age: int | None = None,
        nationality: str | None = None,
        city_living: str | None = None,
        country: str | None = None,
        status: str | None = None,
        job: str | None = None,
        description: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        address: str | None = None,
    ) -> str:
        """Save a new contact and open its card.

        Args:
            first_name: First name (required).
            last_name: Last name (required).
            gender: Male, Female, Other or Unknown.
            age: Age in years.
            nationality: Nationality.
            city_living: City where the person lives.
            country: Country where the person lives.
            status: Student, Employed, Unemployed, Retired or Unknown.
            job: Job title.
            description: A note about the person.
            phone: Phone number.
            email: Email address.
            address: Postal address.

        Returns:
            The id of the new contact.
        """
        with disable_events():
            return self.app.add_new_contact(
                first_name=first_name,
                last_name=last_name,
                gender=gender,
                age=age,
                nationality=nationality,
                city_living=city_living,
                country=country,
                status=status,
                job=job,
                description=description,
                phone=phone,
                email=email,
                address=address,
            )


class ContactDetail(AppState):
    """One contact's card."""

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id

    @user_tool()
    @pare_event_registered()
    def view_contact(self) -> Contact:
        """Show this contact's details.

        Returns:
            The contact.
        """
        with disable_events():
            return self.app.get_contact(contact_id=self.contact_id)

    @user_tool()
    @pare_event_registered()
    def start_edit_contact(self) -> Contact:
        """Open the edit form for this contact.

        Returns:
            The contact as it is now.
        """
        with disable_events():
            return self.app.get_contact(contact_id=self.contact_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def delete_contact(self) -> str:
        """Delete this contact and return to the list.

        Returns:
            A confirmation.
        """
        with disable_events():
            return self.app.delete_contact(contact_id=self.contact_id)


class ContactEdit(AppState):
    """The edit form of one contact."""

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id

    @user_tool()
    @pare_event_registered()
    def view_contact(self) -> Contact:
        """Show the contact being edited.

        Returns:
            The contact.
        """
        with disable_events():
            return self.app.get_contact(contact_id=self.contact_id)

    @user_tool()
    @pare_event_registered(operation_type=OperationType.WRITE)
    def update_contact(self, updates: dict[str, object]) -> str | None:
        """Save changes to this contact and return to its card.

        Args:
            updates: Field names and new values, e.g. {"phone": "555-0100", "job": "Nurse"}.

        Returns:
            A confirmation.
        """
        with disable_events():
            return self.app.edit_contact(contact_id=self.contact_id, updates=dict(updates))
