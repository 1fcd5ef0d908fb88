"""The HTML report and the comparison command on results files from real oracle sessions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_pare.report.__main__ import main


def _session(project: pytest.Pytester, *args: str) -> None:
    result = project.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:xdist", *args)
    assert result.ret == 0, result.stdout.str()


def test_a_real_session_writes_a_self_contained_report_with_traces(real_project) -> None:
    _session(
        real_project,
        "--pare-oracle",
        "--pare-runs=2",
        "--pare-export",
        "--pare-export-format=both",
        "--pare-results-dir=out",
    )
    page = (real_project.path / "out" / "report.html").read_text()
    assert '<div class="v">100.0%</div><div class="l">success rate</div>' in page
    assert "pass@2" in page and "<dd>oracle</dd>" in page
    assert "4 run traces included" in page
    assert not re.search(r"<(link|img|iframe)\b|<script[^>]+src=", page)
    data = json.loads(re.search(r'id="pare-data">(.*?)</script>', page, re.S).group(1))
    trace = next(iter(data["traces"].values()))
    kinds = {e[1] for e in trace["ev"]}
    assert {"proposal", "accept", "assistant"} <= kinds


def test_compare_two_real_sessions_with_different_options(real_project, tmp_path: Path) -> None:
    _session(real_project, "--pare-oracle", "--pare-results-dir=one")
    _session(
        real_project,
        "--pare-oracle",
        "--pare-runs=2",
        "--pare-seed=7",
        "--pare-noise-matrix=tfp=0;epm=0,5",
        "--pare-results-dir=two",
    )
    out = tmp_path / "compare.html"
    old = real_project.path / "one" / "results.json"
    new = real_project.path / "two" / "results.json"
    assert main(["compare", str(old), str(new), "-o", str(out), "--fail-on-regression"]) == 0
    page = out.read_text()
    assert "0 regression(s)" in page and "2 new, 0 missing" in page
    assert '<td>runs</td><td class="num">2</td><td class="num">8</td>' in page
    assert "<dt>seed</dt><dd>7</dd>" in page
    for scenario_file in (real_project.path / "scenarios").glob("*.py"):  # the real project's
        assert f'data-key="{scenario_file.stem}[tfp0-epm5]" data-change="new"' in page
