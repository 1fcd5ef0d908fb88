"""Session checks that stop a session with a usage error before any run is wasted."""

from __future__ import annotations

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
    from pytest_pare.report.gate import BaselineError, load_baseline

    try:
        load_baseline(path)
    except BaselineError as exc:
        raise pytest.UsageError(str(exc)) from None


def model_problem(settings: options.Settings) -> str | None:
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


def session_start_problem(config: pytest.Config) -> str | None:
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
