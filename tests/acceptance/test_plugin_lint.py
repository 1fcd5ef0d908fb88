"""``pytest --pare-lint``: each scenario item lints its scenario; findings fail it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DEFECTS = Path(__file__).resolve().parents[1] / "lint_defects"


@pytest.fixture
def lint_project(pytester: pytest.Pytester) -> pytest.Pytester:
    folder = pytester.path / "scenarios"
    (folder / "splits").mkdir(parents=True)
    for name in ("clean", "write_before_proposal"):
        shutil.copy(DEFECTS / f"{name}.py", folder / f"{name}.py")
    (folder / "splits" / "full.txt").write_text("lint_clean\nlint_write_before_proposal\n")
    return pytester


@pytest.mark.parametrize("distribution", [["-p", "no:xdist"], ["-n", "2"]], ids=["serial", "n2"])
def test_pare_lint_passes_a_clean_scenario_and_fails_a_defect_with_its_finding(
    lint_project: pytest.Pytester, distribution: list[str]
) -> None:
    result = lint_project.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:randomly", "--pare-lint", *distribution, timeout=300
    )

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*scenarios/write_before_proposal.py:*: lint_write_before_proposal: "
            "write-before-proposal: oracle step 1 (StatefulEmailApp.reply_to_email)*"
        ]
    )
    assert result.ret == 1


def test_pare_lint_needs_no_model_and_implies_the_oracle(lint_project: pytest.Pytester) -> None:
    # A model name that cannot resolve is no usage error: the linter calls none.
    args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-k", "clean", "--pare-model=no-such-model"]

    linted = lint_project.runpytest_subprocess(*args, "--pare-lint", timeout=300)
    run = lint_project.runpytest_subprocess(*args, timeout=300)

    linted.assert_outcomes(passed=1, deselected=1)
    assert linted.ret == 0
    assert run.ret == pytest.ExitCode.USAGE_ERROR  # without --pare-lint the model must resolve
