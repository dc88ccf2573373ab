"""Opaque page cursors, shared by both stores.

A cursor is the base64url text (no padding) of a compact JSON list ``[kind, *key]``: ``kind`` names
the list it pages through (``"articles"``, ``"relations"``), ``key`` is the sort key of the last row
of the page, its id last. Dates travel as ISO strings. Keyset pagination then asks for the rows that
sort after that key.

Both stores build their cursors here, so a cursor carries no store-specific state; anything that
does not decode to the expected kind and shape raises :class:`kg.errors.QueryError`, never a
``ValueError`` from deep inside a store.

>>> c = encode_cursor("articles", date(2020, 1, 3), "a1")
>>> decode_cursor(c, "articles", (date, None), str)
(datetime.date(2020, 1, 3), 'a1')
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from types import NoneType
from typing import Any

from kg.errors import QueryError

__all__ = ["MAX_CURSOR_CHARS", "CursorValue", "decode_cursor", "encode_cursor"]

#: Longer strings are refused before decoding: no cursor we issue comes near it.
MAX_CURSOR_CHARS = 1024

CursorValue = str | int | float | bool | date | None
#: What ``decode_cursor`` accepts for each position: one type, or a tuple of them (``(date, None)``).
Shape = type | None | tuple[type | None, ...]


def encode_cursor(kind: str, *key: CursorValue) -> str:
    """The cursor for a row of the ``kind`` list whose sort key is ``key`` (id last)."""
    values: list[Any] = [kind]
    for v in key:
        values.append(v.isoformat() if isinstance(v, date) else v)
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(cursor: str, kind: str, *shape: Shape) -> tuple[Any, ...]:
    """The key of a cursor made by :func:`encode_cursor` for ``kind``, checked against ``shape``
    (one entry per key value; ``date`` entries are parsed back from ISO text).

    Raises :class:`QueryError` for anything else: not base64, not JSON, another list's cursor, a
    key of the wrong length or types.
    """
    bad = QueryError(f"invalid cursor {_preview(cursor)}: pass the endCursor of a previous page of the "
                     f"same {kind} list, or omit it to start from the first page")
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_CHARS:
        raise bad
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(values, list) or len(values) != len(shape) + 1 or values[0] != kind:
        raise bad
    out: list[Any] = []
    for value, expected in zip(values[1:], shape, strict=True):
        allowed = expected if isinstance(expected, tuple) else (expected,)
        out.append(_check(value, allowed, bad))
    return tuple(out)


def _check(value: Any, allowed: tuple[type | None, ...], bad: QueryError) -> Any:
    if value is None:
        if None in allowed or NoneType in allowed:
            return None
    elif isinstance(value, bool):
        if bool in allowed:
            return value
    elif isinstance(value, int):
        if int in allowed:
            return value
        if float in allowed:
            return float(value)
    elif isinstance(value, float):
        if float in allowed:
            return value
    elif isinstance(value, str):
        if str in allowed:
            return value
        if date in allowed:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
    raise bad


def _preview(cursor: object) -> str:
    text = repr(cursor)
    return text if len(text) <= 40 else text[:37] + "...'"
