"""Output paths are checked before any run; a file that cannot be written costs one line."""

from __future__ import annotations

import pytest


def test_a_folder_given_as_the_html_file_is_a_usage_error_before_any_run(pare_project) -> None:
    pare_project.add("alpha_ok")
    (pare_project.pytester.path / "site").mkdir()
    result = pare_project.run("--pare-html=site")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pare-html site: is a folder; give a file path*"])
    assert not (pare_project.pytester.path / "pare-results").exists()


def test_a_baseline_file_under_a_file_is_a_usage_error_naming_the_option(pare_project) -> None:
    pare_project.add("alpha_ok")
    (pare_project.pytester.path / "notes").write_text("not a folder")
    result = pare_project.run("--pare-save-baseline=notes/sub/base.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*--pare-save-baseline notes/sub/base.json: its folder notes/sub does not exist and "
            "cannot be created (notes is a file)*"
        ]
    )


def test_a_missing_folder_for_the_html_file_is_created(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.run("--pare-html=site/new/report.html").assert_outcomes(passed=1)
    assert (pare_project.pytester.path / "site" / "new" / "report.html").is_file()


BLOCK_THE_FILES_CONFTEST = """
import os

def pytest_collection_finish(session):
    # The paths were fine at configure; by the end of the session a folder
    # stands where each file should go.
    os.makedirs("late/report.html")
    os.makedirs("late/base.json")
"""


def test_files_that_cannot_be_written_at_the_end_cost_a_line_not_the_summary(pare_project) -> None:
    pare_project.add("alpha_ok")
    (pare_project.pytester.path / "scenarios" / "conftest.py").write_text(BLOCK_THE_FILES_CONFTEST)
    result = pare_project.run("--pare-html=late/report.html", "--pare-save-baseline=late/base.json")
    result.assert_outcomes(passed=1)
    # Every run passed, but files the user asked for are missing: not a silent 0.
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    result.stdout.fnmatch_lines(
        [
            "*PARE summary*",
            "PARE: 1 scenarios, 1 runs: 1 passed*",
            "could not write --pare-html late/report.html: *",
            "could not write --pare-save-baseline late/base.json: *",
            "exit status 3: 2 result file(s) could not be written (see above)*",
        ]
    )
    assert pare_project.results()["rows"][0]["status"] == "passed"
    report = (pare_project.pytester.path / "pare-results" / "report.txt").read_text()
    assert "could not write --pare-html late/report.html" in report
    assert (pare_project.pytester.path / "pare-results" / "report.html").is_file()


def test_a_cache_dir_that_is_a_file_is_a_usage_error_in_agent_mode(pare_project) -> None:
    pare_project.add("alpha_ok")
    (pare_project.pytester.path / "cachefile").write_text("")
    result = pare_project.pytester.runpytest_inprocess(
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "--pare-model=reference",
        "--pare-cache-dir=cachefile",
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--pare-cache-dir cachefile: is a file, not a folder*"])
    # --pare-no-cache is the way out the message names
    ok = pare_project.pytester.runpytest_inprocess(
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "--pare-model=reference",
        "--pare-cache-dir=cachefile",
        "--pare-no-cache",
    )
    ok.assert_outcomes(passed=1)
