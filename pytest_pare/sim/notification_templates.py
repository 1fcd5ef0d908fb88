"""The wording of notifications: ``TEMPLATES[family][function] = (user, assistant)``.

Pure data, for whoever words an app's notifications: the user text is a short
lock-screen line, the assistant text is full, with the ids its tools need.
``pytest_pare.sim.notification_render`` fills the fields in;
``pytest_pare.sim.notifications`` sends the texts.
"""

from __future__ import annotations

__all__ = ["TEMPLATES"]

# (user text, assistant text) per app family (an ARE base class name, or our
# own app's class name) and function. Fields: every argument of the call, the
# call's ``result``, ``app`` (the app's name), and the derived names of
# ``_notification_render._RESOLVERS``, which turn ids into people, titles and places.

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
