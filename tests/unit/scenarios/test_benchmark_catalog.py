"""The catalogue: difficulty is computed by a written rule, and docs/benchmark.md is current."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest
from shipped import SCENARIO_FILES

from pytest_pare.scenarios.catalog import (
    ScenarioFacts,
    difficulty_of,
    difficulty_points,
    main,
    render_benchmark,
    render_hard_split,
    scenario_facts,
    shipped_facts,
)

ROOT = Path(__file__).resolve().parents[3]
SCENARIO_DIR = ROOT / "scenarios"

SIMPLE = ScenarioFacts(
    scenario_id="simple",
    apps=("messaging", "reminder"),
    tags=("scheduling", "easy"),
    story_events=1,
    oracle_writes=1,
    distractors=0,
    horizon=60.0,
)


def load(path: Path) -> type:
    from pytest_pare.scenarios.registration import import_scenario_module

    (cls,) = import_scenario_module(path)
    return cls


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_a_shipped_scenario_carries_the_difficulty_the_rule_gives(path: Path) -> None:
    facts = scenario_facts(load(path))
    computed = difficulty_of(facts)
    points = ", ".join(f"{k} {v}" for k, v in difficulty_points(facts).items())
    assert facts.declared_difficulty == computed, (
        f"{path.stem}: tag it {computed!r} and no other difficulty ({points}; "
        "docs/authoring.md#difficulty)"
    )


@pytest.mark.parametrize(
    ("change", "level"),
    [
        ({}, "easy"),
        ({"oracle_writes": 2}, "easy"),  # 1 event + 2 writes: a chain of 3 is 1 point
        ({"oracle_writes": 3}, "medium"),  # a chain of 4: 2 points
        ({"apps": ("email", "messaging", "calendar")}, "easy"),
        ({"apps": ("email", "messaging", "calendar", "cab")}, "medium"),
        ({"distractors": 1, "oracle_writes": 2}, "medium"),
        ({"distractors": 5}, "medium"),  # distractors count up to 2 points
        ({"horizon": 3599.0}, "easy"),
        ({"horizon": 3600.0, "distractors": 1}, "medium"),
        ({"horizon": 86400.0}, "medium"),
        ({"horizon": 86400.0, "apps": ("email", "messaging", "calendar")}, "hard"),
        ({"oracle_writes": 3, "distractors": 1}, "hard"),
    ],
)
def test_the_difficulty_rule_adds_up_chain_apps_distractors_and_horizon(
    change: dict[str, object], level: str
) -> None:
    assert difficulty_of(dataclasses.replace(SIMPLE, **change)) == level


def test_docs_benchmark_and_the_hard_split_are_what_the_scenarios_give() -> None:
    facts = shipped_facts(SCENARIO_DIR)
    fix = "run python -m pytest_pare.scenarios.catalog --write"
    assert (ROOT / "docs" / "benchmark.md").read_text(encoding="utf-8") == render_benchmark(
        facts
    ), f"docs/benchmark.md is stale: {fix}"
    hard = (SCENARIO_DIR / "splits" / "hard.txt").read_text(encoding="utf-8")
    assert hard == render_hard_split(facts), f"scenarios/splits/hard.txt is stale: {fix}"


def test_the_table_has_one_row_per_scenario_with_its_apps_kind_and_difficulty() -> None:
    abstain = dataclasses.replace(
        SIMPLE, scenario_id="quiet", tags=("abstain", "easy"), oracle_writes=0
    )
    page = render_benchmark([SIMPLE, abstain])
    assert "| simple | messaging, reminder | ordinary | easy | 0/0/0/0 | scheduling |" in page
    assert "| quiet | messaging, reminder | abstain | easy | 0/0/0/0 |  |" in page
    assert "| abstain | 1 | 0 | 0 | 1 |" in page


STORY = '''
from __future__ import annotations

from datetime import UTC, datetime

from are.simulation.types import EventRegisterer

from pytest_pare.apps import StatefulEmailApp, StatefulReminderApp
from pytest_pare.scenarios import PAREScenario, register_scenario
from pytest_pare.scenarios.checks import Rules, expect, forbid


@register_scenario("catalog_probe")
class CatalogProbe(PAREScenario):
    """A notice now, a follow-up two days later, a reminder after that."""

    start_time = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp()
    tags = ("scheduling", "{tag}")

    def init_and_populate_apps(self) -> None:
        self.email = StatefulEmailApp(name="Emails")
        self.reminders = StatefulReminderApp(name="Reminders")
        self.apps = [self.email, self.reminders]

    def build_events_flow(self) -> None:
        with EventRegisterer.capture_mode():
            notice = self.email.send_email_to_user_with_id(
                email_id="m1", sender="a@b.example", subject="Notice", content="Renew."
            ).delayed(60)
            later = self.email.send_email_to_user_with_id(
                email_id="m2", sender="a@b.example", subject="Again", content="Renew!"
            ).depends_on(notice, delay_seconds=2 * 86400)
            unrelated = self.email.send_email_to_user_with_id(
                email_id="m3", sender="c@d.example", subject="Hi", content="Hello."
            ).delayed(120)
            proposal, accept = self.propose("A reminder?", after=later, accept="Yes.")
            remind = self.oracle(self.reminders, after=accept).add_reminder(
                title="Renew", due_datetime="2026-03-06 09:00:00", description=""
            )
        self.events = [notice, later, unrelated, proposal, accept, remind]

    def expected_actions(self) -> Rules:
        return (
            expect("a reminder", (StatefulReminderApp, "add_reminder")),
            forbid("a reply", (StatefulEmailApp, "reply_to_email")),
        )
'''


def test_facts_are_read_off_the_built_scenario(tmp_path: Path, clean_registry: object) -> None:
    from pytest_pare.scenarios.registration import import_scenario_module

    path = tmp_path / "catalog_probe.py"
    path.write_text(textwrap.dedent(STORY.replace("{tag}", "hard")), encoding="utf-8")
    facts = scenario_facts(import_scenario_module(path)[0])
    assert facts.apps == ("email", "reminder")
    assert (facts.story_events, facts.oracle_writes) == (3, 1)
    # The forbid, and the mail no oracle step waits on.
    assert facts.distractors == 2
    # 60 s + 2 days, then the proposal (+10), the answer (+5) and the reminder (+2).
    assert facts.horizon == 60 + 2 * 86400 + 17
    assert difficulty_points(facts) == {"chain": 2, "apps": 0, "distractors": 2, "horizon": 2}
    assert difficulty_of(facts) == "hard"


def test_check_reports_a_stale_page_and_write_mends_it(
    tmp_path: Path, clean_registry: object, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "scenarios" / "splits").mkdir(parents=True)
    story = textwrap.dedent(STORY.replace("{tag}", "hard"))
    (tmp_path / "scenarios" / "catalog_probe.py").write_text(story, encoding="utf-8")
    (tmp_path / "docs" / "benchmark.md").write_text("old\n", encoding="utf-8")

    assert main(["--root", str(tmp_path), "--check"]) == 1
    assert "benchmark.md is stale: run python -m pytest_pare.scenarios.catalog --write" in (
        capsys.readouterr().out
    )
    assert main(["--root", str(tmp_path), "--write"]) == 0
    assert main(["--root", str(tmp_path), "--check"]) == 0
    assert (tmp_path / "scenarios" / "splits" / "hard.txt").read_text().endswith("catalog_probe\n")
