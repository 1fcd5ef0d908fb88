"""The ``--pare-*`` options: declaration, validation, and one settled ``Settings`` value.

Every option has three spellings: the CLI flag ``--pare-NAME``, the ini key
``pare_NAME`` and the environment variable ``PARE_NAME``. Precedence is resolved
once, in ``pytest_configure`` (CLI > env > ini > default), so the rest of the
plugin reads one frozen value. This package is a low room: it imports nothing of
the plugin's but ``_util``, so every other room may read its values, its
defaults (``defaults.RUN_DEFAULTS``) and the environment (``environ``, the one
reader of ``os.environ``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_pare.options import environ
from pytest_pare.options.settings import (
    ENGINE_OPTIONS,
    SETTINGS_KEY,
    Settings,
    find_split,
    ignored_by_oracle,
    read_split,
    resolve_settings,
)
from pytest_pare.options.table import (
    EXPORT_FORMATS,
    GATE_MODES,
    GROUP,
    OPTIONS,
    OPTIONS_BY_NAME,
    SCENARIO_PATHS_DESC,
    _Option,
)
from pytest_pare.options.values import NoiseLevel, parse_noise_matrix

__all__ = [
    "ENGINE_OPTIONS",
    "EXPORT_FORMATS",
    "GATE_MODES",
    "GROUP",
    "OPTIONS",
    "OPTIONS_BY_NAME",
    "SCENARIO_PATHS_DESC",
    "SETTINGS_KEY",
    "NoiseLevel",
    "Settings",
    "addoptions",
    "find_split",
    "ignored_by_oracle",
    "parse_noise_matrix",
    "read_split",
    "resolve_settings",
    "settings_from_config",
]


def _argparse_type(opt: _Option) -> Callable[[str], str]:
    assert opt.parse is not None
    parse = opt.parse

    def check(raw: str) -> str:
        # Validated here (a bad value is a usage error naming the flag) but kept as
        # the text given: option values cross to xdist workers and to -f's
        # looponfail child through execnet, which cannot send a Path or a
        # NoiseLevel. resolve_settings parses the text into Settings.
        try:
            parse(raw)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return raw

    return check


def addoptions(parser: pytest.Parser) -> None:
    """Declare every option in the ``pare`` group plus its ini key."""
    group = parser.getgroup(GROUP, "PARE scenarios (pytest-pare)")
    for opt in OPTIONS:
        help_text = f"{opt.help} [env {opt.env}, ini {opt.ini}]"
        if opt.parse is None:
            group.addoption(
                opt.flag, action="store_true", default=None, dest=f"pare_{opt.name}", help=help_text
            )
        elif opt.multiple:
            group.addoption(
                opt.flag,
                action="append",
                type=_argparse_type(opt),
                default=None,
                dest=f"pare_{opt.name}",
                metavar=opt.metavar,
                help=help_text,
            )
        else:
            group.addoption(
                opt.flag,
                type=_argparse_type(opt),
                default=None,
                dest=f"pare_{opt.name}",
                metavar=opt.metavar,
                help=help_text,
            )
        parser.addini(opt.ini, opt.help, type="string", default="")
    parser.addini(
        "pare_scenario_paths", SCENARIO_PATHS_DESC, type="linelist", default=["scenarios"]
    )


def settings_from_config(config: pytest.Config) -> Settings:
    """Resolve the settings of a pytest session (called once, from ``pytest_configure``)."""
    cli = {opt.name: config.getoption(f"pare_{opt.name}") for opt in OPTIONS}
    ini = {opt.name: str(config.getini(opt.ini) or "") for opt in OPTIONS}
    scenario_paths = list(config.getini("pare_scenario_paths"))
    if scenario_paths != ["scenarios"]:
        # Set on purpose (the default may well be absent): a path that does not
        # exist is a typo that would otherwise just collect nothing.
        for line in scenario_paths:
            if not (Path(config.rootpath) / line).exists():
                raise pytest.UsageError(
                    f"ini key pare_scenario_paths: {line!r} does not exist under the rootdir "
                    f"{config.rootpath}; list existing scenario folders, one per line"
                )
    return resolve_settings(
        cli,
        environ.environ(),
        ini,
        rootdir=Path(config.rootpath),
        scenario_paths=scenario_paths,
        user_cache_root=environ.default_cache_dir().parent,
    )
