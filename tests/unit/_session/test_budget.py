"""The session budget's ledger: every worker's spend counts, and the reason names the budget."""

from __future__ import annotations

import threading
from pathlib import Path

from pytest_pare._session.budget import Ledger, over_budget
from pytest_pare.options import Settings


def test_each_worker_sees_the_spend_of_every_other_worker_through_the_session_folder(
    tmp_path: Path,
) -> None:
    gw0, gw1 = Ledger(tmp_path, "gw0"), Ledger(tmp_path, "gw1")
    gw0.add(100, 0.5)
    gw1.add(30, 0.25)
    gw0.add(20, 0.0)
    assert gw0.total() == (150, 0.75) == gw1.total()
    # The controller holds no file of its own and reads them all.
    assert Ledger(tmp_path, "controller").total() == (150, 0.75)


def test_a_process_without_a_folder_counts_its_own_spend_from_every_thread() -> None:
    ledger = Ledger()
    threads = [
        threading.Thread(target=lambda: [ledger.add(1, 0.5) for _ in range(500)]),
        threading.Thread(target=lambda: [ledger.add(2, 0.25) for _ in range(500)]),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert ledger.total() == (1500, 375.0)


def test_a_damaged_worker_file_is_skipped_until_it_is_whole_again(tmp_path: Path) -> None:
    (tmp_path / "gw1.json").write_text("{half")
    ledger = Ledger(tmp_path, "gw0")
    ledger.add(10, 0.1)
    assert ledger.total() == (10, 0.1)


def test_the_budget_is_reached_at_its_value_and_the_reason_names_the_option_and_the_spend() -> None:
    tokens = Settings(max_tokens=1000)
    assert over_budget(tokens, 999, 5.0) is None
    assert over_budget(tokens, 1000, 0.0) == "--pare-max-tokens=1000 reached (1,000 tokens spent)"
    cost = Settings(max_cost=0.5)
    assert over_budget(cost, 10**9, 0.49) is None
    assert over_budget(cost, 0, 0.5) == "--pare-max-cost=0.5 reached ($0.5000 spent)"
    assert over_budget(Settings(), 10**9, 10.0**9) is None
