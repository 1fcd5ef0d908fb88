"""The harness's core: measured sessions and loops, the shared reference calls, table rows."""

from __future__ import annotations

import argparse
import heapq
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _procs import LOADS, OUT, REPO, Proc, base_env, best, load_now, run

Row = dict[str, Any]  # part, what, figure, load, target, verdict


def _python(explicit: str | None) -> str:
    if explicit:
        return explicit
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


class BenchBase:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.py = _python(args.python)
        self.scenarios = args.scenarios
        self.rows: list[Row] = []
        self.raw: dict[str, Any] = {}
        self._calls: dict[str, int] | None = None
        self._record_dir = OUT / "reference-calls"
        self._loads_seen = 0

    # --- processes ---------------------------------------------------------

    def session(
        self,
        *options: str,
        tag: str,
        env: dict[str, str] | None = None,
        repeat: int = 1,
        cache: bool = False,
        cwd: Path | None = None,
    ) -> Proc:
        """A measured pytest session; ``cache`` keeps pytest's cache (and the scenario
        index) in ``benchmarks/out/cache/<tag>`` between the sessions of one tag."""
        results_dir = OUT / "sessions" / tag
        cache_options = (
            ["-o", f"cache_dir={OUT / 'cache' / tag}"] if cache else ["-p", "no:cacheprovider"]
        )
        argv = [
            self.py,
            "-m",
            "pytest",
            self.scenarios,
            *cache_options,
            "-q",
            "-p",
            "_probe",
            f"--pare-results-dir={results_dir}",
            *options,
        ]
        env = env or base_env()
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent)
        procs = [run(argv, env, cwd=cwd) for _ in range(repeat)]
        proc = best(procs)
        self.raw[tag] = {
            "wall_s": [p.wall_s for p in procs],
            "maxrss_kb": proc.maxrss_kb,
            "returncode": proc.returncode,
            "counts": proc.counts(),
            "probes": proc.probes,
        }
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"pytest exited {proc.returncode}: {proc.tail()}")
        return proc

    def loop(self, mode: str, *, record: Path | None = None, repeat: int = 1) -> tuple[Proc, dict]:
        argv = [self.py, str(Path(__file__).with_name("_loop.py")), mode, self.scenarios]
        if record is not None:
            argv.append(str(record))
        procs = [run(argv) for _ in range(repeat)]
        proc = best(procs)
        data = proc.last_json("runner loop")
        self.raw[f"loop-{mode}"] = {
            "wall_s": [p.wall_s for p in procs],
            **data,
            "maxrss_kb": proc.maxrss_kb,
        }
        return proc, data

    def reference_calls(self) -> dict[str, int]:
        """Model calls of each scenario's reference run, and their recorded answers (once)."""
        if self._calls is None:
            shutil.rmtree(self._record_dir, ignore_errors=True)
            _, data = self.loop("reference", record=self._record_dir)
            self._calls = dict(data["calls"])
            if not self._calls or not sum(self._calls.values()):
                raise RuntimeError("the reference runs made no model calls")
        return self._calls

    def row(self, part: str, what: str, figure: str, target: str = "", verdict: str = "") -> None:
        """A table row; its load is the range of the 1-minute load average while the
        processes measured since the previous row ran."""
        loads = LOADS[self._loads_seen :] or [load_now()]
        self._loads_seen = len(LOADS)
        low, high = min(loads), max(loads)
        load = f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f}-{high:.1f}"
        self.rows.append(
            {
                "part": part,
                "what": what,
                "figure": figure,
                "load": load,
                "target": target,
                "verdict": verdict,
            }
        )

    def guarded(self, part: str, what: str, body: Callable[[], None]) -> None:
        try:
            body()
        except Exception as exc:  # noqa: BLE001 - one part failing must not hide the others
            self.row(part, what, f"not available: {exc}".replace("\n", " ")[:400])
            self.raw.setdefault("errors", []).append(
                {"part": part, "traceback": traceback.format_exc()}
            )

    def warm_up(self) -> None:
        """Fill the bytecode cache once, untimed, for every kind of process measured."""
        env = base_env()
        run(
            [
                self.py,
                "-c",
                "import pytest_pare.scenarios, pytest_pare.apps, pytest_pare.runner,"
                " pytest_pare.agents.engines, litellm",
            ],
            env,
        )
        run([self.py, str(Path(__file__).with_name("_loop.py")), "oracle", self.scenarios], env)
        self.session("--pare-oracle", tag="warm-up-oracle")
        # One agent-mode item imports the agents package through pytest's rewriting hook too.
        self.session("--pare-model=reference", "--pare-no-cache", tag="warm-up-agent")
        for tag in ("warm-up-oracle", "warm-up-agent"):
            self.raw.pop(tag, None)

    # --- parts -------------------------------------------------------------


def greedy_makespan(calls: dict[str, int], slots: int, latency: float) -> float:
    """Wall time of the runs with no CPU cost, each slot taking the next run (in id order)
    as soon as it is free: the ideal once runs are whole, unsplittable jobs."""
    free = [0.0] * slots
    end = 0.0
    for scenario_id in sorted(calls):
        start = heapq.heappop(free)
        finish = start + calls[scenario_id] * latency
        end = max(end, finish)
        heapq.heappush(free, finish)
    return end


_PHASE_NAMES = {
    "start-up->configure": "start-up",
    "collection->collection_finish": "collection",
    # The selected items' scenario modules (and ARE) load here when the scenario
    # index served the collection (plugin.pytest_collection_finish).
    "collection_finish->first_item": "loading",
    "first_item->last_item": "runs",
    "sessionfinish->sessionfinish_done": "reports",
    "unconfigure->exit": "exit",
}


def phase_summary(proc: Proc) -> str:
    """The session's wall time split at its hooks (from the probe in the controller)."""
    phases = proc.controller.get("phases") or {}
    parts = [f"{name} {phases[key]:.2f}" for key, name in _PHASE_NAMES.items() if key in phases]
    return ", ".join(parts) + " s" if parts else "n/a"


def paired(numerators: list[float], denominators: list[float]) -> str:
    """The median of ratios of measurements made back to back, and their range.

    On a loaded machine the fastest of each side may come from different moments;
    a ratio within one repetition sees about the same load on both sides.
    """
    ratios = sorted(n / d for n, d in zip(numerators, denominators, strict=True) if d)
    if not ratios:
        return "n/a"
    mid = len(ratios) // 2
    median = ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] + ratios[mid]) / 2
    spread = f"{ratios[0]:.2f}-{ratios[-1]:.2f}"
    return f"median of {len(ratios)} back-to-back ratios {median:.2f}x ({spread})"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"
