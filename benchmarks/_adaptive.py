"""Part 6 of the benchmark: the runs ``--pare-runs=auto:8`` needs for the verdicts of ``=8``.

For each policy (the ``reference`` agent, and the ``_flaky`` plugin's policy
that passes 60% of runs) one session makes every run (``--pare-runs=8``), one
more with another seed is the baseline, and one adaptive session per gate
stops when its verdict is settled. The fixed session is judged under each gate
by ``python -m pytest_pare.report merge`` (the gates over its rows), so every
gate's verdict comes from the same 8 runs per scenario.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from _bench import BenchBase, verdict
from _procs import OUT, base_env, run

POLICIES = {"reference": (), "60%-success policy": ("-p", "_flaky")}
#: gate name -> its session options ({baseline} is the policy's baseline results.json)
GATES = {
    "success rate >= 50%": ("--pare-min-success-rate=0.5",),
    "2 of 8 runs pass": ("--pare-min-scenario-passes=2",),
    "no regression vs a baseline (seed 2)": ("--pare-baseline={baseline}",),
}
MAX_RUNS = 8
GOAL = 0.6


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _verdicts(results: Path) -> dict[str, Any]:
    """What must be the same: the gate's status, the regressed and the short scenarios."""
    gate = json.loads(results.read_text(encoding="utf-8"))["gate"]
    return {
        "status": gate["status"],
        "regressed": sorted(c["key"] for c in gate["regressions"]),
        "short": sorted(s["key"] for s in gate["scenario_passes"] if not s["ok"]),
    }


def part6(bench: BenchBase) -> None:
    sessions = OUT / "sessions"
    for policy, extra in POLICIES.items():
        base = ("--pare-model=reference", "--pare-no-cache", *extra)
        slug = _slug(policy)
        fixed = bench.session(*base, f"--pare-runs={MAX_RUNS}", tag=f"adaptive-{slug}-fixed")
        fixed_results = sessions / f"adaptive-{slug}-fixed" / "results.json"
        bench.session(
            *base, f"--pare-runs={MAX_RUNS}", "--pare-seed=2", tag=f"adaptive-{slug}-baseline"
        )
        baseline = sessions / f"adaptive-{slug}-baseline" / "results.json"
        total = fixed.counts().get("passed", 0) + fixed.counts().get("failed", 0)
        for gate_name, options in GATES.items():
            gate = [o.format(baseline=baseline) for o in options]
            tag = f"adaptive-{slug}-{_slug(gate_name)}"
            bench.session(*base, f"--pare-runs=auto:{MAX_RUNS}", *gate, tag=tag)
            auto = json.loads((sessions / tag / "results.json").read_text(encoding="utf-8"))
            judged = sessions / f"{tag}-fixed-verdict"
            merge = [o.replace("--pare-", "--", 1) for o in gate]
            proc = run(
                [bench.py, "-m", "pytest_pare.report", "merge", str(fixed_results)]
                + ["-o", str(judged), *merge],
                base_env(),
            )
            if proc.returncode not in (0, 1):
                raise RuntimeError(f"merge exited {proc.returncode}: {proc.tail()}")
            same = _verdicts(sessions / tag / "results.json") == _verdicts(judged / "results.json")
            made = auto["adaptive"]["runs_made"] + auto["adaptive"]["runs_left_out"]
            ratio = made / total if total else float("nan")
            bench.raw[f"{tag}-verdicts"] = {
                "adaptive": _verdicts(sessions / tag / "results.json"),
                "fixed": _verdicts(judged / "results.json"),
                "runs_made": made,
                "runs_fixed": total,
            }
            bench.row(
                "6 adaptive",
                f"{policy}, gate '{gate_name}': runs of auto:{MAX_RUNS} / runs of {MAX_RUNS}",
                f"{made}/{total} = {ratio:.2f}; verdict {auto['gate']['status']}, "
                f"same verdicts as --pare-runs={MAX_RUNS}: {'yes' if same else 'NO'}",
                f"<= {GOAL}",
                verdict(same and ratio <= GOAL),
            )
