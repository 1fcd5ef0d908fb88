"""The HTML report in a real headless Chromium: figures render, the filter narrows, traces open.

The browser is driven over the DevTools protocol with a minimal stdlib
WebSocket client (no selenium, no downloaded browsers). Skipped only when the
`chromium` executable is absent (`apt-get install chromium`; .ci/run installs it).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


class DevTools:
    """Just enough of a WebSocket client (RFC 6455) to send DevTools commands to one page."""

    def __init__(self, ws_url: str) -> None:
        host_port, path = ws_url.removeprefix("ws://").split("/", 1)
        host, port = host_port.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n", 1)[0], head
        self.next_id = 0

    def _recv_exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("DevTools connection closed")
            buf += chunk
        return buf

    def _recv_message(self) -> dict[str, Any]:
        payload = b""
        while True:
            b0, b1 = self._recv_exact(2)
            length = b1 & 0x7F
            if length == 126:
                (length,) = struct.unpack(">H", self._recv_exact(2))
            elif length == 127:
                (length,) = struct.unpack(">Q", self._recv_exact(8))
            payload += self._recv_exact(length)
            if b0 & 0x80:  # FIN: the message is complete
                return json.loads(payload)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        data = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            header = struct.pack(">BB", 0x81, 0x80 | n)
        elif n < 1 << 16:
            header = struct.pack(">BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack(">BBQ", 0x81, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)
        while True:
            msg = self._recv_message()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {expression}")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    assert CHROMIUM is not None
    proc = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
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
