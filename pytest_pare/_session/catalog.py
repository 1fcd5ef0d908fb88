"""Each selected scenario's apps and tags, known to the controller before any run reports.

A run that never reports (an interrupted session, a crashed worker) must still
count under its scenario's apps and tags, or the per-app figures leave it out
while the headline counts it. The single process knows them from its items.
An xdist controller collects nothing: each worker writes its collection's
catalog to a folder the controller named in ``workerinput`` (local workers
share the file system), and the controller reads them when it writes its
results. Reports are no carrier: after a Ctrl-C the controller processes none
of those still queued.

For the same reason each worker also appends every row it reports to a file
in that folder (``<worker>.rows.jsonl``): a run that finished and reported
just as the session was interrupted keeps its row, though the controller
never processed its report.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_pare._util.files import atomic_write_text

#: the ``workerinput`` key naming the folder workers write their catalogs to
WORKERINPUT_KEY = "pare_catalog_dir"
_FOLDER_KEY = pytest.StashKey[Path]()

Catalog = dict[str, dict[str, list[str]]]


def catalog_of(items: Iterable[Any]) -> Catalog:
    """``{scenario_id: {"apps": [...], "tags": [...]}}`` of scenario items."""
    return {i.scenario_id: {"apps": list(i.apps), "tags": list(i.tags)} for i in items}


def folder_for_workers(config: pytest.Config) -> Path:
    """The controller's catalog folder (made on first use, removed by :func:`remove_folder`)."""
    folder = config.stash.get(_FOLDER_KEY, None)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="pare-catalog-"))
        config.stash[_FOLDER_KEY] = folder
    return folder


def remove_folder(config: pytest.Config) -> None:
    folder = config.stash.get(_FOLDER_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        del config.stash[_FOLDER_KEY]


def _worker_file(config: pytest.Config, suffix: str) -> Path | None:
    """On an xdist worker: its file ``<worker><suffix>`` in the folder the controller named;
    None elsewhere (not a worker, a remote one, or an older controller)."""
    workerinput: Mapping[str, Any] = getattr(config, "workerinput", {})
    folder, worker = workerinput.get(WORKERINPUT_KEY), workerinput.get("workerid", "worker")
    if not folder or not Path(folder).is_dir():
        return None
    return Path(folder) / f"{worker}{suffix}"


def write_worker_catalog(config: pytest.Config, catalog: Catalog) -> None:
    """On an xdist worker: leave this collection's catalog where the controller looks."""
    path = _worker_file(config, ".json")
    if path is None or not catalog:
        return  # a remote worker, or an older controller: its runs keep what their rows say
    try:
        atomic_write_text(path, json.dumps(catalog))
    except OSError:
        return  # best effort: the catalog only fills in runs that never report


def read_worker_catalogs(config: pytest.Config) -> Catalog:
    """On the controller: every catalog the workers wrote (they agree: same collection)."""
    folder = config.stash.get(_FOLDER_KEY, None)
    out: Catalog = {}
    if folder is None:
        return out
    for path in sorted(folder.glob("*.json")):
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(found, dict):
            for scenario_id, meta in found.items():
                out.setdefault(scenario_id, meta)
    return out


_ROWS_LOCK = threading.Lock()  # runs of one worker report from several threads (--pare-concurrency)


def keep_worker_row(config: pytest.Config, row: Mapping[str, Any]) -> None:
    """On an xdist worker: append the row this run reports to the worker's rows file."""
    path = _worker_file(config, ".rows.jsonl")
    if path is None:
        return  # not a worker, or a remote one: its reports are the only carrier
    line = json.dumps(row, separators=(",", ":")) + "\n"
    try:
        with _ROWS_LOCK, open(path, "a", encoding="utf-8") as f:
            f.write(line)
    except OSError:
        return  # best effort: the report still carries the row


def read_worker_rows(config: pytest.Config) -> dict[str, dict[str, Any]]:
    """On the controller: every row the workers wrote, by node id (a torn last line is skipped)."""
    folder = config.stash.get(_FOLDER_KEY, None)
    rows: dict[str, dict[str, Any]] = {}
    if folder is None:
        return rows
    for path in sorted(folder.glob("*.rows.jsonl")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            try:
                row = json.loads(line)
            except ValueError:
                continue  # the worker was stopped mid-write
            if isinstance(row, dict) and isinstance(row.get("nodeid"), str):
                rows.setdefault(row["nodeid"], row)
    return rows
