"""Temporary folders: remove what a run (and ARE's import) creates under the temp dir.

ARE makes ``are_simulation_sandbox_*`` when ``are.simulation.config`` is
imported, and each ``SandboxLocalFileSystem`` app a sub-folder inside it that
only its ``__del__`` removes. Runs release their apps' folders at once; the
sandbox root goes when the process exits.
"""

from __future__ import annotations

import atexit
import os
import shutil
from typing import Any

__all__ = ["release_run"]


def release_run(scenario: Any) -> None:
    """Delete the sandbox folders of the scenario's file-system apps (None is fine)."""
    for app in getattr(scenario, "apps", None) or []:
        folder = getattr(app, "tmpdir", None)
        if isinstance(folder, str) and os.path.basename(folder).startswith("are_simulation_"):
            shutil.rmtree(folder, ignore_errors=True)


def _remove_are_sandbox_root() -> None:
    from are.simulation import config as are_config

    root = getattr(are_config, "ARE_SIMULATION_SANDBOX_PATH", None)
    if isinstance(root, str) and os.path.basename(root).startswith("are_simulation_sandbox_"):
        shutil.rmtree(root, ignore_errors=True)


atexit.register(_remove_are_sandbox_root)
