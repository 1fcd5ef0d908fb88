"""Statistics, gates, baselines and the cache on constructed results, checked by hand.

Every expected number below is worked out by hand in the comment beside it, so
a change in an estimator shows up as a wrong number, not as a changed snapshot.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from pytest_pare.report.__main__ import main
from pytest_pare.report._page import headline_cards
from pytest_pare.report.baseline import BaselineError, load_baseline
from pytest_pare.report.gate import (
    GateSettings,
    evaluate_gate,
    fisher_one_sided,
)
from pytest_pare.report.html import page_data, render_html
from pytest_pare.report.stats import summarize, summary_lines

# Three scenarios x three runs; E = the run raised (an error, not a failure).
#   a: P P F   apps email        proposals 1 1 1, accepted 1 1 0
#   b: P E F   apps email, cab   proposals 2 0 0, accepted 1 0 0
#   c: F F F   apps cab          proposals 0 0 0
SPEC = {"a": "PPF", "b": "PEF", "c": "FFF"}
APPS = {"a": ["email"], "b": ["email", "cab"], "c": ["cab"]}
PROPOSALS = {"a": (1, 1, 1), "b": (2, 0, 0), "c": (0, 0, 0)}
ACCEPTED = {"a": (1, 1, 0), "b": (1, 0, 0), "c": (0, 0, 0)}
DURATIONS = {"a": (1.0, 2.0, 3.0), "b": (4.0, 5.0, 6.0), "c": (7.0, 8.0, 9.0)}


def _session(rows, **extra) -> list[dict]:
    names = {"P": "passed", "F": "failed", "E": "error"}
    return [
        rows.row(
            sid,
            i + 1,
            names[letter],
            apps=APPS[sid],
            tags=["multi-app"] if len(APPS[sid]) > 1 else ["single-app"],
            proposal_count=PROPOSALS[sid][i],
            acceptance_count=ACCEPTED[sid][i],
            run_duration=DURATIONS[sid][i],
            **extra,
        )
        for sid, letters in SPEC.items()
        for i, letter in enumerate(letters)
    ]


def test_every_session_figure_matches_the_hand_computation(rows) -> None:
    s = summarize(rows.frame(_session(rows)))
    assert (s["runs"], s["passed"], s["failed"], s["errors"]) == (9, 3, 5, 1)
    # The error counts as a failure: 3 successes in 9 counted runs.
    assert (s["successes"], s["trials"]) == (3, 9)
    assert s["rate"] == pytest.approx(1 / 3)
    # Per run number: run 1 = 2/3, run 2 = 1/3 (b raised), run 3 = 0/3.
    # Mean 1/3, sample sd = sqrt(((1/3)^2 + 0 + (1/3)^2) / 2) = 1/3, SEM = (1/3)/sqrt(3).
    assert s["sem"] == pytest.approx((1 / 3) / math.sqrt(3))
    # Wilson 3/9, z = 1.96: centre (1/3 + z²/18)/(1 + z²/9) = 0.38319,
    # half-width z*sqrt(2/81 + z²/324)/(1 + z²/9) = 0.26261.
    assert s["wilson_low"] == pytest.approx(0.12058, abs=1e-4)
    assert s["wilson_high"] == pytest.approx(0.64579, abs=1e-4)
    # k = 3; pass@3 per case: a (2 of 3) 1, b (1 of 3) 1, c 0 -> 2/3.
    # pass^3: nobody passed all three -> 0. pass@1: (2/3 + 1/3 + 0)/3 = 1/3.
    assert (s["k"], s["cases"]) == (3, 3)
    assert s["pass_at_k"] == pytest.approx(2 / 3)
    assert s["pass_hat_k"] == 0.0
    assert s["pass_at_1"] == pytest.approx(1 / 3)
    # Proposals: runs with one or more = a1 a2 a3 b1 -> 4/9; total 5 -> 5/9 per run;
    # accepted 3 of 5.
    assert s["share_of_runs_with_proposal"] == pytest.approx(4 / 9)
    assert s["proposals_per_run"] == pytest.approx(5 / 9)
    assert s["acceptance_rate"] == pytest.approx(3 / 5)
    assert s["mean_duration"] == pytest.approx(5.0)
    assert s["exception_types"] == {"TimeoutError": 1}


def test_excluding_exceptions_recomputes_rate_and_pass_at_k_by_hand(rows) -> None:
    s = summarize(rows.frame(_session(rows)), exclude_exceptions=True)
    assert s["exceptions_in_success_rate"] == "excluded"
    # b's error leaves the counts: 3 of 8.
    assert (s["successes"], s["trials"]) == (3, 8)
    assert s["rate"] == pytest.approx(3 / 8)
    # b now has 2 counted runs, so k = 2.
    # pass@2: a (n3 c2) 1 - C(1,2)/C(3,2) = 1; b (n2 c1) 1 - C(1,2)/C(2,2) = 1; c 0 -> 2/3.
    # pass^2: a C(2,2)/C(3,2) = 1/3; b C(1,2) = 0; c 0 -> 1/9.
    assert s["k"] == 2
    assert s["pass_at_k"] == pytest.approx(2 / 3)
    assert s["pass_hat_k"] == pytest.approx(1 / 9)
    # The error is still counted and shown, just not in the rate.
    assert s["errors"] == 1
    assert "errors excluded" in "\n".join(summary_lines(s))


def test_app_and_tag_breakdowns_count_a_run_under_each_of_its_apps(rows) -> None:
    s = summarize(rows.frame(_session(rows)))
    by_app = {b["key"]: b for b in s["by_app"]}
    # email = a + b: successes a1 a2 b1 = 3 of 6; cab = b + c: b1 = 1 of 6.
    assert (by_app["email"]["successes"], by_app["email"]["trials"]) == (3, 6)
    assert (by_app["cab"]["successes"], by_app["cab"]["trials"]) == (1, 6)
    # pass@3 of cab: b 1, c 0 -> 1/2.
    assert by_app["cab"]["pass_at_k"] == pytest.approx(0.5)
    by_tag = {b["key"]: b["rate"] for b in s["by_tag"]}
    assert by_tag == {"multi-app": pytest.approx(1 / 3), "single-app": pytest.approx(2 / 6)}


def test_one_run_per_scenario_prints_pass_at_1_once(rows) -> None:
    s = summarize(rows.frame(rows.grid({"a": "P", "b": "F"})))
    text = "\n".join(summary_lines(s))
    assert s["k"] == 1
    assert text.count("pass@1") == 1
    assert "pass^1" not in text
    cards = headline_cards(s)
    assert cards.count("pass@1") == 1 and "pass^1" not in cards
    # With three runs: pass@1 once, next to pass@3 and pass^3.
    s3 = summarize(rows.frame(rows.grid({"a": "PPF", "b": "FFF"})))
    text3 = "\n".join(summary_lines(s3))
    assert text3.count("pass@1") == 1 and "pass@3" in text3 and "pass^3" in text3


def test_by_group_is_left_out_when_it_repeats_the_noise_levels(rows) -> None:
    data = rows.grid({"a": "PP"}) + rows.grid({"a": "FF"}, noise_id="tfp0.3-epm0")
    lines = summary_lines(summarize(rows.frame(data)))
    assert any(line.startswith("by noise: ") for line in lines)
    assert not any(line.startswith("by group: ") for line in lines)
    two_models = data + rows.grid({"a": "PP"}, user_model="m", observe_model="m", execute_model="m")
    lines = summary_lines(summarize(rows.frame(two_models)))
    assert any(line.startswith("by group: ") for line in lines)


def test_cached_runs_count_exactly_like_fresh_ones(rows) -> None:
    fresh = summarize(rows.frame(_session(rows)))
    cached = summarize(rows.frame(_session(rows, cached=True)))
    assert cached["cached"] == 9 and fresh["cached"] == 0
    for key in ("rate", "sem", "wilson_low", "pass_at_k", "pass_hat_k", "acceptance_rate"):
        assert cached[key] == fresh[key]
    assert "(9 cached)" in summary_lines(cached)[0]
    # The HTML run grid marks each cached run (index 10 of a compact run) and the
    # headline card says how many were cached.
    doc = {"rows": _session(rows, cached=True)}
    data = page_data(doc["rows"], None)
    assert all(run[10] == 1 for s in data["scenarios"] for run in s["r"])
    assert "9 cached" in render_html(doc)


def test_fisher_p_values_match_the_hypergeometric_tail_by_hand() -> None:
    # 5/5 -> 1/5: 6 successes in 10 runs; P(before gets >= 5 of them) = C(6,5)C(4,0)/C(10,5).
    assert fisher_one_sided(5, 5, 1, 5) == pytest.approx(6 / 252)
    # 5/5 -> 2/5: C(7,5)C(3,0)/C(10,5) = 21/252 = 0.083 > 0.05.
    assert fisher_one_sided(5, 5, 2, 5) == pytest.approx(21 / 252)
    # 3/3 -> 0/3: C(3,3)/C(6,3) = 1/20 = 0.05 exactly.
    assert fisher_one_sided(3, 3, 0, 3) == pytest.approx(0.05)


def test_a_real_regression_fails_with_exit_1_and_its_counts(rows) -> None:
    baseline = rows.frame(rows.grid({"steady": "PPPPP", "breaks": "PPPPP"}))
    now = rows.frame(rows.grid({"steady": "PPPPP", "breaks": "FPFFF"}))
    verdict = evaluate_gate(now, GateSettings(), baseline, baseline_source="ci/base.json")
    assert (verdict.passed, verdict.exit_code) == (False, 1)
    assert [c.key for c in verdict.regressions] == ["breaks"]
    assert verdict.regressions[0].counts() == "5/5 -> 1/5"
    assert verdict.reason[0] == "PARE gate FAILED (exit 1)"
    assert "breaks 5/5 -> 1/5" in verdict.reason[1] and "ci/base.json" in verdict.reason[1]
    # 5/5 -> 2/5 is within chance (p = 0.083): no regression.
    softer = rows.frame(rows.grid({"steady": "PPPPP", "breaks": "PFPFF"}))
    assert evaluate_gate(softer, GateSettings(), baseline).passed


@pytest.mark.parametrize("test", ["fisher", "mcnemar"])
def test_a_same_quality_rerun_is_not_flagged_by_either_test(rows, test) -> None:
    # Same 3/5 rate; the failures moved to other runs.
    baseline = rows.frame(rows.grid({"flaky": "PPPFF", "steady": "PPPPP"}))
    rerun = rows.frame(rows.grid({"flaky": "FFPPP", "steady": "PPPPP"}))
    verdict = evaluate_gate(rerun, GateSettings(baseline_test=test), baseline)
    assert verdict.passed and verdict.exit_code == 0
    assert verdict.regressions == ()
    assert verdict.reason[0] == "PARE gate PASSED"


def test_threshold_exit_codes_with_the_rate_and_its_lower_bound(rows) -> None:
    # 9/10: rate 0.9; Wilson lower bound 0.5958 (score interval, z = 1.96).
    df = rows.frame(rows.grid({"a": "PPPPPPPPPF"}))
    assert evaluate_gate(df, GateSettings(min_success_rate=0.9)).exit_code == 0
    assert evaluate_gate(df, GateSettings(min_success_rate=0.91)).exit_code == 1
    low = GateSettings(min_success_rate=0.6, gate_on="lower-bound")
    verdict = evaluate_gate(df, low)
    assert verdict.exit_code == 1
    assert verdict.reason[1] == (
        "Wilson 95% lower bound of the success rate 59.6% < minimum 60.0% (9/10 runs)"
    )
    assert evaluate_gate(df, GateSettings(min_success_rate=0.59, gate_on="lower-bound")).passed


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc))
    return path


def test_a_baseline_with_wrongly_typed_rows_is_a_baseline_error(tmp_path: Path) -> None:
    bad = _write(
        tmp_path / "base.json",
        {"rows": [{"scenario_id": "a", "run_number": "one", "success": True, "status": "passed"}]},
    )
    with pytest.raises(BaselineError, match=r"base\.json: row 1 \(a\) has run_number 'one'"):
        load_baseline(bad)


def test_the_compare_command_names_a_badly_typed_file_and_exits_2(
    rows, tmp_path: Path, capsys
) -> None:
    good = _write(tmp_path / "good.json", {"rows": rows.grid({"a": "PP"})})
    bad = _write(
        tmp_path / "bad.json",
        {"rows": [{"scenario_id": "a", "run_number": "x", "success": True, "status": "passed"}]},
    )
    assert main(["compare", str(bad), str(good), "-o", str(tmp_path / "c.html")]) == 2
    err = capsys.readouterr().err
    assert re.search(r"bad\.json: row 1 \(a\) has run_number 'x'", err)
    assert not (tmp_path / "c.html").exists()


def test_the_compare_command_cannot_write_into_a_folder_and_says_so(
    rows, tmp_path: Path, capsys
) -> None:
    good = _write(tmp_path / "good.json", {"rows": rows.grid({"a": "PP"})})
    assert main(["compare", str(good), str(good), "-o", str(tmp_path)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["good.json"]  # no temporary left behind


def test_a_cache_write_failure_says_the_run_is_not_cached_and_where_to_fix_it(
    tmp_path: Path,
) -> None:
    from pytest_pare._session.cache import CacheWarning, ResultCache, cache_key

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    key = cache_key(
        scenario_id="a", run_number=1, config_hash="c", source_hash="s", noise={}, version="0"
    )
    with pytest.warns(CacheWarning, match="this run is not cached; check --pare-cache-dir"):
        assert ResultCache(blocker).put(key, {"success": True}) is False


def test_the_run_grid_legend_explains_dotted_cells_only_when_runs_were_cached(rows) -> None:
    assert "served from the result cache" in render_html({"rows": _session(rows, cached=True)})
    assert "served from the result cache" not in render_html({"rows": _session(rows)})


def test_a_moved_results_folder_still_finds_its_traces(rows, tmp_path: Path) -> None:
    from pytest_pare.report.html import load_traces, run_key

    # The session wrote absolute paths; the folder was then copied elsewhere (a CI artifact).
    moved = tmp_path / "artifact"
    (moved / "traces").mkdir(parents=True)
    (moved / "traces" / "a.run1.json").write_text(json.dumps({"events": []}))
    row = rows.row("a", 1, "passed", export_path="/ci/workspace/pare-results/traces/a.run1.json")
    assert load_traces([row], moved) == {run_key(row): {"events": []}}
    assert load_traces([row]) == {}  # without a folder to look in, the run has no trace
