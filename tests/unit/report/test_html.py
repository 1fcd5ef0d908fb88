"""The HTML report rendered from constructed results: content, self-containment, traces."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_pare.report.html import (
    compact_trace,
    event_kind,
    load_traces,
    render_html,
    run_key,
    write_html,
)
from pytest_pare.report.stats import frame_from_rows, summarize

TRACE = {
    "validation_decision": "Invalid",
    "validation_rationale": "The assistant never replied to Alice.",
    "events": [
        {
            "time": 9.0,
            "event_type": "AGENT",
            "agent": "execute",
            "app": "StatefulEmailApp",
            "function": "reply_to_email",
            "args": {"email_id": "e1"},
            "exception": "KeyError: 'e1'",
        },
        {
            "time": 0.0,
            "event_type": "ENV",
            "app": "StatefulEmailApp",
            "function": "create_and_add_email",
            "args": {"sender": "alice@example.com"},
        },
        {
            "time": 3.0,
            "event_type": "USER",
            "agent": "user",
            "app": "StatefulEmailApp",
            "function": "open_email",
            "args": {"email_id": "e1"},
            "return": "Email e1",
        },
        {
            "time": 5.0,
            "event_type": "AGENT",
            "agent": "observe",
            "app": "PAREAgentUserInterface",
            "function": "send_message_to_user",
            "args": {"content": "Shall I reply?"},
        },
        {
            "time": 7.0,
            "event_type": "USER",
            "agent": "user",
            "app": "PAREAgentUserInterface",
            "function": "accept_proposal",
        },
    ],
}


def _results(rows_fixture, *, gate=None) -> dict:
    data = []
    for noise, spec in (
        ("tfp0-epm0", {"mail": "PPP", "cab": "FFF", "shop": "PPE"}),
        ("tfp0.1-epm5", {"mail": "PFP", "cab": "FEF", "shop": "PPP"}),
    ):
        apps = {"mail": ["email"], "cab": ["cab", "messaging"], "shop": ["shopping"]}
        for sid, letters in spec.items():
            for i, letter in enumerate(letters):
                outcome = {"P": "passed", "F": "failed", "E": "error"}[letter]
                data.append(
                    rows_fixture.row(
                        sid,
                        i + 1,
                        outcome,
                        noise_id=noise,
                        apps=apps[sid],
                        tags=["multi-app"] if sid == "cab" else ["single"],
                        proposal_count=1,
                        acceptance_count=int(letter == "P"),
                    )
                )
    doc = {
        "session": {
            "date": "2026-11-25T14:00:00Z",
            "oracle": True,
            "seed": 7,
            "runs": 3,
            "pytest_pare_version": "0.1.0",
            "are_version": "1.2.0",
        },
        "rows": data,
        "summary": summarize(frame_from_rows(data)),
        "gate": gate,
    }
    return json.loads(json.dumps(doc))


def _page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="pare-data">(.*?)</script>', page, re.S)
    assert match, "the page carries its data inline"
    return json.loads(match.group(1))


def test_the_report_shows_headline_figures_configuration_and_charts(rows) -> None:
    results = _results(rows)
    page = render_html(results)
    s = results["summary"]
    assert s["rate"] == pytest.approx(10 / 18)
    assert "55.6%" in page
    assert "Wilson 95% [" in page and "pass@3" in page and "pass^3" in page
    assert "runs with a proposal" in page and "acceptance rate" in page
    assert "<dt>seed</dt><dd>7</dd>" in page and "<dd>1.2.0</dd>" in page
    assert "<dd>oracle</dd>" in page
    for chart in ("chart-app", "chart-tag", "chart-noise"):
        assert f'id="{chart}"' in page
    assert "tfp0.1-epm5" in page and ">messaging</text></g>" in page
    assert "No traces were exported" in page


def test_the_page_references_nothing_outside_itself(rows) -> None:
    page = render_html(_results(rows))
    without_svg_ns = page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        '"http://www.w3.org/2000/svg"', ""
    )
    assert "http://" not in without_svg_ns and "https://" not in without_svg_ns
    assert not re.search(r"<(link|img|iframe)\b", page)
    assert not re.search(r"<script[^>]+src=", page)
    assert "<style>" in page and "JSON.parse" in page


def test_the_embedded_data_has_every_run_with_its_outcome(rows) -> None:
    data = _page_data(render_html(_results(rows)))
    assert data["noise"] == ["tfp0-epm0", "tfp0.1-epm5"] and data["k"] == 3
    cab = next(s for s in data["scenarios"] if s["id"] == "cab")
    assert (cab["runs"], cab["passed"], cab["failed"], cab["errors"]) == (6, 0, 5, 1)
    assert "".join(r[2] for r in cab["r"]) == "FFFFEF"
    assert cab["apps"] == ["cab", "messaging"] and cab["reason"] == "cab missed the reply"


def test_text_that_would_end_the_script_is_escaped(rows) -> None:
    results = _results(rows)
    results["rows"][3]["rationale"] = "</script><script>alert(1)</script>"
    page = render_html(results)
    assert "<script>alert(1)" not in page
    assert any("alert(1)" in r[6] for s in _page_data(page)["scenarios"] for r in s["r"])


def test_the_gate_verdict_is_shown(rows) -> None:
    gate = {"passed": False, "reason": ["PARE gate FAILED (exit 1)", "success rate 61.1% < 90%"]}
    page = render_html(_results(rows, gate=gate))
    assert '<div class="gate bad" id="gate">PARE gate FAILED (exit 1)' in page


def test_traces_are_embedded_with_event_kinds_and_errors(rows) -> None:
    results = _results(rows)
    cab_rows = [r for r in results["rows"] if r["scenario_id"] == "cab"]
    page = render_html(results, {run_key(r): TRACE for r in cab_rows})
    assert "6 run traces included" in page
    data = _page_data(page)
    trace = data["traces"]["cab|tfp0-epm0|1"]
    assert [e[1] for e in trace["ev"]] == ["env", "user", "proposal", "accept", "assistant"]
    assert [e[0] for e in trace["ev"]] == [0.0, 3.0, 5.0, 7.0, 9.0]  # sorted by simulated time
    assert trace["ev"][-1][6] == "KeyError: 'e1'"
    assert trace["ev"][1][5] == "Email e1"
    assert trace["ev"][-1][7] == "execute"  # which assistant mode made the call
    assert trace["rationale"] == "The assistant never replied to Alice."
    cab = next(s for s in data["scenarios"] if s["id"] == "cab")
    assert all(r[8] == 1 for r in cab["r"])


def test_traces_keyed_by_node_id_are_matched_to_their_rows(rows) -> None:
    results = _results(rows)
    results["rows"][0]["nodeid"] = "scenarios/mail.py::mail[run-1]"
    data = _page_data(render_html(results, {"scenarios/mail.py::mail[run-1]": TRACE}))
    assert run_key(results["rows"][0]) in data["traces"]


@pytest.mark.parametrize(
    ("event", "kind"),
    [
        ({"event_type": "ENV", "function": "create_and_add_email"}, "env"),
        ({"event_type": "USER", "function": "open_inbox"}, "user"),
        ({"agent": "observe", "function": "send_message_to_user"}, "proposal"),
        ({"event_type": "AGENT", "function": "propose_action"}, "proposal"),
        ({"agent": "user", "function": "accept_proposal"}, "accept"),
        ({"agent": "user", "function": "reject_proposal"}, "reject"),
        ({"event_type": "AGENT", "function": "send_email"}, "assistant"),
        ({"event_type": "CONDITION"}, "other"),
    ],
)
def test_event_kinds(event, kind) -> None:
    assert event_kind(event) == kind


def test_a_malformed_trace_is_read_defensively() -> None:
    odd = {"events": [1, "x", {"time": "soon", "function": {"no": "str"}, "args": [1, 2]}]}
    assert compact_trace(odd)["ev"] == [[None, "other", "", "", "[1, 2]", "", None, ""]]
    assert compact_trace({"events": "nope"})["ev"] == []
    lite = {"per_agent_interaction_histories": {"agent_user": [{"role": "user", "content": "hi"}]}}
    assert compact_trace(lite)["transcript"] == [["agent_user", "user", "hi"]]


def test_load_traces_reads_export_paths_and_skips_bad_files(tmp_path: Path, rows) -> None:
    (tmp_path / "good.json").write_text(json.dumps(TRACE))
    (tmp_path / "bad.json").write_text("{oops")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "lite.json").write_text(json.dumps(TRACE))
    data = [
        rows.row("a", 1, "passed", export_path="good.json"),
        rows.row("a", 2, "passed", export_path="bad.json"),
        rows.row("a", 3, "passed", export_path=str(tmp_path / "dir")),
        rows.row("b", 1, "passed", export_path="missing.json"),
        rows.row("b", 2, "passed"),
    ]
    traces = load_traces(data, tmp_path)
    assert sorted(traces) == ["a|tfp0-epm0|1", "a|tfp0-epm0|3"]


def test_a_shards_traces_are_found_in_its_downloaded_results_folder(tmp_path: Path, rows) -> None:
    # The shard wrote pare-results/traces/x.json relative to its job's folder; the
    # merge job finds the artifact's results folder, shard-1/, with traces/ inside.
    shard = tmp_path / "shard-1"
    (shard / "traces").mkdir(parents=True)
    (shard / "traces" / "a.run1.json").write_text(json.dumps(TRACE))
    data = [rows.row("a", 1, "passed", export_path="pare-results/traces/a.run1.json")]
    assert sorted(load_traces(data, shard)) == ["a|tfp0-epm0|1"]


def test_results_without_a_summary_or_rows(rows) -> None:
    results = _results(rows)
    del results["summary"]
    assert "55.6%" in render_html(results)
    with pytest.raises(ValueError, match="'rows' list"):
        render_html({"summary": {}})


def test_hundreds_of_scenarios_render_into_a_file_small_enough_to_attach(
    rows, tmp_path: Path
) -> None:
    data = [
        rows.row(
            f"scenario_{i:03d}",
            run,
            "passed" if (i + run) % 4 else "failed",
            apps=["email", "calendar"],
            tags=["goal-inference"],
        )
        for i in range(300)
        for run in (1, 2, 3)
    ]
    # Render time is measured by benchmarks/ and reported in docs/report.md, not asserted here.
    path = write_html(tmp_path / "r.html", {"rows": data})
    html = path.read_text(encoding="utf-8")
    assert path.stat().st_size < 600_000
    assert "scenario_000" in html and "scenario_299" in html


def test_traces_beyond_the_budget_are_left_out_failed_runs_first(rows) -> None:
    results = _results(rows)
    traces = {run_key(r): TRACE for r in results["rows"]}
    one = len(json.dumps(compact_trace(TRACE), separators=(",", ":")))
    page = render_html(results, traces, trace_budget=3 * one)
    data = _page_data(page)
    flags = {r[7]: (r[2], r[8]) for s in data["scenarios"] for r in s["r"]}
    embedded = [k for k, (_, flag) in flags.items() if flag == 1]
    assert len(embedded) == 3 and all(flags[k][0] in "FE" for k in embedded)
    assert sum(1 for _, flag in flags.values() if flag == 2) == len(traces) - 3
    assert "3 run traces included. 15 more were left out" in page


def test_trace_times_are_shown_from_the_scenario_start() -> None:
    trace = {
        "start_time": 1000.0,
        "end_time": 1060.0,
        "events": [{"time": 1012.5, "event_type": "ENV", "function": "x"}],
    }
    compact = compact_trace(trace)
    assert compact["ev"][0][0] == 12.5 and compact["end"] == 60.0


ARE_EXPORT = {
    "events": [{"class_name": "Event", "event_type": "ENV", "event_time": None}],
    "completed_events": [
        {
            "event_type": "AGENT",
            "event_time": 1030.0,
            "action": {
                "app": "Reminders",
                "function": "add_reminder",
                "args": [{"name": "title", "value": "Take amoxicillin", "value_type": "str"}],
            },
            "metadata": {"return_value": "r1", "exception": None},
        }
    ],
    "metadata": {
        "definition": {"start_time": 1000.0, "duration": 600.0},
        "annotation": {"validation_decision": "Valid"},
    },
}


def test_ares_own_export_shows_what_happened(tmp_path: Path, rows) -> None:
    compact = compact_trace(ARE_EXPORT)
    assert compact["ev"] == [
        [
            30.0,
            "assistant",
            "Reminders",
            "add_reminder",
            '{"title": "Take amoxicillin"}',
            "r1",
            None,
            "",
        ]
    ]
    assert (compact["decision"], compact["end"]) == ("Valid", 600.0)
    # Given the ARE file of a run, its lite sibling (more detail) is read instead.
    (tmp_path / "s.run1.hf.json").write_text(json.dumps(ARE_EXPORT))
    (tmp_path / "s.run1.json").write_text(json.dumps(TRACE))
    traces = load_traces([rows.row("s", 1, "passed", export_path="s.run1.hf.json")], tmp_path)
    assert traces["s|tfp0-epm0|1"] == TRACE


_RENDER_IN_A_FRESH_PROCESS = """
import hashlib, sys
from pathlib import Path
from pytest_pare.report._page import keep_compiled_templates
from pytest_pare.report.html import render_html
keep_compiled_templates(Path(sys.argv[1]))
results = {"summary": {"n_runs": 9, "success_rate": 5 / 9}, "rows": []}
print(hashlib.sha256(render_html(results).encode()).hexdigest())
"""


def _render_in_a_fresh_process(folder: Path) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _RENDER_IN_A_FRESH_PROCESS, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_a_page_rendered_from_compiled_templates_kept_by_an_earlier_process_is_the_same(
    tmp_path: Path,
) -> None:
    first = _render_in_a_fresh_process(tmp_path)
    kept = sorted(p.name for p in tmp_path.glob("*.cache"))
    second = _render_in_a_fresh_process(tmp_path)

    assert kept, "the first process kept no compiled template"
    assert second == first


def test_a_compiled_templates_folder_that_cannot_be_used_only_costs_a_compile(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")

    assert _render_in_a_fresh_process(blocked) == _render_in_a_fresh_process(tmp_path / "ok")
