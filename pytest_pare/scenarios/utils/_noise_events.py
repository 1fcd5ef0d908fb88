"""Builders of the background events, one per noise app (used by ``scenario_expander``).

Each builder gets its share of events, draws their arrival times uniformly
over the horizon from its own seeded generator, and writes the captured ARE
events into ``events`` under stable keys (the expander turns keys into ids).
"""

from __future__ import annotations

import json
from typing import Any, Final

import numpy as np
from are.simulation.scenarios.utils.scenario_expander import ENV_EVENT_EXPANSION_TAG

HISTORY_OFFSET_SECONDS: Final = 3 * 3600.0
"""How long before the start a background conversation's old message was sent."""


def _arrival_times(rng: np.random.Generator, count: int, duration: float) -> list[float]:
    return [round(float(t), 3) for t in np.sort(rng.uniform(0.0, duration, size=count))]


def _interleave(
    rng: np.random.Generator, groups: list[list[Any]], times: list[float]
) -> list[list[float]]:
    """Give each group's items increasing times, groups interleaved at random."""
    labels = [index for index, group in enumerate(groups) for _ in group]
    order = rng.permutation(len(labels))
    per_group: list[list[float]] = [[] for _ in groups]
    for time, position in zip(times, order, strict=True):
        per_group[labels[position]].append(time)
    return per_group


def _require(entry_name: str, state: dict[str, Any], *path: str) -> Any:
    value: Any = state
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise ValueError(
                f"augmentation data app {entry_name!r} has no app_state.{'.'.join(path)}; "
                "regenerate it with scripts/generate_synthetic_data.py or fix the file"
            )
        value = value[key]
    return value


def _take(items: list[Any], order: np.ndarray, count: int) -> list[Any]:
    # Cycle when a long run asks for more events than the data holds.
    return [items[int(order[i % len(order)])] for i in range(count)]


def email_events(
    app: Any,
    name: str,
    state: dict,
    count: int,
    duration: float,
    rng: np.random.Generator,
    events: dict[str, Any],
) -> None:
    emails = list(_require(name, state, "folders", "INBOX", "emails"))
    if not emails:
        return
    chosen = _take(emails, rng.permutation(len(emails)), count)
    user_email = getattr(app, "user_email", None)
    times = _arrival_times(rng, count, duration)
    with _capture():
        for index, (time, email) in enumerate(zip(times, chosen, strict=True)):
            recipients = [user_email] if user_email else list(email.get("recipients", []))
            events[f"email_{index}_{email['email_id']}"] = app.create_and_add_email(
                sender=email["sender"],
                recipients=recipients,
                subject=email.get("subject", ""),
                content=email.get("content", ""),
                folder_name="INBOX",
            ).depends_on(None, delay_seconds=time)


def message_events(
    scenario: Any,
    app: Any,
    name: str,
    state: dict,
    count: int,
    duration: float,
    rng: np.random.Generator,
    cap: int,
    events: dict[str, Any],
) -> None:
    conversations = [
        c for c in _require(name, state, "conversations").values() if len(c.get("messages", [])) > 1
    ]
    if not conversations:
        return
    order = [conversations[int(i)] for i in rng.permutation(len(conversations))]
    # The first message of each conversation is history; the others can arrive.
    pending = {c["conversation_id"]: c["messages"][1:] for c in order}
    picked: dict[str, list[dict[str, Any]]] = {}
    needed = count
    for conversation in order:  # first up to `cap` messages per conversation
        if needed <= 0:
            break
        take = pending[conversation["conversation_id"]][: min(cap, needed)]
        picked[conversation["conversation_id"]] = take
        needed -= len(take)
    for conversation in order:  # then the rest of each conversation
        if needed <= 0:
            break
        key = conversation["conversation_id"]
        have = len(picked.get(key, []))
        take = pending[key][have : have + needed]
        if take:
            picked.setdefault(key, []).extend(take)
            needed -= len(take)
    keys = list(picked)
    while needed > 0:  # more events than messages: repeat them in turn
        key = keys[needed % len(keys)]
        picked[key].append(pending[key][len(picked[key]) % len(pending[key])])
        needed -= 1
    chosen = [c for c in order if c["conversation_id"] in picked]
    groups = [picked[c["conversation_id"]] for c in chosen]
    times = _interleave(rng, groups, _arrival_times(rng, count, duration))
    existing = set(app.conversations)
    shells = {c["conversation_id"]: _add_shell_conversation(scenario, app, c) for c in chosen}
    _patch_snapshot(scenario, app, [shell for shell in shells.values() if shell not in existing])
    with _capture():
        for conversation, group, group_times in zip(chosen, groups, times, strict=True):
            conversation_id = shells[conversation["conversation_id"]]
            for index, (time, message) in enumerate(zip(group_times, group, strict=True)):
                events[f"message_{conversation_id}_{index}"] = app.create_and_add_message(
                    conversation_id=conversation_id,
                    sender_id=message["sender_id"],
                    content=message["content"],
                ).depends_on(None, delay_seconds=time)


def _add_shell_conversation(scenario: Any, app: Any, data: dict[str, Any]) -> str:
    """Put a background conversation (with its first message as history) into the app.

    ``create_and_add_message`` only posts into an existing conversation. The
    caller also adds the new conversations to the initial-state snapshot
    (:func:`_patch_snapshot`), so a reset or an exported trace shows the same phone.
    """
    from are.simulation.apps.messaging_v2 import ConversationV2, MessageV2

    conversation_id = f"bg-{data['conversation_id']}"
    if conversation_id in app.conversations:
        return conversation_id
    user_id = getattr(app, "current_user_id", None)
    names: dict[str, str] = data.get("participant_names", {})
    participants = sorted({*data["participant_ids"], *([user_id] if user_id else [])})
    start = float(scenario.start_time or 0.0)
    first = data["messages"][0]
    history_time = start - HISTORY_OFFSET_SECONDS
    conversation = ConversationV2(
        conversation_id=conversation_id,
        participant_ids=participants,
        title=data.get("title") or ", ".join(names.get(p, p) for p in data["participant_ids"]),
        messages=[
            MessageV2(
                sender_id=first["sender_id"],
                message_id=f"{conversation_id}-0",
                timestamp=history_time,
                content=first["content"],
            )
        ],
        last_updated=history_time,
    )
    conversation.participant_ids = participants  # ARE stores a set-ordered list
    app.add_conversation(conversation)
    id_to_name = getattr(app, "id_to_name", None)
    name_to_id = getattr(app, "name_to_id", None)
    for participant, person in names.items():
        if isinstance(id_to_name, dict) and participant not in id_to_name:
            id_to_name[participant] = person
        if isinstance(name_to_id, dict) and person not in name_to_id:
            name_to_id[person] = participant
    return conversation_id


def _patch_snapshot(scenario: Any, app: Any, conversation_ids: list[str]) -> None:
    # Once for all new conversations: each patch serialises the whole app state.
    snapshot = (getattr(scenario, "_initial_apps", None) or {}).get(app.name)
    if not snapshot or not conversation_ids:
        return
    from are.simulation.utils import EnumEncoder

    saved = json.loads(snapshot["serialized_state"])
    current = json.loads(json.dumps(app.get_state(), cls=EnumEncoder))
    conversations = saved.setdefault("conversations", {})
    for conversation_id in conversation_ids:
        conversations[conversation_id] = current["conversations"][conversation_id]
    for key in ("id_to_name", "name_to_id"):
        if key in current:
            saved[key] = {**current[key], **saved.get(key, {})}
    snapshot["serialized_state"] = json.dumps(saved, cls=EnumEncoder)


def shopping_events(
    app: Any,
    name: str,
    state: dict,
    count: int,
    duration: float,
    rng: np.random.Generator,
    cap: int,
    events: dict[str, Any],
) -> None:
    products = [p for p in _require(name, state, "products").values() if p.get("variants")]
    if not products:
        return
    order = [products[int(i)] for i in rng.permutation(len(products))]
    # Each group: the product's creation, then up to `cap` of its variants.
    groups: list[list[dict[str, Any] | None]] = []
    chosen: list[dict[str, Any]] = []
    needed = count
    position = 0
    while needed > 0:
        if needed == 1 and groups:
            # One event left: a product alone would have nothing to buy, so
            # give an earlier product one more variant instead.
            spare = [
                g for g, p in zip(groups, chosen, strict=True) if len(g) - 1 < len(p["variants"])
            ]
            if spare:
                owner = chosen[groups.index(spare[0])]
                spare[0].append(list(owner["variants"].values())[len(spare[0]) - 1])
                break
        product = order[position % len(order)]
        variants = list(product["variants"].values())[: max(0, min(cap, needed - 1))]
        groups.append([None, *variants])
        chosen.append(product)
        needed -= 1 + len(variants)
        position += 1
    times = _interleave(rng, groups, _arrival_times(rng, count, duration))
    with _capture():
        for serial, (product, group, group_times) in enumerate(
            zip(chosen, groups, times, strict=True)
        ):
            key = f"shopping_product_{serial}_{product['product_id']}"
            product_event = app.add_product(name=product["name"]).depends_on(
                None, delay_seconds=group_times[0]
            )
            events[key] = product_event
            for variant, time in zip(group[1:], group_times[1:], strict=True):
                assert variant is not None
                events[f"shopping_item_{serial}_{variant['item_id']}"] = app.add_item_to_product(
                    product_id="{{" + f"{ENV_EVENT_EXPANSION_TAG}_{key}" + "}}",
                    price=float(variant["price"]),
                    options=dict(variant.get("options", {})),
                    available=bool(variant.get("available", True)),
                ).depends_on(product_event, delay_seconds=round(time - group_times[0], 3))


def _capture() -> Any:
    # Inside capture mode an event-registered app call returns its Event
    # instead of running; plain calls (adding a conversation) must stay outside.
    from are.simulation.types import EventRegisterer

    return EventRegisterer.capture_mode()
