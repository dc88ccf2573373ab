"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, an encoding the document declares,
else a detected legacy encoding. Binary input is refused with a clear reason."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from kg.errors import InputError

SAMPLE_BYTES = 64 * 1024  # enough to tell an encoding, and what is checked for binary content
MAX_ODD_FRACTION = 0.05  # more control/unassigned/replacement characters than this: binary
PREFERRED_LEGACY = "cp1252"  # among about equally good guesses, the most common legacy encoding wins

BINARY = "binary file, not an article"

#: The error handler UTF-8 text is decoded with: a byte that is not UTF-8 is read as cp1252, so that a
#: file pasted together from UTF-8 and Latin-1/cp1252 parts reads right in both ("Zürich", "Müller")
#: instead of turning one part into mojibake or U+FFFD.
UTF8_ELSE_CP1252 = "kg-utf8-else-cp1252"


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error(UTF8_ELSE_CP1252, _as_cp1252)


def errors_for(encoding: str) -> str:
    """The ``errors`` argument to decode text in ``encoding`` with."""
    return UTF8_ELSE_CP1252 if codecs.lookup(encoding).name in {"utf-8", "utf-8-sig"} else "replace"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">, and the
# XML declaration's encoding="...".
_DECLARED = re.compile(rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
                       rb"""([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding an HTML ``<meta>`` or the XML declaration names, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def detect_encoding(sample: bytes, origin: str) -> str:
    """The encoding to decode ``sample`` (the start of an input) with. Raises :class:`InputError`
    for binary content or bytes no text encoding fits."""
    bom = bom_encoding(sample)
    if bom:
        return bom
    if b"\x00" in sample:
        raise InputError(origin, f"{BINARY} (it contains NUL bytes)")
    if _is_utf8(sample):
        return "utf-8"
    declared = declared_encoding(sample)
    if declared and declared not in {"utf-8", "utf_8"} and _decodes(sample, declared):
        return declared
    matches = list(charset_normalizer.from_bytes(sample[:SAMPLE_BYTES]))
    if not matches:
        raise InputError(origin, f"{BINARY} (no text encoding fits its bytes); if it is text, save it "
                                 f"as UTF-8")
    best = matches[0]
    for match in matches:
        if (match.encoding == PREFERRED_LEGACY and match.chaos <= best.chaos + 0.05
                and match.coherence >= best.coherence - 0.1):
            return PREFERRED_LEGACY
    return best.encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _is_utf8(sample: bytes) -> bool:
    """Valid UTF-8, allowing a multi-byte character cut at the end of the sample; or UTF-8 with a few
    bad bytes among many good multi-byte characters (a damaged UTF-8 file); or UTF-8 with single
    Latin-1/cp1252 letters among ASCII (UTF-8 and cp1252 pasted together: see :data:`UTF8_ELSE_CP1252`).
    A legacy file has no valid multi-byte character, or its bad bytes come in runs (double-byte
    encodings, Cyrillic words)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
        return True
    except UnicodeDecodeError:
        pass
    text = sample.decode("utf-8", errors="surrogateescape")  # each bad byte: one of U+DC80..U+DCFF
    runs = _BAD_RUNS.findall(text)
    bad = sum(len(run) for run in runs)
    good = sum(1 for c in text if ord(c) > 127) - bad
    if good >= 4 * bad:
        return True
    single = sum(1 for run in runs if len(run) == 1)
    return good > 0 and single >= 0.8 * len(runs)


_BAD_RUNS = re.compile("[\udc80-\udcff]+")


def odd_fraction(text: str) -> float:
    """The share of characters no article has: controls, unassigned, private use, replacement."""
    sample = text[:SAMPLE_BYTES]
    if not sample:
        return 0.0
    odd = 0
    for char in sample:
        if char in "\n\r\t":
            continue
        if char == "\ufffd" or unicodedata.category(char) in {"Cc", "Cn", "Co", "Cs"}:
            odd += 1
    return odd / len(sample)


def check_text(text: str, origin: str) -> None:
    if odd_fraction(text) > MAX_ODD_FRACTION:
        raise InputError(origin, f"{BINARY} (mostly characters that are not text)")


def decode(data: bytes, origin: str) -> str:
    """Decode a whole input. Raises :class:`InputError` for empty, binary or undecodable input."""
    if not data.strip():
        raise InputError(origin, "empty: there is no text in it")
    encoding = detect_encoding(data[:SAMPLE_BYTES], origin)
    text = data.decode(encoding, errors=errors_for(encoding))
    check_text(text, origin)
    if not text.strip("\ufeff \t\r\n\x00"):
        raise InputError(origin, "empty: there is no text in it")
    return text
