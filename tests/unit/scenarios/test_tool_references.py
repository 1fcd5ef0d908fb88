"""Rules name their tool as (AppClass, "function_name"), or by the two names as strings."""

from __future__ import annotations

from typing import Any

import pytest
from are.simulation.apps.reminder import ReminderApp

from pytest_pare.apps import StatefulMessagingApp, StatefulReminderApp
from pytest_pare.scenarios.checks import expect, expect_n, forbid


def test_a_tool_reference_names_the_app_class_the_scenario_builds() -> None:
    # add_reminder is ARE's ReminderApp function; the log names the class that ran it.
    assert StatefulReminderApp.add_reminder is ReminderApp.add_reminder
    by_ref = expect("r", (StatefulReminderApp, "add_reminder"), title="x")
    assert by_ref == expect("r", "StatefulReminderApp", "add_reminder", title="x")
    assert expect("r", (ReminderApp, "add_reminder")).class_name == "ReminderApp"
    assert expect_n(2, "two", (StatefulReminderApp, "delete_reminder")).count == 2
    banned = forbid("no", (StatefulMessagingApp, "send_message"), user_id="+1")
    assert banned.expectation.wanted() == "StatefulMessagingApp.send_message(user_id='+1')"


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (
            (StatefulReminderApp.add_reminder,),
            TypeError,
            r"got the function ReminderApp.add_reminder.*write \(AppClass, 'add_reminder'\)",
        ),
        ((("StatefulReminderApp", "add_reminder"),), TypeError, r"\(AppClass, 'function_name'\)"),
        (((dict, "get"),), TypeError, "dict is not an app class"),
        (
            ((StatefulReminderApp, "add_remindr"),),
            ValueError,
            "StatefulReminderApp has no tool 'add_remindr'; did you mean 'add_reminder'",
        ),
        (((StatefulReminderApp, "get_state"),), ValueError, "get_state is not a tool"),
        (("StatefulReminderApp",), TypeError, "got the class name 'StatefulReminderApp' but no"),
        (
            ((StatefulReminderApp, "add_reminder"), "add_reminder"),
            TypeError,
            "a tool reference and the function name",
        ),
    ],
)
def test_a_wrong_tool_reference_says_how_to_write_it(
    args: tuple[Any, ...], error: type[Exception], message: str
) -> None:
    for rule in (expect, forbid):
        with pytest.raises(error, match=message):
            rule("description", *args)


def test_rule_arguments_may_share_a_name_with_the_rule_parameters() -> None:
    rule = expect("d", (StatefulReminderApp, "add_reminder"), description="slides", tool="x")
    assert dict(rule.args) == {"description": "slides", "tool": "x"}
