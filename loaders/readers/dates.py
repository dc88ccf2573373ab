"""Publication dates from structured values (JSON fields, feed entries)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from loaders.clean import parse_date_text

MIN_UNIX_TIME = 1e8  # 1973: a smaller number is not the Unix time of a news article


def parse_date_value(value: object) -> date | None:
    """A publication date from a value: ISO 8601, RFC 2822, "Sept. 20, 2024", a Unix time in seconds
    or milliseconds, or a ``time.struct_time``. The date is the one written, in its own time zone (not
    converted to UTC), so that one article read from a feed and from JSON gets one date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, time.struct_time):
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) > 1e11 else value
        if seconds < MIN_UNIX_TIME:
            return None
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date_text(text)
