"""From raw text and metadata to an :class:`Article`: clean, cut, validate, give it its stable id."""

from __future__ import annotations

from datetime import date

from kg import ids
from kg.config import Settings
from kg.errors import InputError
from kg.model import Article
from loaders.clean import clean_article, clean_inline, cut

ReadResult = Article | InputError

#: Raw text beyond this share of ``max_article_chars`` is not cleaned (cleaning only removes lines,
#: and what it keeps is cut to ``max_article_chars`` anyway): a 50 MB text costs what a long one does.
RAW_MARGIN_PCT = 150


def head(text: str, max_chars: int) -> str:
    """The first ``max_chars`` characters of raw text, ending at a line break when there is one."""
    if len(text) <= max_chars:
        return text
    end = text.rfind("\n", 0, max_chars)
    return text[: end if end > 0 else max_chars]


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
    cleaned = clean_article(head(text, settings.max_article_chars * RAW_MARGIN_PCT // 100), title=title,
                            published=published, author=author)
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
