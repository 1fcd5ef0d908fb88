"""Test helpers for pytest-pare and its users: scripted engines, a local OpenAI-style server.

Nothing here talks to the network beyond 127.0.0.1; nothing imports pytest.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pytest_pare.agents.scripted import format_action

logger = logging.getLogger(__name__)

__all__ = ["CompletionServer", "Reply", "SequenceEngine", "format_action"]


class SequenceEngine:
    """An engine answering with the given texts in order (then repeating the last one).

    Records every prompt it received in ``calls``, for assertions.
    """

    def __init__(self, answers: Sequence[str], model_name: str = "sequence") -> None:
        if not answers:
            raise ValueError("SequenceEngine needs at least one answer")
        self.answers = list(answers)
        self.model_name = model_name
        self.calls: list[list[dict[str, Any]]] = []

    def __call__(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> tuple[str, dict[str, Any]]:
        index = min(len(self.calls), len(self.answers) - 1)
        self.calls.append(list(messages))
        text = self.answers[index]
        for stop in stop_sequences or []:
            text = text.split(stop)[0]
        return text, {}


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP answer of the CompletionServer."""

    status: int = 200
    content: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls(200, content)

    @classmethod
    def error(
        cls, status: int, message: str = "scripted error", headers: dict[str, str] | None = None
    ) -> Reply:
        return cls(status, message, dict(headers or {}))

    def body(self, model: str, number: int) -> dict[str, Any]:
        if self.status != 200:
            return {"error": {"message": self.content, "type": "scripted", "code": self.status}}
        return {
            "id": f"chatcmpl-{number}",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": self.content},
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }


ReplyScript = Iterable[Reply | str] | Callable[[dict[str, Any]], Reply | str]


class CompletionServer:
    """An OpenAI-compatible chat-completions server on 127.0.0.1 answering from a script.

    ``POST /v1/chat/completions`` answers with the next scripted reply (a
    ``Reply`` or a plain string meaning HTTP 200 with that content), or with the
    result of a callable given the request body; ``GET /v1/models`` lists one
    model. The server is bounded: it serves at most ``max_requests`` completions
    and stops by itself after ``lifetime`` seconds, so a failing test never
    leaves it running. Use as a context manager.

    Attributes:
        url: the base URL to give as endpoint (``http://127.0.0.1:<port>/v1``).
        requests: the JSON bodies received, in order.
    """

    def __init__(
        self, replies: ReplyScript, *, max_requests: int = 200, lifetime: float = 60.0
    ) -> None:
        self._script = replies if callable(replies) else iter(list(replies))
        self.max_requests = max_requests
        self.lifetime = lifetime
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._serve, name="pare-completion-server", daemon=True
        )
        self._stopped = threading.Event()
        self._timer: threading.Timer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> CompletionServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        if self._timer is not None:
            self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()

    def _serve(self) -> None:
        self._server.serve_forever(poll_interval=0.05)

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            if len(self.requests) > self.max_requests:
                return Reply.error(503, "CompletionServer: max_requests exceeded")
            if callable(self._script):
                reply = self._script(body)
            else:
                reply = next(self._script, Reply.error(500, "CompletionServer: script exhausted"))
        return Reply.text(reply) if isinstance(reply, str) else reply

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug("completion server: " + format, *args)

            def _send(
                self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                if self.path.rstrip("/").endswith("/models"):
                    self._send(
                        200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]}
                    )
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    self._send(400, {"error": {"message": "request body is not JSON"}})
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                reply = server._next_reply(body)
                self._send(
                    reply.status,
                    reply.body(str(body.get("model", "")), len(server.requests)),
                    reply.headers,
                )

        return Handler
