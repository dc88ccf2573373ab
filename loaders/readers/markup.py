"""Markup helpers shared by the readers: HTML fragments to text, telling HTML and feeds apart, and the
refusal of XML that declares entities (billion laughs, external entities)."""

from __future__ import annotations

import html
import json
import re

import lxml.etree
import lxml.html

from kg.errors import InputError

# Tags whose content is never article text.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
             "form", "button", "select", "nav", "aside", "footer", "figure", "head")
# Tags that end a paragraph: their text goes on lines of its own.
BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "header", "blockquote", "pre", "ul", "ol",
                        "li", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
                        "address", "center", "details", "summary", "figcaption"})
_TAG = re.compile(r"</?(p|div|br|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|table|tr|td|img|html|body|article|"
                  r"section|blockquote|figure|figcaption|header|footer|main|nav|iframe|script|style)\b[^>]*>",
                  re.IGNORECASE)
_ENTITY_REF = re.compile(r"&(amp|lt|gt|quot|apos|nbsp|mdash|ndash|rsquo|lsquo|rdquo|ldquo|hellip|#\d{2,6}|"
                         r"#x[0-9a-f]{2,5});", re.IGNORECASE)
_FULL_HTML = re.compile(r"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html\b)", re.IGNORECASE | re.DOTALL)
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)\b", re.IGNORECASE)
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|article|p|div|h1|title|meta)\b", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_ROOT_START = re.compile(r"<[A-Za-z_]")
_ENTITY_DECL = re.compile(r"<!ENTITY\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a field's value is HTML (tags), not plain text that mentions a "<"."""
    return _TAG.search(text) is not None


def is_full_html_document(text: str) -> bool:
    return _FULL_HTML.match(text) is not None


def unescape_entities(text: str) -> str:
    """Plain text with stray HTML entities ("AT&amp;T", "&#8217;") turned into characters."""
    return html.unescape(text) if _ENTITY_REF.search(text) else text


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content, a JSON body), one line per block.
    Scripts, styles, navigation and figures are dropped; links keep their words."""
    if not looks_like_html(fragment):
        return unescape_entities(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return unescape_entities(_TAG.sub(" ", fragment))
    for element in list(root.iter(*DROP_TAGS)):
        element.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    return "".join(parts)


def _walk(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag.lower() in BLOCK_TAGS
    if block:
        parts.append("\n\n")
    if tag.lower() == "br":
        parts.append("\n")
    if isinstance(element.tag, str) and element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n\n")


def sniff(text: str) -> str:
    """The format of content that came without a telling name (stdin, ``data.gz``): "json",
    "jsonl", "feed", "html" or "text"."""
    head = text.lstrip("\ufeff \t\r\n")[:8192]
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first, _, rest = head.partition("\n")
        try:
            json.loads(first)
        except ValueError:
            return "json"  # one object over several lines
        return "jsonl" if rest.strip() else "json"
    if head.startswith("<"):
        if _FEED_ROOT.search(head[:4096]):
            return "feed"
        if _HTML_START.search(head[:4096]):
            return "html"
        if head.startswith("<?xml"):
            return "feed"
        return "html"
    return "text"


def check_xml_safe(text: str, origin: str) -> None:
    """Refuse XML whose DOCTYPE declares entities: expanding them can take all memory ("billion
    laughs") or read local files and URLs (external entities). A plain DOCTYPE is fine."""
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return
    root = _ROOT_START.search(text, doctype.end())
    prolog = text[doctype.start(): root.start() if root else len(text)]
    if _ENTITY_DECL.search(prolog):
        raise InputError(origin, "refused: its DOCTYPE declares XML entities, which can expand without "
                                 "bound ('billion laughs') or read other files; remove the DOCTYPE")
