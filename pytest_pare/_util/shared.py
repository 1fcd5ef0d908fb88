"""A small JSON document shared by every thread and process of a session.

The document lives in one file, read and rewritten under an exclusive
``flock`` (and a thread lock, since ``flock`` does not exclude threads sharing
an open file), so the xdist workers of one session see one state; without a
file it lives in memory, shared by the threads of one process. An update is a
function that reads and changes the document in place; it must be short (it
holds the lock) and must not block.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # not POSIX: the document is shared by this process's threads only
    fcntl = None  # type: ignore[assignment]

__all__ = ["SharedState"]

T = TypeVar("T")


class SharedState:
    """One JSON object, updated atomically across threads (and processes, with ``path``).

    Args:
        path: the file holding the document (created empty when missing); None
            keeps it in memory.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._memory: dict[str, Any] = {}
        self._fd: int | None = None
        if path is not None and fcntl is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    @property
    def shared_across_processes(self) -> bool:
        return self._fd is not None

    def update(self, change: Callable[[dict[str, Any]], T]) -> T:
        """Run ``change(document)`` under the lock and keep what it did; return its result."""
        with self._lock:
            if self._fd is None:
                return change(self._memory)
            fd = self._fd
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                raw = os.pread(fd, 1 << 20, 0)
                try:
                    document = json.loads(raw) if raw else {}
                except ValueError:  # a writer killed mid-write: start over rather than fail
                    document = {}
                if not isinstance(document, dict):
                    document = {}
                result = change(document)
                data = json.dumps(document, separators=(",", ":")).encode()
                if data != raw.rstrip():
                    # Padded with blanks (JSON ignores them) rather than truncated: a
                    # truncate costs more than the rest of the write.
                    os.pwrite(fd, data.ljust(len(raw)), 0)
                return result
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def read(self) -> dict[str, Any]:
        """A copy of the document as it is now."""
        return self.update(lambda document: json.loads(json.dumps(document)))

    def close(self) -> None:
        """Close the file (the document stays on disk for the other processes)."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
