"""CPU cost of one chat completion through litellm vs the openai client, same server.

Usage: python benchmarks/_client_cost.py BASE_URL CALLS

Prints one JSON line: CPU milliseconds per call for each client (after a few
warm-up calls), measured in this process only (the server runs elsewhere).
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


def main(argv: list[str]) -> int:
    base_url, calls = argv[0], int(argv[1])
    import litellm
    import openai

    litellm.suppress_debug_info = True
    messages = [{"role": "user", "content": "ping"}]

    def via_litellm() -> None:
        litellm.completion(
            model="bench",
            custom_llm_provider="openai",
            messages=messages,
            api_base=base_url,
            api_key="bench-not-a-key",
            max_retries=0,
            num_retries=0,
        )

    client = openai.OpenAI(base_url=base_url, api_key="bench-not-a-key", max_retries=0)

    def via_openai() -> None:
        client.chat.completions.create(model="bench", messages=messages)

    result = {}
    for name, call in (("litellm", via_litellm), ("openai", via_openai)):
        for _ in range(5):
            call()
        start = time.process_time()
        for _ in range(calls):
            call()
        result[f"{name}_cpu_ms"] = (time.process_time() - start) / calls * 1000
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
