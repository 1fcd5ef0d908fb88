"""Part 7: the scenario author's inner loop, against a checkout of an earlier commit.

``pytest scenarios/ --pare-oracle -k ONE`` as a whole process, run alternately in
this tree and in the base tree (``--base``, else ``git archive`` of
``--base-commit`` into ``benchmarks/out/base-<commit>``), each with its own
pytest cache kept between its repetitions, as an author's repeated runs keep it.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from _bench import paired, phase_summary, verdict
from _procs import OUT, REPO, Proc, base_env, best, run

BASE_COMMIT = "04d21f9"
#: modules a floor session does not import again: the scenarios, and what only the
#: measured session's own plugins and entry script are
NOT_FLOOR = ("pare_scenario_", "_probe", "__main__", "__mp_main__")


class InnerLoop:
    """Mixed into ``Bench``: uses its ``session``, ``row``, ``raw`` and ``args``."""

    def base_tree(self) -> Path:
        commit = self.args.base_commit
        path = Path(self.args.base).resolve() if self.args.base else OUT / f"base-{commit}"
        if not self.args.base and not (path / "pytest_pare").is_dir():
            archive = subprocess.run(
                ["git", "archive", "--format=tar", commit],
                cwd=REPO,
                capture_output=True,
                check=True,
            ).stdout
            path.mkdir(parents=True, exist_ok=True)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(path, filter="data")
        # `python -m pytest` puts the working folder first on sys.path, so the base
        # tree's own pytest_pare (and its plugin entry point) is the one imported.
        found = run([self.py, "-c", "import pytest_pare; print(pytest_pare.__file__)"], cwd=path)
        if not found.stdout.strip().startswith(str(path)):
            imported = found.stdout.strip()
            raise RuntimeError(f"the base tree {path} imports {imported!r}, not its own")
        return path

    def part7_inner_loop(self) -> None:
        base = self.base_tree()
        sid = self.args.inner_scenario
        options = ("--pare-oracle", "-k", sid)
        # Untimed: fills the bytecode caches, the scenario index and compiled templates.
        self.session(*options, tag="inner-now", cache=True)
        self.session(*options, tag="inner-base", cache=True, cwd=base)
        # The floor imports what a warm one-scenario session of this tree imported.
        recorded = self.session(
            *options,
            tag="inner-now",
            cache=True,
            env=base_env(
                PYTHONPATH=str(Path(__file__).resolve().parent), PARE_BENCH_RECORD_MODULES="1"
            ),
        )
        modules = [m for m in recorded.controller.get("modules", []) if not m.startswith(NOT_FLOOR)]
        if not modules:
            raise RuntimeError("the probe recorded no modules of the one-scenario session")
        needs_file = OUT / "inner-floor-modules.txt"
        needs_file.write_text("\n".join(modules), encoding="utf-8")
        nows: list[Proc] = []
        bases: list[Proc] = []
        colds: list[Proc] = []
        empties: list[Proc] = []
        needs: list[Proc] = []
        empty = OUT / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        for _ in range(max(self.args.repeat, 5)):
            nows.append(self.session(*options, tag="inner-now", cache=True))
            bases.append(self.session(*options, tag="inner-base", cache=True, cwd=base))
            colds.append(self.session(*options, tag="inner-now-cold"))
            empties.append(run([self.py, "-m", "pytest", "-p", "no:cacheprovider", str(empty)]))
            needs.append(
                run(
                    [self.py, "-m", "pytest", "-p", "no:cacheprovider", "-p", "_probe", str(empty)],
                    base_env(
                        PYTHONPATH=str(Path(__file__).resolve().parent),
                        PARE_BENCH_PREIMPORT_FILE=str(needs_file),
                    ),
                )
            )
        now, then, cold = best(nows), best(bases), best(colds)
        for proc, where in ((now, "this tree"), (then, "the base tree")):
            if proc.counts().get("passed") != 1:
                raise RuntimeError(f"-k {sid} did not run one passing scenario in {where}")
        self.raw["inner-loop"] = {
            "scenario": sid,
            "base": str(base),
            "now_s": [p.wall_s for p in nows],
            "base_s": [p.wall_s for p in bases],
            "now_cold_s": [p.wall_s for p in colds],
        }
        ratio = now.wall_s / then.wall_s
        self.row(
            "7 inner loop",
            f"one scenario by -k {sid}, whole process: this tree ({_scenarios(now)} scenarios, "
            f"pytest's cache kept) / base {self.args.base_commit} ({_scenarios(then)} scenarios)",
            f"{now.wall_s:.2f} s / {then.wall_s:.2f} s = {ratio:.2f}x "
            f"(CPU time {now.cpu_s:.2f} / {then.cpu_s:.2f} s = {now.cpu_s / then.cpu_s:.2f}x; "
            f"{paired([p.wall_s for p in nows], [p.wall_s for p in bases])}); "
            f"phases now: {phase_summary(now)}; base: {phase_summary(then)}",
            "<= 0.65x",
            verdict(ratio <= 0.65),
        )
        self.row(
            "7 inner loop",
            "the same without pytest's cache (-p no:cacheprovider: every scenario file imported) "
            "/ base",
            f"{cold.wall_s:.2f} s = {cold.wall_s / then.wall_s:.2f}x "
            f"(CPU time {cold.cpu_s / then.cpu_s:.2f}x; "
            f"{paired([p.wall_s for p in colds], [p.wall_s for p in bases])}); "
            f"phases: {phase_summary(cold)}",
        )
        # What no one-scenario oracle session can skip: pytest's start-up with the
        # imports of a run and its report, in one process.
        floor_proc = best(needs)
        floor = floor_proc.wall_s
        skipped = floor_proc.controller.get("preimport_failed")
        self.row(
            "7 inner loop",
            "floor of a one-scenario oracle session: an empty pytest session that imports "
            f"the {len(modules)} modules the session of this tree imported "
            f"({skipped} of them not importable by name), no scenario run / base",
            f"{floor:.2f} s = {floor / then.wall_s:.2f}x "
            f"(CPU time {floor_proc.cpu_s / then.cpu_s:.2f}x; "
            f"{paired([p.wall_s for p in needs], [p.wall_s for p in bases])}; "
            f"an empty session alone {best(empties).wall_s:.2f} s); "
            f"this tree: {now.wall_s / floor:.2f}x the floor "
            f"({paired([p.wall_s for p in nows], [p.wall_s for p in needs])})",
            "target reachable: floor <= 0.65x",
            verdict(floor / then.wall_s <= 0.65),
        )
        probe = now.controller
        unused = probe.get("unused_heavy") or []
        self.row(
            "7 inner loop",
            "what the one-scenario session imported (this tree, cache kept)",
            f"{probe.get('scenario_modules')} of {_scenarios(now)} scenario modules; "
            "of numpy, pandas, bs4, ARE's judges and document converters: "
            + (", ".join(unused) if unused else "none"),
            "only what the scenario uses",
            verdict(probe.get("scenario_modules") == 1 and not unused),
        )


def _scenarios(proc: Proc) -> int:
    counts = proc.counts()
    return counts.get("passed", 0) + counts.get("failed", 0) + counts.get("deselected", 0)
