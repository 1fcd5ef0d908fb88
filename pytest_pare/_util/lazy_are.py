"""Keep ARE's heavy imports that a run does not use off the import path until first use.

Three of ARE 1.2.0's module-level imports cost a PARE session time for code it
never runs (docs/performance.md, findings 2 and 12):

- ``are.simulation.core.mdconvert`` (pandas, numpy, python-pptx, pdfminer,
  mammoth, BeautifulSoup, markdownify; ~70% of importing the apps): only
  ``SandboxLocalFileSystem`` uses it, inside one method, when a file is read as
  markdown. A stand-in module sits under its name; ``MarkdownConverter`` is a
  class whose construction imports the real module (and returns the real
  converter); any other attribute does the same.
- ``are.simulation.validation`` (its ``__init__`` imports the LLM judges, and
  with them BeautifulSoup, jinja2 and ARE's JSON-scenario models; ~0.15 s):
  ARE's environment only needs ``validation.constants``, a submodule. The
  package's own names (``JudgeFactory``, ...) are made on first access, so
  importing a submodule no longer runs the ``__init__``.
- ``numpy`` in ``are.simulation.scenarios.utils.scenario_expander`` (~0.1 s;
  nothing else on an oracle run imports it): the module's ``np`` is a
  stand-in until an environment-events expansion first uses it.

``pytest_pare/__init__.py`` imports this module first, since
``pytest_pare.scenarios`` reaches ARE without going through
``pytest_pare.apps``. It leans on ARE 1.2.0's layout (pinned in pyproject);
re-check it on upgrade (tests/unit/_util/test_lazy_are.py says what must hold).
"""

from __future__ import annotations

import builtins
import importlib
import importlib.abc
import importlib.machinery
import sys
import threading
import types
from collections.abc import Callable, Sequence
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


# -- deferred module bodies and module-level imports ---------------------------------------------

# One lock for every deferred step: two threads touching a deferred name at once
# must not run a module body twice.
_LOCK = threading.RLock()


class _LazyPackageInit(importlib.abc.Loader):
    """Runs a package's ``__init__`` on the first access to one of its own names.

    Its submodules import as usual meanwhile (the package's ``__path__`` is set
    from the real spec before any code runs).
    """

    def __init__(self, real: importlib.abc.Loader) -> None:
        self._real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        real = self._real

        def __getattr__(name: str) -> Any:
            if name.startswith("__"):  # the import system's probes
                raise AttributeError(name)
            with _LOCK:
                if module.__dict__.get("__getattr__") is __getattr__:
                    del module.__dict__["__getattr__"]
                    real.exec_module(module)
            return getattr(module, name)

        module.__getattr__ = __getattr__  # type: ignore[method-assign]


class _LazyModule(types.ModuleType):
    """Stands for a module that a deferred import named, until an attribute is read.

    The first read imports the real module and puts it in place of the stand-in
    in the importer's globals, so later reads cost nothing.
    """

    def __init__(self, name: str, importer: dict[str, Any]) -> None:
        super().__init__(name, f"stand-in: imports {name} on first use")
        self.__dict__["_pare_importer"] = importer

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        with _LOCK:
            real = importlib.import_module(self.__name__)
            importer = self.__dict__["_pare_importer"]
            for key, value in list(importer.items()):
                if value is self:
                    importer[key] = real
        return getattr(real, attr)


class _Builtins(dict[str, Any]):
    """A module's builtins with its own ``__import__``; every other name is read live."""

    def __missing__(self, key: str) -> Any:
        try:
            return getattr(builtins, key)
        except AttributeError:
            raise KeyError(key) from None


class _DeferredImports(importlib.abc.Loader):
    """Runs a module's body with some of its top-level ``import X`` statements deferred.

    Only a plain ``import X [as y]`` at module level is deferred (the name is bound
    to a ``_LazyModule``); ``from X import y`` and imports inside functions run as usual.
    """

    def __init__(self, real: importlib.abc.Loader, deferred: Sequence[str]) -> None:
        self._real = real
        self._deferred = frozenset(deferred)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        namespace = module.__dict__
        deferred = self._deferred
        running = [True]

        def _import(
            name: str,
            globals: dict[str, Any] | None = None,
            locals: Any = None,
            fromlist: Sequence[str] | None = (),
            level: int = 0,
        ) -> Any:
            if running[0] and level == 0 and not fromlist and name in deferred:
                if globals is namespace and name not in sys.modules:
                    return _LazyModule(name, namespace)
            return builtins.__import__(name, globals, locals, fromlist or (), level)

        # The module body looks ``__import__`` up in its globals' builtins; functions
        # it defines keep that mapping, so ``running`` switches the deferral off
        # once the body has run (their own imports then behave as usual).
        namespace["__builtins__"] = _Builtins(__import__=_import)
        try:
            self._real.exec_module(module)
        finally:
            running[0] = False


#: module name -> how to wrap its loader
_RULES: dict[str, Callable[[importlib.abc.Loader], importlib.abc.Loader]] = {
    "are.simulation.validation": _LazyPackageInit,
    "are.simulation.scenarios.utils.scenario_expander": lambda real: _DeferredImports(
        real, ("numpy",)
    ),
}


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the modules in ``_RULES`` as the rest of ``sys.meta_path`` would, then wraps them."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        rule = _RULES.get(fullname)
        if rule is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = rule(spec.loader)
        return spec


def install() -> None:
    """Put the stand-ins in place, unless ARE's modules are already imported."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    if _NAME in sys.modules:
        return
    stand_in = types.ModuleType(_NAME, "stand-in: imports ARE's mdconvert on first use")
    stand_in._pare_stand_in = True  # type: ignore[attr-defined]
    stand_in.MarkdownConverter = MarkdownConverter  # type: ignore[attr-defined]
    stand_in.__getattr__ = _getattr  # type: ignore[method-assign]
    sys.modules[_NAME] = stand_in


install()
