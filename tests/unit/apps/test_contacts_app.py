"""StatefulContactsApp: the user browses, creates, edits and deletes contacts through screens."""

from __future__ import annotations

import pytest
from are.simulation.apps.contacts import Contact

from pytest_pare.apps import StatefulContactsApp
from pytest_pare.apps.contacts import ContactDetail, ContactEdit, ContactsList


@pytest.fixture
def book(phone) -> StatefulContactsApp:
    app = StatefulContactsApp(name="Contacts")
    app.add_contact(Contact(contact_id="c-ann", first_name="Ann", last_name="Lee", phone="555-1"))
    phone.attach(app)
    return app


def test_every_instance_starts_with_its_own_john_doe_card():
    first, second = StatefulContactsApp(), StatefulContactsApp()
    user = first.get_current_user_details()
    assert (user.first_name, user.last_name, user.email, user.phone, user.address) == (
        "John",
        "Doe",
        "john@pare.com",
        "1234567890",
        "123 Main St, Anytown, USA",
    )
    user.address = "1 Elsewhere Rd"
    assert second.get_current_user_details().address == "123 Main St, Anytown, USA"
    assert first.contacts is not second.contacts


def test_a_contacts_dict_with_a_user_card_gets_no_second_one():
    mine = Contact(contact_id="me", first_name="Jo", last_name="Roe", is_user=True)
    app = StatefulContactsApp(contacts={"me": mine})
    assert [c.contact_id for c in app.contacts.values() if c.is_user] == ["me"]


def test_opening_a_contact_shows_its_card(book, phone):
    contact = phone.tap(book, "open_contact", contact_id="c-ann")
    assert contact.first_name == "Ann"
    assert isinstance(book.current_state, ContactDetail)
    assert book.current_state.contact_id == "c-ann"


def test_the_users_own_card_opens_from_the_list(book, phone):
    me = phone.tap(book, "view_current_user")
    assert book.current_state.contact_id == me.contact_id and me.is_user


def test_editing_a_contact_saves_and_returns_to_its_card(book, phone):
    phone.tap(book, "open_contact", contact_id="c-ann")
    phone.tap(book, "start_edit_contact")
    assert isinstance(book.current_state, ContactEdit)
    phone.tap(book, "update_contact", updates={"phone": "555-9", "job": "Nurse"})
    assert (book.contacts["c-ann"].phone, book.contacts["c-ann"].job) == ("555-9", "Nurse")
    assert isinstance(book.current_state, ContactDetail)
    assert [type(s) for s in book.navigation_stack] == [ContactsList]


def test_a_bad_update_is_refused_and_the_form_stays_open(book, phone):
    phone.tap(book, "open_contact", contact_id="c-ann")
    phone.tap(book, "start_edit_contact")
    with pytest.raises(AttributeError):
        phone.tap(book, "update_contact", updates={"shoe_size": 9})
    assert isinstance(book.current_state, ContactEdit)


def test_creating_a_contact_saves_it_and_opens_its_card(book, phone):
    new_id = phone.tap(book, "create_contact", first_name="Bo", last_name="Chen", email="bo@x.com")
    assert book.contacts[new_id].email == "bo@x.com"
    assert book.current_state.contact_id == new_id


def test_deleting_a_contact_removes_it_and_returns_to_the_list(book, phone):
    phone.tap(book, "open_contact", contact_id="c-ann")
    phone.tap(book, "delete_contact")
    assert "c-ann" not in book.contacts
    assert isinstance(book.current_state, ContactsList) and book.navigation_stack == []


def test_search_and_paging_stay_on_the_list(book, phone):
    assert [c.contact_id for c in phone.tap(book, "search_contacts", query="lee")] == ["c-ann"]
    assert phone.tap(book, "list_contacts")["metadata"]["total"] == 2
    assert isinstance(book.current_state, ContactsList)


def test_each_user_action_logs_exactly_one_user_event(book, phone):
    phone.tap(book, "open_contact", contact_id="c-ann")
    phone.tap(book, "start_edit_contact")
    phone.tap(book, "update_contact", updates={"job": "Chef"})
    assert phone.log() == [
        ("USER", "StatefulContactsApp", "open_contact"),
        ("USER", "StatefulContactsApp", "start_edit_contact"),
        ("USER", "StatefulContactsApp", "update_contact"),
    ]
    assert phone.events[-1].action.args == {"updates": {"job": "Chef"}}
