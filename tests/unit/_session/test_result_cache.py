"""The result cache: keys, hits, misses, invalidation, damaged entries, atomic writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_pare._session.cache import (
    CacheWarning,
    ResultCache,
    atomic_write_text,
    cache_key,
    config_hash,
    scenario_source_hash,
)
from pytest_pare.options.environ import default_cache_dir

RESULT = {"success": True, "status": "passed", "exception_type": None, "rationale": None}


def _key(source_hash: str = "src", **over) -> str:
    parts = {
        "scenario_id": "email_reply",
        "run_number": 1,
        "config_hash": "cfg",
        "source_hash": source_hash,
        "noise": {"tool_failure_probability": 0.0, "env_events_per_minute": 0},
        "version": "0.1.0",
    }
    parts.update(over)
    return cache_key(**parts)


def test_a_stored_result_is_a_hit_and_an_unknown_key_a_miss(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    assert cache.get(_key()) is None
    assert cache.put(_key(), RESULT) is True
    assert cache.get(_key()) == RESULT
    assert cache.get(_key(run_number=2)) is None


@pytest.mark.parametrize(
    "change",
    [
        {"scenario_id": "other"},
        {"run_number": 2},
        {"config_hash": "cfg2"},
        {"source_hash": "src2"},
        {"noise": {"tool_failure_probability": 0.1, "env_events_per_minute": 0}},
        {"version": "0.2.0"},
    ],
)
def test_every_input_of_the_key_changes_it(change) -> None:
    assert _key(**change) != _key()


def test_editing_the_scenario_source_invalidates_its_entries(tmp_path: Path) -> None:
    module = tmp_path / "email_reply.py"
    module.write_text("ANSWER = 1\n")
    cache = ResultCache(tmp_path / "cache")
    before = scenario_source_hash(module)
    assert before is not None
    cache.put(_key(before), RESULT)
    assert cache.get(_key(scenario_source_hash(module))) == RESULT
    module.write_text("ANSWER = 2\n")
    assert cache.get(_key(scenario_source_hash(module))) is None


def test_the_source_hash_of_a_class_reads_its_module_file() -> None:
    assert scenario_source_hash(ResultCache) == scenario_source_hash(
        Path(__import__("pytest_pare._session.cache")._session.cache.__file__)
    )
    assert scenario_source_hash(type("Dynamic", (), {"__module__": "__nowhere__"})) is None


def test_a_corrupt_entry_warns_is_a_miss_and_is_overwritten(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = _key()
    cache.put(key, RESULT)
    cache.path_for(key).write_text('{"format": "pytest-pare-cache", "key": ')
    with pytest.warns(CacheWarning, match=r"not valid JSON.*the run is recomputed"):
        assert cache.get(key) is None
    assert cache.put(key, RESULT)
    assert cache.get(key) == RESULT


def test_an_entry_for_another_key_is_a_miss_with_a_warning(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key, other = _key(), _key(run_number=9)
    cache.put(other, RESULT)
    cache.path_for(key).parent.mkdir(parents=True, exist_ok=True)
    cache.path_for(key).write_text(cache.path_for(other).read_text())
    with pytest.warns(CacheWarning, match="not a pytest-pare cache entry for this key"):
        assert cache.get(key) is None


def test_a_run_that_raised_is_never_stored_or_served(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = _key()
    raised = {"success": None, "status": "error", "exception_type": "APIConnectionError"}
    assert cache.put(key, raised) is False
    assert not cache.path_for(key).exists()
    # Even an entry written by hand (or an older version) is not served.
    doc = {"format": "pytest-pare-cache", "version": 1, "key": key, "result": raised}
    cache.path_for(key).parent.mkdir(parents=True)
    cache.path_for(key).write_text(json.dumps(doc))
    assert cache.get(key) is None


def test_an_unwritable_cache_warns_and_does_not_fail(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(CacheWarning, match="cannot write it"):
        assert ResultCache(blocker).put(_key(), RESULT) is False


def test_atomic_write_replaces_whole_files_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "entry.json"
    atomic_write_text(target, "old")
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["entry.json"]


def test_default_cache_dir_follows_xdg_then_home(tmp_path: Path, monkeypatch) -> None:
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "pytest-pare"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir({}) == tmp_path / "home" / ".cache" / "pytest-pare"
    # A relative XDG_CACHE_HOME is invalid per the spec and ignored.
    assert default_cache_dir({"XDG_CACHE_HOME": "rel"}) == tmp_path / "home/.cache/pytest-pare"


def test_config_hash_ignores_where_files_go_but_not_what_runs() -> None:
    base = {"oracle": False, "observe_model": "gpt-5", "results_dir": "a", "concurrency": 4}
    assert config_hash(base) == config_hash(base | {"results_dir": "b", "concurrency": 16})
    assert config_hash(base) != config_hash(base | {"observe_model": "gpt-4o"})
    with pytest.raises(TypeError, match="pydantic model or a mapping"):
        config_hash(42)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x80\x81", "not text (byte 0 is not UTF-8)"),
        (b'{"format": "pytest-pare-cache", "ver', "not valid JSON"),
        (b"[1, 2, 3]", "not a pytest-pare cache entry for this key"),
        (b"", "not valid JSON"),
    ],
    ids=["random-bytes", "truncated", "foreign-json", "empty"],
)
def test_a_damaged_entry_warns_is_a_miss_and_the_next_put_replaces_it(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    cache = ResultCache(tmp_path)
    key = _key()
    cache.path_for(key).parent.mkdir(parents=True)
    cache.path_for(key).write_bytes(content)
    with pytest.warns(CacheWarning, match=re.escape(problem) + ".*the run is recomputed"):
        assert cache.get(key) is None
    assert cache.put(key, RESULT)
    assert cache.get(key) == RESULT


def test_an_entry_whose_result_has_wrongly_typed_fields_is_a_warned_miss(tmp_path: Path) -> None:
    from pytest_pare._session.cache import ItemCache

    store = ResultCache(tmp_path)
    key = _key()
    store.put(key, {**RESULT, "proposal_count": "many"})
    with pytest.warns(CacheWarning, match="its result cannot be read back"):
        assert ItemCache(store, key).get() is None
