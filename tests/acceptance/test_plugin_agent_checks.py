"""Agent-mode session checks through the plugin: models, credentials, endpoints, fatal errors."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

# A run whose scenario says fake_outcome = "fatal" fails as a rejected API key would.
FATAL_RUNNER = """
_plain_fake_run = fake_run


def fake_run(cls, config, *, run_number=1):
    if getattr(cls, "fake_outcome", None) == "fatal":
        from pytest_pare.agents.errors import CredentialsError

        try:
            raise CredentialsError("authentication failed (HTTP 401): bad key")
        except CredentialsError as exc:
            return Result(success=None, exception=exc, duration=0.01)
    return _plain_fake_run(cls, config, run_number=run_number)
"""

# Imported on collection: proves whether collection happened.
IMPORT_MARKER = """
from pathlib import Path
Path(__file__).with_name("imported.txt").write_text("collected")
"""

AGENT = ("-p", "no:cacheprovider", "--pare-no-cache")


@pytest.fixture
def agent_project(pare_project, monkeypatch):
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    conftest = pare_project.pytester.path / "conftest.py"  # the scripted runner, plus "fatal"
    conftest.write_text(conftest.read_text() + FATAL_RUNNER)
    return pare_project


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_an_unknown_model_is_a_usage_error_before_collection(agent_project) -> None:
    agent_project.add("alpha_ok", extra=IMPORT_MARKER)
    result = agent_project.pytester.runpytest_inprocess(
        *AGENT, "-p", "no:xdist", "--pare-model=gtp-5"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pare-model: unknown model 'gtp-5'*gpt-5*"])
    assert not (agent_project.pytester.path / "scenarios" / "imported.txt").exists()


def test_an_unknown_role_model_names_the_roles_own_option(agent_project) -> None:
    agent_project.add("alpha_ok")
    result = agent_project.pytester.runpytest_inprocess(
        *AGENT, "-p", "no:xdist", "--pare-model=reference", "--pare-observe-model=nope"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pare-observe-model: unknown model 'nope'*reference*"])


@pytest.mark.parametrize(
    "dist",
    [
        pytest.param(["-p", "no:xdist"], id="no-xdist"),
        pytest.param(["-n", "2"], id="xdist", marks=pytest.mark.slow),
    ],
)
def test_missing_credentials_are_a_usage_error_before_any_run(agent_project, dist) -> None:
    agent_project.add("alpha_ok")
    # No wall-clock assert: the check reads the environment only (no network), and
    # the subprocess timeout is the bound that catches a hang.
    result = agent_project.pytester.runpytest_subprocess(
        *AGENT, "--pare-model=gpt-5", *dist, timeout=300
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    out = result.stdout.str() + result.stderr.str()
    assert "no scenario was run" in out and "set OPENAI_API_KEY" in out
    assert "INTERNALERROR" not in out
    assert not (agent_project.pytester.path / "pare-results").exists()


def test_an_endpoint_that_does_not_answer_is_a_usage_error_before_any_run(agent_project) -> None:
    # That the probe is bounded (seconds, not the model call's timeout) is
    # test_engine_models' test of ENDPOINT_TIMEOUT_SECONDS; timing it here would
    # fail on a loaded machine.
    agent_project.add("alpha_ok")
    url = _closed_port_url()
    result = agent_project.pytester.runpytest_inprocess(
        *AGENT,
        "-p",
        "no:xdist",
        "--pare-model=local-model",
        *(f"--pare-{role}-endpoint={url}" for role in ("user", "observe", "execute")),
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*endpoint {url} for model 'local-model' does not answer*"])


def test_a_missing_replay_folder_is_a_usage_error_before_any_run(agent_project) -> None:
    agent_project.add("alpha_ok")
    result = agent_project.pytester.runpytest_inprocess(
        *AGENT, "-p", "no:xdist", "--pare-model=reference", "--pare-replay=recordings"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pare-replay directory recordings does not exist*"])


def test_listing_scenarios_needs_no_credentials(agent_project) -> None:
    agent_project.add("alpha_ok")
    result = agent_project.pytester.runpytest_inprocess(
        *AGENT, "-p", "no:xdist", "--pare-model=gpt-5", "--collect-only", "-q"
    )
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*alpha_ok*"])


def test_the_offline_policies_need_no_credentials(agent_project) -> None:
    agent_project.add("alpha_ok")
    result = agent_project.pytester.runpytest_inprocess(
        *AGENT, "-p", "no:xdist", "--pare-model=reference"
    )
    result.assert_outcomes(passed=1)


def test_oracle_mode_checks_no_model_and_imports_neither_the_agents_nor_litellm(
    agent_project, monkeypatch
) -> None:
    agent_project.add("alpha_ok")
    agent_project.pytester.makepyfile(
        _modules_probe="""
        import json, sys

        def pytest_unconfigure(config):
            # The model alias table (agents.models) is light; the checks and the agents are not.
            heavy = ("litellm", "pytest_pare.agents.engines", "pytest_pare.agents.credentials",
                     "pytest_pare.runner.two_agent")
            loaded = [m for m in heavy if m in sys.modules]
            with open("modules.json", "w") as handle:
                json.dump(loaded, handle)
        """
    )
    monkeypatch.setenv("PARE_MODEL", "gtp-5")  # ignored: the oracle uses no model
    agent_project.pytester.syspathinsert()
    result = agent_project.pytester.runpytest_subprocess(
        *AGENT, "-p", "no:xdist", "-p", "_modules_probe", "--pare-oracle"
    )
    result.assert_outcomes(passed=1)
    assert json.loads((agent_project.pytester.path / "modules.json").read_text()) == []


def test_a_fatal_model_error_stops_the_session_once(agent_project) -> None:
    for sid in ("alpha_key", "beta_key", "gamma_key"):
        agent_project.add(sid, "fatal")
    result = agent_project.pytester.runpytest_inprocess(
        *AGENT, "-p", "no:xdist", "--pare-model=reference"
    )
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*PARE summary*",
            "session stopped early: fatal model error in alpha_key run 1*CredentialsError*",
            "*Interrupted: fatal model error in alpha_key run 1, session stopped*bad key*",
        ]
    )
    rows = agent_project.results()["rows"]
    assert [(r["scenario_id"], r["exception_type"]) for r in rows] == [
        ("alpha_key", "CredentialsError"),
        ("beta_key", "NotRun"),
        ("gamma_key", "NotRun"),
    ]


@pytest.mark.slow
def test_a_fatal_model_error_stops_every_worker(agent_project) -> None:
    for n in range(8):
        agent_project.add(f"s{n}_key", "fatal")
    result = agent_project.pytester.runpytest_subprocess(
        *AGENT, "-n", "2", "--pare-model=reference"
    )
    assert result.ret == pytest.ExitCode.INTERRUPTED
    out = result.stdout.str()
    assert "Interrupted: fatal model error in" in out and "INTERNALERROR" not in out
    rows = agent_project.results()["rows"]
    assert len(rows) == 8
    errors = [r for r in rows if r["exception_type"] == "CredentialsError"]
    assert 1 <= len(errors) < 8, "the workers stop instead of failing every scenario"


@pytest.mark.slow
def test_a_401_from_a_real_endpoint_is_one_clear_session_error(pytester, monkeypatch) -> None:
    from pytest_pare.testing import CompletionServer, Reply

    repo = Path(__file__).resolve().parents[2]
    (pytester.path / "scenarios").mkdir()
    for name in ("pharmacy_pickup_reminder", "promo_code_cart_checkout"):
        source = repo / "scenarios" / f"{name}.py"
        (pytester.path / "scenarios" / source.name).write_text(source.read_text(encoding="utf-8"))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    with CompletionServer(lambda body: Reply.error(401, "invalid api key")) as server:
        result = pytester.runpytest_subprocess(
            *AGENT,
            "-p",
            "no:xdist",
            "--pare-model=local-model",
            *(f"--pare-{role}-endpoint={server.url}" for role in ("user", "observe", "execute")),
        )
        requests = len(server.requests)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*Interrupted: fatal model error in *CredentialsError*"])
    assert requests == 1, "a rejected key is neither retried nor tried again by the next scenario"
