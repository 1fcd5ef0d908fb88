"""Fault injection, damaged input: every file the plugin reads, and bad option values.

Each session here gets a file of random bytes, a truncated file or another
program's JSON where pytest-pare expects its own (a result-cache entry, a
baseline, a recorded model call, a split file), or an option it cannot use.
Each test asserts the exit code, the message and the rows written: a damaged
cache entry is a warning and a recompute, anything else a clear usage error
(exit 4) before any run, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: what a damaged file holds, by kind (the bytes a crashed tool or a disk error leaves)
DAMAGE = {
    "random-bytes": b"\x80\x81\xfe\xff",
    "truncated": b'{"format": "pytest-pare-cache", "version": 1, "key": "ab',
    "foreign-json": b'{"name": "some other program", "items": [1, 2, 3]}',
}


def _agent_args(project, *more: str) -> tuple[str, ...]:
    # Agent mode (the result cache works only there) with an offline model; the
    # project's scripted runner fakes each run.
    cache = project.pytester.path / "cache"
    return ("-p", "no:cacheprovider", "-p", "no:xdist", "-v", "--pare-model=reference",
            f"--pare-cache-dir={cache}", *more)  # fmt: skip


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_entry_is_a_warning_and_a_recompute_that_replaces_it(
    pare_project, damage: str
) -> None:
    pare_project.add("alpha_ok")
    pare_project.add("beta_ok")
    args = _agent_args(pare_project)
    first = pare_project.pytester.runpytest_inprocess(*args)
    first.assert_outcomes(passed=2)
    entries = sorted((pare_project.pytester.path / "cache").rglob("*.json"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(DAMAGE[damage])

    again = pare_project.pytester.runpytest_inprocess(*args)

    again.assert_outcomes(passed=2)
    assert again.ret == pytest.ExitCode.OK
    problem = {
        "random-bytes": "not text (byte 0 is not UTF-8)",
        "truncated": "not valid JSON*",
        "foreign-json": "not a pytest-pare cache entry for this key",
    }[damage]
    again.stdout.fnmatch_lines([f"*CacheWarning: pytest-pare cache entry *: {problem}*recomputed*"])
    again.stdout.no_fnmatch_line("*UnicodeDecodeError*")
    rows = pare_project.results()["rows"]
    assert [(r["scenario_id"], r["status"], r["cached"]) for r in rows] == [
        ("alpha_ok", "passed", False),
        ("beta_ok", "passed", False),
    ]
    for entry in entries:  # replaced by the recomputed result
        assert json.loads(entry.read_text())["format"] == "pytest-pare-cache"
    third = pare_project.pytester.runpytest_inprocess(*args)
    third.stdout.fnmatch_lines(["*alpha_ok PASSED (cached)*", "*beta_ok PASSED (cached)*"])


def _results_with_null_run_number(project) -> bytes:
    project.run().assert_outcomes(passed=1)
    doc = project.results()
    doc["rows"][0]["run_number"] = None
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ("random-bytes", "not a text file*"),
        ("truncated", "not valid JSON*"),
        ("foreign-json", "no 'rows' list of per-run results"),
        ("null-run-number", "row 1 (alpha_ok) has run_number None; every run needs a whole*"),
    ],
)
@pytest.mark.parametrize(
    "dist",
    [["-p", "no:xdist"], pytest.param(["-n", "2"], marks=pytest.mark.slow)],
    ids=["serial", "xdist"],
)
def test_a_damaged_baseline_is_a_usage_error_before_any_run(
    pare_project, damage: str, problem: str, dist: list[str]
) -> None:
    pare_project.add("alpha_ok")
    baseline = pare_project.pytester.path / "baseline.json"
    if damage == "null-run-number":
        baseline.write_bytes(_results_with_null_run_number(pare_project))
    else:
        baseline.write_bytes(DAMAGE[damage])
    results = pare_project.pytester.path / "pare-results" / "results.json"
    before = results.read_bytes() if results.exists() else None

    result = pare_project.run(f"--pare-baseline={baseline}", *dist)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: baseline {baseline}: {problem}*results.json*"])
    out = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in out and "Traceback" not in out
    # No run started, so no file of this session was written.
    assert (results.read_bytes() if results.exists() else None) == before


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_split_file_is_a_usage_error_naming_it(pare_project, damage: str) -> None:
    pare_project.add("alpha_ok")
    splits = pare_project.pytester.path / "scenarios" / "splits"
    splits.mkdir()
    (splits / "smoke.txt").write_bytes(DAMAGE[damage])

    result = pare_project.run("--pare-split=smoke")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    if damage == "random-bytes":
        result.stderr.fnmatch_lines(
            ["*--pare-split: *smoke.txt is not a text file*one scenario id*"]
        )
    else:  # text, but no line names a scenario
        result.stderr.fnmatch_lines(["*--pare-split smoke: 1 id(s) match no collected scenario*"])
    assert not (pare_project.pytester.path / "pare-results").exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            {"ini": "pare_noise_matrix = tfp=2"},
            "ini key pare_noise_matrix (option --pare-noise-matrix)*",
        ),
        ({"env": "tfp=0,0.1;bogus=3"}, "environment variable PARE_NOISE_MATRIX*"),
        ({"cli": "--pare-noise-matrix=tfp=0.1;tfp=0.2"}, "*--pare-noise-matrix*given twice*"),
    ],
    ids=["ini", "env", "cli"],
)
def test_a_bad_noise_matrix_from_any_source_is_a_usage_error_naming_it(
    pare_project, monkeypatch, source: dict, message: str
) -> None:
    pare_project.add("alpha_ok")
    args = []
    if "ini" in source:
        pare_project.pytester.makeini(f"[pytest]\n{source['ini']}\n")
    if "env" in source:
        monkeypatch.setenv("PARE_NOISE_MATRIX", source["env"])
    if "cli" in source:
        args.append(source["cli"])
    result = pare_project.run(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{message}"])
    assert not (pare_project.pytester.path / "pare-results").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--pare-model=foo/bar",),
            "--pare-model: unknown model 'foo/bar': 'foo' is not a provider*",
        ),
        (
            ("--pare-model=reference", "--pare-observe-model=foo/bar"),
            "--pare-observe-model: unknown model 'foo/bar': 'foo' is not a provider*"
            "--pare-observe-provider=foo and the model as 'bar'*",
        ),
    ],
    ids=["every-role", "one-role"],
)
def test_an_unknown_provider_prefix_is_named_as_the_problem(
    pare_project, args: tuple[str, ...], message: str
) -> None:
    pare_project.add("alpha_ok")
    result = pare_project.pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:xdist", "--pare-no-cache", *args
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])
    result.stderr.no_fnmatch_line("*write it as 'provider/model'*")


@pytest.mark.parametrize(
    ("make", "flag", "message"),
    [
        ("file", "--pare-results-dir=taken", "--pare-results-dir taken: is a file, not a folder;*"),
        (
            "file",
            "--pare-results-dir=taken/results",
            "--pare-results-dir taken/results: cannot be created because taken is a file;*",
        ),
        (
            "proc",
            "--pare-results-dir=/proc/pare-results",
            "*/proc/pare-results: cannot be created*",
        ),
    ],
    ids=["a-file", "under-a-file", "unwritable"],
)
@pytest.mark.parametrize("dist", [["-p", "no:xdist"], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_results_folder_that_cannot_take_the_files_is_a_usage_error_before_any_run(
    pare_project, make: str, flag: str, message: str, dist: list[str]
) -> None:
    if make == "proc" and not Path("/proc").is_dir():
        pytest.skip("needs /proc, a folder no one can create files in")
    pare_project.add("alpha_ok", outcome="crash")  # would kill its process if it ran
    (pare_project.pytester.path / "taken").write_text("a file")

    result = pare_project.run(flag, *dist)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    out = result.stdout.str() + result.stderr.str()
    assert "give a writable folder (created when missing)" in out
    assert any(_fnmatch(line, f"*{message}") for line in out.splitlines()), out
    assert "crashed" not in out, "no run started"


def _fnmatch(line: str, pattern: str) -> bool:
    from fnmatch import fnmatch

    return fnmatch(line, pattern)


def test_a_folder_of_scenarios_outside_the_scenario_paths_names_the_ini_key(pare_project) -> None:
    outside = pare_project.pytester.path / "my_scenarios"
    outside.mkdir()
    module = pare_project.add("alpha_ok")
    module.rename(outside / module.name)

    result = pare_project.run("my_scenarios/")

    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.fnmatch_lines(
        [
            "pytest-pare: my_scenarios/ holds scenario modules, but pytest-pare collects scenarios "
            "only under the ini key pare_scenario_paths (scenarios); add the folder to it (in the "
            "[pytest] section: pare_scenario_paths = my_scenarios) or run with "
            "-o pare_scenario_paths=my_scenarios"
        ]
    )
    fixed = pare_project.run("my_scenarios/", "-o", "pare_scenario_paths=my_scenarios")
    fixed.assert_outcomes(passed=1)


def test_an_empty_folder_outside_the_scenario_paths_gets_no_hint(pare_project) -> None:
    (pare_project.pytester.path / "empty").mkdir()
    result = pare_project.run("empty/")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.no_fnmatch_line("*pare_scenario_paths*")


def test_a_folder_of_tests_that_mention_scenarios_gets_no_hint(pare_project) -> None:
    # Every test deselected by -k is exit 5 as well, but the folder holds tests of
    # scenarios, not scenario modules: no advice to add it to pare_scenario_paths.
    tests = pare_project.pytester.path / "tests"
    tests.mkdir()
    (tests / "test_registry.py").write_text(
        "from pytest_pare.scenarios.utils.registry import register_scenario\n\n\n"
        "def test_register_scenario_is_importable():\n    assert register_scenario\n"
    )
    result = pare_project.run("tests/", "-k", "no_such_test")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.fnmatch_lines(["*1 deselected*"])
    result.stdout.no_fnmatch_line("*pare_scenario_paths*")


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_recording_fails_its_run_naming_the_file_and_the_fix(
    real_project: pytest.Pytester, damage: str
) -> None:
    store = real_project.path / "recordings"
    base = ("-p", "no:cacheprovider", "-p", "no:xdist", "--pare-no-cache", "--pare-model=reference",
            "-k", "dinner_moved_calendar_update")  # fmt: skip
    real_project.runpytest_inprocess(*base, f"--pare-record={store}").assert_outcomes(passed=1)
    records = sorted(store.rglob("*.json"))
    assert records
    records[0].write_bytes(DAMAGE[damage])

    replayed = real_project.runpytest_inprocess(*base, f"--pare-replay={store}")

    replayed.assert_outcomes(errors=1)
    assert replayed.ret == pytest.ExitCode.TESTS_FAILED
    replayed.stdout.fnmatch_lines(
        [f"*ReplayMissError: recorded answer {records[0]} is damaged: *re-record*"]
    )
    (row,) = json.loads((real_project.path / "pare-results" / "results.json").read_text())["rows"]
    assert (row["status"], row["exception_type"]) == ("error", "ReplayMissError")


@pytest.mark.parametrize("command", ["compare", "merge"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_results_file_given_to_compare_or_merge_is_refused_with_exit_2(
    pare_project, capsys, command: str, damage: str
) -> None:
    from pytest_pare.report.__main__ import main

    pare_project.add("alpha_ok")
    pare_project.run().assert_outcomes(passed=1)
    root = pare_project.pytester.path
    good, bad = root / "pare-results" / "results.json", root / "damaged.json"
    bad.write_bytes(DAMAGE[damage])
    capsys.readouterr()

    out = root / ("compare.html" if command == "compare" else "merged")
    assert main([command, str(bad), str(good), "-o", str(out)]) == 2

    err = capsys.readouterr().err
    problem = {
        "random-bytes": "not a text file (not UTF-8)",
        "truncated": "not valid JSON",
        "foreign-json": "no 'rows' list",
    }[damage]
    assert f"{bad}: {problem}" in err and "Traceback" not in err
    assert not out.exists()
