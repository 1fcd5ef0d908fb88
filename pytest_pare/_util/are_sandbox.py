"""Remove, at exit, the sandbox folder that importing ARE's config makes in every process.

``are.simulation.config`` calls ``tempfile.mkdtemp(prefix="are_simulation_sandbox_")``
at import, and nothing in ARE removes it. Any process that imports a scenario
module imports it (the single process, each xdist worker, a pytester session's
subprocess), whichever runner then runs, so the cleanup is registered with the
package, not with our runner. A process killed outright (SIGKILL, ``os._exit``)
runs no exit handler and leaves its folder; the exit watchdog of a stopped
session (``_session.bounds``) removes it before its own ``os._exit``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys

_CONFIG = "are.simulation.config"
_PREFIX = "are_simulation_sandbox_"


def remove_sandbox_root() -> None:
    """Delete this process's ARE sandbox root, if ARE's config was imported."""
    module = sys.modules.get(_CONFIG)
    root = getattr(module, "ARE_SIMULATION_SANDBOX_PATH", None)
    if isinstance(root, str) and os.path.basename(root).startswith(_PREFIX):
        shutil.rmtree(root, ignore_errors=True)


atexit.register(remove_sandbox_root)
