"""RSS and Atom feeds with feedparser: one article per entry.

The feed is given to feedparser as a stream of bytes, so it never opens a URL or a file named by the
content, and XML that declares entities is refused before any parsing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from kg.config import Settings
from kg.errors import InputError
from loaders.readers.build import ReadResult, make_article
from loaders.readers.dates import parse_date_value
from loaders.readers.decoding import decode
from loaders.readers.markup import check_xml_safe, html_to_text, unescape_entities


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
    parsed = feedparser.parse(io.BytesIO(data))
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
