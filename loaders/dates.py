"""Days named in text ("on Thursday", "On July 26", "last Tuesday", "yesterday", "March 3, 2025"),
resolved against the article's publication date.

* a weekday is the most recent such day on or before publication ("last Tuesday": strictly before;
  "next Tuesday": strictly after);
* a month and day without a year is the latest such day not after publication + ``GRACE_DAYS``;
* "today", "yesterday", "tomorrow" count from publication;
* without a publication date only absolute dates (with a year) resolve;
* a month, a year or a vague phrase ("the coming days", "this year") is not a day: ``None``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

GRACE_DAYS = 3

_MONTHS: dict[str, int] = {}
for _n in range(1, 13):
    _MONTHS[calendar.month_name[_n].lower()] = _n
    _MONTHS[calendar.month_abbr[_n].lower()] = _n
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[n].lower(): n for n in range(7)}
_WEEKDAYS |= {calendar.day_abbr[n].lower(): n for n in range(7)}
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,\s*|\s+){_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d{{4}})", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*,?\s*\d{{4}})", re.I),
]
_WEEKDAY = re.compile(
    r"\b(?:(?P<which>last|this|next|past)\s+)?(?P<weekday>"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + r")\b\.?",
    re.I,
)
_RELATIVE = re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow)\b", re.I)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, published: date | None) -> date | None:
    if published is None:
        return None
    limit = published + timedelta(days=GRACE_DAYS)
    for year in (limit.year, limit.year - 1, limit.year - 2):
        found = _safe(year, month, day)
        if found is not None and found <= limit:
            return found
    return None


def resolve_day(text: str, published: date | None) -> date | None:
    """The day ``text`` names, or ``None`` when it names no single day."""
    for n, pattern in enumerate(_PATTERNS):
        m = pattern.search(text)
        if not m:
            continue
        if n == 0:
            return _safe(int(m["year"]), int(m["m"]), int(m["d"]))
        month, day = _MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
        if "year" in m.groupdict() and m["year"]:
            return _safe(int(m["year"]), month, day)
        return _month_day(month, day, published)
    if published is None:
        return None
    m = _RELATIVE.search(text)
    if m:
        return published + timedelta(days=_RELATIVE_DAYS[m["word"].lower()])
    m = _WEEKDAY.search(text)
    if m:
        weekday = _WEEKDAYS[m["weekday"].lower().rstrip(".")]
        which = (m["which"] or "").lower()
        back = (published.weekday() - weekday) % 7
        if which == "next":
            return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
        if which in ("last", "past") and back == 0:
            back = 7
        return published - timedelta(days=back)
    return None
