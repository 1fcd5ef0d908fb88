"""PAREScenario: lifecycle order, class-level defaults, tool noise, seeds, app metadata."""

from __future__ import annotations

import json
import sys
import textwrap
from typing import Any

import pytest
from are.simulation.apps.agent_user_interface import AgentUserInterface
from are.simulation.apps.app import App
from are.simulation.apps.calendar import CalendarApp
from are.simulation.apps.email_client import EmailClientV2
from are.simulation.apps.system import SystemApp
from are.simulation.scenarios.scenario import ScenarioStatus

from pytest_pare._util.seeding import stable_seed
from pytest_pare.scenarios import PAREScenario, apply_noise
from pytest_pare.scenarios.registration import import_scenario_module
from pytest_pare.scenarios.scenario import DEFAULT_START_TIME


class RecordingScenario(PAREScenario):
    """Records the lifecycle steps it goes through."""

    def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
        self.calls = ["init"]
        self.apps = [SystemApp(name="System"), EmailClientV2(name="Emails")]

    def apply_augmentation_configs(self) -> None:
        self.calls.append(("augment", [app.seed for app in self.apps or []]))
        super().apply_augmentation_configs()

    def build_events_flow(self) -> None:
        self.calls.append(("build", self._initial_apps is not None))
        # A direct change after the snapshot must stay out of it.
        self.get_typed_app(EmailClientV2, "Emails").user_email = "changed@example.org"
        self.events = []


def emails_of(scenario: PAREScenario) -> EmailClientV2:
    return scenario.get_typed_app(EmailClientV2, "Emails")


def test_initialize_runs_the_steps_in_upstream_order(phone_data):
    scenario = RecordingScenario(seed=7)
    scenario.augmentation_data = phone_data
    apply_noise(scenario, tool_failure_probability=0.0, env_events_per_minute=5, env_events_seed=0)

    scenario.initialize()

    # The base class added the assistant's interface after the listed system app.
    expected_seeds = [
        stable_seed(7, name) for name in ("System", "PAREAgentUserInterface", "Emails")
    ]
    assert scenario.calls == ["init", ("augment", expected_seeds), ("build", True)]
    snapshot = json.loads(scenario._initial_apps["Emails"]["serialized_state"])
    assert snapshot["user_email"] != "changed@example.org"
    assert scenario.events and all(e.event_id.startswith("env_expansion_") for e in scenario.events)


def test_initialize_twice_does_nothing_the_second_time():
    scenario = RecordingScenario()
    scenario.initialize()
    apps = scenario.apps
    scenario.initialize()
    assert scenario.calls.count("init") == 1
    assert scenario.apps is apps


def test_class_attributes_become_instance_defaults_and_constructor_arguments_win():
    class Configured(PAREScenario):
        start_time = 1_700_000_000.0
        status = ScenarioStatus.Valid
        is_benchmark_ready = True
        additional_system_prompt = "You are John."
        tags = ("goal-inference",)
        hints = []  # mutable: each instance must get its own copy

    first, second = Configured(), Configured(start_time=5.0)
    assert (first.start_time, first.status, first.is_benchmark_ready) == (
        1_700_000_000.0,
        ScenarioStatus.Valid,
        True,
    )
    assert first.additional_system_prompt == "You are John."
    assert first.tags == ("goal-inference",)
    assert second.start_time == 5.0
    first.hints.append("x")
    assert second.hints == []


def test_string_tags_stay_strings_that_ares_exporter_can_read():
    class Tagged(PAREScenario):
        tags = ("goal-inference", "multi-app")

    scenario = Tagged()
    assert scenario.tags == ("goal-inference", "multi-app")
    assert [tag.value for tag in scenario.tags] == ["goal-inference", "multi-app"]
    assert json.dumps(scenario.tags) == '["goal-inference", "multi-app"]'


def test_a_scenario_without_start_time_starts_at_a_fixed_time_not_now():
    class Plain(PAREScenario):
        pass

    assert Plain().start_time == Plain().start_time == DEFAULT_START_TIME


def test_failure_probability_lands_on_domain_apps_only():
    class HomeScreenSystemApp(App):
        """Stand-in recognised by its class name, like pytest_pare.apps' system app."""

    class Phone(PAREScenario):
        def init_and_populate_apps(self, *args: Any, **kwargs: Any) -> None:
            self.apps = [
                SystemApp(name="System"),
                HomeScreenSystemApp(name="Home"),
                AgentUserInterface(),
                EmailClientV2(name="Emails"),
                CalendarApp(name="Calendar"),
            ]

        def build_events_flow(self) -> None:
            self.events = []

    scenario = Phone()
    apply_noise(scenario, tool_failure_probability=0.3, env_events_per_minute=0, env_events_seed=0)
    scenario.initialize()

    probabilities = {app.name: app.failure_probability for app in scenario.apps}
    assert probabilities == {
        "System": None, "Home": None, "AgentUserInterface": None, "Emails": 0.3, "Calendar": 0.3,
    }  # fmt: skip
    assert all(tool.failure_probability == 0.3 for tool in scenario.apps[3].get_tools())


def _failure_pattern(seed: int) -> list[bool]:
    scenario = RecordingScenario(seed=seed)
    apply_noise(scenario, tool_failure_probability=0.5, env_events_per_minute=0, env_events_seed=0)
    scenario.initialize()
    tool = next(t for t in emails_of(scenario).get_tools() if t.func_name == "list_emails")
    pattern = []
    for _ in range(40):
        try:
            tool(folder_name="INBOX")
            pattern.append(False)
        except Exception as exc:  # the injected failure
            assert "Internal error" in str(exc)
            pattern.append(True)
    return pattern


def test_tool_failures_repeat_for_the_same_seed_and_differ_for_another():
    assert _failure_pattern(3) == _failure_pattern(3)
    assert _failure_pattern(3) != _failure_pattern(4)
    assert 5 < sum(_failure_pattern(3)) < 35


def test_tool_names_and_descriptions_come_from_the_augmentation_maps():
    scenario = RecordingScenario()
    scenario.augmentation_data = {
        "tool_names_mapping": {
            "list_emails": "browse_mailbox",
            "Emails__send_email": "Mail__dispatch",
        },
        "tool_descriptions_mapping": {"list_emails": "Shows the mailbox."},
    }
    apply_noise(
        scenario, tool_failure_probability=0.0, env_events_per_minute=0, env_events_seed=0,
        tool_name_augmentation=True, tool_description_augmentation=True,
    )  # fmt: skip
    scenario.initialize()

    tools = {tool.func_name: tool for tool in emails_of(scenario).get_tools()}
    assert tools["list_emails"]._public_name == "Emails__browse_mailbox"
    assert tools["list_emails"]._public_description == "Shows the mailbox."
    assert tools["send_email"]._public_name == "Mail__dispatch"
    assert tools["reply_to_email"]._public_name == "Emails__reply_to_email"
    assert (
        tools["reply_to_email"]._public_description == tools["reply_to_email"].function_description
    )
    assert emails_of(scenario).failure_probability == 0.0


def test_tools_keep_their_names_when_augmentation_is_not_asked_for():
    scenario = RecordingScenario()
    scenario.augmentation_data = {"tool_names_mapping": {"list_emails": "browse_mailbox"}}
    apply_noise(scenario, tool_failure_probability=0.2, env_events_per_minute=0, env_events_seed=0)
    scenario.initialize()
    names = {tool._public_name for tool in emails_of(scenario).get_tools()}
    assert "Emails__list_emails" in names


_SEED_PROBE = textwrap.dedent(
    """
    import json
    from are.simulation.apps.email_client import EmailClientV2
    from are.simulation.apps.messaging_v2 import MessagingAppV2
    from are.simulation.utils import uuid_hex
    from pytest_pare.scenarios import PAREScenario

    class Probe(PAREScenario):
        def init_and_populate_apps(self):
            self.apps = [EmailClientV2(name="Emails"), MessagingAppV2(name="Messages")]
        def build_events_flow(self):
            self.events = []

    scenario = Probe(seed=11)
    scenario.initialize()
    print(json.dumps([[app.name, app.seed, uuid_hex(app.rng)] for app in scenario.apps]))
    """
)


def test_app_seeds_are_identical_across_processes_with_different_hash_seeds(probe_in_processes):
    outputs = probe_in_processes(_SEED_PROBE, ("1", "2"))
    assert outputs[0] == outputs[1]
    names = ["System", "PAREAgentUserInterface", "Emails", "Messages"]  # two added by the base
    assert [[name, seed] for name, seed, _ in outputs[0]] == [
        [name, stable_seed(11, name)] for name in names
    ]


def test_apply_noise_zero_means_off_and_rejects_bad_values():
    scenario = RecordingScenario()
    apply_noise(scenario, tool_failure_probability=0, env_events_per_minute=0, env_events_seed=0)
    assert scenario.tool_augmentation_config is None and scenario.env_events_config is None

    with pytest.raises(ValueError, match="between 0 and 1"):
        apply_noise(
            scenario, tool_failure_probability=1.5, env_events_per_minute=0, env_events_seed=0
        )
    with pytest.raises(ValueError, match=">= 0"):
        apply_noise(
            scenario, tool_failure_probability=0, env_events_per_minute=-1, env_events_seed=0
        )


def test_apply_noise_after_initialize_is_an_error():
    scenario = RecordingScenario()
    scenario.initialize()
    with pytest.raises(RuntimeError, match="before|first"):
        apply_noise(
            scenario, tool_failure_probability=0.1, env_events_per_minute=0, env_events_seed=0
        )


def test_declared_apps_are_the_apps_used_in_canonical_order():
    class Declared(PAREScenario):
        apps = ("calendar", "StatefulEmailApp")

    assert Declared.apps_used() == ("email", "calendar")
    assert Declared().apps == []


def test_an_unknown_declared_app_is_an_error_listing_the_known_ones():
    with pytest.raises(ValueError, match="'phone'.*email, messaging"):

        class Wrong(PAREScenario):
            apps = ("phone",)


def test_apps_used_is_derived_from_the_scenario_code_without_building_apps(
    tmp_path, clean_registry
):
    module = tmp_path / "derived_apps_probe.py"
    module.write_text(
        textwrap.dedent(
            """
            from are.simulation.apps.app import App
            from pytest_pare.scenarios import PAREScenario
            from pytest_pare.scenarios.utils.registry import register_scenario

            BUILT = []

            class StatefulEmailApp(App):
                def __init__(self, *a, **k):
                    BUILT.append(self)
                    super().__init__(*a, **k)

            class StatefulCabApp(StatefulEmailApp):
                pass

            class StatefulNotesApp(StatefulEmailApp):
                pass  # imported but never built: not used

            @register_scenario("derived_apps_probe")
            class Probe(PAREScenario):
                def init_and_populate_apps(self):
                    self.apps = [StatefulCabApp(name="Cab"), StatefulEmailApp(name="Emails")]
            """
        )
    )
    (cls,) = import_scenario_module(module)
    assert cls.apps_used() == ("email", "cab")
    assert sys.modules[cls.__module__].BUILT == []
