"""The scenario registry and importing scenario files by path."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from are.simulation.scenarios.utils.registry import registry as are_registry

from pytest_pare.scenarios import PAREScenario
from pytest_pare.scenarios.registration import (
    ScenarioImportError,
    import_scenario_module,
    module_name_for_path,
    register_pare_scenarios,
)
from pytest_pare.scenarios.utils.registry import (
    DuplicateScenarioError,
    ScenarioRegistry,
    register_scenario,
)


def write_scenario(folder: Path, scenario_id: str, body: str = "") -> Path:
    path = folder / f"{scenario_id}.py"
    path.write_text(
        textwrap.dedent(
            f"""
            from pytest_pare.scenarios import PAREScenario
            from pytest_pare.scenarios.utils.registry import register_scenario

            EXECUTIONS = globals().get("EXECUTIONS", 0) + 1

            @register_scenario({scenario_id!r})
            class Scenario_{scenario_id}(PAREScenario):
                pass
            """
        )
        + textwrap.dedent(body)
    )
    return path


def test_register_scenario_sets_the_id_on_the_class(clean_registry):
    @register_scenario("sets_the_id")
    class Probe(PAREScenario):
        pass

    assert Probe.scenario_id == "sets_the_id"
    assert Probe().scenario_id == "sets_the_id"
    assert clean_registry.get_scenario("sets_the_id") is Probe


def test_a_second_class_under_a_taken_id_is_an_error_naming_both(clean_registry):
    @register_scenario("taken_id")
    class First(PAREScenario):
        pass

    with pytest.raises(DuplicateScenarioError) as raised:

        @register_scenario("taken_id")
        class Second(PAREScenario):
            pass

    message = str(raised.value)
    assert "'taken_id'" in message
    assert "First" in message and "Second" in message and __name__ in message


def test_the_same_file_imported_twice_registers_once_and_runs_once(tmp_path, clean_registry):
    path = write_scenario(tmp_path, "imported_twice")

    first = import_scenario_module(path)
    second = import_scenario_module(path)

    assert [cls.scenario_id for cls in first] == ["imported_twice"]
    assert first == second
    assert sys.modules[module_name_for_path(path)].EXECUTIONS == 1


def test_module_names_are_stable_and_distinguish_same_named_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    assert module_name_for_path(a / "x.py") == module_name_for_path(a / ".." / "a" / "x.py")
    assert module_name_for_path(a / "x.py") != module_name_for_path(b / "x.py")


def test_a_file_that_raises_is_reported_with_its_path_and_error(tmp_path, clean_registry):
    path = write_scenario(tmp_path, "breaks_on_import", 'raise RuntimeError("no calendar app")\n')

    with pytest.raises(ScenarioImportError) as raised:
        import_scenario_module(path)

    message = str(raised.value)
    assert str(path) in message
    assert "RuntimeError: no calendar app" in message
    assert "breaks_on_import" not in clean_registry  # nothing half-registered


def test_a_syntax_error_and_a_missing_file_are_import_errors(tmp_path, clean_registry):
    broken = tmp_path / "broken_syntax.py"
    broken.write_text("class Oops(:\n")
    with pytest.raises(ScenarioImportError, match="SyntaxError"):
        import_scenario_module(broken)
    with pytest.raises(ScenarioImportError, match="no such file"):
        import_scenario_module(tmp_path / "absent.py")


def test_duplicate_ids_in_two_files_fail_the_second_import(tmp_path, clean_registry):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    import_scenario_module(write_scenario(one, "shared_id"))
    with pytest.raises(ScenarioImportError, match="registered twice"):
        import_scenario_module(write_scenario(two, "shared_id"))


def test_register_pare_scenarios_imports_every_file_of_the_listed_directories(
    tmp_path, clean_registry, monkeypatch
):
    first, second = tmp_path / "first", tmp_path / "second"
    (second / "nested").mkdir(parents=True)
    first.mkdir()
    write_scenario(first, "dir_scenario_a")
    write_scenario(second / "nested", "dir_scenario_b")
    (first / "_helpers.py").write_text("raise RuntimeError('helpers are not scenarios')\n")
    monkeypatch.setenv("PARE_SCENARIOS_DIR", f"{first}, {second}")

    target = ScenarioRegistry()
    classes = register_pare_scenarios(target)

    assert [cls.scenario_id for cls in classes] == ["dir_scenario_a", "dir_scenario_b"]
    assert set(target.registered()) == {"dir_scenario_a", "dir_scenario_b"}


def test_register_pare_scenarios_rejects_a_missing_directory(tmp_path):
    with pytest.raises(ScenarioImportError, match="not a directory"):
        register_pare_scenarios(ScenarioRegistry(), [tmp_path / "nowhere"])


def test_the_registry_is_independent_of_ares_registry(clean_registry):
    @register_scenario("only_in_pare_registry")
    class Probe(PAREScenario):
        pass

    assert "only_in_pare_registry" not in are_registry._registry
    assert "scenario_tutorial" not in ScenarioRegistry().registered()


def test_an_unknown_id_names_the_id(clean_registry):
    clean_registry._scenarios_discovered = True
    with pytest.raises(KeyError, match="no_such_scenario"):
        clean_registry.get_scenario("no_such_scenario")


def test_register_scenario_rejects_an_empty_id_and_a_non_scenario(clean_registry):
    with pytest.raises(TypeError, match="non-empty string"):
        register_scenario("")
    with pytest.raises(TypeError, match="not a Scenario subclass"):

        @register_scenario("not_a_scenario")
        class Plain:
            pass
