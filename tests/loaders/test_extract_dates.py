"""Days named in text, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from loaders.dates import resolve_day

FRIDAY = date(2024, 9, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday", date(2024, 9, 19)),
        ("on Friday", FRIDAY),  # a weekday is the latest one on or before publication
        ("last Friday", date(2024, 9, 13)),
        ("next Monday", date(2024, 9, 23)),
        ("yesterday", date(2024, 9, 19)),
        ("today", FRIDAY),
        ("July 26", date(2024, 7, 26)),
        ("26 July", date(2024, 7, 26)),
        ("September 22", date(2024, 9, 22)),  # within the grace days after publication
        ("December 30", date(2023, 12, 30)),  # later in the year: last year's
        ("Sept. 3, 2023", date(2023, 9, 3)),
        ("3 March 2025", date(2025, 3, 3)),
        ("2024-02-29", date(2024, 2, 29)),
        ("November 2023", None),  # a month is not a day
        ("2003", None),
        ("the coming days", None),
        ("February 30, 2024", None),
    ],
)
def test_resolve_day(text: str, expected: date | None) -> None:
    assert resolve_day(text, FRIDAY) == expected


def test_without_publication_only_absolute_dates_resolve() -> None:
    assert resolve_day("Thursday", None) is None
    assert resolve_day("July 26", None) is None
    assert resolve_day("July 26, 2024", None) == date(2024, 7, 26)
