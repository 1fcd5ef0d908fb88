"""Pins for ARE's randomness and wall-clock leaks, scoped to one run on one thread.

ARE draws ids from ``uuid.uuid4()`` (events, actions, messages, contacts, ...)
and stamps scenario-built objects (``Email``, ``CalendarEvent``, messages) with
``time.time()`` in dataclass defaults. Both make two runs of one scenario
differ. Inside ``pinned(seed, clock)`` both come from the run instead: ids from
a ``random.Random(seed)``, timestamps from ``clock()`` (the scenario's start
time while it is built, the simulated clock once the environment runs).

The pins are context-local (a ``ContextVar``), so runs in other threads, and
all code outside a run, see the ordinary functions.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import random
import sys
import threading
import time as _time_module
import types
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["pinned", "set_clock"]


@dataclass
class _Pins:
    rng: random.Random
    clock: Callable[[], float]


_PINS: ContextVar[_Pins | None] = ContextVar("pytest_pare_run_pins", default=None)
_ORIGINAL_UUID4 = uuid.uuid4
_install_lock = threading.Lock()
_installed = False


def _pinned_uuid4() -> uuid.UUID:
    pins = _PINS.get()
    if pins is None:
        return _ORIGINAL_UUID4()
    return uuid.UUID(int=pins.rng.getrandbits(128), version=4)


class _ClockedTime(types.ModuleType):
    """Stands in for ``time`` in ARE's app modules: ``time()`` follows the run's clock."""

    def __init__(self) -> None:
        super().__init__("time")

    def __getattr__(self, name: str) -> object:
        return getattr(_time_module, name)

    @staticmethod
    def time() -> float:
        pins = _PINS.get()
        return pins.clock() if pins is not None else _time_module.time()


def _install() -> None:
    """Route ``uuid.uuid4`` and ARE's app-module ``time`` through the run's pins (once)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        # uuid4 is looked up on the module at call time everywhere
        # (``uuid.uuid4()``), so one replacement covers ARE and our apps.
        uuid.uuid4 = _pinned_uuid4
        # time.time is replaced only in ARE's app modules, where dataclass
        # defaults read it; the process's other clocks stay untouched.
        import are.simulation.apps as are_apps

        clocked = _ClockedTime()
        for info in pkgutil.walk_packages(are_apps.__path__, are_apps.__name__ + "."):
            module = sys.modules.get(info.name)
            if module is None:
                try:
                    module = importlib.import_module(info.name)
                except Exception:  # optional app deps missing: that app cannot run anyway
                    continue
            if getattr(module, "time", None) is _time_module:
                module.time = clocked  # type: ignore[attr-defined]
        _installed = True


@contextlib.contextmanager
def pinned(seed: int, clock: Callable[[], float]) -> Iterator[None]:
    """Within the block, uuid4 ids come from ``seed`` and ARE's timestamps from ``clock``.

    Args:
        seed: the run's seed (from ``stable_seed``).
        clock: returns the current simulated time; see ``set_clock`` to change it.
    """
    _install()
    token = _PINS.set(_Pins(random.Random(seed), clock))
    try:
        yield
    finally:
        _PINS.reset(token)


def set_clock(clock: Callable[[], float]) -> None:
    """Switch the clock of the current pinned run (e.g. to the environment's, once it exists)."""
    pins = _PINS.get()
    if pins is None:
        raise RuntimeError("set_clock() called outside pinned(seed, clock)")
    pins.clock = clock
