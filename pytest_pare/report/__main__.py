"""Command line of the report: ``python -m pytest_pare.report {compare,html,merge} ...``.

``compare OLD NEW -o compare.html`` renders two results files side by side and
prints what regressed and improved; ``html RESULTS -o report.html`` re-renders
the report of one results file; ``merge SHARD.json ... -o DIR`` writes the files
and the gate verdict of one session from its shards. Exit status: 0 fine, 1 a
regression (compare) or a failed gate (merge), 3 a gate that could not be
evaluated (merge), 2 unusable input (a message, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
    _merge_parser(sub)
    return parser


def _merge_parser(sub: Any) -> None:
    from pytest_pare.options.table import GATE_MODES, INFRA_POLICIES
    from pytest_pare.options.values import _choice, _float_between, _int_at_least

    merge = sub.add_parser(
        "merge",
        help="the shards' results.json as one session's files and gate verdict",
        description="Merge the results.json of every --pare-shard of a split (or of plain "
        "sessions) into the files one session writes, recompute every statistic and apply "
        "the gates: by default those the shards recorded, or the options below. Exit "
        "status as a session's with a gate: 0 passed, 1 failed (or a test that is not a "
        "scenario run failed), 3 the evaluation could not be done (infrastructure errors, "
        "lost runs); without a gate 1 when a run did not pass; 2 for unusable input.",
    )
    merge.add_argument("inputs", type=Path, nargs="+", help="each shard's results.json")
    merge.add_argument(
        "-o", "--output", type=Path, default=Path("pare-results"), help="folder for the files"
    )
    merge.add_argument("--html", type=_arg(_parse_path), help="also write report.html to FILE")
    merge.add_argument("--md-summary", type=_arg(_parse_path), help="markdown summary FILE")
    merge.add_argument(
        "--save-baseline", type=_arg(_parse_path), help="write the merged baseline to FILE"
    )
    gates = merge.add_argument_group("gates (default: as the shards recorded them)")
    gates.add_argument("--min-success-rate", type=_arg(_float_between(0.0, 1.0)), metavar="R")
    gates.add_argument("--gate-on", type=_arg(_choice(GATE_MODES)), metavar="MODE")
    gates.add_argument("--min-scenario-passes", type=_arg(_int_at_least(1)), metavar="K")
    gates.add_argument("--baseline", type=_arg(_parse_path), metavar="FILE")
    gates.add_argument("--infra-errors", type=_arg(_choice(INFRA_POLICIES)), metavar="POLICY")


def _parse_path(raw: str) -> Path:
    from pytest_pare.options.values import _parse_path as parse

    return parse(raw)


def _arg(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """An option parser as an argparse type: its ValueError message becomes argparse's error."""

    def convert(raw: str) -> Any:
        try:
            return parse(raw)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (2 for unusable input)."""
    args = _parser().parse_args(argv)
    from pytest_pare.report.baseline import BaselineError
    from pytest_pare.report.merge import MergeError

    try:
        if args.command == "compare":
            return _compare(args)
        if args.command == "merge":
            return _merge(args, list(sys.argv[1:] if argv is None else argv))
        return _html(args)
    except (ResultsFileError, MergeError, BaselineError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BAD_INPUT


def _merge(args: argparse.Namespace, argv: list[str]) -> int:
    from pytest_pare.report.baseline import read_baseline
    from pytest_pare.report.files import write_report_files
    from pytest_pare.report.frame import frame_from_rows
    from pytest_pare.report.gate import job_exit_status
    from pytest_pare.report.merge import (
        GATE_FIELDS,
        load_inputs,
        merge_command,
        merge_documents,
        merge_settings,
    )

    merged = merge_documents(load_inputs(args.inputs), command=merge_command(argv))
    settings = merge_settings(
        merged,
        {name: getattr(args, name) for name in GATE_FIELDS},
        {
            "results_dir": args.output,
            "html": args.html,
            "md_summary": args.md_summary,
            "save_baseline": args.save_baseline,
        },
    )
    if settings.baseline is not None:
        read_baseline(settings.baseline)  # unusable: a message and exit 2 before any file
    split = merged.environment.get("split")
    notes = []
    adaptive = merged.extra.get("adaptive")
    if adaptive is not None:
        from pytest_pare.report.adaptive import adaptive_note

        notes.append(
            adaptive_note(
                adaptive["max_runs"],
                adaptive["runs_made"],
                adaptive["runs_saved"],
                adaptive["runs_left_out"],
            )
        )
    files = write_report_files(
        merged.rows,
        settings,
        merged.environment,
        frame=frame_from_rows(
            merged.rows, constants={"split": split} if split is not None else None
        ),
        notes=notes,
        lost=merged.lost,
        extra=merged.extra,
        traces=merged.traces,
    )
    for line in files.lines:
        print(line)
    if files.paths:
        print(f"results: {', '.join(str(p) for p in files.paths)}")
    for line in files.annotations:
        print(line)
    return job_exit_status(
        files.verdict,
        other_failed=bool(merged.other_failed),
        runs_failed=any(row.get("status") != "passed" for row in merged.rows),
    )


def _compare(args: argparse.Namespace) -> int:
    from pytest_pare.report.compare import compare_documents, render_compare

    if not 0.0 < args.alpha < 1.0:
        print(f"error: --alpha must be in (0, 1), got {args.alpha}", file=sys.stderr)
        return BAD_INPUT
    old, new = load_results(args.old), load_results(args.new)
    changes = compare_documents(old, new, alpha=args.alpha, test=args.test)
    for line in change_lines(changes, alpha=args.alpha, test=args.test):
        print(line)
    from pytest_pare.report.frame import frame_from_rows
    from pytest_pare.report.usage import spend_line, spend_of

    # What the success changes cost: tokens and cost per run, next to them.
    spent = spend_line(
        spend_of(frame_from_rows(old["rows"])), spend_of(frame_from_rows(new["rows"]))
    )
    if spent is not None:
        print(spent)
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
