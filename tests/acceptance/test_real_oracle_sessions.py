"""The plugin end to end on real scenarios, and the gaps the other tests left.

Real ARE oracle runs (no scripted runner) check what only they can: every
shipped scenario through ``pytest scenarios/`` with and without xdist, the
temp dir and threads after a session, ``--pare-timeout`` and trace paths.
The rest use the scripted project of ``conftest.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "scenarios" / "pharmacy_pickup_reminder.py"


def _pytest(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env={**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _rows(folder: Path) -> list[dict[str, Any]]:
    rows = json.loads((folder / "results.json").read_text())["rows"]
    varying = ("duration", "run_duration", "exception_traceback")
    return [{k: v for k, v in row.items() if k not in varying} for row in rows]


@pytest.mark.slow
def test_every_shipped_scenario_passes_through_the_plugin_alone_and_on_two_workers(
    tmp_path: Path,
) -> None:
    shipped = sorted(
        p.stem for p in (REPO / "scenarios").glob("*.py") if not p.name.startswith("_")
    )
    single = _pytest(REPO, "scenarios/", "--pare-oracle", f"--pare-results-dir={tmp_path / 'one'}")
    dist = _pytest(
        REPO, "scenarios/", "--pare-oracle", "-n", "2", f"--pare-results-dir={tmp_path / 'two'}"
    )
    for run in (single, dist):
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert f"{len(shipped)} passed" in run.stdout
    rows = _rows(tmp_path / "one")
    assert [r["status"] for r in rows] == ["passed"] * len(shipped)
    assert sorted(r["scenario_id"] for r in rows) == sorted(
        r["scenario_id"] for r in _rows(tmp_path / "two")
    )
    assert rows == _rows(tmp_path / "two")


def _real_project(root: Path) -> None:
    """Two copies of a shipped scenario: one passes, one misses its check; one more spins."""
    source = SHIPPED.read_text()
    (root / "scenarios").mkdir()
    (root / "scenarios" / "qa_ok.py").write_text(
        source.replace('"pharmacy_pickup_reminder"', '"qa_ok"')
    )
    (root / "scenarios" / "qa_late.py").write_text(
        source.replace('"pharmacy_pickup_reminder"', '"qa_late"').replace(
            'due_datetime="2026-05-14 09:00:00"', 'due_datetime="2026-05-15 09:00:00"'
        )
    )
    # Validation that never ends on its own: only --pare-timeout ends the run
    # (bounded, so a broken timeout fails the test instead of hanging it). The
    # timeout is far above what the two other runs take even on a loaded
    # machine, so only the stuck run can reach it.
    (root / "scenarios" / "qa_stuck.py").write_text(
        source.replace('"pharmacy_pickup_reminder"', '"qa_stuck"').replace(
            "    def expected_actions(self) -> Rules:\n",
            "    def expected_actions(self) -> Rules:\n"
            "        import time\n"
            "        give_up = time.monotonic() + 240\n"
            "        while time.monotonic() < give_up:\n"
            "            pass\n",
        )
    )
    (root / "conftest.py").write_text(
        textwrap.dedent("""
        import threading
        from pathlib import Path

        def pytest_unconfigure(config):
            names = sorted(t.name for t in threading.enumerate())
            Path(config.rootpath, "threads.txt").write_text("\\n".join(names))
    """)
    )
    (root / "pytest.ini").write_text("[pytest]\n")


@pytest.mark.slow
def test_a_real_oracle_session_reports_each_outcome_and_leaves_no_temp_files_or_threads(
    tmp_path: Path,
) -> None:
    project, temp = tmp_path / "project", tmp_path / "temp"
    project.mkdir()
    temp.mkdir()
    _real_project(project)
    run = _pytest(
        project,
        "--pare-oracle",
        "--pare-export",
        "--pare-timeout=15",
        "--pare-concurrency=2",
        "-rA",
        env={"TMPDIR": str(temp)},
    )
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    assert "1 failed, 1 passed, 1 error" in out
    # The failure: the check's rationale, then the exported trace that exists.
    assert "qa_late run 1 failed validation: missing: a pickup reminder" in out
    trace = next(line for line in out.splitlines() if line.startswith("trace: "))
    assert (project / trace.removeprefix("trace: ")).is_file()
    # The timeout ended the run inside the runner; the session went on to the end.
    assert "qa_stuck run 1 raised RunTimeout" in out and "--pare-timeout" in out
    rows = {r["scenario_id"]: r for r in _rows(project / "pare-results")}
    assert rows["qa_stuck"]["exception_type"] == "RunTimeout"
    assert rows["qa_ok"]["status"] == "passed"
    # An oracle session calls no model: no tokens, cost or budget anywhere, not even empty.
    document = json.loads((project / "pare-results" / "results.json").read_text())
    assert "usage" not in document["summary"] and "budget" not in document
    assert not any("total_tokens" in row or "usage" in row for row in document["rows"])
    assert (
        "model calls" not in out
        and "Tokens and cost" not in (project / "pare-results" / "report.html").read_text()
    )
    # ARE's sandbox and every app folder went with the session; threads were joined.
    assert sorted(os.listdir(temp)) == []
    assert (project / "threads.txt").read_text().splitlines() == ["MainThread"]


@pytest.mark.slow
def test_a_split_id_that_matches_no_scenario_is_a_usage_error_on_two_workers(pare_project) -> None:
    pare_project.add("alpha_invite")
    (pare_project.pytester.path / "mine.txt").write_text("alpha_invite\nno_such_scenario\n")
    result = pare_project.run("-n", "2", "--pare-split=mine.txt")
    out = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "INTERNALERROR" not in out
    assert "1 id(s) match no collected scenario: no_such_scenario" in out


def _broken_entry_point(pare_project) -> None:
    site = pare_project.pytester.path / "site"
    (site / "broken_scenarios").mkdir(parents=True)
    (site / "broken_scenarios" / "__init__.py").write_text(
        "def load(registry):\n    raise LookupError('scenario data missing')\n"
    )
    dist = site / "broken_scenarios-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-scenarios\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pare.scenarios]\nbroken = broken_scenarios:load\n")
    pare_project.pytester.syspathinsert(site)


@pytest.mark.parametrize(
    "dist",
    [
        pytest.param([], id="no-xdist"),
        pytest.param(["-n", "2"], id="xdist", marks=pytest.mark.slow),
    ],
)
def test_an_entry_point_that_raises_is_a_usage_error_naming_it(
    pare_project, dist, monkeypatch
) -> None:
    pare_project.add("alpha_ok")
    _broken_entry_point(pare_project)
    # The xdist run is a subprocess: it does not see the in-process sys.path insert.
    monkeypatch.setenv("PYTHONPATH", str(pare_project.pytester.path / "site"))
    result = pare_project.run("--pare-entry-points", *dist)
    out = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "INTERNALERROR" not in out
    assert "entry point 'broken' (broken_scenarios:load): LookupError: scenario data missing" in out
    assert "run without --pare-entry-points" in out


def test_entry_point_node_ids_start_with_the_entry_point_name(pare_project) -> None:
    site = pare_project.pytester.path / "site"
    (site / "extra_scenarios").mkdir(parents=True)
    (site / "extra_scenarios" / "__init__.py").write_text(
        textwrap.dedent("""
        from pytest_pare.scenarios.scenario import PAREScenario

        class Parcel(PAREScenario):
            fake_outcome = "pass"

        def load(registry):
            registry.register("parcel_from_package")(Parcel)
    """)
    )
    dist = site / "extra_scenarios-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-scenarios\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pare.scenarios]\nextra = extra_scenarios:load\n")
    pare_project.pytester.syspathinsert(site)
    result = pare_project.run("--collect-only", "-q", "--pare-entry-points")
    assert "<pare.scenarios extra>::parcel_from_package" in result.outlines


def test_scenarios_of_one_file_are_collected_sorted_by_id(pare_project) -> None:
    # Registered zeta first, then alpha, in one file.
    first, second = pare_project.add("zeta_last"), pare_project.add("alpha_first")
    (first.parent / "two.py").write_text(first.read_text() + second.read_text())
    first.unlink()
    second.unlink()
    result = pare_project.run("--collect-only", "-q")
    collected = [line for line in result.outlines if "::" in line]
    assert collected == ["scenarios/two.py::alpha_first", "scenarios/two.py::zeta_last"]


def test_the_short_summary_of_an_error_names_the_run_not_a_module_path(pare_project) -> None:
    pare_project.add("gamma_down", "error")
    result = pare_project.run("-rE", "-vv")
    result.stdout.fnmatch_lines(
        ["ERROR scenarios/gamma_down.py::gamma_down - ScenarioRunError: gamma_down run 1 raised*"]
    )
    assert "pytest_pare.items.ScenarioRunError" not in result.stdout.str()


@pytest.mark.slow
def test_concurrency_on_two_workers_uses_the_plugins_scheduler(pare_project) -> None:
    for sid in ("alpha_ok", "beta_ok", "gamma_ok"):
        pare_project.add(sid)
    result = pare_project.run("-v", "-n", "2", "--pare-concurrency=3")
    result.stdout.fnmatch_lines(["scheduling tests via ConcurrentLoadScheduling"])
    result.assert_outcomes(passed=3)


@pytest.mark.slow
def test_a_crashed_worker_is_named_in_report_txt_as_in_the_terminal(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_crash", "crash")
    result = pare_project.run("-n", "2", "--max-worker-restart=0")
    text = (pare_project.pytester.path / "pare-results" / "report.txt").read_text()
    for line in ("1 run(s) lost to a crashed worker", "scenarios/beta_crash.py::beta_crash"):
        assert line in text
        assert line in result.stdout.str()


@pytest.mark.parametrize(
    "dist",
    [
        pytest.param([], id="no-xdist"),
        pytest.param(["-n", "2"], id="xdist", marks=pytest.mark.slow),
    ],
)
def test_a_hook_adding_a_property_xdist_cannot_send_does_not_crash_the_session(
    pare_project, dist
) -> None:
    conftest = pare_project.pytester.path / "conftest.py"
    conftest.write_text(
        conftest.read_text()
        + "\n\ndef pytest_pare_result(item, result):\n"
        + "    item.user_properties.append(('odd', object()))\n"
    )
    pare_project.add("alpha_ok")
    result = pare_project.run("--junitxml=junit.xml", *dist)
    result.assert_outcomes(passed=1)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert pare_project.results()["rows"][0]["status"] == "passed"
    assert (
        'name="odd" value="&lt;object object'
        in (pare_project.pytester.path / "junit.xml").read_text()
    )


def test_a_scenario_path_set_in_the_ini_that_does_not_exist_is_a_usage_error(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.pytester.makeini("[pytest]\npare_scenario_paths = scenarioz\n")
    result = pare_project.run()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*pare_scenario_paths: 'scenarioz' does not exist*"])


def test_the_default_scenario_path_may_be_absent(pytester) -> None:
    pytester.makepyfile(test_plain="def test_it():\n    assert True\n")
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
