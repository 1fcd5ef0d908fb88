"""The scenario index keeps what collection learned of a file only while that still holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_pare._session.index import (
    FileEntry,
    ScenarioIndex,
    ScenarioInfo,
    environment_key,
    stamp,
)


def _entry(*marks: pytest.Mark, module_marks: tuple[pytest.Mark, ...] = ()) -> FileEntry:
    info = ScenarioInfo("alpha", "Alpha", ("email",), ("timing",), tuple(marks))
    return FileEntry((info,), module_marks)


def _saved_and_read(tmp_path: Path, file: Path, entry: FileEntry) -> FileEntry | None:
    index = ScenarioIndex(tmp_path / "index.json")
    index.record(file, entry, stamp(str(file)))
    index.save()
    return ScenarioIndex.load(tmp_path / "index.json").lookup(file)


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "alpha.py"
    path.write_text("# a scenario\n")
    return path


def test_marks_come_back_equal_with_tuples_lists_and_dicts_kept_apart(
    tmp_path: Path, scenario_file: Path
) -> None:
    marks = (
        pytest.mark.pare_noise(tool_failure_probability=0.25, env_events_per_minute=3).mark,
        pytest.mark.slow(("a", 1), ["b", 2.5], {"c": None, "d": True}, flag=False).mark,
        pytest.mark.skipif("sys.platform == 'win32'", reason="a string condition").mark,
    )
    entry = _entry(*marks, module_marks=(pytest.mark.slow.mark,))

    read = _saved_and_read(tmp_path, scenario_file, entry)

    assert read == entry
    assert read is not None
    slow = read.scenarios[0].marks[1]
    assert [type(a) for a in slow.args] == [tuple, list, dict]


@pytest.mark.parametrize(
    "mark",
    [
        pytest.mark.slow(object()).mark,
        pytest.mark.slow({1: "int key"}).mark,
        pytest.mark.skipif(False, reason="decided at import").mark,
        pytest.mark.xfail(condition=True, reason="decided at import").mark,
    ],
    ids=["an object", "a dict with int keys", "skipif(bool)", "xfail(condition=bool)"],
)
def test_a_file_whose_marks_the_index_cannot_carry_is_imported_every_time(
    tmp_path: Path, scenario_file: Path, mark: pytest.Mark
) -> None:
    assert _saved_and_read(tmp_path, scenario_file, _entry(mark)) is None


def test_an_edited_file_has_no_entry(tmp_path: Path, scenario_file: Path) -> None:
    index = ScenarioIndex(tmp_path / "index.json")
    index.record(scenario_file, _entry(), stamp(str(scenario_file)))
    index.save()

    scenario_file.write_text("# a scenario, edited\n")

    assert ScenarioIndex.load(tmp_path / "index.json").lookup(scenario_file) is None


def test_an_entry_recorded_from_a_file_that_changed_while_importing_is_not_served(
    tmp_path: Path, scenario_file: Path
) -> None:
    before = stamp(str(scenario_file))
    scenario_file.write_text("# edited while the session imported it\n")

    index = ScenarioIndex(tmp_path / "index.json")
    index.record(scenario_file, _entry(), before)
    index.save()

    assert ScenarioIndex.load(tmp_path / "index.json").lookup(scenario_file) is None


def test_a_changed_local_module_empties_the_index(
    tmp_path: Path, scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    helper = tmp_path / "helper_for_index_test.py"
    helper.write_text("TAGS = ('timing',)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("helper_for_index_test")
    index = ScenarioIndex(tmp_path / "index.json")
    index.record(scenario_file, _entry(), stamp(str(scenario_file)))
    index.save()
    assert ScenarioIndex.load(tmp_path / "index.json").lookup(scenario_file) is not None

    helper.write_text("TAGS = ('mood',)\n")

    assert ScenarioIndex.load(tmp_path / "index.json").lookup(scenario_file) is None


def test_an_index_written_by_another_version_or_damaged_is_empty(
    tmp_path: Path, scenario_file: Path
) -> None:
    path = tmp_path / "index.json"
    index = ScenarioIndex(path)
    index.record(scenario_file, _entry(), stamp(str(scenario_file)))
    index.save()
    data = json.loads(path.read_text())

    path.write_text(json.dumps({**data, "key": environment_key() + "-other"}))
    assert ScenarioIndex.load(path).lookup(scenario_file) is None
    path.write_text(json.dumps(data)[:-20])
    assert ScenarioIndex.load(path).lookup(scenario_file) is None


def test_the_entry_of_a_deleted_file_is_dropped_when_the_index_is_written(
    tmp_path: Path, scenario_file: Path
) -> None:
    other = tmp_path / "beta.py"
    other.write_text("# another scenario\n")
    index = ScenarioIndex(tmp_path / "index.json")
    index.record(scenario_file, _entry(), stamp(str(scenario_file)))
    index.record(other, _entry(), stamp(str(other)))
    index.save()

    other.unlink()
    index = ScenarioIndex.load(tmp_path / "index.json")
    index.record(scenario_file, _entry(pytest.mark.slow.mark), stamp(str(scenario_file)))
    index.save()

    files = json.loads((tmp_path / "index.json").read_text())["files"]
    assert list(files) == [str(scenario_file)]
