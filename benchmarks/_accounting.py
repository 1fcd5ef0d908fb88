"""Part 8 of the benchmark: the CPU one model call spends on accounting and the shared limiter.

One process (the venv's interpreter, run by the harness) times the per-call path
of a model call answered at once, three ways, interleaved so the machine's load
hits each alike, the fastest of several rounds counting:

- bare: ``call_with_retries`` around a call returning a canned response;
- accounting: plus what the engine and the run add per call (the response's
  usage read, the transcript record's counts, the role's sums and price);
- accounting + shared limiter: plus the session's rate limit (requests only, and
  requests and tokens), its state in a file under a lock as for xdist workers
  (limits far above the rate, so nobody waits: what is measured is the
  bookkeeping, never a wait).

The figure is CPU time (``time.process_time``) per call, with the machine's load.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

CALLS = 4000
ROUNDS = 5
TARGET_MS = 0.2


def _response() -> Any:
    usage = SimpleNamespace(
        prompt_tokens=812,
        completion_tokens=37,
        total_tokens=849,
        prompt_tokens_details=SimpleNamespace(cached_tokens=512),
        completion_tokens_details=SimpleNamespace(reasoning_tokens=12),
    )
    message = SimpleNamespace(content="Thought: nothing to do.\nAction: wait")
    return SimpleNamespace(
        choices=[SimpleNamespace(message=message, finish_reason="stop")], usage=usage
    )


def _paths(state_dir: Path) -> dict[str, Callable[[int], None]]:
    from pytest_pare._util.shared import SharedState
    from pytest_pare.agents.models import ResolvedModel
    from pytest_pare.agents.pricing import Price, PriceTable
    from pytest_pare.agents.ratelimit import RateLimiter
    from pytest_pare.agents.retry import CallStats, RetryPolicy, call_with_retries
    from pytest_pare.agents.tokens import estimate_prompt_tokens
    from pytest_pare.agents.usage import RunUsage, usage_of_response
    from pytest_pare.options.values import RateLimit

    response = _response()
    policy = RetryPolicy()
    messages = [{"role": "system", "content": "x" * 2400}, {"role": "user", "content": "y" * 800}]
    model = ResolvedModel("tiny-model", "openai", "http://127.0.0.1:9/v1")
    prices = PriceTable()
    limiters = {
        units: RateLimiter(
            [RateLimit(None, 1e12)],
            [RateLimit(None, 1e15)] if units == "rpm + tpm" else [],
            SharedState(state_dir / f"{units.replace(' ', '')}.json"),
        )
        for units in ("rpm", "rpm + tpm")
    }

    def call(timeout: float | None) -> Any:
        return response

    def once(gate: Any) -> Any:
        return call_with_retries(
            call, policy, model="tiny-model", provider="openai", endpoint=model.endpoint,
            stats=CallStats(), gate=gate,
        )  # fmt: skip

    def bare(n: int) -> None:
        for _ in range(n):
            once(None)

    def accounted(n: int, limiter: RateLimiter | None = None) -> None:
        run = RunUsage({"observe": model}, prices)
        run.roles["observe"].price = Price(1e-6, 2e-6, source="--pare-price")
        for _ in range(n):
            gate = None
            if limiter is not None:
                gate = limiter.gate(
                    model.provider, model.endpoint, estimate_prompt_tokens(messages),
                    lambda r: usage_of_response(r)["total_tokens"],
                )  # fmt: skip
            started = time.perf_counter()
            answer = once(gate)
            record = {
                **usage_of_response(answer),
                "latency": round(time.perf_counter() - started, 4),
                "retries": 0,
                "rate_limited": 0,
            }
            run.add("observe", [record])

    return {
        "bare": bare,
        "accounting": accounted,
        **{
            f"accounting + shared limiter ({units})": lambda n, limiter=limiter: accounted(
                n, limiter
            )
            for units, limiter in limiters.items()
        },
    }


def measure(calls: int = CALLS, rounds: int = ROUNDS) -> dict[str, Any]:
    """CPU microseconds per call of each path (the fastest round), and the load average."""
    with tempfile.TemporaryDirectory(prefix="pare-bench-limiter-") as tmp:
        paths = _paths(Path(tmp))
        for body in paths.values():
            body(200)  # warm up: first-call imports and caches
        best: dict[str, float] = {}
        for _ in range(rounds):
            for name, body in paths.items():
                started = time.process_time()
                body(calls)
                spent = (time.process_time() - started) / calls * 1e6
                best[name] = min(best.get(name, spent), spent)
    return {"calls": calls, "rounds": rounds, "cpu_us": best, "load": os.getloadavg()}


def part8(bench: Any) -> None:
    """The harness's part: run :func:`measure` in the venv's interpreter, add the rows."""
    from _bench import verdict
    from _procs import base_env, run

    env = base_env()
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent)
    proc = run([bench.py, str(Path(__file__).resolve())], env)
    lines = proc.stdout.strip().splitlines() if proc.stdout else []
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"the accounting benchmark failed: {proc.stderr[-500:]}")
    data = json.loads(lines[-1])
    bench.raw["accounting"] = data
    cpu = data["cpu_us"]
    load = " ".join(f"{x:.2f}" for x in data["load"])
    for name, spent in cpu.items():
        bench.row("7 accounting", f"CPU per call: {name}", f"{spent:.1f} us (load {load})")
    extra = (cpu["accounting + shared limiter (rpm + tpm)"] - cpu["bare"]) / 1000
    bench.row(
        "7 accounting",
        "accounting + shared limiter (rpm + tpm, state in a file), added CPU per call",
        f"{extra:.3f} ms",
        f"< {TARGET_MS} ms",
        verdict(extra < TARGET_MS),
    )


if __name__ == "__main__":
    sys.stdout.write(json.dumps(measure(*(int(a) for a in sys.argv[1:]))) + "\n")
