"""From raw text and metadata to an :class:`Article`: clean, cut, validate, give it its stable id."""

from __future__ import annotations

from datetime import date

from kg import ids
from kg.config import Settings
from kg.errors import InputError
from kg.model import Article
from loaders.clean import clean_article, clean_inline, cut

ReadResult = Article | InputError


def make_article(
    text: str,
    *,
    origin: str,
    settings: Settings,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: date | None = None,
    author: str | None = None,
) -> ReadResult:
    """The article, or an :class:`InputError` (a value) when nothing is left of its text."""
    cleaned = clean_article(text, title=title, published=published, author=author)
    if not cleaned.text:
        return InputError(origin, "no article text: nothing is left after removing the title, date, byline "
                                  "and boilerplate lines")
    url = clean_inline(url) or cleaned.url
    if url is not None and ids.canonical_url(url) is None:
        url = None  # a relative link or another scheme cannot identify the article
    return Article.create(
        cut(cleaned.text, settings.max_article_chars),
        url=url,
        title=cleaned.title,
        source=clean_inline(source) or None,
        published=cleaned.published,
        author=cleaned.author,
        origin=origin,
    )
