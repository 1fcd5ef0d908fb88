"""CPU cost of one chat completion through litellm vs the openai client, same server.

Usage: python benchmarks/_client_cost.py BASE_URL CALLS

Prints one JSON line: CPU milliseconds per call for each client (after a few
warm-up calls), measured in this process only (the server runs elsewhere).
"""

from __future__ import annotations

import json
import sys
import time

from _clients import make_call


def main(argv: list[str]) -> int:
    base_url, calls = argv[0], int(argv[1])
    messages = [{"role": "user", "content": "ping"}]
    result = {}
    for name in ("litellm", "openai"):
        call = make_call(name, base_url, messages)
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
