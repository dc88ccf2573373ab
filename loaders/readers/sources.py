"""Where inputs come from: paths and folders expanded in a stable order, stdin, gzip, size caps."""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError

STDIN = "-"
STDIN_NAME = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
SNIFF = "sniff"  # the format is told from the content
BUFFER_BYTES = 64 * 1024  # what a reader can peek at: enough to tell an encoding or a format

#: File extensions and the format each one is read as; a file with no extension is sniffed (text,
#: unless its content is JSON, a feed or HTML).
FORMAT_OF_SUFFIX: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", "": SNIFF,
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
GZIP_SUFFIXES = (".gz", ".gzip")
KNOWN = ".txt, .md, .html, .json, .jsonl, .xml/.rss/.atom, and .gz of any of these"


@dataclass(frozen=True, slots=True)
class Input:
    """One file (or stdin) to read. ``name`` is how messages and origins call it."""

    name: str
    path: Path | None  # None: stdin
    format: str  # a value of FORMAT_OF_SUFFIX, or SNIFF
    gzipped: bool = False


def format_of(name: str) -> tuple[str | None, bool]:
    """The format a file name says (``None``: unknown) and whether it is gzipped."""
    lower = name.lower()
    gzipped = lower.endswith(GZIP_SUFFIXES)
    if gzipped:
        lower = lower[: lower.rfind(".")]
    suffix = os.path.splitext(os.path.basename(lower))[1]
    if gzipped and suffix not in FORMAT_OF_SUFFIX:
        return SNIFF, True  # "feed.gz", "dump.2024.gz": the content tells
    return FORMAT_OF_SUFFIX.get(suffix), gzipped


#: Files that document a folder rather than hold an article; skipped when walking folders (a file
#: named explicitly is still read).
_FOLDER_DOCS = re.compile(r"^(readme|license|licence|changelog|contributing|notice)(\.[a-z]+)?$", re.IGNORECASE)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _skipped_in_folders(name: str) -> bool:
    return _hidden(name) or bool(_FOLDER_DOCS.match(name))


def expand(paths: Iterable[str]) -> Iterator[Input | InputError]:
    """Every input the paths name: files as given, folders recursively in sorted order (hidden files
    and folders, README/LICENSE-like files and unknown extensions skipped), ``-`` for stdin. A path
    that cannot be used is an :class:`InputError`; so is a file named explicitly whose extension kg
    cannot read."""
    for raw in paths:
        if raw == STDIN:
            yield Input(STDIN_NAME, None, SNIFF)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _expand_folder(path, raw)
                continue
            if not path.exists():
                yield InputError(raw, "no such file or folder")
                continue
            if not path.is_file():
                yield InputError(raw, "not a regular file or folder")
                continue
        except OSError as exc:
            yield InputError(raw, f"cannot access it ({exc.strerror or exc})")
            continue
        fmt, gzipped = format_of(path.name)
        if fmt is None:
            yield InputError(raw, f"unsupported file type {path.suffix!r}: kg reads {KNOWN}; rename it "
                                  f"to .txt if it is plain text")
            continue
        yield Input(raw, path, fmt, gzipped)


def _expand_folder(folder: Path, raw: str) -> Iterator[Input | InputError]:
    found: list[tuple[tuple[str, ...], Path, str, bool]] = []
    skipped = 0
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=errors.append):
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for filename in filenames:
            if _skipped_in_folders(filename):
                continue
            path = Path(dirpath, filename)
            fmt, gzipped = format_of(filename)
            if fmt is None or not path.is_file():
                skipped += 1
                continue
            found.append((path.relative_to(folder).parts, path, fmt, gzipped))
    for error in errors:
        yield InputError(str(error.filename or raw), f"cannot read this folder ({error.strerror or error})")
    if not found:
        more = f" ({skipped} files with other extensions skipped)" if skipped else ""
        yield InputError(raw, f"no files kg can read in this folder{more}; kg reads {KNOWN}")
        return
    for _, path, fmt, gzipped in sorted(found, key=lambda item: item[0]):
        yield Input(str(path), path, fmt, gzipped)


# --------------------------------------------------------------------------- opening, with caps


class CappedReader(io.RawIOBase):
    """A binary stream that raises :class:`InputError` once more than ``cap`` bytes were read from it
    (a gzip bomb, an endless stdin) instead of filling memory."""

    def __init__(self, inner: BinaryIO, cap: int, origin: str) -> None:
        self._inner = inner
        self._cap = cap
        self._origin = origin
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        try:
            chunk = self._inner.read(len(buffer))
        except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
            raise InputError(self._origin, f"corrupt gzip data ({exc}); check the file") from None
        n = len(chunk)
        self.count += n
        if self.count > self._cap:
            raise InputError(self._origin, f"larger than the limit of {self._cap:,} bytes once decompressed "
                                           f"(KG_MAX_INPUT_BYTES); split it or raise the limit")
        buffer[:n] = chunk
        return n


def _stdin_bytes() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(sys.stdin.read().encode("utf-8"))  # a text-only stdin (tests, embedding)


@contextmanager
def open_input(item: Input, max_bytes: int) -> Iterator[io.BufferedReader]:
    """A buffered binary stream of the input's (decompressed) bytes that refuses to give more than
    ``max_bytes``. A file bigger than that on disk is refused before it is read."""
    if item.path is None:
        raw: BinaryIO = _stdin_bytes()
        close = False
    else:
        try:
            size = item.path.stat().st_size
            if size > max_bytes:
                raise InputError(item.name, f"{size:,} bytes is larger than the limit of {max_bytes:,} bytes "
                                            f"(KG_MAX_INPUT_BYTES); split it or raise the limit")
            raw = item.path.open("rb")
        except OSError as exc:
            raise InputError(item.name, f"cannot open it ({exc.strerror or exc})") from None
        close = True
    try:
        buffered = io.BufferedReader(CappedReader(raw, max_bytes, item.name), buffer_size=BUFFER_BYTES)
        if buffered.peek(2)[:2] == GZIP_MAGIC:
            gz = gzip.GzipFile(fileobj=buffered, mode="rb")
            buffered = io.BufferedReader(CappedReader(gz, max_bytes, item.name),  # type: ignore[arg-type]
                                         buffer_size=BUFFER_BYTES)
        elif item.gzipped:
            raise InputError(item.name, "named .gz but not gzip data; rename it or compress it with gzip")
        yield buffered
    finally:
        if close:
            raw.close()


def read_all(stream: BinaryIO, limit: int | None = None) -> tuple[bytes, bool]:
    """All the bytes of a stream (the stream's cap applies), or its first ``limit`` bytes; the flag
    says whether there was more."""
    if limit is None:
        return stream.read(), False
    data = stream.read(limit + 1)
    return data[:limit], len(data) > limit
