"""Run one measured process: wall time, peak memory, output, and what the probe plugin saw."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT = BENCH_DIR / "out"


@dataclass
class Proc:
    """One finished process."""

    argv: list[str]
    wall_s: float
    maxrss_kb: int
    returncode: int
    stdout: str
    stderr: str
    probes: list[dict[str, Any]] = field(default_factory=list)
    cpu_s: float = 0.0  # user + system time of the process itself (not of its children)

    def tail(self, lines: int = 3) -> str:
        text = (self.stderr.strip() or self.stdout.strip()).splitlines()
        return " / ".join(line.strip() for line in text[-lines:])[:300]

    def counts(self) -> dict[str, int]:
        """Outcome counts from pytest's last summary line (``38 passed, 1 failed in 2.1s``)."""
        lines = [line for line in self.stdout.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", last)}

    def last_json(self, what: str) -> dict[str, Any]:
        """The JSON line a probe script prints last; a failed script is a RuntimeError."""
        if self.returncode != 0:
            raise RuntimeError(f"{what} exited {self.returncode}: {self.tail()}")
        return json.loads(self.stdout.strip().splitlines()[-1])

    @property
    def controller(self) -> dict[str, Any]:
        return next((p for p in self.probes if p["worker"] == "controller"), {})

    @property
    def workers(self) -> list[dict[str, Any]]:
        return sorted(
            (p for p in self.probes if p["worker"] != "controller"), key=lambda p: str(p["worker"])
        )


def base_env(**extra: str) -> dict[str, str]:
    """The environment of every measured process.

    Bytecode caching is switched on (into benchmarks/out/pycache, so the tree
    stays clean) whatever the caller's PYTHONDONTWRITEBYTECODE says: without it
    every process compiles every module again, and a pytest session also
    re-does assertion rewriting of the whole pytest_pare package (a plugin's
    distribution is rewritten), about 1 s that no ordinary installation pays.
    """
    env = dict(os.environ)
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    env.update(extra)
    return env


#: the machine's 1-minute load average as each measured process ended, in order
LOADS: list[float] = []


def load_now() -> float:
    """The 1-minute load average (0 where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def run(
    argv: list[str],
    env: dict[str, str] | None = None,
    timeout: float = 900.0,
    cwd: Path | None = None,
) -> Proc:
    """Run ``argv`` (in the repository unless ``cwd``); wall time from spawn to exit, ru_maxrss."""
    with tempfile.TemporaryDirectory(prefix="pare-bench-") as tmp:
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        probe_dir = Path(tmp) / "probe"
        probe_dir.mkdir()
        env = dict(env or base_env())
        env["PARE_BENCH_PROBE_DIR"] = str(probe_dir)
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            spawned = time.time()
            proc = subprocess.Popen(argv, cwd=cwd or REPO, env=env, stdout=out, stderr=err)
            deadline = start + timeout
            while True:
                # os.wait4 gives this child's own rusage (peak memory), which Popen.wait drops.
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.005)
            wall = time.perf_counter() - start
            ended = time.time()
            LOADS.append(load_now())
            proc.returncode = os.waitstatus_to_exitcode(status)
        probes = [json.loads(p.read_text()) for p in sorted(probe_dir.glob("*.json"))]
        for probe in probes:
            probe["phases"] = _phases(spawned, ended, probe.get("stamps") or {})
        return Proc(
            argv,
            wall,
            usage.ru_maxrss,
            proc.returncode,
            out_path.read_text(errors="replace"),
            err_path.read_text(errors="replace"),
            probes,
            usage.ru_utime + usage.ru_stime,
        )


def best(procs: list[Proc]) -> Proc:
    """The fastest of repeated measurements: on a shared machine, noise only ever adds time."""
    return min(procs, key=lambda p: p.wall_s)


def machine() -> dict[str, str]:
    """Where the figures came from."""
    info: dict[str, str] = {"nproc": str(os.cpu_count())}
    try:
        info["nproc"] = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                kb = int(line.split()[1])
                info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    try:
        info["load average (1/5/15 min, at start)"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass
    return info


_PHASES = (
    ("start-up", "configure"),
    ("configure", "collection"),
    ("collection", "collection_finish"),
    ("collection_finish", "first_item"),
    ("first_item", "last_item"),
    ("last_item", "sessionfinish"),
    ("sessionfinish", "sessionfinish_done"),
    ("sessionfinish_done", "unconfigure"),
    ("unconfigure", "exit"),
)


def _phases(spawned: float, ended: float, stamps: dict[str, float]) -> dict[str, float]:
    """Seconds between consecutive session stamps ("start-up" = spawn, "exit" = process end)."""
    points = {"start-up": spawned, "exit": ended, **stamps}
    return {
        f"{a}->{b}": round(points[b] - points[a], 3)
        for a, b in _PHASES
        if a in points and b in points
    }
