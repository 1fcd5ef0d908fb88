"""The apps' ``YYYY-MM-DD HH:MM:SS`` (UTC) date-time strings: parsing and formatting."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["DATETIME_FORMAT", "format_datetime", "parse_datetime"]

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def parse_datetime(value: str, what: str) -> datetime:
    """A UTC datetime from ``YYYY-MM-DD HH:MM:SS``; ``what`` names the value in the error."""
    try:
        return datetime.strptime(value, DATETIME_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"Invalid {what} {value!r}: use YYYY-MM-DD HH:MM:SS, e.g. '2025-05-01 09:30:00'."
        ) from exc


def format_datetime(timestamp: float) -> str:
    """``YYYY-MM-DD HH:MM:SS`` (UTC) of epoch seconds."""
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime(DATETIME_FORMAT)
