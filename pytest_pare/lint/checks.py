"""The checks of one scenario: its oracle run, its oracle plan, its place in the splits.

Every check runs the scenario the way the runner does (``run_scenario``), never
a copy of it: the oracle run as is, the oracle run with its writes left out, and
the oracle played through the agents' real tools by the ``reference`` policy.
No model is called; a scenario takes a few tens of milliseconds.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_pare.agents.oracle_plan import (
    OracleStep,
    ScenarioDefect,
    describe_event,
    linked_events,
    oracle_plan,
)
from pytest_pare.lint._sites import event_sites

__all__ = ["Finding", "lint_scenario", "read_split", "scenario_file"]

FULL_SPLIT = "full.txt"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is, which scenario, what is wrong and how to fix it."""

    path: str
    line: int
    scenario_id: str
    code: str
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: {self.scenario_id}: {self.code}"
        return f"{where}: {self.what}; fix: {self.fix}"


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the working directory when it is under it."""
    absolute = Path(path).resolve()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def scenario_file(cls: type) -> Path | None:
    """The file that defines a scenario class."""
    module = sys.modules.get(cls.__module__)
    file = getattr(module, "__file__", None)
    return Path(file) if file else None


def read_split(path: Path) -> list[tuple[int, str]]:
    """``(line, scenario id)`` of a split file: one id a line, ``#`` starts a comment."""
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        scenario_id = line.split("#", 1)[0].strip()
        if scenario_id:
            entries.append((number, scenario_id))
    return entries


@dataclass
class _Observed:
    """What one run left behind: the result, and the scenario and environment it ran on."""

    result: Any
    scenario: Any = None
    env: Any = None


class _ScenarioLint:
    """The checks of one scenario class, sharing its oracle run and plan."""

    def __init__(self, cls: type, path: Path, seed: int) -> None:
        self.cls = cls
        self.path = path
        self.shown = shown_path(path)
        self.scenario_id = str(getattr(cls, "scenario_id", None) or cls.__name__)
        self.seed = seed
        self.class_line = _class_line(cls)
        self.sites: dict[int, int] = {}
        self.findings: list[Finding] = []

    # -- plumbing ------------------------------------------------------------------------------

    def add(self, code: str, what: str, fix: str, line: int | None = None) -> None:
        self.findings.append(
            Finding(self.shown, line or self.class_line, self.scenario_id, code, what, fix)
        )

    def run(self, *, policy: str | None, muted: frozenset[str] = frozenset()) -> _Observed:
        """One run through the runner: the oracle (``policy=None``) or a scripted policy."""
        from pytest_pare.runner import run_scenario
        from pytest_pare.scenarios import ScenarioRunnerConfig

        if policy is None:
            config = ScenarioRunnerConfig(oracle=True, seed=self.seed)
        else:
            config = ScenarioRunnerConfig(
                seed=self.seed, user_model=policy, observe_model=policy, execute_model=policy
            )
        observed = _Observed(result=None)

        def prepared(run: Any) -> None:
            observed.scenario, observed.env = run.scenario, run.env
            if muted:
                _mute(run.env, muted)

        observed.result = run_scenario(self.cls, config, on_prepared=prepared)
        return observed

    def line_of(self, scenario: Any, event_id: str) -> int | None:
        for event in linked_events(scenario):
            if event.event_id == event_id:
                return self.sites.get(id(event))
        return None

    # -- checks --------------------------------------------------------------------------------

    def check(self) -> list[Finding]:
        with event_sites(self.path) as sites:
            oracle = self.run(policy=None)
        self.sites = sites
        if oracle.scenario is None or oracle.env is None:
            self.add(
                "oracle-fails",
                f"the scenario cannot be built: {_exception_line(oracle.result.exception)}",
                "make init_and_populate_apps and build_events_flow run",
            )
            return self.findings
        plan = oracle_plan(oracle.scenario)
        self.check_tags()
        self.check_event_ids(oracle.scenario)
        self.check_oracle(oracle)
        self.check_horizon(oracle)
        oracle_defects = bool(self.findings)
        plan_defects = self.check_plan(oracle.scenario, plan)
        if oracle.result.success is True and not _rewards_restraint(oracle.scenario):
            self.check_writes_matter(plan)
        if not (oracle_defects or plan_defects):
            # Only a plan that passes the other checks: an agent run would report the same
            # broken step again.
            self.check_agent_can_play(oracle.scenario)
        return self.findings

    def check_tags(self) -> None:
        from pytest_pare.scenarios.checks import KNOWN_TAGS, check_tags

        unknown = check_tags(getattr(self.cls, "tags", None) or ())
        if unknown:
            self.add(
                "unknown-tag",
                f"tags {', '.join(map(repr, unknown))} are not known tags",
                f"use tags from {', '.join(sorted(KNOWN_TAGS))}",
            )

    def check_event_ids(self, scenario: Any) -> None:
        listed = list(getattr(scenario, "events", None) or [])
        counts = Counter(e.event_id for e in listed)
        for event_id, n in sorted(counts.items()):
            if n > 1:
                self.add(
                    "duplicate-event-id",
                    f"{n} events share the id {event_id!r}",
                    "give each event its own id (or none: ARE makes unique ones)",
                    self.line_of(scenario, event_id),
                )

    def check_oracle(self, oracle: _Observed) -> None:
        from are.simulation.types import EventType

        result = oracle.result
        if result.exception is not None:
            self.add(
                "oracle-fails",
                f"the oracle run raised {_exception_line(result.exception)}",
                "fix what raised (the scenario's code or its events)",
            )
        elif result.success is not True:
            self.add(
                "oracle-fails",
                f"the oracle run fails its own validation: {_one_line(result.rationale)}",
                "make validate() accept what the oracle steps do, or fix the oracle steps",
            )
        for event in oracle.env.event_log.list_view():
            error = getattr(getattr(event, "metadata", None), "exception", None)
            if error is None or event.event_type != EventType.AGENT:
                continue
            self.add(
                "oracle-step-raises",
                f"oracle step {describe_event(event)} raises: {_one_line(error)}",
                "fix its arguments or the data the scenario seeds (an oracle step must succeed)",
                self.line_of(oracle.scenario, event.event_id),
            )

    def check_horizon(self, oracle: _Observed) -> None:
        env, scenario = oracle.env, oracle.scenario
        if oracle.result.exception is not None:
            return  # the run stopped early: what did not run says nothing
        ran = {e.event_id for e in env.event_log.list_view()}
        start = float(scenario.start_time or 0.0)
        end = env.end_time
        never = [
            e
            for e in linked_events(scenario)
            if _is_scheduled_event(e) and e.event_id not in ran and not _ran_as_condition(e, ran)
        ]
        never_ids = {e.event_id for e in never}
        for event in never:
            line = self.sites.get(id(event))
            label = describe_event(event)
            when = event.event_time
            if when is not None and end is not None and when > end:
                self.add(
                    "outside-horizon",
                    f"{label} is scheduled at +{when - start:.0f}s, after the scenario's "
                    f"duration ({end - start:g}s), so it never runs",
                    "lengthen the scenario's duration (or set none) or schedule it earlier",
                    line,
                )
            elif not any(d.event_id in never_ids for d in event.dependencies):
                waits = ", ".join(
                    describe_event(d) for d in event.dependencies if d.event_id not in ran
                )
                self.add(
                    "outside-horizon",
                    f"{label} never runs in the oracle run"
                    + (f": it waits on {waits}" if waits else ""),
                    "make what it waits on happen (a condition that holds), or drop the event",
                    line,
                )

    def check_plan(self, scenario: Any, plan: list[OracleStep]) -> bool:
        """The static checks of the plan; True when one found something."""
        before = len(self.findings)
        given = _assistant_tools(scenario)
        first_proposal = next((s.index for s in plan if s.is_proposal), None)
        for step in plan:
            line = self.line_of(scenario, step.event_id)
            changes = _changes_state(step)
            if changes and (first_proposal is None or step.index < first_proposal):
                self.add(
                    "write-before-proposal",
                    f"oracle {step.label} writes before the first proposal; the assistant only "
                    "has read-only tools until the user accepts one",
                    "put a send_message_to_user proposal and the user's accept_proposal before it",
                    line,
                )
            if step.actor == "assistant" and step.tool not in given:
                self.add(
                    "tool-not-given",
                    f"oracle {step.label} calls {step.tool}, a tool the assistant is not given",
                    f"use one of the assistant's app tools, or make {step.function} an "
                    f"@app_tool of {step.app_class}",
                    line,
                )
            if step.blocked_by:
                self.add(
                    "agent-cannot-play",
                    f"oracle {step.label} depends on a scripted event that itself depends on "
                    "an oracle step, so it never runs outside oracle mode",
                    "mark that event .oracle() if the assistant or the user does it, or make it "
                    "depend on an environment event",
                    line,
                )
        return len(self.findings) > before

    def check_writes_matter(self, plan: list[OracleStep]) -> None:
        # As tests/unit/test_scenario_validators.py: the state-changing steps; the proposal
        # alone when the assistant changes nothing.
        writes = [s for s in plan if _changes_state(s)] or [s for s in plan if s.is_proposal]
        if not writes:
            return
        muted = self.run(policy=None, muted=frozenset(s.event_id for s in writes))
        if muted.result.success is True:
            names = ", ".join(s.label for s in writes[:3]) + (" ..." if len(writes) > 3 else "")
            self.add(
                "validation-ignores-writes",
                f"validation still passes when the oracle's {len(writes)} write(s) are left "
                f"out ({names}), so it does not check what the assistant must do",
                "expect() the writes in validate() (pytest_pare.scenarios.checks)",
            )

    def check_agent_can_play(self, scenario: Any) -> None:
        played = self.run(policy="reference")
        result = played.result
        if isinstance(result.exception, ScenarioDefect):
            defect = result.exception
            step = defect.step
            line = self.line_of(scenario, step.event_id) if step is not None else None
            self.add(
                "agent-cannot-play",
                f"played by an agent (the reference policy), {defect.what}",
                defect.fix or "make each oracle step one the assistant can make at that point",
                line,
            )
        elif result.exception is not None:
            self.add(
                "agent-cannot-play",
                f"the oracle played through the agents' tools raised "
                f"{_exception_line(result.exception)}",
                "fix what raised",
            )
        elif result.success is not True:
            self.add(
                "agent-cannot-play",
                "the oracle played through the agents' tools (--pare-model=reference) fails "
                f"validation: {_one_line(result.rationale)}",
                "make every oracle step one the assistant can make with its tools, in order",
            )


def lint_scenario(cls: type, path: Path | None = None, *, seed: int = 0) -> list[Finding]:
    """Every finding about one scenario class (its splits included).

    Args:
        cls: a registered scenario class.
        path: its file (default: the file of its module).
        seed: the run seed of the runs the checks make.

    Returns:
        The findings, in the order the checks found them (empty: lint-clean).
    """
    file = path or scenario_file(cls)
    if file is None:
        raise ValueError(f"{cls.__qualname__} has no source file to lint")
    lint = _ScenarioLint(cls, file, seed)
    findings = lint.check()
    return findings + _split_findings(lint)


def _split_findings(lint: _ScenarioLint) -> list[Finding]:
    splits = lint.path.parent / "splits"
    full = splits / FULL_SPLIT
    shown_full = shown_path(full)
    if not full.is_file():
        what = f"{shown_full} does not exist, so the scenario is in no split"
        fix = f"add {shown_full} listing every scenario id, one a line"
    elif lint.scenario_id not in {sid for _, sid in read_split(full)}:
        what = f"{shown_full} does not list it, so no split holds it"
        fix = f"add the line '{lint.scenario_id}' to {shown_full}"
    else:
        return []
    return [Finding(lint.shown, lint.class_line, lint.scenario_id, "not-in-split", what, fix)]


def _rewards_restraint(scenario: Any) -> bool:
    """An abstain or rejection story: its validator passes when nothing happens, by design.

    Their negative tests add a proposal, a repeated offer or a write instead
    (tests/unit/scenarios/test_shipped_scenario_mutations.py).
    """
    from pytest_pare.scenarios.checks import restraint_rule

    expected = getattr(scenario, "expected_actions", None)
    return callable(expected) and restraint_rule(expected()) is not None


def _changes_state(step: OracleStep) -> bool:
    """An assistant step that changes an app as validators judge it (by name: ARE logs some
    mutating tools, e.g. ``order_ride``, as READ); never the proposal."""
    from pytest_pare.scenarios.checks import is_write_call

    return step.actor == "assistant" and is_write_call(step.app_class, step.function)


def _mute(env: Any, event_ids: frozenset[str]) -> None:
    """Make ``env`` skip these events: they do nothing and log nothing, their dependants run."""
    process = env.process_event

    def process_event(event: Any) -> list[Any]:
        if event.event_id in event_ids:
            return list(env.get_successors(event))
        return list(process(event))

    # An instance attribute: tick() looks the method up on the instance first.
    env.process_event = process_event


def _is_scheduled_event(event: Any) -> bool:
    from are.simulation.types import ConditionCheckEvent, Event, OracleEvent

    return isinstance(event, Event | OracleEvent) and not isinstance(event, ConditionCheckEvent)


def _ran_as_condition(event: Any, ran: set[str]) -> bool:
    return any(i.startswith(f"{event.event_id}-CHECK") for i in ran)


def _assistant_tools(scenario: Any) -> set[str]:
    """The tool names the assistant is given (every app's tools but the hidden AUI readers)."""
    from pytest_pare.agents.proactive import HIDDEN_AUI_TOOLS

    names: set[str] = set()
    for app in getattr(scenario, "apps", None) or []:
        hidden = {f"{app.name}__{n}" for n in HIDDEN_AUI_TOOLS}
        names.update(t.name for t in app.get_tools() if t.name not in hidden)
    return names


def _class_line(cls: type) -> int:
    try:
        return inspect.getsourcelines(cls)[1]
    except (OSError, TypeError):
        return 1


def _one_line(text: object, limit: int = 240) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _exception_line(exc: BaseException | None) -> str:
    return f"{type(exc).__name__}: {_one_line(exc)}" if exc is not None else "nothing"
