"""Environmental noise: counts follow the rate, seeds reproduce, every noise app gets events."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from are.simulation.apps.email_client import EmailClientV2, EmailFolderName
from are.simulation.apps.messaging_v2 import MessagingAppV2
from are.simulation.apps.shopping import ShoppingApp
from are.simulation.environment import Environment, EnvironmentConfig

from pytest_pare.scenarios import PAREScenario, apply_noise
from pytest_pare.scenarios.utils.augmentation_data import (
    DEFAULT_DATA_PATH,
    AugmentationDataError,
    load_augmentation_data,
)
from pytest_pare.scenarios.utils.scenario_expander import (
    PAREEnvEventsConfig,
    PAREEnvEventsExpander,
    default_weight_per_app_class,
)


def noisy(cls: type[PAREScenario], data: dict | None, *, rate: float, seed: int = 0,
          duration: float | None = None, run_number: int | None = 1) -> PAREScenario:  # fmt: skip
    scenario = cls(scenario_id="noise_probe", duration=duration, run_number=run_number)
    if data is not None:
        scenario.augmentation_data = data
    apply_noise(
        scenario, tool_failure_probability=0, env_events_per_minute=rate, env_events_seed=seed
    )
    scenario.initialize()
    return scenario


def kinds(scenario: PAREScenario) -> Counter[str]:
    return Counter(event.event_id.split("_")[2] for event in scenario.events)


def schedule(scenario: PAREScenario) -> list[tuple[str, float, dict[str, Any]]]:
    return [
        (e.event_id, e.event_relative_time, {k: v for k, v in e.action.args.items() if k != "self"})
        for e in scenario.events
    ]


@pytest.mark.parametrize(("rate", "duration"), [(1, 600), (5, 360), (10, 300), (12.5, 120)])
def test_event_count_is_rate_times_duration(noisy_scenario_cls, phone_data, rate, duration):
    scenario = noisy(noisy_scenario_cls, phone_data, rate=rate, duration=duration)
    assert len(scenario.events) == round(rate * duration / 60)
    assert all(
        0 <= e.event_relative_time <= duration for e in scenario.events if not e.dependencies
    )


def test_events_are_spread_over_the_horizon_like_a_poisson_process(noisy_scenario_cls, phone_data):
    scenario = noisy(noisy_scenario_cls, phone_data, rate=30, duration=600)
    roots = sorted(e.event_relative_time for e in scenario.events if not e.dependencies)
    first_half = sum(t < 300 for t in roots)
    # Binomial(n, 1/2): four standard deviations either side.
    n = len(roots)
    assert abs(first_half - n / 2) < 4 * (n / 4) ** 0.5


def test_a_scenario_without_duration_uses_the_default_horizon(noisy_scenario_cls, phone_data):
    scenario = noisy(noisy_scenario_cls, phone_data, rate=5)
    assert len(scenario.events) == 30  # 5/min over ARE's 360 s horizon


def test_the_same_seed_reproduces_the_events_and_another_seed_changes_them(
    noisy_scenario_cls, phone_data
):
    first = schedule(noisy(noisy_scenario_cls, phone_data, rate=6, seed=1))
    assert first == schedule(noisy(noisy_scenario_cls, phone_data, rate=6, seed=1))
    assert first != schedule(noisy(noisy_scenario_cls, phone_data, rate=6, seed=2))
    assert first != schedule(noisy(noisy_scenario_cls, phone_data, rate=6, seed=1, run_number=2))


def test_every_noise_app_gets_an_equal_share_by_default(noisy_scenario_cls):
    scenario = noisy(noisy_scenario_cls, None, rate=10, duration=300)  # bundled data
    assert kinds(scenario) == {"email": 17, "message": 17, "shopping": 16}


def test_background_events_run_and_land_in_the_apps_at_simulated_times(noisy_scenario_cls):
    scenario = noisy(noisy_scenario_cls, None, rate=10, duration=300)
    start = scenario.start_time
    env = Environment(
        EnvironmentConfig(
            oracle_mode=True, queue_based_loop=True, start_time=start, exit_when_no_events=True
        )
    )
    env.run(scenario, wait_for_end=True)

    log = env.event_log.list_view()
    assert len(log) == 50
    assert not [e.event_id for e in log if e.metadata.exception]
    email, messaging, shopping = scenario.apps[2:]
    inbox = email.folders[EmailFolderName.INBOX].emails
    assert len(inbox) == 17
    assert all(start <= mail.timestamp <= start + 300 for mail in inbox)
    new_messages = [
        m for c in messaging.conversations.values() for m in c.messages if m.timestamp >= start
    ]
    assert len(new_messages) == 17
    products = shopping.products.values()
    assert len(products) + sum(len(p.variants) for p in products) == 16
    assert all(p.variants for p in products)


def test_apps_resolve_by_class_whatever_the_scenario_calls_them(phone_data):
    class RenamedApps(PAREScenario):
        def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
            self.apps = [
                EmailClientV2(name="Inbox"),
                MessagingAppV2(name="Chats"),
                ShoppingApp(name="Store"),
            ]

    scenario = noisy(RenamedApps, phone_data, rate=6, duration=300)
    assert set(kinds(scenario)) == {"email", "message", "shopping"}


def test_an_app_absent_from_the_scenario_takes_no_share(phone_data):
    class EmailOnly(PAREScenario):
        def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
            self.apps = [EmailClientV2(name="Emails")]

    scenario = noisy(EmailOnly, phone_data, rate=4, duration=300)
    assert kinds(scenario) == {"email": 20}


def test_zero_weights_give_no_events_and_no_division_by_zero(noisy_scenario_cls, phone_data):
    scenario = noisy_scenario_cls(scenario_id="weights")
    scenario.augmentation_data = phone_data
    scenario.env_events_config = PAREEnvEventsConfig(
        num_env_events_per_minute=6,
        weight_per_app_class={"StatefulEmailApp": 0.0, "MessagingAppV2": 2.0, "ShoppingApp": 0.0},
    )
    scenario.initialize()
    assert kinds(scenario) == {"message": 36}

    expander = PAREEnvEventsExpander(PAREEnvEventsConfig(weight_per_app_class={}))
    assert expander.get_num_env_events_per_app(10, ["Emails", "Messages"]) == {
        "Emails": 0,
        "Messages": 0,
    }


def test_the_split_always_sums_to_the_total():
    expander = PAREEnvEventsExpander(PAREEnvEventsConfig())
    for total in range(0, 25):
        counts = expander.get_num_env_events_per_app(total, ["Emails", "Messages", "Shopping"])
        assert sum(counts.values()) == total
        assert max(counts.values()) - min(counts.values()) <= 1


def test_data_app_names_resolve_by_alias_and_class_name():
    expander = PAREEnvEventsExpander(PAREEnvEventsConfig())
    resolved = expander._resolve_app_names(
        ["Emails", "Mail", "EmailClientV2", "Chats", "Messages", "Shopping", "Notes"]
    )
    email, messaging, shopping = "StatefulEmailApp", "StatefulMessagingApp", "StatefulShoppingApp"
    assert resolved == {
        "Emails": email, "Mail": email, "EmailClientV2": email,
        "Chats": messaging, "Messages": messaging, "Shopping": shopping,
    }  # fmt: skip
    assert set(default_weight_per_app_class()) == set(resolved.values())


def test_more_events_than_data_items_still_follow_the_rate(noisy_scenario_cls, make_data):
    tiny = make_data(n_emails=3, n_conversations=2, n_products=2)
    scenario = noisy(noisy_scenario_cls, tiny, rate=12, duration=300)
    assert len(scenario.events) == 60


def test_background_conversations_are_in_the_initial_snapshot(noisy_scenario_cls, phone_data):
    scenario = noisy(noisy_scenario_cls, phone_data, rate=6, duration=300)
    saved = json.loads(scenario._initial_apps["Messages"]["serialized_state"])
    live = set(scenario.apps[3].conversations)
    assert live and live == set(saved["conversations"])


def test_missing_or_malformed_data_names_the_file_and_the_problem(tmp_path, monkeypatch):
    missing = tmp_path / "absent.json"
    with pytest.raises(AugmentationDataError, match="absent.json: cannot be read"):
        load_augmentation_data(missing)

    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(AugmentationDataError, match=r"broken.json: is not valid JSON \(line 1"):
        load_augmentation_data(broken)

    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"apps": [{"name": "Emails"}]}))
    with pytest.raises(
        AugmentationDataError, match=r'apps\[0\] \(\'Emails\'\) needs an "app_state"'
    ):
        load_augmentation_data(wrong)

    monkeypatch.setenv("ENV_AUGMENTATION_DATA_PATH", str(missing))
    with pytest.raises(AugmentationDataError, match="ENV_AUGMENTATION_DATA_PATH"):
        load_augmentation_data()


def test_the_data_path_can_point_elsewhere(tmp_path, monkeypatch, noisy_scenario_cls, phone_data):
    own = tmp_path / "mine.json"
    own.write_text(json.dumps(phone_data))
    monkeypatch.setenv("ENV_AUGMENTATION_DATA_PATH", str(own))
    scenario = noisy(noisy_scenario_cls, None, rate=6, duration=60)
    assert any(
        "sender" in e.action.args and e.action.args["sender"].endswith("@example.org")
        for e in scenario.events
    )


def test_the_bundled_data_is_phone_sized():
    data = load_augmentation_data(DEFAULT_DATA_PATH)
    states = {entry["name"]: entry["app_state"] for entry in data["apps"]}
    assert len(states["Emails"]["folders"]["INBOX"]["emails"]) >= 300
    assert len(states["Messages"]["conversations"]) >= 100
    assert len(states["Shopping"]["products"]) >= 200
    assert all(p["variants"] for p in states["Shopping"]["products"].values())
    assert DEFAULT_DATA_PATH.stat().st_size < 1_500_000


_NOISE_PROBE = """
import json, sys
from are.simulation.apps.email_client import EmailClientV2
from are.simulation.apps.messaging_v2 import MessagingAppV2
from are.simulation.apps.shopping import ShoppingApp
from pytest_pare.scenarios import PAREScenario, apply_noise

class Probe(PAREScenario):
    def init_and_populate_apps(self):
        self.apps = [
            EmailClientV2(name="Emails"), MessagingAppV2(name="Messages"), ShoppingApp(name="Shop")
        ]
    def build_events_flow(self):
        self.events = []

scenario = Probe(scenario_id="probe", seed=5, run_number=2, duration=240)
apply_noise(scenario, tool_failure_probability=0.5, env_events_per_minute=6, env_events_seed=9)
scenario.initialize()
events = [
    [e.event_id, e.event_relative_time, {k: v for k, v in e.action.args.items() if k != "self"}]
    for e in scenario.events
]
emails = scenario.get_typed_app(EmailClientV2, "Emails")
tool = next(t for t in emails.get_tools() if t.func_name == "list_emails")
failures = []
for _ in range(30):
    try:
        tool(folder_name="INBOX")
        failures.append(0)
    except Exception:
        failures.append(1)
print(json.dumps({"events": events, "failures": failures}))
"""


def test_events_and_tool_failures_are_identical_in_two_processes(probe_in_processes):
    outputs = probe_in_processes(_NOISE_PROBE, ("3", "4"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]["events"]) == 24 and 0 < sum(outputs[0]["failures"]) < 30
