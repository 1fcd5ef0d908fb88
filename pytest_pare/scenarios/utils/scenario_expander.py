"""Environmental noise: background emails, messages and shop products arriving during a run.

Events are drawn from the augmentation data (see ``augmentation_data.py``) and
scheduled on simulated time: ``n = round(rate * duration / 60)`` arrival times,
uniform over the horizon (a Poisson process conditioned on its count), shared
among the noise apps present in the scenario by weight. Unlike upstream, the
message count follows the rate, shopping noise is scheduled, app names resolve
by class and alias, an absent app takes no share, and no rate divides by zero.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from are.simulation.scenarios.utils.scenario_expander import (
    ENV_EVENT_DEFAULT_HORIZON,
    ENV_EVENT_EXPANSION_TAG,
    EnvEventsConfig,
)

from pytest_pare._seeding import stable_seed

EMAIL: Final = "StatefulEmailApp"
MESSAGING: Final = "StatefulMessagingApp"
SHOPPING: Final = "StatefulShoppingApp"

# Canonical noise app -> class names (PARE's and ARE's bases) an app may have.
_CLASS_NAMES: Final[dict[str, tuple[str, ...]]] = {
    EMAIL: (EMAIL, "EmailClientV2", "EmailClientApp"),
    MESSAGING: (MESSAGING, "MessagingAppV2"),
    SHOPPING: (SHOPPING, "ShoppingApp"),
}
# Canonical noise app -> names data files and scenarios use for it (lower case).
_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    EMAIL: ("email", "emails", "mail", "inbox"),
    MESSAGING: ("messages", "messaging", "message", "chats", "chat"),
    SHOPPING: ("shopping", "shop", "store"),
}

HISTORY_OFFSET_SECONDS: Final = 3 * 3600.0
"""How long before the start a background conversation's last old message was sent."""


def default_weight_per_app_class() -> dict[str, float]:
    """Equal shares for the three noise apps."""
    return {EMAIL: 1.0, MESSAGING: 1.0, SHOPPING: 1.0}


@dataclass
class PAREEnvEventsConfig(EnvEventsConfig):
    """ARE's ``EnvEventsConfig`` with PARE's app weights and a float rate."""

    num_env_events_per_minute: float = 10.0  # type: ignore[assignment]
    weight_per_app_class: dict[str, float] = field(default_factory=default_weight_per_app_class)


class PAREEnvEventsExpander:
    """Adds seeded background events to a PARE scenario (see the module docstring)."""

    def __init__(self, env_events_config: EnvEventsConfig) -> None:
        self.config = env_events_config
        self.resolved_app_names: dict[str, str] = {}
        self._weights: dict[str, float] = {}

    def _resolve_app_names(self, app_names: Sequence[str]) -> dict[str, str]:
        """Map data app names ("Emails", "EmailClientV2", ...) to canonical class names.

        Names that are no noise app are left out.
        """
        resolved: dict[str, str] = {}
        for name in app_names:
            key = name.strip().lower()
            for canonical in _CLASS_NAMES:
                known = {n.lower() for n in _CLASS_NAMES[canonical]} | set(_ALIASES[canonical])
                if key in known:
                    resolved[name] = canonical
                    break
        return resolved

    def get_num_env_events_per_app(
        self, num_env_events: int, app_names: Sequence[str] | None = None
    ) -> dict[str, int]:
        """Split ``num_env_events`` among apps by weight; the parts sum to the total.

        Args:
            num_env_events: total events to schedule.
            app_names: data app names taking part (default: those resolved for
                the current scenario). Names with no weight get 0.

        Returns:
            Data app name -> number of events (largest-remainder rounding).
        """
        names = list(self.resolved_app_names) if app_names is None else list(app_names)
        weights = {name: max(0.0, self._weight_of(name)) for name in names}
        total_weight = sum(weights.values())
        if num_env_events <= 0 or total_weight <= 0:
            return dict.fromkeys(names, 0)
        quotas = {name: num_env_events * w / total_weight for name, w in weights.items()}
        counts = {name: int(q) for name, q in quotas.items()}
        leftover = num_env_events - sum(counts.values())
        by_remainder = sorted(names, key=lambda n: (-(quotas[n] - counts[n]), n))
        for name in by_remainder[:leftover]:
            counts[name] += 1
        return counts

    def _weight_of(self, name: str) -> float:
        if name in self._weights:
            return self._weights[name]
        canonical = self.resolved_app_names.get(name) or self._resolve_app_names([name]).get(name)
        return float(self.config.weight_per_app_class.get(canonical or name, 0.0))

    def add_env_events_to_scenario(
        self, scenario: Any, apps_augmentation_data: Sequence[dict[str, Any]] | None = None
    ) -> list[Any]:
        """Schedule background events on ``scenario`` (after its own events are built).

        Args:
            scenario: an initialising scenario whose ``apps`` are built.
            apps_augmentation_data: the data's ``apps`` list (default: the
                scenario's ``augmentation_data``, else the bundled file).

        Returns:
            The events added to ``scenario.events``.

        Raises:
            ValueError: an app's data lacks the fields its events need.
        """
        if apps_augmentation_data is None:
            apps_augmentation_data = _default_apps_data(scenario)
        duration = float(scenario.duration or ENV_EVENT_DEFAULT_HORIZON)
        present = _noise_apps_in(scenario)
        resolved = self._resolve_app_names([entry["name"] for entry in apps_augmentation_data])
        self.resolved_app_names = {n: c for n, c in resolved.items() if c in present}
        self._weights = {
            name: _weight_for_app(self.config.weight_per_app_class, present[canonical], canonical)
            for name, canonical in self.resolved_app_names.items()
        }
        total = int(round(float(self.config.num_env_events_per_minute) * duration / 60.0))
        counts = self.get_num_env_events_per_app(total)
        base_seed = stable_seed(
            "env_events", self.config.env_events_seed, scenario.scenario_id, scenario.run_number
        )

        events: dict[str, Any] = {}
        for entry in apps_augmentation_data:
            name = entry["name"]
            count = counts.get(name, 0)
            if name not in self.resolved_app_names or count <= 0:
                continue
            canonical = self.resolved_app_names[name]
            app = present[canonical]
            rng = np.random.default_rng(stable_seed(base_seed, name))
            if canonical == EMAIL:
                _email_events(app, name, entry["app_state"], count, duration, rng, events)
            elif canonical == MESSAGING:
                cap = max(1, int(self.config.n_message_events_per_conversation))
                _message_events(scenario, app, name, entry["app_state"], count, duration, rng, cap, events)
            else:
                cap = max(1, int(self.config.n_item_events_per_product))
                _shopping_events(app, name, entry["app_state"], count, duration, rng, cap, events)
        added = [event.with_id(f"{ENV_EVENT_EXPANSION_TAG}_{key}") for key, event in events.items()]
        scenario.events = list(scenario.events or []) + added
        return added


def _default_apps_data(scenario: Any) -> list[dict[str, Any]]:
    own = getattr(scenario, "augmentation_data", None) or {}
    if "apps" in own:
        return own["apps"]
    from pytest_pare.scenarios.utils.augmentation_data import load_augmentation_data

    return load_augmentation_data()["apps"]


def _noise_apps_in(scenario: Any) -> dict[str, Any]:
    present: dict[str, Any] = {}
    for app in scenario.apps or []:
        mro_names = {cls.__name__ for cls in type(app).__mro__}
        for canonical, class_names in _CLASS_NAMES.items():
            if canonical not in present and mro_names & set(class_names):
                present[canonical] = app
    return present


def _weight_for_app(weights: dict[str, float], app: Any, canonical: str) -> float:
    # The most specific class name with a weight wins, so both PARE's keys and
    # ARE's (EmailClientApp, MessagingAppV2, ShoppingApp) work.
    for cls in type(app).__mro__:
        if cls.__name__ in weights:
            return float(weights[cls.__name__])
    return float(weights.get(canonical, 0.0))


def _arrival_times(rng: np.random.Generator, count: int, duration: float) -> list[float]:
    return [round(float(t), 3) for t in np.sort(rng.uniform(0.0, duration, size=count))]


def _interleave(rng: np.random.Generator, groups: list[list[Any]], times: list[float]) -> list[list[float]]:
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


def _email_events(app: Any, name: str, state: dict, count: int, duration: float,
                  rng: np.random.Generator, events: dict[str, Any]) -> None:  # fmt: skip
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


def _message_events(scenario: Any, app: Any, name: str, state: dict, count: int, duration: float,
                    rng: np.random.Generator, cap: int, events: dict[str, Any]) -> None:  # fmt: skip
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
    shells = {c["conversation_id"]: _add_shell_conversation(scenario, app, c) for c in chosen}
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
    conversation is added to the app and to the initial-state snapshot, so a
    reset or an exported trace shows the same phone.
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
    _patch_snapshot(scenario, app, conversation_id)
    return conversation_id


def _patch_snapshot(scenario: Any, app: Any, conversation_id: str) -> None:
    snapshot = (getattr(scenario, "_initial_apps", None) or {}).get(app.name)
    if not snapshot:
        return
    from are.simulation.utils import EnumEncoder

    saved = json.loads(snapshot["serialized_state"])
    current = json.loads(json.dumps(app.get_state(), cls=EnumEncoder))
    saved.setdefault("conversations", {})[conversation_id] = current["conversations"][conversation_id]
    for key in ("id_to_name", "name_to_id"):
        if key in current:
            saved[key] = {**current[key], **saved.get(key, {})}
    snapshot["serialized_state"] = json.dumps(saved, cls=EnumEncoder)


def _shopping_events(app: Any, name: str, state: dict, count: int, duration: float,
                     rng: np.random.Generator, cap: int, events: dict[str, Any]) -> None:  # fmt: skip
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
        product = order[position % len(order)]
        variants = list(product["variants"].values())[: max(0, min(cap, needed - 1))]
        groups.append([None, *variants])
        chosen.append(product)
        needed -= 1 + len(variants)
        position += 1
    times = _interleave(rng, groups, _arrival_times(rng, count, duration))
    with _capture():
        for serial, (product, group, group_times) in enumerate(zip(chosen, groups, times, strict=True)):
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
