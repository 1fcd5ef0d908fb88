"""Collection: node ids, -k, -m, splits, import errors, entry points."""

from __future__ import annotations

import pytest


def test_each_scenario_becomes_one_item_per_run_with_run_ids(pare_project) -> None:
    pare_project.add("beta_reply")
    pare_project.add("alpha_invite", apps=("calendar",))
    result = pare_project.run("--collect-only", "-q", "--pare-runs=2")
    result.stdout.fnmatch_lines(
        [
            "scenarios/alpha_invite.py::alpha_invite[[]run-1[]]",
            "scenarios/alpha_invite.py::alpha_invite[[]run-2[]]",
            "scenarios/beta_reply.py::beta_reply[[]run-1[]]",
            "scenarios/beta_reply.py::beta_reply[[]run-2[]]",
        ]
    )
    assert result.ret == 0


def test_a_single_run_has_no_run_suffix(pare_project) -> None:
    pare_project.add("alpha_invite")
    result = pare_project.run("--collect-only", "-q")
    result.stdout.fnmatch_lines(["scenarios/alpha_invite.py::alpha_invite"])
    assert "run-1" not in result.stdout.str()


def test_k_selects_by_scenario_id_app_and_tag(pare_project) -> None:
    pare_project.add("alpha_invite", apps=("calendar",), tags=("multi-app",))
    pare_project.add("beta_reply", apps=("email",))
    pare_project.add("gamma_ride", apps=("cab",), tags=("goal-inference",))
    for expr, expected in [
        ("alpha", ["alpha_invite"]),
        ("email", ["beta_reply"]),
        ("goal-inference or calendar", ["alpha_invite", "gamma_ride"]),
        ("not cab", ["alpha_invite", "beta_reply"]),
    ]:
        result = pare_project.run("--collect-only", "-q", "-k", expr)
        collected = [line.rsplit("::", 1)[1] for line in result.outlines if "::" in line]
        assert collected == expected, expr


def test_m_selects_by_app_and_tag_markers_under_strict_markers(pare_project) -> None:
    pare_project.add("alpha_invite", apps=("calendar",), tags=("multi-app",))
    pare_project.add("beta_reply", apps=("email",))
    for expr, expected in [
        ("email", ["beta_reply"]),
        ("pare(app='calendar')", ["alpha_invite"]),
        ("pare(tag='multi-app')", ["alpha_invite"]),
        ("pare", ["alpha_invite", "beta_reply"]),
    ]:
        result = pare_project.run("--collect-only", "-q", "--strict-markers", "-m", expr)
        collected = [line.rsplit("::", 1)[1] for line in result.outlines if "::" in line]
        assert collected == expected, expr
        assert result.ret == 0


def test_a_split_keeps_only_its_ids_and_ignores_comments(pare_project) -> None:
    for sid in ("alpha_invite", "beta_reply", "gamma_ride"):
        pare_project.add(sid)
    (pare_project.pytester.path / "scenarios" / "splits").mkdir()
    (pare_project.pytester.path / "scenarios" / "splits" / "smoke.txt").write_text(
        "# quick ones\nalpha_invite\ngamma_ride  # the ride\n\n"
    )
    result = pare_project.run("--collect-only", "-q", "--pare-split=smoke")
    collected = [line.rsplit("::", 1)[1] for line in result.outlines if "::" in line]
    assert collected == ["alpha_invite", "gamma_ride"]


def test_a_split_file_path_works_too(pare_project) -> None:
    pare_project.add("alpha_invite")
    pare_project.add("beta_reply")
    split = pare_project.pytester.path / "mine.txt"
    split.write_text("beta_reply\n")
    result = pare_project.run("--collect-only", "-q", f"--pare-split={split}")
    collected = [line.rsplit("::", 1)[1] for line in result.outlines if "::" in line]
    assert collected == ["beta_reply"]


def test_a_split_id_that_matches_no_scenario_is_a_usage_error_listing_it(pare_project) -> None:
    pare_project.add("alpha_invite")
    split = pare_project.pytester.path / "mine.txt"
    split.write_text("alpha_invite\nno_such_scenario\n")
    result = pare_project.run("-q", f"--pare-split={split}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pare-split*no_such_scenario*"])


def test_an_unknown_split_name_is_a_usage_error_naming_the_known_splits(pare_project) -> None:
    pare_project.add("alpha_invite")
    (pare_project.pytester.path / "scenarios" / "splits").mkdir()
    (pare_project.pytester.path / "scenarios" / "splits" / "smoke.txt").write_text("alpha_invite\n")
    result = pare_project.run("-q", "--pare-split=nightly")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pare-split 'nightly'*known splits: smoke*"])


def test_a_scenario_file_that_fails_to_import_is_a_collection_error_for_that_file_only(
    pare_project,
) -> None:
    pare_project.add("alpha_invite")
    (pare_project.pytester.path / "scenarios" / "broken.py").write_text(
        "import no_such_module_here\n"
    )
    result = pare_project.run("-q")
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting scenarios/broken.py*",
            "*could not import scenario file*broken.py*",
            "*ModuleNotFoundError*no_such_module_here*",
        ]
    )
    result.assert_outcomes(errors=1)
    result2 = pare_project.run("-q", "--continue-on-collection-errors")
    result2.assert_outcomes(passed=1, errors=1)


def test_files_outside_the_scenario_paths_are_not_collected_as_scenarios(pare_project) -> None:
    pare_project.add("alpha_invite")
    (pare_project.pytester.path / "helpers").mkdir()
    (pare_project.pytester.path / "helpers" / "other.py").write_text(
        "raise RuntimeError('imported')\n"
    )
    result = pare_project.run("--collect-only", "-q", "helpers", "scenarios")
    assert result.ret == 0
    assert "other.py" not in result.stdout.str()


def test_the_scenario_paths_come_from_the_ini(pare_project) -> None:
    pare_project.pytester.makeini("[pytest]\npare_scenario_paths = bench\n")
    (pare_project.pytester.path / "bench").mkdir()
    (pare_project.pytester.path / "bench" / "delta.py").write_text(
        (pare_project.pytester.path / pare_project.add("delta_note")).read_text()
    )
    (pare_project.pytester.path / "scenarios" / "delta_note.py").unlink()
    result = pare_project.run("--collect-only", "-q")
    result.stdout.fnmatch_lines(["bench/delta.py::delta_note"])
