"""HTML pages: main text and metadata (title, date, author, site name, canonical URL) with trafilatura.

Nothing is fetched: trafilatura only reads the markup it is given. The date comes from the page's
markup and metadata only (``extensive_search`` off), never guessed from a sentence of the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import trafilatura

from kg.config import Settings
from kg.errors import InputError
from loaders.readers.build import ReadResult, make_article
from loaders.readers.markup import check_xml_safe

#: How trafilatura is asked: main text without comments, tables or images; metadata on; dates from
#: markup and metadata only.
EXTRACTION: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
#: Tried when the first pass finds no main text (short pages, unusual layouts).
RECALL: dict[str, Any] = {**EXTRACTION, "favor_recall": True}


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    author: str | None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_page(markup: str, origin: str) -> Page:
    """The main text and metadata of an HTML page. Raises :class:`InputError` when there is no main
    text to find."""
    check_xml_safe(markup, origin)
    doc = None
    for options in (EXTRACTION, RECALL):
        doc = trafilatura.bare_extraction(markup, **options)
        if doc is not None and (doc.text or "").strip():
            break
    if doc is None or not (doc.text or "").strip():
        raise InputError(origin, "no main text found in this HTML (only navigation, or nothing); if the "
                                 "article is there, save its text as a .txt file")
    return Page(
        text=doc.text,
        title=doc.title or None,
        url=doc.url or None,
        source=doc.sitename or doc.hostname or None,
        published=_iso_date(doc.date),
        author=doc.author or None,
    )


def read_html(markup: str, origin: str, settings: Settings) -> Iterator[ReadResult]:
    page = extract_page(markup, origin)
    yield make_article(page.text, origin=origin, settings=settings, title=page.title, url=page.url,
                       source=page.source, published=page.published, author=page.author)
