"""pytest hook implementations of pytest-pare (the ``pytest11`` entry point ``pare``).

Each hook routes to the module that does the work: options.py settles the
options, collectors.py builds scenario items, items.py runs them, report/
gathers and writes results on the controller.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from pytest_pare import hookspecs, options
from pytest_pare.collectors import ScenarioModule
from pytest_pare.items import ScenarioItem, fatal_reason_of, payload_of
from pytest_pare.options import SETTINGS_KEY, NoiseLevel

_REPORTER_KEY = pytest.StashKey["_ReporterPlugin"]()


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    options.addoptions(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pare(scenario_id, apps, tags, app, tag): a PARE scenario run; "
        "select with -m pare, -m \"pare(app='email')\" or -m \"pare(tag='multi-app')\"",
    )
    config.addinivalue_line(
        "markers",
        "pare_noise(tool_failure_probability=0.0, env_events_per_minute=0.0): "
        "noise for the scenarios of this class or module (overrides the session options)",
    )
    settings = options.settings_from_config(config)
    if settings.baseline is not None and not hasattr(config, "workerinput"):
        _check_baseline(settings.baseline)
    config.stash[SETTINGS_KEY] = settings
    if not settings.oracle and not hasattr(config, "workerinput"):
        # Workers inherit the controller's options: checking there too would only
        # turn the same usage error into an xdist INTERNALERROR.
        problem = _model_problem(settings)
        if problem:
            raise pytest.UsageError(problem)
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistHooks(), "pare-xdist")
    if not hasattr(config, "workerinput"):  # the controller or the single process
        reporter = _ReporterPlugin(config)
        config.stash[_REPORTER_KEY] = reporter
        config.pluginmanager.register(reporter, "pare-reporter")


def _check_baseline(path: Path) -> None:
    # Read it now: a corrupt baseline is a usage error before any run, not an
    # INTERNALERROR once every scenario has run.
    if not path.is_file():
        raise pytest.UsageError(
            f"--pare-baseline {path}: no such file; give a results.json "
            "or a file written by --pare-save-baseline"
        )
    from pytest_pare.report.gate import BaselineError, load_baseline

    try:
        load_baseline(path)
    except BaselineError as exc:
        raise pytest.UsageError(str(exc)) from None


def pytest_unconfigure(config: pytest.Config) -> None:
    reporter = config.stash.get(_REPORTER_KEY, None)
    if reporter is not None:
        config.pluginmanager.unregister(reporter)
        del config.stash[_REPORTER_KEY]


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(
    file_path: Path, parent: pytest.Collector
) -> Generator[None, list[pytest.Collector], list[pytest.Collector]]:
    collected = yield
    settings = parent.config.stash[SETTINGS_KEY]
    if (
        file_path.suffix != ".py"
        or file_path.name.startswith("_")
        or file_path.name == "conftest.py"
        or not any(file_path.is_relative_to(root) for root in settings.scenario_paths)
    ):
        return collected
    # A scenario file named on the command line (`pytest scenarios/x.py`) is also
    # offered to pytest's Python plugin, which would import it a second time as a
    # test module and register its scenario twice: keep only our collector.
    others = [c for c in collected if not isinstance(c, pytest.Module)]
    return [*others, ScenarioModule.from_parent(parent, path=file_path)]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    # tryfirst: entry-point items and the split are settled before -k/-m deselect,
    # so -k applies to entry-point scenarios and a split id is checked against all.
    settings = config.stash[SETTINGS_KEY]
    try:
        if settings.entry_points:
            from pytest_pare.collectors import collect_entry_point_items

            items.extend(
                collect_entry_point_items(
                    session, {i.scenario_id for i in items if isinstance(i, ScenarioItem)}
                )
            )
        if settings.split_ids is not None:
            _apply_split(config, items, settings.split_ids)
    except pytest.UsageError as exc:
        if not hasattr(config, "workerinput"):
            raise
        # A worker's UsageError is an xdist INTERNALERROR that hides the message:
        # send it as a failed collect report, which the controller turns into the
        # usage error (see _ReporterPlugin.pytest_collectreport).
        report = pytest.CollectReport(
            "", "failed", longrepr=str(exc), result=[], pare_usage_error=True
        )
        config.hook.pytest_collectreport(report=report)
        config.hook.pytest_deselected(items=list(items))
        items[:] = []


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    if hasattr(session.config, "workerinput"):
        return  # under xdist the controller checks (a worker's UsageError is an INTERNALERROR)
    if any(isinstance(i, ScenarioItem) for i in session.items):
        problem = _session_start_problem(session.config)
        if problem:
            raise pytest.UsageError(problem)


def _model_problem(settings: options.Settings) -> str | None:
    """Why the agent-mode model options cannot be resolved, or None (checked at configure)."""
    from pytest_pare.agents.errors import UnknownModelError
    from pytest_pare.agents.models import validate_engine_options

    try:
        validate_engine_options(options.runner_config(settings))
    except UnknownModelError as exc:
        message = str(exc)
        for role in ("user", "observe", "execute"):
            # The role's model came from --pare-model: name the option the user typed.
            prefix = f"--pare-{role}-model: "
            if message.startswith(prefix) and getattr(settings, f"{role}_model") is None:
                message = f"--pare-model (the {role} role): " + message[len(prefix) :]
        return message
    except ValueError as exc:  # the runner config refused a value (pydantic names the field)
        return f"invalid agent-mode option: {exc}"
    return None


def _session_start_problem(config: pytest.Config) -> str | None:
    """Why the selected scenarios cannot run, or None: checked once, before any run.

    Agent mode needs the two-agent runner, and every distinct model must be able
    to answer (credentials set, endpoint up); oracle mode checks nothing and never
    imports the agents. ``--collect-only`` runs nothing, so it needs no model.
    """
    settings = config.stash[SETTINGS_KEY]
    if settings.oracle:
        return None
    try:
        import pytest_pare.runner.two_agent  # noqa: F401
    except ImportError as exc:
        return (
            "agent mode (no --pare-oracle) needs pytest_pare.runner.two_agent, which is not "
            f"available ({exc}); run with --pare-oracle to replay the oracle actions instead"
        )
    if config.option.collectonly:
        return None
    from pytest_pare.agents.engines import check_engines
    from pytest_pare.agents.errors import PareFatalEngineError, UnknownModelError

    try:
        check_engines(options.runner_config(settings))
    except (PareFatalEngineError, UnknownModelError) as exc:
        return f"agent mode cannot start, no scenario was run: {exc}"
    return None


def _apply_split(
    config: pytest.Config, items: list[pytest.Item], split_ids: tuple[str, ...]
) -> None:
    scenario_ids = {i.scenario_id for i in items if isinstance(i, ScenarioItem)}
    unknown = [sid for sid in split_ids if sid not in scenario_ids]
    if unknown:
        raise pytest.UsageError(
            f"--pare-split {config.stash[SETTINGS_KEY].split}: {len(unknown)} id(s) match no "
            f"collected scenario: {', '.join(unknown)}; fix the split file or collect the "
            "folders that define them"
        )
    wanted = set(split_ids)
    keep = [i for i in items if not isinstance(i, ScenarioItem) or i.scenario_id in wanted]
    dropped = [i for i in items if isinstance(i, ScenarioItem) and i.scenario_id not in wanted]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    payload = payload_of(report)
    if payload is None or not payload.get("cached") or report.when != "call":
        return None
    word = {"passed": "PASSED (cached)", "failed": "FAILED (cached)"}.get(report.outcome)
    letter = {"passed": ".", "failed": "F"}.get(report.outcome)
    return (report.outcome, letter, word) if word else None


def pytest_sessionfinish(session: pytest.Session) -> None:
    from pytest_pare import _inflight

    _inflight.close(session.config)


class _XdistHooks:
    """Hooks only xdist calls; registered only when xdist is present (as pytest-randomly does)."""

    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        # With several runs in flight per worker, a worker must be sent enough items
        # ahead of time to fill its pool (see _inflight).
        if config.stash[SETTINGS_KEY].concurrency > 1 and config.getoption("dist") == "load":
            from pytest_pare._inflight import make_xdist_scheduler

            return make_xdist_scheduler(config, log)
        return None


@pytest.fixture
def pare_noise(request: pytest.FixtureRequest) -> NoiseLevel:
    """The effective noise of the current scenario item, or the session's noise for other tests."""
    node = request.node
    if isinstance(node, ScenarioItem):
        return node.noise
    return request.config.stash[SETTINGS_KEY].default_noise


class _ReporterPlugin:
    """Feeds test reports to the reporter; prints and gates at the end. Controller only."""

    def __init__(self, config: pytest.Config) -> None:
        from pytest_pare.report.reporter import Reporter

        self.config = config
        self.reporter = Reporter(config.stash[SETTINGS_KEY])
        self._session_checked = False

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.reporter.expect(i.nodeid for i in session.items if isinstance(i, ScenarioItem))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        # The controller collects nothing itself: the workers' (identical)
        # collections tell it which runs were selected.
        scenario_ids = [i for i in ids if self._looks_like_scenario(i)]
        self.reporter.expect(scenario_ids)
        if scenario_ids and not self._session_checked:
            # Once, before the scheduler sends any item: every worker collects the same.
            self._session_checked = True
            problem = _session_start_problem(self.config)
            if problem:
                pytest.exit(problem, returncode=pytest.ExitCode.USAGE_ERROR)

    @pytest.hookimpl(tryfirst=True)
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if getattr(report, "pare_usage_error", False):  # a worker's usage error, see above
            pytest.exit(str(report.longrepr), returncode=pytest.ExitCode.USAGE_ERROR)

    def _looks_like_scenario(self, nodeid: str) -> bool:
        settings = self.config.stash[SETTINGS_KEY]
        path = nodeid.split("::", 1)[0]
        if path.startswith("<pare.scenarios "):
            return True
        full = (self.config.rootpath / path).resolve()
        return any(full.is_relative_to(root.resolve()) for root in settings.scenario_paths)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        reason = fatal_reason_of(report)
        if reason is not None and self.reporter.stop_reason is None:
            self.reporter.stop_reason = reason
            # Under xdist the reporting worker stops itself; telling the controller's
            # loop now stops the other workers too instead of letting them hit the
            # same error item after item.
            dsession = self.config.pluginmanager.getplugin("dsession")
            if dsession is not None and not getattr(dsession, "shouldstop", True):
                dsession.shouldstop = reason
        payload = payload_of(report)
        if payload is not None:
            self.reporter.add_payload(report.nodeid, payload)
        elif report.when not in ("setup", "call", "teardown"):
            # xdist reports an item whose worker died with when="???".
            if self.reporter.is_scenario(report.nodeid) or self._looks_like_scenario(report.nodeid):
                self.reporter.add_crash(report.nodeid, _first_line(report.longreprtext))
        elif report.failed and self.reporter.is_scenario(report.nodeid):
            self.reporter.add_error(
                report.nodeid, f"{report.when.capitalize()}Error", _first_line(report.longreprtext)
            )

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if (
            self.reporter.expected is None and not self.reporter.rows
        ) or self.config.option.collectonly:
            return  # no scenario run was selected: nothing to report
        stopped = (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.USAGE_ERROR)
        if not self.reporter.rows and exitstatus in stopped:
            return  # stopped before any run (a collection or usage error): pytest says why
        settings = self.config.stash[SETTINGS_KEY]
        rows, summary = self.reporter.finish(_environment(settings))
        self.config.hook.pytest_pare_session_results(config=self.config, rows=rows, summary=summary)
        if (
            self.reporter.gate_failed
            or self.reporter.crashed
            or (
                self.reporter.not_run
                and not (session.shouldstop or session.shouldfail or self.reporter.stop_reason)
            )
        ):
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.reporter.lines:
            return
        terminalreporter.section("PARE summary")
        for line in self.reporter.lines:
            terminalreporter.write_line(line)
        files = self.reporter.files
        if files is not None and files.paths:
            terminalreporter.write_line(f"results: {', '.join(str(p) for p in files.paths)}")


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no details"


def _environment(settings: options.Settings) -> dict[str, Any]:
    from pytest_pare import __version__

    return {
        "pytest_pare": __version__,
        "python": platform.python_version(),
        "platform": sys.platform,
        "mode": "oracle" if settings.oracle else "agent",
        "models": {role: settings.role_model(role) for role in ("user", "observe", "execute")},
        "seed": settings.seed,
        "runs": settings.runs,
        "noise": [lvl.id for lvl in settings.noise_matrix]
        if settings.noise_matrix
        else [settings.default_noise.id],
        "split": settings.split,
    }
