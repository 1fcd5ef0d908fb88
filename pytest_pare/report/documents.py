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


def load_results(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a ``results.json`` (or a baseline file) and make sure its rows are usable.

    Raises:
        ResultsFileError: the file is missing or unreadable, not UTF-8 text, not
            JSON, not a results document, or its rows lack what a run needs.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsFileError(f"{p}: file not found; {_FIX}") from None
    except IsADirectoryError:
        raise ResultsFileError(f"{p}: is a folder; {_FIX} (e.g. {p / 'results.json'})") from None
    except UnicodeDecodeError:
        raise ResultsFileError(f"{p}: not a text file (not UTF-8); {_FIX}") from None
    except OSError as exc:
        raise ResultsFileError(f"{p}: cannot read it ({exc.strerror or exc})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsFileError(f"{p}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
        raise ResultsFileError(f"{p}: no 'rows' list of per-run results; {_FIX}")
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
