"""Results files read back: ``results.json`` documents (and baseline files) for the report's CLI.

Anything that is not a usable results document — a missing file, bytes that are
not text, JSON of another shape, rows without a scenario id or run number —
raises :class:`ResultsFileError` with the path, the problem and the fix, so the
command line can print one line and exit 2 instead of a traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl

from pytest_pare.report.frame import ResultsFrameError, frame_from_rows

#: the ``format`` of a session's results.json
RESULTS_FORMAT = "pytest-pare-results"
#: the ``format`` of a --pare-save-baseline file
BASELINE_FORMAT = "pytest-pare-baseline"
_FIX = "pass a results.json written by pytest-pare"


class ResultsFileError(ValueError):
    """A results file that cannot be used; the message names the path and the problem."""


def read_rows_document(
    p: Path,
    name: str,
    fix: str,
    error: type[ValueError],
    *,
    folder_hint: bool = False,
    fix_after_json: bool = False,
) -> dict[str, Any]:
    """The JSON object in ``p`` with a ``rows`` list, or ``error`` naming ``name`` and ``fix``.

    The one reader of results-shaped files (results.json, baselines): a missing
    or unreadable file, bytes that are not text, text that is not JSON, and JSON
    without a ``rows`` list each get one line.
    """
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{name}: file not found; {fix}") from None
    except IsADirectoryError:
        if not folder_hint:
            raise error(f"{name}: cannot read it (Is a directory)") from None
        raise error(f"{name}: is a folder; {fix} (e.g. {p / 'results.json'})") from None
    except UnicodeDecodeError:
        raise error(f"{name}: not a text file (not UTF-8); {fix}") from None
    except OSError as exc:
        raise error(f"{name}: cannot read it ({exc.strerror or exc})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        tail = f"; {fix}" if fix_after_json else ""
        raise error(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}){tail}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        raise error(f"{name}: no 'rows' list of per-run results; {fix}")
    return doc


def load_results(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a ``results.json`` (or a baseline file) and make sure its rows are usable.

    Raises:
        ResultsFileError: the file is missing or unreadable, not UTF-8 text, not
            JSON, not a results document, or its rows lack what a run needs.
    """
    p = Path(path)
    doc = read_rows_document(p, str(p), _FIX, ResultsFileError, folder_hint=True)
    fmt = doc.get("format")
    if fmt is not None and fmt not in (RESULTS_FORMAT, BASELINE_FORMAT):
        raise ResultsFileError(f"{p}: its format is {fmt!r}, not {RESULTS_FORMAT!r}; {_FIX}")
    check_rows(doc["rows"], str(p))
    return doc


def check_rows(rows: list[Any], source: str) -> None:
    """Raise :class:`ResultsFileError` unless ``rows`` build a results frame with usable values."""
    from pytest_pare.report.stats import with_derived_columns

    try:
        # Casting the required columns is where wrongly typed values show up
        # (a success "yes"): name the file, not a polars frame.
        with_derived_columns(frame_from_rows(rows, source=source))
    except ResultsFrameError as exc:
        raise ResultsFileError(str(exc)) from None
    except pl.exceptions.PolarsError as exc:
        raise ResultsFileError(
            f"{source}: its rows hold values of the wrong type ({first_line(exc)}); {_FIX}"
        ) from None


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type's name when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
