"""ScenarioRunnerConfig / MultiScenarioRunnerConfig: defaults, validation messages, hash."""

from __future__ import annotations

import pytest
from are.simulation.types import ToolAugmentationConfig
from pydantic import ValidationError

from pytest_pare.scenarios import MultiScenarioRunnerConfig, ScenarioRunnerConfig


def test_defaults_match_the_documented_interface():
    config = ScenarioRunnerConfig()
    assert (config.oracle, config.seed, config.timeout, config.strict_oracle) == (
        False,
        0,
        None,
        False,
    )
    assert (config.user_model, config.observe_model, config.execute_model) == (
        "gpt-5-mini",
        "gpt-5",
        "gpt-5",
    )
    assert (
        config.user_max_iterations,
        config.observe_max_iterations,
        config.execute_max_iterations,
    ) == (1, 5, 10)
    # One table of defaults for the options and this config: traces default to
    # ARE's full format, as --pare-export-format has always said.
    assert (config.max_turns, config.export, config.export_format) == (10, False, "hf")
    assert (config.tool_failure_probability, config.env_events_per_minute) == (0.0, 0.0)
    assert (config.simulated_generation_time, config.concurrency) == (1.0, 1)
    assert config.tool_augmentation_config is None and config.env_events_config is None


def error_text(**kwargs) -> str:
    with pytest.raises(ValidationError) as raised:
        MultiScenarioRunnerConfig(**kwargs)
    return str(raised.value)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"tool_failure_probability": 1.5}, "probability between 0 and 1"),
        ({"env_events_per_minute": -2}, ">= 0"),
        ({"concurrency": 0}, "whole number >= 1"),
        ({"max_turns": 0}, "whole number >= 1"),
        ({"timeout": 0}, "seconds > 0, or None"),
        ({"export_format": "xml"}, "'hf', 'lite' or 'both'"),
        ({"executor_type": "fork"}, "'sequential', 'thread' or 'process'"),
        ({"log_level": "loud"}, "'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'"),
        ({"observe_model": " "}, "must name a model"),
        ({"obsrve_model": "gpt-5"}, "Extra inputs are not permitted"),
    ],
)
def test_bad_values_say_what_is_allowed(kwargs, expected):
    text = error_text(**kwargs)
    assert expected in text
    assert next(iter(kwargs)) in text


def test_noise_fields_build_ares_config_objects():
    config = ScenarioRunnerConfig(
        tool_failure_probability=0.25, env_events_per_minute=4, env_events_seed=9
    )
    assert config.tool_augmentation_config.tool_failure_probability == 0.25
    assert config.tool_augmentation_config.apply_tool_name_augmentation is False
    events = config.env_events_config
    assert (events.num_env_events_per_minute, events.env_events_seed) == (4.0, 9)


def test_upstream_shaped_arguments_are_accepted():
    from are.simulation.agents.are_simulation_agent_config import LLMEngineConfig

    config = ScenarioRunnerConfig(
        observe_engine_config=LLMEngineConfig(model_name="gpt-4o", provider="openai"),
        tool_augmentation_config=ToolAugmentationConfig(tool_failure_probability=0.1),
        trace_dump_format="hf",
    )
    assert (config.observe_model, config.observe_provider) == ("gpt-4o", "openai")
    assert config.tool_failure_probability == 0.1
    assert config.trace_dump_format == "hf"
    assert config.observe_engine_config.model_name == "gpt-4o"


def test_model_aliases_default_to_the_model_and_a_full_name_maps_back_to_its_alias():
    config = ScenarioRunnerConfig(
        observe_model="claude-sonnet-4-5-20250929", execute_model="my-local-model"
    )
    assert config.user_model_alias == "gpt-5-mini"
    assert config.observe_model_alias == "claude-sonnet-4-5"
    assert config.execute_model_alias == "my-local-model"
    assert (
        ScenarioRunnerConfig(observe_model_alias="house-model").observe_model_alias == "house-model"
    )


def test_config_hash_ignores_output_logging_caching_and_parallelism():
    base = MultiScenarioRunnerConfig(seed=3)
    same = MultiScenarioRunnerConfig(
        seed=3, output_dir="/tmp/out", export=True, export_format="both", logs_dir="elsewhere",
        log_level="DEBUG", log_to_file=False, enable_caching=False, experiment_name="exp",
        concurrency=8, max_concurrent_scenarios=4, executor_type="process", timeout=30,
        record_dir="/tmp/rec", observe_endpoint="http://localhost:8000", observe_provider="openai",
    )  # fmt: skip
    assert base.get_config_hash() == same.get_config_hash()


@pytest.mark.parametrize(
    "change",
    [
        {"observe_model_alias": "gpt-5-2"},
        {"observe_model": "gpt-4o"},
        {"seed": 4},
        {"tool_failure_probability": 0.1},
        {"env_events_per_minute": 2},
        {"max_turns": 3},
        {"oracle": True},
    ],
)
def test_config_hash_changes_with_what_changes_a_run(change):
    assert (
        ScenarioRunnerConfig(**change).get_config_hash() != ScenarioRunnerConfig().get_config_hash()
    )


def test_logs_dir_name_uses_existing_fields_and_is_deterministic():
    config = MultiScenarioRunnerConfig(
        tool_failure_probability=0.1, env_events_per_minute=5, env_events_seed=2
    )
    path = config.build_logs_dir("exp")
    assert path == config.build_logs_dir("exp")
    assert path.startswith("logs/exp_user_default_gpt-5-mini_proactive_observe-execute_mt_10")
    assert "_tfp_0.1_epm_5_es_2/" in path and path.endswith(config.get_config_hash())
