"""--pare-shard and ``report merge``: N shards merged are one session (rows, figures, verdict)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_pare.report.__main__ import main

SCENARIOS = [
    ("alpha_ok", "pass"),
    ("beta_flaky", "odd-runs-pass"),
    ("gamma_flaky", "odd-runs-pass"),
    ("delta_ok", "pass"),
    ("eps_ok", "pass"),
    ("zeta_flaky", "odd-runs-pass"),
    ("eta_ok", "pass"),
]
GATE = ("--pare-runs=3", "--pare-min-success-rate=0.6", "--pare-min-scenario-passes=1")


def _project(pare_project) -> None:
    for sid, outcome in SCENARIOS:
        pare_project.add(sid, outcome, tags=("multi-app",) if "ok" in sid else ())
    pare_project.pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")


def _merge(pare_project, folders: list[str], *extra: str) -> int:
    root = pare_project.pytester.path
    inputs = [str(root / f / "results.json") for f in folders]
    return main(["merge", *inputs, "-o", str(root / "merged"), *extra])


def _comparable(doc: dict) -> dict:
    gate = {k: v for k, v in doc["gate"].items() if k != "settings"}
    return {"rows": doc["rows"], "summary": doc["summary"], "gate": gate, "bench": doc["benchmark"]}


def test_three_shards_merged_give_the_rows_statistics_and_verdict_of_one_session(
    pare_project, capsys
) -> None:
    _project(pare_project)
    single = pare_project.run(*GATE, "--pare-results-dir=single")
    shards = [
        pare_project.run(*GATE, f"--pare-shard={i}/3", f"--pare-results-dir=shard-{i}")
        for i in (1, 2, 3)
    ]
    ran = [{r["nodeid"] for r in pare_project.results(f"shard-{i}")["rows"]} for i in (1, 2, 3)]
    assert all(ran) and not (ran[0] & ran[1] or ran[0] & ran[2] or ran[1] & ran[2])
    assert set().union(*ran) == {r["nodeid"] for r in pare_project.results("single")["rows"]}
    # Each shard holds whole scenarios (all three runs), and the plain test runs once.
    for rows in ran:
        assert all(len([n for n in rows if n.split("[")[0] == r.split("[")[0]]) == 3 for r in rows)
    assert (
        sum(s.parseoutcomes().get("passed", 0) for s in shards) == single.parseoutcomes()["passed"]
    )
    capsys.readouterr()

    status = _merge(pare_project, ["shard-3", "shard-1", "shard-2"])  # any order
    assert status == single.ret == 0  # the gate passes although runs failed
    merged = pare_project.results("merged")
    assert _comparable(merged) == _comparable(pare_project.results("single"))
    out = capsys.readouterr().out
    assert "PARE gate PASSED" in out
    report = (pare_project.pytester.path / "merged" / "report.txt").read_text()
    assert report == (pare_project.pytester.path / "single" / "report.txt").read_text()
    for name in ("results.parquet", "report.html"):
        assert (pare_project.pytester.path / "merged" / name).is_file()


def test_the_merge_applies_the_recorded_gate_or_the_one_it_is_given(pare_project, capsys) -> None:
    _project(pare_project)
    strict = ("--pare-runs=3", "--pare-min-success-rate=0.9")
    single = pare_project.run(*strict, "--pare-results-dir=single")
    for i in (1, 2):
        shard = pare_project.run(*strict, f"--pare-shard={i}/2", f"--pare-results-dir=s{i}")
        assert shard.ret == 0  # a shard does not decide the gate
    assert single.ret == 1
    assert _merge(pare_project, ["s1", "s2"]) == 1
    assert "PARE gate FAILED (exit 1)" in capsys.readouterr().out
    assert _merge(pare_project, ["s1", "s2"], "--min-success-rate=0.5") == 0
    assert pare_project.results("merged")["gate"]["settings"]["min_success_rate"] == 0.5


@pytest.mark.slow
def test_a_shard_with_two_workers_merges_like_one_process(pare_project) -> None:
    _project(pare_project)
    pare_project.run(*GATE, "--pare-results-dir=single")
    pare_project.run(*GATE, "--pare-shard=1/2", "--pare-results-dir=s1", "-n", "2")
    pare_project.run(*GATE, "--pare-shard=2/2", "--pare-results-dir=s2")
    assert (
        pare_project.results("s1")["shard"]["selected"]
        == (pare_project.results("s2")["shard"]["selected"])
    )
    assert _merge(pare_project, ["s1", "s2"]) == 0
    assert _comparable(pare_project.results("merged")) == _comparable(
        pare_project.results("single")
    )


def test_durations_from_an_earlier_run_balance_the_shards(pare_project) -> None:
    _project(pare_project)
    pare_project.run("--pare-results-dir=before")
    doc = pare_project.results("before")
    for row in doc["rows"]:  # as if alpha_ok took far longer than the rest
        row["duration"] = 30.0 if row["scenario_id"] == "alpha_ok" else 1.0
    (pare_project.pytester.path / "durations.json").write_text(json.dumps(doc))
    pare_project.run(
        "--pare-shard=1/2", "--pare-shard-durations=durations.json", "--pare-results-dir=s1"
    )
    shard = pare_project.results("s1")
    assert shard["shard"]["balanced_by"] == "durations"
    ids = {r["scenario_id"] for r in shard["rows"]}
    assert ids == {"alpha_ok"} or "alpha_ok" not in ids


@pytest.mark.parametrize(
    ("folders", "problem"),
    [
        (["s1"], "shard(s) 2/2 missing: got 1 of 2"),
        (["s1", "s1"], "shard 1/2 is given twice"),
        (["s1", "plain"], "not a shard (no --pare-shard)"),
        (["plain", "plain"], "is in both"),
    ],
)
def test_inputs_that_are_not_one_session_are_refused_with_exit_2(
    pare_project, capsys, folders, problem
) -> None:
    _project(pare_project)
    pare_project.run("--pare-shard=1/2", "--pare-results-dir=s1")
    pare_project.run("--pare-results-dir=plain")
    capsys.readouterr()
    assert _merge(pare_project, folders) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and problem in err and len(err.splitlines()) == 1
    assert not (Path(pare_project.pytester.path) / "merged").exists()


def test_a_bad_shard_durations_file_is_a_usage_error(pare_project) -> None:
    _project(pare_project)
    (pare_project.pytester.path / "durations.json").write_text("{}")
    result = pare_project.run("--pare-shard=1/2", "--pare-shard-durations=durations.json")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*--pare-shard-durations: *durations.json: no 'rows' list*"])


def test_adaptive_shards_merged_make_the_runs_of_one_adaptive_session(pare_project) -> None:
    # Per-scenario stops depend on a scenario's own runs, which one shard holds.
    _project(pare_project)
    gate = ("--pare-runs=auto:4", "--pare-min-scenario-passes=2")
    pare_project.run(*gate, "--pare-results-dir=single")
    for i in (1, 2):
        pare_project.run(*gate, f"--pare-shard={i}/2", f"--pare-results-dir=s{i}")
    assert _merge(pare_project, ["s1", "s2"]) == 0
    merged, single = pare_project.results("merged"), pare_project.results("single")
    assert _comparable(merged) == _comparable(single)
    assert merged["adaptive"]["runs_saved"] == single["adaptive"]["runs_saved"] > 0


def test_a_merge_says_which_shard_stopped_early_and_why(pare_project) -> None:
    _project(pare_project)
    pare_project.run(*GATE, "--pare-shard=1/2", "--pare-results-dir=s1")
    pare_project.run(*GATE, "--pare-shard=2/2", "--pare-results-dir=s2", "-x")
    stopped = pare_project.results("s2")["completion"]
    assert stopped["interrupted"] and stopped["not_run"] > 0
    assert pare_project.results("s1")["completion"]["complete"] is True

    _merge(pare_project, ["s1", "s2"])
    merged = pare_project.results("merged")["completion"]
    assert merged["interrupted"] is True and merged["complete"] is False
    assert merged["not_run"] == stopped["not_run"]
    assert merged["selected"] == len(pare_project.results("merged")["rows"])
    assert merged["reported"] == merged["selected"] - stopped["not_run"]
    root = pare_project.pytester.path
    assert str(root / "s2" / "results.json") in merged["reason"]
    assert str(root / "s1" / "results.json") not in merged["reason"]


def test_a_merge_of_complete_shards_is_complete(pare_project) -> None:
    _project(pare_project)
    for i in (1, 2):
        pare_project.run(*GATE, f"--pare-shard={i}/2", f"--pare-results-dir=s{i}")
    _merge(pare_project, ["s1", "s2"])
    merged = pare_project.results("merged")["completion"]
    rows = pare_project.results("merged")["rows"]
    assert merged == {
        "complete": True,
        "interrupted": False,
        "reason": None,
        "selected": len(rows),
        "reported": len(rows),
        "crashed": 0,
        "not_run": 0,
    }
