"""The client's own floor for a latency-bound session: chains of calls and nothing else.

Usage: python benchmarks/_client_floor.py BASE_URL MESSAGES_JSON THREADS CHAIN CLIENT [JOBS_JSON]

THREADS threads each make CHAIN calls in a row with the messages in
MESSAGES_JSON (a recorded request of the benchmark), through CLIENT: ``litellm``
(``litellm.completion``, as the engine calls it), ``openai`` (the client
litellm wraps) or ``litellm-async`` (THREADS coroutines on one event loop
awaiting ``litellm.acompletion``: the asyncio design). No scenario, agent or
tool runs, so the time above CHAIN x latency is what the client's CPU under one
GIL costs at that concurrency: a lower bound for a session's run phase at the same depth.

With JOBS_JSON (a list of chain lengths, one per run of a session, in item
order) the threads take the session's shape instead: each takes the next job
as soon as it is free, as ``--pare-concurrency`` takes the next item, and makes
that job's calls in a row (CHAIN is then ignored). The wall time is then the
session's run phase without any runner work.

Prints one JSON line: wall seconds of the chains, the mean call wall time and
the process CPU per call, after one untimed warm-up call per thread.
"""

from __future__ import annotations

import asyncio
import json
import queue
import sys
import threading
import time

from _clients import make_async_call, make_call


def main(argv: list[str]) -> int:
    base_url, messages_path, threads, chain, client = (
        argv[0],
        argv[1],
        int(argv[2]),
        int(argv[3]),
        argv[4],
    )
    with open(messages_path, encoding="utf-8") as file:
        messages = json.load(file)
    if len(argv) > 5:
        with open(argv[5], encoding="utf-8") as file:
            jobs = [int(n) for n in json.load(file)]
    else:
        jobs = [chain] * threads
    if client == "litellm-async":
        return _main_async(base_url, messages, threads, jobs)
    call = make_call(client, base_url, messages)
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)

    walls: list[float] = []
    ready = threading.Barrier(threads + 1)

    def run_jobs() -> None:
        try:
            call()  # warm-up: client caches, connection
        except BaseException:
            ready.abort()  # the other threads and main must not wait for this one
            raise
        ready.wait()
        while True:
            try:
                calls = todo.get_nowait()
            except queue.Empty:
                return
            for _ in range(calls):
                started = time.perf_counter()
                call()
                walls.append(time.perf_counter() - started)

    workers = [threading.Thread(target=run_jobs) for _ in range(threads)]
    for worker in workers:
        worker.start()
    ready.wait()
    cpu, start = time.process_time(), time.perf_counter()
    for worker in workers:
        worker.join()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return _report(wall, cpu, walls, jobs)


def _main_async(base_url: str, messages: list[dict], tasks: int, jobs: list[int]) -> int:
    """The same floor with ``tasks`` coroutines on one event loop (``litellm.acompletion``)."""
    call = make_async_call(base_url, messages)
    todo = list(reversed(jobs))
    walls: list[float] = []

    async def run_jobs() -> None:
        while todo:
            for _ in range(todo.pop()):
                started = time.perf_counter()
                await call()
                walls.append(time.perf_counter() - started)

    async def session() -> tuple[float, float]:
        # Warm-up as the threads do: one call per task, so each has its connection.
        await asyncio.gather(*(call() for _ in range(tasks)))
        cpu, start = time.process_time(), time.perf_counter()
        await asyncio.gather(*(run_jobs() for _ in range(tasks)))
        return time.perf_counter() - start, time.process_time() - cpu

    wall, cpu = asyncio.run(session())
    return _report(wall, cpu, walls, jobs)


def _report(wall: float, cpu: float, walls: list[float], jobs: list[int]) -> int:
    if len(walls) != sum(jobs):
        raise SystemExit(f"{sum(jobs) - len(walls)} of {sum(jobs)} calls failed")
    print(
        json.dumps(
            {
                "wall_s": wall,
                "calls": len(walls),
                "call_wall_ms": sum(walls) / len(walls) * 1000,
                "cpu_ms_per_call": cpu / len(walls) * 1000,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
