"""The scenario index: what collection learns of each scenario file, kept between sessions.

Collecting a scenario file imports it (and ARE, the first time) to learn the ids,
apps, tags and marks of its scenarios. A session that selects a few of them
(``-k``, ``-m``, a split, ``--lf``) need not import the others: their items are
built from this index, kept in pytest's cache folder, and a module is imported
only when one of its items runs.

An entry is used only while nothing it was learned from has changed:

- the scenario file itself: its size, modification and change times in
  nanoseconds (stricter than Python's own bytecode cache, which trusts the
  modification time in seconds and the size);
- every local module loaded when the entry was learned (project code such as
  conftest files and helpers next to the scenarios; anything outside the
  interpreter's and the environment's own folders), compared the same way;
- the plugin's version, the Python version and the platform.

Otherwise the file is imported as before and its entry replaced. A file whose
marks hold values that JSON cannot carry, or a ``skipif``/``xfail`` whose
condition is computed when the module is imported (it may depend on the
environment), is never indexed: it is imported in every session. When a module
imported for a run turns out to define other scenarios than its entry said, the
run is an error naming the change and the entry is dropped.

With ``-p no:cacheprovider`` there is no index and every file is imported.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pytest_pare import __version__
from pytest_pare._util.files import atomic_write_text

FORMAT = 1
#: the folder under pytest's cache (``.pytest_cache/d/``) that holds the index
CACHE_DIR = "pare-index"
INDEX_FILE = "scenarios.json"

# Marks whose first argument (or ``condition``) decides whether a test runs; a
# non-string condition was computed at import and may differ in the next process.
_CONDITIONAL_MARKS = frozenset({"skipif", "xfail"})

_INDEX_KEY = pytest.StashKey["ScenarioIndex | None"]()


@dataclass(frozen=True)
class ScenarioInfo:
    """What collection needs of one scenario class, without the class.

    Attributes:
        scenario_id: the registered id (the item's name).
        qualname: the class's qualified name, to find it when its module is imported.
        apps: short app names (keywords and markers).
        tags: capability tags (keywords and markers).
        marks: the class's own marks (decorators and ``pytestmark``), in order.
    """

    scenario_id: str
    qualname: str
    apps: tuple[str, ...]
    tags: tuple[str, ...]
    marks: tuple[pytest.Mark, ...]


@dataclass(frozen=True)
class FileEntry:
    """What one scenario file defines: its scenarios and its module-level marks."""

    scenarios: tuple[ScenarioInfo, ...]
    module_marks: tuple[pytest.Mark, ...]


class NotIndexable(ValueError):
    """A value of a file's scenarios that the index cannot carry faithfully."""


def stamp(path: str) -> list[int] | None:
    """Size, modification and change time (ns) of ``path``; None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def environment_key() -> str:
    """What every entry also depends on: this plugin, the interpreter and the platform."""
    return f"{FORMAT}|pytest-pare {__version__}|{sys.implementation.cache_tag}|{sys.platform}"


class ScenarioIndex:
    """The index of one session: entries read at start, new ones written at collection finish.

    Thread-safe: an item's run may drop an entry from a worker thread.
    """

    def __init__(self, path: Path | None, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._files: dict[str, dict[str, Any]] = {}
        self._sources: dict[str, list[int]] = {}
        self._seen: set[str] = set()
        self._dirty = False
        if data is not None:
            self._adopt(data)

    # -- reading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> ScenarioIndex:
        """The index stored at ``path``; an empty one when it is missing, damaged or stale."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        return cls(path, data if isinstance(data, dict) else None)

    def _adopt(self, data: dict[str, Any]) -> None:
        if data.get("key") != environment_key():
            return
        files, sources = data.get("files"), data.get("sources")
        if not isinstance(files, dict) or not isinstance(sources, dict):
            return
        # One changed helper may have changed what any scenario says of itself.
        if any(stamp(source) != recorded for source, recorded in sources.items()):
            return
        self._files, self._sources = files, sources

    def lookup(self, file: Path) -> FileEntry | None:
        """The entry of ``file`` if it is current, else None (import the file)."""
        key = str(file)
        with self._lock:
            self._seen.add(key)
            raw = self._files.get(key)
        if raw is None or raw.get("stamp") != stamp(key):
            return None
        try:
            return FileEntry(
                scenarios=tuple(_decode_info(info) for info in raw["scenarios"]),
                module_marks=tuple(_decode_mark(mark) for mark in raw["module_marks"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # written by another version of this format: import instead

    # -- writing -------------------------------------------------------------------------------

    def record(self, file: Path, entry: FileEntry, file_stamp: list[int] | None) -> None:
        """Keep ``entry`` for ``file`` as it was when imported (``file_stamp``, taken before)."""
        key = str(file)
        try:
            raw = {
                "stamp": file_stamp,
                "scenarios": [_encode_info(info) for info in entry.scenarios],
                "module_marks": [_encode_mark(mark) for mark in entry.module_marks],
            }
        except NotIndexable:
            raw = None
        with self._lock:
            self._seen.add(key)
            if raw is None or file_stamp is None:
                changed = self._files.pop(key, None) is not None
            else:
                changed = self._files.get(key) != raw
                self._files[key] = raw
            self._dirty = self._dirty or changed

    def forget(self, file: Path) -> None:
        """Drop the entry of ``file`` now (it did not match its module) and save."""
        with self._lock:
            if self._files.pop(str(file), None) is None:
                return
            self._dirty = True
        self.save()

    def save(self) -> None:
        """Write the index if it changed. A cache folder that cannot be written is skipped."""
        with self._lock:
            if not self._dirty or self.path is None:
                return
            files = {key: raw for key, raw in self._files.items() if stamp(key) is not None}
            sources = {**self._sources, **_local_sources(exclude=set(files) | self._seen)}
            data = {"key": environment_key(), "sources": sources, "files": files}
            self._dirty = False
        try:
            atomic_write_text(self.path, json.dumps(data, sort_keys=True))
        except OSError:
            pass  # the index only saves time; a read-only cache costs imports, nothing else


def index_for(config: pytest.Config) -> ScenarioIndex | None:
    """This session's index, read on first use; None without pytest's cache provider."""
    if _INDEX_KEY in config.stash:
        return config.stash[_INDEX_KEY]
    index: ScenarioIndex | None = None
    cache = getattr(config, "cache", None)
    if cache is not None:
        try:
            folder = cache.mkdir(CACHE_DIR)
        except OSError:
            folder = None
        if folder is not None:
            index = ScenarioIndex.load(Path(folder) / INDEX_FILE)
    config.stash[_INDEX_KEY] = index
    return index


def save_index(config: pytest.Config) -> None:
    """Write this session's index if collection learned something new."""
    index = config.stash.get(_INDEX_KEY, None)
    if index is not None:
        index.save()


# -- local sources -----------------------------------------------------------------------------


def _installed_roots() -> tuple[str, ...]:
    import site
    import sysconfig

    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots.update(p for p in sysconfig.get_paths().values() if p)
    try:
        roots.update(site.getsitepackages())
        roots.add(site.getusersitepackages())
    except AttributeError:  # a virtualenv's old site module
        pass
    return tuple(os.path.join(os.path.abspath(r), "") for r in roots if r)


def _local_sources(exclude: set[str]) -> dict[str, list[int]]:
    """Every loaded module file outside the interpreter's and environment's own folders."""
    roots = _installed_roots()
    found: dict[str, list[int]] = {}
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not os.path.isabs(file) or file.startswith(roots):
            continue
        if file in exclude or file in found:
            continue
        recorded = stamp(file)
        if recorded is not None:
            found[file] = recorded
    return found


# -- the codec: marks and their arguments as JSON ------------------------------------------------


def _encode_info(info: ScenarioInfo) -> dict[str, Any]:
    return {
        "id": info.scenario_id,
        "qualname": info.qualname,
        "apps": list(info.apps),
        "tags": list(info.tags),
        "marks": [_encode_mark(mark) for mark in info.marks],
    }


def _decode_info(raw: dict[str, Any]) -> ScenarioInfo:
    return ScenarioInfo(
        scenario_id=str(raw["id"]),
        qualname=str(raw["qualname"]),
        apps=tuple(str(a) for a in raw["apps"]),
        tags=tuple(str(t) for t in raw["tags"]),
        marks=tuple(_decode_mark(mark) for mark in raw["marks"]),
    )


def _encode_mark(mark: pytest.Mark) -> dict[str, Any]:
    if mark._param_ids_from is not None or mark._param_ids_generated is not None:
        raise NotIndexable(f"mark {mark.name} carries parametrize ids")
    if mark.name in _CONDITIONAL_MARKS:
        conditions = [*mark.args]
        if "condition" in mark.kwargs:
            conditions.append(mark.kwargs["condition"])
        if any(not isinstance(c, str) for c in conditions):
            raise NotIndexable(f"mark {mark.name} has a condition computed at import")
    return {"name": mark.name, "args": _encode(mark.args), "kwargs": _encode(mark.kwargs)}


def _decode_mark(raw: dict[str, Any]) -> pytest.Mark:
    args, kwargs = _decode(raw["args"]), _decode(raw["kwargs"])
    if not isinstance(args, tuple) or not isinstance(kwargs, dict):
        raise ValueError("a mark's args and kwargs are a tuple and a dict")
    # Through pytest.mark, as the module's own code made it: --strict-markers
    # refuses an unregistered name here just as it would at import.
    return getattr(pytest.mark, str(raw["name"])).with_args(*args, **kwargs).mark


_SCALARS = (str, int, float, bool, type(None))


def _encode(value: Any) -> Any:
    """JSON for a mark argument; tuples, lists and dicts stay apart. Exact types only."""
    if type(value) in _SCALARS:
        return value
    if type(value) is tuple:
        return {"tuple": [_encode(v) for v in value]}
    if type(value) is list:
        return {"list": [_encode(v) for v in value]}
    if type(value) is dict and all(type(k) is str for k in value):
        return {"dict": {k: _encode(v) for k, v in value.items()}}
    raise NotIndexable(f"a mark argument of type {type(value).__name__}")


def _decode(raw: Any) -> Any:
    if not isinstance(raw, dict):
        return raw
    ((kind, value),) = raw.items()
    if kind == "tuple":
        return tuple(_decode(v) for v in value)
    if kind == "list":
        return [_decode(v) for v in value]
    if kind == "dict":
        return {k: _decode(v) for k, v in value.items()}
    raise ValueError(f"unknown encoded kind {kind!r}")


def infos_differ(expected: ScenarioInfo, actual: ScenarioInfo) -> list[str]:
    """The fields in which a class's metadata differs from its entry (empty when equal)."""
    names: Iterable[str] = ("scenario_id", "qualname", "apps", "tags", "marks")
    return [name for name in names if getattr(expected, name) != getattr(actual, name)]
