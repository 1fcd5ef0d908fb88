"""Part 3, many runs in flight: one process at a high ``--pare-concurrency`` and a long latency.

The shape (``--many CxL``, default 256 x 2 s): exactly C runs, so every run starts
at once and the ideal wall time is the longest run's calls x L (no schedule can
do better, and none is needed). The runs are the first scenario files in name
order at runs 1..R, R = ceil(C / scenarios). The client floor is measured in the
same invocation at the same shape: C threads, each making one run's calls in a
row with the median recorded prompt and nothing else. Memory: peak RSS, and
(peak - RSS as the first item started) / runs in flight.

Helpers shared with part 3's concurrency-32 rows: ``client_floor_run`` (a floor
process for a list of jobs) and ``load_span`` (the machine's load around a call).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from _bench import verdict
from _procs import OUT, base_env, run

T = TypeVar("T")


def load_span(body: Callable[[], T]) -> tuple[T, str]:
    """``body()`` and the 1-minute load average before and after it (``"3.1-4.0"``)."""
    before = os.getloadavg()[0]
    value = body()
    after = os.getloadavg()[0]
    low, high = sorted((before, after))
    return value, f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f}-{high:.1f}"


def parse_many(text: str) -> tuple[int, float]:
    """``"256x2"`` -> (256, 2.0): runs in flight x seconds per model call."""
    try:
        slots, latency = text.lower().split("x")
        return int(slots), float(latency)
    except ValueError:
        raise ValueError(f"--many {text!r}: use RUNSxSECONDS, e.g. 256x2") from None


class ManyInFlight:
    """Mixed into ``Bench``: uses its ``session``, ``loop``, ``row``, ``raw``, ``args``, ``py``."""

    args: Any
    py: str
    raw: dict[str, Any]
    scenarios: str
    _record_dir: Path
    session: Callable[..., Any]
    loop: Callable[..., Any]
    row: Callable[..., None]
    reference_calls: Callable[[], dict[str, int]]

    # --- shared helpers -----------------------------------------------------

    def run_calls(self, run_number: int) -> tuple[dict[str, int], Path]:
        """Model calls of each scenario's reference run ``run_number`` and its record store."""
        if run_number == 1:
            return self.reference_calls(), self._record_dir
        store = OUT / f"reference-calls-run{run_number}"
        cache = self.raw.setdefault("reference-calls-by-run", {})
        if str(run_number) not in cache:
            import shutil

            shutil.rmtree(store, ignore_errors=True)
            argv = [
                self.py,
                str(Path(__file__).with_name("_loop.py")),
                "reference",
                self.scenarios,
                str(store),
                str(run_number),
            ]
            cache[str(run_number)] = run(argv).last_json("runner loop")["calls"]
        return dict(cache[str(run_number)]), store

    def client_floor_run(
        self, threads: int, jobs: list[int], latency: float, clients: tuple[str, ...]
    ) -> dict[str, dict[str, Any]]:
        """One floor process per client: ``threads`` threads take ``jobs`` (calls in a row
        each, in order) against a server with the median recorded prompt's answer."""
        from _server import LatencyServer, messages_key

        records = sorted(
            (json.loads(p.read_text(encoding="utf-8")) for p in self._record_dir.rglob("*.json")),
            key=lambda record: len(json.dumps(record["request"]["messages"])),
        )
        record = records[len(records) // 2]
        messages = record["request"]["messages"]
        messages_path = OUT / "floor-messages.json"
        messages_path.write_text(json.dumps(messages), encoding="utf-8")
        jobs_path = OUT / "floor-jobs.json"
        jobs_path.write_text(json.dumps(jobs), encoding="utf-8")
        answers = {messages_key(messages): [str(record["response"])]}
        figures: dict[str, dict[str, Any]] = {}
        with LatencyServer(answers, latency) as server:
            for client in clients:
                argv = [
                    self.py,
                    str(Path(__file__).with_name("_client_floor.py")),
                    server.url,
                    str(messages_path),
                    str(threads),
                    "0",
                    client,
                    str(jobs_path),
                ]
                proc, load = load_span(lambda argv=argv: run(argv))
                figures[client] = {
                    **proc.last_json("client floor"),
                    "load": load,
                    "prompt_chars": len(json.dumps(messages)),
                }
        return figures

    # --- the part -----------------------------------------------------------

    def part3_many_in_flight(self) -> None:
        from _server import LatencyServer, load_answers

        slots, latency = parse_many(self.args.many)
        first, _ = self.run_calls(1)
        runs_each = max(1, math.ceil(slots / len(first)))
        calls: dict[tuple[str, int], int] = {}
        answers: dict[str, list[str]] = {}
        for number in range(1, runs_each + 1):
            by_id, store = self.run_calls(number)
            calls.update({(sid, number): n for sid, n in by_id.items()})
            for key, texts in load_answers(store).items():
                answers.setdefault(key, []).extend(texts)
        files = sorted(
            p
            for p in Path(self.scenarios).rglob("*.py")
            if not p.name.startswith("_") and p.name != "conftest.py"
        )
        kept = slots // runs_each
        deselect = [f"--deselect={p.as_posix()}" for p in files[kept:]]
        tag = f"many-c{slots}"
        env = base_env(OPENAI_API_KEY="bench-not-a-key", PARE_BENCH_PREIMPORT="litellm")
        roles = ("user", "observe", "execute")
        with LatencyServer(answers, latency) as server:
            proc, session_load = load_span(
                lambda: self.session(
                    "--pare-model=openai/bench",
                    "--pare-no-cache",
                    f"--pare-runs={runs_each}",
                    f"--pare-concurrency={slots}",
                    *(f"--pare-{role}-endpoint={server.url}" for role in roles),
                    *deselect,
                    tag=tag,
                    env=env,
                )
            )
            served = {
                "calls": server.calls,
                "misses": server.misses,
                "max_in_flight": server.max_in_flight,
            }
        results = json.loads((OUT / "sessions" / tag / "results.json").read_text(encoding="utf-8"))
        rows = results["rows"]
        jobs = [calls[(row["scenario_id"], int(row["run_number"]))] for row in rows]
        ideal = max(jobs) * latency
        probe = proc.controller
        phase = probe.get("run_phase_s")
        if phase is None:
            raise RuntimeError(f"the session ran no item: {proc.tail()}")
        cpu = probe.get("run_phase_cpu_s") or 0.0
        counts = proc.counts()
        ratio = phase / ideal
        floors = self.client_floor_run(len(jobs), jobs, latency, ("litellm", "litellm-async"))
        floor, floor_async = floors["litellm"], floors["litellm-async"]
        floor_ratio = floor["wall_s"] / ideal
        peak = probe["maxrss_kb"] / 1024
        base = (probe.get("first_item_rss_kb") or 0) / 1024
        in_flight = served["max_in_flight"]
        per_run = (peak - base) / in_flight if in_flight else float("nan")
        self.raw[tag].update(
            {
                "ideal_s": ideal,
                "jobs": jobs,
                "served": served,
                "load": session_load,
                "floor": floor,
                "floor_async": floor_async,
                "peak_mib": peak,
                "base_mib": base,
                "per_run_mib": per_run,
            }
        )
        runs = len(jobs)
        self.row(
            "3 latency",
            f"{slots} in flight x {latency:g} s: run phase / ideal ({ideal:.1f} s = the longest "
            f"of {runs} runs started at once, {max(jobs)} calls x {latency:g} s)",
            f"{phase:.1f} s = {ratio:.2f}x ({counts.get('passed', 0)} passed, "
            f"{served['calls']} calls, {served['misses']} unanswered, up to "
            f"{in_flight} at once; run-phase CPU {cpu:.1f} s = "
            f"{cpu / max(served['calls'], 1) * 1000:.1f} ms per call; load {session_load})",
            "<= 1.1x",
            verdict(ratio <= 1.1),
        )
        self.row(
            "3 latency",
            f"client floor at that shape: {runs} threads, each one run's calls in a row, "
            f"litellm.completion, no runner work (ideal {ideal:.1f} s)",
            f"{floor['wall_s']:.1f} s = {floor_ratio:.2f}x (call {floor['call_wall_ms']:.0f} ms, "
            f"CPU {floor['cpu_ms_per_call']:.1f} ms per call; load {floor['load']}); "
            f"session / floor = {phase / floor['wall_s']:.2f}x",
        )
        self.row(
            "3 latency",
            f"the same floor on asyncio: {runs} coroutines on one event loop awaiting "
            "litellm.acompletion (the design not taken)",
            f"{floor_async['wall_s']:.1f} s = {floor_async['wall_s'] / ideal:.2f}x (call "
            f"{floor_async['call_wall_ms']:.0f} ms, CPU {floor_async['cpu_ms_per_call']:.1f} ms "
            f"per call; load {floor_async['load']}); asyncio / threads = "
            f"{floor_async['wall_s'] / floor['wall_s']:.2f}x",
        )
        self.row(
            "4 memory",
            f"peak RSS, litellm, {slots} in flight",
            f"{peak:.0f} MiB (at the first item {base:.0f} MiB)",
        )
        self.row(
            "4 memory",
            f"RSS per run in flight: (peak - RSS at the first item) / {in_flight} runs in flight",
            f"{per_run:.2f} MiB",
        )
