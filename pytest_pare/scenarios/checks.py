"""Reusable validation helpers: what the assistant must, and must not, have done.

A scenario states what the assistant must have done as :func:`expect` entries
(the tool, and the arguments that matter) and, optionally, what it must not
have done as :func:`forbid` entries. ``PAREScenario.validate`` hands the rules
of ``expected_actions()`` to :func:`check_actions`:

    def expected_actions(self) -> Rules:
        return (
            expect("reply to Nadia", (StatefulEmailApp, "reply_to_email"),
                   email_id=self.invite_id, content=mentions("thursday")),
            forbid("message to the wrong Sam", (StatefulMessagingApp, "send_message"),
                   user_id=self.other_sam_id),
        )

A ``validate(self, env)`` of one's own may call ``check_actions(env, *rules)``.
The tool is an ``(AppClass, "function_name")`` pair, checked when the rule is
made, or the two names as strings (``"StatefulEmailApp", "reply_to_email"``),
compared as they are, as upstream validators compare ``action.class_name`` and
``action.function_name``.

Argument values are compared exactly unless they are matchers (``mentions``,
``same_items``, ``at_time``, ...), so an action on the wrong object, person or
date never counts. The rationale of a failure lists every missing action with
the arguments that were wanted, plus the closest calls that were seen.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeAlias

from are.simulation.apps.app import App
from are.simulation.scenarios.scenario import ScenarioValidationResult
from are.simulation.types import Action, EventType

#: The capability tags a scenario may carry (its ``tags`` class attribute).
CAPABILITY_TAGS: frozenset[str] = frozenset(
    {
        "goal-inference",  # the user never asks; the goal is read off incoming events
        "timing",  # the help is only useful at (or before) a specific moment
        "multi-app",  # the story needs three or more phone apps
        "conflict-detection",  # two commitments or facts contradict each other
        "follow-up",  # something promised or forgotten earlier needs closing
        "information-retrieval",  # the answer sits in seeded data the assistant must find
        "scheduling",  # calendar or reminder changes
        "purchasing",  # shopping cart, orders, discount codes
        "communication",  # messages or emails on the user's behalf
        "travel",  # cab rides
        "housing",  # apartment search and favourites
    }
)

#: What the right behaviour is, when it is not "propose, then act once accepted" (a
#: scenario carries at most one of ``abstain`` and ``rejection``; see :func:`abstain`
#: and :func:`declined`).
KIND_TAGS: Mapping[str, str] = MappingProxyType(
    {
        "abstain": "it looks actionable but is not: no proposal and no write is right",
        "rejection": "the user declines a fair proposal: no write, and no offering it again",
        "long-horizon": "the trigger and the deadline are days or weeks apart",
        "noise-sensitive": "the task needs recovering from a failed tool call",
    }
)

#: How hard a scenario is, by the rule in ``pytest_pare.scenarios.catalog`` (every
#: shipped scenario carries exactly one).
DIFFICULTY_TAGS: Mapping[str, str] = MappingProxyType(
    {
        "easy": "one write on one or two apps, nothing to tell apart, within the hour",
        "medium": "a longer chain, more apps, a decoy or a longer wait",
        "hard": "several of those at once",
    }
)

#: Every tag a scenario may carry.
KNOWN_TAGS: frozenset[str] = frozenset(CAPABILITY_TAGS | set(KIND_TAGS) | set(DIFFICULTY_TAGS))

#: Name of the assistant-to-user interface class that carries proposals.
UI_CLASS = "PAREAgentUserInterface"
PROPOSAL_FUNCTION = "send_message_to_user"
REJECT_FUNCTION = "reject_proposal"

# Function-name prefixes of tools that only read. Anything else an assistant
# calls is treated as a state change: ARE logs a few mutating tools as READ
# (``edit_calendar_event``, ``order_ride``), so the declared operation type
# alone would under-count writes.
READ_PREFIXES: tuple[str, ...] = (
    "get_",
    "list_",
    "search",
    "read_",
    "lookup_",
    "open_",
    "view_",
    "wait",
    "regex_search",
)


# --------------------------------------------------------------------------- matchers


@dataclass(frozen=True)
class Matcher:
    """A named predicate over one argument value; its ``description`` goes into rationales."""

    description: str
    predicate: Callable[[Any], bool]

    def __call__(self, value: Any) -> bool:
        try:
            return bool(self.predicate(value))
        except (TypeError, ValueError, AttributeError):
            # A value of the wrong shape (None, a number where text was expected)
            # is simply not a match; it must not abort the whole validation.
            return False

    def __repr__(self) -> str:
        return self.description


def _text(value: Any) -> str:
    return str(value).casefold()


def mentions(*words: str) -> Matcher:
    """Free text that contains every one of ``words`` (case-insensitive)."""
    wanted = [w.casefold() for w in words]
    return Matcher(
        f"text mentioning {' and '.join(repr(w) for w in words)}",
        lambda v: isinstance(v, str) and all(w in _text(v) for w in wanted),
    )


def mentions_any(*words: str) -> Matcher:
    """Free text that contains at least one of ``words`` (case-insensitive)."""
    wanted = [w.casefold() for w in words]
    return Matcher(
        f"text mentioning one of {', '.join(repr(w) for w in words)}",
        lambda v: isinstance(v, str) and any(w in _text(v) for w in wanted),
    )


def mentions_none(*words: str) -> Matcher:
    """Free text that contains none of ``words`` (case-insensitive).

    With :func:`all_of`, it keeps a reply that says the opposite ("can't attend")
    from passing a check for a yes ("attend").
    """
    unwanted = [w.casefold() for w in words]
    return Matcher(
        f"text mentioning none of {', '.join(repr(w) for w in words)}",
        lambda v: isinstance(v, str) and not any(w in _text(v) for w in unwanted),
    )


def all_of(*matchers: Matcher) -> Matcher:
    """A value that satisfies every one of ``matchers``."""
    return Matcher(
        " and ".join(m.description for m in matchers), lambda v: all(m(v) for m in matchers)
    )


def equals_text(expected: str) -> Matcher:
    """A string equal to ``expected`` up to case and surrounding whitespace."""
    return Matcher(
        f"{expected!r} (any case)",
        lambda v: isinstance(v, str) and v.strip().casefold() == expected.strip().casefold(),
    )


def same_digits(expected: str) -> Matcher:
    """A phone number with the same digits as ``expected`` (spaces, dashes, '+' ignored)."""
    digits = "".join(ch for ch in expected if ch.isdigit())
    return Matcher(
        f"the number {expected}",
        lambda v: (
            isinstance(v, str) and "".join(ch for ch in v if ch.isdigit()).endswith(digits[-10:])
        ),
    )


def one_of(*values: Any) -> Matcher:
    """Exactly one of ``values``."""
    return Matcher(f"one of {list(values)!r}", lambda v: v in values)


def same_items(*values: str) -> Matcher:
    """A list holding exactly ``values`` in any order (strings compared case-insensitively)."""
    wanted = sorted(_text(v) for v in values)
    return Matcher(
        f"exactly {sorted(values)!r}",
        lambda v: isinstance(v, (list, tuple)) and sorted(_text(x) for x in v) == wanted,
    )


def includes(*values: str) -> Matcher:
    """A list containing every one of ``values`` (strings compared case-insensitively)."""
    wanted = {_text(v) for v in values}
    return Matcher(
        f"a list including {sorted(values)!r}",
        lambda v: isinstance(v, (list, tuple)) and wanted <= {_text(x) for x in v},
    )


def _parse_time(value: Any) -> datetime:
    return datetime.fromisoformat(str(value).strip().replace("T", " "))


def at_time(expected: str) -> Matcher:
    """A ``YYYY-MM-DD HH:MM:SS`` datetime equal to ``expected`` (seconds may be omitted)."""
    target = _parse_time(expected)
    return Matcher(f"the time {expected}", lambda v: _parse_time(v) == target)


def between(earliest: str, latest: str) -> Matcher:
    """A ``YYYY-MM-DD HH:MM:SS`` datetime within ``[earliest, latest]``."""
    low, high = _parse_time(earliest), _parse_time(latest)
    return Matcher(
        f"a time between {earliest} and {latest}", lambda v: low <= _parse_time(v) <= high
    )


def approx(expected: float, tolerance: float = 0.01) -> Matcher:
    """A number within ``tolerance`` of ``expected``."""
    return Matcher(f"{expected} (+/- {tolerance})", lambda v: abs(float(v) - expected) <= tolerance)


def contains_key(key: str, value: Any) -> Matcher:
    """A dict whose ``key`` entry matches ``value`` (a plain value or a matcher)."""
    return Matcher(
        f"a dict with {key}={value!r}",
        lambda v: isinstance(v, Mapping) and key in v and _value_matches(v[key], value),
    )


def _value_matches(actual: Any, expected: Any) -> bool:
    if isinstance(expected, Matcher):
        return expected(actual)
    if isinstance(expected, str) and isinstance(actual, str):
        return actual.strip() == expected.strip()
    return bool(actual == expected)


# --------------------------------------------------------------------------- the log


def action_args(action: Action) -> dict[str, Any]:
    """The call's arguments (resolved placeholders win), without ``self``."""
    args = action.resolved_args or action.args or {}
    return {k: v for k, v in args.items() if k != "self"}


def agent_actions(env: Any) -> list[tuple[float, Action]]:
    """Every (time, action) the assistant side performed, in log order.

    Oracle events are logged as AGENT, including the simulated user's oracle
    acceptance; callers that care about who acted filter by class and function.
    Calls that raised are left out: they changed nothing.
    """
    out: list[tuple[float, Action]] = []
    for entry in env.event_log.list_view():
        if entry.event_type != EventType.AGENT or not isinstance(entry.action, Action):
            continue
        if entry.metadata is not None and entry.metadata.exception:
            continue  # a call that raised (e.g. an injected tool failure) did nothing
        out.append((float(entry.event_time or 0.0), entry.action))
    return out


def is_write(action: Action) -> bool:
    """Whether an action changes app state (see ``READ_PREFIXES`` for why not the op type)."""
    return is_write_call(action.class_name, action.function_name)


def is_write_call(class_name: str, function_name: str) -> bool:
    """``is_write`` of a call named by its app class and function (no Action needed)."""
    if class_name == UI_CLASS:
        return False
    return not function_name.startswith(READ_PREFIXES)


def _is_proposal(action: Action) -> bool:
    return action.class_name == UI_CLASS and action.function_name == PROPOSAL_FUNCTION


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expectation:
    """One action the assistant must (or must not) have taken."""

    description: str
    class_name: str
    function_name: str
    args: Mapping[str, Any] = field(default_factory=dict)
    count: int = 1

    def matches(self, action: Action) -> bool:
        if action.class_name != self.class_name or action.function_name != self.function_name:
            return False
        actual = action_args(action)
        return all(
            name in actual and _value_matches(actual[name], wanted)
            for name, wanted in self.args.items()
        )

    def met_by(self, actions: Iterable[Action]) -> bool:
        """Whether at least ``count`` of ``actions`` match."""
        return sum(1 for a in actions if self.matches(a)) >= self.count

    def wanted(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        times = f" x{self.count}" if self.count > 1 else ""
        return f"{self.class_name}.{self.function_name}({shown}){times}"


ToolRef: TypeAlias = tuple[type[App], str]
"""A tool as ``(AppClass, "function_name")``: the app class the scenario builds, and its method."""


def expect(
    description: str, tool: ToolRef | str, function_name: str | None = None, /, **args: Any
) -> Expectation:
    """An action that must appear (after the first proposal), with these arguments.

    Args:
        description: what the action achieves, for the failure rationale.
        tool: ``(AppClass, "function_name")``, or the app's class name as a string
            followed by ``function_name``.
        function_name: only with a class-name string.
        **args: the arguments that must match (values or matchers).

    Raises:
        TypeError: the tool is malformed (e.g. a bare method such as
            ``StatefulEmailApp.reply_to_email``, which cannot name the app class).
        ValueError: the app class has no logged method of that name.
    """
    class_name, function = _tool_names(tool, function_name, caller="expect")
    return Expectation(description, class_name, function, args)


def expect_n(
    count: int,
    description: str,
    tool: ToolRef | str,
    function_name: str | None = None,
    /,
    **args: Any,
) -> Expectation:
    """Like :func:`expect`, but at least ``count`` distinct matching calls must appear."""
    class_name, function = _tool_names(tool, function_name, caller="expect_n")
    return Expectation(description, class_name, function, args, count)


@dataclass(frozen=True)
class Forbidden:
    """An action that must not appear at all."""

    expectation: Expectation


def forbid(
    description: str, tool: ToolRef | str, function_name: str | None = None, /, **args: Any
) -> Forbidden:
    """An action that fails the scenario if it appears (the wrong object, person or order).

    The tool is given as for :func:`expect`.
    """
    class_name, function = _tool_names(tool, function_name, caller="forbid")
    return Forbidden(Expectation(description, class_name, function, args))


def _tool_names(
    tool: ToolRef | str, function_name: str | None = None, *, caller: str = "expect"
) -> tuple[str, str]:
    """The (class name, function name) that a logged action of ``tool`` carries.

    An ``(AppClass, "name")`` pair gives ``AppClass.__name__``: ARE logs an
    action with the class of the app that ran it, which is the class the
    scenario builds even when the method comes from an ARE base class. That is
    also why a bare method (``StatefulEmailApp.reply_to_email``) is refused: it
    is the base class's function and cannot tell which app class was meant.

    Raises:
        TypeError: a malformed reference (a bare method, a non-app class, a
            class name without a function name, or both forms at once).
        ValueError: the app class has no logged method of that name.
    """
    if isinstance(tool, str):
        if not isinstance(function_name, str):
            raise TypeError(
                f"{caller}() got the class name {tool!r} but no function name: write "
                f"{caller}(description, {tool!r}, 'function_name', ...) or "
                f"{caller}(description, ({tool}, 'function_name'), ...)"
            )
        return tool, function_name
    if function_name is not None:
        raise TypeError(
            f"{caller}() got a tool reference and the function name {function_name!r}: "
            "give (AppClass, 'function_name') alone, or the two names as strings"
        )
    if isinstance(tool, tuple) and len(tool) == 2 and isinstance(tool[0], type):
        app_class, name = tool
        if not issubclass(app_class, App):
            raise TypeError(
                f"{caller}(): {app_class.__name__} is not an app class; the tool is "
                "(AppClass, 'function_name') with the app class the scenario builds"
            )
        if not isinstance(name, str):
            raise TypeError(f"{caller}(): the function name must be a string, got {name!r}")
        _check_logged_method(app_class, name, caller)
        return app_class.__name__, name
    if callable(tool) and hasattr(tool, "__qualname__") and not isinstance(tool, type):
        name = getattr(tool, "__name__", "function_name")
        raise TypeError(
            f"{caller}() got the function {tool.__qualname__}, which cannot say which app "
            f"class the scenario uses (an inherited method belongs to the ARE base class): "
            f"write (AppClass, {name!r}) naming the app class your scenario builds"
        )
    raise TypeError(
        f"{caller}() takes the tool as (AppClass, 'function_name'), e.g. "
        f"(StatefulEmailApp, 'reply_to_email'), or as two strings; got {tool!r}"
    )


def _check_logged_method(app_class: type[App], name: str, caller: str) -> None:
    method = getattr(app_class, name, None)
    if method is None:
        logged = sorted(
            attr
            for attr in dir(app_class)
            if getattr(getattr(app_class, attr, None), "__event_registered__", False)
        )
        close = difflib.get_close_matches(name, logged, n=3)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"{caller}(): {app_class.__name__} has no tool {name!r}{hint}")
    if not getattr(method, "__event_registered__", False):
        raise ValueError(
            f"{caller}(): {app_class.__name__}.{name} is not a tool: its calls are never "
            "logged, so no action can match it"
        )


@dataclass(frozen=True)
class AnyOf:
    """Several acceptable ways to reach one outcome; one of them must be met."""

    description: str
    options: tuple[Expectation, ...]


def either(description: str, *options: Expectation) -> AnyOf:
    """One outcome with alternative actions (e.g. edit the event, or re-create it)."""
    if not options:
        raise ValueError("either() needs at least one expect(...) option")
    return AnyOf(description, tuple(options))


@dataclass(frozen=True)
class Abstain:
    """Nothing in the story is the assistant's to act on (see :func:`abstain`)."""

    description: str


def abstain(description: str) -> Abstain:
    """The right behaviour is to do nothing: any proposal or any write fails.

    For ``abstain`` scenarios: something arrives that looks actionable but is
    not (a newsletter, a request already answered, a clash that resolved
    itself). Reads are the assistant's business and never fail it. It cannot be
    combined with :func:`expect` or :func:`either` (they need a proposal and a
    write); :func:`forbid` may accompany it.

    Args:
        description: why nothing is to be done, for the failure rationale.
    """
    _check_description("abstain", description)
    return Abstain(description)


@dataclass(frozen=True)
class Declined:
    """The user declines the assistant's offer (see :func:`declined`)."""

    description: str
    offer: Matcher


def declined(description: str, *, offer: Matcher) -> Declined:
    """The user declines a reasonable offer: the assistant must not act, nor offer it again.

    For ``rejection`` scenarios. The run fails when the assistant

    - changes anything (any write, before or after the user's answer), or
    - after the user rejected a proposal ``P``, proposes ``Q`` that is *the
      same thing*: ``offer`` matches both ``P`` and ``Q``, or ``Q`` is ``P``
      again up to case, punctuation and spacing.

    An assistant that never proposes passes: nothing was declined, nothing
    done, which is what this user wanted. It cannot be combined with
    :func:`expect` or :func:`either`; a story in which the user declines one
    offer and accepts another is an ordinary scenario with a :func:`forbid`.

    Args:
        description: what was declined and why, for the failure rationale.
        offer: a matcher that recognises a proposal's text as this offer, e.g.
            ``mentions_any("cab", "ride", "taxi")``; make it broad enough for a
            reworded offer. It must match the scenario's own proposal.
    """
    _check_description("declined", description)
    if not isinstance(offer, Matcher):
        raise TypeError(
            "declined() takes offer= as a matcher that recognises the offer's text, e.g. "
            f"offer=mentions_any('cab', 'ride'); got {offer!r}"
        )
    return Declined(description, offer)


def _check_description(caller: str, description: object) -> None:
    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"{caller}() needs a description (non-empty text) for the rationale")


Rule: TypeAlias = Expectation | AnyOf | Forbidden | Abstain | Declined
"""One entry of a validator: :func:`expect`, :func:`expect_n`, :func:`either`, :func:`forbid`,
:func:`abstain` or :func:`declined`."""

Rules: TypeAlias = Iterable[Rule]
"""What a scenario's ``expected_actions()`` returns (see ``PAREScenario.expected_actions``)."""


def _seen_summary(actions: Iterable[Action], wanted: Expectation) -> str:
    same_tool = [a for a in actions if a.class_name == wanted.class_name]
    same_tool = [a for a in same_tool if a.function_name == wanted.function_name] or same_tool
    if not same_tool:
        return f"no {wanted.class_name} call"
    shown = "; ".join(
        f"{a.function_name}({', '.join(f'{k}={v!r}' for k, v in action_args(a).items())})"
        for a in same_tool[:3]
    )
    return f"saw {shown}"


def missing_rationale(missing: Sequence[str], forbidden: Sequence[str] = ()) -> str:
    """One sentence per problem: what was missing and what should not have happened."""
    parts = []
    if missing:
        parts.append("missing: " + " | ".join(missing))
    if forbidden:
        parts.append("must not happen: " + " | ".join(forbidden))
    return "; ".join(parts)


def check_actions(
    env: Any,
    *rules: Rule,
    require_proposal: bool = True,
) -> ScenarioValidationResult:
    """Validate the assistant's actions in ``env``'s event log.

    Args:
        env: the environment after the run (only ``env.event_log`` is read).
        *rules: :func:`expect` / :func:`expect_n` entries that must be met by
            actions taken after the first proposal, :func:`either` groups of
            which one option must be met, and :func:`forbid` entries that must
            not be met by any action.
        require_proposal: the assistant must have messaged the user first
            (a proactive assistant asks before acting).

    Returns:
        ``ScenarioValidationResult(success=True)``, or ``success=False`` with a
        rationale listing every missing or forbidden action; an unexpected error
        while reading the log is returned as ``exception``, never raised.
    """
    try:
        if any(isinstance(rule, Abstain | Declined) for rule in rules):
            _check_kind_rules(rules)
            require_proposal = False  # doing nothing is right in these stories
        actions = agent_actions(env)
        said = [t for t, a in actions if _is_proposal(a)]
        missing: list[str] = []
        if require_proposal and not said:
            missing.append("a proposal to the user (PAREAgentUserInterface.send_message_to_user)")
        first_proposal = min(said, default=float("inf"))
        after = [a for t, a in actions if not require_proposal or t >= first_proposal]
        bad: list[str] = []
        for rule in rules:
            if isinstance(rule, Abstain):
                bad.extend(_abstain_problems(rule, actions))
                continue
            if isinstance(rule, Declined):
                bad.extend(_declined_problems(rule, actions, rejection_times(env)))
                continue
            if isinstance(rule, Forbidden):
                if any(rule.expectation.matches(a) for _, a in actions):
                    bad.append(f"{rule.expectation.description}: {rule.expectation.wanted()}")
                continue
            if isinstance(rule, AnyOf):
                if not any(opt.met_by(after) for opt in rule.options):
                    wanted = " or ".join(opt.wanted() for opt in rule.options)
                    missing.append(
                        f"{rule.description}: {wanted} ({_seen_summary(after, rule.options[0])})"
                    )
                continue
            if not rule.met_by(after):
                missing.append(
                    f"{rule.description}: {rule.wanted()} ({_seen_summary(after, rule)})"
                )
        if missing or bad:
            return ScenarioValidationResult(
                success=False, rationale=missing_rationale(missing, bad)
            )
        return ScenarioValidationResult(success=True)
    except Exception as exc:  # noqa: BLE001 - a validator reports, never raises
        return ScenarioValidationResult(success=False, exception=exc)


def _check_kind_rules(rules: Sequence[Rule]) -> None:
    kinds = [r for r in rules if isinstance(r, Abstain | Declined)]
    needs_action = [r for r in rules if isinstance(r, Expectation | AnyOf)]
    if len(kinds) > 1 or needs_action:
        names = ", ".join(type(r).__name__ for r in kinds + needs_action)
        raise ValueError(
            f"abstain() and declined() say the assistant must change nothing, so each stands "
            f"alone (forbid() may accompany it); got {names}: keep one of them, or drop the "
            "kind rule and expect() what the assistant must do"
        )


def _proposal_text(action: Action) -> str:
    return str(action_args(action).get("content", ""))


def _shown(action: Action) -> str:
    shown = ", ".join(f"{k}={v!r}" for k, v in action_args(action).items())
    return f"{action.class_name}.{action.function_name}({shown})"


def _abstain_problems(rule: Abstain, actions: Sequence[tuple[float, Action]]) -> list[str]:
    problems = [
        f"{rule.description}: yet the assistant proposed {_proposal_text(a)!r}"
        for _, a in actions
        if _is_proposal(a)
    ]
    problems += [
        f"{rule.description}: yet the assistant called {_shown(a)}"
        for _, a in actions
        if is_write(a)
    ]
    return problems


def same_offer(rejected: str, later: str, offer: Matcher) -> bool:
    """Whether proposal ``later`` offers again what proposal ``rejected`` offered.

    The same thing: ``offer`` recognises both texts, or ``later`` repeats
    ``rejected`` up to case, punctuation and spacing.
    """
    return (offer(rejected) and offer(later)) or _words(rejected) == _words(later)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def rejection_times(env: Any) -> list[float]:
    """When the user rejected a proposal, in log order.

    The simulated user's answer is a USER event; in an oracle run, the oracle's
    answer is logged as AGENT. Both count; a call that raised does not.
    """
    times = []
    for entry in env.event_log.list_view():
        action = entry.action
        if not isinstance(action, Action) or entry.event_type not in (
            EventType.AGENT,
            EventType.USER,
        ):
            continue
        if action.class_name != UI_CLASS or action.function_name != REJECT_FUNCTION:
            continue
        if entry.metadata is not None and entry.metadata.exception:
            continue
        times.append(float(entry.event_time or 0.0))
    return times


def _declined_problems(
    rule: Declined, actions: Sequence[tuple[float, Action]], rejected_at: Sequence[float]
) -> list[str]:
    problems = [
        f"{rule.description}: yet the assistant called {_shown(a)}"
        for _, a in actions
        if is_write(a)
    ]
    proposals = [(t, _proposal_text(a)) for t, a in actions if _is_proposal(a)]
    for when in rejected_at:
        before = [text for t, text in proposals if t <= when]
        if not before:
            continue
        rejected = before[-1]  # the answer is to the newest proposal
        again = [
            text for t, text in proposals if t > when and same_offer(rejected, text, rule.offer)
        ]
        if again:
            problems.append(
                f"{rule.description}: the user declined {rejected!r}, yet the assistant "
                f"offered it again: {again[0]!r}"
            )
            break
    return problems


def restraint_rule(rules: Iterable[Rule] | None) -> Abstain | Declined | None:
    """The :func:`abstain` or :func:`declined` rule among ``rules``, if any.

    Such a validator passes when nothing happens, by design: checks that take
    the oracle's actions away (the linter's, the validator tests') do not apply.
    """
    return next((r for r in rules or () if isinstance(r, Abstain | Declined)), None)


def check_tags(tags: Iterable[str]) -> list[str]:
    """The tags that are not in :data:`KNOWN_TAGS` (empty when all are known)."""
    return sorted(t for t in tags if t not in KNOWN_TAGS)
