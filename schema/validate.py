"""Checks of client arguments, with messages that say what to change. Each raises ``QueryError``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kg.errors import QueryError

#: Bounds of the arguments that make a query expensive, beyond ``settings.max_page_size``.
MAX_PATH_HOPS = 6
MAX_SUBGRAPH_DEPTH = 3
MAX_SUBGRAPH_LIMIT = 1000
MAX_SUBGRAPH_SEEDS = 100
MAX_TRENDING_WINDOW_DAYS = 3660
MAX_IDS = 1000


def between(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise QueryError(f"{name} must be between {low} and {high}, got {value}")
    return value


def first(value: int, max_page_size: int, name: str = "first") -> int:
    """``first`` of a list or connection: 1..max_page_size."""
    return between(name, value, 1, max_page_size)


def date_range(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None]:
    if date_from is not None and date_to is not None and date_from > date_to:
        raise QueryError(f"from ({date_from.isoformat()}) is after to ({date_to.isoformat()}): "
                         "give from <= to (both days are included)")
    return date_from, date_to


def ids(name: str, values: Sequence[str] | None, *, required: bool = False,
        limit: int = MAX_IDS) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v for v in (values or ())))
    if required and not values:
        raise QueryError(f"{name} must name at least one id")
    if len(values) > limit:
        raise QueryError(f"{name} names {len(values)} ids; at most {limit} are allowed")
    if any(not v.strip() for v in values):
        raise QueryError(f"{name} contains an empty id")
    return values


def text(name: str, value: str, *, max_chars: int = 500) -> str:
    value = value.strip()
    if not value:
        raise QueryError(f"{name} must not be empty")
    if len(value) > max_chars:
        raise QueryError(f"{name} is {len(value)} characters long; at most {max_chars} are allowed")
    return value
