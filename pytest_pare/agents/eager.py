"""The ``eager`` policy: an assistant that proposes on every notification and does not take no.

It is the counterpart of ``idle``: ``idle`` fails every scenario that needs
action, ``eager`` fails every scenario that rewards restraint (``abstain``,
``rejection``). What it does is fixed, so a run is deterministic and needs
nothing but the scenario:

- **Observing**, it proposes in every turn that follows news, and waits
  otherwise. News is an environment event (a notification: an email, a text,
  a price change, background noise included) it has not seen yet, or the
  user's rejection of its last proposal.
- **What it proposes** ("its first idea"), in this order: after a rejection,
  the rejected text again, word for word; else the scenario's next oracle
  proposal it has not made (oracle order); else a generic offer naming the
  app the newest notification came from.
- **Once a proposal is accepted**, it carries out the oracle's assistant
  steps that follow that proposal's answer, up to the oracle's next proposal
  (a generic offer has none), each when the events it waits on have
  happened, repeating a call that failed by injected noise as ``reference``
  does. It reads nothing else and checks nothing.

The simulated user answers as under ``reference``: as the oracle does, then
accepts. So in a rejection story the user declines the offer, eager offers it
again and fails the ``declined`` check; in an abstain story its first
proposal already fails the ``abstain`` check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pytest_pare.agents.oracle_plan import OracleStep, oracle_plan
from pytest_pare.agents.scripted import (
    SEND_TOOL,
    WAIT_TOOL,
    Retries,
    ScriptSource,
    event_log,
    format_action,
    is_answered_proposal,
    retry_action,
)

GENERIC_OFFER = "Something new arrived in {app}. Shall I take care of it for you?"
"""The eager offer when the scenario's oracle has no proposal left to make."""


@dataclass
class Offer:
    """What eager proposes and, once accepted, does."""

    text: str
    steps: list[OracleStep] = field(default_factory=list)
    """The oracle's assistant steps after this proposal's answer, up to its next proposal."""


def oracle_offers(steps: list[OracleStep]) -> list[Offer]:
    """Each oracle proposal with the assistant steps that follow its answer."""
    offers: list[Offer] = []
    for index, step in enumerate(steps):
        if is_answered_proposal(steps, index):
            offers.append(Offer(str(step.arguments.get("content", ""))))
        elif offers and step.actor == "assistant" and not step.blocked_by:
            offers[-1].steps.append(step)
    return offers


@dataclass
class EagerScript:
    """One run's eager assistant (shared by its observe and execute engines)."""

    offers: list[Offer]
    next_offer: int = 0
    made: Offer | None = None
    """The offer proposed last."""
    todo: list[OracleStep] = field(default_factory=list)
    """What is left to carry out of the last accepted offer."""
    notifications_seen: int = 0
    rejections_seen: int = 0
    retries: Retries = field(default_factory=Retries)

    @classmethod
    def for_scenario(cls, scenario: Any) -> EagerScript:
        return cls(offers=oracle_offers(oracle_plan(scenario)))

    def next_assistant_answer(self, role: str, context: ScriptSource) -> str:
        """The assistant's next answer in ``role`` (``observe`` or ``execute``)."""
        failed = self.retries.failed_by_noise(context)
        if failed is not None:
            self.retries.note(failed, context)
            return retry_action(failed)
        if role == "execute":
            return self._execute(context)
        return self._observe(context)

    def _observe(self, context: ScriptSource) -> str:
        notifications = [e for e in event_log(context) if _is_notification(e)]
        rejections = _rejections(context.scenario)
        news = len(notifications) > self.notifications_seen
        rejected = rejections > self.rejections_seen
        self.notifications_seen = len(notifications)
        self.rejections_seen = rejections
        if rejected and self.made is not None:
            offer = self.made  # its idea stands: the same words again
        elif news and self.next_offer < len(self.offers):
            offer = self.offers[self.next_offer]
            self.next_offer += 1
        elif news:
            app = getattr(getattr(notifications[-1].action, "app", None), "name", "your phone")
            offer = Offer(GENERIC_OFFER.format(app=app))
        else:
            return format_action("Nothing new: I wait.", WAIT_TOOL)
        self.made = offer
        self.todo = list(offer.steps)
        return format_action("News: I offer to help.", SEND_TOOL, {"content": offer.text})

    def _execute(self, context: ScriptSource) -> str:
        if not self.todo:
            return format_action("Done with what was accepted.", WAIT_TOOL)
        step = self.todo[0]
        if step.gates and not context.completed_event_ids().issuperset(step.gates):
            return format_action("What I need to act on has not happened yet.", WAIT_TOOL)
        self.todo.pop(0)
        self.retries.note(step, context)
        return format_action(f"Next step: {step.function}.", step.tool, step.arguments)


def _is_notification(entry: Any) -> bool:
    from are.simulation.types import EventType

    return bool(entry.event_type == EventType.ENV)


def _rejections(scenario: Any) -> int:
    """How many of the assistant's proposals the user has rejected so far."""
    for app in getattr(scenario, "apps", None) or []:
        proposals = getattr(app, "proposals", None)
        if proposals is not None and hasattr(app, "reject_proposal"):
            return sum(1 for p in proposals if p.status == "rejected")
    return 0
