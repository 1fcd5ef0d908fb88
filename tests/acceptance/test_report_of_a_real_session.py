"""Real oracle sessions: the report a session writes, in a real browser.

The browser tests drive the ``report.html`` that ``pytest --pare-oracle
--pare-export`` wrote (not a constructed one) in headless Chromium, reusing the
DevTools client and fixture of ``test_html_browser.py``. Skipped, with the
reason, only when ``chromium`` is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
REAL = ("dinner_moved_calendar_update", "friend_new_number_contact_update")

# The suite imports test modules by path (--import-mode=importlib), so load the
# browser helpers the same way; `browser` becomes this module's fixture too.
_spec = importlib.util.spec_from_file_location(
    "_pare_browser_helpers", Path(__file__).with_name("test_html_browser.py")
)
assert _spec is not None and _spec.loader is not None
_browser_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_browser_helpers)
CHROMIUM = _browser_helpers.CHROMIUM
browser = _browser_helpers.browser
report = _browser_helpers.report  # the constructed 3-scenario report

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def real_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """report.html and results.json of a real oracle session: 2 scenarios x 3 runs, traces."""
    import subprocess
    import sys

    project = tmp_path_factory.mktemp("real-session")
    (project / "scenarios").mkdir()
    for scenario_id in REAL:
        source = REPO_SCENARIOS / f"{scenario_id}.py"
        if not source.exists():
            pytest.skip(f"shipped scenario {source} is gone; pick two others for REAL")
        shutil.copy(source, project / "scenarios" / source.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARE_")}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "scenarios",
            "--pare-oracle",
            "--pare-runs=3",
            "--pare-export",
            "--pare-results-dir=out",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = project / "out"
    return out / "report.html", json.loads((out / "results.json").read_text())


def _open(tools: Any, url: str) -> None:
    tools.send("Page.navigate", url=url)
    tools.wait_for("document.readyState === 'complete' && document.body.dataset.ready === '1'")


def test_a_real_sessions_report_is_one_self_contained_file(real_report) -> None:
    page_path, results = real_report
    page = page_path.read_text()
    assert not re.search(r"<(link|img|iframe)\b|<script[^>]+src=|\burl\(\s*['\"]?https?:", page)
    assert "6 run traces included" in page
    # Small enough to attach: two scenarios x three runs with traces stay well under 100 kB.
    assert len(page.encode()) < 100_000
    assert results["summary"]["k"] == 3 and results["summary"]["rate"] == 1.0


@needs_chromium
def test_the_real_report_shows_its_figures_and_opens_a_trace_in_chromium(
    browser, real_report
) -> None:
    page_path, results = real_report
    _open(browser, page_path.as_uri())
    assert browser.js("document.querySelector('#headline-rate .v').textContent") == "100.0%"
    assert browser.js("document.querySelector('#headline-pass-at-k .l').textContent") == "pass@3"
    assert browser.js("document.querySelectorAll('#grid a.c').length") == 6
    # Nothing on the page is wider than the window (long failure texts wrap).
    assert browser.js(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    browser.js("document.querySelector('#grid a.c[href^=\"#trace=\"]').click()")
    browser.wait_for("!document.getElementById('trace').hidden")
    heading = browser.js("document.querySelector('#trace h2').textContent")
    first = sorted(REAL)[0]
    assert heading == f"Trace: {first} · clean · run 1"
    kinds = browser.js("[...document.querySelectorAll('#trace li.ev')].map(li => li.dataset.kind)")
    # The oracle's run: the environment event, the proposal, its acceptance, the calls.
    assert kinds[0] == "env" and "proposal" in kinds and "accept" in kinds
    assert kinds.index("proposal") < kinds.index("accept") < kinds.index("assistant")
    # Times are simulated seconds from the scenario's start, in order.
    times = browser.js(
        "[...document.querySelectorAll('#trace li.ev .t')]"
        ".map(t => parseFloat(t.textContent.slice(2)))"
    )
    assert times == sorted(times) and times[0] >= 0
    # The close link returns to the overview.
    browser.js(
        "[...document.querySelectorAll('#trace a')].find(a => a.textContent === 'close').click()"
    )
    browser.wait_for("document.getElementById('trace').hidden")


@needs_chromium
def test_the_real_report_filter_narrows_and_the_status_filter_is_empty_when_all_pass(
    browser, real_report
) -> None:
    page_path, _ = real_report
    _open(browser, page_path.as_uri() + "#q=contact")
    ids = browser.js("[...document.querySelectorAll('#scenario-rows tr')].map(r => r.dataset.id)")
    assert ids == ["friend_new_number_contact_update"]
    _open(browser, page_path.as_uri() + "#status=failing")
    assert browser.js("document.getElementById('table-count').textContent") == "0 of 2 scenarios"


def test_a_corrupt_baseline_stops_the_session_before_any_run(real_project) -> None:
    (real_project.path / "base.json").write_text('{"rows": [')
    result = real_project.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:xdist", "--pare-oracle", "--pare-baseline=base.json"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*baseline base.json: not valid JSON*--pare-save-baseline*"])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert not (real_project.path / "pare-results").exists()  # nothing ran


def test_results_json_records_date_are_version_and_command(real_project) -> None:
    result = real_project.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:xdist", "--pare-oracle", "--pare-results-dir=out"
    )
    assert result.ret == 0
    env = json.loads((real_project.path / "out" / "results.json").read_text())["environment"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", env["date"])
    assert env["are_version"] == "1.2.0"
    assert "--pare-oracle" in env["command"]
    page = (real_project.path / "out" / "report.html").read_text()
    assert "<dt>ARE</dt><dd>1.2.0</dd>" in page and "<dt>date</dt>" in page


@needs_chromium
def test_the_app_and_tag_filters_narrow_and_a_header_click_sorts(browser, report) -> None:
    path, _ = report
    _open(browser, path.as_uri())

    def shown() -> list[str]:
        return browser.js(
            "[...document.querySelectorAll('#scenario-rows tr')].map(r => r.dataset.id)"
        )

    def choose(select: str, value: str) -> None:
        browser.js(
            f"(() => {{ const s = document.getElementById('{select}'); s.value = '{value}';"
            "s.dispatchEvent(new Event('input')); })()"
        )

    choose("f-app", "messaging")
    assert shown() == ["cab_rebook"]
    choose("f-app", "")
    choose("f-tag", "single-app")
    assert shown() == ["calendar_move", "email_reply"]
    choose("f-tag", "")
    # "passed" sorts by success rate: cab 0/6, email 5/6, calendar 6/6; a second click reverses.
    header = "[...document.querySelectorAll('th[data-sort]')].find(t => t.dataset.sort === 'rate')"
    browser.js(f"{header}.click()")
    assert shown() == ["cab_rebook", "email_reply", "calendar_move"]
    browser.js(f"{header}.click()")
    assert shown() == ["calendar_move", "email_reply", "cab_rebook"]
    assert "sort=-rate" in browser.js("location.hash")
