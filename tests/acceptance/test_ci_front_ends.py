"""A session's CI front ends: GitHub annotations and step summary, markdown file, benchmark id."""

from __future__ import annotations

import json


def _class_line(path) -> int:
    """Where the scenario's class statement starts (its decorator, as Python counts it)."""
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(("@", "class ")))


def test_under_github_actions_failures_are_annotated_at_their_class_and_summarised(
    pare_project, monkeypatch
) -> None:
    pare_project.add("alpha_ok")
    broken = pare_project.add("beta_broken", "fail")
    step_summary = pare_project.pytester.path / "step-summary.md"
    step_summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    result = pare_project.run("--pare-min-scenario-passes=1")
    assert result.ret == 1
    line = _class_line(broken)
    result.stdout.fnmatch_lines(
        [
            f"::error file=scenarios/beta_broken.py,line={line},title=beta_broken::"
            "passed 0 of 1 runs, needs 1; first failure: expected an email to bob; none was sent"
        ]
    )
    text = step_summary.read_text()
    assert text.startswith("earlier step\n## ❌ PARE gate failed\n")  # appended, not replaced
    assert "| email | 50.0% |" in text
    assert "`pare-results/results.json`" in text


def test_without_a_gate_under_github_actions_a_failed_run_is_an_error(
    pare_project, monkeypatch
) -> None:
    broken = pare_project.add("beta_broken", "fail")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = pare_project.run()
    result.stdout.fnmatch_lines(
        [
            f"::error file=scenarios/beta_broken.py,line={_class_line(broken)},title=beta_broken::"
            "0 of 1 runs passed: expected an email to bob; none was sent"
        ]
    )


def test_without_github_actions_there_are_no_annotations(pare_project) -> None:
    pare_project.add("beta_broken", "fail")
    result = pare_project.run("--pare-md-summary=out/summary.md")
    assert "::error" not in result.stdout.str()
    summary = (pare_project.pytester.path / "out" / "summary.md").read_text()
    assert summary.startswith("## PARE results (no gate set)\n")
    result.stdout.fnmatch_lines(["results: *out/summary.md"])


def test_a_baseline_made_on_another_benchmark_is_named_in_a_warning(pare_project) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_ok")
    assert pare_project.run("--pare-save-baseline=base.json").ret == 0
    baseline = json.loads((pare_project.pytester.path / "base.json").read_text())
    first_id = pare_project.results()["benchmark"]["id"]
    assert baseline["benchmark"]["id"] == first_id

    same = pare_project.run("--pare-baseline=base.json")
    assert "another benchmark" not in same.stdout.str()

    pare_project.add("beta_ok", extra="# the scenario was edited")
    result = pare_project.run("--pare-baseline=base.json")
    assert result.ret == 0  # a warning, not a failure
    result.stdout.fnmatch_lines(
        [
            "  warning: the baseline base.json was made on another benchmark (*"
            "1 scenario source(s) changed: beta_ok*"
        ]
    )
    assert pare_project.results()["benchmark"]["id"] != first_id
    assert pare_project.results()["gate"]["warnings"]


def test_a_folder_given_as_the_markdown_summary_is_a_usage_error_before_any_run(
    pare_project,
) -> None:
    pare_project.add("alpha_ok")
    (pare_project.pytester.path / "summary").mkdir()
    result = pare_project.run("--pare-md-summary=summary")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*--pare-md-summary summary: is a folder; give a file path*"])
