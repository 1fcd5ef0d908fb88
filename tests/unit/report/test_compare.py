"""The comparison page and the report command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_pare.report.__main__ import main
from pytest_pare.report.compare import ResultsFileError, load_results, render_compare


def _doc(rows, spec: dict[str, str], **session) -> dict:
    return {"session": session, "rows": rows.grid(spec)}


def test_the_comparison_flags_changes_as_the_gate_judges_them(rows) -> None:
    old = _doc(rows, {"broken": "PPP", "fixed": "FFF", "flaky": "PPP", "gone": "PP", "same": "PFP"})
    new = _doc(
        rows, {"broken": "FFF", "fixed": "PPP", "flaky": "PFP", "added": "PP", "same": "PFP"}
    )
    page = render_compare(old, new, old_name="a/results.json", new_name="b/results.json")
    assert "old: a/results.json · new: b/results.json" in page
    assert (
        '<div class="gate bad" id="verdict">1 regression(s), 1 improvement(s), '
        "1 change(s) within chance, 1 new, 1 missing" in page
    )
    expected = {
        "broken": ("regressed", "3/3", "0/3"),
        "fixed": ("improved", "0/3", "3/3"),
        "flaky": ("changed", "3/3", "2/3"),
        "added": ("new", "-", "2/2"),
        "gone": ("missing", "2/2", "-"),
        "same": ("unchanged", "2/3", "2/3"),
    }
    for key, (change, before, after) in expected.items():
        assert (
            f'<tr class="ch-{change}" data-key="{key}" data-change="{change}"><td>{key}</td>'
            f'<td class="num">{before}</td><td class="num">{after}</td>' in page
        )
    # Regressions are listed first.
    assert page.index('data-key="broken"') < page.index('data-key="fixed"')


def test_the_comparison_shows_both_headlines_and_configurations(rows) -> None:
    old = _doc(rows, {"a": "PP", "b": "PF"}, oracle=True, seed=1)
    new = _doc(rows, {"a": "PP", "b": "PP"}, oracle=True, seed=2)
    page = render_compare(old, new)
    assert '<td>success rate</td><td class="num">75.0%</td><td class="num">100.0%</td>' in page
    assert "+25.0 pts" in page
    assert "<dt>seed</dt><dd>1</dd>" in page and "<dt>seed</dt><dd>2</dd>" in page
    assert 'id="by-noise"' in page and 'id="by-app"' in page
    assert "http://" not in page and "https://" not in page


def test_the_command_prints_what_changed_and_exits_1_on_a_regression(
    rows, tmp_path: Path, capsys
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_doc(rows, {"a": "PPP", "b": "PPP", "c": "FFF", "d": "PP"})))
    new.write_text(json.dumps(_doc(rows, {"a": "FFF", "b": "PPP", "c": "PPP", "e": "P"})))
    out = tmp_path / "out" / "compare.html"
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "regressed: a 3/3 -> 0/3 (p=0.05)",
        "improved: c 0/3 -> 3/3 (p=0.05)",
        "1 regression(s), 1 improvement(s) among 3 scenario(s) in both files "
        "(fisher, one-sided p <= 0.05); 1 new, 1 missing",
        f"wrote {out}",
    ]
    assert 'data-change="regressed"' in out.read_text()
    # The flag older scripts pass is still accepted; without a regression the exit is 0.
    assert main(["compare", str(new), str(new), "-o", str(out), "--fail-on-regression"]) == 0
    assert main(["compare", str(old), str(new), "-o", str(out), "--fail-on-regression"]) == 1
    assert main(["html", str(new), "-o", str(tmp_path / "report.html")]) == 0
    assert "pytest-pare report" in (tmp_path / "report.html").read_text()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (bytes(range(256)) * 4, "not a text file (not UTF-8)"),
        (b"\x00\x01 plain text", "not valid JSON"),
        (b"[1, 2, 3]", "no 'rows' list"),
        (b'{"format": "coverage", "rows": []}', "its format is 'coverage'"),
        (
            b'{"rows": [{"scenario_id": "a", "run_number": null, "success": true}]}',
            "row 1 (a) has run_number None",
        ),
        (
            b'{"rows": [{"scenario_id": null, "run_number": 1, "success": true}]}',
            "row 1 has scenario_id None",
        ),
        (
            b'{"rows": [{"scenario_id": "a", "run_number": "two", "success": true}]}',
            "row 1 (a) has run_number 'two'",
        ),
        (b'{"rows": [{"scenario_id": "a", "run_number": 1, "success": "yes"}]}', "wrong type"),
    ],
)
def test_bad_input_to_compare_is_one_line_on_stderr_and_exit_2(
    rows, tmp_path: Path, capsys, content: bytes, problem: str
) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(_doc(rows, {"a": "PP"})))
    bad.write_bytes(content)
    for args in ([str(good), str(bad)], [str(bad), str(good)]):
        assert main(["compare", *args, "-o", str(tmp_path / "c.html")]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {bad}: ") and problem in err
        assert "Traceback" not in err and len(err.splitlines()) == 1


def test_an_unusable_results_file_is_named_with_its_problem(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"summary": {}}')
    assert main(["compare", str(bad), str(bad), "-o", str(tmp_path / "c.html")]) == 2
    assert f"error: {bad}: no 'rows' list" in capsys.readouterr().err
    with pytest.raises(ResultsFileError, match="missing.json: file not found"):
        load_results(tmp_path / "missing.json")
    bad.write_text('{"rows": [{"scenario_id": "a"}]}')
    with pytest.raises(ResultsFileError, match="missing required column"):
        load_results(bad)


def test_rows_that_are_not_objects_are_an_error_not_a_traceback(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"rows": [1, 2]}')
    assert main(["html", str(bad), "-o", str(tmp_path / "r.html")]) == 2
    assert f"error: {bad}: every entry of 'rows' must be an object" in capsys.readouterr().err


def test_python_dash_m_runs_the_compare_command(rows, tmp_path: Path) -> None:
    doc = tmp_path / "r.json"
    doc.write_text(json.dumps(_doc(rows, {"a": "PP"})))
    out = tmp_path / "compare.html"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest_pare.report", "compare", str(doc), str(doc), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {out}" in proc.stdout and out.exists()


def _spent(doc: dict, tokens: dict[str, int], cost_per_token: float | None) -> dict:
    for r in doc["rows"]:
        r["total_tokens"] = tokens[r["scenario_id"]]
        r["cost_usd"] = (
            None if cost_per_token is None else tokens[r["scenario_id"]] * cost_per_token
        )
    return doc


def test_the_comparison_shows_token_and_cost_changes_next_to_the_success_changes(
    rows, tmp_path: Path, capsys
) -> None:
    old = _spent(_doc(rows, {"a": "PPP", "b": "PPP"}), {"a": 1000, "b": 3000}, 1e-6)
    new = _spent(_doc(rows, {"a": "FFF", "b": "PPP"}), {"a": 1500, "b": 3000}, 1e-6)
    page = render_compare(old, new)
    # Per run: 2,000 tokens and $0.0020 before, 2,250 and $0.00225 after: 12.5% more.
    assert (
        '<td>tokens per run</td><td class="num">2,000</td><td class="num">2,250</td>'
        '<td class="num"><span class="down">+12.5%</span></td>' in page
    )
    assert '<td>cost per run</td><td class="num">$0.0020</td><td class="num">$0.0023</td>' in page
    assert '<td class="num">1,000 → 1,500 (+50.0%)</td>' in page  # scenario a's row
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_text(json.dumps(old))
    new_path.write_text(json.dumps(new))
    assert main(["compare", str(old_path), str(new_path), "-o", str(tmp_path / "c.html")]) == 1
    assert (
        "tokens per run 2,000 -> 2,250 (+12.5%); cost per run $0.0020 -> $0.0023 (+12.5%)"
        in capsys.readouterr().out.splitlines()
    )


def test_a_comparison_of_oracle_sessions_shows_no_spend_and_an_unpriced_one_says_so(
    rows, tmp_path: Path, capsys
) -> None:
    old, new = _doc(rows, {"a": "PP"}), _doc(rows, {"a": "PP"})
    page = render_compare(old, new)
    assert "tokens per run" not in page
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_text(json.dumps(_spent(old, {"a": 10}, None)))
    new_path.write_text(json.dumps(_spent(new, {"a": 20}, None)))
    main(["compare", str(old_path), str(new_path), "-o", str(tmp_path / "c.html")])
    assert (
        "tokens per run 10 -> 20 (+100.0%); cost per run unknown (a model without a price)"
        in capsys.readouterr().out.splitlines()
    )
