"""Shipped scenarios: tags follow the writes, strict oracle names its step, yes is not no.

- A scenario's capability tags must say what its oracle writes do (``-k scheduling``
  selects by tag, so a reminder scenario without the tag drops out of that run).
- ``--pare-strict-oracle`` names the raising step with a readable simulated time,
  also through the plugin in two xdist workers and amid background events.
- The RSVP and decline validators reject a reply that says the opposite.
"""

from __future__ import annotations

import sys
import textwrap
import types
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from shipped import SCENARIO_DIR, SCENARIO_FILES

from pytest_pare.scenarios.checks import is_write

# The tag an oracle write on each app implies (CAPABILITY_TAGS' own definitions).
TAG_OF_WRITE = {
    "StatefulCalendarApp": "scheduling",
    "StatefulReminderApp": "scheduling",
    "StatefulMessagingApp": "communication",
    "StatefulEmailApp": "communication",
    "StatefulCabApp": "travel",
    "StatefulShoppingApp": "purchasing",
    "StatefulApartmentApp": "housing",
}


def load(path: Path) -> type:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    return cls


def oracle_writes(cls: type) -> list[Any]:
    from are.simulation.types import OracleEvent

    scenario = cls()
    scenario.initialize()
    actions = [e.make_event(None).action for e in scenario.events if isinstance(e, OracleEvent)]
    return [a for a in actions if is_write(a)]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_a_scenario_carries_the_tag_of_every_kind_of_write_its_oracle_makes(path: Path) -> None:
    cls = load(path)
    implied = {
        TAG_OF_WRITE[a.class_name] for a in oracle_writes(cls) if a.class_name in TAG_OF_WRITE
    }
    missing = implied - set(cls.tags)
    assert not missing, f"{path.stem} writes but lacks the tags {sorted(missing)}"


# ------------------------------------------------------- strict oracle: the failing step

START = datetime(2026, 4, 7, 9, 0, tzinfo=UTC).timestamp()

PROBE_SOURCE = '''
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from are.simulation.types import EventRegisterer

from pytest_pare.apps import HomeScreenSystemApp, PAREAgentUserInterface, StatefulEmailApp
from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.checks import check_actions, expect, mentions
{register_import}


{decorator}
class {name}(PAREScenario):
    """Nadia asks whether Thursday works; the reply says yes.

    With RAISES, the oracle also replies to a mail that does not exist: that step
    raises, yet validation alone still passes (the good reply is there).
    """

    scenario_id = "{scenario_id}"
    start_time = datetime(2026, 4, 7, 9, 0, tzinfo=UTC).timestamp()
    tags = ("communication",)
    RAISES = {raises}

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.apps = [
            HomeScreenSystemApp(name="System"),
            PAREAgentUserInterface(),
            StatefulEmailApp(name="Emails"),
        ]

    def build_events_flow(self) -> None:
        aui = self.get_typed_app(PAREAgentUserInterface)
        email = self.get_typed_app(StatefulEmailApp, "Emails")
        with EventRegisterer.capture_mode():
            ask = email.send_email_to_user_with_id(
                email_id="mail-nadia", sender="nadia@kestrel.io",
                subject="Thursday?", content="Does Thursday 10:00 work for the review?",
            ).delayed(20)
            propose = aui.send_message_to_user(content="Reply yes to Nadia?").oracle().depends_on(
                ask, delay_seconds=10)
            accept = aui.accept_proposal(content="Yes").oracle().depends_on(
                propose, delay_seconds=5)
            reply = email.reply_to_email(
                email_id="mail-nadia", content="Thursday 10:00 works."
            ).oracle().depends_on(accept, delay_seconds=2)
            self.events = [ask, propose, accept, reply]
            if self.RAISES:
                self.events.append(email.reply_to_email(
                    email_id="mail-that-never-came", content="Thursday works."
                ).oracle().depends_on(reply, delay_seconds=3))

    def validate(self, env):
        return check_actions(env, expect(
            "Nadia told Thursday works", "StatefulEmailApp", "reply_to_email",
            email_id="mail-nadia", content=mentions("thursday")))
'''


def probe_class(raises: bool) -> type:
    """The probe scenario as an unregistered class (the registry stays clean)."""
    source = PROBE_SOURCE.format(
        register_import="",
        decorator="",
        name="Probe",
        scenario_id="qa_strict_probe",
        raises=raises,
    )
    name = f"qa_issue8_probe_{'raising' if raises else 'clean'}"
    module = sys.modules.get(name)
    if module is None:
        # A real module: ARE's dataclass machinery looks the class's module up.
        module = types.ModuleType(name)
        sys.modules[name] = module
        exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102
    return module.Probe


def test_strict_oracle_names_the_raising_step_with_its_simulated_time() -> None:
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig

    raising = probe_class(raises=True)
    lenient = run_scenario(raising, ScenarioRunnerConfig(oracle=True))
    assert lenient.success is True, "validation alone cannot see the raising step"

    strict = run_scenario(raising, ScenarioRunnerConfig(oracle=True, strict_oracle=True))

    assert strict.success is False and strict.exception is None
    # ask +20 s, proposal +30, accept +35, reply +37, the raising reply +40.
    assert "strict oracle: 1 oracle step(s) raised: " in strict.rationale
    assert "t=2026-04-07 09:00:40 (+40s) StatefulEmailApp.reply_to_email" in strict.rationale
    assert "mail-that-never-came" in strict.rationale


def test_strict_oracle_passes_the_same_story_without_the_raising_step() -> None:
    from pytest_pare.runner import run_scenario
    from pytest_pare.scenarios import ScenarioRunnerConfig

    result = run_scenario(
        probe_class(raises=False), ScenarioRunnerConfig(oracle=True, strict_oracle=True)
    )
    assert result.success is True, result.rationale


def _project(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\npare_scenario_paths = scenarios\n")
    folder = pytester.mkdir("scenarios")
    for scenario_id, raises in (("qa_clean_probe", False), ("qa_raising_probe", True)):
        source = PROBE_SOURCE.format(
            register_import="from pytest_pare.scenarios.utils.registry import register_scenario",
            decorator=f'@register_scenario("{scenario_id}")',
            name="Probe",
            scenario_id=scenario_id,
            raises=raises,
        )
        (folder / f"{scenario_id}.py").write_text(textwrap.dedent(source), encoding="utf-8")


@pytest.mark.slow
def test_strict_oracle_through_the_plugin_in_two_workers_amid_background_events(
    pytester: pytest.Pytester,
) -> None:
    _project(pytester)

    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-n", "2", "--pare-oracle", "--pare-strict-oracle",
        "--pare-env-events-per-minute=5",
    )  # fmt: skip

    # The clean story stays clean amid the noise; the raising one fails on its step.
    result.assert_outcomes(passed=1, failed=1)
    text = result.stdout.str()
    assert "FAILED scenarios/qa_raising_probe.py::qa_raising_probe" in text
    assert "(+40s) StatefulEmailApp.reply_to_email" in text


# ------------------------------------------------------- free-text checks that mean yes or no


class _Env:
    """Just enough of an environment for ``validate``: an event log of AGENT calls."""

    def __init__(self, *calls: tuple[str, str, dict[str, Any]]) -> None:
        from are.simulation.types import Action, CompletedEvent, EventMetadata, EventType

        entries = []
        for time, (class_name, function_name, args) in enumerate(calls, start=1):

            def function(**kwargs: Any) -> None:
                return None

            function.__name__ = function_name
            app = type(class_name, (), {})()
            entries.append(
                CompletedEvent(
                    event_type=EventType.AGENT,
                    action=Action(function=function, args=args, app=app),
                    event_time=float(time),
                    metadata=EventMetadata(),
                )
            )
        self.event_log = type("Log", (), {"list_view": lambda _self: list(entries)})()


PROPOSAL = ("PAREAgentUserInterface", "send_message_to_user", {"content": "Shall I?"})


def _shipped(stem: str) -> Any:
    scenario = load(SCENARIO_DIR / f"{stem}.py")()
    scenario.initialize()
    return scenario


@pytest.mark.parametrize(
    ("reply", "passes"),
    [
        ("Congratulations! Yes, I'll be there on Sept 26.", True),
        ("So happy for you both - I'll attend, wouldn't miss it.", True),
        ("Congratulations! Sadly I can't attend, I'm abroad that week.", False),
        ("I regret that I'm unable to attend.", False),
    ],
)
def test_the_rsvp_check_takes_a_yes_and_rejects_a_regret(reply: str, passes: bool) -> None:
    wedding = _shipped("wedding_rsvp_reply_calendar")
    env = _Env(
        PROPOSAL,
        ("StatefulEmailApp", "reply_to_email", {"email_id": wedding.invite_id, "content": reply}),
        ("StatefulCalendarApp", "add_calendar_event", {"start_datetime": "2026-09-26 16:00:00"}),
    )
    result = wedding.validate(env)
    assert result.success is passes, result.rationale


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("Sorry, I can't on Thursday - I'm presenting at the board review until 4.", True),
        ("Sure, I'll grab Milo after the board review!", False),
        ("Sorry, I can't.", False),
    ],
)
def test_the_pickup_decline_must_decline_and_give_the_reason(text: str, passes: bool) -> None:
    school = _shipped("school_pickup_conflict_decline")
    env = _Env(
        PROPOSAL,
        ("StatefulMessagingApp", "send_message", {"user_id": school.dana_id, "content": text}),
    )
    assert school.validate(env).success is passes


def test_a_pickup_booked_inside_the_board_review_fails_whatever_the_time_format() -> None:
    school = _shipped("school_pickup_conflict_decline")
    decline = "Sorry, I can't - board review."
    for start in ("2026-10-22 15:15:00", "2026-10-22T15:15", "2026-10-22 14:45:00"):
        env = _Env(
            PROPOSAL,
            (
                "StatefulMessagingApp",
                "send_message",
                {"user_id": school.dana_id, "content": decline},
            ),
            ("StatefulCalendarApp", "add_calendar_event", {"start_datetime": start}),
        )
        result = school.validate(env)
        assert result.success is False, start
        assert "must not happen: a pickup booked over the board review" in result.rationale


def test_mentions_none_rejects_any_listed_word_and_non_text() -> None:
    from pytest_pare.scenarios.checks import mentions_none

    check = mentions_none("can't", "unable")
    assert check("Yes, count me in")
    assert not check("I CAN'T make it")
    assert not check(None)
    assert "none of" in repr(check) and "unable" in repr(check)
