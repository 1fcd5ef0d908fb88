"""Validators stay honest: without the assistant's write actions, every shipped scenario fails.

Each scenario is re-run in oracle mode with some oracle events taken out of its
event graph (the events that depended on them are re-attached to what those
depended on, so the rest of the story still plays):

- every state-changing oracle action of the assistant is removed, while the
  proposal and the user's acceptance stay: a proposal alone must not pass;
- each state-changing action alone is removed: every one of them is required;
- every oracle event is removed (an idle assistant): nothing happened, so fail.

Abstain and rejection scenarios, where doing nothing is right, have no oracle
write; their negative tests add a proposal or a write instead
(``test_shipped_scenario_mutations.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from shipped import RESTRAINT, assert_kind, files_not_tagged

from pytest_pare.scenarios.checks import is_write


def load(path: Path) -> type:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    return cls


#: stories that need action (where doing nothing is right, the negative tests add actions instead)
ACTING = files_not_tagged(*RESTRAINT)


def load_acting(path: Path) -> type:
    """The scenario class of a story that needs action."""
    cls = load(path)
    assert_kind(cls, path)
    return cls


def oracle_action(event: Any) -> Any | None:
    """The Action an oracle event will perform, or None for a non-oracle event."""
    from are.simulation.types import OracleEvent

    if not isinstance(event, OracleEvent):
        return None
    # `.oracle()` wraps the captured Event in a closure that ignores the
    # environment, so the action is known before any run.
    inner = event.make_event(None)
    return getattr(inner, "action", None)


def is_oracle_write(event: Any) -> bool:
    action = oracle_action(event)
    return action is not None and is_write(action)


def drop_events(events: list[Any], dropped: Iterable[Any]) -> list[Any]:
    """The events without ``dropped``, with dependency edges bridged over the gaps."""
    gone = {id(e) for e in dropped}

    def kept_deps(event: Any) -> list[Any]:
        out: list[Any] = []
        for dep in event.dependencies:
            out.extend(kept_deps(dep) if id(dep) in gone else [dep])
        return out

    def kept_succ(event: Any) -> list[Any]:
        out: list[Any] = []
        for succ in event.successors:
            out.extend(kept_succ(succ) if id(succ) in gone else [succ])
        return out

    kept = [e for e in events if id(e) not in gone]
    rewired = [(e, _unique(kept_deps(e)), _unique(kept_succ(e))) for e in kept]
    for event, deps, succs in rewired:
        # In place: an oracle event shares these lists with the event it wraps.
        event.dependencies[:] = deps
        event.successors[:] = succs
    return kept


def _unique(events: list[Any]) -> list[Any]:
    seen: set[int] = set()
    return [e for e in events if not (id(e) in seen or seen.add(id(e)))]


def reduced(cls: type, choose: Callable[[list[Any]], list[Any]], label: str) -> type:
    """A subclass of ``cls`` whose event flow loses the events ``choose`` picks."""

    def build_events_flow(self: Any) -> None:
        cls.build_events_flow(self)
        self.events = drop_events(self.events, choose(self.events))

    return type(f"{cls.__name__}Without{label}", (cls,), {"build_events_flow": build_events_flow})


def run_oracle(cls: type) -> Any:
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig

    return run_scenario(cls, ScenarioRunnerConfig(oracle=True))


def count_oracle_writes(cls: type) -> int:
    scenario = cls()
    scenario.initialize()
    return sum(1 for e in scenario.events if is_oracle_write(e))


@pytest.mark.parametrize("path", ACTING, ids=lambda p: p.stem)
def test_a_scenario_fails_when_the_assistant_only_proposes(path: Path) -> None:
    cls = load_acting(path)
    assert count_oracle_writes(cls) >= 1, f"{path.stem} has no oracle write action to check"
    result = run_oracle(
        reduced(cls, lambda events: [e for e in events if is_oracle_write(e)], "Writes")
    )
    assert result.exception is None, f"{path.stem}: {result.exception!r}"
    assert result.success is False, f"{path.stem} passed with only a proposal and reads"
    assert result.rationale, "a failed validation says what is missing"


@pytest.mark.parametrize("path", ACTING, ids=lambda p: p.stem)
def test_a_scenario_fails_when_any_single_write_is_missing(path: Path) -> None:
    cls = load_acting(path)
    for index in range(count_oracle_writes(cls)):

        def choose(events: list[Any], index: int = index) -> list[Any]:
            return [[e for e in events if is_oracle_write(e)][index]]

        result = run_oracle(reduced(cls, choose, f"Write{index}"))
        assert result.success is False, f"{path.stem} passed without its write #{index}"


@pytest.mark.parametrize("path", ACTING, ids=lambda p: p.stem)
def test_a_scenario_fails_under_an_idle_assistant(path: Path) -> None:
    cls = load_acting(path)
    result = run_oracle(
        reduced(cls, lambda events: [e for e in events if oracle_action(e) is not None], "Oracle")
    )
    assert result.success is False, f"{path.stem} passed with no assistant action at all"


def test_dropping_an_event_bridges_its_dependants_to_its_own_dependencies() -> None:
    from are.simulation.types import Event

    def ev(name: str) -> Any:
        return Event.from_function(lambda: name)

    first, middle, last = ev("a"), ev("b"), ev("c")
    middle.depends_on(first, delay_seconds=1)
    last.depends_on(middle, delay_seconds=2)
    kept = drop_events([first, middle, last], [middle])
    assert [id(e) for e in kept] == [id(first), id(last)]
    assert last.dependencies == [first] and first.successors == [last]


# ------------------------------------------------------------- checks.py on a fake log


class _FakeApp:
    """Stands in for an app: ``Action.class_name`` is the type's name."""


def _app(class_name: str) -> Any:
    return type(class_name, (_FakeApp,), {})()


def _call(class_name: str, function_name: str, time: float, **args: Any) -> Any:
    from are.simulation.types import Action, CompletedEvent, EventMetadata, EventType

    def function(**kwargs: Any) -> None:
        return None

    function.__name__ = function_name
    action = Action(function=function, args=args, app=_app(class_name))
    return CompletedEvent(
        event_type=EventType.AGENT, action=action, event_time=time, metadata=EventMetadata()
    )


class _Env:
    def __init__(self, *entries: Any) -> None:
        self.event_log = type("Log", (), {"list_view": lambda _self: list(entries)})()


def _proposal(time: float) -> Any:
    return _call("PAREAgentUserInterface", "send_message_to_user", time, content="Shall I?")


def test_check_actions_names_each_missing_action_with_the_wanted_arguments() -> None:
    from pytest_pare.scenarios.checks import check_actions, expect

    env = _Env(_proposal(1), _call("StatefulCabApp", "order_ride", 2, end_location="SFO"))
    result = check_actions(
        env,
        expect("a ride to PDX", "StatefulCabApp", "order_ride", end_location="PDX"),
        expect("a reminder", "StatefulReminderApp", "add_reminder"),
    )
    assert result.success is False
    assert "a ride to PDX" in result.rationale and "end_location='PDX'" in result.rationale
    assert "saw order_ride(end_location='SFO')" in result.rationale
    assert "a reminder" in result.rationale


def test_a_forbidden_action_fails_even_when_every_expected_action_happened() -> None:
    from pytest_pare.scenarios.checks import check_actions, expect, forbid

    env = _Env(
        _proposal(1),
        _call("StatefulShoppingApp", "cancel_order", 2, order_id="dup"),
        _call("StatefulShoppingApp", "cancel_order", 3, order_id="original"),
    )
    result = check_actions(
        env,
        expect("cancel the duplicate", "StatefulShoppingApp", "cancel_order", order_id="dup"),
        forbid("cancel the original", "StatefulShoppingApp", "cancel_order", order_id="original"),
    )
    assert result.success is False
    assert result.rationale.startswith("must not happen: cancel the original")


def test_actions_taken_before_any_proposal_do_not_count() -> None:
    from pytest_pare.scenarios.checks import check_actions, expect

    rule = expect("checkout", "StatefulShoppingApp", "checkout")
    acted_first = _Env(_call("StatefulShoppingApp", "checkout", 1), _proposal(2))
    assert check_actions(acted_first, rule).success is False
    asked_first = _Env(_proposal(1), _call("StatefulShoppingApp", "checkout", 2))
    assert check_actions(asked_first, rule).success is True


def test_either_accepts_any_one_of_its_alternatives() -> None:
    from pytest_pare.scenarios.checks import check_actions, either, expect, mentions

    rule = either(
        "Helen gets the number",
        expect("reply", "StatefulEmailApp", "reply_to_email", content=mentions("TX-1")),
        expect("new mail", "StatefulEmailApp", "send_email", content=mentions("TX-1")),
    )
    sent = _Env(_proposal(1), _call("StatefulEmailApp", "send_email", 2, content="It is tx-1."))
    assert check_actions(sent, rule).success is True
    assert check_actions(_Env(_proposal(1)), rule).success is False


def test_matchers_tolerate_formatting_but_not_a_different_value() -> None:
    from pytest_pare.scenarios import checks

    assert checks.at_time("2026-03-13 20:00:00")("2026-03-13T20:00")
    assert not checks.at_time("2026-03-13 20:00:00")("2026-03-13 19:00:00")
    assert not checks.at_time("2026-03-13 20:00:00")("tomorrow evening")
    assert checks.same_digits("+15035550199")("503-555-0199")
    assert not checks.same_digits("+15035550199")("503-555-0198")
    assert checks.same_items("a@x.io", "b@x.io")(["B@x.io", "a@x.io"])
    assert not checks.same_items("a@x.io")(["a@x.io", "c@x.io"])
    assert checks.contains_key("phone", checks.same_digits("5550977"))({"phone": "555 0977"})
    assert not checks.mentions("saffron")(None)


def test_unknown_capability_tags_are_reported() -> None:
    from pytest_pare.scenarios.checks import check_tags

    assert check_tags(("timing", "multi-app")) == []
    assert check_tags(("timing", "telepathy")) == ["telepathy"]


def test_expect_n_needs_that_many_matching_calls() -> None:
    from pytest_pare.scenarios.checks import check_actions, expect_n, one_of

    rule = expect_n(
        2, "two reminders", "StatefulReminderApp", "add_reminder", title=one_of("A", "B")
    )
    once = _Env(_proposal(1), _call("StatefulReminderApp", "add_reminder", 2, title="A"))
    result = check_actions(once, rule)
    assert result.success is False
    assert "x2" in result.rationale
    twice = _Env(
        _proposal(1),
        _call("StatefulReminderApp", "add_reminder", 2, title="A"),
        _call("StatefulReminderApp", "add_reminder", 3, title="B"),
    )
    assert check_actions(twice, rule).success is True
    other = _Env(
        _proposal(1),
        _call("StatefulReminderApp", "add_reminder", 2, title="A"),
        _call("StatefulReminderApp", "add_reminder", 3, title="C"),
    )
    assert check_actions(other, rule).success is False
