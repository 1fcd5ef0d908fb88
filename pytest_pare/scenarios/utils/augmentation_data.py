"""The background phone data that environmental noise and tool renaming draw from.

Schema (modelled on upstream PARE's augmentation file)::

    {"apps": [{"name": "Emails", "app_state": {...}}, ...],
     "tool_names_mapping": {"send_email": "dispatch_email", ...},          # optional
     "tool_descriptions_mapping": {"send_email": "Sends ...", ...}}        # optional

The file is ``ENV_AUGMENTATION_DATA_PATH`` when that variable is set, else the
package's own synthetic file (written by ``scripts/generate_synthetic_data.py``).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from pytest_pare.options import environ

DATA_PATH_ENV: Final = "ENV_AUGMENTATION_DATA_PATH"
DEFAULT_DATA_PATH: Final = (
    Path(__file__).resolve().parents[2] / "data" / "synthetic_phone_data.json"
)


class AugmentationDataError(ValueError):
    """The augmentation data file is missing or malformed."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(
            f"environmental-noise data file {self.path}: {problem} "
            f"(set {DATA_PATH_ENV} to a valid file, or unset it to use the bundled data)"
        )

    def __reduce__(self) -> tuple[type[AugmentationDataError], tuple[str, str]]:
        return (type(self), (self.path, self.problem))


def augmentation_data_path() -> Path:
    """The data file in effect: ``ENV_AUGMENTATION_DATA_PATH`` if set, else the bundled one."""
    configured = environ.value(DATA_PATH_ENV)
    return Path(configured) if configured else DEFAULT_DATA_PATH


def load_augmentation_data(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Load and check the augmentation data; cached per file version.

    The returned dict is shared between callers: read it, never mutate it.

    Args:
        path: the file; default :func:`augmentation_data_path`.

    Raises:
        AugmentationDataError: missing file, invalid JSON, or wrong shape.
    """
    file = Path(path) if path is not None else augmentation_data_path()
    try:
        stat = file.stat()
    except OSError as exc:
        raise AugmentationDataError(file, f"cannot be read ({exc.strerror or exc})") from None
    return _load(str(file.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    # mtime and size are part of the key so an edited file is read again.
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise AugmentationDataError(
            path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AugmentationDataError(path, f"cannot be read ({exc})") from None
    _check_shape(path, data)
    return data


def _check_shape(path: str, data: object) -> None:
    if not isinstance(data, dict):
        raise AugmentationDataError(
            path, f"top level must be a JSON object, got {type(data).__name__}"
        )
    apps = data.get("apps")
    if not isinstance(apps, list):
        raise AugmentationDataError(path, 'needs an "apps" list of {"name", "app_state"} objects')
    for index, entry in enumerate(apps):
        if not isinstance(entry, dict):
            raise AugmentationDataError(path, f"apps[{index}] must be an object")
        if not isinstance(entry.get("name"), str):
            raise AugmentationDataError(path, f'apps[{index}] needs a string "name"')
        if not isinstance(entry.get("app_state"), dict):
            raise AugmentationDataError(
                path, f'apps[{index}] ({entry["name"]!r}) needs an "app_state" object'
            )
    for key in ("tool_names_mapping", "tool_descriptions_mapping"):
        mapping = data.get(key, {})
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise AugmentationDataError(path, f'"{key}" must map tool names to strings')
