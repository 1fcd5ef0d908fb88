# ruff: noqa: E501  (word banks and templates read better unwrapped)
"""Write the synthetic background phone data used for environmental noise.

Usage: python scripts/generate_synthetic_data.py [--seed N] [--out PATH]

Everything is invented here from small word banks and templates (no external
data), and the output is a pure function of the seed: the same seed writes the
same bytes. Schema: see pytest_pare/scenarios/utils/augmentation_data.py.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_OUT = (
    Path(__file__).resolve().parents[1] / "pytest_pare" / "data" / "synthetic_phone_data.json"
)
N_PEOPLE, N_EMAILS, N_CONVERSATIONS, N_PRODUCTS = 90, 420, 140, 260
HISTORY_START = datetime(2024, 9, 2, 8, 0, tzinfo=UTC).timestamp()

FIRST = ("Ada Bram Cleo Dario Esme Farid Greta Hugo Ines Jonah Kaia Lorenzo Mira Nils Odile Pavel "
         "Quinn Rosa Soren Talia Umar Vera Wendell Xenia Yusuf Zora Anouk Basil Celine Dmitri Elif "
         "Fabio Gwen Hamid Ilse Joaquin Kirsi Leander Maeve Nuno").split()  # fmt: skip
LAST = ("Abernathy Bellweather Castellan Drummond Eskildsen Fairbairn Galloway Holmberg Ishikawa "
        "Jablonski Kettering Lindqvist Marchetti Nakamura Oyelaran Pemberton Quintero Rasmussen "
        "Silvestri Thorburn Ulloa Vasquez Whitcombe Yilmaz Zielinski Ashdown Brennan Coutinho").split()  # fmt: skip
DOMAINS = ("mailbox.example", "postal.example", "inbox.example", "letters.example")
ORGS = ("Riverside Library", "Northgate Dental", "Harbor Credit Union", "Maple Street Gym",
        "Cedar Hill School", "Brightline Energy", "Quillworks Studio", "Lantern Theatre",
        "Greenfield Farmers Market", "Summit Cycling Club", "Bluebird Veterinary", "Oakridge HOA")  # fmt: skip
ITEMS = ("running shoes", "desk lamp", "water bottle", "rain jacket", "phone case", "yoga mat",
         "coffee grinder", "backpack", "bookshelf", "throw blanket", "headphones", "plant pot")  # fmt: skip
TOPICS = ("the quarterly planning notes", "the shared budget sheet", "next week's offsite",
          "the onboarding checklist", "the client feedback", "the draft proposal",
          "the release schedule", "the volunteer roster", "the reading list", "the grant report")  # fmt: skip
PLACES = ("the corner bakery", "Pier 9", "the botanical garden", "Luna's noodle bar", "the climbing gym",
          "the riverside trail", "the old cinema", "the night market", "Fern Street park")  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

EMAIL_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("org", "Your {org} newsletter for {month}",
     "Hello,\n\nThis month at {org}: extended hours on {day}s, a new members' corner, and a talk on "
     "{topic_plain}. Reply to this email if you would like a printed copy.\n\nWarm regards,\nThe {org} team"),
    ("org", "Reminder: appointment on {day} at {hour}",
     "Hi,\n\nThis is a friendly reminder of your appointment at {org} on {day} at {hour}. Please arrive "
     "ten minutes early. If you need to reschedule, reply with a time that suits you.\n\n{org}"),
    ("org", "Receipt {ref} from {org}",
     "Thank you for your payment of ${amount} to {org}.\nReference: {ref}\nDate: {date}\n\n"
     "Keep this email for your records. No action is needed."),
    ("person", "Notes on {topic}",
     "Hi,\n\nI went through {topic} this morning. Two things stood out: the timeline looks tight for "
     "{day}, and we still need numbers from the {org} side. Could we talk it over briefly?\n\nBest,\n{sender_first}"),
    ("person", "Photos from {place}",
     "Hey!\n\nFinally sorted the pictures from our afternoon at {place}. The one with the dog is my "
     "favourite. I'll put the whole album in the shared folder tonight.\n\n{sender_first}"),
    ("person", "Quick question about {day}",
     "Hi there,\n\nAre we still on for {day}? I was thinking {hour} at {place}, but I'm flexible. "
     "Let me know what works.\n\nCheers,\n{sender_first}"),
    ("org", "Your {item} order has shipped",
     "Good news: your {item} is on its way and should arrive by {day}. Tracking number: {ref}.\n\n"
     "Questions? Reply to this message and our support team will help."),
    ("org", "Action needed: confirm your details with {org}",
     "Hello,\n\nWe are updating our records. Please confirm your contact details the next time you "
     "visit {org}. This takes less than a minute.\n\nThank you,\n{org}"),
    ("person", "Re: {topic}",
     "Thanks for sending {topic}. I added a few comments in the margins, mostly small wording "
     "changes. The section on costs may need another pass before {day}.\n\n{sender_first}"),
    ("org", "{org}: event this {day}",
     "Join us this {day} at {hour} for an open evening at {org}. Light snacks provided, bring a "
     "friend. No registration needed.\n\nSee you there!"),
)  # fmt: skip

CHAT_SCRIPTS: tuple[tuple[str, ...], ...] = (
    ("Are you around this {day}?", "Should be, what's up?", "Thinking of trying {place}.",
     "Oh nice, I've heard good things.", "{hour} work for you?", "Perfect, see you then.",
     "I'll grab a table if I'm early.", "Great, text me when you're there."),
    ("Did you see the email about {topic}?", "Not yet, anything urgent?", "Not urgent, but it changes {day}.",
     "Ugh, okay. I'll read it tonight.", "No rush, we can sync tomorrow.", "Sounds good.",
     "Also, coffee after?", "Always."),
    ("I finally bought the {item}!", "Which one did you go for?", "The cheaper one, reviews were fine.",
     "Let me know if it holds up.", "Will do. Delivery is {day}.", "Exciting!",
     "I'll send a photo when it's set up.", "Please do."),
    ("Happy {day}! Any plans?", "Mostly chores, maybe a walk along {place}.", "Want company?",
     "Sure, around {hour}?", "Works. I'll bring snacks.", "You're the best.",
     "Should I invite the others?", "Go for it, the more the merrier."),
    ("Can you send me {topic} when you get a chance?", "Sending now.", "Got it, thanks!",
     "Page two has the bit you asked about.", "Found it. This helps a lot.", "Glad to hear.",
     "I owe you one.", "Lunch on {day} and we're even."),
    ("Running about ten minutes late, sorry!", "No worries, I'm just parking.",
     "Order me something warm?", "On it.", "You're a lifesaver.", "What's your ETA now?",
     "Five minutes, promise.", "Table by the window."),
)  # fmt: skip

PRODUCT_KINDS: tuple[tuple[str, dict[str, tuple[str, ...]], tuple[float, float]], ...] = (
    ("Trail Running Shoes", {"Size": ("7", "8", "9", "10", "11"), "Color": ("Slate", "Coral", "Forest")}, (55, 140)),
    ("Insulated Water Bottle", {"Capacity": ("500 ml", "750 ml", "1 L"), "Color": ("Sand", "Ocean", "Charcoal")}, (14, 38)),
    ("Linen Throw Pillow", {"Size": ("16 in", "18 in", "20 in"), "Color": ("Oat", "Sage", "Rust")}, (12, 34)),
    ("Wireless Earbuds", {"Color": ("Black", "White", "Mint"), "Case": ("Standard", "Wireless charging")}, (29, 129)),
    ("Ceramic Plant Pot", {"Diameter": ("10 cm", "15 cm", "20 cm"), "Finish": ("Matte", "Glazed")}, (8, 36)),
    ("Adjustable Desk Lamp", {"Finish": ("Brass", "Matte black", "White"), "Bulb": ("Warm", "Daylight")}, (24, 89)),
    ("Weekend Duffel Bag", {"Material": ("Canvas", "Nylon", "Leather trim"), "Color": ("Olive", "Navy", "Tan")}, (39, 160)),
    ("Cast Iron Skillet", {"Diameter": ("20 cm", "26 cm", "30 cm"), "Handle": ("Classic", "Helper handle")}, (19, 75)),
    ("Merino Beanie", {"Color": ("Heather grey", "Mustard", "Ink"), "Fit": ("Slouchy", "Fitted")}, (15, 42)),
    ("Board Game Night Set", {"Edition": ("Classic", "Deluxe"), "Players": ("2-4", "2-6")}, (22, 70)),
    ("Bamboo Cutting Board", {"Size": ("Small", "Medium", "Large"), "Edge": ("Plain", "Juice groove")}, (11, 45)),
    ("Rain Shell Jacket", {"Size": ("S", "M", "L", "XL"), "Color": ("Lemon", "Storm", "Moss")}, (60, 190)),
    ("Mechanical Keyboard", {"Switch": ("Linear", "Tactile", "Clicky"), "Layout": ("Full", "Compact")}, (49, 170)),
    ("Yoga Mat", {"Thickness": ("4 mm", "6 mm"), "Color": ("Plum", "Teal", "Stone")}, (18, 80)),
    ("Pour-Over Coffee Kit", {"Material": ("Glass", "Ceramic", "Steel"), "Size": ("1 cup", "2-4 cups")}, (21, 64)),
)  # fmt: skip
BRANDS = (
    "Northloom",
    "Peakform",
    "Hearthline",
    "Quietfox",
    "Tidewell",
    "Emberlane",
    "Brightmoss",
    "Cobaltworks",
)

# Tool renaming for the optional name/description augmentation: a verb swap keeps names meaningful.
VERB_SYNONYMS = {"get": "fetch", "list": "show", "send": "dispatch", "search": "find", "create": "make",
                 "delete": "remove", "update": "modify", "add": "insert", "reply": "respond",
                 "move": "relocate", "forward": "pass_on", "read": "open", "order": "book",
                 "cancel": "call_off", "checkout": "pay_for", "edit": "revise"}  # fmt: skip


def hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def make_people(rng: random.Random) -> list[dict[str, str]]:
    people, seen = [], set()
    while len(people) < N_PEOPLE:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        people.append({
            "name": f"{first} {last}",
            "first": first,
            "email": f"{first.lower()}.{last.lower()}@{rng.choice(DOMAINS)}",
            "phone": f"+1555{rng.randrange(10**6, 10**7)}",
        })  # fmt: skip
    return people


def slot_values(rng: random.Random, **known: str) -> dict[str, str]:
    """One draw of every template slot, so a subject and its body agree."""
    values = {
        "org": rng.choice(ORGS), "topic": rng.choice(TOPICS), "place": rng.choice(PLACES),
        "day": rng.choice(DAYS), "hour": f"{rng.randint(8, 19)}:{rng.choice(('00', '15', '30', '45'))}",
        "item": rng.choice(ITEMS), "ref": f"R-{rng.randrange(10**5, 10**6)}",
        "amount": f"{rng.randint(5, 240)}.{rng.randint(0, 99):02d}",
        "month": rng.choice(("January", "March", "May", "July", "September", "November")),
        "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }  # fmt: skip
    values["topic_plain"] = values["topic"].removeprefix("the ")
    values.update(known)
    return values


def make_emails(rng: random.Random, people: list[dict[str, str]]) -> list[dict[str, Any]]:
    emails = []
    for index in range(N_EMAILS):
        kind, subject, body = rng.choice(EMAIL_TEMPLATES)
        sender = rng.choice(people)
        org = rng.choice(ORGS)
        shared = {"org": org, "sender_first": sender["first"]}
        org_domain = "".join(ch for ch in org.lower() if ch.isalnum())
        address = sender["email"] if kind == "person" else f"no-reply@{org_domain}.example"
        values = slot_values(rng, **shared)
        emails.append({
            "email_id": hex_id(rng),
            "sender": address,
            "recipients": ["owner@mailbox.example"],
            "subject": subject.format(**values),
            "content": body.format(**values),
            "timestamp": HISTORY_START + index * 3571.0,
            "is_read": rng.random() < 0.4,
        })  # fmt: skip
    return emails


def make_conversations(rng: random.Random, people: list[dict[str, str]]) -> dict[str, Any]:
    conversations = {}
    for index in range(N_CONVERSATIONS):
        members = rng.sample(people, k=rng.choice((1, 1, 1, 2, 3)))
        script = rng.choice(CHAT_SCRIPTS)
        length = rng.randint(6, len(script))
        shared = {"place": rng.choice(PLACES), "day": rng.choice(DAYS), "topic": rng.choice(TOPICS),
                  "item": rng.choice(ITEMS), "hour": f"{rng.randint(8, 20)}:00"}  # fmt: skip
        start = HISTORY_START + index * 7919.0
        values = slot_values(rng, **shared)
        messages = [
            {
                "sender_id": members[turn % len(members)]["phone"],
                "message_id": hex_id(rng),
                "timestamp": start + turn * 240.0,
                "content": line.format(**values),
            }
            for turn, line in enumerate(script[:length])
        ]
        conversation_id = hex_id(rng)
        conversations[conversation_id] = {
            "conversation_id": conversation_id,
            "participant_ids": [m["phone"] for m in members],
            "participant_names": {m["phone"]: m["name"] for m in members},
            "title": " & ".join(m["first"] for m in members)
            if len(members) > 1
            else members[0]["name"],
            "messages": messages,
            "last_updated": messages[-1]["timestamp"],
        }
    return conversations


def make_products(rng: random.Random) -> tuple[dict[str, Any], dict[str, dict[str, float]]]:
    products, discounts = {}, {}
    for _ in range(N_PRODUCTS):
        kind, options, (low, high) = rng.choice(PRODUCT_KINDS)
        name = f"{rng.choice(BRANDS)} {kind}"
        keys = list(options)
        combos = {tuple(rng.choice(options[k]) for k in keys) for _ in range(rng.randint(2, 5))}
        base = rng.uniform(low, high)
        variants = {}
        for combo in sorted(combos):
            item_id = hex_id(rng)
            variants[item_id] = {
                "item_id": item_id,
                "options": dict(zip(keys, combo, strict=True)),
                "available": rng.random() < 0.85,
                "price": round(base * rng.uniform(0.9, 1.2), 2),
            }
            if rng.random() < 0.08:
                discounts[item_id] = {
                    f"SAVE{rng.choice((5, 10, 15, 20))}": float(rng.choice((5, 10, 15, 20)))
                }
        product_id = hex_id(rng)
        products[product_id] = {"name": name, "product_id": product_id, "variants": variants}
    return products, discounts


def tool_maps() -> tuple[dict[str, str], dict[str, str]]:
    """Renamed tool names and plain descriptions, keyed by ARE's function names."""
    from are.simulation.apps.apartment_listing import ApartmentListingApp
    from are.simulation.apps.cab import CabApp
    from are.simulation.apps.calendar import CalendarApp
    from are.simulation.apps.contacts import ContactsApp
    from are.simulation.apps.email_client import EmailClientV2
    from are.simulation.apps.messaging_v2 import MessagingAppV2
    from are.simulation.apps.reminder import ReminderApp
    from are.simulation.apps.shopping import ShoppingApp

    names, descriptions = {}, {}
    for app_cls in (EmailClientV2, MessagingAppV2, CalendarApp, ContactsApp, ShoppingApp, ReminderApp,
                    CabApp, ApartmentListingApp):  # fmt: skip
        for tool in sorted(app_cls().get_tools(), key=lambda t: t.func_name):
            verb, _, rest = tool.func_name.partition("_")
            names[tool.func_name] = (
                f"{VERB_SYNONYMS.get(verb, verb)}_{rest}" if rest else VERB_SYNONYMS.get(verb, verb)
            )
            args = ", ".join(arg.name for arg in tool.args) or "nothing"
            action = tool.func_name.replace("_", " ")
            descriptions[tool.func_name] = f"Use this to {action}. Inputs: {args}."
    return names, descriptions


def generate(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    people = make_people(rng)
    emails = make_emails(random.Random(rng.getrandbits(64)), people)
    conversations = make_conversations(random.Random(rng.getrandbits(64)), people)
    products, discounts = make_products(random.Random(rng.getrandbits(64)))
    names, descriptions = tool_maps()
    return {
        "generator": {"script": "scripts/generate_synthetic_data.py", "seed": seed},
        "apps": [
            {"name": "Emails", "app_state": {"folders": {"INBOX": {"emails": emails}}}},
            {"name": "Messages", "app_state": {"conversations": conversations}},
            {"name": "Shopping", "app_state": {"products": products, "discount_codes": discounts}},
        ],
        "tool_names_mapping": names,
        "tool_descriptions_mapping": descriptions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20250106)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    data = generate(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
