"""RSS and Atom feeds with feedparser: one article per entry.

The feed is given to feedparser as a stream of bytes, so it never opens a URL or a file named by the
content, and XML that declares entities is refused before any parsing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from kg.config import Settings
from kg.errors import InputError
from loaders.readers.build import ReadResult, make_article
from loaders.readers.dates import parse_date_value
from loaders.readers.decoding import decode
from loaders.readers.markup import check_xml_safe, html_to_text, unescape_entities

#: A numeric character reference, in the bytes of an ASCII-compatible encoding.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def _no_bad_char_refs(data: bytes) -> bytes:
    """The feed with references to no character (``&#x110000;``, a surrogate, ``&#0;``) as U+FFFD:
    feedparser's ``chr()`` fails on them, and the whole feed with them."""
    def fix(match: re.Match[bytes]) -> bytes:
        value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return match.group(0) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else b"&#xFFFD;"

    return _CHAR_REF.sub(fix, data)


def _value_text(detail: Mapping[str, Any] | None) -> str:
    """The text of a feed value (``content[i]``, ``summary_detail``), HTML turned into text."""
    if not detail:
        return ""
    value = str(detail.get("value") or "")
    if "html" in str(detail.get("type") or "html"):
        return html_to_text(value)
    return unescape_entities(value)


def entry_text(entry: Mapping[str, Any]) -> str:
    """The entry's ``content`` (the longest one), else its ``summary``."""
    contents = [_value_text(c) for c in entry.get("content") or ()]
    best = max(contents, key=len, default="")
    if best.strip():
        return best
    summary = entry.get("summary_detail") or {"value": entry.get("summary"), "type": "text/html"}
    return _value_text(summary)


def entry_published(entry: Mapping[str, Any]) -> Any:
    """The date as the feed writes it (its own time zone), else feedparser's parsed UTC time."""
    for key in ("published", "updated", "created"):
        found = parse_date_value(entry.get(key))
        if found is not None:
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        found = parse_date_value(entry.get(key))
        if found is not None:
            return found
    return None


def read_feed(data: bytes, name: str, settings: Settings, *, text: str | None = None) -> Iterator[ReadResult]:
    """The entries of a feed; ``text``: ``data`` already decoded, if it was."""
    check_xml_safe(text if text is not None else decode(data, name), name)
    try:
        parsed = feedparser.parse(io.BytesIO(_no_bad_char_refs(data)))
    except ValueError as exc:  # feedparser's own conversions of what it read
        yield InputError(name, f"not a well-formed feed ({exc}); check the file")
        return
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") and parsed.get("bozo_exception") else ""
        yield InputError(name, f"no entries: not an RSS/Atom feed, or an empty one{why}")
        return
    source = parsed.feed.get("title") or None
    for index, entry in enumerate(parsed.entries, 1):
        origin = f"{name}#entry {index}"
        text = entry_text(entry)
        if not text.strip():
            yield InputError(origin, "no text: the entry has neither content nor a summary")
            continue
        title = entry.get("title")
        yield make_article(
            text,
            origin=origin,
            settings=settings,
            title=unescape_entities(title) if title else None,
            url=entry.get("link"),
            source=unescape_entities(source) if source else None,
            published=entry_published(entry),
            author=entry.get("author"),
        )
