"""Load ARE's ``core.mdconvert`` only when a converter is made (start-up: -70% import time).

ARE's ``are.simulation.apps`` package imports every app; its sandbox file
system imports ``are.simulation.core.mdconvert`` at module level, which imports
pandas, numpy, python-pptx, pdfminer, mammoth, BeautifulSoup and markdownify:
about 70% of the time and ~115 MiB of the memory of importing our apps, for a
converter that only ``SandboxLocalFileSystem`` uses, inside one method, when a
file is read as markdown. No PARE app uses it.

Importing this module before ARE puts a stand-in under the module's name:
``MarkdownConverter`` is a class whose construction imports the real module
(and returns the real converter); any other attribute does the same.
``pytest_pare/__init__.py`` imports it first, since ``pytest_pare.scenarios``
reaches ARE's apps without going through ``pytest_pare.apps``. It leans on ARE
1.2.0's layout (pinned in pyproject); re-check it on upgrade.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_NAME = "are.simulation.core.mdconvert"


def _real() -> types.ModuleType:
    module = sys.modules.get(_NAME)
    if module is not None and not getattr(module, "_pare_stand_in", False):
        return module
    sys.modules.pop(_NAME, None)
    return importlib.import_module(_NAME)


class MarkdownConverter:
    """Stands in for ARE's MarkdownConverter until one is made."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return _real().MarkdownConverter(*args, **kwargs)


def _getattr(name: str) -> Any:
    # The import system probes dunders (__spec__, __path__, ...) on modules in
    # sys.modules; answering those must not trigger the heavy import.
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_real(), name)


def install() -> None:
    """Put the stand-in in place, unless ARE's module is already imported."""
    if _NAME in sys.modules:
        return
    stand_in = types.ModuleType(_NAME, "stand-in: imports ARE's mdconvert on first use")
    stand_in._pare_stand_in = True  # type: ignore[attr-defined]
    stand_in.MarkdownConverter = MarkdownConverter  # type: ignore[attr-defined]
    stand_in.__getattr__ = _getattr  # type: ignore[method-assign]
    sys.modules[_NAME] = stand_in


install()
