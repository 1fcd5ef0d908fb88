"""The table of ``--pare-*`` options: name, help text, parser and default of each.

Pure data (no pytest): ``options.py`` declares these to pytest and settles them.
A help text states what the option does now; a unit test keeps the defaults it
names equal to the runner configuration's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_pare.options.defaults import (
    DEFAULT_MAX_TOKENS,
    REASONING_MAX_TOKENS,
    ROLES,
    RUN_DEFAULTS,
)
from pytest_pare.options.values import (
    _choice,
    _float_between,
    _int_at_least,
    _parse_int,
    _parse_path,
    _parse_text,
    parse_noise_matrix,
    parse_price,
    parse_rpm,
    parse_runs,
    parse_shard,
    parse_tpm,
)

GROUP = "pare"
EXPORT_FORMATS = ("hf", "lite", "both")
GATE_MODES = ("rate", "lower-bound")
#: ``--pare-infra-errors``: the same words as ``report.status.INFRA_POLICIES`` (a test keeps them
#: equal; options sit below report and cannot import it)
INFRA_POLICIES = ("error", "fail", "ignore")
SCENARIO_PATHS_DESC = (
    "folders (relative to rootdir) whose .py files are PARE scenario modules (default: scenarios)"
)


# -- the option table ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Option:
    name: str  # "runs" -> --pare-runs, pare_runs, PARE_RUNS
    help: str
    parse: Callable[[str], Any] | None  # None = a flag (store_true)
    default: Any = None
    metavar: str | None = None
    #: repeatable: the CLI flag may be given again, env and ini take one entry per line or
    #: ``;``-separated; the value is the tuple of parsed entries
    multiple: bool = False

    @property
    def flag(self) -> str:
        return "--pare-" + self.name.replace("_", "-")

    @property
    def ini(self) -> str:
        return "pare_" + self.name

    @property
    def env(self) -> str:
        return "PARE_" + self.name.upper()


def _role_options(role: str) -> list[_Option]:
    return [
        _Option(
            f"{role}_model",
            f"model of the {role} agent: an alias (gpt-5, claude-sonnet-4, reference, idle, ...), "
            f"provider/model, or any name with --pare-{role}-provider; default "
            f"{RUN_DEFAULTS[role + '_model']}",
            _parse_text,
            metavar="MODEL",
        ),
        _Option(
            f"{role}_provider",
            f"litellm provider of the {role} agent (overrides the alias's; scripted = offline "
            "policies)",
            _parse_text,
            metavar="NAME",
        ),
        _Option(
            f"{role}_endpoint",
            f"base URL of an OpenAI-compatible server for the {role} agent (vLLM, ollama); "
            "a bare model name then needs no provider",
            _parse_text,
            metavar="URL",
        ),
    ]


OPTIONS: tuple[_Option, ...] = (
    _Option(
        "oracle", "replay each scenario's expected (oracle) actions; no model needed", None, False
    ),
    _Option(
        "model",
        "model for all three roles (user, observe, execute) unless a role's own option is set; "
        "reference / idle / eager are offline scripted policies (no key needed)",
        _parse_text,
        metavar="MODEL",
    ),
    *_role_options("user"),
    *_role_options("observe"),
    *_role_options("execute"),
    _Option(
        "max_turns",
        "maximum turns per agent run: rounds in which the user acts or the assistant proposes "
        "or executes (idle rounds, e.g. woken by background events, do not count); "
        f"default {RUN_DEFAULTS['max_turns']}",
        _int_at_least(1),
        RUN_DEFAULTS["max_turns"],
        metavar="N",
    ),
    _Option(
        "user_max_iterations",
        f"maximum model steps per user turn; default {RUN_DEFAULTS['user_max_iterations']}",
        _int_at_least(1),
        RUN_DEFAULTS["user_max_iterations"],
        metavar="N",
    ),
    _Option(
        "observe_max_iterations",
        f"maximum model steps per observe turn; default {RUN_DEFAULTS['observe_max_iterations']}",
        _int_at_least(1),
        RUN_DEFAULTS["observe_max_iterations"],
        metavar="N",
    ),
    _Option(
        "execute_max_iterations",
        f"maximum model steps per execute turn; default {RUN_DEFAULTS['execute_max_iterations']}",
        _int_at_least(1),
        RUN_DEFAULTS["execute_max_iterations"],
        metavar="N",
    ),
    _Option(
        "runs",
        "runs of each scenario (one item per run, ids [run-N]); auto or auto:N runs up to N "
        "(default 8) and skips the runs a gate's verdict no longer needs; default 1",
        parse_runs,
        1,
        metavar="N|auto[:N]",
    ),
    _Option(
        "split",
        "keep only the scenario ids listed in scenarios/splits/NAME.txt or in FILE",
        _parse_text,
        metavar="NAME|FILE",
    ),
    _Option(
        "entry_points",
        "also collect scenarios registered by installed packages "
        "(entry-point group pare.scenarios)",
        None,
        False,
    ),
    _Option(
        "seed",
        "session seed; run seeds derive from (seed, scenario id, run number); "
        f"default {RUN_DEFAULTS['seed']}",
        _parse_int,
        RUN_DEFAULTS["seed"],
        metavar="INT",
    ),
    _Option(
        "timeout",
        "seconds one run may take before it is reported as an error",
        _float_between(0.0, None, low_open=True),
        metavar="SECONDS",
    ),
    _Option(
        "results_dir",
        "folder for results.json, results.parquet, report.txt, report.html; default pare-results",
        _parse_path,
        Path("pare-results"),
        metavar="DIR",
    ),
    _Option("export", "export each run's trace into <results-dir>/traces", None, False),
    _Option(
        "export_format",
        f"trace format: {', '.join(EXPORT_FORMATS)}; default {RUN_DEFAULTS['export_format']}",
        _choice(EXPORT_FORMATS),
        RUN_DEFAULTS["export_format"],
        metavar="FORMAT",
    ),
    _Option(
        "tool_failure_probability",
        "probability in [0, 1] that an assistant tool call (an oracle step in oracle mode) fails",
        _float_between(0.0, 1.0),
        RUN_DEFAULTS["tool_failure_probability"],
        metavar="P",
    ),
    _Option(
        "env_events_per_minute",
        "background environment events per simulated minute (>= 0)",
        _float_between(0.0, None),
        RUN_DEFAULTS["env_events_per_minute"],
        metavar="N",
    ),
    _Option(
        "env_events_seed",
        "seed of the background events (default: --pare-seed); tool failures follow --pare-seed",
        _parse_int,
        metavar="INT",
    ),
    _Option(
        "noise_matrix",
        "run every scenario at each noise level of the cross product, "
        "e.g. 'tfp=0,0.1;epm=0,5' (ids [tfp0.1-epm5])",
        parse_noise_matrix,
        metavar="SPEC",
    ),
    _Option(
        "concurrency",
        "scenario runs in flight at once inside one process; "
        f"default {RUN_DEFAULTS['concurrency']}",
        _int_at_least(1),
        RUN_DEFAULTS["concurrency"],
        metavar="N",
    ),
    _Option("no_cache", "do not reuse or store cached results of agent runs", None, False),
    _Option(
        "cache_dir",
        "result cache folder; default $XDG_CACHE_HOME/pytest-pare or ~/.cache/pytest-pare",
        _parse_path,
        metavar="DIR",
    ),
    _Option(
        "min_success_rate",
        "gate: the session exits 1 when the success rate is below R in [0, 1] and 0 when every "
        "gate passes, even if some runs failed (see --pare-infra-errors for exit 3)",
        _float_between(0.0, 1.0),
        metavar="R",
    ),
    _Option(
        "gate_on",
        f"what --pare-min-success-rate compares: {', '.join(GATE_MODES)}; default rate",
        _choice(GATE_MODES),
        "rate",
        metavar="MODE",
    ),
    _Option(
        "baseline",
        "gate: the session exits 1 when a scenario regressed against FILE (a results.json or a "
        "--pare-save-baseline file), 0 when none did",
        _parse_path,
        metavar="FILE",
    ),
    _Option(
        "save_baseline",
        "write this session's results in baseline form to FILE",
        _parse_path,
        metavar="FILE",
    ),
    _Option(
        "strict_oracle", "in oracle mode, an oracle step that raises fails the run", None, False
    ),
    _Option(
        "record",
        "record every model call into DIR (request hash -> response), for --pare-replay",
        _parse_path,
        metavar="DIR",
    ),
    _Option(
        "replay",
        "answer model calls from the recordings in DIR, offline; a call not recorded is "
        "that run's error",
        _parse_path,
        metavar="DIR",
    ),
    _Option(
        "html", "also write the self-contained HTML report to FILE", _parse_path, metavar="FILE"
    ),
    _Option(
        "simulated_generation_time",
        "simulated seconds one model call takes in agent mode; "
        f"default {RUN_DEFAULTS['simulated_generation_time']:g}",
        _float_between(0.0, None),
        RUN_DEFAULTS["simulated_generation_time"],
        metavar="SECONDS",
    ),
    # -- issue 19: scenario horizon and linter --
    _Option(
        "max_scenario_events",
        "the most events one run may process; a scenario without a duration runs until its "
        "event queue is empty, and one that never empties stops here with an error; "
        f"default {RUN_DEFAULTS['max_scenario_events']}",
        _int_at_least(1),
        RUN_DEFAULTS["max_scenario_events"],
        metavar="N",
    ),
    _Option(
        "lint",
        "lint each scenario instead of running it (implies --pare-oracle; no model): the "
        "checks of python -m pytest_pare.lint, one failing item per scenario with findings",
        None,
        False,
    ),
)
# -- CI gating: exit status, per-scenario threshold, CI front ends, shards ---------------------
OPTIONS += (
    _Option(
        "min_scenario_passes",
        "gate: every scenario (at each noise level) must pass at least K of its runs, "
        "else the session exits 1",
        _int_at_least(1),
        metavar="K",
    ),
    _Option(
        "infra_errors",
        "what runs that failed for infrastructure reasons (endpoint down, rate limit, timeout) "
        "mean: error = left out of the rates and, with a gate set, the verdict is ERROR "
        "(exit 3, retry the job); fail = count as failures of the agent; ignore = left out of "
        "the rates; default error",
        _choice(INFRA_POLICIES),
        "error",
        metavar="POLICY",
    ),
    _Option(
        "md_summary",
        "also write the summary as markdown to FILE (under GitHub Actions it is appended to "
        "$GITHUB_STEP_SUMMARY in any case)",
        _parse_path,
        metavar="FILE",
    ),
    _Option(
        "shard",
        "run only shard I of N: a deterministic share of the selected items, all runs of a "
        "scenario together (merge the shards' results.json with "
        "python -m pytest_pare.report merge)",
        parse_shard,
        metavar="I/N",
    ),
    _Option(
        "shard_durations",
        "balance --pare-shard by the run durations recorded in FILE (a results.json) instead "
        "of by item count",
        _parse_path,
        metavar="FILE",
    ),
)


def _generation_options(role: str) -> list[_Option]:
    user = " (the user's answers are short)" if role == "user" else ""
    return [
        _Option(
            f"{role}_max_tokens",
            f"most tokens one answer of the {role} agent may have{user}; default "
            f"{DEFAULT_MAX_TOKENS[role]}, {REASONING_MAX_TOKENS} for reasoning models (gpt-5, "
            "o1/o3/o4, gpt-oss, deepseek-r1, qwq, qwen3)",
            _int_at_least(1),
            metavar="N",
        ),
        _Option(
            f"{role}_temperature",
            f"sampling temperature of the {role} agent, 0 to 2; default: the server's",
            _float_between(0.0, 2.0),
            metavar="T",
        ),
        _Option(
            f"{role}_seed",
            f"sampling seed sent with the {role} agent's calls; default: none sent",
            _parse_int,
            metavar="INT",
        ),
        _Option(
            f"{role}_max_prompt_tokens",
            f"prompt budget of the {role} agent in estimated tokens (4 characters each): "
            "older messages are dropped beyond it; default "
            f"{RUN_DEFAULTS[role + '_max_prompt_tokens']}",
            _int_at_least(1),
            RUN_DEFAULTS[role + "_max_prompt_tokens"],
            metavar="N",
        ),
    ]


# Model calls: their time bounds and each role's generation settings (issue 15).
OPTIONS += (
    _Option(
        "request_timeout",
        "seconds one model call may take (never more than the run's time left); a call "
        f"that takes longer is not retried; default {RUN_DEFAULTS['request_timeout']:g}",
        _float_between(0.0, None, low_open=True),
        RUN_DEFAULTS["request_timeout"],
        metavar="SECONDS",
    ),
    _Option(
        "session_timeout",
        "seconds the whole session may take: then no further run starts, runs in flight "
        "stop, and the rest are reported as not run",
        _float_between(0.0, None, low_open=True),
        metavar="SECONDS",
    ),
    *(option for role in ROLES for option in _generation_options(role)),
)
# Tokens, cost, budgets and one rate limit for the whole session (issue 16).
OPTIONS += (
    _Option(
        "price",
        "price of a model in USD per million tokens, MODEL=IN/OUT (prompt/completion; a third "
        "/CACHED prices cached prompt tokens), for local or unlisted models; repeatable (ini: "
        "one per line); MODEL is the name given to --pare-*-model or the provider/model; "
        "other models are priced from litellm's bundled price map",
        parse_price,
        (),
        metavar="MODEL=IN/OUT",
        multiple=True,
    ),
    _Option(
        "max_cost",
        "session budget in USD, shared by every xdist worker: once the runs' cost reaches it no "
        "further run starts, runs in flight finish, the rest are reported as not run, exit 2",
        _float_between(0.0, None, low_open=True),
        metavar="USD",
    ),
    _Option(
        "max_tokens",
        "session budget in tokens (prompt + completion, every role), shared by every xdist "
        "worker: once reached no further run starts, runs in flight finish, the rest are "
        "reported as not run, exit 2",
        _int_at_least(1),
        metavar="N",
    ),
    _Option(
        "run_max_cost",
        "budget of one run in USD (every role): a run that reaches it is stopped after that "
        "model turn and fails as an agent error (BudgetExceeded)",
        _float_between(0.0, None, low_open=True),
        metavar="USD",
    ),
    _Option(
        "run_max_tokens",
        "budget of one run in tokens (every role): a run that reaches it is stopped after that "
        "model turn and fails as an agent error (BudgetExceeded)",
        _int_at_least(1),
        metavar="N",
    ),
    _Option(
        "rpm",
        "requests per minute allowed to a provider or endpoint, shared by every thread and "
        "xdist worker of the session: N for each, or KEY=N for one (KEY a provider such as "
        "openai, or an endpoint URL); repeatable (ini: one per line); adapts down on HTTP 429",
        parse_rpm,
        (),
        metavar="[KEY=]N",
        multiple=True,
    ),
    _Option(
        "tpm",
        "tokens per minute allowed to a provider or endpoint (prompt + completion), shared like "
        "--pare-rpm: N for each, or KEY=N for one; repeatable (ini: one per line)",
        parse_tpm,
        (),
        metavar="[KEY=]N",
        multiple=True,
    ),
)
OPTIONS_BY_NAME = {opt.name: opt for opt in OPTIONS}
