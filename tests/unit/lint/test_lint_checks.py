"""The scenario linter: one deliberately defective scenario per finding, and the CLI.

The defective scenarios live in tests/lint_defects/ (one defect each, named by
the file); every finding must be one line naming file:line, scenario id, what
is wrong and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_pare.lint import LintUsageError, lint_paths
from pytest_pare.lint.__main__ import main

REPO = Path(__file__).resolve().parents[3]
DEFECTS = REPO / "tests" / "lint_defects"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<id>[\w-]+): (?P<code>[a-z-]+): .+; fix: .+$"
)

# file -> (the one finding's code, a word the finding's source line holds, or None for
# findings about the whole scenario, which point at its class)
CASES = {
    "oracle_fails": ("oracle-fails", None),
    "oracle_step_raises": ("oracle-step-raises", "get_email_by_id"),
    "validation_ignores_writes": ("validation-ignores-writes", None),
    "write_before_proposal": ("write-before-proposal", "reply_to_email"),
    "tool_not_given": ("tool-not-given", "send_email_to_user_only"),
    "agent_cannot_play": ("agent-cannot-play", "reply_to_email"),
    "outside_horizon": ("outside-horizon", "send_email_to_user_with_id"),
    "never_runs": ("outside-horizon", "send_email_to_user_with_id"),
    "duplicate_event_id": ("duplicate-event-id", "send_email_to_user_with_id"),
    "not_in_split": ("not-in-split", None),
    "import_error": ("import-error", "StatefulFaxApp"),
    "no_scenario": ("no-scenario", None),
    "unknown_tag": ("unknown-tag", None),
}


def _source_line(path: str, line: int) -> str:
    return (REPO / path).read_text(encoding="utf-8").splitlines()[line - 1]


@pytest.fixture(autouse=True)
def _from_the_repo(monkeypatch):
    monkeypatch.chdir(REPO)  # findings show paths relative to the working directory


def test_a_scenario_without_defects_is_lint_clean():
    report = lint_paths([DEFECTS / "clean.py"])

    assert report.findings == [] and report.clean
    assert (report.files, report.scenarios) == (1, 1)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_defect_gives_exactly_its_finding_on_one_line(name):
    code, word = CASES[name]

    findings = lint_paths([DEFECTS / f"{name}.py"]).findings

    assert [f.code for f in findings] == [code], [str(f) for f in findings]
    (finding,) = findings
    match = LINE.match(str(finding))
    assert match is not None, str(finding)
    assert match["path"] == f"tests/lint_defects/{name}.py"
    source = _source_line(match["path"], int(match["line"]))
    if word is not None:
        assert word in source  # the line of the step (or import) at fault
    elif code not in ("no-scenario",):
        assert source.lstrip().startswith(("class ", "@register_scenario"))


def test_two_scenarios_under_one_id_are_a_finding_on_the_second():
    findings = lint_paths([DEFECTS / "duplicate_id_a.py", DEFECTS / "duplicate_id_b.py"]).findings

    assert [(Path(f.path).name, f.code) for f in findings] == [
        ("duplicate_id_b.py", "duplicate-id")
    ]
    assert "lint_duplicate_id" in findings[0].what and "duplicate_id_a.py" in findings[0].what


def test_a_split_naming_no_scenario_is_a_finding_on_its_line():
    findings = lint_paths([DEFECTS]).findings

    (unknown,) = [f for f in findings if f.code == "unknown-in-split"]
    assert unknown.scenario_id == "lint_no_such_scenario"
    assert _source_line(unknown.path, unknown.line).startswith("lint_no_such_scenario")


def test_the_findings_name_the_fix():
    findings = {f.code: f for f in lint_paths([DEFECTS]).findings}

    assert "send_message_to_user" in findings["write-before-proposal"].fix
    assert "@app_tool" in findings["tool-not-given"].fix
    assert "duration" in findings["outside-horizon"].fix
    assert "expect()" in findings["validation-ignores-writes"].fix
    assert "'lint_not_in_split'" in findings["not-in-split"].fix
    assert "goal-inference" in findings["unknown-tag"].fix


def test_the_shipped_benchmark_is_lint_clean():
    report = lint_paths([REPO / "scenarios"])

    assert [str(f) for f in report.findings] == []
    assert report.scenarios == len(list((REPO / "scenarios").glob("*.py")))


def test_the_upstream_style_scenarios_are_lint_clean():
    report = lint_paths([REPO / "tests" / "upstream_style"])

    assert [str(f) for f in report.findings] == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no/such/folder", "no such file or directory"),
        ("pyproject.toml", "not a scenario file"),
        ("tests/lint_defects/splits", "no scenario files"),
    ],
)
def test_bad_input_is_a_usage_error_naming_the_path(path, message):
    with pytest.raises(LintUsageError, match=message):
        lint_paths([path])


def test_the_cli_exits_0_when_clean_and_says_so(capsys):
    assert main(["tests/lint_defects/clean.py"]) == 0

    out, err = capsys.readouterr()
    assert out == "" and "1 scenario(s) in 1 file(s) lint-clean" in err


def test_the_cli_exits_1_with_one_line_per_finding(capsys):
    assert main(["tests/lint_defects/write_before_proposal.py", "tests/lint_defects/clean.py"]) == 1

    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert line.startswith("tests/lint_defects/write_before_proposal.py:")
    assert ": lint_write_before_proposal: write-before-proposal: oracle step 1" in line
    assert "1 finding(s) in 2 scenario(s)" in err


def test_the_cli_exits_2_on_a_path_that_does_not_exist(capsys):
    assert main(["tests/lint_defects/clean.py", "no/such/file.py"]) == 2

    out, err = capsys.readouterr()
    assert out == "" and "no/such/file.py: no such file or directory" in err
