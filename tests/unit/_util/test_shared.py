"""The shared JSON document: one state for every opener of its file, robust to a torn write."""

from __future__ import annotations

from pathlib import Path

from pytest_pare._util.shared import SharedState


def test_two_openers_of_one_file_see_each_others_updates(tmp_path: Path) -> None:
    first, second = SharedState(tmp_path / "s.json"), SharedState(tmp_path / "s.json")
    assert first.shared_across_processes
    first.update(lambda doc: doc.update(count=1, note="a long value that makes the file long"))
    assert second.update(lambda doc: doc.pop("note")) == "a long value that makes the file long"
    # The shorter document replaced the longer one entirely.
    assert first.read() == {"count": 1}
    first.close()
    second.close()


def test_a_torn_state_file_starts_over_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"count": ', encoding="utf-8")  # a writer killed mid-write
    state = SharedState(path)
    assert state.update(lambda doc: doc.setdefault("count", 0)) == 0
    assert state.read() == {"count": 0}
    state.close()


def test_without_a_file_the_document_lives_in_memory() -> None:
    state = SharedState()
    state.update(lambda doc: doc.update(x=[1, 2]))
    copy = state.read()
    copy["x"].append(3)  # a copy: changing it changes nothing shared
    assert state.read() == {"x": [1, 2]} and not state.shared_across_processes
