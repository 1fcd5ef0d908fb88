"""Test helpers for pytest-pare and its users: scripted engines, a local OpenAI-style server.

``CompletionServer`` stands in for a model server, well- or ill-behaved: it
answers from a script, honours ``max_tokens`` and ``stop`` like a real server,
refuses prompts longer than its context window, and can hang, answer late, run
away until ``max_tokens``, answer empty, fail with 429/5xx, or drop the
connection mid-answer. It counts the tokens it saw (``usage``), by the same
estimate the agents' prompt budget uses (``pytest_pare.agents.tokens``), and
can report cached-prompt and reasoning tokens as OpenAI does and enforce a
requests- and tokens-per-minute limit (HTTP 429 with ``Retry-After``).

Nothing here talks to the network beyond 127.0.0.1; nothing imports pytest.
"""

from __future__ import annotations

import json
import logging
import math
import select
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pytest_pare.agents.ratelimit import TokenBucket
from pytest_pare.agents.scripted import format_action
from pytest_pare.agents.tokens import estimate_prompt_tokens, estimate_tokens

logger = logging.getLogger(__name__)

__all__ = [
    "CompletionServer",
    "Reply",
    "SequenceEngine",
    "Usage",
    "format_action",
    "unused_url",
]


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
    """One scripted answer of the CompletionServer; build it with the class methods.

    Attributes:
        status: the HTTP status (200 for an answer).
        content: the answer's text, or an error's message.
        headers: extra response headers (``Retry-After``).
        kind: ``text``, ``error``, ``hang``, ``delay``, ``runaway`` or ``drop``.
        seconds: how long ``delay`` waits before answering.
        tokens_per_second: ``runaway`` generation speed (None: instant).
        reasoning_tokens: hidden reasoning tokens the answer cost besides its text
            (counted in ``completion_tokens`` and reported apart, as OpenAI does).
    """

    status: int = 200
    content: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "text"
    seconds: float = 0.0
    tokens_per_second: float | None = None
    reasoning_tokens: int = 0

    @classmethod
    def text(cls, content: str, *, reasoning_tokens: int = 0) -> Reply:
        """HTTP 200 with ``content`` (cut at the request's first stop, capped at max_tokens).

        ``reasoning_tokens``: what a reasoning model spent thinking before it.
        """
        return cls(200, content, reasoning_tokens=reasoning_tokens)

    @classmethod
    def empty(cls) -> Reply:
        """HTTP 200 with an empty message (what a small model sometimes sends)."""
        return cls(200, "")

    @classmethod
    def prose(cls, content: str = "I think the user should check their email first.") -> Reply:
        """HTTP 200 with plain prose instead of a Thought/Action answer."""
        return cls(200, content)

    @classmethod
    def error(
        cls, status: int, message: str = "scripted error", headers: dict[str, str] | None = None
    ) -> Reply:
        """An HTTP error (429 with ``{"Retry-After": "2"}``, 500, 503, ...)."""
        return cls(status, message, dict(headers or {}), kind="error")

    @classmethod
    def hang(cls) -> Reply:
        """Accept the request and never answer (until the server stops or the client leaves)."""
        return cls(kind="hang")

    @classmethod
    def delayed(cls, seconds: float, content: str) -> Reply:
        """Answer ``content`` after ``seconds`` (sooner if the server stops: then no answer)."""
        return cls(200, content, kind="delay", seconds=float(seconds))

    @classmethod
    def runaway(cls, unit: str = "more ", tokens_per_second: float | None = None) -> Reply:
        """Generate ``unit`` over and over until the request's max_tokens (or the context is full).

        A stop sequence in the generated text ends it early, as on a real server.
        With ``tokens_per_second`` the answer takes as long as generating it would.
        """
        return cls(200, unit, kind="runaway", tokens_per_second=tokens_per_second)

    @classmethod
    def drop(cls, content: str = "Thought: half an answer") -> Reply:
        """Send the headers and half of the body, then close the connection."""
        return cls(200, content, kind="drop")


@dataclass(frozen=True)
class Usage:
    """What the server counted for one chat request (estimated tokens, see the module doc).

    ``cached_tokens`` (part of the prompt) and ``reasoning_tokens`` (part of the
    completion) are what the answer reported; ``at`` is the ``time.monotonic()``
    at which the request arrived.
    """

    prompt_tokens: int
    completion_tokens: int
    status: int
    finish_reason: str | None = None
    cached_tokens: int = 0
    reasoning_tokens: int = 0
    at: float = 0.0


ReplyScript = Iterable[Reply | str] | Callable[[dict[str, Any]], Reply | str]

#: what a runaway generates when the request sets no max_tokens and the server no context size
RUNAWAY_LIMIT = 8192


def unused_url() -> str:
    """The base URL of a port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _cut(text: str, stops: Sequence[str], max_tokens: int | None) -> tuple[str, str]:
    """``text`` as a server returns it: cut before the first stop, capped at max_tokens."""
    reason = "stop"
    hits = [text.index(s) for s in stops if s and s in text]
    if hits:
        text = text[: min(hits)]
    if max_tokens is not None and estimate_tokens(text) > max_tokens:
        text = text[: max_tokens * 4]
        reason = "length"
    return text, reason


def _stops(body: dict[str, Any]) -> list[str]:
    stop = body.get("stop")
    if isinstance(stop, str):
        return [stop]
    return [s for s in stop or [] if isinstance(s, str)]


def _max_tokens(body: dict[str, Any]) -> int | None:
    for key in ("max_tokens", "max_completion_tokens"):
        value = body.get(key)
        if isinstance(value, int) and value > 0:
            return value
    return None


class CompletionServer:
    """An OpenAI-compatible chat-completions server on 127.0.0.1 answering from a script.

    ``POST /v1/chat/completions`` answers with the next scripted reply (a
    ``Reply`` or a plain string meaning HTTP 200 with that content), or with the
    result of a callable given the request body; ``GET /v1/models`` lists one
    model (or follows ``models_reply``). Answers honour the request's ``stop``
    and ``max_tokens`` and carry ``usage``. With ``context_size``, a request
    whose prompt plus max_tokens exceeds it gets the HTTP 400 a vLLM or OpenAI
    server sends ("maximum context length"), before the script is consulted.

    With ``prompt_cache``, the answer's usage says how much of the prompt was
    served from a cache (``prompt_tokens_details.cached_tokens``): the leading
    messages identical to the leading messages of an earlier request. With
    ``rpm`` and/or ``tpm`` the server enforces a rate limit as a token bucket
    holding ``limit_window`` seconds' worth (requests; tokens of the prompt, and of
    the completion once generated): a request that finds it empty gets HTTP 429
    with ``Retry-After`` (whole seconds) and ``retry-after-ms``, and does not count
    against the limit.

    The server is bounded: it serves at most ``max_requests`` completions and
    stops by itself after ``lifetime`` seconds, so a failing test never leaves it
    running; a hanging reply returns as soon as the server stops or the client
    disconnects. Use as a context manager.

    Attributes:
        url: the base URL to give as endpoint (``http://127.0.0.1:<port>/v1``).
        requests: the JSON bodies received, in order.
        usage: a ``Usage`` per chat request, in order of arrival.
    """

    def __init__(
        self,
        replies: ReplyScript,
        *,
        max_requests: int = 200,
        lifetime: float = 60.0,
        context_size: int | None = None,
        models_reply: Reply | None = None,
        prompt_cache: bool = False,
        rpm: float | None = None,
        tpm: float | None = None,
        limit_window: float = 1.0,
    ) -> None:
        self._script = replies if callable(replies) else iter(list(replies))
        self.max_requests = max_requests
        self.lifetime = lifetime
        self.context_size = context_size
        self.models_reply = models_reply
        self.requests: list[dict[str, Any]] = []
        self.usage: list[Usage] = []
        self._lock = threading.Lock()
        self.prompt_cache = prompt_cache
        self._seen_prefixes: set[str] = set()
        self._buckets = {
            name: TokenBucket(per_minute / 60.0, max(1.0, per_minute / 60.0 * limit_window))
            for name, per_minute in (("requests", rpm), ("tokens", tpm))
            if per_minute is not None
        }
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._serve, name="pare-completion-server", daemon=True
        )
        self._stopped = threading.Event()
        self._timer: threading.Timer | None = None
        #: set whenever a request starts waiting in a hang or delay (tests wait on it)
        self.waiting = threading.Event()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def prompt_tokens(self) -> int:
        """Prompt tokens of every chat request so far."""
        with self._lock:
            return sum(u.prompt_tokens for u in self.usage)

    @property
    def completion_tokens(self) -> int:
        """Completion tokens the server generated so far (also for answers never delivered)."""
        with self._lock:
            return sum(u.completion_tokens for u in self.usage)

    @property
    def cached_tokens(self) -> int:
        """Prompt tokens the answers reported as served from the cache."""
        with self._lock:
            return sum(u.cached_tokens for u in self.usage)

    @property
    def reasoning_tokens(self) -> int:
        """Reasoning tokens the answers reported (inside ``completion_tokens``)."""
        with self._lock:
            return sum(u.reasoning_tokens for u in self.usage)

    def answered(self) -> list[Usage]:
        """The requests answered with HTTP 200, in order of arrival."""
        with self._lock:
            return [u for u in self.usage if u.status == 200]

    def rate_limited(self) -> list[Usage]:
        """The requests refused with HTTP 429 by the server's own limit or the script."""
        with self._lock:
            return [u for u in self.usage if u.status == 429]

    def _cached_prefix(self, messages: list[Any]) -> int:
        """Tokens of the longest run of leading messages an earlier request also began with."""
        cached = running = 0
        key = ""
        prefixes = []
        for message in messages:
            content = message.get("content") if isinstance(message, dict) else message
            key = f"{key}\0{message.get('role') if isinstance(message, dict) else ''}:{content}"
            running += estimate_prompt_tokens([message] if isinstance(message, dict) else [])
            prefixes.append(key)
            if key in self._seen_prefixes:
                cached = running
        self._seen_prefixes.update(prefixes)
        return cached

    def _admit(self, prompt: int) -> float | None:
        """Take one request and its prompt from the limits; the seconds to wait when refused."""
        now = time.monotonic()
        waits = [
            bucket.shortfall(cost, now)
            for name, bucket in self._buckets.items()
            for cost in [1.0 if name == "requests" else float(prompt)]
        ]
        if any(w > 0 for w in waits):
            return max(waits)
        for name, bucket in self._buckets.items():
            bucket.take(1.0 if name == "requests" else float(prompt), now)
        return None

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

    def _count(self, usage: Usage) -> None:
        with self._lock:
            self.usage.append(usage)

    def _wait(self, connection: socket.socket, seconds: float | None) -> bool:
        """Wait ``seconds`` (None: for ever); False when the server stopped or the client left."""
        self.waiting.set()
        end = None if seconds is None else time.monotonic() + seconds
        while not self._stopped.is_set():
            left = None if end is None else end - time.monotonic()
            if left is not None and left <= 0:
                return True
            step = 0.05 if left is None else min(0.05, left)
            readable, _, _ = select.select([connection], [], [], step)
            if readable:
                try:
                    peeked = connection.recv(1, socket.MSG_PEEK)
                except OSError:
                    return False
                if not peeked:
                    return False  # the client closed its end: nobody waits for the answer
                self._stopped.wait(step)  # a pipelined request: keep holding this one
        return False

    def _answer(
        self, body: dict[str, Any], reply: Reply, prompt: int
    ) -> tuple[dict[str, Any], str]:
        """The chat.completion body of a 200 reply, and its text's finish reason."""
        stops, max_tokens = _stops(body), _max_tokens(body)
        if reply.kind == "runaway":
            room = RUNAWAY_LIMIT if self.context_size is None else self.context_size - prompt
            limit = max(1, min(max_tokens or room, room))
            unit = reply.content or "more "
            raw = unit * (limit * 4 // len(unit) + 1)
            text, reason = _cut(raw, stops, limit)
        else:
            text, reason = _cut(reply.content, stops, max_tokens)
        completion = estimate_tokens(text) + max(0, reply.reasoning_tokens)
        with self._lock:
            cached = (
                self._cached_prefix(list(body.get("messages") or [])) if self.prompt_cache else 0
            )
        number = len(self.requests)
        usage: dict[str, Any] = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        if self.prompt_cache or reply.reasoning_tokens:
            usage["prompt_tokens_details"] = {"cached_tokens": cached}
            usage["completion_tokens_details"] = {
                "reasoning_tokens": max(0, reply.reasoning_tokens)
            }
        payload = {
            "id": f"chatcmpl-{number}",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": str(body.get("model", "")),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": reason,
                    "message": {"role": "assistant", "content": text},
                }
            ],
            "usage": usage,
        }
        return payload, reason

    def _context_error(self, body: dict[str, Any], prompt: int) -> dict[str, Any] | None:
        if self.context_size is None:
            return None
        wanted = _max_tokens(body) or 0
        if prompt + wanted <= self.context_size:
            return None
        message = (
            f"This model's maximum context length is {self.context_size} tokens. However, you "
            f"requested {prompt + wanted} tokens ({prompt} in the messages, {wanted} in the "
            f"completion). Please reduce the length of the messages or completion."
        )
        return {
            "error": {
                "message": message,
                "type": "invalid_request_error",
                "param": "messages",
                "code": "context_length_exceeded",
            }
        }

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

            def _follow(self, reply: Reply, payload: dict[str, Any]) -> None:
                """Send ``payload`` as ``reply`` says: at once, late, never, or half of it."""
                if reply.kind == "hang":
                    server._wait(self.connection, None)
                    self.close_connection = True
                    return
                if reply.kind == "delay" and not server._wait(self.connection, reply.seconds):
                    self.close_connection = True
                    return
                if reply.kind == "drop":
                    data = json.dumps(payload).encode("utf-8")
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self._send(reply.status, payload, reply.headers)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                if not self.path.rstrip("/").endswith("/models"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                listing: dict[str, Any] = {
                    "object": "list",
                    "data": [{"id": "scripted", "object": "model"}],
                }
                reply = server.models_reply or Reply.text("")
                if reply.kind == "error":
                    listing = {"error": {"message": reply.content, "code": reply.status}}
                self._follow(reply, listing)

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
                prompt = estimate_prompt_tokens(body.get("messages") or [])
                too_long = server._context_error(body, prompt)
                if too_long is not None:
                    with server._lock:
                        server.requests.append(body)
                    server._count(Usage(prompt, 0, 400, at=time.monotonic()))
                    self._send(400, too_long)
                    return
                arrived = time.monotonic()
                with server._lock:
                    wait = server._admit(prompt) if server._buckets else None
                if wait is not None:
                    server._count(Usage(prompt, 0, 429, at=arrived))
                    self._send(
                        429,
                        {
                            "error": {
                                "message": "Rate limit reached: too many requests or tokens "
                                "per minute",
                                "type": "requests",
                                "code": "rate_limit_exceeded",
                            }
                        },
                        {
                            "Retry-After": str(max(1, math.ceil(wait))),
                            "retry-after-ms": str(max(1, math.ceil(wait * 1000))),
                        },
                    )
                    return
                reply = server._next_reply(body)
                if reply.kind == "error":
                    server._count(Usage(prompt, 0, reply.status, at=arrived))
                    payload = {
                        "error": {
                            "message": reply.content,
                            "type": "scripted",
                            "code": reply.status,
                        }
                    }
                    self._send(reply.status, payload, reply.headers)
                    return
                if reply.kind == "hang":
                    server._count(Usage(prompt, 0, 0, at=arrived))
                    self._follow(reply, {})
                    return
                answer, reason = server._answer(body, reply, prompt)
                usage = answer["usage"]
                completion = int(usage["completion_tokens"])
                server._count(
                    Usage(
                        prompt,
                        completion,
                        reply.status,
                        reason,
                        int((usage.get("prompt_tokens_details") or {}).get("cached_tokens", 0)),
                        int(
                            (usage.get("completion_tokens_details") or {}).get(
                                "reasoning_tokens", 0
                            )
                        ),
                        arrived,
                    )
                )
                tokens = server._buckets.get("tokens")
                if tokens is not None:
                    with server._lock:  # the completion counts against the limit once generated
                        tokens.take(float(completion), time.monotonic())
                if reply.kind == "runaway" and reply.tokens_per_second:
                    # Generating takes its time: the answer comes when it is done, if anyone waits.
                    if not server._wait(self.connection, completion / reply.tokens_per_second):
                        self.close_connection = True
                        return
                self._follow(reply, answer)

        return Handler
