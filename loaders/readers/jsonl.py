"""JSON (one object, an array of objects, or ``{"articles": [...]}``) and JSON Lines (one object a line,
streamed: a file of any length is read in bounded memory).

The field names a record may use are data (:data:`FIELDS`); the first one present wins. A value may be
HTML (its text is extracted), a list (of paragraphs, of authors) or an object with a ``name`` /
``rendered`` / ``text`` field (``"source": {"name": ...}``, WordPress's ``"content": {"rendered": ...}``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from kg.config import Settings
from kg.errors import InputError
from loaders.readers.build import ReadResult, make_article
from loaders.readers.dates import parse_date_value
from loaders.readers.decoding import (
    MAX_ODD_FRACTION,
    SAMPLE_BYTES,
    bom_encoding,
    check_text,
    detect_encoding,
    errors_for,
)
from loaders.readers.html import extract_page
from loaders.readers.markup import (
    html_to_text,
    is_full_html_document,
    looks_like_html,
    unescape_entities,
)

#: Each article field and the record keys that may hold it (matched case-insensitively), in order.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "articlebody", "article_body", "full_text", "fulltext",
             "maintext", "story"),
    "url": ("url", "link", "canonical_url", "canonical", "permalink", "href"),
    "published": ("published", "date", "published_at", "pubdate", "publishedat", "date_published",
                  "datepublished", "pub_date", "publish_date", "publication_date", "created_at", "time"),
    "source": ("source", "site", "publisher", "site_name", "sitename", "source_name", "outlet", "domain"),
    "author": ("author", "authors", "byline", "creator", "by"),
}
#: Keys of a top-level object that hold the list of articles.
LIST_KEYS = ("articles", "items", "entries", "data", "results", "posts", "documents", "docs")
#: Keys of a nested value that hold its text: ``{"name": "Reuters"}``, ``{"rendered": "<p>...</p>"}``.
NESTED_KEYS = ("name", "rendered", "text", "value", "title", "content", "url", "href")

JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false",
              type(None): "null"}
TEXT_FIELDS = ", ".join(FIELDS["text"][:4])


#: The longest JSON line read is never shorter than this: a line of several MB (an article with its
#: HTML, a long transcript) is read and its article cut, not refused.
MIN_LINE_LIMIT = 16 * 1024 * 1024


def line_limit(settings: Settings) -> int:
    """The longest JSON line read, in characters: room for the longest article kept, even with every
    character escaped, and its metadata; at least :data:`MIN_LINE_LIMIT`."""
    return max(8 * settings.max_article_chars + 64 * 1024, MIN_LINE_LIMIT)


# --------------------------------------------------------------------------- values


def text_of(value: Any, joiner: str = " ") -> str | None:
    """The text of a JSON value: a string, a list of strings joined, an object's name/text field."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        lowered = {str(k).lower(): v for k, v in value.items()}
        for key in NESTED_KEYS:
            if key in lowered:
                return text_of(lowered[key], joiner)
        return None
    if isinstance(value, list):
        parts = [t for t in (text_of(v, joiner) for v in value) if t and t.strip()]
        return joiner.join(parts) or None
    return None


def _get(record: Mapping[str, Any], field: str) -> Any:
    for key in FIELDS[field]:
        if key in record and record[key] not in (None, "", [], {}):
            return record[key]
    return None


def record_to_article(record: Any, origin: str, settings: Settings) -> ReadResult:
    """One JSON object to an article, or an :class:`InputError` naming ``origin``."""
    if not isinstance(record, Mapping):
        kind = JSON_KINDS.get(type(record), type(record).__name__)
        return InputError(origin, f"expected a JSON object with a text field ({TEXT_FIELDS}), got {kind}")
    fields = {str(k).lower(): v for k, v in record.items()}
    text = text_of(_get(fields, "text"), "\n\n")
    if not text or not text.strip():
        return InputError(origin, f"no text: give the article's text in one of the fields {TEXT_FIELDS}")
    title = text_of(_get(fields, "title"), " ")
    url = text_of(_get(fields, "url"), " ")
    source = text_of(_get(fields, "source"), " ")
    author = text_of(_get(fields, "author"), ", ")
    published = parse_date_value(_get(fields, "published"))
    if is_full_html_document(text):
        try:
            page = extract_page(text, origin)
        except InputError as exc:
            return exc
        text = page.text
        title, url = title or page.title, url or page.url
        source, author = source or page.source, author or page.author
        published = published or page.published
    elif looks_like_html(text):
        text = html_to_text(text)
    else:
        text = unescape_entities(text)
    title = unescape_entities(html_to_text(title)) if title else None
    return make_article(text, origin=origin, settings=settings, title=title, url=url, source=source,
                        published=published, author=author)


# --------------------------------------------------------------------------- JSON


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"not valid JSON ({exc.msg}, line {exc.lineno}, column {exc.colno})"


#: Why a JSON value that parses in principle could not be read (Python's own limits), for users.
TOO_DEEP = "JSON nested too deeply to read (thousands of levels); an article is one flat object"
TOO_LONG_NUMBER = "a number with more digits than Python reads (over 4300); no article field needs one"


def _limit_error(exc: ValueError | RecursionError) -> str:
    """The reason for a JSON value past Python's limits (nesting depth, digits of an integer)."""
    return TOO_DEEP if isinstance(exc, RecursionError) else TOO_LONG_NUMBER


def read_json(text: str, name: str, settings: Settings) -> Iterator[ReadResult]:
    """A JSON document: one article object, an array of them, or an object with an article list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object a line in a .json file: read it as JSON Lines
            yield from read_json_lines(io.StringIO(text), name, settings)
            return
        yield InputError(name, _json_error(exc))
        return
    except (ValueError, RecursionError) as exc:  # past the digit limit of int(), or too deep
        yield InputError(name, _limit_error(exc))
        return
    if isinstance(data, Mapping):
        lowered = {str(k).lower(): v for k, v in data.items()}
        for key in LIST_KEYS:
            if isinstance(lowered.get(key), list):
                data = lowered[key]
                break
    if isinstance(data, list):
        if not data:
            yield InputError(name, "an empty JSON array: no articles in it")
        for index, item in enumerate(data, 1):
            yield _record(item, f"{name}#item {index}", settings)
        return
    yield _record(data, name, settings)


def _record(record: Any, origin: str, settings: Settings) -> ReadResult:
    """:func:`record_to_article`, with a value nested past Python's recursion limit an error of its own."""
    try:
        return record_to_article(record, origin, settings)
    except RecursionError as exc:
        return InputError(origin, _limit_error(exc))


# --------------------------------------------------------------------------- JSON Lines


def _without_stray_nuls(sample: bytes) -> bytes:
    """The sample without its NUL bytes when they are few: a line damaged by a crash (NUL-padded) is
    then an error of its own line, and the other lines are read. Many NULs still mean binary."""
    if b"\x00" in sample and bom_encoding(sample) is None and sample.count(0) <= MAX_ODD_FRACTION * len(sample):
        return sample.replace(b"\x00", b"")
    return sample


def open_text_stream(stream: BinaryIO, name: str) -> io.TextIOWrapper:
    """A text stream over JSON Lines bytes, its encoding told from the first 64 KiB."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    sample = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]  # type: ignore[union-attr]
    if not sample.strip():
        raise InputError(name, "empty: there is no text in it")
    encoding = detect_encoding(_without_stray_nuls(sample), name)
    check_text(sample.decode(encoding, errors="replace"), name)
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors_for(encoding), newline=None)  # type: ignore[arg-type]


def read_jsonl(stream: BinaryIO, name: str, settings: Settings) -> Iterator[ReadResult]:
    """JSON Lines, streamed. A ``.jsonl`` file that holds one JSON document over several lines (an
    array, a pretty-printed object) is read as JSON instead of failing on every line."""
    lines = open_text_stream(stream, name)
    sample = lines.buffer.peek(SAMPLE_BYTES)[:SAMPLE_BYTES].decode(lines.encoding, "replace")
    first = sample.lstrip("\ufeff \t\r\n").partition("\n")[0].strip()
    if first in {"[", "{"} or (first.startswith("[{") and not first.endswith("]")):
        yield from read_json(lines.read(), name, settings)
        return
    yield from read_json_lines(lines, name, settings)


def read_json_lines(lines: io.TextIOBase, name: str, settings: Settings) -> Iterator[ReadResult]:
    """One article per line; blank lines are skipped. A bad line is an :class:`InputError` naming
    ``name:line`` and the lines after it are still read."""
    limit = line_limit(settings)
    number = 0
    found = False
    while True:
        line = lines.readline(limit)
        if not line:
            break
        number += 1
        origin = f"{name}:{number}"
        if len(line) >= limit and not line.endswith("\n"):
            while line and not line.endswith("\n"):  # skip the rest of the long line
                line = lines.readline(limit)
            yield InputError(origin, f"line longer than {limit:,} characters; is it one article a line?")
            found = True
            continue
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        found = True
        if "\x00" in line:
            yield InputError(origin, "NUL bytes in this line: the file is damaged here (a crash while it was "
                                     "written?); fix or remove the line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(origin, f"not valid JSON ({exc.msg}, column {exc.colno}); each line must be "
                                     f"one JSON object")
            continue
        except (ValueError, RecursionError) as exc:  # one odd line must not lose the lines after it
            yield InputError(origin, _limit_error(exc))
            continue
        yield _record(record, origin, settings)
    if not found:
        yield InputError(name, "empty: no JSON lines in it")
