"""Validators are not vacuous: an oracle write with plausible wrong arguments fails validation.

For every shipped scenario and every state-changing oracle step, the step's
arguments are replaced, one group at a time, with values that are wrong but
plausible, taken from the scenario's own seeded data where it has them:

- ``target``: the object or person acted on (``*_id``, ``*_ids``,
  ``recipients``, ``cc``): another id of the same kind from the data (another
  email, event, item, contact), or, when the data holds no other, an id that
  names nothing;
- ``time``: every ``YYYY-MM-DD HH:MM:SS`` argument moves to the same clock time
  on the day before the scenario starts (every interval moves alike);
- ``place``: where a ride starts or ends, or a contact's address, becomes an
  address the story never mentions (a scenario's data often names one place
  twice, by name and by address, so "another place from the data" may be the
  same place);
- ``amount``: a quantity, a repetition or a discount code is changed;
- ``details``: a phone number or an email address of a contact becomes
  another one from the data (other digits; also inside ``edit_contact``'s
  ``updates``);
- ``text``: only for a step with none of the above, its free text is replaced
  by unrelated text.

The oracle run with the mutated step must fail validation: a validator that
lets it pass does not check what the step is about. Scenarios of the kinds
``abstain`` and ``rejection`` have no oracle write; there, adding a proposal
(abstain) or offering the declined proposal again (rejection), and adding a
write, must fail (``test_restraint_scenarios``).
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from shipped import (
    RESTRAINT,
    SCENARIO_DIR,
    assert_kind,
    files_not_tagged,
    files_tagged,
)

from pytest_pare.scenarios.checks import is_write

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
PHONE = re.compile(r"^\+?[\d][\d\s().-]{6,}\d$")
TEXT_ONLY = "Misc notes for later."
ELSEWHERE = "742 Evergreen Terrace, Springfield"
PLACE_KEYS = ("start_location", "end_location", "address")
PERSON_ID_KEYS = ("user_id", "sender_id", "participant_ids", "user_ids")


def load(path: Path) -> type:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    return cls


# --------------------------------------------------------------------------- the seeded data


class Pools:
    """The values a scenario's data holds, by kind, to draw plausible wrong values from."""

    def __init__(self, scenario: Any) -> None:
        self.by_key: dict[str, list[Any]] = defaultdict(list)
        self.emails: list[str] = []
        self.phones: list[str] = []
        self.people: list[str] = []
        self.me: set[str] = set()
        for app in scenario.apps or []:
            self._walk(app.get_state())
            user = getattr(app, "current_user_id", None)
            if isinstance(user, str):
                self.me.add(user)
        for event in scenario.events or []:
            action = getattr(event, "action", None)
            if action is not None and not _is_oracle(event):
                self._walk({k: v for k, v in (action.args or {}).items() if k != "self"})

    def _add(self, pool: list[Any], value: Any) -> None:
        if value not in pool:
            pool.append(value)

    def _walk(self, node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if key in ("name_to_id",):
                    self._add(self.people, v)
                if key in ("id_to_name",):
                    self._add(self.people, k)
                self._walk(v, str(k))
        elif isinstance(node, list | tuple):
            for item in node:
                self._walk(item, key)
        elif isinstance(node, str | int | float) and not isinstance(node, bool):
            self._add(self.by_key[key], node)
            if key in PERSON_ID_KEYS:
                self._add(self.people, node)
            if isinstance(node, str):
                if EMAIL.match(node):
                    self._add(self.emails, node)
                elif PHONE.match(node) and key not in PERSON_ID_KEYS:
                    self._add(self.phones, node)

    def other(self, pool: Iterable[Any], *avoid: Any) -> Any | None:
        choices = sorted((v for v in pool if v not in avoid and v not in self.me), key=str)
        return choices[0] if choices else None


def _is_oracle(event: Any) -> bool:
    from are.simulation.types import OracleEvent

    return isinstance(event, OracleEvent)


# --------------------------------------------------------------------------- wrong values


def earlier_day(value: str, start: float) -> str:
    """The same clock time on the day before ``start``."""
    moment = datetime.fromisoformat(value.replace("T", " "))
    day_before = datetime.fromtimestamp(start, tz=UTC).date() - timedelta(days=1)
    return f"{day_before} {moment:%H:%M:%S}"


def _wrong_target(key: str, value: Any, pools: Pools) -> Any:
    if key.endswith("_ids") and isinstance(value, list) and value:
        extra = pools.other(pools.people, *value)
        return [*value[:-1], extra] if extra is not None else value[:-1]
    if key in ("recipients", "cc") and isinstance(value, list):
        if not value:
            return None
        other = pools.other(pools.emails, *value, "john@pare.com")
        return [other or "someone.else@example.com"]
    if key.endswith("_id") and isinstance(value, str):
        pool = pools.people if key == "user_id" else pools.by_key.get(key, [])
        return pools.other(pool, value) or f"{value}-none"
    return None


def _wrong_detail(key: str, value: Any, pools: Pools) -> Any:
    if not isinstance(value, str) or not value:
        return None
    if key == "email" or EMAIL.match(value):
        return pools.other(pools.emails, value, "john@pare.com") or "someone.else@example.com"
    if key == "phone" or PHONE.match(value):
        mine = _digits(value)
        other = pools.other(p for p in pools.phones if _digits(p) != mine)
        return other or value[:-1] + str((int(value[-1]) + 1) % 10)
    return None


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[-10:]


def _wrong_amount(key: str, value: Any, pools: Pools) -> Any:
    if key == "quantity" and isinstance(value, int):
        return value + 1
    if key == "repetition_unit" and isinstance(value, str) and value:
        return "week" if value.casefold() == "day" else "day"
    if key == "discount_code" and isinstance(value, str):
        return pools.other(pools.by_key.get("discount_codes", []), value) or value + "X"
    return None


GROUPS: dict[str, Callable[[str, Any, Pools], Any]] = {
    "target": _wrong_target,
    "place": lambda key, value, pools: (
        ELSEWHERE if key in PLACE_KEYS and isinstance(value, str) and value else None
    ),
    "amount": _wrong_amount,
    "details": lambda key, value, pools: (
        _wrong_detail(key, value, pools) if key in ("email", "phone") else None
    ),
}


def mutations(args: dict[str, Any], pools: Pools, start: float) -> dict[str, dict[str, Any]]:
    """``{group: the arguments with that group's values made wrong}``, for the groups present."""
    out: dict[str, dict[str, Any]] = {}
    times = {
        k: earlier_day(v, start)
        for k, v in args.items()
        if isinstance(v, str) and DATETIME.match(v.strip())
    }
    if times:
        out["time"] = {**args, **times}
    if args.get("repetition_unit") and isinstance(args.get("repetition_value"), int):
        # Every N units: N counts only when the reminder repeats.
        out["amount"] = {**args, "repetition_value": args["repetition_value"] * 2}
    for group, wrong in GROUPS.items():
        changed = {}
        for key, value in args.items():
            if key == "updates" and isinstance(value, dict):
                inner = {k: wrong(k, v, pools) for k, v in value.items()}
                inner = {k: v for k, v in inner.items() if v is not None}
                if inner:
                    changed[key] = {**value, **inner}
                continue
            new = wrong(key, value, pools)
            if new is not None and new != value:
                changed[key] = new
        if changed:
            out[group] = {**out.get(group, args), **changed}
    if not out:
        texts = {k: TEXT_ONLY for k, v in args.items() if isinstance(v, str) and v.strip()}
        if texts:
            out["text"] = {**args, **texts}
    return out


# --------------------------------------------------------------------------- the runs


def oracle_writes(scenario: Any) -> list[Any]:
    return [e for e in scenario.events if _is_oracle(e) and is_write(e.make_event(None).action)]


def mutated(cls: type, index: int, group: str) -> type:
    """A subclass of ``cls`` whose ``index``-th oracle write has ``group`` made wrong."""

    def build_events_flow(self: Any) -> None:
        cls.build_events_flow(self)
        action = oracle_writes(self)[index].make_event(None).action
        args = {k: v for k, v in action.args.items() if k != "self"}
        wrong = mutations(copy.deepcopy(args), Pools(self), float(self.start_time))[group]
        action.args.update(wrong)

    name = f"{cls.__name__}Wrong{group.title()}{index}"
    return type(name, (cls,), {"build_events_flow": build_events_flow})


def planned(cls: type) -> list[tuple[int, str, str, dict[str, Any]]]:
    """``(write index, step name, group, wrong arguments)`` for every mutation of ``cls``."""
    scenario = cls()
    scenario.initialize()
    pools = Pools(scenario)
    out = []
    for index, event in enumerate(oracle_writes(scenario)):
        action = event.make_event(None).action
        args = {k: v for k, v in action.args.items() if k != "self"}
        for group, wrong in mutations(args, pools, float(scenario.start_time)).items():
            changed = {k: v for k, v in wrong.items() if args.get(k) != v}
            out.append((index, f"{action.class_name}.{action.function_name}", group, changed))
    return out


def run_oracle(cls: type) -> Any:
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig

    return run_scenario(cls, ScenarioRunnerConfig(oracle=True))


# Restraint stories make no oracle write: the restraint tests below add writes instead.
@pytest.mark.parametrize("path", files_not_tagged(*RESTRAINT), ids=lambda p: p.stem)
def test_an_oracle_write_with_plausible_wrong_arguments_fails_validation(path: Path) -> None:
    cls = load(path)
    assert_kind(cls, path)
    plan = planned(cls)
    assert plan, f"{path.stem}: no oracle write has an argument to get wrong"
    passed = []
    for index, step, group, changed in plan:
        result = run_oracle(mutated(cls, index, group))
        assert result.exception is None, f"{path.stem}: {result.exception!r}"
        if result.success:
            passed.append(f"{step} (write #{index}) with wrong {group}: {changed}")
    assert not passed, f"{path.stem} passed with " + "; ".join(passed)


# --------------------------------------------------------------------------- the mutator itself


class _Scenario:
    start_time = datetime(2026, 3, 10, 9, 0, tzinfo=UTC).timestamp()

    def __init__(self, *states: dict[str, Any]) -> None:
        self.apps = [type("App", (), {"get_state": lambda _self, s=s: s})() for s in states]
        self.events: list[Any] = []


def test_a_wrong_target_is_another_object_of_the_same_kind_from_the_data() -> None:
    pools = Pools(_Scenario({"emails": [{"email_id": "m1"}, {"email_id": "m2"}]}))
    assert mutations({"email_id": "m2", "content": "hi"}, pools, 0)["target"] == {
        "email_id": "m1",
        "content": "hi",
    }
    alone = Pools(_Scenario({"notes": [{"note_id": "n1"}]}))
    assert mutations({"note_id": "n1"}, alone, 0)["target"] == {"note_id": "n1-none"}


def test_a_wrong_person_is_another_contact_never_the_user_himself() -> None:
    state = {
        "name_to_id": {"John Doe": "me", "Marta": "+1503", "Marty": "+1504"},
        "current_user_id": "me",
    }
    scenario = _Scenario(state)
    scenario.apps[0].current_user_id = "me"
    wrong = mutations({"user_id": "+1503", "content": "sign?"}, Pools(scenario), 0)
    assert wrong["target"]["user_id"] == "+1504"


def test_wrong_times_move_every_datetime_to_the_day_before_the_start() -> None:
    start = _Scenario.start_time
    wrong = mutations(
        {"start_datetime": "2026-03-12 18:00:00", "end_datetime": "2026-03-12T19:30"},
        Pools(_Scenario({})),
        start,
    )["time"]
    assert wrong == {"start_datetime": "2026-03-09 18:00:00", "end_datetime": "2026-03-09 19:30:00"}


def test_a_step_with_only_free_text_gets_unrelated_text() -> None:
    wrong = mutations({"title": "Trip", "content": "Hotel code 4411", "pinned": False}, Pools(
        _Scenario({})), 0)  # fmt: skip
    assert wrong == {"text": {"title": TEXT_ONLY, "content": TEXT_ONLY, "pinned": False}}


def test_contact_details_and_amounts_change_inside_updates_too() -> None:
    pools = Pools(_Scenario({"contacts": [{"phone": "+1 503 555 0100", "email": "a@x.org"}]}))
    wrong = mutations({"contact_id": "c1", "updates": {"phone": "+1 503 555 0199"}}, pools, 0)
    assert wrong["details"]["updates"] == {"phone": "+1 503 555 0100"}
    assert mutations({"item_id": "i", "quantity": 1}, pools, 0)["amount"]["quantity"] == 2


def test_mutations_are_listed_for_a_shipped_scenario() -> None:
    plan = planned(load(SCENARIO_DIR / "household_staples_reorder.py"))
    assert [(i, step, group) for i, step, group, _ in plan] == [
        (0, "StatefulShoppingApp.add_to_cart", "target"),
        (0, "StatefulShoppingApp.add_to_cart", "amount"),
        (1, "StatefulShoppingApp.add_to_cart", "target"),
        (1, "StatefulShoppingApp.add_to_cart", "amount"),
    ]


# --------------------------------------------------------------------------- restraint kinds


def _when(scenario: Any, days: float) -> str:
    moment = datetime.fromtimestamp(float(scenario.start_time) + days * 86400, tz=UTC)
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def some_write(scenario: Any) -> tuple[Any, str, dict[str, Any]]:
    """A write that succeeds on the scenario's seeded state: ``(app, tool, arguments)``.

    Restraint validators fail on *any* write, so any app will do; the first app
    of the scenario for which one can be built.
    """
    pools = Pools(scenario)
    person = pools.other(pools.people)
    items = pools.by_key.get("item_id", [])
    flats = pools.by_key.get("apartment_id", [])
    tomorrow, later = _when(scenario, 1), _when(scenario, 1.04)
    writes: dict[str, tuple[str, dict[str, Any]] | None] = {
        "StatefulReminderApp": (
            "add_reminder",
            {"title": "Follow up", "due_datetime": tomorrow, "description": ""},
        ),
        "StatefulCalendarApp": (
            "add_calendar_event",
            {"title": "Follow up", "start_datetime": tomorrow, "end_datetime": later},
        ),
        "StatefulNotesApp": ("create_note", {"folder": "Personal", "title": "Follow up"}),
        "StatefulEmailApp": ("send_email", {"recipients": ["someone@example.com"]}),
        "StatefulMessagingApp": ("send_message", {"user_id": person}) if person else None,
        "StatefulContactsApp": ("add_new_contact", {"first_name": "Sam", "last_name": "Quill"}),
        "StatefulShoppingApp": ("add_to_cart", {"item_id": items[0]}) if items else None,
        "StatefulApartmentApp": ("save_apartment", {"apartment_id": flats[0]}) if flats else None,
        "StatefulCabApp": (
            "order_ride",
            {"start_location": "123 Main St", "end_location": ELSEWHERE, "service_type": "Default"},
        ),
    }
    for app in scenario.apps or []:
        found = writes.get(type(app).__name__)
        if found is not None:
            return app, *found
    raise AssertionError("no app of the scenario takes a write")


def _oracle_call(event: Any, function: str) -> bool:
    return _is_oracle(event) and event.make_event(None).action.function_name == function


def with_extra(cls: type, label: str, add: Callable[[Any, Any], list[Any]]) -> type:
    """A subclass of ``cls`` whose flow gets the events ``add(scenario, last_event)`` builds."""

    def build_events_flow(self: Any) -> None:
        from are.simulation.types import EventRegisterer

        cls.build_events_flow(self)
        rejections = [e for e in self.events if _oracle_call(e, "reject_proposal")]
        last = rejections[-1] if rejections else self.events[-1]
        with EventRegisterer.capture_mode():
            self.events = [*self.events, *add(self, last)]

    return type(f"{cls.__name__}{label}", (cls,), {"build_events_flow": build_events_flow})


def _proposal_text(scenario: Any) -> str:
    (proposal,) = [e for e in scenario.events if _oracle_call(e, "send_message_to_user")]
    return str(proposal.make_event(None).action.args["content"])


def _write(scenario: Any, last: Any) -> list[Any]:
    app, tool, args = some_write(scenario)
    return [getattr(scenario.oracle(app, after=last), tool)(**args)]


def _failed_restraint(cls: type, label: str, add: Callable[[Any, Any], list[Any]]) -> Any:
    result = run_oracle(with_extra(cls, label, add))
    assert result.exception is None, repr(result.exception)
    assert not result.tool_errors, f"the added step must succeed: {result.tool_errors}"
    return result


@pytest.mark.parametrize("path", files_tagged("abstain"), ids=lambda p: p.stem)
def test_restraint_scenarios_an_abstain_story_fails_on_a_proposal_or_a_write(path: Path) -> None:
    cls = load(path)
    scenario = cls()
    scenario.initialize()
    assert not any(_is_oracle(e) for e in scenario.events), "an abstain story has no oracle step"

    def offer(s: Any, last: Any) -> list[Any]:
        return list(s.propose("Shall I take care of this for you?", after=last, accept="Sure."))

    proposed = _failed_restraint(cls, "Proposed", offer)
    assert proposed.success is False and "yet the assistant proposed" in proposed.rationale
    written = _failed_restraint(cls, "Wrote", _write)
    assert written.success is False and "yet the assistant called" in written.rationale


@pytest.mark.parametrize("path", files_tagged("rejection"), ids=lambda p: p.stem)
def test_restraint_scenarios_a_rejection_story_fails_on_a_repeat_or_a_write(path: Path) -> None:
    from pytest_pare.scenarios.checks import Declined

    cls = load(path)
    scenario = cls()
    scenario.initialize()
    text = _proposal_text(scenario)
    (rule,) = [r for r in scenario.expected_actions() if isinstance(r, Declined)]
    assert rule.offer(text), f"the offer matcher ({rule.offer!r}) misses the story's own proposal"
    assert not any(is_write(e.make_event(None).action) for e in scenario.events if _is_oracle(e)), (
        "a rejection story has no oracle write"
    )

    def again(s: Any, last: Any) -> list[Any]:
        return list(s.propose(_proposal_text(s), after=last, delay=60, accept="Fine."))

    repeated = _failed_restraint(cls, "Repeated", again)
    assert repeated.success is False and "offered it again" in repeated.rationale
    written = _failed_restraint(cls, "Wrote", _write)
    assert written.success is False and "yet the assistant called" in written.rationale
