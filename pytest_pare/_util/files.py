"""Atomic file writes shared by the report files, the result cache and the call recordings."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

# Read once at import: os.umask can only be read by setting it.
_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    """Write ``text`` to ``path`` so readers see the old file or the new one, never half.

    Args:
        path: the file to write; its folder is created when missing.
        text: the whole content, written as UTF-8.
        private: keep the file readable by its owner only (0600), e.g. for
            recorded model calls; otherwise it gets the usual mode (umask).
    """

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    atomic_write(path, write, private=private)


def atomic_write(path: Path, write: Callable[[Path], object], *, private: bool = False) -> None:
    """Let ``write`` fill a temporary file, then move it over ``path`` in one step.

    The temporary file lives in the target's folder because ``os.replace`` is
    atomic only within one file system. On any error (a full disk, an
    interrupt) the temporary file is removed and ``path`` keeps its old content.

    Args:
        path: the file to write; its folder is created when missing.
        write: writes the whole content to the path it is given (e.g. a polars
            frame's ``write_parquet``).
        private: keep the file readable by its owner only (0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        if not private:  # mkstemp creates 0600
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
