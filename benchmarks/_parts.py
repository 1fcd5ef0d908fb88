"""The measured parts of the benchmark (see docs/performance.md, "What each part measures")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _bench import BenchBase, greedy_makespan, paired, phase_summary, verdict
from _inner import InnerLoop
from _procs import OUT, base_env, best, run
from _wide import ManyInFlight, load_span

BARE_IMPORT = "from pytest_pare.scenarios import PAREScenario; from pytest_pare.apps import *"
#: an empty session of pytest and its installed plugins, without this one
PYTEST_ALONE = ("-m", "pytest", "-p", "no:cacheprovider", "-p", "no:pare", "-q")


class Bench(InnerLoop, ManyInFlight, BenchBase):
    def part6_adaptive(self) -> None:
        from _adaptive import part6

        part6(self)

    def part8_accounting(self) -> None:
        from _accounting import part8

        part8(self)

    def part1_oracle(self) -> None:
        repeat = self.args.repeat
        empty = OUT / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        self.session("--pare-oracle", tag="oracle-n0-cache", cache=True)  # fills the caches
        loops, n0s, cached, empties, pythons = [], [], [], [], []
        for _ in range(repeat):  # interleaved, so load on the machine hits all alike
            loops.append(self.loop("oracle"))
            n0s.append(self.session("--pare-oracle", tag="oracle-n0"))
            cached.append(self.session("--pare-oracle", tag="oracle-n0-cache", cache=True))
            # pytest alone: its installed plugins, not this one (-p no:pare).
            empties.append(run([self.py, *PYTEST_ALONE, str(empty)]))
            pythons.append(run([self.py, "-c", "pass"]))
        loop_proc, loop_data = min(loops, key=lambda pd: pd[0].wall_s)
        n0 = best(n0s)
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
            f"phases: {phase_summary(n0)}",
        )
        self.row(
            "1 oracle",
            f"session -n 2 ({n2.counts().get('passed', 0)} passed)",
            f"{n2.wall_s:.2f} s ({n2.wall_s / n0.wall_s:.2f}x -n 0)",
        )
        overhead = n0.wall_s - loop_proc.wall_s
        ratio = overhead / loop_proc.wall_s
        cpu_ratio = (n0.cpu_s - loop_proc.cpu_s) / loop_proc.cpu_s
        pairs = paired([p.wall_s for p in n0s], [lp.wall_s for lp, _ in loops])
        self.row(
            "1 oracle",
            "plugin overhead (session -n 0 - loop) / loop",
            f"wall {overhead:+.2f} s = {ratio:+.0%} (CPU time: {cpu_ratio:+.0%}); "
            f"session / loop: {pairs}",
            "<= 20%",
            verdict(ratio <= 0.20),
        )
        warm = best(cached)
        self.row(
            "1 oracle",
            "the same with pytest's cache kept (scenario index, compiled templates)",
            f"{warm.wall_s:.2f} s: wall {warm.wall_s - loop_proc.wall_s:+.2f} s = "
            f"{(warm.wall_s - loop_proc.wall_s) / loop_proc.wall_s:+.0%} "
            f"(CPU time: {(warm.cpu_s - loop_proc.cpu_s) / loop_proc.cpu_s:+.0%})",
        )
        alone, python = best(empties), best(pythons)
        bare_pytest = alone.wall_s - python.wall_s
        bare_pytest_cpu = alone.cpu_s - python.cpu_s
        self.row(
            "1 oracle",
            "of the overhead, pytest itself: an empty session of pytest and its installed "
            "plugins, without this one (-p no:pare), - a bare interpreter, / loop",
            f"wall {bare_pytest:.2f} s = {bare_pytest / loop_proc.wall_s:.0%} of the loop "
            f"(CPU time {bare_pytest_cpu:.2f} s = {bare_pytest_cpu / loop_proc.cpu_s:.0%})",
        )
        # The floor of any pytest session running these scenarios: the loop's work plus
        # pytest's own start-up. What lies above it is this plugin's: items, hooks, reports.
        floor, floor_cpu = loop_proc.wall_s + bare_pytest, loop_proc.cpu_s + bare_pytest_cpu
        own, own_cpu = n0.wall_s - floor, n0.cpu_s - floor_cpu
        floors = [
            lp.wall_s + e.wall_s - py.wall_s
            for (lp, _), e, py in zip(loops, empties, pythons, strict=True)
        ]
        self.row(
            "1 oracle",
            "the plugin's own overhead: (session -n 0 - floor) / loop, floor = loop + "
            "pytest itself",
            f"wall {own:+.2f} s = {own / loop_proc.wall_s:+.0%} (CPU time {own_cpu:+.2f} s = "
            f"{own_cpu / loop_proc.cpu_s:+.0%}); session / floor: "
            f"{paired([p.wall_s for p in n0s], floors)}",
            "<= 20%",
            verdict(own / loop_proc.wall_s <= 0.20),
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
                f"{phase:.2f} s = {phase / total * 1000:.1f} ms per call; "
                f"phases: {phase_summary(agent)}",
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
            top = max(self.args.concurrency)
            self.guarded(
                "3 latency",
                f"client floor at concurrency {top}",
                lambda: self._client_floor(top, -(-total // top), latency),
            )
            # The same total concurrency spread over two processes: two GILs.
            if top >= 2 and not self.args.quick:
                self.guarded(
                    "3 latency",
                    f"-n 2, concurrency {top // 2}",
                    lambda: self._latency_session(
                        server, top // 2, latency, total, longest, workers=2
                    ),
                )
        if self.args.many != "off":
            self.guarded("3 latency", f"{self.args.many} in flight", self.part3_many_in_flight)

    def _client_cost(self) -> None:
        """CPU per call of litellm vs the openai client against a zero-latency server."""
        from _server import LatencyServer, messages_key

        ping = {messages_key([{"role": "user", "content": "ping"}]): ["pong"]}
        with LatencyServer(ping, 0.0) as server:
            proc = run(
                [self.py, str(Path(__file__).with_name("_client_cost.py")), server.url, "300"]
            )
        data = proc.last_json("client cost probe")
        self.raw["client-cost"] = data
        self.row(
            "3 latency",
            "client CPU per call, zero-latency server (300 calls)",
            f"litellm.completion {data['litellm_cpu_ms']:.1f} ms, "
            f"openai client {data['openai_cpu_ms']:.1f} ms",
        )

    def _client_floor(self, threads: int, chain: int, latency: float) -> None:
        """Chains of bare client calls at the session's depth: the floor under its ratio."""
        figures = self.client_floor_run(
            threads, [chain] * threads, latency, ("litellm", "litellm-async", "openai")
        )
        ideal = chain * latency
        prompt_chars = figures["litellm"]["prompt_chars"]
        self.raw["client-floor"] = {
            "threads": threads,
            "chain": chain,
            "ideal_s": ideal,
            "prompt_chars": prompt_chars,
            **figures,
        }
        parts = [
            f"{name} {data['wall_s']:.1f} s = {data['wall_s'] / ideal:.2f}x "
            f"(call {data['call_wall_ms']:.0f} ms, CPU {data['cpu_ms_per_call']:.1f} ms per call; "
            f"load {data['load']})"
            for name, data in figures.items()
        ]
        self.row(
            "3 latency",
            f"client floor: {threads} threads x {chain} calls in a row, no runner work "
            f"(ideal {ideal:.1f} s; median recorded prompt, {prompt_chars // 1000} kB)",
            "; ".join(parts),
        )
        probes = self.raw.get(f"latency-c{threads}", {}).get("probes") or []
        phase = next((p for p in probes if p["worker"] == "controller"), {}).get("run_phase_s")
        if phase is None:
            return
        # The same runs as the session, whole, in item order, each taken by the first
        # free thread (as the pool takes items): the schedule's share without the runner.
        calls = self.reference_calls()
        shaped = self.client_floor_run(
            threads, [calls[sid] for sid in sorted(calls)], latency, ("litellm",)
        )["litellm"]
        self.raw["client-floor-shaped"] = shaped
        floor = figures["litellm"]["wall_s"]
        # The target's floor is the shaped one: the uniform chains above split the
        # calls evenly, which whole runs in item order cannot (the greedy schedule
        # bound in the session's row), so that floor is below any session's reach.
        ratio = phase / shaped["wall_s"]
        self.row(
            "3 latency",
            f"concurrency {threads}: session run phase / litellm's client floor at the "
            f"session's shape (its {len(calls)} runs whole, in item order, each taken by the "
            f"first free of {threads} threads, no runner work; same invocation)",
            f"{phase:.1f} s / {shaped['wall_s']:.1f} s = {ratio:.2f}x (floor load "
            f"{shaped['load']}; against the uniform chains above, {floor:.1f} s: "
            f"{phase / floor:.2f}x)",
            "<= 1.1x",
            verdict(ratio <= 1.1),
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
        roles = ("user", "observe", "execute")
        proc, load = load_span(
            lambda: self.session(
                "--pare-model=openai/bench",
                "--pare-no-cache",
                f"--pare-concurrency={concurrency}",
                *(f"--pare-{role}-endpoint={server.url}" for role in roles),
                *(["-n", str(workers)] if workers else []),
                tag=tag,
                env=env,
            )
        )
        slots = concurrency * max(workers, 1)
        ideal = max(total * latency / slots, longest * latency)
        schedule = greedy_makespan(self.reference_calls(), slots, latency)
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
            f"{max(p.get('preimport_s') or 0.0 for p in proc.probes):.1f} s; load {load}"
        )
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
        # What a scenario file imports: the scenario API's base class and every app. (The
        # packages' names load on first use, so importing the packages alone loads neither.)
        bare_argv = [self.py, "-c", BARE_IMPORT]
        empty = OUT / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        empty_argv = [self.py, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--collect-only"]
        collect = ("--pare-oracle", "--collect-only")
        # Fills the scenario index the indexed sessions below are served from.
        self.session(*collect, tag="collect-indexed", cache=True)
        bares, colds, warms, empties = [], [], [], []
        for _ in range(repeat):
            bares.append(run(bare_argv))
            colds.append(self.session(*collect, tag="collect"))
            warms.append(self.session(*collect, tag="collect-indexed", cache=True))
            empties.append(run([*empty_argv, str(empty)]))
        bare, cold, warm, pytest_only = best(bares), best(colds), best(warms), best(empties)
        floors = [b.wall_s + e.wall_s for b, e in zip(bares, empties, strict=True)]
        if bare.returncode != 0:
            raise RuntimeError(f"bare import failed: {bare.tail()}")
        floor = bare.wall_s + pytest_only.wall_s
        floor_cpu = bare.cpu_s + pytest_only.cpu_s
        self.raw["startup"] = {
            "bare_s": [p.wall_s for p in bares],
            "collect_s": [p.wall_s for p in colds],
            "collect_indexed_s": [p.wall_s for p in warms],
            "empty_pytest_s": [p.wall_s for p in empties],
            "floor_s": floor,
            "cpu_ratio": cold.cpu_s / floor_cpu,
        }
        self.row(
            "5 start-up",
            f"bare `{BARE_IMPORT}`",
            f"{bare.wall_s:.2f} s, {bare.maxrss_kb / 1024:.0f} MiB",
        )
        self.row(
            "5 start-up",
            "empty pytest session (pytest, its installed plugins and this one; no scenario)",
            f"{pytest_only.wall_s:.2f} s",
        )
        items = cold.counts().get("tests", 0)
        ratio = cold.wall_s / floor
        self.row(
            "5 start-up",
            f"oracle --collect-only ({items} items, every file imported: no cache) / floor "
            f"(bare import + empty session = {floor:.2f} s)",
            f"{cold.wall_s:.2f} s = {ratio:.2f}x (CPU time {cold.cpu_s / floor_cpu:.2f}x; "
            f"{paired([p.wall_s for p in colds], floors)}); phases: {phase_summary(cold)}",
            "<= 1.15x",
            verdict(ratio <= 1.15),
        )
        self.row(
            "5 start-up",
            "oracle --collect-only, served by the scenario index (cache on, files unchanged) "
            "/ floor",
            f"{warm.wall_s:.2f} s = {warm.wall_s / floor:.2f}x "
            f"(CPU time {warm.cpu_s / floor_cpu:.2f}x; "
            f"{paired([p.wall_s for p in warms], floors)}); phases: {phase_summary(warm)}",
        )
