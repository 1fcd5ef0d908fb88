"""pytest-pare benchmark harness: measures side by side in one invocation, prints a markdown table.

    .venv/bin/python benchmarks/run.py                   # everything (about 3-4 minutes)
    .venv/bin/python benchmarks/run.py --parts 1,5 --repeat 5
    .venv/bin/python benchmarks/run.py --latency 0.05    # a quicker latency-bound part

Every figure is a ratio of processes measured in the same invocation, so the
numbers compare on a busy machine; repeated measurements keep the fastest.
The table also goes to benchmarks/out/results.md, the raw figures to
benchmarks/out/results.json. A part that cannot run says "not available: why".
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import heapq
import json
import platform
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _procs import OUT, REPO, Proc, base_env, best, machine, run  # noqa: E402

Row = dict[str, Any]  # part, what, figure, target, verdict


def _python(explicit: str | None) -> str:
    if explicit:
        return explicit
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.py = _python(args.python)
        self.scenarios = args.scenarios
        self.rows: list[Row] = []
        self.raw: dict[str, Any] = {}
        self._calls: dict[str, int] | None = None
        self._record_dir = OUT / "reference-calls"

    # --- processes ---------------------------------------------------------

    def session(
        self, *options: str, tag: str, env: dict[str, str] | None = None, repeat: int = 1
    ) -> Proc:
        results_dir = OUT / "sessions" / tag
        argv = [
            self.py,
            "-m",
            "pytest",
            self.scenarios,
            "-p",
            "no:cacheprovider",
            "-q",
            "-p",
            "_probe",
            f"--pare-results-dir={results_dir}",
            *options,
        ]
        env = env or base_env()
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent)
        procs = [run(argv, env) for _ in range(repeat)]
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
        if proc.returncode != 0:
            raise RuntimeError(f"runner loop exited {proc.returncode}: {proc.tail()}")
        data = json.loads(proc.stdout.strip().splitlines()[-1])
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
        self.rows.append(
            {"part": part, "what": what, "figure": figure, "target": target, "verdict": verdict}
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

    def part1_oracle(self) -> None:
        repeat = self.args.repeat
        loops, n0s, frozen, both = [], [], [], []
        for _ in range(repeat):  # interleaved, so load on the machine hits all alike
            loops.append(self.loop("oracle"))
            n0s.append(self.session("--pare-oracle", tag="oracle-n0"))
            frozen.append(
                self.session(
                    "--pare-oracle", tag="oracle-n0-freeze", env=base_env(PARE_BENCH_GC_FREEZE="1")
                )
            )
            both.append(
                self.session(
                    "--pare-oracle",
                    tag="oracle-n0-both",
                    env=base_env(PARE_BENCH_GC_FREEZE="1", PARE_BENCH_LAZY_MDCONVERT="1"),
                )
            )
        loop_proc, loop_data = min(loops, key=lambda pd: pd[0].wall_s)
        n0, fix, fix2 = best(n0s), best(frozen), best(both)
        n2 = self.session("--pare-oracle", "-n", "2", tag="oracle-n2", repeat=repeat)
        self.raw["oracle-n0"]["wall_s"] = [p.wall_s for p in n0s]
        scenarios = loop_data["scenarios"]
        passed = n0.counts().get("passed", 0)
        self.row(
            "1 oracle",
            f"runner loop, 1 process ({scenarios} scenarios, {loop_data['successes']} succeed)",
            f"{loop_proc.wall_s:.2f} s (imports {loop_data['import_s']:.2f} s, "
            f"runs {loop_data['run_s']:.2f} s)",
        )
        self.row(
            "1 oracle",
            f"session -n 0 ({passed} passed)",
            f"{n0.wall_s:.2f} s, CPU {n0.cpu_s:.2f} s (loop CPU {loop_proc.cpu_s:.2f} s); "
            f"phases: {_phases(n0)}",
        )
        self.row(
            "1 oracle",
            f"session -n 2 ({n2.counts().get('passed', 0)} passed)",
            f"{n2.wall_s:.2f} s ({n2.wall_s / n0.wall_s:.2f}x -n 0)",
        )
        overhead = n0.wall_s - loop_proc.wall_s
        ratio = overhead / loop_proc.wall_s
        cpu_ratio = (n0.cpu_s - loop_proc.cpu_s) / loop_proc.cpu_s
        self.row(
            "1 oracle",
            "plugin overhead (session -n 0 - loop) / loop",
            f"wall {overhead:+.2f} s = {ratio:+.0%} (CPU time: {cpu_ratio:+.0%})",
            "<= 25%",
            _verdict(ratio <= 0.25),
        )
        fix_ratio = (fix.wall_s - loop_proc.wall_s) / loop_proc.wall_s
        fix_cpu = (fix.cpu_s - loop_proc.cpu_s) / loop_proc.cpu_s
        self.row(
            "1 oracle",
            "what-if: session -n 0 with gc.freeze() after collection (proposed fix)",
            f"{fix.wall_s:.2f} s, overhead {fix_ratio:+.0%} "
            f"(CPU time: {fix_cpu:+.0%}); phases: {_phases(fix)}",
        )
        self.row(
            "1 oracle",
            "what-if: and ARE's mdconvert loaded lazily (proposed fix)",
            f"{fix2.wall_s:.2f} s, CPU {fix2.cpu_s:.2f} s, "
            f"{fix2.maxrss_kb / 1024:.0f} MiB; phases: {_phases(fix2)}",
        )

    def part2_agent(self) -> None:
        calls = self.reference_calls()
        total = sum(calls.values())
        sessions = [
            self.session("--pare-model=reference", "--pare-no-cache", tag="reference-n0")
            for _ in range(self.args.repeat)
        ]
        agent = best(sessions)
        self.raw["reference-n0"]["wall_s"] = [p.wall_s for p in sessions]
        loop_proc, loop_data = self.loop("reference", repeat=self.args.repeat)
        oracle = self.raw.get("oracle-n0")
        self.row(
            "2 agent",
            f"reference session -n 0 ({agent.counts().get('passed', 0)} passed, "
            f"{total} model calls)",
            f"{agent.wall_s:.2f} s = {agent.wall_s / total * 1000:.1f} ms per call",
        )
        phase = agent.controller.get("run_phase_s")
        if phase is not None:
            self.row(
                "2 agent",
                "reference session, run phase only (first item to last)",
                f"{phase:.2f} s = {phase / total * 1000:.1f} ms per call; phases: {_phases(agent)}",
            )
        self.row(
            "2 agent",
            "runner loop, reference policy (runs only)",
            f"{loop_data['run_s']:.2f} s = {loop_data['run_s'] / total * 1000:.1f} ms per call",
        )
        if oracle:
            marginal = agent.wall_s - min(oracle["wall_s"])
            self.row(
                "2 agent",
                "agent session - oracle session, per call",
                f"{marginal / total * 1000:.1f} ms per call",
            )

    def part3_latency(self) -> None:
        from _server import LatencyServer, load_answers

        calls = self.reference_calls()
        latency = self.args.latency
        total, longest = sum(calls.values()), max(calls.values())
        answers = load_answers(self._record_dir)
        with LatencyServer(answers, latency) as server:
            for concurrency in self.args.concurrency:
                self.guarded(
                    "3 latency",
                    f"concurrency {concurrency}",
                    lambda c=concurrency: self._latency_session(server, c, latency, total, longest),
                )
            self.guarded("3 latency", "client CPU per call", lambda: self._client_cost())
            # The same total concurrency spread over two processes: two GILs.
            top = max(self.args.concurrency)
            if top >= 2:
                self.guarded(
                    "3 latency",
                    f"-n 2, concurrency {top // 2}",
                    lambda: self._latency_session(
                        server, top // 2, latency, total, longest, workers=2
                    ),
                )

    def _client_cost(self) -> None:
        """CPU per call of litellm vs the openai client against a zero-latency server."""
        from _server import LatencyServer, messages_key

        ping = {messages_key([{"role": "user", "content": "ping"}]): ["pong"]}
        with LatencyServer(ping, 0.0) as server:
            proc = run(
                [self.py, str(Path(__file__).with_name("_client_cost.py")), server.url, "300"]
            )
        if proc.returncode != 0:
            raise RuntimeError(f"client cost probe exited {proc.returncode}: {proc.tail()}")
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        self.raw["client-cost"] = data
        self.row(
            "3 latency",
            "client CPU per call, zero-latency server (300 calls)",
            f"litellm.completion {data['litellm_cpu_ms']:.1f} ms, "
            f"openai client {data['openai_cpu_ms']:.1f} ms",
        )

    def _latency_session(
        self,
        server: Any,
        concurrency: int,
        latency: float,
        total: int,
        longest: int,
        workers: int = 0,
    ) -> None:
        server.reset_counters()
        env = base_env(OPENAI_API_KEY="bench-not-a-key", PARE_BENCH_PREIMPORT="litellm")
        tag = f"latency-c{concurrency}" + (f"-n{workers}" if workers else "")
        proc = self.session(
            "--pare-model=openai/bench",
            "--pare-no-cache",
            f"--pare-concurrency={concurrency}",
            *(f"--pare-{role}-endpoint={server.url}" for role in ("user", "observe", "execute")),
            *(["-n", str(workers)] if workers else []),
            tag=tag,
            env=env,
        )
        slots = concurrency * max(workers, 1)
        ideal = max(total * latency / slots, longest * latency)
        schedule = _greedy_makespan(self.reference_calls(), slots, latency)
        phase = proc.controller.get("run_phase_s")
        if phase is None:
            raise RuntimeError(f"the session ran no item: {proc.tail()}")
        cpu = sum(p.get("run_phase_cpu_s") or 0.0 for p in (proc.workers or [proc.controller]))
        ratio = phase / ideal
        counts = proc.counts()
        self.raw[tag].update(
            {
                "ideal_s": ideal,
                "schedule_s": schedule,
                "server_calls": server.calls,
                "misses": server.misses,
                "max_in_flight": server.max_in_flight,
            }
        )
        note = (
            f"{counts.get('passed', 0)} passed, {server.calls} calls, "
            f"{server.misses} unanswered, up to {server.max_in_flight} at once; "
            f"{schedule / ideal:.2f}x with whole runs scheduled greedily; "
            f"run-phase CPU {cpu:.1f} s; process {proc.wall_s:.1f} s incl. litellm import "
            f"{max(p.get('preimport_s') or 0.0 for p in proc.probes):.1f} s"
        )
        target = "<= 1.25x" if concurrency == max(self.args.concurrency) else ""
        label = (
            f"-n {workers} x concurrency {concurrency}"
            if workers
            else (f"concurrency {concurrency}")
        )
        self.row(
            "3 latency",
            f"{label}: run phase / ideal "
            f"({ideal:.1f} s = max({total} x {latency:g} s / {slots}, "
            f"{longest} x {latency:g} s))",
            f"{phase:.1f} s = {ratio:.2f}x ({note})",
            target,
            _verdict(ratio <= 1.25) if target else "",
        )

    def part4_memory(self) -> None:
        shown = 0
        for tag, label in (
            ("oracle-n0", "oracle -n 0"),
            ("oracle-n2", "oracle -n 2"),
            ("reference-n0", "reference -n 0"),
            (
                f"latency-c{max(self.args.concurrency)}",
                f"litellm, concurrency {max(self.args.concurrency)}",
            ),
            (
                f"latency-c{max(self.args.concurrency) // 2}-n2",
                f"litellm, -n 2 x concurrency {max(self.args.concurrency) // 2}",
            ),
        ):
            data = self.raw.get(tag)
            if not data:
                continue
            workers = [p for p in data["probes"] if p["worker"] != "controller"]
            # os.wait4 folds reaped children (xdist workers) into the controller's
            # ru_maxrss; the probe's own figure is the controller alone.
            controller = next((p for p in data["probes"] if p["worker"] == "controller"), None)
            own_kb = controller["maxrss_kb"] if controller else data["maxrss_kb"]
            figure = f"{own_kb / 1024:.0f} MiB"
            if workers:
                figure += " controller; workers " + ", ".join(
                    f"{p['maxrss_kb'] / 1024:.0f} MiB" for p in workers
                )
            self.row("4 memory", f"peak RSS, {label}", figure)
            shown += 1
        loop = self.raw.get("loop-oracle")
        if loop:
            self.row(
                "4 memory", "peak RSS, oracle runner loop", f"{loop['maxrss_kb'] / 1024:.0f} MiB"
            )
        if not shown:
            raise RuntimeError("no session of parts 1-3 ran")

    def part5_startup(self) -> None:
        repeat = max(self.args.repeat, 5)
        bare_argv = [self.py, "-c", "import pytest_pare.scenarios, pytest_pare.apps"]
        empty = OUT / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        bares, collects, empties, frozen, lazy_bares, both = [], [], [], [], [], []
        lazy_argv = [
            self.py,
            "-c",
            "import _lazy_mdconvert, pytest_pare.scenarios, pytest_pare.apps",
        ]
        for _ in range(repeat):
            bares.append(run(bare_argv))
            lazy_bares.append(run(lazy_argv, base_env(PYTHONPATH=str(Path(__file__).parent))))
            both.append(
                self.session(
                    "--pare-oracle",
                    "--collect-only",
                    tag="collect-both",
                    env=base_env(PARE_BENCH_GC_FREEZE="1", PARE_BENCH_LAZY_MDCONVERT="1"),
                )
            )
            collects.append(self.session("--pare-oracle", "--collect-only", tag="collect"))
            frozen.append(
                self.session(
                    "--pare-oracle",
                    "--collect-only",
                    tag="collect-freeze",
                    env=base_env(PARE_BENCH_GC_FREEZE="1"),
                )
            )
            empties.append(
                run(
                    [
                        self.py,
                        "-m",
                        "pytest",
                        "-p",
                        "no:cacheprovider",
                        "-q",
                        "--collect-only",
                        str(empty),
                    ]
                )
            )
        bare, collect, pytest_only = best(bares), best(collects), best(empties)
        if bare.returncode != 0:
            raise RuntimeError(f"bare import failed: {bare.tail()}")
        self.raw["startup"] = {
            "bare_s": [p.wall_s for p in bares],
            "collect_s": [p.wall_s for p in collects],
            "empty_pytest_s": [p.wall_s for p in empties],
        }
        ratio = collect.wall_s / bare.wall_s
        self.raw["startup"]["cpu_ratio"] = collect.cpu_s / bare.cpu_s
        self.row(
            "5 start-up",
            "bare `import pytest_pare.scenarios, pytest_pare.apps`",
            f"{bare.wall_s:.2f} s, {bare.maxrss_kb / 1024:.0f} MiB",
        )
        self.row(
            "5 start-up",
            "empty pytest session (pytest + installed plugins, no pare work)",
            f"{pytest_only.wall_s:.2f} s",
        )
        self.row(
            "5 start-up",
            f"oracle --collect-only ({collect.counts().get('tests', 0)} items) / bare import",
            f"{collect.wall_s:.2f} s = {ratio:.2f}x "
            f"(CPU time {collect.cpu_s / bare.cpu_s:.2f}x); phases: "
            f"{_phases(collect)} "
            f"(floor bare + empty pytest = "
            f"{(bare.wall_s + pytest_only.wall_s) / bare.wall_s:.2f}x)",
            "<= 1.3x",
            _verdict(ratio <= 1.3),
        )
        fix = best(frozen)
        self.row(
            "5 start-up",
            "what-if: --collect-only with gc.freeze() after collection "
            "(proposed fix) / bare import",
            f"{fix.wall_s:.2f} s = "
            f"{fix.wall_s / bare.wall_s:.2f}x (CPU time {fix.cpu_s / bare.cpu_s:.2f}x)",
        )
        lazy, fix2 = best(lazy_bares), best(both)
        self.row(
            "5 start-up",
            "what-if: bare import with ARE's mdconvert loaded lazily (proposed fix)",
            f"{lazy.wall_s:.2f} s, {lazy.maxrss_kb / 1024:.0f} MiB",
        )
        self.row(
            "5 start-up",
            "what-if: --collect-only with both fixes / bare import with the lazy mdconvert",
            f"{fix2.wall_s:.2f} s = {fix2.wall_s / lazy.wall_s:.2f}x "
            f"(CPU time {fix2.cpu_s / lazy.cpu_s:.2f}x; "
            f"{fix2.wall_s / bare.wall_s:.2f}x today's bare import)",
        )


def _greedy_makespan(calls: dict[str, int], slots: int, latency: float) -> float:
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
    "first_item->last_item": "runs",
    "sessionfinish->sessionfinish_done": "reports",
    "unconfigure->exit": "exit",
}


def _phases(proc: Proc) -> str:
    """The session's wall time split at its hooks (from the probe in the controller)."""
    phases = proc.controller.get("phases") or {}
    parts = [f"{name} {phases[key]:.2f}" for key, name in _PHASE_NAMES.items() if key in phases]
    return ", ".join(parts) + " s" if parts else "n/a"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def render(rows: list[Row], info: dict[str, str]) -> str:
    lines = ["## pytest-pare benchmark", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", "| part | measurement | figure | target | verdict |", "|---|---|---|---|---|"]
    for r in rows:
        cells = [
            str(r[k]).replace("|", "\\|") for k in ("part", "what", "figure", "target", "verdict")
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="1,2,3,4,5", help="comma-separated parts (1-5)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; the fastest counts")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per model call")
    parser.add_argument(
        "--concurrency",
        default="1,8,32",
        help="--pare-concurrency values of the latency-bound part",
    )
    parser.add_argument("--scenarios", default="scenarios", help="scenario folder")
    parser.add_argument(
        "--python", help="interpreter with pytest-pare installed (default: .venv/bin/python)"
    )
    args = parser.parse_args(argv)
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
