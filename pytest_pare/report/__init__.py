"""Results store, statistics, the CI gate, result cache and report rendering (controller side)."""

from __future__ import annotations
