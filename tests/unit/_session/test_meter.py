"""The session's meter in each process: a rate limiter only when asked, one state folder for
the xdist workers, gone when the session ends."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pytest_pare._session.meter import WORKERINPUT_KEY, MeterPlugin, configure_node

AGENT_MODE = ("-p", "no:xdist", "--pare-model=reference")


def _meter(config: pytest.Config) -> MeterPlugin:
    plugin = config.pluginmanager.get_plugin("pare-meter")
    assert isinstance(plugin, MeterPlugin)
    return plugin


def test_without_a_rate_option_the_calls_go_unthrottled(pytester: pytest.Pytester) -> None:
    config = pytester.parseconfigure(*AGENT_MODE)
    assert _meter(config).meter.limiter is None
    node = SimpleNamespace(config=config, workerinput={})
    configure_node(node)
    assert node.workerinput == {}  # no state folder for the workers either


def test_rate_options_give_the_process_one_limiter_for_every_run(
    pytester: pytest.Pytester,
) -> None:
    config = pytester.parseconfigure(*AGENT_MODE, "--pare-rpm=openai=600", "--pare-tpm=90000")
    limiter = _meter(config).meter.limiter
    assert limiter is not None
    limit = limiter.limit_for("openai", None)
    assert limit is not None and limit.names == "rpm openai, tpm openai"
    assert not limiter.state.shared_across_processes  # one process: in memory


def test_the_workers_state_folder_is_named_once_and_removed_at_the_end(
    pytester: pytest.Pytester,
) -> None:
    config = pytester.parseconfigure(*AGENT_MODE, "--pare-rpm=600")
    nodes = [SimpleNamespace(config=config, workerinput={}) for _ in range(2)]
    for node in nodes:
        configure_node(node)
    folders = {node.workerinput[WORKERINPUT_KEY] for node in nodes}
    assert len(folders) == 1
    folder = Path(folders.pop())
    assert folder.is_dir()
    config._ensure_unconfigure()
    assert not folder.exists()
