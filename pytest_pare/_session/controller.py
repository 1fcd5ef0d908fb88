"""The controller's plugin object: feeds test reports to the Reporter, prints and gates.

``plugin.pytest_configure`` registers it only on the xdist controller or in the
single process (xdist brings the workers' reports to the controller).
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Generator, Iterable, Mapping
from typing import Any

import pytest

from pytest_pare import options
from pytest_pare._session.catalog import read_worker_catalogs, read_worker_rows
from pytest_pare._session.checks import scenario_path_hint, session_start_problem
from pytest_pare._session.interrupts import interruption_reason, sigint_held
from pytest_pare._session.rows import fatal_reason_of, payload_of, saved_reason_of
from pytest_pare._util.stop import pending_interrupt, stop_reason
from pytest_pare.options import SETTINGS_KEY


class ReporterPlugin:
    """Feeds test reports to the reporter; prints and gates at the end. Controller only."""

    def __init__(self, config: pytest.Config) -> None:
        from pytest_pare.report.reporter import Reporter

        self.config = config
        settings = config.stash[SETTINGS_KEY]
        self.reporter = Reporter(settings, agent_columns=_session_agent_columns(settings))
        self._session_checked = False
        #: node ids of tests that are not scenario runs and failed: under a gate they
        #: still fail the session, as pytest would
        self.other_failures: set[str] = set()
        self._summary_shown = False

    def expect(
        self, nodeids: Iterable[str], catalog: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        """The scenario runs this process selected, and their scenarios' apps and tags."""
        self.reporter.expect(nodeids)
        if catalog:
            self.reporter.add_catalog(catalog)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        # The controller collects nothing itself: the workers' (identical)
        # collections tell it which runs were selected.
        scenario_ids = [i for i in ids if self._looks_like_scenario(i)]
        self.reporter.expect(scenario_ids)
        if scenario_ids:
            from pytest_pare._session.bounds import BOUNDS_KEY

            bounds = self.config.stash.get(BOUNDS_KEY, None)
            if bounds is not None:
                bounds.arm_signals()
        if scenario_ids and not self._session_checked:
            # Once, before the scheduler sends any item: every worker collects the same.
            self._session_checked = True
            problem = session_start_problem(self.config)
            if problem:
                pytest.exit(problem, returncode=pytest.ExitCode.USAGE_ERROR)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        # Under xdist only the workers collect: a shard's selection comes from them.
        from pytest_pare._session.shard import SHARD_KEY

        block = getattr(node, "workeroutput", {}).get("pare_shard")
        if block is not None and SHARD_KEY not in self.config.stash:
            self.config.stash[SHARD_KEY] = block

    @pytest.hookimpl(tryfirst=True)
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if getattr(report, "pare_usage_error", False):  # a worker's usage error, see above
            pytest.exit(str(report.longrepr), returncode=pytest.ExitCode.USAGE_ERROR)
        if report.failed:
            # A file that failed to collect (kept going with --continue-on-collection-errors)
            # fails the session whatever the gate says, as a failed test does.
            self.other_failures.add(report.nodeid or "<collection>")

    def _looks_like_scenario(self, nodeid: str) -> bool:
        from pytest_pare._session.xdist import looks_like_scenario

        return looks_like_scenario(self.config, nodeid)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # Ctrl-C, xdist's --maxfail, pytest.exit: the results say the session was cut short.
        if self.reporter.interrupted is None:
            self.reporter.interrupted = interruption_reason(excinfo)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        reason = fatal_reason_of(getattr(report, "user_properties", ()))
        if reason is not None and self.reporter.stop_reason is None:
            self.reporter.stop_reason = reason
            # Under xdist the reporting worker stops itself; telling the controller's
            # loop now stops the other workers too instead of letting them hit the
            # same error item after item.
            dsession = self.config.pluginmanager.getplugin("dsession")
            if dsession is not None and not getattr(dsession, "shouldstop", True):
                dsession.shouldstop = reason
        saved = saved_reason_of(getattr(report, "user_properties", ()))
        if saved is not None:
            self.reporter.add_saved(report.nodeid, saved)
            return
        payload = payload_of(getattr(report, "user_properties", ()))
        if payload is not None:
            if isinstance(payload.get("status"), str):
                # Under xdist with rounds the controller's plan decides the runs to come.
                from pytest_pare._session.adaptive import record

                record(self.config, report.nodeid, payload["status"])
            self.reporter.add_payload(report.nodeid, payload)
        elif report.when not in ("setup", "call", "teardown"):
            # xdist reports an item whose worker died with when="???".
            if self.reporter.is_scenario(report.nodeid) or self._looks_like_scenario(report.nodeid):
                self.reporter.add_crash(report.nodeid, _last_line(report.longreprtext))
        elif report.failed and self.reporter.is_scenario(report.nodeid):
            self.reporter.add_error(
                report.nodeid, f"{report.when.capitalize()}Error", _last_line(report.longreprtext)
            )
        elif report.failed and not self._looks_like_scenario(report.nodeid):
            self.other_failures.add(report.nodeid)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(
        self, session: pytest.Session, exitstatus: int
    ) -> Generator[None, None, None]:
        # The results are written first, before xdist stops its workers and the
        # terminal prints its summary: a Ctrl-C during those steps (pressed as the
        # session reaches 100%) must not cost the results of runs that all finished.
        failure: Exception | None = None
        with sigint_held() as pressed:
            try:
                self._write_results(session, exitstatus)
            except Exception as exc:  # a defect: reported below, once xdist stopped its workers
                failure = exc
        try:
            yield
        except KeyboardInterrupt:
            pressed.append(1)  # in xdist's teardown or the terminal summary: results are out
        if failure is not None:
            # As pytest reports its own defects (INTERNALERROR, exit 3); raised from
            # here it would escape pytest as a bare traceback with Python's exit 1.
            self.config.notify_exception(
                pytest.ExceptionInfo.from_exception(failure), self.config.option
            )
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
            return
        if pressed:
            session.exitstatus = pytest.ExitCode.INTERRUPTED
            self._show_late_interrupt()

    def _write_results(self, session: pytest.Session, exitstatus: int) -> None:
        if (
            self.reporter.expected is None and not self.reporter.rows
        ) or self.config.option.collectonly:
            return  # no scenario run was selected: nothing to report
        if not self.reporter.rows and not (
            exitstatus == pytest.ExitCode.INTERRUPTED and self.reporter.interrupted
        ):
            return  # stopped before any run (a collection or usage error): pytest says why
        if self.reporter.interrupted is None and session.shouldfail:
            self.reporter.interrupted = str(session.shouldfail)  # -x / --maxfail
        pending = pending_interrupt()
        if self.reporter.interrupted is None and pending is not None:
            # A Ctrl-C or SIGTERM whose raise never reached pytest (_util.stop.interrupt).
            self.reporter.interrupted = interruption_reason(
                pytest.ExceptionInfo.from_exception(pending)
            )
        self.reporter.add_catalog(read_worker_catalogs(self.config))
        self.reporter.recover(read_worker_rows(self.config))
        settings = self.config.stash[SETTINGS_KEY]
        stopped_because = stop_reason()  # Ctrl-C, SIGTERM, --pare-session-timeout
        if stopped_because is None and not settings.oracle:
            from pytest_pare._session.budget import stop_reason_of

            stopped_because = stop_reason_of(self.config)  # --pare-max-cost, --pare-max-tokens
        if stopped_because is not None and self.reporter.stop_reason is None:
            self.reporter.stop_reason = stopped_because
        stopped = bool(session.shouldstop or session.shouldfail or self.reporter.stop_reason)
        if settings.adaptive:
            from pytest_pare._session.adaptive import plan_of

            self.reporter.leave_out_unneeded(plan_of(self.config))
        _keep_compiled_templates(self.config)
        rows, summary = self.reporter.finish(
            _environment(self.config, settings),
            stopped=stopped,
            extra=self._extra_blocks(),
        )
        self.config.hook.pytest_pare_session_results(config=self.config, rows=rows, summary=summary)
        verdict = self.reporter.verdict
        decided = (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
        if settings.gated and verdict is not None and not stopped:
            from dataclasses import replace

            from pytest_pare.report.gate import job_exit_status

            if settings.shard is not None and verdict.status == "failed":
                verdict = replace(verdict, status="passed")  # the merge of the shards decides
            if session.exitstatus in decided:
                session.exitstatus = job_exit_status(
                    verdict, other_failed=bool(self.other_failures), runs_failed=False
                )
        elif (
            self.reporter.gate_failed
            or self.reporter.crashed
            or (self.reporter.not_run and not stopped)
        ):
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        files = self.reporter.files
        if files is not None and files.failed and session.exitstatus in decided:
            # Results were lost: neither "all passed" (0) nor "scenarios failed" (1),
            # which would send the reader to a report that is not there.
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR
            self.reporter.lines.append(
                f"exit status 3: {len(files.failed)} result file(s) could not be written "
                "(see above); free space or fix the path (--pare-results-dir, --pare-html, "
                "--pare-save-baseline) and run again"
            )

    def _show_late_interrupt(self) -> None:
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is None:
            return
        terminal.ensure_newline()
        if not self._summary_shown:
            self.pytest_terminal_summary(terminal, pytest.ExitCode.INTERRUPTED)
        files = self.reporter.files
        where = ", ".join(str(p) for p in files.paths) if files is not None else ""
        terminal.write_line(
            "PARE: interrupted (Ctrl-C) while the session was finishing; "
            + (f"every reported run was written first: {where}" if where else "nothing to write")
        )

    def _extra_blocks(self) -> dict[str, Any]:
        """The blocks of results.json beyond rows, summary and gate that this session adds."""
        from pytest_pare._session.shard import SHARD_KEY

        extra: dict[str, Any] = {"tests": {"other_failed": sorted(self.other_failures)}}
        shard = self.config.stash.get(SHARD_KEY, None)
        if shard is not None:
            extra["shard"] = shard
        settings = self.config.stash[SETTINGS_KEY]
        if not settings.oracle:
            from pytest_pare._session.budget import budget_block

            budget = budget_block(self.config)
            if budget is not None:
                extra["budget"] = budget
        if settings.adaptive:
            from pytest_pare._session.adaptive import by_rounds, plan_of

            plan = plan_of(self.config)
            extra["adaptive"] = {
                "max_runs": settings.runs,
                "stops": "rounds" if by_rounds(settings) else "per scenario",
                "runs_made": len(self.reporter.rows),
                "runs_saved": len(self.reporter.saved),
                "runs_left_out": len(self.reporter.left_out),
                "settled_round": None if plan is None else plan.settled_round,
                # Node ids, so a merge of shards knows these runs were not lost.
                "saved": list(self.reporter.saved),
                "left_out": list(self.reporter.left_out),
            }
        return extra

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int) -> None:
        if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
            hint = scenario_path_hint(self.config)
            if hint is not None:
                terminalreporter.write_line(hint, yellow=True)
        if not self.reporter.lines:
            return
        self._summary_shown = True
        terminalreporter.section("PARE summary")
        for line in self.reporter.lines:
            terminalreporter.write_line(line)
        files = self.reporter.files
        if files is not None and files.paths:
            terminalreporter.write_line(f"results: {', '.join(str(p) for p in files.paths)}")
        # Workflow commands must start their own line of the job's log.
        for line in files.annotations if files is not None else ():
            terminalreporter.write_line(line)


def _keep_compiled_templates(config: pytest.Config) -> None:
    """Let the HTML report keep its compiled templates in pytest's cache for the next session."""
    from pytest_pare.report._page import keep_compiled_templates

    cache = getattr(config, "cache", None)
    folder = None
    if cache is not None:
        try:
            folder = cache.mkdir("pare-templates")
        except OSError:
            folder = None  # no cache folder: the templates are compiled, nothing else
    keep_compiled_templates(folder)


def _last_line(text: str) -> str:
    """The last non-blank line of a report's text: where a traceback names its error."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no details"


def _environment(config: pytest.Config, settings: options.Settings) -> dict[str, Any]:
    """The session's description for results.json and the report overview."""
    import shlex
    from datetime import UTC, datetime
    from importlib.metadata import PackageNotFoundError, version

    from pytest_pare import __version__

    try:
        are_version: str | None = version("meta-agents-research-environments")
    except PackageNotFoundError:
        are_version = None
    return {
        # The wall clock only dates the report: it never reaches a run or a row.
        "date": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "command": shlex.join(["pytest", *config.invocation_params.args]),
        "are_version": are_version,
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


def _session_agent_columns(settings: options.Settings) -> dict[str, Any]:
    """The agent columns of the session's runs, for the rows of runs that never report."""
    from pytest_pare._session.rows import agent_columns

    if settings.oracle:  # nothing more to know, and no runner config to import
        return agent_columns(None, oracle=True)
    from pytest_pare.scenarios.config import runner_config

    try:
        config = runner_config(settings)
    except Exception:  # settings a run would refuse: its usage error comes at session start
        return {}
    return agent_columns(config, oracle=settings.oracle)
