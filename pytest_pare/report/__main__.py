"""Command line of the report: ``python -m pytest_pare.report {compare,html,merge} ...``.

``compare OLD NEW -o compare.html`` renders two results files side by side and
prints what regressed and improved; ``html RESULTS -o report.html`` re-renders
the report of one results file. Exit status: 0 fine, 1 a regression (compare),
2 unusable input (a message, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pytest_pare._util.files import atomic_write_text
from pytest_pare.report.documents import ResultsFileError, load_results
from pytest_pare.report.gate import DEFAULT_ALPHA, ScenarioChange

#: exit status for unusable input (argparse uses it too)
BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_pare.report",
        description="Compare, re-render or merge pytest-pare results files.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cmp = sub.add_parser(
        "compare",
        help="two results.json files side by side; exits 1 when a scenario regressed",
        description="Print the regressions and improvements from OLD to NEW (judged as "
        "--pare-baseline judges them), write the side-by-side page, and exit 1 when a "
        "scenario regressed, 2 on unusable input, else 0.",
    )
    cmp.add_argument("old", type=Path, help="the earlier results.json (or baseline file)")
    cmp.add_argument("new", type=Path, help="the later results.json")
    cmp.add_argument("-o", "--output", type=Path, default=Path("compare.html"))
    cmp.add_argument("--alpha", type=float, default=DEFAULT_ALPHA, help="one-sided level")
    cmp.add_argument("--test", choices=("fisher", "mcnemar"), default="fisher")
    # Exiting 1 on a regression is the default now; the flag stays for scripts that pass it.
    cmp.add_argument("--fail-on-regression", action="store_true", help=argparse.SUPPRESS)
    one = sub.add_parser("html", help="re-render the report of one results.json")
    one.add_argument("results", type=Path)
    one.add_argument("-o", "--output", type=Path, default=Path("report.html"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (2 for unusable input)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "compare":
            return _compare(args)
        return _html(args)
    except ResultsFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BAD_INPUT


def _compare(args: argparse.Namespace) -> int:
    from pytest_pare.report.compare import compare_documents, render_compare

    if not 0.0 < args.alpha < 1.0:
        print(f"error: --alpha must be in (0, 1), got {args.alpha}", file=sys.stderr)
        return BAD_INPUT
    old, new = load_results(args.old), load_results(args.new)
    changes = compare_documents(old, new, alpha=args.alpha, test=args.test)
    for line in change_lines(changes, alpha=args.alpha, test=args.test):
        print(line)
    page = render_compare(
        old,
        new,
        old_name=str(args.old),
        new_name=str(args.new),
        alpha=args.alpha,
        test=args.test,
        changes=changes,
    )
    if not _write(args.output, page):
        return BAD_INPUT
    return 1 if any(c.change == "regressed" for c in changes) else 0


def change_lines(changes: Sequence[ScenarioChange], *, alpha: float, test: str) -> list[str]:
    """What a comparison found, for a CI log: each regression and improvement, then a tally."""
    lines = [
        f"{c.change}: {c.key} {c.counts()} (p={c.p_value:.3g})"
        for kind in ("regressed", "improved")
        for c in changes
        if c.change == kind
    ]
    count = {kind: sum(c.change == kind for c in changes) for kind in _KINDS}
    compared = len(changes) - count["new"] - count["missing"]
    lines.append(
        f"{count['regressed']} regression(s), {count['improved']} improvement(s) among "
        f"{compared} scenario(s) in both files ({test}, one-sided p <= {alpha:g}); "
        f"{count['new']} new, {count['missing']} missing"
    )
    return lines


_KINDS = ("regressed", "improved", "changed", "unchanged", "new", "missing")


def _html(args: argparse.Namespace) -> int:
    from pytest_pare.report.html import load_traces, render_html

    doc = load_results(args.results)
    page = render_html(doc, load_traces(doc["rows"], args.results.parent))
    return 0 if _write(args.output, page) else BAD_INPUT


def _write(path: Path, text: str) -> bool:
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        print(
            f"error: cannot write {path} ({exc.strerror or exc}); "
            "pass -o a file path in a writable folder",
            file=sys.stderr,
        )
        return False
    print(f"wrote {path}")
    return True


if __name__ == "__main__":
    sys.exit(main())
