"""Reading articles from files, folders, feeds and stdin.

:func:`iter_inputs` is the one entry point. It yields every :class:`~kg.model.Article` found under the
given paths, in a stable order, and an :class:`~kg.errors.InputError` *value* for every input, or part
of an input (a JSON line, a feed entry), that cannot be read. It never raises for a user's bad input:
one bad file, line or entry never stops the others.

Formats, by extension (``.gz`` of any of them too; stdin and ``name.gz`` are sniffed):

========================  =====================================================================
``.txt .text .md`` none   one article; headline, date line and byline read from the top lines
``.html .htm``            one article; main text and metadata by trafilatura
``.json``                 an object, an array of objects, or ``{"articles": [...]}``
``.jsonl .ndjson``        one object a line, streamed
``.xml .rss .atom``       a feed; one article per entry
========================  =====================================================================
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from kg.config import Settings
from kg.errors import InputError
from loaders.readers.build import ReadResult, make_article
from loaders.readers.decoding import decode
from loaders.readers.feed import read_feed
from loaders.readers.html import read_html
from loaders.readers.jsonl import read_json, read_jsonl
from loaders.readers.markup import sniff
from loaders.readers.sources import SNIFF, Input, expand, open_input, read_all
from loaders.readers.text import prefix_bytes, read_text

__all__ = ["ReadResult", "iter_inputs", "make_article"]


def iter_inputs(paths: Iterable[str], settings: Settings) -> Iterator[ReadResult]:
    """Yield every article found under the given paths, in a stable order, and an InputError
    (a value, not raised) for every input or part of an input that cannot be read. Never raises
    for a user's bad input; one bad file/line/entry never stops the others."""
    seen: set[str] = set()
    for item in expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if item.path is not None:
            key = str(item.path.resolve())
            if key in seen:  # named twice, or a file inside a folder also named
                continue
            seen.add(key)
        yield from read_input(item, settings)


def read_input(item: Input, settings: Settings) -> Iterator[ReadResult]:
    """Every article of one input; whatever goes wrong in it becomes an :class:`InputError` for it."""
    try:
        with open_input(item, settings.max_input_bytes) as stream:
            yield from _read_stream(item, stream, settings)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(item.name, f"cannot read it ({exc.strerror or exc})")
    except (RecursionError, MemoryError):
        yield InputError(item.name, "too deeply nested or too large to read; split it into smaller files")
    except Exception as exc:  # a library failing on odd input must not stop the other inputs
        yield InputError(item.name, f"could not be read ({type(exc).__name__}: {exc}); please report this "
                                    f"with the file if it looks like an article")


def _read_stream(item: Input, stream: io.BufferedReader, settings: Settings) -> Iterator[ReadResult]:
    fmt = item.format
    if fmt == "jsonl":
        yield from read_jsonl(stream, item.name, settings)
        return
    if fmt in {"text", "markdown"}:
        data, _ = read_all(stream, prefix_bytes(settings))  # longer text would be cut anyway
    else:
        data, _ = read_all(stream)
    text = decode(data, item.name)
    if fmt == SNIFF:
        fmt = sniff(text)
        if fmt == "jsonl":
            yield from read_jsonl(io.BytesIO(data), item.name, settings)
            return
    if fmt == "text":
        yield from read_text(text, item.name, settings)
    elif fmt == "markdown":
        yield from read_text(text, item.name, settings, markdown=True)
    elif fmt == "html":
        yield from read_html(text, item.name, settings)
    elif fmt == "json":
        yield from read_json(text, item.name, settings)
    elif fmt == "feed":
        yield from read_feed(data, item.name, settings, text=text)
    else:  # pragma: no cover - every format is listed above
        yield InputError(item.name, f"unknown format {fmt!r}")
