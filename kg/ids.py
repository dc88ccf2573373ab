"""Stable identifiers: the same article or entity gets the same id on every run and every machine."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track a click and never change the article.
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|smid|src)$", re.I)
_WS = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")


def canonical_url(url: str) -> str | None:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash.

    Returns ``None`` for something that is not an absolute http(s) URL.
    """
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    host = host.removesuffix(":80").removesuffix(":443")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING_PARAMS.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))


def normalise_text(text: str) -> str:
    """The text as compared for identity: NFKC, whitespace collapsed, case kept."""
    # str.split() splits on exactly the characters \s matches, so this equals
    # _WS.sub(" ", ...).strip(), in a third of the time on long articles.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def article_id(url: str | None, text: str) -> str:
    """From the canonical URL when there is one, else from the normalised text."""
    canon = canonical_url(url) if url else None
    basis = f"url:{canon}" if canon else f"text:{normalise_text(text)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


def slug(name: str) -> str:
    """``"Qassem Soleimani"`` -> ``"qassem-soleimani"``; keeps letters of any script."""
    folded = unicodedata.normalize("NFKC", name).casefold().replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub("-", folded).strip("-_") or "x"


def entity_id(kind: str, name: str) -> str:
    """``entity_id("person", "Qassem Soleimani") == "person:qassem-soleimani"``."""
    return f"{kind}:{slug(name)}"


def relation_id(source: str, target: str, type_: str, negated: bool) -> str:
    basis = f"{source}\x1f{target}\x1f{type_}\x1f{int(negated)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]
