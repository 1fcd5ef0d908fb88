"""Agent-mode result cache through the plugin, and scenarios from installed packages."""

from __future__ import annotations

import textwrap

import pytest


def test_a_cached_run_keeps_its_outcome_and_says_cached(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_wrong", "fail")
    args = (
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "-v",
        "--pare-model=reference",  # offline: needs no key; the scripted runner fakes the run
        f"--pare-cache-dir={pare_project.pytester.path / 'cache'}",
    )
    first = pare_project.pytester.runpytest_inprocess(*args)
    first.assert_outcomes(passed=1, failed=1)
    again = pare_project.pytester.runpytest_inprocess(*args)
    again.assert_outcomes(passed=1, failed=1)
    again.stdout.fnmatch_lines(
        [
            "*alpha_ok PASSED (cached)*",
            "*beta_wrong FAILED (cached)*",
            "PARE: 2 scenarios, 2 runs: 1 passed, 1 failed, 0 errors (2 cached)",
        ]
    )
    assert all(r["cached"] for r in pare_project.results()["rows"])


def test_editing_a_scenario_invalidates_its_cached_runs(pare_project) -> None:
    pare_project.add("alpha_ok")
    args = (
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "--pare-model=reference",  # offline: needs no key; the scripted runner fakes the run
        f"--pare-cache-dir={pare_project.pytester.path / 'cache'}",
    )
    pare_project.pytester.runpytest_inprocess(*args).assert_outcomes(passed=1)
    path = pare_project.add("alpha_ok", "fail")
    assert "fail" in path.read_text()
    pare_project.pytester.runpytest_inprocess(*args).assert_outcomes(failed=1)


def test_entry_point_scenarios_are_collected_when_asked(pare_project) -> None:
    pytester = pare_project.pytester
    pkg = pytester.path / "site" / "extra_scenarios"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        textwrap.dedent("""
        from pytest_pare.scenarios.scenario import PAREScenario

        class Parcel(PAREScenario):
            fake_outcome = "pass"

        def load(registry):
            registry.register("parcel_from_package")(Parcel)
    """)
    )
    dist = pytester.path / "site" / "extra_scenarios-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-scenarios\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pare.scenarios]\nextra = extra_scenarios:load\n")
    pytester.syspathinsert(pytester.path / "site")
    pare_project.add("alpha_ok")
    without = pare_project.run("--collect-only", "-q", "scenarios")
    assert "parcel_from_package" not in without.stdout.str()
    result = pare_project.run("-v", "--pare-entry-points", "-k", "parcel", "scenarios")
    result.stdout.fnmatch_lines(["*<pare.scenarios extra>::parcel_from_package PASSED*"])
    result.assert_outcomes(passed=1, deselected=1)
    assert [r["scenario_id"] for r in pare_project.results()["rows"]] == ["parcel_from_package"]


@pytest.mark.slow
def test_agent_mode_without_the_agent_runner_is_a_usage_error_under_xdist_too(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.pytester.makeconftest(
        "import sys\nsys.modules['pytest_pare.runner.two_agent'] = None\n"
    )
    result = pare_project.pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "agent mode (no --pare-oracle) needs" in result.stdout.str() + result.stderr.str()
