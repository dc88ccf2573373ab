"""Plain text and Markdown: one article per file. The headline, date line, byline and widgets at the
top are read by :func:`loaders.clean.clean_article`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.config import Settings
from loaders.readers.build import ReadResult, make_article

# Markdown that is not words: images, link targets, emphasis markers, fences, rules, list bullets.
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_FENCE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^\s*>\s?", re.MULTILINE)
_MD_BULLET = re.compile(r"^\s*([-*+]|\d+[.)])\s+", re.MULTILINE)


def prefix_bytes(settings: Settings) -> int:
    """How much of a text file is read: enough for the longest article kept (a UTF-8 character is at
    most four bytes), plus room for boilerplate that cleaning removes."""
    return min(settings.max_input_bytes, 4 * settings.max_article_chars + 64 * 1024)


def markdown_to_text(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF_DEF.sub("", text)
    text = _MD_FENCE.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def read_text(text: str, origin: str, settings: Settings, *, markdown: bool = False) -> Iterator[ReadResult]:
    if markdown:
        text = markdown_to_text(text)
    yield make_article(text, origin=origin, settings=settings)
