"""The HTML report in a real headless Chromium: figures render, the filter narrows, traces open.

The browser is driven over the DevTools protocol through websocket-client (no
selenium, no downloaded browsers). Skipped only when the `chromium` executable
is absent (`apt-get install chromium`; .ci/run installs it).
"""

from __future__ import annotations

import json
import queue
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import websocket

from pytest_pare.report.html import run_key, write_html
from pytest_pare.report.stats import frame_from_rows, summarize

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1300,1000",
]
#: Generous bounds that only matter when something is broken.
START_TIMEOUT = 60.0
WAIT_TIMEOUT = 60.0

# Polls a condition inside the page (not from here), so waiting costs no round trips and
# ends as soon as the page is ready; the timeout only matters on failure.
_WAIT_SCRIPT = """new Promise((resolve, reject) => {
  const end = performance.now() + %(ms)d;
  (function check() {
    let value;
    try { value = (%(expression)s); } catch (err) { value = undefined; }
    if (value) resolve(value);
    else if (performance.now() > end) reject(new Error("timed out"));
    else setTimeout(check, 10);
  })();
})"""


class DevTools:
    """DevTools protocol commands to one page, over a WebSocket."""

    def __init__(self, ws_url: str) -> None:
        # Chromium refuses a DevTools client that sends an Origin it was not told to
        # allow (--remote-allow-origins); a test client needs no Origin at all.
        self.ws = websocket.create_connection(ws_url, timeout=WAIT_TIMEOUT, suppress_origin=True)
        self.next_id = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Run one command and return its result; events that arrive meanwhile are skipped."""
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def _evaluate(self, expression: str, **options: Any) -> dict[str, Any]:
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True, **options)

    def js(self, expression: str) -> Any:
        result = self._evaluate(expression)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = WAIT_TIMEOUT) -> Any:
        """The value of ``expression`` once it is truthy; AssertionError after ``timeout``."""
        script = _WAIT_SCRIPT % {"ms": 1000 * timeout, "expression": expression}
        # The socket waits a little longer than the page does, so the page's own
        # timeout is the one that reports.
        self.ws.settimeout(timeout + WAIT_TIMEOUT)
        try:
            result = self._evaluate(script, awaitPromise=True)
        finally:
            self.ws.settimeout(WAIT_TIMEOUT)
        if "exceptionDetails" in result:
            raise AssertionError(f"timed out waiting for {expression}")
        return result["result"].get("value")

    def close(self) -> None:
        self.ws.close()


def _devtools_port(proc: subprocess.Popen[str]) -> str:
    """The port Chromium announces on stderr; its stderr is drained from then on."""
    assert proc.stderr is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def drain(stream: IO[str]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, args=(proc.stderr,), daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None:
            pytest.fail("chromium did not start its DevTools endpoint")
        found = re.search(r"DevTools listening on ws://[^:/]+:(\d+)/", line)
        if found:
            return found.group(1)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    assert CHROMIUM is not None
    proc = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    try:
        port = _devtools_port(proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        page = next(t for t in targets if t.get("type") == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        yield tools
        tools.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


TRACE = {
    "validation_decision": "Invalid",
    "validation_rationale": "The cab was never rebooked.",
    "events": [
        {"time": 0.0, "event_type": "ENV", "app": "StatefulCabApp", "function": "delay_ride"},
        {"time": 4.0, "event_type": "USER", "agent": "user", "function": "open_ride"},
        {
            "time": 6.0,
            "agent": "observe",
            "function": "send_message_to_user",
            "args": {"content": "Rebook?"},
        },
        {"time": 8.0, "agent": "user", "function": "accept_proposal"},
        {
            "time": 9.5,
            "event_type": "AGENT",
            "app": "StatefulCabApp",
            "function": "order_ride",
            "exception": "ValueError: no cab available",
        },
    ],
}


def _row(sid: str, run: int, letter: str, noise: str, apps: list[str]) -> dict[str, Any]:
    outcome = {"P": True, "F": False, "E": None}[letter]
    return {
        "scenario_id": sid,
        "run_number": run,
        "noise_id": noise,
        "apps": apps,
        "tags": ["multi-app"] if len(apps) > 1 else ["single-app"],
        "success": outcome,
        "status": {"P": "passed", "F": "failed", "E": "error"}[letter],
        "exception_type": "TimeoutError" if letter == "E" else None,
        "rationale": f"{sid}: wrong final state" if letter == "F" else None,
        "proposal_count": 1,
        "acceptance_count": int(letter == "P"),
        "run_duration": 0.2,
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    spec = {
        "email_reply": (["email"], {"tfp0-epm0": "PPP", "tfp0.1-epm5": "PFP"}),
        "cab_rebook": (["cab", "messaging"], {"tfp0-epm0": "FFF", "tfp0.1-epm5": "FEF"}),
        "calendar_move": (["calendar"], {"tfp0-epm0": "PPP", "tfp0.1-epm5": "PPP"}),
    }
    rows = [
        _row(sid, i + 1, letter, noise, apps)
        for sid, (apps, levels) in spec.items()
        for noise, letters in levels.items()
        for i, letter in enumerate(letters)
    ]
    summary = summarize(frame_from_rows(rows))
    results = {"session": {"oracle": False, "seed": 1, "runs": 3}, "rows": rows, "summary": summary}
    traces = {run_key(r): TRACE for r in rows if r["scenario_id"] == "cab_rebook"}
    path = write_html(tmp_path_factory.mktemp("report") / "report.html", results, traces)
    return path, summary


def _open(browser: DevTools, url: str) -> None:
    browser.send("Page.navigate", url=url)
    browser.wait_for("document.readyState === 'complete' && document.body.dataset.ready === '1'")


def test_the_browser_shows_the_headline_figures(browser: DevTools, report) -> None:
    path, summary = report
    _open(browser, path.as_uri())
    rate = browser.js("document.querySelector('#headline-rate .v').textContent")
    assert rate == f"{100 * summary['rate']:.1f}%" == "61.1%"
    assert browser.js("document.querySelector('#headline-pass-at-k .l').textContent") == "pass@3"
    assert "Wilson 95%" in browser.js("document.querySelector('#headline-rate .d').textContent")
    # The charts are drawn: one bar label per app.
    labels = browser.js(
        "[...document.querySelectorAll('#chart-app text.key')].map(t => t.textContent)"
    )
    assert {"email", "cab", "messaging", "calendar"} <= set(labels)
    assert browser.js("document.querySelectorAll('#grid a.c').length") == 18


def test_typing_in_the_filter_narrows_the_table(browser: DevTools, report) -> None:
    path, _ = report
    _open(browser, path.as_uri())
    assert browser.js("document.querySelectorAll('#scenario-rows tr').length") == 3
    browser.js("document.getElementById('f-q').focus()")
    browser.send("Input.insertText", text="cab")
    browser.wait_for("document.querySelectorAll('#scenario-rows tr').length === 1")
    ids = browser.js("[...document.querySelectorAll('#scenario-rows tr')].map(r => r.dataset.id)")
    assert ids == ["cab_rebook"]
    assert browser.js("document.getElementById('table-count').textContent") == "1 of 3 scenarios"
    # The filter lives in the URL, so a filtered view can be linked.
    assert "q=cab" in browser.js("location.hash")
    _open(browser, path.as_uri() + "#status=passed")
    ids = browser.js("[...document.querySelectorAll('#scenario-rows tr')].map(r => r.dataset.id)")
    assert ids == ["calendar_move"]


def test_clicking_a_run_opens_its_trace(browser: DevTools, report) -> None:
    path, _ = report
    _open(browser, path.as_uri())
    assert browser.js("document.getElementById('trace').hidden") is True
    browser.js("document.querySelector('#grid a.c[href^=\"#trace=\"]').click()")
    browser.wait_for("!document.getElementById('trace').hidden")
    heading = browser.js("document.querySelector('#trace h2').textContent")
    assert heading == "Trace: cab_rebook · tfp0-epm0 · run 1"
    kinds = browser.js("[...document.querySelectorAll('#trace li.ev')].map(li => li.dataset.kind)")
    assert kinds == ["env", "user", "proposal", "accept", "assistant"]
    assert browser.js("document.querySelectorAll('#trace li.ev.err').length") == 1
    assert "no cab available" in browser.js("document.querySelector('#trace li.err').textContent")
    assert browser.js("document.querySelector('#trace .rationale').textContent") == (
        "The cab was never rebooked."
    )
