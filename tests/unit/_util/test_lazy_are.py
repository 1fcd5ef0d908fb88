"""ARE's document converter stays off the import path until a file is converted."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def _python(code: str, tmp_path) -> str:
    # ARE makes sandbox folders in the temp dir: keep them in the test's own.
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_importing_the_apps_and_scenarios_does_not_import_the_document_converter(tmp_path) -> None:
    out = _python(
        """
        import sys
        import pytest_pare.apps, pytest_pare.scenarios
        from pytest_pare.scenarios.scenario import PAREScenario
        heavy = [m for m in ("pandas", "pptx", "pdfminer", "mammoth") if m in sys.modules]
        print(heavy)
        """,
        tmp_path,
    )
    assert out == "[]"


def test_a_converter_made_later_is_ares_real_one(tmp_path) -> None:
    out = _python(
        """
        import pytest_pare.apps
        from are.simulation.core.mdconvert import MarkdownConverter
        converter = MarkdownConverter()
        print(type(converter).__module__, callable(getattr(converter, "convert", None)))
        """,
        tmp_path,
    )
    assert out == "are.simulation.core.mdconvert True"


def test_a_sandbox_file_system_reads_a_text_document_through_the_real_converter(tmp_path) -> None:
    out = _python(
        """
        import pytest_pare.apps
        from are.simulation.apps.sandbox_file_system import SandboxLocalFileSystem
        fs = SandboxLocalFileSystem(name="Files")
        with fs.open("notes.txt", "w") as handle:
            handle.write("Pick up the keys at 6pm")
        print(fs.read_document("notes.txt"))
        """,
        tmp_path,
    )
    assert "Pick up the keys at 6pm" in out


def test_ares_judges_load_only_when_the_validation_package_is_used(tmp_path) -> None:
    out = _python(
        """
        import sys
        import pytest_pare.apps
        from are.simulation.validation.constants import APP_ALIAS
        before = [m for m in ("are.simulation.validation.factory", "bs4") if m in sys.modules]
        from are.simulation.validation import JudgeFactory
        print(before, bool(APP_ALIAS), JudgeFactory.__module__)
        """,
        tmp_path,
    )
    assert out == "[] True are.simulation.validation.factory"


def test_ares_environment_events_expander_uses_the_real_numpy_once_it_draws(tmp_path) -> None:
    out = _python(
        """
        import sys
        import pytest_pare.apps
        import are.simulation.scenarios.utils.scenario_expander as expander
        before = "numpy" in sys.modules
        drawn = int(expander.np.random.default_rng(7).integers(1000))
        import numpy
        same = drawn == int(numpy.random.default_rng(7).integers(1000))
        print(before, expander.np is numpy, same)
        """,
        tmp_path,
    )
    assert out == "False True True"


def test_numpy_imported_before_are_is_bound_as_is(tmp_path) -> None:
    out = _python(
        """
        import numpy
        import pytest_pare.apps
        import are.simulation.scenarios.utils.scenario_expander as expander
        print(expander.np is numpy)
        """,
        tmp_path,
    )
    assert out == "True"
