"""A pytest plugin the harness loads with ``-p _probe``: what a session process measured of itself.

Each process (the controller and every xdist worker) writes one JSON file into
``$PARE_BENCH_PROBE_DIR`` at exit: its peak memory and, when it ran items, the
wall time from its first item's start to its last item's end (the run phase,
without interpreter start-up, imports and collection).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

import pytest

_state: dict[str, Any] = {"first": None, "last": None, "items": 0, "preimport_s": None}
# Epoch stamps of session phases, so the harness can split a process's wall time
# (it knows the spawn time) into start-up, collection, runs and finish.
_stamps: dict[str, float] = {}


def pytest_configure(config: Any) -> None:
    _stamps["configure"] = time.time()


def pytest_collection(session: Any) -> None:
    _stamps["collection"] = time.time()


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: Any) -> Any:
    # The finish starts as the run loop ends, stamped here: the plugin writes its
    # results in an outer sessionfinish wrapper, before this plugin's would run.
    try:
        return (yield)
    finally:
        _stamps["sessionfinish"] = time.time()


@pytest.hookimpl(hookwrapper=True)
def pytest_sessionfinish(session: Any) -> Any:
    yield
    _stamps["sessionfinish_done"] = time.time()


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: Any) -> None:
    _stamps["collection_finish"] = time.time()
    # Optional: import modules (litellm, say) before the run phase starts, so the
    # run phase shows the steady state; the imports' cost is reported on its own.
    runs_items = hasattr(session.config, "workerinput") or not getattr(
        session.config.option, "numprocesses", None
    )
    modules = [m for m in os.environ.get("PARE_BENCH_PREIMPORT", "").split(",") if m]
    if modules and runs_items:
        start = time.perf_counter()
        for module in modules:
            importlib.import_module(module)
        _state["preimport_s"] = time.perf_counter() - start
    # Or, leniently, every module another session had loaded (a floor of import costs):
    # a name that does not import on its own (a module made at run time) is skipped.
    listed = os.environ.get("PARE_BENCH_PREIMPORT_FILE")
    if listed and runs_items:
        start = time.perf_counter()
        failed = 0
        for module in Path(listed).read_text(encoding="utf-8").split():
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - counted, shown in the record
                failed += 1
        _state["preimport_s"] = time.perf_counter() - start
        _state["preimport_failed"] = failed
        # As the plugin does once a session has collected scenario items: without
        # it the floor's exit would pay full collections over all those modules.
        gc.freeze()


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    if _state["first"] is None:
        _state["first"] = time.perf_counter()
        _state["first_cpu"] = time.process_time()
        _state["first_rss_kb"] = _rss_kb()
        _stamps["first_item"] = time.time()


def pytest_runtest_logfinish(nodeid: str, location: Any) -> None:
    _state["last"] = time.perf_counter()
    _state["last_cpu"] = time.process_time()
    _stamps["last_item"] = time.time()
    _state["items"] += 1


def _rss_kb() -> int | None:
    """The process's resident memory now (Linux), in KiB."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _unused_heavy() -> list[str]:
    """Modules an oracle run of a scenario without attachments or noise never needs."""
    names = ["numpy", "pandas", "bs4", "are.simulation.validation.factory", "pptx", "pdfminer"]
    found = [name for name in names if name in sys.modules]
    mdconvert = sys.modules.get("are.simulation.core.mdconvert")
    if mdconvert is not None and not getattr(mdconvert, "_pare_stand_in", False):
        found.append("are.simulation.core.mdconvert")
    return found


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
        # Resident memory as the first item started (imports, collection and any
        # pre-import done): the base that runs in flight add to.
        "first_item_rss_kb": _state.get("first_rss_kb"),
        "items": _state["items"],
        "run_phase_s": None if first is None or last is None else last - first,
        "preimport_s": _state["preimport_s"],
        # CPU time of all the process's threads in the run phase: with one GIL, about
        # the least wall time the runs could take however many are in flight.
        "run_phase_cpu_s": (
            None if first is None or last is None else _state["last_cpu"] - _state["first_cpu"]
        ),
        "stamps": {**_stamps, "unconfigure": time.time()},
        "litellm_imported": "litellm" in sys.modules,
        "are_imported": "are.simulation.apps" in sys.modules,
        "scenario_modules": sum(1 for name in sys.modules if name.startswith("pare_scenario_")),
        "unused_heavy": _unused_heavy(),
        "preimport_failed": _state.get("preimport_failed"),
    }
    if os.environ.get("PARE_BENCH_RECORD_MODULES"):
        record["modules"] = list(sys.modules)
    path = Path(directory) / f"{worker}-{os.getpid()}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
