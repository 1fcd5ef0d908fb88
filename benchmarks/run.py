"""pytest-pare benchmark harness: measures side by side in one invocation, prints a markdown table.

    .venv/bin/python benchmarks/run.py                   # everything (7-10 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --parts 1,5 --repeat 5
    .venv/bin/python benchmarks/run.py --latency 0.05    # a quicker latency-bound part
    .venv/bin/python benchmarks/run.py --parts 3 --quick # 32 x 200 ms and 256 x 2 s (~4 minutes)
    .venv/bin/python benchmarks/run.py --parts 5,7       # start-up and the author's inner loop

Every figure is a ratio of processes measured in the same invocation, so the
numbers compare on a busy machine; repeated measurements keep the fastest.
The table also goes to benchmarks/out/results.md, the raw figures to
benchmarks/out/results.json. A part that cannot run says "not available: why".
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import Row  # noqa: E402
from _inner import BASE_COMMIT  # noqa: E402
from _parts import Bench  # noqa: E402
from _procs import OUT, REPO, machine  # noqa: E402


def render(rows: list[Row], info: dict[str, str]) -> str:
    lines = ["## pytest-pare benchmark", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += [
        "",
        "| part | measurement | figure | load | target | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = [
            str(r[k]).replace("|", "\\|")
            for k in ("part", "what", "figure", "load", "target", "verdict")
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="1,2,3,4,5,6,7,8", help="comma-separated parts (1-8)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; the fastest counts")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per model call")
    parser.add_argument(
        "--concurrency",
        default="1,8,32",
        help="--pare-concurrency values of the latency-bound part",
    )
    parser.add_argument(
        "--many",
        default="256x2",
        help="part 3's many-runs-in-flight shape, RUNSxSECONDS (off: skip it)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="part 3 at concurrency 32 only (unless --concurrency), without -n 2",
    )
    parser.add_argument("--scenarios", default="scenarios", help="scenario folder")
    parser.add_argument(
        "--python", help="interpreter with pytest-pare installed (default: .venv/bin/python)"
    )
    parser.add_argument(
        "--base-commit",
        default=BASE_COMMIT,
        help="the commit part 7 compares the inner loop with (exported with git archive)",
    )
    parser.add_argument("--base", help="a checkout to compare with instead of --base-commit")
    parser.add_argument(
        "--inner-scenario",
        default="antibiotic_dose_reminders",
        help="the scenario id part 7 selects with -k (present in both trees)",
    )
    args = parser.parse_args(argv)
    if args.quick and args.concurrency == parser.get_default("concurrency"):
        args.concurrency = "32"
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    parts = {p.strip() for p in args.parts.split(",")}
    OUT.mkdir(parents=True, exist_ok=True)

    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **machine(),
        "python": platform.python_version(),
        "commit": _commit(),
    }
    bench = Bench(args)
    bench.guarded("0 warm-up", "bytecode cache", bench.warm_up)
    table: list[tuple[str, str, Callable[[], None]]] = [
        ("1", "1 oracle", bench.part1_oracle),
        ("2", "2 agent", bench.part2_agent),
        ("3", "3 latency", bench.part3_latency),
        ("4", "4 memory", bench.part4_memory),
        ("5", "5 start-up", bench.part5_startup),
        ("6", "6 adaptive", bench.part6_adaptive),
        ("7", "7 inner loop", bench.part7_inner_loop),
        ("8", "8 accounting", bench.part8_accounting),
    ]
    for key, part, body in table:
        if key in parts:
            bench.guarded(part, "", body)
    text = render(bench.rows, info)
    sys.stdout.write(text)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps({"machine": info, "rows": bench.rows, "raw": bench.raw}, indent=1, default=str),
        encoding="utf-8",
    )
    return 0


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
