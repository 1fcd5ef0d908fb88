"""The shipped scenario files, and which of them are of a kind, for parametrising tests.

Kinds are read off each file's ``tags = (...)`` line so that collecting a test
imports no scenario. A test that relies on the kind checks it again on the
loaded class (``assert_kind``), so a file this reading gets wrong fails the
test instead of silently leaving it out.
"""

from __future__ import annotations

import re
from pathlib import Path

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "scenarios"
SCENARIO_FILES = sorted(
    p for p in SCENARIO_DIR.glob("*.py") if not p.name.startswith("_") and p.name != "conftest.py"
)
#: kinds where doing nothing is the right behaviour
RESTRAINT = frozenset({"abstain", "rejection"})

_TAGS = re.compile(r"^    tags = \(([^)]*)\)", re.M)


def declared_tags(path: Path) -> set[str]:
    """The tags a scenario file declares on its ``tags = (...)`` line (empty without one)."""
    match = _TAGS.search(path.read_text(encoding="utf-8"))
    return set(re.findall(r'"([^"]+)"', match.group(1))) if match else set()


def files_tagged(*kinds: str) -> list[Path]:
    """The scenario files declaring any of ``kinds``."""
    return [p for p in SCENARIO_FILES if declared_tags(p) & set(kinds)]


def files_not_tagged(*kinds: str) -> list[Path]:
    """The scenario files declaring none of ``kinds``."""
    return [p for p in SCENARIO_FILES if not declared_tags(p) & set(kinds)]


def assert_kind(cls: type, path: Path) -> None:
    """The loaded class has the tags its file was chosen for."""
    assert set(cls.tags) & RESTRAINT == declared_tags(path) & RESTRAINT, (
        f"{path.name}: its tags line says {sorted(declared_tags(path))}, the class {cls.tags}"
    )
