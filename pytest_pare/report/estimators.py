"""Single-figure estimators: Wilson interval, pass@k and pass^k (unbiased)."""

from __future__ import annotations

import math

#: z for a two-sided 95% interval.
Z_95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    Unlike the normal approximation it stays inside [0, 1] and is honest for
    the small run counts agent evaluations have (e.g. 3/3 is not "100% ± 0").

    Args:
        successes: number of successes, ``0 <= successes <= trials``.
        trials: number of trials; 0 gives the uninformative ``(0.0, 1.0)``.
        z: normal quantile; the default gives a 95% interval.

    Returns:
        ``(low, high)`` as fractions.
    """
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError(
            f"wilson_interval needs 0 <= successes <= trials, got {successes}/{trials}"
        )
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    # At 0/n and n/n the bound is exactly 0 (1); avoid a float residue like 5e-17.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


def _check_nck(n: int, c: int, k: int) -> None:
    if not (0 <= c <= n and 1 <= k <= n):
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")


def pass_at_k(n: int, c: int, k: int) -> float:
    """Probability that at least one of k runs succeeds (Chen et al. 2021, unbiased).

    ``1 - C(n-c, k) / C(n, k)`` from ``n`` runs with ``c`` successes; with
    ``n == k`` this is simply "did any run succeed".
    """
    _check_nck(n, c, k)
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Probability that all of k runs succeed (pass^k, unbiased): ``C(c, k) / C(n, k)``."""
    _check_nck(n, c, k)
    return math.comb(c, k) / math.comb(n, k)
