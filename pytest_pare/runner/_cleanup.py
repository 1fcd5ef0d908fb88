"""Temporary folders: remove what a run (and ARE's import) creates under the temp dir.

ARE makes ``are_simulation_sandbox_*`` when ``are.simulation.config`` is
imported, and each ``SandboxLocalFileSystem`` app a sub-folder inside it that
only its ``__del__`` removes. Runs release their apps' folders at once; the
sandbox root goes when the process exits (``_util/are_sandbox.py``, registered
by the package in every process).
"""

from __future__ import annotations

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
