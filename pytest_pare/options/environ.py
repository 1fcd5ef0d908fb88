"""The one reader of the process environment.

Everything the plugin takes from ``os.environ`` goes through here: the
``PARE_*`` spellings of the options (resolved once, in ``pytest_configure``),
provider credentials (checked before a session starts), and the few upstream
variables that name folders (``PARE_SCENARIOS_DIR``, ``ENV_AUGMENTATION_DATA_PATH``).
Other rooms call these functions instead of reading the environment
themselves, so what the plugin depends on is listed in one place.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["default_cache_dir", "environ", "use_bundled_cost_map", "value"]


def environ() -> Mapping[str, str]:
    """The process environment, read-only (credentials, ``PARE_*`` options)."""
    return os.environ


def value(name: str) -> str:
    """One variable's value, stripped; "" when it is unset or blank."""
    return os.environ.get(name, "").strip()


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/pytest-pare``, else ``~/.cache/pytest-pare``."""
    base = (os.environ if env is None else env).get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "pytest-pare"


def use_bundled_cost_map() -> None:
    """Make litellm read its bundled model price map instead of fetching one at import.

    Call before importing litellm: runs are offline, and the bundled map has the prices.
    A value the user set is kept.
    """
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
