"""pytest hook implementations of pytest-pare (the ``pytest11`` entry point ``pare``).

Each hook routes to the module that does the work: options.py settles the
options, collectors.py builds scenario items, items.py runs them, report/
gathers and writes results on the controller.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from pytest_pare import hookspecs, options
from pytest_pare._session.bounds import BOUNDS_KEY, SessionBounds
from pytest_pare._session.checks import (
    check_baseline,
    check_shard_durations,
    model_problem,
    output_problems,
    session_start_problem,
)
from pytest_pare._session.controller import ReporterPlugin
from pytest_pare._session.index import save_index
from pytest_pare._session.interrupts import repair_lineless_traceback
from pytest_pare._session.rows import payload_of
from pytest_pare.collectors import ScenarioModule, apply_split, load_scenario_classes
from pytest_pare.items import ScenarioItem
from pytest_pare.options import SETTINGS_KEY, NoiseLevel

_REPORTER_KEY = pytest.StashKey[ReporterPlugin]()
#: the ``pytest_pare`` logger's level before ``_show_agent_steps`` raised it
_LOGGER_LEVEL_KEY = pytest.StashKey[int]()
# Whether this process froze its heap after a collection (pytest_collection_finish).
_FROZEN = [False]


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
    # Workers inherit the controller's options: checking there too would only
    # turn the same usage error into an xdist INTERNALERROR.
    controller = not hasattr(config, "workerinput")  # or the single process
    if controller:
        if settings.baseline is not None:
            check_baseline(settings.baseline)
        if settings.shard is not None and settings.shard_durations is not None:
            check_shard_durations(settings.shard_durations)
        problems = output_problems(settings)
        if problems:
            raise pytest.UsageError("\n".join(problems))
    config.stash[SETTINGS_KEY] = settings
    if controller:
        _warn_or_refuse(config, settings)
    _show_agent_steps(config)
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistHooks(), "pare-xdist")
    if settings.shard is not None:
        config.pluginmanager.register(_ShardHooks(), "pare-shard")
    bounds = SessionBounds(config)
    config.stash[BOUNDS_KEY] = bounds
    config.pluginmanager.register(bounds, "pare-bounds")
    if not settings.oracle:
        from pytest_pare._session.meter import MeterPlugin

        config.pluginmanager.register(MeterPlugin(config), "pare-meter")
    if controller:
        reporter = ReporterPlugin(config)
        config.stash[_REPORTER_KEY] = reporter
        config.pluginmanager.register(reporter, "pare-reporter")


@pytest.hookimpl(trylast=True)
def pytest_pare_make_runner(item: ScenarioItem) -> Any:
    """``--pare-lint``: a scenario item lints its scenario instead of running it."""
    if not item.settings.lint:
        return None
    from pytest_pare.lint import lint_runner

    return lint_runner


def _warn_or_refuse(config: pytest.Config, settings: options.Settings) -> None:
    """The controller's warnings about options that will not do what they seem, and model errors."""
    ignored = options.ignored_by_oracle(settings)
    if ignored:
        # Likely a forgotten flag in a script: say so rather than run the oracle
        # while the user believes a model was evaluated.
        config.issue_config_time_warning(
            pytest.PytestConfigWarning(
                f"--pare-oracle replays the expected actions and calls no model: "
                f"{', '.join(ignored)} ignored"
            ),
            stacklevel=2,
        )
    from pytest_pare._session.xdist import distribution_problem

    if settings.adaptive and getattr(config.option, "dist", "no") == "each":
        raise pytest.UsageError(
            "--pare-runs=auto with --dist=each: every worker would run every run; "
            "use --dist=load (the default with -n)"
        )
    problem = distribution_problem(config, settings.concurrency)
    if problem:
        config.issue_config_time_warning(pytest.PytestConfigWarning(problem), stacklevel=2)
    problem = None if settings.oracle else model_problem(settings)
    if problem:
        raise pytest.UsageError(problem)


def _show_agent_steps(config: pytest.Config) -> None:
    # Agent steps log at INFO and pytest's live log shows WARNING and up unless a
    # level is set: with -o log_cli=true alone the user asked to watch the run,
    # so lower our logger (only ours, and only then) to INFO.
    try:
        live = bool(config.getini("log_cli"))
    except ValueError:  # -p no:logging: no live log to feed
        return
    if not live:
        return
    for name in ("log_cli_level", "log_level"):
        if config.getoption(name, None) not in (None, "") or config.getini(name) not in (None, ""):
            return  # the user chose a level: theirs stands
    logger = logging.getLogger("pytest_pare")
    config.stash[_LOGGER_LEVEL_KEY] = logger.level
    logger.setLevel(logging.INFO)


def pytest_unconfigure(config: pytest.Config) -> None:
    level = config.stash.get(_LOGGER_LEVEL_KEY, None)
    if level is not None:
        logging.getLogger("pytest_pare").setLevel(level)
        del config.stash[_LOGGER_LEVEL_KEY]
    reporter = config.stash.get(_REPORTER_KEY, None)
    if reporter is not None:
        config.pluginmanager.unregister(reporter)
        del config.stash[_REPORTER_KEY]
    bounds = config.stash.get(BOUNDS_KEY, None)
    if bounds is not None:
        config.pluginmanager.unregister(bounds)
        del config.stash[BOUNDS_KEY]
    from pytest_pare._session.catalog import remove_folder

    remove_folder(config)


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
            apply_split(config, items, settings.split_ids)
        if settings.adaptive and settings.min_success_rate is not None:
            from pytest_pare._session.adaptive import in_rounds

            # Round by round (run 1 of every scenario, then run 2, ...): the
            # success-rate gate is judged after each complete round.
            items[:] = in_rounds(items)
    except pytest.UsageError as exc:
        if not hasattr(config, "workerinput"):
            raise
        # A worker's UsageError is an xdist INTERNALERROR that hides the message:
        # send it as a failed collect report, which the controller turns into the
        # usage error (see _controller.ReporterPlugin.pytest_collectreport).
        report = pytest.CollectReport(
            "", "failed", longrepr=str(exc), result=[], pare_usage_error=True
        )
        config.hook.pytest_collectreport(report=report)
        config.hook.pytest_deselected(items=list(items))
        items[:] = []


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_keyboard_interrupt(
    excinfo: pytest.ExceptionInfo[BaseException],
) -> Generator[None, None, None]:
    # Before pytest's terminal formats it: a Ctrl-C that landed as a function was
    # starting has a traceback entry without a line, which pytest cannot format.
    repair_lineless_traceback(excinfo)
    return (yield)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    save_index(session.config)
    has_scenarios = any(isinstance(i, ScenarioItem) for i in session.items)
    if has_scenarios:
        session.config.stash[BOUNDS_KEY].arm_signals()
    if has_scenarios and not session.config.option.collectonly:
        # Items served by the scenario index have not imported their modules yet:
        # do it now, for the selected items only, so the freeze below covers them.
        load_scenario_classes(session.items)
    if has_scenarios and not _FROZEN[0]:
        # ARE's imports and the scenario classes live until exit: keeping them out
        # of every later full collection (pytest's two at the end, the
        # interpreter's) saves ~0.6 s per process (docs/performance.md, finding 1).
        # Once per process: under pytester's in-process sessions a second freeze
        # would pin the previous session's garbage until exit.
        gc.freeze()
        _FROZEN[0] = True
    from pytest_pare._session import catalog

    scenario_items = [i for i in session.items if isinstance(i, ScenarioItem)]
    reporter = session.config.stash.get(_REPORTER_KEY, None)
    if reporter is not None:
        reporter.expect((i.nodeid for i in scenario_items), catalog.catalog_of(scenario_items))
    if session.config.stash[SETTINGS_KEY].adaptive:
        from pytest_pare._session.adaptive import start_plan

        start_plan(session.config, (i.nodeid for i in scenario_items))
    if hasattr(session.config, "workerinput"):
        catalog.write_worker_catalog(session.config, catalog.catalog_of(scenario_items))
        return  # under xdist the controller checks (a worker's UsageError is an INTERNALERROR)
    if has_scenarios:
        problem = session_start_problem(session.config)
        if problem:
            raise pytest.UsageError(problem)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if isinstance(item, ScenarioItem):
        # xdist must serialise every user property; one a hook added that it
        # cannot (an object, a set) would crash the worker and the session.
        from pytest_pare._util.jsonable import jsonable

        report.user_properties = [(str(k), jsonable(v)) for k, v in report.user_properties]
    return report


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    payload = payload_of(getattr(report, "user_properties", ()))
    if payload is None or not payload.get("cached") or report.when != "call":
        return None
    word = {"passed": "PASSED (cached)", "failed": "FAILED (cached)"}.get(report.outcome)
    letter = {"passed": ".", "failed": "F"}.get(report.outcome)
    return (report.outcome, letter, word) if word else None


class _XdistHooks:
    """Hooks only xdist calls; registered only when xdist is present (as pytest-randomly does)."""

    def pytest_configure_node(self, node: Any) -> None:
        # Where this worker leaves its scenarios' apps and tags (see _session/catalog.py).
        from pytest_pare._session.catalog import WORKERINPUT_KEY, folder_for_workers

        node.workerinput[WORKERINPUT_KEY] = str(folder_for_workers(node.config))
        # Where the workers share the session's rate limits (see _session/meter.py).
        from pytest_pare._session.meter import configure_node

        configure_node(node)

    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if config.stash[SETTINGS_KEY].adaptive:
            # The runs of a scenario are decided in order: see _session/adaptive.py.
            from pytest_pare._session.xdist import make_adaptive_scheduler

            return make_adaptive_scheduler(config, log)
        # With several runs in flight per worker, a worker must be sent enough items
        # ahead of time to fill its pool (see _inflight).
        if config.stash[SETTINGS_KEY].concurrency > 1 and config.getoption("dist") == "load":
            from pytest_pare._session.xdist import make_xdist_scheduler

            return make_xdist_scheduler(config, log)
        return None


class _ShardHooks:
    """``--pare-shard``: deselect the items of the other shards; registered only then."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        # trylast: after -k, -m and --pare-split, so the shards split what is selected.
        from pytest_pare._session.shard import SHARD_KEY, read_durations, select_shard, shard_block

        settings = config.stash[SETTINGS_KEY]
        assert settings.shard is not None
        index, count = settings.shard
        durations = read_durations(settings.shard_durations) if settings.shard_durations else None
        keep, drop = select_shard(
            items,
            index,
            count,
            nodeid=lambda i: i.nodeid,
            scenario_id=lambda i: i.scenario_id if isinstance(i, ScenarioItem) else None,
            durations=durations,
        )
        selected = [i.nodeid for i in items if isinstance(i, ScenarioItem)]
        block = shard_block(index, count, selected, "durations" if durations else "count")
        config.stash[SHARD_KEY] = block
        workeroutput = getattr(config, "workeroutput", None)
        if workeroutput is not None:  # the xdist controller collects nothing: tell it
            workeroutput["pare_shard"] = block
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep


@pytest.fixture
def pare_noise(request: pytest.FixtureRequest) -> NoiseLevel:
    """The effective noise of the current scenario item, or the session's noise for other tests."""
    node = request.node
    if isinstance(node, ScenarioItem):
        return node.noise
    return request.config.stash[SETTINGS_KEY].default_noise
