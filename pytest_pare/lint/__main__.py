"""``python -m pytest_pare.lint [PATHS]``: lint scenarios; exit 0 clean, 1 findings, 2 bad input."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from pytest_pare.lint import LintUsageError, lint_paths

DEFAULT_PATHS = ("scenarios",)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_pare.lint",
        description="Check PARE scenarios without a model: one line per finding "
        "(file:line: scenario id: check: what; fix: how).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"scenario files or folders (default: {' '.join(DEFAULT_PATHS)})",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the runs (default 0)")
    args = parser.parse_args(argv)
    # The checks run scenarios that are meant to break; what they log is in the findings.
    logging.getLogger().addHandler(logging.NullHandler())
    started = time.perf_counter()
    try:
        report = lint_paths(args.paths or list(DEFAULT_PATHS), seed=args.seed)
    except LintUsageError as exc:
        print(f"python -m pytest_pare.lint: error: {exc}", file=sys.stderr)
        return 2
    for finding in report.findings:
        print(finding)
    took = time.perf_counter() - started
    if report.findings:
        print(
            f"{len(report.findings)} finding(s) in {report.scenarios} scenario(s) "
            f"({report.files} file(s), {took:.1f}s)",
            file=sys.stderr,
        )
        return 1
    print(
        f"{report.scenarios} scenario(s) in {report.files} file(s) lint-clean ({took:.1f}s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
