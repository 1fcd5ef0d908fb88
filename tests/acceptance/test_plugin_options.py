"""Options through a real session: precedence reaches the runner, bad values exit 4."""

from __future__ import annotations

import json
import sys

import pytest


def _echoed(pare_project, *args: str) -> dict:
    pare_project.run(*args)
    return json.loads(pare_project.results()["rows"][0]["rationale"])


def test_cli_beats_env_beats_ini_up_to_the_runner_config(pare_project, monkeypatch) -> None:
    pare_project.add("alpha_echo", "echo-config")
    pare_project.pytester.makeini(
        "[pytest]\npare_seed = 1\npare_timeout = 30\npare_max_turns = 4\n"
    )
    monkeypatch.setenv("PARE_SEED", "2")
    monkeypatch.setenv("PARE_TIMEOUT", "40")
    echoed = _echoed(pare_project, "--pare-seed=3")
    assert (echoed["seed"], echoed["timeout"], echoed["max_turns"]) == (3, 40.0, 4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pare-runs=0"], "*--pare-runs: expected an integer >= 1, or auto*; got '0'*"),
        (
            ["--pare-tool-failure-probability=1.5"],
            "*--pare-tool-failure-probability: expected a number >= 0 and <= 1*",
        ),
        (["--pare-export-format=xml"], "*--pare-export-format: expected one of hf, lite, both*"),
        (["--pare-split=nope"], "*--pare-split 'nope'*"),
        (["--pare-baseline=missing.json"], "*--pare-baseline missing.json: no such file*"),
    ],
)
def test_a_bad_value_stops_the_session_with_exit_4_before_collection(
    pare_project, args, message
) -> None:
    pare_project.add("alpha_ok")
    result = pare_project.run(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "collected" not in result.stdout.str()


def test_a_bad_env_value_exits_4(pare_project, monkeypatch) -> None:
    pare_project.add("alpha_ok")
    monkeypatch.setenv("PARE_RUNS", "many")
    result = pare_project.run()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*environment variable PARE_RUNS (option --pare-runs)*"])


def test_every_option_is_listed_in_help_under_pare(pare_project) -> None:
    result = pare_project.run("--help")
    out = result.stdout.str()
    for flag in (
        "--pare-oracle",
        "--pare-model",
        "--pare-noise-matrix",
        "--pare-concurrency",
        "--pare-min-success-rate",
        "--pare-gate-on",
        "--pare-record",
        "--pare-html",
    ):
        assert flag in out
    assert "pare_scenario_paths" in out


def test_the_repo_test_run_is_not_disturbed_without_scenarios(pytester) -> None:
    pytester.makepyfile(test_plain="def test_it():\n    assert True\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "PARE" not in result.stdout.str()
    assert not (pytester.path / "pare-results").exists()


def test_agent_mode_is_refused_only_when_scenarios_are_selected_and_the_agent_runner_is_missing(
    pare_project, monkeypatch
) -> None:
    pare_project.add("alpha_ok")
    pare_project.pytester.makepyfile(test_plain="def test_it():\n    assert True\n")
    # None in sys.modules makes `import pytest_pare.runner.two_agent` raise ImportError.
    monkeypatch.setitem(sys.modules, "pytest_pare.runner.two_agent", None)
    plain = pare_project.pytester.runpytest_inprocess("-p", "no:cacheprovider", "test_plain.py")
    plain.assert_outcomes(passed=1)
    result = pare_project.pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:xdist", "scenarios"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*agent mode (no --pare-oracle) needs pytest_pare.runner.two_agent*"]
    )


def test_a_corrupt_baseline_is_a_usage_error_before_any_run(pare_project) -> None:
    pare_project.add("alpha_ok")
    (pare_project.pytester.path / "baseline.json").write_text("{not json")
    result = pare_project.run("--pare-baseline=baseline.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*baseline.json*"])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert not (pare_project.pytester.path / "pare-results").exists()
