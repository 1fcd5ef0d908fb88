"""Prices of model calls and the run's usage: what a session reports it spent."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_pare.agents.models import resolve_model
from pytest_pare.agents.pricing import Price, PriceTable, bundled_price_map, cost_of
from pytest_pare.agents.usage import RunUsage, latency_figures, run_totals, usage_of_response
from pytest_pare.options.values import CustomPrice, parse_price

BUNDLED = {
    "gpt-4.1": {
        "input_cost_per_token": 2e-06,
        "output_cost_per_token": 8e-06,
        "cache_read_input_token_cost": 5e-07,
        "litellm_provider": "openai",
    },
    "gemini/gemini-2.0-flash": {
        "input_cost_per_token": 1e-07,
        "output_cost_per_token": 4e-07,
        "litellm_provider": "gemini",
    },
    "llama3.1": {
        "input_cost_per_token": 1e-06,
        "output_cost_per_token": 1e-06,
        "litellm_provider": "ollama",
    },
}


def test_a_call_costs_its_prompt_and_completion_at_the_models_prices() -> None:
    price = PriceTable(bundled=BUNDLED).price_for(resolve_model("gpt-4.1"))
    assert price is not None
    assert price.cost(1000, 100) == pytest.approx(1000 * 2e-06 + 100 * 8e-06)


def test_cached_prompt_tokens_cost_the_cache_price_and_reasoning_the_output_price() -> None:
    price = Price(input=2e-06, output=8e-06, cached_input=5e-07)
    # 1000 prompt tokens of which 600 cached; 100 completion tokens of which 70 reasoning.
    assert price.cost(1000, 100, cached=600, reasoning=70) == pytest.approx(
        400 * 2e-06 + 600 * 5e-07 + 100 * 8e-06
    )


def test_a_user_price_wins_and_is_given_per_million_tokens() -> None:
    table = PriceTable([CustomPrice("gpt-4.1", 1.0, 2.0)], bundled=BUNDLED)
    price = table.price_for(resolve_model("gpt-4.1"), "gpt-4.1")
    assert price is not None and price.source == "--pare-price"
    assert price.cost(1_000_000, 500_000) == pytest.approx(1.0 + 1.0)


def test_a_local_model_is_priced_by_the_name_the_user_gave_it() -> None:
    local = resolve_model("qwen2.5-7b", endpoint="http://localhost:8000/v1")
    table = PriceTable([CustomPrice("qwen2.5-7b", 0.1, 0.3, cached=0.05)], bundled={})
    price = table.price_for(local, "qwen2.5-7b")
    assert price is not None
    assert price.cached_input == pytest.approx(0.05e-6)


def test_a_model_in_neither_table_has_no_price_and_costs_nothing_made_up() -> None:
    table = PriceTable(bundled=BUNDLED)
    unknown = resolve_model("my-finetune", endpoint="http://localhost:8000/v1")
    assert table.price_for(unknown, "my-finetune") is None
    assert cost_of(None, {"prompt_tokens": 100, "completion_tokens": 10}) is None


def test_a_name_another_provider_lists_is_not_its_price() -> None:
    # "llama3.1" is listed for ollama; the same name sent to groq is another model's price.
    table = PriceTable(bundled=BUNDLED)
    assert table.price_for(resolve_model("llama3.1", "groq")) is None
    assert table.price_for(resolve_model("llama3.1", "ollama")) is not None


def test_a_provider_prefixed_entry_prices_the_alias() -> None:
    price = PriceTable(bundled=BUNDLED).price_for(resolve_model("gemini-2.0-flash"))
    assert price is not None and price.input == pytest.approx(1e-07)


def test_scripted_policies_cost_nothing() -> None:
    price = PriceTable(bundled={}).price_for(resolve_model("reference"))
    assert price is not None and price.cost(10, 10) == 0.0


def test_the_bundled_map_is_read_without_importing_litellm() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pytest_pare.agents.pricing import bundled_price_map; "
        "m = bundled_price_map(); print(len(m) > 100, 'litellm' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["True", "False"]
    assert bundled_price_map()["gpt-4.1"]["litellm_provider"] == "openai"


@pytest.mark.parametrize(
    "text",
    ["llama=1", "=1/2", "llama=a/b", "llama=1/-2", "llama=1/2/3/4", "llama=inf/1", "llama"],
)
def test_a_bad_price_names_the_format(text: str) -> None:
    with pytest.raises(ValueError, match="MODEL=IN/OUT"):
        parse_price(text)


def test_a_price_may_name_a_provider_and_a_cached_price() -> None:
    assert parse_price("hosted_vllm/qwen=0.2/0.6/0.1") == CustomPrice(
        "hosted_vllm/qwen", 0.2, 0.6, 0.1
    )


class _Response:
    def __init__(self, usage: Any) -> None:
        self.usage = usage


def test_usage_reads_cached_and_reasoning_tokens_where_reported() -> None:
    usage = {
        "prompt_tokens": 120,
        "completion_tokens": 50,
        "total_tokens": 170,
        "prompt_tokens_details": {"cached_tokens": 100},
        "completion_tokens_details": {"reasoning_tokens": 30},
    }
    assert usage_of_response(_Response(usage)) == {
        "prompt_tokens": 120,
        "completion_tokens": 50,
        "cached_tokens": 100,
        "reasoning_tokens": 30,
        "total_tokens": 170,
    }
    assert usage_of_response(_Response(None))["total_tokens"] == 0
    bare = usage_of_response(_Response({"prompt_tokens": 3, "completion_tokens": 4}))
    assert (bare["cached_tokens"], bare["total_tokens"]) == (0, 7)


def test_latency_median_and_p90_interpolate_between_calls() -> None:
    assert latency_figures([]) == (None, None)
    assert latency_figures([2.0]) == (2.0, 2.0)
    median, p90 = latency_figures([float(x) for x in range(1, 11)])
    assert (median, p90) == (5.5, 9.1)


def _record(prompt: int, completion: int, latency: float, **extra: Any) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "latency": latency,
        "error": None,
        **extra,
    }


def test_a_runs_usage_adds_up_per_role_and_prices_each_model() -> None:
    models = {
        "user": resolve_model("gpt-4.1"),
        "observe": resolve_model("my-model", endpoint="http://x/v1"),
        "execute": resolve_model("gpt-4.1"),
    }
    usage = RunUsage(models, PriceTable(bundled=BUNDLED), {"observe": "my-model"})
    usage.add("user", [_record(1000, 100, 1.0), _record(500, 50, 3.0, retries=2, rate_limited=2)])
    usage.add("observe", [_record(10, 1, 0.5)])
    usage.add("execute", [{**_record(0, 0, 9.0), "error": "RetriesExhausted: slow"}])
    block = usage.to_dict()
    user = block["roles"]["user"]
    assert (user["calls"], user["retries"], user["rate_limited"]) == (2, 2, 2)
    assert user["total_tokens"] == 1650
    assert user["cost_usd"] == pytest.approx(1500 * 2e-06 + 150 * 8e-06)
    assert (user["latency_median"], user["latency_p90"]) == (2.0, 2.8)
    assert block["roles"]["observe"]["cost_usd"] is None  # unpriced: tokens only
    assert block["roles"]["execute"]["failed_calls"] == 1
    assert usage.cost_usd is None  # a role that called is unpriced: no run total
    assert usage.known_cost == pytest.approx(user["cost_usd"])
    totals = run_totals(block)
    assert totals["model_calls"] == 4
    assert totals["total_tokens"] == 1661
    assert totals["cost_usd"] is None
    assert totals["latency_median"] == 2.0
    assert totals["usage_replayed"] is False


def test_a_run_whose_models_all_have_prices_has_a_cost() -> None:
    models = {role: resolve_model("gpt-4.1") for role in ("user", "observe", "execute")}
    usage = RunUsage(models, PriceTable(bundled=BUNDLED))
    usage.replayed = True
    usage.add("observe", [_record(100, 10, 0.1)])
    totals = run_totals(usage.to_dict())
    assert totals["cost_usd"] == pytest.approx(100 * 2e-06 + 10 * 8e-06)
    assert totals["usage_replayed"] is True
    assert run_totals(None) == {}
