"""Each xdist worker keeps a copy of the rows it reports, for the controller after an interrupt."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pytest_pare._session import catalog


def _worker(folder: Path, name: str) -> Any:
    return SimpleNamespace(workerinput={catalog.WORKERINPUT_KEY: str(folder), "workerid": name})


def _controller(folder: Path) -> Any:
    config = SimpleNamespace(stash=pytest.Stash())
    config.stash[catalog._FOLDER_KEY] = folder
    return config


def test_rows_written_by_workers_and_their_threads_are_read_back_by_node_id(
    tmp_path: Path,
) -> None:
    gw0, gw1 = _worker(tmp_path, "gw0"), _worker(tmp_path, "gw1")

    def report(worker: Any, first: int) -> None:
        for n in range(first, first + 50):
            catalog.keep_worker_row(worker, {"nodeid": f"s::x[run-{n}]", "text": "y" * 2000})

    threads = [
        threading.Thread(target=report, args=(w, first))
        for w, first in ((gw0, 0), (gw0, 50), (gw1, 100))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = catalog.read_worker_rows(_controller(tmp_path))
    assert sorted(rows) == sorted(f"s::x[run-{n}]" for n in range(150))
    assert all(r["text"] == "y" * 2000 for r in rows.values())


def test_a_line_torn_by_a_stopped_worker_is_skipped_and_the_others_kept(tmp_path: Path) -> None:
    catalog.keep_worker_row(_worker(tmp_path, "gw0"), {"nodeid": "s::a[run-1]"})
    with open(tmp_path / "gw0.rows.jsonl", "a", encoding="utf-8") as f:
        f.write('{"nodeid": "s::b[ru')
    assert list(catalog.read_worker_rows(_controller(tmp_path))) == ["s::a[run-1]"]


def test_a_process_that_is_not_a_local_worker_writes_nothing(tmp_path: Path) -> None:
    catalog.keep_worker_row(SimpleNamespace(), {"nodeid": "s::a[run-1]"})
    catalog.keep_worker_row(_worker(tmp_path / "gone", "gw0"), {"nodeid": "s::a[run-1]"})
    assert not list(tmp_path.iterdir())
