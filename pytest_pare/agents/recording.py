"""Record model calls to a directory and answer from it again, offline and deterministically.

A call is keyed by the sha256 of its canonical request (model, provider, role,
messages, stop sequences, and the run it belongs to; plus an occurrence number
when the same role of the same run sends an identical request again). The run
is part of the key because the runs of one scenario (``--pare-runs``, noise
levels) send identical first prompts that a real model answers differently.
The store holds one JSON file per key, written atomically, so concurrent xdist
workers never leave half a file behind.

A call that failed is recorded too (its exception's module, class and
message: a 429 or 5xx after the retries, a timeout, a context-window
refusal, the run's deadline), and the replay raises the same exception at the
same call, so a replayed session gives the same rows, exception types included.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pytest_pare._util.files import atomic_write_text
from pytest_pare._util.jsonable import jsonable
from pytest_pare.agents.errors import EngineError, ReplayMissError
from pytest_pare.agents.models import ResolvedModel

STORE_FORMAT = 1


def canonical_request(
    model: ResolvedModel,
    role: str,
    messages: list[dict[str, Any]],
    stop_sequences: list[str],
    run: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-safe request that identifies a call (the endpoint is left out on purpose:
    a session recorded against one vLLM host replays anywhere).

    ``run`` identifies the run (scenario, run number, seed, noise); see the module docstring.
    """
    request: dict[str, Any] = {
        "model": model.model,
        "provider": model.provider,
        "role": role,
        "stop": list(stop_sequences or []),
        "messages": [
            {
                "role": str(getattr(m.get("role"), "value", m.get("role"))),
                "content": jsonable(m.get("content", "")),
                "attachments": len(m.get("attachments") or []),
            }
            for m in messages
        ],
    }
    if run is not None:
        request["run"] = jsonable(dict(run))
    return request


def request_key(request: dict[str, Any]) -> str:
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class CallStore:
    """A directory of recorded calls: ``<dir>/<key[:2]>/<key>.json``."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def path_for(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def put(
        self,
        key: str,
        request: dict[str, Any],
        response: str | None,
        metadata: dict[str, Any] | None,
        error: BaseException | None = None,
    ) -> None:
        record: dict[str, Any] = {
            "format": STORE_FORMAT,
            "request": request,
            "response": response,
            "metadata": jsonable(metadata or {}),
        }
        if error is not None:
            record["error"] = {
                "module": type(error).__module__,
                "type": type(error).__qualname__,
                "message": str(error),
            }
        text = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
        atomic_write_text(self.path_for(key), text, private=True)

    def get(self, key: str) -> dict[str, Any] | None:
        """The record of ``key``, or None when there is none.

        Raises:
            ReplayMissError: the file is there but damaged (not text, not JSON,
                not a record): the run fails with the path and the fix, the
                session goes on.
        """
        path = self.path_for(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._damaged(path, f"cannot read it ({exc.strerror or exc})") from None
        try:
            record = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise self._damaged(path, f"not text (byte {exc.start} is not UTF-8)") from None
        except json.JSONDecodeError as exc:
            raise self._damaged(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
        # A recorded call has its answer's text, or (a failed call) the error it raised.
        if not isinstance(record, dict) or not (
            isinstance(record.get("response"), str) or isinstance(record.get("error"), dict)
        ):
            raise self._damaged(path, "not a recorded model call (no 'response' text or 'error')")
        return record

    @staticmethod
    def _damaged(path: Path, problem: str) -> ReplayMissError:
        return ReplayMissError(
            f"recorded answer {path} is damaged: {problem}; delete it and re-record with "
            "--pare-record, or run without --pare-replay"
        )


def _first_lines(request: dict[str, Any], limit: int = 3) -> str:
    messages = request.get("messages") or []
    if not messages:
        return "(no messages)"
    last = messages[-1]
    text = str(last.get("content", "")).strip().splitlines()[:limit]
    return f"last {last.get('role')} message: " + " | ".join(line[:120] for line in text)


def _run_label(run: Mapping[str, Any] | None) -> str:
    if not run or run.get("scenario") is None:
        return ""
    return f" in {run['scenario']} run {run.get('run_number')}"


class _Occurrences:
    """Numbers repeated identical requests within one engine (one role of one run).

    A real model may answer the same prompt differently the second time; keying
    the n-th repetition apart makes a replay give back exactly what was recorded.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def keyed(self, request: dict[str, Any]) -> tuple[dict[str, Any], str]:
        base = request_key(request)
        count = self._seen.get(base, 0)
        self._seen[base] = count + 1
        if count == 0:
            return request, base
        numbered = {**request, "occurrence": count}
        return numbered, request_key(numbered)


class RecordingEngine:
    """Wraps an engine: every call goes through, and its answer is stored."""

    def __init__(
        self,
        inner: Any,
        store: CallStore,
        model: ResolvedModel,
        role: str,
        run: Mapping[str, Any] | None = None,
    ) -> None:
        self.inner = inner
        self.store = store
        self.model = model
        self.role = role
        self.run = run
        self.model_name = getattr(inner, "model_name", model.model)
        self._occurrences = _Occurrences()

    def __call__(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> tuple[str, dict[str, Any] | None]:
        stop = list(stop_sequences or [])
        request, key = self._occurrences.keyed(
            canonical_request(self.model, self.role, messages, stop, self.run)
        )
        try:
            text, metadata = self.inner(messages, stop_sequences=stop, **kwargs)
        except Exception as exc:
            self.store.put(key, request, None, None, error=exc)
            raise
        self.store.put(key, request, text, metadata)
        return text, metadata

    def record_failure(
        self, messages: list[dict[str, Any]], stop_sequences: list[str], error: BaseException
    ) -> None:
        """Record that the run failed where it would have sent this request (its deadline)."""
        request, key = self._occurrences.keyed(
            canonical_request(self.model, self.role, messages, list(stop_sequences), self.run)
        )
        self.store.put(key, request, None, None, error=error)


class ReplayEngine:
    """Answers every call from a store; a missing answer is a ReplayMissError naming the request."""

    def __init__(
        self,
        store: CallStore,
        model: ResolvedModel,
        role: str,
        run: Mapping[str, Any] | None = None,
    ) -> None:
        self.store = store
        self.model = model
        self.role = role
        self.run = run
        self.model_name = model.model
        self._occurrences = _Occurrences()

    def __call__(
        self, messages: list[dict[str, Any]], stop_sequences: list[str] | None = None, **kwargs: Any
    ) -> tuple[str, dict[str, Any] | None]:
        stop = list(stop_sequences or [])
        request, key = self._occurrences.keyed(
            canonical_request(self.model, self.role, messages, stop, self.run)
        )
        record = self.store.get(key)
        if record is None:
            raise ReplayMissError(
                f"no recorded answer in {self.store.directory} for the {self.role} model "
                f"{self.model.model!r} ({self.model.provider}){_run_label(self.run)}, "
                f"request hash {key}; "
                f"{_first_lines(request)}. Re-record with --pare-record, or run without "
                f"--pare-replay"
            )
        if record.get("error"):
            raise recorded_error(record["error"])
        return str(record["response"]), dict(record.get("metadata") or {})


class RecordedCallError(EngineError):
    """A recorded call failed with an exception this installation cannot rebuild."""


def recorded_error(error: dict[str, Any]) -> Exception:
    """The exception a recorded call failed with, rebuilt as its own class when it is ours."""
    module, name, message = error.get("module"), error.get("type"), str(error.get("message"))
    if isinstance(module, str) and module.startswith("pytest_pare.") and isinstance(name, str):
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            cls = None
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                return cls(message)
            except TypeError:  # a constructor that wants more than a message
                pass
    return RecordedCallError(f"{name}: {message}")
