"""Option precedence and validation (Settings resolution, no pytest session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_pare.options import NoiseLevel, parse_noise_matrix, resolve_settings


def settle(cli=None, env=None, ini=None, tmp_path: Path = Path(".")):
    return resolve_settings(
        cli or {},
        env or {},
        ini or {},
        rootdir=tmp_path,
        scenario_paths=["scenarios"],
        user_cache_root=tmp_path / "cache",
    )


def test_cli_beats_env_beats_ini_beats_default() -> None:
    assert settle().runs == 1
    assert settle(ini={"runs": "2"}).runs == 2
    assert settle(env={"PARE_RUNS": "3"}, ini={"runs": "2"}).runs == 3
    assert settle(cli={"runs": 4}, env={"PARE_RUNS": "3"}, ini={"runs": "2"}).runs == 4


def test_flags_read_booleans_from_env_and_ini() -> None:
    assert settle(env={"PARE_ORACLE": "yes"}).oracle is True
    assert settle(ini={"oracle": "false"}).oracle is False
    assert settle(cli={"oracle": True}, env={"PARE_ORACLE": "0"}).oracle is True


def test_an_empty_env_var_counts_as_unset() -> None:
    assert settle(env={"PARE_RUNS": ""}, ini={"runs": "5"}).runs == 5


def test_model_sets_every_role_unless_a_role_is_given() -> None:
    s = settle(cli={"model": "gpt-5", "user_model": "small"})
    assert [s.role_model(r) for r in ("user", "observe", "execute")] == ["small", "gpt-5", "gpt-5"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            {"env": {"PARE_RUNS": "0"}},
            "environment variable PARE_RUNS (option --pare-runs): expected an integer >= 1",
        ),
        ({"ini": {"tool_failure_probability": "1.5"}}, "ini key pare_tool_failure_probability"),
        ({"env": {"PARE_EXPORT_FORMAT": "xml"}}, "expected one of hf, lite, both"),
        ({"env": {"PARE_ORACLE": "maybe"}}, "expected a boolean"),
        ({"ini": {"noise_matrix": "tfp=2"}}, "pare_noise_matrix"),
    ],
)
def test_a_bad_env_or_ini_value_is_a_usage_error_naming_the_option(source, message) -> None:
    with pytest.raises(pytest.UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settle(**source)


def test_the_cache_is_for_agent_runs_only_and_defaults_under_the_user_cache(tmp_path) -> None:
    assert settle(tmp_path=tmp_path).cache_enabled is True
    assert settle(cli={"oracle": True}).cache_enabled is False
    assert settle(cli={"no_cache": True}).cache_enabled is False
    assert settle(tmp_path=tmp_path).cache_dir == tmp_path / "cache" / "pytest-pare"


def test_noise_matrix_is_the_cross_product_in_written_order() -> None:
    levels = parse_noise_matrix("tfp=0,0.1;epm=0,5")
    assert [lvl.id for lvl in levels] == ["tfp0-epm0", "tfp0-epm5", "tfp0.1-epm0", "tfp0.1-epm5"]
    assert parse_noise_matrix("epm=2") == (NoiseLevel(0.0, 2.0),)


@pytest.mark.parametrize("spec", ["", "tfp", "xyz=1", "tfp=0;tfp=1", "tfp=", "tfp=-0.1", "epm=abc"])
def test_a_malformed_noise_matrix_is_refused(spec) -> None:
    with pytest.raises(ValueError):
        parse_noise_matrix(spec)


def test_no_option_help_promises_behaviour_for_later() -> None:
    from pytest_pare.options import OPTIONS

    stale = [opt.flag for opt in OPTIONS if "later" in opt.help or "accepted now" in opt.help]
    assert stale == []


def test_the_defaults_named_in_help_are_the_runner_configs() -> None:
    from pytest_pare.options import OPTIONS_BY_NAME, Settings
    from pytest_pare.scenarios.config import runner_config

    config = runner_config(Settings())
    for role in ("user", "observe", "execute"):
        for name in (f"{role}_model", f"{role}_max_iterations"):
            assert OPTIONS_BY_NAME[name].help.endswith(f"default {getattr(config, name)}")
    assert OPTIONS_BY_NAME["max_turns"].help.endswith(f"default {config.max_turns}")
    generation = OPTIONS_BY_NAME["simulated_generation_time"].help
    assert generation.endswith(f"default {config.simulated_generation_time:g}")
    assert OPTIONS_BY_NAME["max_scenario_events"].help.endswith(
        f"default {config.max_scenario_events}"
    )
    assert OPTIONS_BY_NAME["request_timeout"].help.endswith(f"default {config.request_timeout:g}")
    for role in ("user", "observe", "execute"):
        budget = OPTIONS_BY_NAME[f"{role}_max_prompt_tokens"].help
        assert budget.endswith(f"default {getattr(config, f'{role}_max_prompt_tokens')}")


def test_the_event_budget_option_reaches_the_runner_config() -> None:
    from pytest_pare.scenarios.config import runner_config

    assert runner_config(settle(env={"PARE_MAX_SCENARIO_EVENTS": "250"})).max_scenario_events == 250
    with pytest.raises(pytest.UsageError, match="PARE_MAX_SCENARIO_EVENTS"):
        settle(env={"PARE_MAX_SCENARIO_EVENTS": "0"})


def test_the_max_tokens_defaults_named_in_help_are_the_runner_configs() -> None:
    from pytest_pare.options import OPTIONS_BY_NAME, Settings
    from pytest_pare.options.defaults import REASONING_MAX_TOKENS
    from pytest_pare.scenarios.config import runner_config

    plain = runner_config(
        Settings(
            model="llama3.1",
            user_endpoint="http://x/v1",
            observe_endpoint="http://x/v1",
            execute_endpoint="http://x/v1",
        )
    )
    reasoning = runner_config(Settings(model="gpt-5"))
    for role in ("user", "observe", "execute"):
        help_text = OPTIONS_BY_NAME[f"{role}_max_tokens"].help
        assert f"default {getattr(plain, f'{role}_max_tokens')}," in help_text
        assert getattr(reasoning, f"{role}_max_tokens") == REASONING_MAX_TOKENS
        assert f"{REASONING_MAX_TOKENS} for reasoning models" in help_text


def test_generation_settings_reach_the_runner_config_and_its_hash() -> None:
    from pytest_pare.options import Settings
    from pytest_pare.scenarios.config import runner_config

    base = runner_config(
        Settings(
            model="llama3.1",
            observe_endpoint="http://x/v1",
            user_endpoint="http://x/v1",
            execute_endpoint="http://x/v1",
        )
    )
    tuned = runner_config(
        Settings(
            model="llama3.1",
            observe_endpoint="http://x/v1",
            user_endpoint="http://x/v1",
            execute_endpoint="http://x/v1",
            observe_temperature=0.0,
            observe_seed=3,
            observe_max_tokens=300,
            user_max_prompt_tokens=4000,
        )
    )
    assert (tuned.observe_temperature, tuned.observe_seed, tuned.observe_max_tokens) == (
        0.0,
        3,
        300,
    )
    assert tuned.user_max_prompt_tokens == 4000
    assert base.get_config_hash() != tuned.get_config_hash()
    timed = runner_config(
        Settings(
            model="llama3.1",
            observe_endpoint="http://x/v1",
            user_endpoint="http://x/v1",
            execute_endpoint="http://x/v1",
            request_timeout=5.0,
        )
    )
    assert timed.request_timeout == 5.0
    assert timed.get_config_hash() == base.get_config_hash()  # a wall-clock bound, not a result


def test_settings_the_option_table_and_the_runner_config_share_every_run_default() -> None:
    import dataclasses

    from pytest_pare.options import OPTIONS_BY_NAME, Settings
    from pytest_pare.options.defaults import RUN_DEFAULTS
    from pytest_pare.scenarios.config import ScenarioRunnerConfig

    runner = ScenarioRunnerConfig.model_fields
    settings = {f.name: f.default for f in dataclasses.fields(Settings)}
    for name, default in RUN_DEFAULTS.items():
        assert runner[name].default == default, name
        if name in settings and not name.endswith("_model"):  # models: None = the role's default
            assert settings[name] == default, name
        if name in OPTIONS_BY_NAME and not name.endswith("_model"):
            assert OPTIONS_BY_NAME[name].default == default, name
    # A run field both types have takes its default from the one table.
    shared = (set(settings) & set(runner)) - {
        f"{r}_{w}"
        for r in ("user", "observe", "execute")
        for w in ("model", "provider", "endpoint")
    }
    assert {n for n in shared if settings[n] is not None} <= set(RUN_DEFAULTS)


def test_the_runner_configs_default_models_resolve_so_a_session_naming_none_skips_the_check() -> (
    None
):
    from pytest_pare._session.checks import model_problem
    from pytest_pare.agents.models import validate_engine_options
    from pytest_pare.options import Settings
    from pytest_pare.scenarios.config import runner_config

    validate_engine_options(runner_config(Settings()))
    assert model_problem(Settings()) is None
    assert model_problem(Settings(model="no-such-model")) is not None


def test_background_events_follow_the_session_seed_unless_given_their_own() -> None:
    from pytest_pare.options import Settings
    from pytest_pare.scenarios.config import runner_config

    assert runner_config(Settings(seed=5)).env_events_seed == 5
    assert runner_config(Settings(seed=5, env_events_seed=9)).env_events_seed == 9


def test_lint_implies_the_oracle_so_no_model_is_needed() -> None:
    assert settle(cli={"lint": True}).oracle is True
    assert settle(env={"PARE_LINT": "1"}).oracle is True
    assert settle().lint is False and settle().oracle is False


def test_cli_values_stay_text_until_settled_so_xdist_can_send_them(tmp_path: Path) -> None:
    import argparse

    from pytest_pare.options import OPTIONS_BY_NAME, _argparse_type

    for name, raw in (("results_dir", "out"), ("noise_matrix", "tfp=0,0.1"), ("runs", "2")):
        assert _argparse_type(OPTIONS_BY_NAME[name])(raw) == raw
    with pytest.raises(argparse.ArgumentTypeError, match="expected an integer >= 1"):
        _argparse_type(OPTIONS_BY_NAME["runs"])("0")
    settled = settle(cli={"results_dir": "out", "noise_matrix": "tfp=0,0.1", "runs": "2"})
    assert settled.results_dir == Path("out") and settled.runs == 2
    assert settled.noise_matrix == (NoiseLevel(0.0, 0.0), NoiseLevel(0.1, 0.0))


def test_a_split_file_of_random_bytes_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    from pytest_pare.options import read_split

    split = tmp_path / "smoke.txt"
    split.write_bytes(b"\x80\x81")
    with pytest.raises(pytest.UsageError, match="smoke.txt is not a text file"):
        read_split(split)


def test_runs_take_a_number_or_auto_with_an_optional_maximum() -> None:
    assert (settle(cli={"runs": 3}).runs, settle(cli={"runs": 3}).adaptive) == (3, False)
    gated = {"min_success_rate": 0.5}
    auto = settle(env={"PARE_RUNS": "auto"}, cli=gated)
    assert (auto.runs, auto.adaptive) == (8, True)
    assert settle(ini={"runs": "auto:5"}, cli=gated).runs == 5


@pytest.mark.parametrize("raw", ["auto:1", "auto:x", "0", "several", "auto:"])
def test_a_bad_runs_value_names_both_forms(raw) -> None:
    with pytest.raises(pytest.UsageError, match=r"expected an integer >= 1, or auto / auto:N"):
        settle(env={"PARE_RUNS": raw})


def test_adaptive_runs_without_a_gate_are_a_usage_error_naming_the_gates() -> None:
    with pytest.raises(pytest.UsageError, match="--pare-min-success-rate, --pare-min-scenario"):
        settle(env={"PARE_RUNS": "auto"})


def test_a_shard_is_i_of_n() -> None:
    assert settle(env={"PARE_SHARD": "2/3"}).shard == (2, 3)
    for raw in ("0/3", "4/3", "1", "a/b", "1/0"):
        with pytest.raises(pytest.UsageError, match="expected I/N with 1 <= I <= N"):
            settle(env={"PARE_SHARD": raw})


def test_github_actions_is_read_from_the_environment_once() -> None:
    s = settle(env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": "/tmp/summary.md"})
    assert (s.github_actions, s.github_step_summary) == (True, Path("/tmp/summary.md"))
    assert (settle().github_actions, settle().github_step_summary) == (False, None)


def test_prices_come_from_repeated_flags_or_one_ini_line_each_and_budgets_are_checked(
    tmp_path: Path,
) -> None:
    from pytest_pare.options.values import CustomPrice

    ini = settle(ini={"price": "llama3.1=0.2/0.6\nproxy=1.25/10/0.125"}, tmp_path=tmp_path)
    assert ini.price == (
        CustomPrice("llama3.1", 0.2, 0.6),
        CustomPrice("proxy", 1.25, 10.0, 0.125),
    )
    cli = settle(cli={"price": ["a=1/2", "b=3/4"]}, ini={"price": "c=5/6"}, tmp_path=tmp_path)
    assert [p.model for p in cli.price] == ["a", "b"]  # the CLI wins over the ini table
    budgets = settle(
        cli={"max_cost": "2.5", "max_tokens": "1000", "run_max_tokens": "200"}, tmp_path=tmp_path
    )
    assert (budgets.max_cost, budgets.max_tokens, budgets.run_max_tokens) == (2.5, 1000, 200)
    with pytest.raises(pytest.UsageError, match="pare-max-cost"):
        settle(cli={"max_cost": "0"}, tmp_path=tmp_path)
    with pytest.raises(pytest.UsageError, match="MODEL=IN/OUT"):
        settle(cli={"price": ["llama3.1=cheap"]}, tmp_path=tmp_path)
