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
