"""Session checks that stop a session with a usage error before any run is wasted."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

from pytest_pare import options
from pytest_pare.options import SETTINGS_KEY


def check_baseline(path: Path) -> None:
    # Read it now: a corrupt baseline is a usage error before any run, not an
    # INTERNALERROR once every scenario has run.
    if not path.is_file():
        raise pytest.UsageError(
            f"--pare-baseline {path}: no such file; give a results.json "
            "or a file written by --pare-save-baseline"
        )
    from pytest_pare.report.baseline import BaselineError, load_baseline

    try:
        load_baseline(path)
    except BaselineError as exc:
        raise pytest.UsageError(str(exc)) from None


def check_shard_durations(path: Path) -> None:
    """A ``--pare-shard-durations`` file must be a readable results.json (usage error otherwise)."""
    from pytest_pare._session.shard import ShardDurationsError, read_durations

    try:
        read_durations(path)
    except ShardDurationsError as exc:
        raise pytest.UsageError(str(exc)) from None


def output_file_problem(flag: str, path: Path, example: str) -> str | None:
    """Why the file an option names (``--pare-html``, ``--pare-save-baseline``) cannot be written.

    Checked at configure: the file is written only once every run is done, and a
    path that cannot take it should not cost a whole session. A missing parent
    folder is fine when it can be created (the writer creates it).
    """
    if path.is_dir():
        return f"{flag} {path}: is a folder; give a file path, e.g. {path / example}"
    if path.exists():
        if not os.access(path, os.W_OK):
            return f"{flag} {path}: the file exists and is not writable; give a writable path"
        return None
    return _folder_problem(flag, path, path.parent, what="its folder")


def cache_dir_problem(path: Path) -> str | None:
    """Why ``--pare-cache-dir`` can never hold the result cache: it or an ancestor is a file.

    An unwritable cache folder is left to the cache's own warning (the session
    runs uncached): a read-only home folder on CI should not refuse a session.
    """
    existing = _nearest_existing(path)
    if existing.is_dir():
        return None
    where = "is a file" if existing == path else f"cannot be created because {existing} is a file"
    return (
        f"--pare-cache-dir {path}: {where}, not a folder; give a folder "
        "(created when missing) or use --pare-no-cache"
    )


def _nearest_existing(path: Path) -> Path:
    """``path`` or its closest ancestor that exists."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _folder_problem(flag: str, path: Path, folder: Path, *, what: str) -> str | None:
    existing = _nearest_existing(folder)
    if not existing.is_dir():
        if existing == folder:
            return f"{flag} {path}: {what} {folder} is a file; give a path under a folder"
        return (
            f"{flag} {path}: {what} {folder} does not exist and cannot be created "
            f"({existing} is a file); give a path under a folder"
        )
    if not can_write_in(existing):
        if existing == folder:
            return f"{flag} {path}: {what} {folder} is not writable; give a writable path"
        return (
            f"{flag} {path}: {what} {folder} does not exist and cannot be created "
            f"({existing} is not writable); give a writable path"
        )
    return None


def can_write_in(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (an existing folder).

    Tried for real, with a temporary file removed at once: permission bits say
    nothing to root, nor about a read-only file system or a special one (/proc).
    """
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".pare-write-check.")
    except OSError:
        return False
    os.close(fd)
    Path(probe).unlink(missing_ok=True)
    return True


def results_dir_problem(path: Path) -> str | None:
    """Why ``--pare-results-dir`` cannot take the session's files, or None.

    Checked once scenario runs are selected, before the first starts: a session
    whose every result would be lost at the end must not run at all.
    """
    fix = "give a writable folder (created when missing), e.g. --pare-results-dir=pare-results"
    if path.exists() and not path.is_dir():
        return f"--pare-results-dir {path}: is a file, not a folder; {fix}"
    existing = _nearest_existing(path)
    if not existing.is_dir():
        return f"--pare-results-dir {path}: cannot be created because {existing} is a file; {fix}"
    if not can_write_in(existing):
        where = "is not writable" if existing == path else f"cannot be created in {existing}"
        return f"--pare-results-dir {path}: {where}; {fix}"
    return None


def output_problems(settings: options.Settings) -> list[str]:
    """Every problem of the session's output paths (files written at the end, the cache)."""
    problems = [
        output_file_problem(flag, path, example)
        for flag, path, example in (
            ("--pare-html", settings.html, "report.html"),
            ("--pare-save-baseline", settings.save_baseline, "baseline.json"),
            ("--pare-md-summary", settings.md_summary, "summary.md"),
        )
        if path is not None
    ]
    if settings.cache_enabled and settings.cache_dir is not None:
        problems.append(cache_dir_problem(settings.cache_dir))
    return [p for p in problems if p]


def model_problem(settings: options.Settings) -> str | None:
    """Why the agent-mode model options cannot be resolved, or None (checked at configure)."""
    if all(getattr(settings, name) is None for name in options.ENGINE_OPTIONS):
        # The runner's default models always resolve (a unit test holds them to it):
        # a session that names no model, as any pytest run in an environment with
        # this plugin installed, keeps pydantic and the agents unimported (~0.1 s).
        return None
    from pytest_pare.agents.errors import UnknownModelError
    from pytest_pare.agents.models import validate_engine_options
    from pytest_pare.scenarios.config import runner_config

    try:
        validate_engine_options(runner_config(settings))
    except UnknownModelError as exc:
        message = str(exc)
        from_model = [
            r for r in ("user", "observe", "execute") if getattr(settings, f"{r}_model") is None
        ]
        for role in ("user", "observe", "execute"):
            # The role's model came from --pare-model: name the option the user typed.
            prefix = f"--pare-{role}-model: "
            if message.startswith(prefix) and role in from_model:
                message = message[len(prefix) :]
                if len(from_model) == 3:  # every role: its fix is every role's option
                    message = message.replace(f"--pare-{role}-", "--pare-{user,observe,execute}-")
                    message = "--pare-model: " + message
                else:
                    message = f"--pare-model (the {role} role): " + message
        return message
    except ValueError as exc:  # the runner config refused a value (pydantic names the field)
        return f"invalid agent-mode option: {exc}"
    return None


def session_start_problem(config: pytest.Config) -> str | None:
    """Why the selected scenarios cannot run, or None: checked once, before any run.

    The results folder must take the files written at the end. Agent mode needs
    the two-agent runner, and every distinct model must be able to answer
    (credentials set, endpoint up); oracle mode never imports the agents.
    ``--collect-only`` runs and writes nothing: it needs no model nor folder.
    """
    settings = config.stash[SETTINGS_KEY]
    if not config.option.collectonly:  # nothing is written then
        problem = results_dir_problem(settings.results_dir)
        if problem is not None:
            return problem
    if settings.oracle:
        return None
    # Find the module without executing it: importing it loads the agents and
    # ARE's apps, which an xdist controller (it runs nothing) would carry for
    # the whole session (docs/performance.md, finding 5).
    try:
        found = importlib.util.find_spec("pytest_pare.runner.two_agent") is not None
        reason = "not installed"
    except ImportError as exc:  # its parent package failed to import
        found, reason = False, str(exc)
    if not found:
        return (
            "agent mode (no --pare-oracle) needs pytest_pare.runner.two_agent, which is not "
            f"available ({reason}); run with --pare-oracle to replay the oracle actions instead"
        )
    if config.option.collectonly:
        return None
    from pytest_pare.agents.engines import check_engines
    from pytest_pare.agents.errors import PareFatalEngineError, UnknownModelError
    from pytest_pare.scenarios.config import runner_config

    try:
        check_engines(runner_config(settings))
    except (PareFatalEngineError, UnknownModelError) as exc:
        return f"agent mode cannot start, no scenario was run: {exc}"
    return None


#: text that marks a module as a scenario module (the registration or the base class)
_SCENARIO_MARKS = (b"register_scenario", b"PAREScenario")
#: at most this many files are read per command-line folder (the hint is best effort)
_HINT_FILE_LIMIT = 500


def scenario_path_hint(config: pytest.Config) -> str | None:
    """Why a session collected nothing although it was given scenario modules, or None.

    Called when nothing was collected (exit 5): a folder on the command line
    outside ``pare_scenario_paths`` is never offered to pytest-pare, however
    many scenarios it holds. Reads at most a few hundred ``.py`` files.
    """
    settings = config.stash.get(SETTINGS_KEY, None)
    if settings is None:
        return None
    roots = [root.resolve() for root in settings.scenario_paths]
    outside: list[str] = []
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::", 1)[0]).resolve()
        if not path.exists() or any(path.is_relative_to(r) for r in roots):
            continue
        if any(r.is_relative_to(path) for r in roots):
            continue  # a parent of a scenario path: its scenarios were offered
        if _holds_scenarios(path, config.getini("python_files")):
            outside.append(arg)
    if not outside:
        return None
    folders = []
    for arg in outside:
        path = Path(config.invocation_params.dir, arg.split("::", 1)[0]).resolve()
        folder = path if path.is_dir() else path.parent
        try:
            folders.append(folder.relative_to(config.rootpath).as_posix())
        except ValueError:  # outside the rootdir: ini paths are relative to it
            folders.append(str(folder))
    shown = list(dict.fromkeys(folders))
    configured = ", ".join(config.getini("pare_scenario_paths")) or "scenarios"
    return (
        f"pytest-pare: {', '.join(outside)} holds scenario modules, but pytest-pare collects "
        f"scenarios only under the ini key pare_scenario_paths ({configured}); add the folder "
        f"to it (in the [pytest] section: pare_scenario_paths = {' '.join(shown)}) or run with "
        f"-o pare_scenario_paths={shown[0]}"
    )


def _holds_scenarios(path: Path, test_files: list[str]) -> bool:
    """Whether ``path`` holds a scenario module: a file that mentions scenarios and is
    not a test module (named as ``python_files`` says, with a test function)."""
    files = [path] if path.is_file() else path.rglob("*.py")
    for count, file in enumerate(files):
        if count >= _HINT_FILE_LIMIT:
            return False
        if file.suffix != ".py" or any(p.startswith(".") for p in file.parts[len(path.parts) :]):
            continue
        try:
            head = file.read_bytes()[:100_000]
        except OSError:
            continue
        if not any(mark in head for mark in _SCENARIO_MARKS):
            continue
        # Tests of scenarios mention them too: their folder (say, all deselected by
        # -k) is no scenario folder outside the scenario paths.
        is_test_module = any(fnmatch(file.name, pattern) for pattern in test_files) and (
            b"def test" in head or b"class Test" in head
        )
        if not is_test_module:
            return True
    return False
