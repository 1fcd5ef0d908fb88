"""The benchmark's catalogue: each scenario's apps, tags, kind and difficulty, read off the code.

``python -m pytest_pare.scenarios.catalog`` prints ``docs/benchmark.md`` (the
table of the shipped scenarios) from the scenarios themselves; ``--write``
writes it and ``scenarios/splits/hard.txt``, ``--check`` exits 1 when either
file differs from what the scenarios give.

Difficulty is computed, never chosen: each scenario is built once (no run)
and scored on four criteria, 0 to 2 points each (:func:`difficulty_points`):

- **chain**: the story's environment events plus the oracle's writes (what
  the assistant must connect and do): up to 2 -> 0, 3 -> 1, 4 or more -> 2;
- **apps**: phone apps: up to 2 -> 0, 3 -> 1, 4 or more -> 2;
- **distractors**: ``forbid`` rules (each names a planted wrong object, person
  or order) plus environment events no oracle step waits on: 0, 1, 2 or more;
- **horizon**: from the start to the last scheduled event: under an hour -> 0,
  under a day -> 1, a day or more -> 2.

Total 0-1 is ``easy``, 2 is ``medium``, 3 or more is ``hard``. Every shipped
scenario carries its difficulty as a tag, and a test checks it against this rule.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pytest_pare.scenarios._app_names import APP_SHORT_NAMES, KNOWN_APPS
from pytest_pare.scenarios.checks import (
    CAPABILITY_TAGS,
    DIFFICULTY_TAGS,
    KIND_TAGS,
    Forbidden,
    is_write,
)

__all__ = [
    "ORDINARY_KIND",
    "ScenarioFacts",
    "difficulty_of",
    "difficulty_points",
    "main",
    "render_benchmark",
    "scenario_facts",
    "shipped_facts",
]

ORDINARY_KIND: Final = "ordinary"
"""The kind of a scenario without a kind tag: propose, then act once accepted."""

HOUR: Final = 3600.0
DAY: Final = 86400.0

HARD_SPLIT_HEADER: Final = (
    "# The scenarios whose computed difficulty is hard; written by\n"
    "# python -m pytest_pare.scenarios.catalog --write (a test checks it is current)."
)


@dataclass(frozen=True)
class ScenarioFacts:
    """What the catalogue knows of one scenario, read off its built instance."""

    scenario_id: str
    apps: tuple[str, ...]
    """Short names of its phone apps, in the canonical order."""
    tags: tuple[str, ...]
    story_events: int
    """Environment events (everything scheduled that is not an oracle step)."""
    oracle_writes: int
    """The oracle's state-changing steps."""
    distractors: int
    """``forbid`` rules plus environment events that no oracle step waits on."""
    horizon: float
    """Seconds from the start to the last scheduled event."""

    @property
    def kinds(self) -> tuple[str, ...]:
        """Its kind tags, or ``("ordinary",)``."""
        return tuple(t for t in KIND_TAGS if t in self.tags) or (ORDINARY_KIND,)

    @property
    def capabilities(self) -> tuple[str, ...]:
        return tuple(sorted(t for t in self.tags if t in CAPABILITY_TAGS))

    @property
    def declared_difficulty(self) -> str | None:
        found = [t for t in self.tags if t in DIFFICULTY_TAGS]
        return found[0] if len(found) == 1 else None


def _points(value: float, one: float, two: float) -> int:
    return 0 if value < one else 1 if value < two else 2


def difficulty_points(facts: ScenarioFacts) -> dict[str, int]:
    """The points of each criterion (see the module docstring)."""
    return {
        "chain": _points(facts.story_events + facts.oracle_writes, 3, 4),
        "apps": _points(len(facts.apps), 3, 4),
        "distractors": min(facts.distractors, 2),
        "horizon": _points(facts.horizon, HOUR, DAY),
    }


def difficulty_of(facts: ScenarioFacts) -> str:
    """``easy`` (0-1 points), ``medium`` (2) or ``hard`` (3 or more)."""
    total = sum(difficulty_points(facts).values())
    return "easy" if total <= 1 else "medium" if total == 2 else "hard"


def scenario_facts(cls: type) -> ScenarioFacts:
    """Build one instance of ``cls`` (no run) and read its facts."""
    from are.simulation.types import OracleEvent

    from pytest_pare.scenarios.scenario import is_infrastructure_app

    scenario = cls()
    scenario.initialize()
    events = list(scenario.events or [])
    oracles = [e for e in events if isinstance(e, OracleEvent)]
    story = [e for e in events if not isinstance(e, OracleEvent)]
    writes = sum(1 for e in oracles if is_write(e.make_event(None).action))
    waited_on = _upstream(oracles)
    stray = [e for e in story if id(e) not in waited_on] if oracles else []
    rules = scenario.expected_actions() if hasattr(scenario, "expected_actions") else None
    forbids = sum(1 for rule in rules or () if isinstance(rule, Forbidden))
    names = {APP_SHORT_NAMES.get(type(app).__name__) for app in scenario.apps or []}
    apps = [app for app in scenario.apps or [] if not is_infrastructure_app(app)]
    unknown = [type(app).__name__ for app in apps if type(app).__name__ not in APP_SHORT_NAMES]
    return ScenarioFacts(
        scenario_id=str(getattr(cls, "scenario_id", cls.__name__)),
        apps=tuple(short for short in KNOWN_APPS if short in names) + tuple(unknown),
        tags=tuple(str(t) for t in getattr(cls, "tags", ()) or ()),
        story_events=len(story),
        oracle_writes=writes,
        distractors=forbids + len(stray),
        horizon=_horizon(events, float(scenario.start_time or 0.0)),
    )


def _upstream(events: Iterable[Any]) -> set[int]:
    """Ids (``id()``) of every event that ``events`` wait on, directly or not."""
    seen: set[int] = set()
    todo = [d for e in events for d in getattr(e, "dependencies", None) or []]
    while todo:
        event = todo.pop()
        if id(event) not in seen:
            seen.add(id(event))
            todo.extend(getattr(event, "dependencies", None) or [])
    return seen


def _horizon(events: Sequence[Any], start: float) -> float:
    """Seconds from the start to the last event, computed as ARE schedules them."""
    times: dict[int, float] = {}

    def time_of(event: Any) -> float:
        if id(event) not in times:
            if event.event_time is not None:  # scheduled at an absolute time
                times[id(event)] = float(event.event_time) - start
            else:
                deps = getattr(event, "dependencies", None) or []
                after = max((time_of(d) for d in deps), default=0.0)
                times[id(event)] = after + float(event.event_relative_time or 0.0)
        return times[id(event)]

    return max((time_of(e) for e in events), default=0.0)


def shipped_facts(directory: Path) -> list[ScenarioFacts]:
    """The facts of every scenario module in ``directory`` (not ``_*.py``), by id."""
    from pytest_pare.scenarios.registration import import_scenario_module

    facts: list[ScenarioFacts] = []
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_") or path.name == "conftest.py":
            continue
        facts.extend(scenario_facts(cls) for cls in import_scenario_module(path))
    return sorted(facts, key=lambda f: f.scenario_id)


# ------------------------------------------------------------------------------- the page


def _counts_line(counter: Counter[str], order: Iterable[str]) -> str:
    return " | ".join(str(counter.get(name, 0)) for name in order)


def render_benchmark(facts: Sequence[ScenarioFacts]) -> str:
    """``docs/benchmark.md``: the summary tables and one row per scenario."""
    kinds_order = (ORDINARY_KIND, *KIND_TAGS)
    levels = tuple(DIFFICULTY_TAGS)
    per_app = Counter(app for f in facts for app in f.apps)
    per_kind = Counter(kind for f in facts for kind in f.kinds)
    per_level = Counter(difficulty_of(f) for f in facts)
    per_capability = Counter(tag for f in facts for tag in f.capabilities)
    multi = sum(1 for f in facts if len(f.apps) >= 3)
    lines = [
        "# The benchmark",
        "",
        "<!-- Generated by `python -m pytest_pare.scenarios.catalog --write` from the",
        "     scenarios themselves; a test checks it is current. Do not edit by hand. -->",
        "",
        f"{len(facts)} scenarios in `scenarios/`; {multi} use three or more apps. Kinds and "
        "difficulty are tags (`-k abstain`, `-k hard`, `--pare-split hard`); the kinds and "
        "the difficulty rule are described in [authoring.md](authoring.md#kinds-when-doing-"
        "nothing-is-right) and [authoring.md](authoring.md#difficulty).",
        "",
        "## By app",
        "",
        "| " + " | ".join(KNOWN_APPS) + " |",
        "|" + "---|" * len(KNOWN_APPS),
        "| " + _counts_line(per_app, KNOWN_APPS) + " |",
        "",
        "## By kind and difficulty",
        "",
        "| kind | " + " | ".join(levels) + " | all |",
        "|---|" + "---|" * (len(levels) + 1),
    ]
    for kind in kinds_order:
        of_kind = [f for f in facts if kind in f.kinds]
        by_level = Counter(difficulty_of(f) for f in of_kind)
        lines.append(f"| {kind} | {_counts_line(by_level, levels)} | {len(of_kind)} |")
    lines.append(f"| all | {_counts_line(per_level, levels)} | {len(facts)} |")
    lines += [
        "",
        "A scenario may have two kinds (e.g. `long-horizon` and `rejection`); it is",
        "counted under each. Kinds: "
        + ", ".join(f"{k} {per_kind.get(k, 0)}" for k in kinds_order)
        + ".",
        "",
        "## By capability tag",
        "",
        "| tag | scenarios |",
        "|---|---|",
    ]
    lines += [f"| {tag} | {per_capability.get(tag, 0)} |" for tag in sorted(CAPABILITY_TAGS)]
    lines += [
        "",
        "## Scenarios",
        "",
        "Points per criterion: chain / apps / distractors / horizon (each 0-2).",
        "",
        "| scenario | apps | kind | difficulty | points | capability tags |",
        "|---|---|---|---|---|---|",
    ]
    for f in facts:
        points = "/".join(str(p) for p in difficulty_points(f).values())
        lines.append(
            f"| {f.scenario_id} | {', '.join(f.apps)} | {', '.join(f.kinds)} | "
            f"{difficulty_of(f)} | {points} | {', '.join(f.capabilities)} |"
        )
    return "\n".join(lines) + "\n"


def render_hard_split(facts: Sequence[ScenarioFacts]) -> str:
    """``scenarios/splits/hard.txt``: the ids whose computed difficulty is hard."""
    ids = [f.scenario_id for f in facts if difficulty_of(f) == "hard"]
    return "\n".join([HARD_SPLIT_HEADER, *ids]) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m pytest_pare.scenarios.catalog",
        description="Print (or write, or check) docs/benchmark.md and the hard split.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project's folder")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write both files")
    action.add_argument("--check", action="store_true", help="exit 1 when a file is stale")
    args = parser.parse_args(argv)
    scenarios = args.root / "scenarios"
    if not scenarios.is_dir():
        parser.error(f"{scenarios} is not a folder: run from the project's folder or give --root")
    facts = shipped_facts(scenarios)
    wanted = {
        args.root / "docs" / "benchmark.md": render_benchmark(facts),
        scenarios / "splits" / "hard.txt": render_hard_split(facts),
    }
    if args.write:
        for path, text in wanted.items():
            path.write_text(text, encoding="utf-8")
        return 0
    if args.check:
        stale = [p for p, text in wanted.items() if _read(p) != text]
        for path in stale:
            print(f"{path} is stale: run python -m pytest_pare.scenarios.catalog --write")
        return 1 if stale else 0
    sys.stdout.write(wanted[args.root / "docs" / "benchmark.md"])
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


if __name__ == "__main__":
    raise SystemExit(main())
