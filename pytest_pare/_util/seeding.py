"""Stable seeds: the same parts give the same seed in every process (no salted ``hash()``)."""

from __future__ import annotations

import hashlib


def stable_seed(*parts: object) -> int:
    """Derive a 31-bit seed from ``parts``.

    Python's ``hash()`` of a string is salted per process (PYTHONHASHSEED), so
    seeds built from it differ between xdist workers and reruns. This digest of
    the parts' ``repr`` does not.

    Args:
        *parts: values identifying what the seed is for, e.g. (session seed,
            scenario id, run number). Their ``repr`` must be stable.

    Returns:
        An int in ``[0, 2**31 - 1)``, usable by ``random.Random`` and numpy.
    """
    digest = hashlib.sha256("\x00".join(repr(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (2**31 - 1)
