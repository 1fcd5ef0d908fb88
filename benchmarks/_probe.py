"""A pytest plugin the harness loads with ``-p _probe``: what a session process measured of itself.

Each process (the controller and every xdist worker) writes one JSON file into
``$PARE_BENCH_PROBE_DIR`` at exit: its peak memory and, when it ran items, the
wall time from its first item's start to its last item's end (the run phase,
without interpreter start-up, imports and collection).
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path
from typing import Any

_state: dict[str, Any] = {"first": None, "last": None, "items": 0, "preimport_s": None}


def pytest_collection_finish(session: Any) -> None:
    # Optional: import litellm before the run phase starts, so the run phase
    # shows the steady state; the import's cost is reported on its own.
    if os.environ.get("PARE_BENCH_PREIMPORT") == "litellm":
        start = time.perf_counter()
        import litellm  # noqa: F401

        _state["preimport_s"] = time.perf_counter() - start


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    if _state["first"] is None:
        _state["first"] = time.perf_counter()


def pytest_runtest_logfinish(nodeid: str, location: Any) -> None:
    _state["last"] = time.perf_counter()
    _state["items"] += 1


def pytest_unconfigure(config: Any) -> None:
    directory = os.environ.get("PARE_BENCH_PROBE_DIR")
    if not directory:
        return
    worker = getattr(config, "workerinput", {}).get("workerid", "controller")
    first, last = _state["first"], _state["last"]
    record = {
        "worker": worker,
        "pid": os.getpid(),
        # Linux reports ru_maxrss in KiB.
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "items": _state["items"],
        "run_phase_s": None if first is None or last is None else last - first,
        "preimport_s": _state["preimport_s"],
    }
    path = Path(directory) / f"{worker}-{os.getpid()}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
