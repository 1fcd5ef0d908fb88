"""Fault injection, sessions that go wrong: killed workers, Ctrl-C, full disks, shared folders.

Every fault is triggered by the session itself at a chosen point (a scenario
run that kills its process, a hook that sends SIGINT), never by a timer, so the
outcome does not depend on the machine's speed. Sessions run in their own
process group (``start_new_session``): a SIGINT sent to the group, as a
terminal's Ctrl-C is, reaches the xdist controller and its workers but never
the test runner. Each test asserts the exit code, the message and the rows.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

#: a bound that only matters when a session hangs (it then fails the test)
SESSION_TIMEOUT = 300

FAULTS_CONFTEST = textwrap.dedent("""
    # -- faults a scenario run or a hook injects, chosen by environment variables --
    import signal


    def _sigint():
        # A terminal's Ctrl-C reaches every process of the foreground group.
        if os.environ.get("FAULT_SIGINT_GROUP"):
            os.killpg(os.getpgrp(), signal.SIGINT)
        else:
            os.kill(os.getpid(), signal.SIGINT)


    def fault_run(cls, config, *, run_number=1):
        if cls.fake_outcome == "sigkill":
            os.kill(os.getpid(), signal.SIGKILL)
        if cls.fake_outcome == "interrupt":
            _sigint()
            # The SIGINT interrupts this wait; the bound only matters if it never comes.
            threading.Event().wait(120)
            raise AssertionError("the SIGINT never arrived")
        raise AssertionError(cls.fake_outcome)


    def _full_disk():
        # Every file write past a few hundred bytes fails (EFBIG), as on a full disk;
        # the signal that would kill the process is ignored, as programs that handle
        # write errors do.
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, hard))


    def _rendezvous(folder):
        # Two sessions meet here, so their runs and their writes overlap.
        (folder / f"ready-{os.getpid()}").write_text("")
        event = threading.Event()
        for _ in range(1200):  # bound: 120 s, only reached if the other never comes
            if len(list(folder.glob("ready-*"))) >= 2:
                return
            event.wait(0.1)


    class Faults:
        def __init__(self, config):
            self.controller = not hasattr(config, "workerinput")
            self.started = False
            if os.environ.get("FAULT_SUMMARY_DEFECT"):
                import pytest_pare.report.stats as stats

                def summarize(*args, **kwargs):
                    raise ZeroDivisionError("a defect in a statistic")

                stats.summarize = summarize

        @pytest.hookimpl(tryfirst=True)
        def pytest_pare_make_runner(self, item):
            if item.scenario_cls.fake_outcome in ("sigkill", "interrupt"):
                return fault_run
            return None

        @pytest.hookimpl(tryfirst=True)
        def pytest_sessionfinish(self, session):
            if self.controller and os.environ.get("FAULT_SIGINT_AT_END"):
                _sigint()

        def pytest_pare_session_results(self, config, rows, summary):
            # Called while the result files are being written.
            if os.environ.get("FAULT_SIGINT_WHILE_WRITING"):
                _sigint()

        def pytest_collection_finish(self, session):
            if self.controller and os.environ.get("FAULT_RENDEZVOUS"):
                _rendezvous(Path(os.environ["FAULT_RENDEZVOUS"]))

        def pytest_runtest_logreport(self, report):
            if not self.controller or self.started or report.when != "teardown":
                return
            # The first run is done: the session's checks are long past.
            self.started = True
            if os.environ.get("FAULT_DISK_FULL"):
                _full_disk()
            if os.environ.get("FAULT_FOLDER_BECOMES_FILE"):
                folder = Path(os.environ["FAULT_FOLDER_BECOMES_FILE"])
                folder.mkdir(parents=True, exist_ok=True)
                folder.rmdir()
                folder.write_text("not a folder any more")


    @pytest.fixture(autouse=True)
    def _die_after_reporting(request):
        yield
        # The run has passed and its report has gone to the controller: the worker
        # dies before the item finishes (in its teardown).
        if request.node.nodeid.endswith(os.environ.get("FAULT_SIGKILL_IN_TEARDOWN", "-")):
            os.kill(os.getpid(), signal.SIGKILL)


    def pytest_configure(config):
        config.pluginmanager.register(Faults(config), "faults")
""")


@dataclass
class Session:
    """A finished pytest session of a project: exit code, output, files."""

    ret: int
    out: str
    path: Path
    results_dir: str = "pare-results"

    def results(self) -> dict[str, Any]:
        return json.loads((self.path / self.results_dir / "results.json").read_text())

    def rows(self) -> list[tuple[str, str, str | None]]:
        return [
            (r["scenario_id"], r["status"], r.get("exception_type")) for r in self.results()["rows"]
        ]


def run_session(project, *args: str, timeout: float = SESSION_TIMEOUT, **env: str) -> Session:
    """Run pytest on ``project`` in a new process group; ``env`` adds variables.

    Its temporary files go under the project (``TMPDIR``): a process these tests
    kill outright cannot remove its ARE sandbox folder, and the project's
    folder goes with pytest's own temporary folders.
    """
    if "TMPDIR" not in env:
        temp = project.pytester.path / "tmp"
        temp.mkdir(exist_ok=True)
        env = {**env, "TMPDIR": str(temp)}
    command = [
        sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly",
        "--pare-oracle", "--pare-no-cache", *args,
    ]  # fmt: skip
    proc = subprocess.Popen(
        command,
        cwd=project.pytester.path,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        pytest.fail(f"the session hung for {timeout} s:\n{out}")
    return Session(proc.returncode, out, project.pytester.path)


@pytest.fixture
def faults(pare_project):
    """The scripted project, its conftest extended by the fault injectors.

    In the root conftest: the xdist controller collects nothing, so it never
    loads a conftest below the rootdir.
    """
    conftest = pare_project.pytester.path / "conftest.py"
    conftest.write_text(conftest.read_text() + "\n" + FAULTS_CONFTEST)
    return pare_project


def assert_clean_exit(session: Session) -> None:
    """No traceback reached the user."""
    assert "Traceback" not in session.out and "INTERNALERROR" not in session.out, session.out


# -- a worker dies ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("how", ["crash", "sigkill"], ids=["os._exit", "SIGKILL"])
def test_a_worker_killed_mid_run_makes_its_run_an_error_in_every_report(faults, how: str) -> None:
    faults.add("alpha_ok", tags=("timing",))
    faults.add("beta_dies", outcome=how, apps=("calendar",), tags=("multi-app",))
    faults.add("gamma_ok")

    session = run_session(faults, "-n", "2")

    assert session.ret == pytest.ExitCode.TESTS_FAILED
    assert "worker 'gw" in session.out and "crashed while running" in session.out
    assert session.rows() == [
        ("alpha_ok", "passed", None),
        ("beta_dies", "error", "WorkerCrashed"),
        ("gamma_ok", "passed", None),
    ]
    doc = session.results()
    assert (doc["summary"]["passed"], doc["summary"]["errors"]) == (2, 1)
    assert doc["completion"]["complete"] is False and doc["completion"]["crashed"] == 1
    lost = doc["rows"][1]
    assert (lost["apps"], lost["tags"]) == (["calendar"], ["multi-app"])
    assert "1 run(s) lost to a crashed worker (reported as errors)" in session.out
    page = (session.path / "pare-results" / "report.html").read_text()
    assert "Session incomplete" in page and "1 lost to a crashed worker" in page


@pytest.mark.slow
def test_a_worker_killed_after_its_run_reported_never_counts_as_a_pass(faults) -> None:
    faults.add("alpha_ok")
    faults.add("beta_ok")

    session = run_session(
        faults, "-n", "2", "--pare-runs=2", FAULT_SIGKILL_IN_TEARDOWN="beta_ok[run-2]"
    )

    # pytest says the item failed; every PARE report agrees.
    assert session.ret == pytest.ExitCode.TESTS_FAILED
    assert "FAILED scenarios/beta_ok.py::beta_ok[run-2]" in session.out
    doc = session.results()
    (killed,) = [r for r in doc["rows"] if r["nodeid"].endswith("beta_ok[run-2]")]
    assert (killed["status"], killed["exception_type"]) == ("error", "WorkerCrashed")
    assert killed["reported_status"] == "passed"
    assert "after the run had reported passed" in killed["exception_message"]
    assert (doc["summary"]["passed"], doc["summary"]["errors"]) == (3, 1)
    assert "PARE: 2 scenarios, 4 runs: 3 passed, 0 failed, 1 errors" in session.out
    page = (session.path / "pare-results" / "report.html").read_text()
    data = json.loads(page.split('id="pare-data">', 1)[1].split("</script>", 1)[0])
    assert "WorkerCrashed" in json.dumps(data) and '"passed", "WorkerCrashed"' not in page


# -- Ctrl-C ----------------------------------------------------------------------------------


DISTRIBUTIONS = [
    pytest.param([], {}, id="serial"),
    pytest.param(["-n", "2"], {"FAULT_SIGINT_GROUP": "1"}, id="xdist", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("dist", "env"), DISTRIBUTIONS)
def test_ctrl_c_mid_run_writes_what_finished_and_says_the_session_was_interrupted(
    faults, dist: list[str], env: dict[str, str]
) -> None:
    faults.add("a1_ok")
    faults.add("a2_ok")
    faults.add("m_interrupts", outcome="interrupt")
    for n in range(3):
        faults.add(f"z{n}_later", apps=("shopping",), tags=("multi-app",))

    session = run_session(faults, *dist, **env)

    assert session.ret == pytest.ExitCode.INTERRUPTED
    assert "KeyboardInterrupt" in session.out
    doc = session.results()
    completion = doc["completion"]
    assert completion["interrupted"] is True and completion["complete"] is False
    assert completion["reason"] == "interrupted by the user (Ctrl-C / SIGINT)"
    assert completion["selected"] == len(doc["rows"]) == 6
    by_id = {r["scenario_id"]: r for r in doc["rows"]}
    assert by_id["m_interrupts"]["exception_type"] == "NotRun"
    if not dist:  # one process runs in order: what came before finished, nothing after
        assert [r["status"] for r in doc["rows"][:2]] == ["passed", "passed"]
        assert all(r["exception_type"] == "NotRun" for r in doc["rows"][2:])
    for n in range(3):
        later = by_id[f"z{n}_later"]
        assert later["status"] in ("passed", "error")
        # A run that never started still counts under its apps and tags.
        assert (later["apps"], later["tags"]) == (["shopping"], ["multi-app"])
    report = (session.path / "pare-results" / "report.txt").read_text()
    assert "session interrupted: interrupted by the user (Ctrl-C / SIGINT)" in report
    page = (session.path / "pare-results" / "report.html").read_text()
    assert "Session interrupted" in page


@pytest.mark.parametrize(("dist", "env"), DISTRIBUTIONS)
def test_ctrl_c_as_the_session_finishes_keeps_every_result_and_exits_2(
    faults, dist: list[str], env: dict[str, str]
) -> None:
    for name in ("alpha_ok", "beta_ok", "gamma_ok", "delta_ok"):
        faults.add(name)

    session = run_session(faults, *dist, FAULT_SIGINT_AT_END="1", **env)

    assert session.ret == pytest.ExitCode.INTERRUPTED
    assert_clean_exit(session)
    assert (
        "PARE: interrupted (Ctrl-C) while the session was finishing; every reported run "
        "was written first: pare-results/results.json" in session.out
    )
    assert "PARE: 4 scenarios, 4 runs: 4 passed, 0 failed, 0 errors" in session.out
    assert [status for _, status, _ in session.rows()] == ["passed"] * 4
    assert session.results()["completion"]["complete"] is True


def test_ctrl_c_while_the_results_are_written_waits_until_they_are_out(faults) -> None:
    faults.add("alpha_ok")
    faults.add("beta_fails", outcome="fail")

    session = run_session(faults, FAULT_SIGINT_WHILE_WRITING="1")

    assert session.ret == pytest.ExitCode.INTERRUPTED
    assert_clean_exit(session)
    assert session.rows() == [("alpha_ok", "passed", None), ("beta_fails", "failed", None)]
    for name in ("results.parquet", "report.txt", "report.html"):
        assert (session.path / "pare-results" / name).is_file()


def test_stopping_at_the_first_failure_says_why_the_rest_never_ran(faults) -> None:
    faults.add("a_fails", outcome="fail")
    faults.add("b_ok")
    faults.add("c_ok")

    session = run_session(faults, "-x")

    assert session.ret == pytest.ExitCode.TESTS_FAILED
    assert session.rows() == [
        ("a_fails", "failed", None),
        ("b_ok", "error", "NotRun"),
        ("c_ok", "error", "NotRun"),
    ]
    completion = session.results()["completion"]
    assert completion["interrupted"] is True
    assert completion["reason"] == "stopping after 1 failures"


def test_a_defect_while_summarising_is_an_internal_error_that_keeps_every_row(faults) -> None:
    faults.add("alpha_ok")
    faults.add("beta_fails", outcome="fail")

    session = run_session(faults, FAULT_SUMMARY_DEFECT="1")

    assert session.ret == pytest.ExitCode.INTERNAL_ERROR
    assert "INTERNALERROR> ZeroDivisionError: a defect in a statistic" in session.out
    assert session.rows() == [("alpha_ok", "passed", None), ("beta_fails", "failed", None)]
    assert session.results()["summary"] is None


# -- the disk, the folder --------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE (POSIX)")
def test_a_full_disk_at_the_end_exits_3_and_names_every_file_lost(faults) -> None:
    faults.add("alpha_ok")

    session = run_session(faults, FAULT_DISK_FULL="1")

    # Every run passed, but the results are lost: neither 0 nor "scenarios failed".
    assert session.ret == pytest.ExitCode.INTERNAL_ERROR
    assert "1 passed" in session.out
    for name in ("results.json", "results.parquet", "report.html"):
        assert f"could not write pare-results/{name}: " in session.out
    assert "exit status 3: " in session.out and "result file(s) could not be written" in session.out
    folder = session.path / "pare-results"
    # A failed write leaves the old file or none, never half of one or a temporary.
    assert not (folder / "results.json").exists()
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("dist", [[], pytest.param(["-n", "2"], marks=pytest.mark.slow)])
def test_a_results_folder_that_becomes_a_file_during_the_session_exits_3(
    faults, dist: list[str]
) -> None:
    faults.add("alpha_ok")
    faults.add("beta_ok")

    session = run_session(faults, "--pare-results-dir=out", *dist, FAULT_FOLDER_BECOMES_FILE="out")

    assert session.ret == pytest.ExitCode.INTERNAL_ERROR
    assert "2 passed" in session.out
    assert "could not write out/results.json: " in session.out
    assert "exit status 3: 4 result file(s) could not be written" in session.out
    assert (session.path / "out").read_text() == "not a folder any more"


@pytest.mark.slow
def test_two_sessions_writing_one_results_folder_leave_whole_files(faults) -> None:
    for n in range(6):
        faults.add(f"s{n}_ok", outcome="pass" if n % 2 else "fail")
    rendezvous = faults.pytester.path / "rendezvous"
    rendezvous.mkdir()
    env = {**os.environ, "FAULT_RENDEZVOUS": str(rendezvous)}
    sessions = {
        name: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:xdist",
                "--pare-oracle",
                "--pare-no-cache",
                "--pare-results-dir=shared",
                "-k",
                expr,
            ],
            cwd=faults.pytester.path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )  # fmt: skip
        for name, expr in (("odd", "s1 or s3 or s5"), ("even", "s0 or s2 or s4"))
    }
    outs = {}
    for name, proc in sessions.items():
        try:
            outs[name], _ = proc.communicate(timeout=SESSION_TIMEOUT)
        except subprocess.TimeoutExpired:
            for other in sessions.values():
                os.killpg(other.pid, signal.SIGKILL)
            pytest.fail(f"session {name} hung")
    assert sessions["odd"].returncode == pytest.ExitCode.OK, outs["odd"]
    assert sessions["even"].returncode == pytest.ExitCode.TESTS_FAILED, outs["even"]

    shared = faults.pytester.path / "shared"
    doc = json.loads((shared / "results.json").read_text())
    ids = [r["scenario_id"] for r in doc["rows"]]
    # Whichever session wrote last, its files are whole and all of a piece.
    assert ids in (["s1_ok", "s3_ok", "s5_ok"], ["s0_ok", "s2_ok", "s4_ok"])
    import polars as pl

    assert pl.read_parquet(shared / "results.parquet")["scenario_id"].to_list() in (
        ["s1_ok", "s3_ok", "s5_ok"],
        ["s0_ok", "s2_ok", "s4_ok"],
    )
    assert (shared / "report.txt").read_text().startswith("PARE: 3 scenarios, 3 runs")
    assert not [p.name for p in shared.iterdir() if p.name.endswith(".tmp")]


# -- xdist's loop-on-fail, temp folders ------------------------------------------------------


@pytest.mark.slow
def test_loop_on_fail_accepts_path_and_noise_options(faults) -> None:
    faults.add("alpha_fails", outcome="fail")
    command = [
        sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--pare-oracle",
        "--pare-no-cache", "-f", "--pare-results-dir=res", "--pare-html=site/report.html",
        "--pare-noise-matrix=tfp=0,0.1", "-o", "looponfailroots=scenarios",
    ]  # fmt: skip
    # It is killed outright (SIGKILL): its temporary files, ARE's sandbox folders
    # among them, go under the project, not the machine's temp dir.
    temp = faults.pytester.path / "tmp"
    temp.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        command,
        cwd=faults.pytester.path,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    try:
        assert proc.stdout is not None
        # -f loops until stopped: read until its first round ends (or the process dies).
        for line in proc.stdout:
            lines.append(line)
            if "waiting for changes" in line:
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=SESSION_TIMEOUT)
    out = "".join(lines)
    assert "DumpError" not in out and "Traceback" not in out, out
    assert "waiting for changes" in out
    assert "alpha_fails[tfp0.1-epm0]" in out


@pytest.mark.slow
def test_no_process_of_an_xdist_session_leaves_an_are_sandbox_folder(faults, tmp_path) -> None:
    faults.add("alpha_ok")
    faults.add("beta_ok")
    temp = tmp_path / "tmp"
    temp.mkdir()

    session = run_session(faults, "-n", "2", TMPDIR=str(temp))

    assert session.ret == pytest.ExitCode.OK
    assert not list(temp.glob("are_simulation_sandbox_*"))
