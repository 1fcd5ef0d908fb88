"""Agent mode through pytest: reference passes, idle fails, record/replay, credentials."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = ("pharmacy_pickup_reminder", "promo_code_cart_checkout")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    folder = pytester.path / "scenarios"
    folder.mkdir()
    for name in SCENARIOS:
        source = REPO / "scenarios" / f"{name}.py"
        if not source.exists():
            pytest.skip(f"shipped scenario {name} is not available")
        (folder / f"{name}.py").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return pytester


# A bound on each pytest subprocess, so a hung session fails the test instead of the CI job.
SESSION_TIMEOUT = 300


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-q", "--pare-no-cache", *args, timeout=SESSION_TIMEOUT
    )


def _rows(pytester: pytest.Pytester) -> list[dict[str, object]]:
    data = json.loads((pytester.path / "pare-results" / "results.json").read_text())
    rows = data["runs"] if isinstance(data, dict) and "runs" in data else data
    return sorted(rows, key=lambda r: str(r.get("scenario_id")))


def test_the_reference_policy_passes_every_scenario(project: pytest.Pytester) -> None:
    result = _run(project, "--pare-model=reference", "-p", "no:xdist")
    result.assert_outcomes(passed=len(SCENARIOS))


def test_the_reference_policy_passes_under_xdist(project: pytest.Pytester) -> None:
    result = _run(project, "--pare-model=reference", "-n", "2")
    result.assert_outcomes(passed=len(SCENARIOS))


def test_the_idle_policy_fails_every_scenario(project: pytest.Pytester) -> None:
    result = _run(project, "--pare-model=idle", "-p", "no:xdist")
    result.assert_outcomes(failed=len(SCENARIOS))
    result.stdout.fnmatch_lines(["*a proposal to the user*"])


def test_a_recorded_session_replays_offline_with_the_same_results(
    project: pytest.Pytester,
) -> None:
    store = project.path / "recordings"
    recorded = _run(project, "--pare-model=reference", f"--pare-record={store}", "-p", "no:xdist")
    recorded.assert_outcomes(passed=len(SCENARIOS))
    assert list(store.rglob("*.json"))
    replayed = _run(project, "--pare-model=reference", f"--pare-replay={store}", "-p", "no:xdist")
    replayed.assert_outcomes(passed=len(SCENARIOS))


def test_a_replay_miss_is_an_error_naming_the_request(project: pytest.Pytester) -> None:
    empty = project.path / "empty"
    empty.mkdir()
    result = _run(project, "--pare-model=reference", f"--pare-replay={empty}", "-p", "no:xdist")
    result.assert_outcomes(errors=len(SCENARIOS))
    result.stdout.fnmatch_lines(["*no recorded answer*"])


def test_missing_credentials_stop_the_session_before_any_scenario_and_any_connection(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The session's own conftest logs (and refuses) every connection attempt and
    # logs every item that starts.
    project.makeconftest(
        textwrap.dedent(
            """
            import socket
            from pathlib import Path

            HERE = Path(__file__).parent

            def _note(name, text):
                with (HERE / name).open("a", encoding="utf-8") as file:
                    file.write(text + "\\n")

            def _refuse(*args, **kwargs):
                _note("connections.txt", repr(args))
                raise OSError("no network in this test session")

            socket.create_connection = _refuse
            socket.socket.connect = _refuse

            def pytest_runtest_logstart(nodeid, location):
                _note("started.txt", nodeid)
            """
        )
    )
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = _run(project, "--pare-model=gpt-5", "-p", "no:xdist")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*OPENAI_API_KEY*"])
    assert not (project.path / "started.txt").exists()
    assert not (project.path / "connections.txt").exists()


def test_an_unknown_model_is_a_usage_error_listing_the_aliases(project: pytest.Pytester) -> None:
    result = _run(project, "--pare-model=gtp-5", "-p", "no:xdist")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown model 'gtp-5'*gpt-5*"])
