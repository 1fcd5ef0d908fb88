"""The checks of the scenario kinds: abstain (do nothing) and declined (take no for an answer).

Each check reads a fake event log: assistant calls are AGENT events, the simulated
user's answers USER events, as in an agent run.
"""

from __future__ import annotations

from typing import Any

import pytest

from pytest_pare.scenarios.checks import (
    DIFFICULTY_TAGS,
    KIND_TAGS,
    KNOWN_TAGS,
    abstain,
    check_actions,
    check_tags,
    declined,
    expect,
    forbid,
    mentions_any,
    restraint_rule,
    same_offer,
)

CAB_OFFER = mentions_any("cab", "ride", "taxi")


def _event(class_name: str, function_name: str, time: float, by: str = "AGENT", **args: Any) -> Any:
    from are.simulation.types import Action, CompletedEvent, EventMetadata, EventType

    def function(**kwargs: Any) -> None:
        return None

    function.__name__ = function_name
    app = type(class_name, (), {})()
    return CompletedEvent(
        event_type=EventType[by],
        action=Action(function=function, args=args, app=app),
        event_time=time,
        metadata=EventMetadata(),
    )


def _failed(event: Any) -> Any:
    event.metadata.exception = "Calling order_ride failed with error: Internal error"
    return event


class _Env:
    def __init__(self, *entries: Any) -> None:
        self.event_log = type("Log", (), {"list_view": lambda _self: list(entries)})()


def _proposal(time: float, text: str = "Shall I book a cab to the airport at 6?") -> Any:
    return _event("PAREAgentUserInterface", "send_message_to_user", time, content=text)


def _rejection(time: float, by: str = "USER") -> Any:
    return _event("PAREAgentUserInterface", "reject_proposal", time, by=by, content="No thanks.")


def _acceptance(time: float) -> Any:
    return _event("PAREAgentUserInterface", "accept_proposal", time, by="USER", content="Yes.")


def _ride(time: float) -> Any:
    return _event("StatefulCabApp", "order_ride", time, end_location="SFO")


def _read(time: float) -> Any:
    return _event("StatefulCalendarApp", "get_calendar_events_from_to", time, start="x")


# ----------------------------------------------------------------------------------- abstain

NEWSLETTER = abstain("the webinar newsletter asks nothing of John")


def test_an_assistant_that_only_reads_and_waits_passes_an_abstain_check() -> None:
    env = _Env(_read(1), _event("PAREAgentUserInterface", "wait", 2))
    assert check_actions(env, NEWSLETTER).success is True


def test_any_proposal_fails_an_abstain_check_and_the_rationale_quotes_it() -> None:
    result = check_actions(_Env(_read(1), _proposal(2, "Register for the webinar?")), NEWSLETTER)
    assert result.success is False
    assert "the webinar newsletter asks nothing of John" in result.rationale
    assert "'Register for the webinar?'" in result.rationale


def test_any_write_fails_an_abstain_check_even_without_a_proposal() -> None:
    result = check_actions(_Env(_ride(1)), NEWSLETTER)
    assert result.success is False
    assert "StatefulCabApp.order_ride(end_location='SFO')" in result.rationale


def test_a_write_that_raised_changed_nothing_and_does_not_fail_an_abstain_check() -> None:
    assert check_actions(_Env(_failed(_ride(1))), NEWSLETTER).success is True


def test_an_abstain_check_may_carry_forbid_but_not_expect() -> None:
    taxi = forbid("a taxi", "StatefulCabApp", "order_ride")
    assert check_actions(_Env(_read(1)), NEWSLETTER, taxi).success is True
    mixed = check_actions(_Env(), NEWSLETTER, expect("a ride", "StatefulCabApp", "order_ride"))
    assert mixed.success is False
    assert isinstance(mixed.exception, ValueError)
    assert "stands alone" in str(mixed.exception)


# ----------------------------------------------------------------------------------- declined

NO_CAB = declined("Sam drives John to the airport", offer=CAB_OFFER)


def test_a_declined_offer_left_alone_passes() -> None:
    env = _Env(_proposal(1), _rejection(6), _read(8), _event("PAREAgentUserInterface", "wait", 9))
    assert check_actions(env, NO_CAB).success is True


def test_an_assistant_that_never_proposes_passes_a_declined_check() -> None:
    assert check_actions(_Env(_read(1)), NO_CAB).success is True


def test_acting_after_the_user_declined_fails() -> None:
    result = check_actions(_Env(_proposal(1), _rejection(6), _ride(8)), NO_CAB)
    assert result.success is False
    assert "Sam drives John to the airport: yet the assistant called" in result.rationale


def test_offering_the_same_thing_again_fails_even_reworded() -> None:
    again = _proposal(20, "Would you like me to order a ride to SFO instead?")
    result = check_actions(_Env(_proposal(1), _rejection(6), again), NO_CAB)
    assert result.success is False
    assert "offered it again: 'Would you like me to order a ride to SFO instead?'" in (
        result.rationale
    )


def test_offering_something_else_after_the_rejection_passes() -> None:
    other = _proposal(20, "Shall I add the flight to your calendar?")
    assert check_actions(_Env(_proposal(1), _rejection(6), other), NO_CAB).success is True


def test_the_same_offer_before_any_rejection_is_not_a_repeat() -> None:
    # Two proposals before the answer: the user only ever said no once, to the newest.
    env = _Env(_proposal(1), _proposal(3, "Book a cab at 6?"), _rejection(6))
    assert check_actions(env, NO_CAB).success is True


def test_the_oracle_s_own_rejection_is_logged_as_agent_and_counts_too() -> None:
    env = _Env(_proposal(1), _rejection(6, by="AGENT"), _proposal(9))
    assert check_actions(env, NO_CAB).success is False


def test_an_accepted_proposal_is_not_a_rejection() -> None:
    env = _Env(_proposal(1), _acceptance(6), _proposal(9))
    assert check_actions(env, NO_CAB).success is True


@pytest.mark.parametrize(
    ("rejected", "later", "same"),
    [
        ("Shall I book a cab at 6?", "Shall I book a cab at 6?", True),
        ("Shall I book a cab at 6?", "shall i BOOK a cab, at 6!", True),
        ("Shall I book a cab at 6?", "Want a taxi to the airport instead?", True),
        ("Shall I book a cab at 6?", "Add the flight to your calendar?", False),
        # A verbatim repeat is nagging even when the offer matcher misses both texts.
        ("Add the flight to your calendar?", "Add the flight to your calendar?", True),
        ("Add the flight to your calendar?", "Add the flight to your calendar and notes?", False),
    ],
)
def test_the_same_offer_is_the_offer_matcher_on_both_texts_or_a_verbatim_repeat(
    rejected: str, later: str, same: bool
) -> None:
    assert same_offer(rejected, later, CAB_OFFER) is same


def test_declined_wants_a_matcher_that_recognises_the_offer() -> None:
    with pytest.raises(TypeError, match="offer=mentions_any"):
        declined("no cab", offer="cab")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs a description"):
        abstain(" ")


# ----------------------------------------------------------------------------------- tags


def test_kinds_and_difficulties_are_known_tags_with_a_meaning() -> None:
    assert set(KIND_TAGS) == {"abstain", "rejection", "long-horizon", "noise-sensitive"}
    assert set(DIFFICULTY_TAGS) == {"easy", "medium", "hard"}
    assert all(KIND_TAGS.values()) and all(DIFFICULTY_TAGS.values())
    assert set(KIND_TAGS) | set(DIFFICULTY_TAGS) <= KNOWN_TAGS
    assert check_tags(("abstain", "hard", "timing", "telepathy")) == ["telepathy"]


def test_the_restraint_rule_is_found_among_a_validator_s_rules() -> None:
    taxi = forbid("a taxi", "StatefulCabApp", "order_ride")
    assert restraint_rule((taxi, NO_CAB)) is NO_CAB
    assert restraint_rule((NEWSLETTER,)) is NEWSLETTER
    assert restraint_rule((taxi, expect("a ride", "StatefulCabApp", "order_ride"))) is None
    assert restraint_rule(None) is None  # a scenario with its own validate()
