"""pytest-pare: run PARE (Proactive Agent Research Environment) scenarios as pytest items."""

from __future__ import annotations

# First: keeps ARE's document converter (pandas, pptx, pdfminer, ...) off the
# import path until a file is actually converted (docs/performance.md).
from pytest_pare._util import lazy_are  # noqa: F401  # isort: skip

# ARE's config makes a sandbox folder in every process that imports it: remove it at exit.
from pytest_pare._util import are_sandbox  # noqa: F401  # isort: skip

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pytest-pare")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
