"""Command line of the report: ``python -m pytest_pare.report {compare,html} ...``.

``compare OLD NEW -o compare.html`` renders two results files side by side;
``html RESULTS -o report.html`` re-renders the report of one results file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pytest_pare._util.files import atomic_write_text
from pytest_pare.report.compare import (
    ResultsFileError,
    compare_documents,
    load_results,
    render_compare,
)
from pytest_pare.report.gate import DEFAULT_ALPHA
from pytest_pare.report.html import load_traces, render_html


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_pare.report", description="Render pytest-pare results as HTML."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cmp = sub.add_parser("compare", help="two results.json files side by side")
    cmp.add_argument("old", type=Path, help="the earlier results.json (or baseline file)")
    cmp.add_argument("new", type=Path, help="the later results.json")
    cmp.add_argument("-o", "--output", type=Path, default=Path("compare.html"))
    cmp.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, help="one-sided level")
    cmp.add_argument("--test", choices=("fisher", "mcnemar"), default="fisher")
    cmp.add_argument(
        "--fail-on-regression",
        action="store_true",
        help="exit 1 when any scenario regressed (as --pare-baseline would)",
    )
    one = sub.add_parser("html", help="re-render the report of one results.json")
    one.add_argument("results", type=Path)
    one.add_argument("-o", "--output", type=Path, default=Path("report.html"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (2 for unusable input)."""
    args = _parser().parse_args(argv)
    if args.command == "compare" and not 0.0 < args.alpha < 1.0:
        print(f"error: --alpha must be in (0, 1), got {args.alpha}", file=sys.stderr)
        return 2
    regressed = False
    try:
        if args.command == "compare":
            old, new = load_results(args.old), load_results(args.new)
            changes = compare_documents(old, new, alpha=args.alpha, test=args.test)
            regressed = any(c.change == "regressed" for c in changes)
            page = render_compare(
                old,
                new,
                old_name=str(args.old),
                new_name=str(args.new),
                alpha=args.alpha,
                test=args.test,
                changes=changes,
            )
        else:
            doc = load_results(args.results)
            page = render_html(doc, load_traces(doc["rows"], args.results.parent))
    except ResultsFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        atomic_write_text(args.output, page)
    except OSError as exc:
        print(
            f"error: cannot write {args.output} ({exc.strerror or exc}); "
            "pass -o a file path in a writable folder",
            file=sys.stderr,
        )
        return 2
    print(f"wrote {args.output}")
    return 1 if getattr(args, "fail_on_regression", False) and regressed else 0


if __name__ == "__main__":
    sys.exit(main())
