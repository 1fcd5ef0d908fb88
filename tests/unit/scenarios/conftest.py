"""Fixtures for the scenario API tests: a clean registry, tiny phone data, a noisy scenario,
and a probe script run in fresh interpreters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from are.simulation.apps.agent_user_interface import AgentUserInterface
from are.simulation.apps.email_client import EmailClientV2
from are.simulation.apps.messaging_v2 import MessagingAppV2
from are.simulation.apps.shopping import ShoppingApp
from are.simulation.apps.system import SystemApp

from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.utils.registry import registry


@pytest.fixture
def clean_registry():
    """The global registry, restored to its previous content after the test."""
    saved = registry.registered()
    discovered = registry._scenarios_discovered
    yield registry
    registry.reset()
    registry._registry.update(saved)
    registry._scenarios_discovered = discovered


@pytest.fixture
def probe_in_processes() -> Callable[[str, Sequence[str]], list[Any]]:
    """Run ``script`` in one fresh interpreter per PYTHONHASHSEED; each last output line as JSON."""

    def run(script: str, hash_seeds: Sequence[str]) -> list[Any]:
        # All processes start at once: the test waits for the slowest, not the sum.
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", script],
                env={**os.environ, "PYTHONHASHSEED": seed, "LITELLM_LOCAL_MODEL_COST_MAP": "True"},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for seed in hash_seeds
        ]
        outputs = []
        for process in processes:
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            outputs.append(json.loads(stdout.strip().splitlines()[-1]))
        return outputs

    return run


def make_phone_data(
    n_emails: int = 60, n_conversations: int = 25, n_products: int = 30
) -> dict[str, Any]:
    """Small augmentation data in the bundled file's schema."""
    return {
        "apps": [
            {
                "name": "Emails",
                "app_state": {
                    "folders": {
                        "INBOX": {
                            "emails": [
                                {
                                    "email_id": f"e{i}",
                                    "sender": f"sender{i}@example.org",
                                    "recipients": ["owner@example.org"],
                                    "subject": f"Subject {i}",
                                    "content": f"Body {i}",
                                }
                                for i in range(n_emails)
                            ]
                        }
                    }
                },
            },
            {
                "name": "Messages",
                "app_state": {
                    "conversations": {
                        f"c{i}": {
                            "conversation_id": f"c{i}",
                            "participant_ids": [f"+1555000{i:03d}"],
                            "participant_names": {f"+1555000{i:03d}": f"Friend {i}"},
                            "title": f"Friend {i}",
                            "messages": [
                                {"sender_id": f"+1555000{i:03d}", "content": f"message {j}"}
                                for j in range(8)
                            ],
                        }
                        for i in range(n_conversations)
                    }
                },
            },
            {
                "name": "Shopping",
                "app_state": {
                    "products": {
                        f"p{i}": {
                            "product_id": f"p{i}",
                            "name": f"Product {i}",
                            "variants": {
                                f"i{i}_{k}": {
                                    "item_id": f"i{i}_{k}",
                                    "price": 10.0 + k,
                                    "options": {"size": ["S", "M", "L"][k]},
                                    "available": True,
                                }
                                for k in range(3)
                            },
                        }
                        for i in range(n_products)
                    }
                },
            },
        ]
    }


@pytest.fixture
def phone_data() -> dict[str, Any]:
    return make_phone_data()


@pytest.fixture
def make_data():
    """Build phone data of a chosen size."""
    return make_phone_data


class NoisyPhoneScenario(PAREScenario):
    """Every noise app plus the two infrastructure apps, from ARE's stock classes."""

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.apps = [
            SystemApp(name="System"),
            AgentUserInterface(),
            EmailClientV2(name="Emails"),
            MessagingAppV2(name="Messages"),
            ShoppingApp(name="Shopping"),
        ]

    def build_events_flow(self) -> None:
        self.events = []


@pytest.fixture
def noisy_scenario_cls() -> type[NoisyPhoneScenario]:
    return NoisyPhoneScenario
