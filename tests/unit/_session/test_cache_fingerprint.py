"""The cache key follows the installed code, not only its version number."""

from __future__ import annotations

from pathlib import Path

from pytest_pare._session.cache import package_fingerprint, tree_fingerprint


def _package(root: Path) -> Path:
    (root / "agents").mkdir(parents=True)
    (root / "agents" / "policy.py").write_text("ANSWER = 1\n")
    (root / "data.json").write_text("{}")
    return root


def test_editing_a_file_of_the_package_changes_the_fingerprint(tmp_path: Path) -> None:
    root = _package(tmp_path / "pkg")
    before = tree_fingerprint(root, "0.1.0")

    (root / "agents" / "policy.py").write_text("ANSWER = 2\n")

    assert tree_fingerprint(root, "0.1.0") != before


def test_bytecode_caches_do_not_change_the_fingerprint(tmp_path: Path) -> None:
    root = _package(tmp_path / "pkg")
    before = tree_fingerprint(root, "0.1.0")

    (root / "agents" / "__pycache__").mkdir()
    (root / "agents" / "__pycache__" / "policy.cpython-311.pyc").write_bytes(b"\x00junk")

    assert tree_fingerprint(root, "0.1.0") == before


def test_the_fingerprint_names_the_version_and_changes_with_it(tmp_path: Path) -> None:
    root = _package(tmp_path / "pkg")

    assert tree_fingerprint(root, "0.1.0").startswith("0.1.0+")
    assert tree_fingerprint(root, "0.1.0") != tree_fingerprint(root, "0.2.0")


def test_the_installed_package_has_a_stable_fingerprint_within_a_process() -> None:
    assert package_fingerprint() == package_fingerprint()
