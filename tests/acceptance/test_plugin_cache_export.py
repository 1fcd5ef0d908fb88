"""A session that exports traces runs every scenario afresh: a stored result has no trace."""

from __future__ import annotations


def test_exporting_traces_bypasses_stored_results_and_refreshes_them(pare_project) -> None:
    pare_project.add("alpha_ok")
    args = (
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "-v",
        "--pare-model=reference",  # offline: needs no key; the scripted runner fakes the run
        f"--pare-cache-dir={pare_project.pytester.path / 'cache'}",
    )
    pare_project.pytester.runpytest_inprocess(*args).assert_outcomes(passed=1)

    exported = pare_project.pytester.runpytest_inprocess(*args, "--pare-export")
    exported.assert_outcomes(passed=1)
    exported.stdout.no_fnmatch_line("*PASSED (cached)*")
    assert not any(r["cached"] for r in pare_project.results()["rows"])

    again = pare_project.pytester.runpytest_inprocess(*args)
    again.stdout.fnmatch_lines(["*alpha_ok PASSED (cached)*"])
