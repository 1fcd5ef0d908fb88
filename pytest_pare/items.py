"""``ScenarioItem``: one run of one scenario, its outcome, failure text and report row.

The collectors that build these items are in ``collectors.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from _pytest.fixtures import TopRequest
from _pytest.outcomes import Failed

from pytest_pare._session.cache import ItemCache
from pytest_pare._session.catalog import keep_worker_row
from pytest_pare._session.index import ScenarioInfo
from pytest_pare._session.rows import (
    AGENT_ERROR,
    FATAL_KEY,
    SAVED_KEY,
    error_text,
    failure_text,
    pytest_outcome,
    report_properties,
    run_row,
    scenario_source,
)
from pytest_pare.options import SETTINGS_KEY, NoiseLevel, Settings
from pytest_pare.options.values import noise_from_marker

if TYPE_CHECKING:
    from pytest_pare.runner.protocols import Runner
    from pytest_pare.scenarios import PAREScenarioValidationResult, ScenarioRunnerConfig

# -- scenario metadata ---------------------------------------------------------------------------


def scenario_id_of(cls: type) -> str:
    return str(getattr(cls, "scenario_id", None) or cls.__name__)


def apps_of(cls: type) -> tuple[str, ...]:
    apps_used = getattr(cls, "apps_used", None)
    apps = apps_used() if callable(apps_used) else ()
    return tuple(sorted({str(a) for a in apps or ()}))


def tags_of(cls: type) -> tuple[str, ...]:
    tags = getattr(cls, "tags", None) or ()
    if isinstance(tags, str):
        tags = (tags,)
    return tuple(sorted({str(t) for t in tags}))


def marks_of(obj: object) -> list[pytest.Mark]:
    """The marks set on a class or module through ``pytestmark`` or decorators."""
    raw = getattr(obj, "pytestmark", [])
    raw = raw if isinstance(raw, list | tuple) else [raw]
    marks = (getattr(m, "mark", m) for m in raw)
    return [m for m in marks if isinstance(m, pytest.Mark)]


def scenario_info(cls: type) -> ScenarioInfo:
    """What collection needs of a scenario class (kept in the index, see ``_session/index.py``)."""
    return ScenarioInfo(
        scenario_id=scenario_id_of(cls),
        qualname=cls.__qualname__,
        apps=apps_of(cls),
        tags=tags_of(cls),
        marks=tuple(marks_of(cls)),
    )


#: app and tag marker names already registered (or found in the ini) this session
_MARKERS_SEEN_KEY = pytest.StashKey[set[str]]()


def _register_marker(config: pytest.Config, name: str, description: str) -> None:
    # Markers named after apps and tags are only known once scenario modules are
    # imported; registering them here keeps --strict-markers happy. Every item
    # asks for its apps and tags, so each name is looked up once per session,
    # not the whole markers ini re-parsed per item.
    seen = config.stash.setdefault(_MARKERS_SEEN_KEY, set())
    if name in seen:
        return
    seen.add(name)
    registered = {
        line.split(":", 1)[0].split("(", 1)[0].strip() for line in config.getini("markers")
    }
    if name not in registered:
        config.addinivalue_line("markers", f"{name}: {description}")


# -- the item ------------------------------------------------------------------------------------


class ScenarioFailed(Failed):
    """The run finished and its validation failed (reported as a failure)."""

    # As pytest does for its own Failed: the short summary then reads
    # "ScenarioFailed: <text>", not the module path eating the line's width.
    __module__ = "builtins"


class ScenarioRunError(Failed):
    """The run raised, timed out or could not start (reported as an error); a run whose
    model misbehaved (``agent_error``) is a ``ScenarioFailed`` instead."""

    __module__ = "builtins"


class ScenarioItem(pytest.Item):
    """One run of one scenario. The run happens in ``setup`` so that an exception is an error.

    Built from a ``ScenarioInfo``: the class itself is needed only to run, so an
    item collected from the scenario index loads it (importing its module) on
    first use of ``scenario_cls``, through ``load_class``.
    """

    def __init__(
        self,
        *,
        scenario: ScenarioInfo,
        scenario_cls: type | None = None,
        load_class: Callable[[ScenarioInfo], type] | None = None,
        run_number: int,
        matrix_noise: NoiseLevel | None,
        module_marks: list[pytest.Mark],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        if scenario_cls is None and load_class is None:
            raise TypeError("a ScenarioItem needs its scenario_cls or a load_class to find it")
        self._scenario_cls = scenario_cls
        self._load_class = load_class
        self.scenario_id = scenario.scenario_id
        self.run_number = run_number
        self.matrix_noise = matrix_noise
        self.apps = scenario.apps
        self.tags = scenario.tags
        self.result: PAREScenarioValidationResult | None = None
        #: the run's status (``report.status``), known once ``setup`` ran
        self.status: str | None = None
        self.run_config: ScenarioRunnerConfig | None = None
        self.cached = False
        self.extra_keyword_matches.update({"pare", self.scenario_id, *self.apps, *self.tags})
        # Class marks first: get_closest_marker returns the first match, and a
        # scenario class's pare_noise(...) must win over its module's.
        for mark in [*scenario.marks, *module_marks]:
            self._add_mark(mark)
        self._add_mark(
            pytest.mark.pare(scenario_id=self.scenario_id, apps=self.apps, tags=self.tags).mark
        )
        for kind, names in (("app", self.apps), ("tag", self.tags)):
            for value in names:
                _register_marker(self.config, value, f"PARE scenarios with the {kind} {value!r}")
                self._add_mark(getattr(pytest.mark, value).mark)
                self._add_mark(pytest.mark.pare(**{kind: value}).mark)
        # Fixture support, as pytest's own doctest items have it: autouse fixtures
        # and usefixtures marks run around each scenario run.
        self.obj = None
        fixtureinfo = self.session._fixturemanager.getfixtureinfo(node=self, func=None, cls=None)
        self._fixtureinfo = fixtureinfo
        self.fixturenames = fixtureinfo.names_closure
        self.funcargs: dict[str, object] = {}
        self._request = TopRequest(self, _ispytest=True)  # type: ignore[arg-type]

    def _add_mark(self, mark: pytest.Mark) -> None:
        self.own_markers.append(mark)
        self.keywords[mark.name] = mark

    @property
    def scenario_cls(self) -> type:
        """The scenario class; loaded (its module imported) on first use. Thread-safe."""
        cls = self._scenario_cls
        if cls is None:
            assert self._load_class is not None
            cls = self._scenario_cls = self._load_class(self.scenario)
        return cls

    @property
    def settings(self) -> Settings:
        return self.config.stash[SETTINGS_KEY]

    @property
    def noise(self) -> NoiseLevel:
        """The effective noise: matrix level, else a ``pare_noise`` marker, else the options."""
        if self.matrix_noise is not None:
            return self.matrix_noise
        default = self.settings.default_noise
        marker = self.get_closest_marker("pare_noise")
        if marker is None:
            return default
        return noise_from_marker(marker.args, dict(marker.kwargs), default)

    def runner_config(self) -> ScenarioRunnerConfig:
        from pytest_pare.scenarios.config import runner_config

        config = runner_config(self.settings, self.noise)
        modified = self.ihook.pytest_pare_modify_runner_config(item=self, config=config)
        return config if modified is None else modified

    def make_runner(self) -> Runner:
        runner = self.ihook.pytest_pare_make_runner(item=self)
        if runner is None:
            from pytest_pare.runner import run_scenario

            runner = run_scenario
        return runner

    def execute(self) -> tuple[PAREScenarioValidationResult, bool]:
        """This run's (result, cached): from the cache or a fresh run. Thread-safe."""
        result, cached = self._execute()
        if self.settings.adaptive:
            # Recorded as the run ends, not when its item reports: with runs in
            # flight, the runs after it may start as soon as their turn is decided.
            from pytest_pare._session.adaptive import record_result

            record_result(self.config, self.nodeid, result)
        return result, cached

    def _execute(self) -> tuple[PAREScenarioValidationResult, bool]:
        config = self.runner_config()
        self.run_config = config
        cache = ItemCache.for_run(
            self.settings,
            config,
            scenario_cls=self.scenario_cls,
            scenario_id=self.scenario_id,
            run_number=self.run_number,
            noise=self.noise,
        )
        if cache is not None:
            hit = cache.get()
            if hit is not None:
                return hit, True
        result = self.make_runner()(self.scenario_cls, config, run_number=self.run_number)
        if cache is not None:
            cache.put(result)
        return result, False

    def setup(self) -> None:
        if self.settings.adaptive:
            from pytest_pare._session.adaptive import skip_reason

            reason = skip_reason(self.config, self.nodeid)
            if reason is not None:
                self.user_properties.append((SAVED_KEY, reason))
                # Located at the scenario's class (as a skip mark is), not at this line.
                located = self.reportinfo()[1] is not None
                raise pytest.skip.Exception(reason, _use_item_location=located)
        self._request._fillfixtures()
        from pytest_pare._session.inflight import result_for

        self.result, self.cached = result_for(self)
        self.ihook.pytest_pare_result(item=self, result=self.result)
        payload = self.payload()
        self.user_properties.extend(report_properties(payload))
        keep_worker_row(self.config, payload)  # for a report an interrupt leaves unprocessed
        self.status = payload["status"]
        if pytest_outcome(self.status) == "error":
            reason = self._fatal_reason()
            if reason is not None:
                # Every other run would fail the same way (a rejected key, a dead
                # endpoint): stop once. The property tells the controller why.
                self.session.shouldstop = reason
                self.user_properties.append((FATAL_KEY, reason))
            raise ScenarioRunError(self._error_text(payload), pytrace=False)

    def runtest(self) -> None:
        assert self.result is not None
        if self.status == AGENT_ERROR:
            # The model under test failed its task (no valid action, context
            # overflow): a failure of the test, told like the run's error.
            raise ScenarioFailed(self._error_text(self.payload()), pytrace=False)
        if self.result.success is not True:
            raise ScenarioFailed(self._failure_text(), pytrace=False)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        if isinstance(excinfo.value, ScenarioFailed | ScenarioRunError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        try:
            line = scenario_source(self.scenario_cls, self.config.rootpath).line
        except Exception:  # noqa: BLE001 - a class that cannot be loaded: the run says why
            line = None
        # 0-based, as pytest counts: reports (JUnit's line too) point at the class.
        return (
            self.path,
            None if line is None else line - 1,
            f"scenario {self.nodeid.split('::', 1)[-1]}",
        )

    def _fatal_reason(self) -> str | None:
        """The session's stop message when this run raised a ``PareFatalEngineError``."""
        exc = self.result.exception if self.result is not None else None
        if exc is None or self.settings.oracle:
            return None  # oracle runs call no model; the agents package stays unimported
        from pytest_pare.agents.errors import PareFatalEngineError

        if not isinstance(exc, PareFatalEngineError):
            return None
        return (
            f"fatal model error in {self.scenario_id} run {self.run_number}, session stopped "
            f"(every other run would fail the same way): {type(exc).__name__}: {exc}"
        )

    # -- glue to _rows (the row and the texts are built there, without pytest) ------------------

    def _failure_text(self) -> str:
        assert self.result is not None
        return failure_text(self.result, self.scenario_id, self.run_number, cached=self.cached)

    def _error_text(self, payload: dict[str, Any]) -> str:
        return error_text(
            payload,
            self.result.exception if self.result is not None else None,
            self.scenario_id,
            self.run_number,
            traceback=self.config.getoption("tbstyle", "auto") == "long",
        )

    def payload(self) -> dict[str, Any]:
        """This run's JSON-safe row fields, the only data that travels to the controller."""
        assert self.result is not None
        return run_row(
            self.result,
            scenario_id=self.scenario_id,
            run_number=self.run_number,
            noise=self.noise,
            apps=self.apps,
            tags=self.tags,
            cached=self.cached,
            nodeid=self.nodeid,
            oracle=self.settings.oracle,
            run_config=self.run_config,
            source=scenario_source(self.scenario_cls, self.config.rootpath),
        )
