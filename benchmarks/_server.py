"""A local OpenAI-compatible chat server with a fixed latency, answering from recorded calls.

The latency-bound benchmark needs a model that costs a known wall time per call
and answers exactly what the scripted ``reference`` policy would, so the run
goes through the real litellm engine and still solves every scenario.

Answers come from a ``--pare-record`` store: a request is matched on the text
of its messages only (litellm renames roles, so roles are left out). Repeated
identical requests are served the recorded answers in turn.
``pytest_pare.testing.CompletionServer`` takes its lock around the reply script,
so a latency there would serialise every call; hence this small server.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Ids ARE draws from uuid4 (hex, or dashed). A run's ids come from its seeded
# pins, but litellm also calls uuid4 inside the run (its call ids), so a run
# through litellm draws different ids from the recorded scripted run. The
# reference answers never depend on those ids, so they are masked for matching.
_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


def messages_key(messages: list[dict[str, Any]], *, mask: bool = True) -> str:
    """Key of a conversation: sha256 over its message texts, in order (uuid-like ids masked)."""
    texts = [
        m.get("content")
        if isinstance(m.get("content"), str)
        else json.dumps(m.get("content"), sort_keys=True)
        for m in messages
    ]
    if mask:
        texts = [_UUID.sub("<id>", text) for text in texts]
    blob = json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    return digest if mask else f"exact:{digest}"


def load_answers(store: Path) -> dict[str, list[str]]:
    """``{key: [answers]}`` from every record under a ``--pare-record`` directory.

    Each record is filed under its exact key and its masked key. Runs of one
    scenario at different run numbers differ in their seeded ids only, so their
    masked keys meet while their answers (which name those ids) differ: the
    server looks the exact key up first, so each run gets its own answers.
    """
    answers: dict[str, list[str]] = defaultdict(list)
    for path in sorted(store.rglob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        messages, response = record["request"]["messages"], str(record["response"])
        answers[messages_key(messages, mask=False)].append(response)
        answers[messages_key(messages)].append(response)
    return dict(answers)


class LatencyServer:
    """``POST /v1/chat/completions`` answers after ``latency`` seconds; use as a context manager.

    Attributes:
        url: the base URL to pass as endpoint.
        calls: completions served; misses: requests with no recorded answer
            (answered with HTTP 400, so the run errors visibly).
        max_in_flight: the most requests it held at once.
    """

    def __init__(self, answers: dict[str, list[str]], latency: float) -> None:
        self.answers = answers
        self.latency = latency
        self.calls = 0
        self.misses = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._served: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        handler = self._handler_class()
        # ThreadingHTTPServer's backlog of 5 would refuse connections from 32 concurrent
        # runs; hundreds of runs connect at once when a session starts.
        ThreadingHTTPServer.request_queue_size = 1024
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> LatencyServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset_counters(self) -> None:
        with self._lock:
            self.calls = self.misses = self.max_in_flight = 0
            self._served.clear()

    def _answer(self, body: dict[str, Any]) -> str | None:
        messages = body.get("messages") or []
        key = messages_key(messages, mask=False)
        if key not in self.answers:
            key = messages_key(messages)
        with self._lock:
            recorded = self.answers.get(key)
            if not recorded:
                self.misses += 1
                return None
            index = self._served[key] % len(recorded)
            self._served[key] += 1
            self.calls += 1
            return recorded[index]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - the session's endpoint check
                self._send(200, {"object": "list", "data": [{"id": "bench", "object": "model"}]})

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.loads(raw or b"{}")
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    # The fake model's generation time: this thread waits, so does its run.
                    time.sleep(server.latency)
                    text = server._answer(body)
                finally:
                    with server._lock:
                        server.in_flight -= 1
                if text is None:
                    self._send(400, {"error": {"message": "no recorded answer", "type": "bench"}})
                    return
                self._send(
                    200,
                    {
                        "id": "chatcmpl-bench",
                        "object": "chat.completion",
                        "created": 0,
                        "model": str(body.get("model", "")),
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": text},
                            }
                        ],
                        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                    },
                )

        return Handler
