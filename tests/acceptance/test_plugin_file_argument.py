"""A scenario author runs one scenario file by its path, as with any test file."""

from __future__ import annotations


def test_a_scenario_file_named_on_the_command_line_runs_once(pare_project) -> None:
    path = pare_project.add("lunch_reply")
    pare_project.add("other_story")

    result = pare_project.run(str(path.relative_to(pare_project.pytester.path)), "-v")

    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*scenarios/lunch_reply.py::lunch_reply PASSED*"])
    result.stdout.no_fnmatch_line("*DuplicateScenarioError*")


def test_a_scenario_node_id_on_the_command_line_selects_that_scenario(pare_project) -> None:
    pare_project.add("lunch_reply")

    result = pare_project.run("scenarios/lunch_reply.py::lunch_reply", "-v")

    result.assert_outcomes(passed=1)
    rows = pare_project.results()["rows"]
    assert [row["scenario_id"] for row in rows] == ["lunch_reply"]
