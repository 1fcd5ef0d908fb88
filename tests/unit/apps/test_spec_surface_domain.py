"""Calendar, shopping, reminder, notes, cab and apartment classes match the spec tables.

Rows are copied from ../shared/spec/pare-api-surface.md (sections 3.4, 3.6-3.10, 3.14
and 4.2); see conftest.py for the row format. One deliberate difference: the
default of ``create_note_with_time(created_at=...)`` is None (the app's simulated
time), where upstream computed a wall-clock string at import.

The last test drives each app on the real environment (open, leave, resume).
"""

# Rows are spec text copied verbatim, so they keep the spec's long lines.
# ruff: noqa: E501

from __future__ import annotations

import importlib

import pytest

import pytest_pare.apps as apps
from pytest_pare.apps import (
    HomeScreenSystemApp,
    StatefulApartmentApp,
    StatefulCabApp,
    StatefulCalendarApp,
    StatefulNotesApp,
    StatefulReminderApp,
    StatefulShoppingApp,
)
from pytest_pare.apps.apartment import (
    ApartmentDetail,
    ApartmentFavorites,
    ApartmentHome,
    ApartmentSearch,
)
from pytest_pare.apps.cab import CabHome, CabQuotationDetail, CabRideDetail, CabServiceOptions
from pytest_pare.apps.calendar import AgendaView, EditDraft, EditEvent, EventDetail
from pytest_pare.apps.note import EditNote, FolderList, Note, NoteDetail, NoteList
from pytest_pare.apps.reminder import EditReminder, ReminderDetail, ReminderList
from pytest_pare.apps.shopping import (
    CartView,
    OrderDetailView,
    OrderListView,
    ProductDetail,
    ProductSearchResults,
    ShoppingHome,
    VariantDetail,
)
from pytest_pare.environment import StateAwareEnvironmentWrapper

CAL, SHOP, REM = StatefulCalendarApp, StatefulShoppingApp, StatefulReminderApp
NOTES, CAB, APT = StatefulNotesApp, StatefulCabApp, StatefulApartmentApp

METHOD_ROWS = [
    (
        CAL,
        "add_calendar_event",
        "title: str = 'Event', start_datetime: str | None = None, end_datetime: str | None = None, tag: str | None = None, description: str | None = None, location: str | None = None, attendees: list[str] | None = None",
        "app+data",
        "W",
    ),
    (
        CAL,
        "add_calendar_event_by_attendee",
        "who_add: str, title: str = 'Event', start_datetime: str | None = None, end_datetime: str | None = None, tag: str | None = None, description: str | None = None, location: str | None = None, attendees: list[str] | None = None",
        "env+data",
        "W",
    ),
    (CAL, "add_event", "event: Any", "plain", "-"),
    (CAL, "delete_calendar_event", "event_id: str", "app+data", "W"),
    (CAL, "delete_calendar_event_by_attendee", "event_id: str, who_delete: str", "env", "W"),
    (
        CAL,
        "edit_calendar_event",
        "event_id: str, title: str | None = None, start_datetime: str | None = None, end_datetime: str | None = None, tag: str | None = None, description: str | None = None, location: str | None = None, attendees: list[str] | None = None",
        "app+data",
        "R",
    ),
    (CAL, "get_calendar_event", "event_id: str", "app", "R"),
    (
        CAL,
        "get_calendar_events_from_to",
        "start_datetime: str, end_datetime: str, offset: int = 0, limit: int = 10",
        "app",
        "R",
    ),
    (CAL, "read_today_calendar_events", "", "app", "R"),
    (CAL, "search_events", "query: str", "app+data", "R"),
    (CAL, "set_calendar_event", "event: CalendarEvent | dict[str, Any]", "plain", "W"),
    (SHOP, "add_discount_code", "item_id: str, discount_code: dict[str, float]", "env+data", "W"),
    (
        SHOP,
        "add_item_to_product",
        "product_id: str, price: float, options: dict[str, Any] = {}, available: bool = True",
        "env+data",
        "W",
    ),
    (
        SHOP,
        "add_order",
        "order_id: str, order_status: str, order_date: float, order_total: float, item_id: str, quantity: int",
        "data",
        "-",
    ),
    (
        SHOP,
        "add_order_multiple_items",
        "order_id: str, order_status: str, order_date: float, order_total: float, items: dict[str, int]",
        "data",
        "-",
    ),
    (SHOP, "add_product", "name: str", "env+data", "W"),
    (SHOP, "add_to_cart", "item_id: str, quantity: int = 1", "app", "W"),
    (SHOP, "cancel_order", "order_id: str", "app+env", "W"),
    (SHOP, "checkout", "discount_code: str | None = None", "app", "W"),
    (SHOP, "get_discount_code_info", "discount_code: str = ''", "app", "R"),
    (SHOP, "get_order_details", "order_id: str", "app", "R"),
    (SHOP, "get_product_details", "product_id: str", "app+data", "R"),
    (SHOP, "list_all_products", "offset: int = 0, limit: int = 10", "app+data", "R"),
    (SHOP, "list_cart", "", "app", "R"),
    (SHOP, "list_orders", "", "app", "R"),
    (SHOP, "load_products_from_dict", "products", "plain", "-"),
    (SHOP, "remove_from_cart", "item_id: str, quantity: int = 1", "app", "W"),
    (
        SHOP,
        "search_product",
        "product_name: str, offset: int = 0, limit: int = 10",
        "app+data",
        "R",
    ),
    (
        SHOP,
        "update_item",
        "item_id: str, new_price: float | None = None, new_availability: bool | None = None",
        "env+data",
        "W",
    ),
    (SHOP, "update_order_status", "order_id: str, status: str = 'shipped'", "env", "W"),
    (
        REM,
        "add_reminder",
        "title: str, due_datetime: str, description: str, repetition_unit: str | None = None, repetition_value: int | None = 1",
        "app",
        "W",
    ),
    (REM, "delete_reminder", "reminder_id: str", "app", "W"),
    (REM, "get_all_reminders", "", "app", "R"),
    (REM, "get_due_reminders", "", "app", "R"),
    (
        REM,
        "update_reminder",
        "reminder_id: str, title: str, description: str, due_datetime: str, repetition_unit: str | None, repetition_value: int | None",
        "app",
        "W",
    ),
    (NOTES, "add_attachment_to_note", "note_id: str, attachment_path: str", "app", "W"),
    (
        NOTES,
        "create_note",
        "folder: str = 'Inbox', title: str = '', content: str = '', pinned: bool = False",
        "app",
        "W",
    ),
    (
        NOTES,
        "create_note_with_time",
        "folder: str = 'Inbox', title: str = '', content: str = '', pinned: bool = False, created_at: str | None = None, updated_at: str | None = None",
        "data",
        "W",
    ),
    (NOTES, "delete_note", "note_id: str", "app", "W"),
    (NOTES, "duplicate_note", "folder_name: str, note_id: str", "app", "W"),
    (NOTES, "get_note_by_id", "note_id: str", "app+data", "R"),
    (NOTES, "list_attachments", "note_id: str", "app", "R"),
    (NOTES, "list_folders", "", "app", "R"),
    (NOTES, "list_notes", "folder: str, offset: int = 0, limit: int = 10", "app", "R"),
    (
        NOTES,
        "move_note",
        "note_id: str, source_folder_name: str = 'Inbox', dest_folder_name: str = 'Personal'",
        "app",
        "W",
    ),
    (NOTES, "new_folder", "folder_name: str", "app", "W"),
    (NOTES, "remove_attachment", "note_id: str, attachment: str", "app", "W"),
    (NOTES, "rename_folder", "folder: str, new_folder: str", "app", "W"),
    (NOTES, "search_notes", "query: str", "app", "R"),
    (NOTES, "search_notes_in_folder", "query: str, folder_name: str", "app", "R"),
    (
        NOTES,
        "update_note",
        "note_id: str, title: str | None = None, content: str | None = None",
        "app",
        "W",
    ),
    (
        CAB,
        "add_new_ride",
        "service_type: str, start_location: str, end_location: str, price: float, duration: float = 0.0, time_stamp: float = 0.0, distance_km: float = 0.0",
        "data",
        "W",
    ),
    (CAB, "cancel_ride", "who_cancel: str = 'driver', message: str | None = None", "env+data", "W"),
    (CAB, "end_ride", "", "env", "W"),
    (CAB, "get_current_ride_status", "", "app", "R"),
    (
        CAB,
        "get_quotation",
        "start_location: str, end_location: str, service_type: str, ride_time: str | None = None",
        "app",
        "R",
    ),
    (CAB, "get_ride", "idx: int", "app+data", "R"),
    (CAB, "get_ride_history", "offset: int = 0, limit: int = 10", "app+data", "R"),
    (
        CAB,
        "list_rides",
        "start_location: str, end_location: str, ride_time: str | None = None",
        "app+data",
        "R",
    ),
    (
        CAB,
        "order_ride",
        "start_location: str, end_location: str, service_type: str, ride_time: str | None = None",
        "app+data",
        "W",
    ),
    (CAB, "update_ride_status", "status: str, message: str | None = None", "env", "W"),
    (CAB, "user_cancel_ride", "", "app", "W"),
    (
        APT,
        "add_new_apartment",
        "name: str, location: str, zip_code: str, price: float, number_of_bedrooms: int, number_of_bathrooms: int, square_footage: int, property_type: str = '', furnished_status: str = '', floor_level: str = '', pet_policy: str = '', lease_term: str = '', amenities: list[str] | None = None",
        "env+data",
        "W",
    ),
    (APT, "delete_apartment", "apartment_id: str", "env+data", "W"),
    (APT, "get_apartment_details", "apartment_id: str", "app+data", "R"),
    (APT, "list_all_apartments", "", "app+data", "R"),
    (APT, "list_saved_apartments", "", "app+data", "R"),
    (APT, "remove_saved_apartment", "apartment_id: str", "app+data", "W"),
    (APT, "save_apartment", "apartment_id: str", "app+data", "W"),
    (
        APT,
        "search_apartments",
        "name: str | None = None, location: str | None = None, zip_code: str | None = None, min_price: int | float | None = None, max_price: int | float | None = None, number_of_bedrooms: int | None = None, number_of_bathrooms: int | None = None, property_type: str | None = None, square_footage: int | None = None, furnished_status: str | None = None, floor_level: str | None = None, pet_policy: str | None = None, lease_term: str | None = None, amenities: list[str] | None = None, saved_only: bool = False",
        "app+data",
        "R",
    ),
    (APT, "update_apartment", "apartment_id: str, new_price: float", "env+data", "W"),
    # 3.14
    (CAL, "get_all_tags", "", "app", "R"),
    (CAL, "get_calendar_events_by_tag", "tag: str", "app", "R"),
    (SHOP, "get_all_discount_codes", "", "app+data", "-"),
    (REM, "delete_all_reminders", "", "app", "W"),
    (NOTES, "delete_folder", "folder_name: str", "app+env", "W"),
    (CAB, "get_ride_history_length", "", "app+data", "R"),
]

STATE_ROWS = [
    (
        AgendaView,
        "*, start_datetime: str, end_datetime: str, tag_filter: str | None = None, attendee_filter: str | None = None",
        "`add_calendar_event_by_attendee(who_add: str, title: str = 'Event', start_datetime: str | None = None, end_datetime: str | None = None, tag: str | None = None, description: str | None = None, location: str | None = None, attendees: list[str] | None = None)` · `filter_by_attendee(attendee: str)` · `filter_by_tag(tag: str)` · `get_all_tags()` · `get_calendar_events_by_tag(tag: str)` · `list_events(offset: int = 0, limit: int = 10)` · `open_event_by_id(event_id: str)` · `open_event_by_index(index: int)` · `read_today_calendar_events()` · `search_events(query: str)` · `set_day(date: str)` · `start_create_event()`",
        ("clear_filters", "next_day", "previous_day"),
    ),
    (
        EventDetail,
        "event_id: str",
        "`delete()` · `delete_by_attendee(who_delete: str)` · `edit_event()` · `list_attendees()` · `refresh()`",
        (),
    ),
    (
        EditEvent,
        "draft: EditDraft | None = None",
        "`add_attendee(attendee: str)` · `discard()` · `remove_attendee(attendee: str)` · `save()` · `set_attendees(attendees: list[str])` · `set_description(description: str | None)` · `set_location(location: str | None)` · `set_tag(tag: str | None)` · `set_time_range(start_datetime: str, end_datetime: str)` · `set_title(title: str)`",
        (),
    ),
    (
        ShoppingHome,
        "",
        "`list_orders()` · `list_products(offset: int = 0, limit: int = 10)` · `view_cart()` · `view_product(product_id: str)`",
        ("search_products",),
    ),
    (
        ProductDetail,
        "product_id: str",
        "`view_variant(item_id: str)`",
        ("show_product",),
    ),
    (
        VariantDetail,
        "item_id: str",
        "`add_to_cart(quantity: int = 1)` [W]",
        ("show_item",),
    ),
    (
        CartView,
        "",
        "`checkout(discount_code: str | None = None)` [W] · `remove_item(item_id: str, quantity: int = 1)` [W]",
        ("list_cart", "check_discount_code"),
    ),
    (
        OrderListView,
        "",
        "`view_order(order_id: str)`",
        ("list_orders",),
    ),
    (
        OrderDetailView,
        "order_id: str",
        "`view_order()`",
        ("cancel_order",),
    ),
    (
        ReminderList,
        "",
        "`create_new()` [W] · `list_all_reminders()` · `list_due_reminders()` · `list_upcoming_reminders()` · `open_reminder(reminder_id: str)`",
        ("search_reminders",),
    ),
    (
        ReminderDetail,
        "reminder_id: str",
        "`delete()` [W] · `edit()` [W]",
        ("show_reminder",),
    ),
    (
        EditReminder,
        "reminder_id: str | None = None",
        "`cancel()` · `save()` [W] · `set_description(description: str)` [W] · `set_due_datetime(due_datetime: str)` [W] · `set_repetition(unit: str | None, value: int | None = None)` [W] · `set_title(title: str)` [W]",
        (),
    ),
    (
        NoteList,
        "folder: str = 'Inbox'",
        "`go_back()` · `list_folders()` · `list_notes(offset: int = 0, limit: int = 10)` · `new_note()` [W] · `open(note_id: str)` · `search(keyword: str)`",
        (),
    ),
    (
        NoteDetail,
        "note_id: str",
        "`add_attachment(attachment_path: str)` [W] · `delete()` [W] · `duplicate()` [W] · `edit()` [W] · `go_back()` · `list_attachments()` · `move(dest_folder_name: str)` [W] · `refresh()` · `remove_attachment(attachment: str)` [W]",
        (),
    ),
    (
        EditNote,
        "note_id: str",
        "`update(title: str, content: str)` [W]",
        ("discard",),
    ),
    (
        FolderList,
        "",
        "`list_folders()` · `open(folder: str)`",
        ("new_folder",),
    ),
    (
        CabHome,
        "",
        "`get_ride_history(offset: int = 0, limit: int = 10)` · `list_rides(start_location: str, end_location: str, ride_time: str | None = None)` · `open_current_ride()`",
        (),
    ),
    (
        CabRideDetail,
        "ride: Ride",
        "`cancel_ride()` [W]",
        ("show_ride",),
    ),
    (
        CabServiceOptions,
        "start_location: str, end_location: str, ride_time: str | None = None",
        "`get_quotation(service_type: str)` · `list_service_types()`",
        ("show_options",),
    ),
    (
        CabQuotationDetail,
        "ride: Ride",
        "`order_ride()` [W] · `show_quotation()`",
        (),
    ),
    (
        ApartmentHome,
        "",
        "`list_apartments()` · `open_favorites()` · `open_search()` · `view_apartment(apartment_id: str)`",
        (),
    ),
    (
        ApartmentDetail,
        "apartment_id: str",
        "`save()` [W] · `unsave()` [W]",
        ("show_apartment",),
    ),
    (
        ApartmentSearch,
        "",
        "`search(name: str | None = None, location: str | None = None, zip_code: str | None = None, min_price: float | None = None, max_price: float | None = None, number_of_bedrooms: int | None = None, number_of_bathrooms: int | None = None, property_type: str | None = None, square_footage: int | None = None, furnished_status: str | None = None, floor_level: str | None = None, pet_policy: str | None = None, lease_term: str | None = None, amenities: list[str] | None = None)` · `view_apartment(apartment_id: str)`",
        (),
    ),
    (
        ApartmentFavorites,
        "",
        "`view_apartment(apartment_id: str)`",
        ("list_saved",),
    ),
]

INIT_ROWS = [
    (CAL, "name=None, events=..."),
    (SHOP, "name=None, products=..., cart=..., orders=..., discount_codes=..."),
    (REM, "name=None, reminders=..., max_future_datetime=None, max_reminder_repetitions=100"),
    (NOTES, "name=None, view_limit=5, folders=..., internal_fs=None"),
    (
        CAB,
        "name=None, quotation_history=..., on_going_ride=None, ride_history=..., MESSAGE_CANCEL=..., d_service_config=...",
    ),
    (APT, "name=None, apartments=..., saved_apartments=..."),
]

# Constructor calls as upstream scenarios write them (spec section 2), with the root screen.
APPS = [
    (CAL, "Calendar", AgendaView),
    (SHOP, "Shopping", ShoppingHome),
    (REM, "Reminders", ReminderList),
    (NOTES, "Notes", NoteList),
    (CAB, "Cab", CabHome),
    (APT, "Apartment", ApartmentHome),
]

SCREENS = [
    (CAL, AgendaView(start_datetime="2025-01-01 00:00:00", end_datetime="2025-01-02 00:00:00")),
    (CAL, EventDetail("e1")),
    (CAL, EditEvent(EditDraft(title="x"))),
    (SHOP, ShoppingHome()),
    (SHOP, ProductSearchResults("mug")),
    (SHOP, ProductDetail("p1")),
    (SHOP, VariantDetail("i1")),
    (SHOP, CartView()),
    (SHOP, OrderListView()),
    (SHOP, OrderDetailView("o1")),
    (REM, ReminderList()),
    (REM, ReminderDetail("r1")),
    (REM, EditReminder()),
    (NOTES, NoteList()),
    (NOTES, NoteDetail("n1")),
    (NOTES, EditNote("n1")),
    (NOTES, FolderList()),
    (CAB, CabHome()),
    (CAB, CabServiceOptions("A", "B")),
    (APT, ApartmentHome()),
    (APT, ApartmentDetail("a1")),
    (APT, ApartmentSearch()),
    (APT, ApartmentFavorites()),
]


@pytest.mark.parametrize("row", METHOD_ROWS, ids=lambda r: f"{r[0].__name__}.{r[1]}")
def test_each_spec_method_exists_with_the_specs_parameters_tool_kind_and_operation(spec, row):
    spec.check_method(row)


@pytest.mark.parametrize("row", STATE_ROWS, ids=lambda r: r[0].__name__)
def test_each_screen_offers_the_specs_user_tools_with_their_parameters(spec, row):
    spec.check_state(row)


@pytest.mark.parametrize("row", INIT_ROWS, ids=lambda r: r[0].__name__)
def test_each_app_constructor_takes_the_specs_keyword_parameters(spec, row):
    spec.check_init(*row)


@pytest.mark.parametrize(
    ("app_cls", "name", "root_cls"), APPS, ids=lambda v: getattr(v, "__name__", v)
)
def test_each_app_opens_on_its_root_screen_under_the_scenarios_name(app_cls, name, root_cls):
    app = app_cls(name=name)
    assert app.name == name
    assert type(app.current_state) is root_cls
    assert app.navigation_stack == []


def test_runtime_class_names_are_the_names_validators_compare():
    assert [cls.__name__ for cls, _, _ in APPS] == [
        "StatefulCalendarApp",
        "StatefulShoppingApp",
        "StatefulReminderApp",
        "StatefulNotesApp",
        "StatefulCabApp",
        "StatefulApartmentApp",
    ]


def test_notes_app_is_named_note_when_no_name_is_given():
    assert StatefulNotesApp().name == "note"


def test_pytest_pare_apps_reexports_the_domain_apps():
    for cls, _, _ in APPS:
        assert cls.__name__ in apps.__all__ and getattr(apps, cls.__name__) is cls


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            "calendar",
            ["StatefulCalendarApp", "AgendaView", "EventDetail", "EditEvent", "EditDraft"],
        ),
        (
            "shopping",
            [
                "StatefulShoppingApp",
                "ShoppingHome",
                "ProductDetail",
                "VariantDetail",
                "CartView",
                "OrderListView",
                "OrderDetailView",
            ],
        ),
        ("reminder", ["StatefulReminderApp", "ReminderList", "ReminderDetail", "EditReminder"]),
        ("note", ["StatefulNotesApp", "NoteList", "NoteDetail", "EditNote", "FolderList", "Note"]),
        (
            "cab",
            [
                "StatefulCabApp",
                "CabHome",
                "CabRideDetail",
                "CabServiceOptions",
                "CabQuotationDetail",
            ],
        ),
        (
            "apartment",
            [
                "StatefulApartmentApp",
                "ApartmentHome",
                "ApartmentDetail",
                "ApartmentSearch",
                "ApartmentFavorites",
            ],
        ),
    ],
)
def test_each_app_package_exports_its_app_and_screens(module, names):
    package = importlib.import_module(f"pytest_pare.apps.{module}")
    for name in names:
        assert name in package.__all__ and hasattr(package, name), f"{module}.{name}"
    assert Note.__module__.startswith("pytest_pare.apps.note")


@pytest.mark.parametrize(
    ("app_cls", "screen"), SCREENS, ids=lambda v: getattr(v, "__name__", type(v).__name__)
)
def test_every_screens_tools_build_are_schemas_with_resolved_types(app_cls, screen):
    app = app_cls(name="App")
    app.navigation_stack.append(app.current_state)  # so go_back is offered too
    app.current_state = screen
    screen.bind_to_app(app)
    tools = app.get_user_tools()
    names = [t.name.split("__")[1] for t in tools]
    assert sorted(names) == sorted(set(screen.user_tool_names()) | {"go_back"})
    for tool in tools:
        assert tool.function_description, tool.name
        for arg in tool.args:
            assert not isinstance(arg.type_obj, str), f"{tool.name}.{arg.name} is unresolved"
            assert arg.description, f"{tool.name}.{arg.name} has no description"
        tool.to_open_ai()


@pytest.mark.parametrize(
    ("app_cls", "name", "root_cls"), APPS, ids=lambda v: getattr(v, "__name__", v)
)
def test_assistant_tools_build_are_schemas_with_resolved_types(app_cls, name, root_cls):
    tools = app_cls(name=name).get_tools()
    assert tools
    for tool in tools:
        tool.to_open_ai()
        for arg in tool.args:
            assert not isinstance(arg.type_obj, str), f"{tool.name}.{arg.name} is unresolved"


# One step away from the root screen: (app class, scenario name, tool, kwargs, screen reached).
FIRST_STEPS = [
    (CAL, "Calendar", "start_create_event", {}, EditEvent),
    (SHOP, "Shopping", "view_cart", {}, CartView),
    (REM, "Reminders", "create_new", {}, EditReminder),
    (NOTES, "Notes", "list_folders", {}, FolderList),
    (
        CAB,
        "Cab",
        "list_rides",
        {"start_location": "Home", "end_location": "Work"},
        CabServiceOptions,
    ),
    (APT, "Apartment", "open_search", {}, ApartmentSearch),
]


@pytest.mark.parametrize(
    ("app_cls", "name", "tool", "kwargs", "screen_cls"),
    FIRST_STEPS,
    ids=lambda v: getattr(v, "__name__", None) if isinstance(v, type) else None,
)
def test_on_the_environment_the_user_leaves_an_app_and_resumes_it_where_it_was(
    app_cls, name, tool, kwargs, screen_cls
):
    env = StateAwareEnvironmentWrapper()
    app = app_cls(name=name)
    env.register_apps([HomeScreenSystemApp(name="System"), app])

    def tap(tool_name: str, **call: object) -> object:
        offered = {t.name: t for t in env.get_user_tools()}
        assert tool_name in offered, f"{tool_name} not offered: {sorted(offered)}"
        return offered[tool_name](**call)

    assert not any(t.name.startswith(f"{name}__") for t in env.get_user_tools())
    tap("System__open_app", app_name=name)
    tap(f"{name}__{tool}", **kwargs)
    screen = app.current_state
    assert isinstance(screen, screen_cls)
    # The user sees this screen's tools only; the assistant sees the whole API.
    user_tools = {t.name for t in env.get_user_tools() if t.name.startswith(f"{name}__")}
    assert user_tools == {f"{name}__{n}" for n in screen.user_tool_names()} | {f"{name}__go_back"}
    assert {t.name for t in app.get_tools()} <= {t.name for t in env.get_tools()}
    tap("System__go_home")
    assert not any(t.name.startswith(f"{name}__") for t in env.get_user_tools())
    tap("System__switch_app", app_name=name)
    assert app.current_state is screen
    tap(f"{name}__go_back")
    assert type(app.current_state) is type(app.create_root_state())
    log = [(e.event_type.value, e.function_name()) for e in env.event_log.list_view()]
    assert log == [
        ("USER", "open_app"),
        ("USER", tool),
        ("USER", "go_home"),
        ("USER", "switch_app"),
        ("USER", "go_back"),
    ]
