"""The scenario index: a session builds items without importing the files it does not run.

Each test runs a project twice with pytest's cache on: the first session imports
every scenario file and fills the index, the second is served from it. A small
conftest hook records which scenario modules were imported by the end of
collection (before the selected ones are loaded) and by the end of the session.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

RECORD_IMPORTS = textwrap.dedent(
    """
    import sys as _sys
    from pathlib import Path

    def _scenario_modules():
        return sorted(
            name.split("_")[2]
            for name in _sys.modules
            if name.startswith("pare_scenario_")
        )

    def pytest_collection_finish(session):
        # A plain hook runs before the plugin's (trylast), which loads what will run.
        Path("collected-imports.json").write_text(json.dumps(_scenario_modules()))

    def pytest_sessionfinish(session):
        Path("session-imports.json").write_text(json.dumps(_scenario_modules()))
    """
)


class IndexedProject:
    """A project (see ``pare_project``) whose sessions keep pytest's cache and the index."""

    def __init__(self, base: Any) -> None:
        self.base = base
        self.pytester: pytest.Pytester = base.pytester
        conftest = self.pytester.path / "conftest.py"
        conftest.write_text(conftest.read_text() + RECORD_IMPORTS)
        self.pytester.makeini("[pytest]\nmarkers =\n    slow: a slow scenario\n")

    def add(self, scenario_id: str, outcome: str = "pass", **kwargs: Any) -> Path:
        path: Path = self.base.add(scenario_id, outcome, **kwargs)
        return path

    def run_cached(self, *args: str, subprocess: bool = False) -> pytest.RunResult:
        base = ["--pare-oracle", "--pare-no-cache"]
        if subprocess:
            return self.pytester.runpytest_subprocess(*base, *args)
        return self.pytester.runpytest_inprocess(*base, "-p", "no:xdist", *args)

    def imports(self, when: str) -> list[str]:
        """Stems of the scenario files imported by the end of ``collected`` or ``session``."""
        path = self.pytester.path / f"{when}-imports.json"
        return [stem.split(".")[0] for stem in json.loads(path.read_text())]

    def write(self, name: str, source: str) -> Path:
        path = self.pytester.path / "scenarios" / name
        path.write_text(textwrap.dedent(source))
        return path


@pytest.fixture
def project(pare_project: Any) -> IndexedProject:
    return IndexedProject(pare_project)


def _collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line]


MARKED = """
    import pytest
    from pytest_pare.scenarios.scenario import PAREScenario
    from pytest_pare.scenarios.utils.registry import register_scenario

    pytestmark = [pytest.mark.pare_noise(tool_failure_probability=0.25)]


    @register_scenario("marked")
    @pytest.mark.slow
    @pytest.mark.skip(reason="kept for the record")
    class Marked(PAREScenario):
        tags = ("multi-app", "timing")
        options = pytest.mark.filterwarnings(("ignore",), {"nested": [1, 2.5, None, True]})

        @classmethod
        def apps_used(cls):
            return ("cab", "email")
    """


def test_a_second_collection_gives_the_same_items_without_importing_any_scenario_file(
    project: IndexedProject,
) -> None:
    project.add("alpha_invite", apps=("calendar",), tags=("multi-app",))
    project.add("beta_reply", apps=("email",))
    project.write("marked.py", MARKED)
    args = ("--collect-only", "-q", "--pare-runs=2", "--pare-noise-matrix=tfp=0,0.1")

    first = project.run_cached(*args)
    assert project.imports("collected") == ["alpha", "beta", "marked"]
    second = project.run_cached(*args)

    assert project.imports("session") == []
    assert _collected(second) == _collected(first)
    assert len(_collected(second)) == 12
    for expr in ("slow", "pare(app='cab')", "multi-app", "pare_noise", "skip"):
        cold = project.run_cached("--collect-only", "-q", "-p", "no:cacheprovider", "-m", expr)
        warm = project.run_cached("--collect-only", "-q", "-m", expr)
        assert _collected(warm) == _collected(cold), expr
        assert _collected(warm), expr


def test_k_imports_only_the_module_of_the_selected_scenario(project: IndexedProject) -> None:
    for sid in ("alpha_invite", "beta_reply", "gamma_ride"):
        project.add(sid)
    project.run_cached("-q")

    result = project.run_cached("-q", "-k", "beta")

    result.assert_outcomes(passed=1, deselected=2)
    assert project.imports("collected") == []
    assert project.imports("session") == ["beta"]


def test_an_edited_scenarios_new_id_and_tags_are_collected(project: IndexedProject) -> None:
    project.add("alpha_invite")
    path = project.add("beta_reply", tags=("timing",))
    project.run_cached("--collect-only", "-q")

    edited = path.read_text().replace("beta_reply", "beta_renamed").replace("timing", "mood")
    path.write_text(edited)
    result = project.run_cached("--collect-only", "-q", "-k", "mood")

    assert _collected(result) == ["scenarios/beta_reply.py::beta_renamed"]
    assert project.imports("session") == ["beta"]
    assert _collected(project.run_cached("--collect-only", "-q", "-k", "mood")) == [
        "scenarios/beta_reply.py::beta_renamed"
    ]
    assert project.imports("session") == []


def test_a_changed_helper_module_refreshes_what_its_scenarios_say(
    project: IndexedProject,
) -> None:
    helper = project.write("_shared.py", "TAGS = ('timing',)\n")
    source = """
        import sys
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).parent))
        from _shared import TAGS
        from pytest_pare.scenarios.scenario import PAREScenario
        from pytest_pare.scenarios.utils.registry import register_scenario


        @register_scenario("{sid}")
        class Scenario_{sid}(PAREScenario):
            tags = TAGS
        """
    project.write("alpha.py", source.format(sid="alpha"))
    project.write("beta.py", source.format(sid="beta"))
    project.run_cached("--collect-only", "-q")

    helper.write_text("TAGS = ('mood',)\n")
    result = project.run_cached("--collect-only", "-q", "-k", "mood")

    assert [line.rsplit("::", 1)[1] for line in _collected(result)] == ["alpha", "beta"]


def test_a_file_served_from_the_index_that_no_longer_imports_errors_its_items(
    project: IndexedProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.add("alpha_invite")
    project.add(
        "beta_reply",
        extra="import os\n"
        "if os.environ.get('BETA_BREAKS'):\n"
        "    raise RuntimeError('beta broke')\n",
    )
    project.run_cached("-q")

    monkeypatch.setenv("BETA_BREAKS", "1")
    result = project.run_cached("-q")

    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*could not import scenario file*beta_reply.py*", "*RuntimeError: beta broke*"]
    )


def test_a_scenario_that_says_other_things_than_its_entry_is_an_error_and_is_forgotten(
    project: IndexedProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.add(
        "alpha_invite",
        tags=("timing",),
        extra="import os\nMOOD = os.environ.get('ALPHA_TAG')\n",
    )
    path = project.pytester.path / "scenarios" / "alpha_invite.py"
    path.write_text(
        path.read_text().replace("tags = ('timing',)", "tags = (MOOD or 'timing',)"),
    )
    project.run_cached("-q")

    # The file stays as it was: only the environment changes what the module says.
    monkeypatch.setenv("ALPHA_TAG", "mood")
    result = project.run_cached("-q")
    rerun = project.run_cached("-q", "-k", "mood")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*alpha_invite.py changed after collection*tags*"])
    rerun.assert_outcomes(passed=1)


def test_two_files_with_one_id_fail_collection_also_when_the_first_is_served_from_the_index(
    project: IndexedProject,
) -> None:
    project.add("alpha_invite")
    project.run_cached("--collect-only", "-q", "-p", "no:xdist", subprocess=True)

    twin = project.pytester.path / "scenarios" / "zeta_twin.py"
    twin.write_text((project.pytester.path / "scenarios" / "alpha_invite.py").read_text())
    # A fresh process: an in-process session keeps the registry of the one before it.
    result = project.run_cached("-q", "-p", "no:xdist", subprocess=True)

    result.stdout.fnmatch_lines(["*ERROR collecting scenarios/zeta_twin.py*", "*registered twice*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_a_mark_with_a_condition_computed_at_import_keeps_its_file_imported(
    project: IndexedProject,
) -> None:
    project.add("alpha_invite")
    project.write(
        "conditional.py",
        """
        import sys
        import pytest
        from pytest_pare.scenarios.scenario import PAREScenario
        from pytest_pare.scenarios.utils.registry import register_scenario


        @register_scenario("conditional")
        @pytest.mark.skipif(sys.platform == "no-such-platform", reason="never here")
        class Conditional(PAREScenario):
            pass
        """,
    )
    project.run_cached("--collect-only", "-q")

    result = project.run_cached("--collect-only", "-q")

    assert len(_collected(result)) == 2
    assert project.imports("collected") == ["conditional"]


def test_workers_collect_the_same_items_from_the_index(project: IndexedProject) -> None:
    for sid in ("alpha_invite", "beta_reply", "gamma_ride", "delta_note"):
        project.add(sid)
    project.run_cached("-q")

    result = project.run_cached("-q", "-n", "2", "-k", "not gamma", subprocess=True)

    result.assert_outcomes(passed=3)
    assert project.imports("collected") == []  # a worker's collection, served by the index


def _selection_project(project: IndexedProject) -> None:
    project.add("alpha_invite", apps=("calendar",), tags=("timing",))
    project.add("beta_reply", apps=("email", "messaging"))
    project.add("gamma_ride", "fail", apps=("cab",), tags=("timing",))
    project.add("delta_note", apps=("note",), tags=("multi-app",))
    project.write("marked.py", MARKED)
    splits = project.pytester.path / "scenarios" / "splits"
    splits.mkdir()
    (splits / "smoke.txt").write_text("beta_reply\ngamma_ride\nmarked\n")


SELECTIONS = {
    "split": ("--pare-split=smoke",),
    "shard 1 of 2": ("--pare-shard=1/2",),
    "shard 2 of 2": ("--pare-shard=2/2",),
    "split, -k and runs": ("--pare-split=smoke", "-k", "not marked", "--pare-runs=2"),
    "noise matrix and -m": ("--pare-noise-matrix=tfp=0,0.1", "-m", "timing or slow"),
    "lint": ("--pare-lint", "-k", "alpha or delta"),
}


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_every_selection_collects_the_same_items_from_the_index_as_from_the_files(
    project: IndexedProject, name: str
) -> None:
    _selection_project(project)
    args = ("--collect-only", "-q", *SELECTIONS[name])
    cold = project.run_cached(*args, "-p", "no:cacheprovider")
    project.run_cached("--collect-only", "-q")  # fills the index

    warm = project.run_cached(*args)

    assert project.imports("session") == []
    assert _collected(warm) == _collected(cold)
    assert _collected(warm)
    # "n/m tests collected (k deselected) in t s"
    assert warm.outlines[-1].split(" in ")[0] == cold.outlines[-1].split(" in ")[0]


def test_a_run_that_never_reported_keeps_its_apps_and_tags_from_the_index(
    project: IndexedProject,
) -> None:
    _selection_project(project)
    project.run_cached("--collect-only", "-q")

    # gamma_ride fails and -x stops the session before marked.py's item (after it
    # in file order) reports: its row's apps and tags come from the collection only.
    result = project.run_cached("-q", "-x", "-k", "gamma or marked or zeta", "-p", "no:randomly")
    rows = {row["scenario_id"]: row for row in project.base.results()["rows"]}

    result.assert_outcomes(failed=1, deselected=3)
    assert project.imports("collected") == []
    assert rows["marked"]["exception_type"] == "NotRun"
    assert rows["marked"]["apps"] == ["cab", "email"]
    assert rows["marked"]["tags"] == ["multi-app", "timing"]
