"""Cleaning an article's text before NLP: control characters, boilerplate lines, footers, header lines.

The rules are data (``loaders/data/boilerplate.json``); this module only applies them. Every line rule
matches a *whole* short line (stripped, case-insensitive ``fullmatch``), never a fragment of a sentence,
so that a real sentence that happens to say "related articles" or "subscribe" is always kept.

:func:`clean_article` is the entry point: it reads the header of the text (headline, date line,
byline, widgets), removes boilerplate, and returns the cleaned text with paragraphs separated by one
blank line, plus the title, date and author it found.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from dateutil import parser as date_parser

RULES_FILE = "boilerplate.json"

# Characters that never belong in article text: C0/C1 controls except tab and newline, the BOM,
# noncharacters and lone surrogates (left by surrogateescape decoding).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n?|[\x0c\u2028\u2029\x85]")
_ODD_NEWLINE = re.compile(r"[\r\x0c\u2028\u2029\x85]")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUNS = re.compile(r" {2,}")
_ANY_ODD = re.compile(f"{_CONTROL.pattern[:-1]}\r\t\x0c\u2028\u2029\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_SLOGAN_STOPS = re.compile(r"(?<=[^\W\d])\.(?:\s+|$)")  # a full stop after a word, not in "2.5"
_BYLINE_PARTS = re.compile(r"\s*(?:[,;&|/]|\band\b|\bund\b|\bet\b|\bve\b|\by\b|\be\b|\bog\b|\boch\b)\s*")
_DAY_WORD_YEAR = re.compile(r"\b\d{1,2}\.?\s+[^\W\d_]{3,}\s+\d{4}\b")  # "22 Temmuz 2025"
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*$")
_PARTS = re.compile(r"\s*[|•·]\s*|\s{3,}")  # parts of a widget or link bar
_HAS_PARTS = re.compile(r"[|•·]|\s{3}")
_DATE_OR_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b(19|20)\d{2}\b")  # a time or a year: a date line's
_DOMAIN = re.compile(r"[^\W\d_][\w-]*\.(com|net|org|info|news|[a-z]{2})", re.IGNORECASE)  # a site's address
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](19|20)\d{2}\b")  # "30.06.2026", "03-06-2025"
_SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b")
_MAX_DATE_WORDS = 6  # words of letters in a date line ("Lunes 17 de noviembre de 2025": 4)
_BARS = re.compile(r"\s*[|•·]\s*")  # the bars between the links of a link bar
_MIN_LINKS = 3
_MAX_LINK_WORDS = 4
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_TWO_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
_MASTHEAD_MAX_WORDS = 6
_LINE_WORDS = re.compile(r"[^\W\d_]+")  # the words of a line, any script
_BULLETS = ("•", "·", "▪", "›", "»", "—", "–", "-", "*")
_LIST_ITEM = re.compile(r"(?:^|\s)\d{1,2}[.)]\s")  # "1. ", " 2) ": an item of a numbered list
_MAX_LABEL_CHARS = 40  # a label before a colon ("Meistgelesen:", "Read more on The Baltic Ledger:")
_ARROW_CHARS = ">›▸»→"
_ARROWS = re.compile(r"\s+[>›▸»→]\s+")  # the arrows of a breadcrumb trail, with spaces around
_CAMEL_BRAND = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")  # "EarthDesk", "NewsDay": a brand's one word
_NUMBER = re.compile(r"\d[\d.,:%]*")  # a number, a time, a score, a result ("1:43.61")
_AFTER_SITE = re.compile(r"\s*(?:$|[—–|•·©:]|-\s)")  # what follows a site's name in a footer line


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled boilerplate rules."""

    max_line_chars: int
    line: re.Pattern[str]  # one alternation of every rule that is tried on every line
    caption: re.Pattern[str]  # the image credits' rules, also tried on lines up to twice as long
    guarded: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]  # rules tried only on lines with a word
    footer: re.Pattern[str]  # a footer marker line
    min_sentence_words: int
    min_words: int
    header_max_lines: int
    title_min_words: int
    title_max_words: int
    title_max_chars: int
    date_prefix: re.Pattern[str]
    date_line_max_chars: int
    byline: re.Pattern[str]
    url_line: re.Pattern[str]
    author_max_words: int
    byline_roles: frozenset[str]
    separators: re.Pattern[str]
    site_footer: re.Pattern[str]  # what a footer line that opens with the site's name says
    site_call: re.Pattern[str]  # a call to action in a line that names the site
    site_line_max_words: int
    foreign_max_words: int  # a short line in another language (see ``foreign_lines``)
    foreign_min: int
    foreign_min_words: int
    foreign_min_unknown: int  # or this many words in lower case that are not English
    english_words: frozenset[str]
    foreign_words: frozenset[str]


def _alternation(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def rules_from_data(data: dict[str, Any]) -> Rules:
    """Compile the rules from the parsed JSON of ``boilerplate.json`` (or a user's copy of it)."""
    header = data["header"]
    site = data.get("site_lines") or _packaged()["site_lines"]  # a user's older copy may lack it
    foreign = data.get("foreign_lines") or _packaged()["foreign_lines"]
    rules = [r for group in data["lines"].values() for r in group]
    guarded: dict[tuple[str, ...], list[str]] = {}
    for rule in rules:
        if isinstance(rule, dict):
            guarded.setdefault(tuple(w.lower() for w in rule["requires"]), []).append(rule["pattern"])
    return Rules(
        max_line_chars=int(data["max_line_chars"]),
        line=_alternation([r for r in rules if isinstance(r, str)]),
        caption=_alternation([r for r in data["lines"]["image_credits"] if isinstance(r, str)]),
        guarded=tuple((words, _alternation(patterns)) for words, patterns in guarded.items()),
        footer=_alternation(data["footer_markers"]["patterns"]),
        min_sentence_words=int(data["prose"]["min_sentence_words"]),
        min_words=int(data["prose"]["min_words"]),
        header_max_lines=int(header["max_lines"]),
        title_min_words=int(header["title_min_words"]),
        title_max_words=int(header["title_max_words"]),
        title_max_chars=int(header["title_max_chars"]),
        date_prefix=_alternation(header["date_prefixes"]),
        date_line_max_chars=int(header["date_line_max_chars"]),
        byline=re.compile(header["byline"]),  # case-sensitive: names are capitalised
        byline_roles=frozenset(header.get("byline_roles") or _packaged()["header"]["byline_roles"]),
        url_line=re.compile(header["url_line"], re.IGNORECASE),
        author_max_words=int(header["author_max_words"]),
        separators=re.compile(header["line_separators"]),
        site_footer=_words(site["footer_words"]),
        site_call=_words(site["calls_to_action"]),
        site_line_max_words=int(site["max_words"]),
        foreign_max_words=int(foreign["max_words"]),
        foreign_min=int(foreign["min_foreign"]),
        foreign_min_words=int(foreign["min_words"]),
        foreign_min_unknown=int(foreign.get("min_unknown", 0)) or 10**6,  # a user's older copy may lack it
        english_words=frozenset(foreign["english"]),
        foreign_words=frozenset(foreign["foreign"]),
    )


def _words(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _packaged() -> dict[str, Any]:
    return json.loads(resources.files("loaders").joinpath("data", RULES_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    return rules_from_data(_packaged())


# --------------------------------------------------------------------------- characters and lines


def normalise_chars(text: str) -> str:
    """Unix newlines, no control characters, no BOM, tabs, non-breaking and odd spaces as plain
    spaces. Runs of spaces stay (they separate the parts of a widget line) until :func:`tidy`."""
    if _ANY_ODD.search(text) is None:  # the common case: one scan, nothing to change
        return text
    if _ODD_NEWLINE.search(text):
        text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    return _ODD_SPACE.sub(" ", text)


def tidy(line: str) -> str:
    """A kept line: stripped, runs of spaces as one."""
    line = line.strip()
    return _SPACE_RUNS.sub(" ", line) if "  " in line else line


def word_count(line: str) -> int:
    return len(line.split())


def is_prose(line: str, rules: Rules | None = None) -> bool:
    """A real paragraph: ends like a sentence and has a few words, or is long."""
    rules = rules or default_rules()
    words = word_count(line)
    if words >= rules.min_words:
        return True
    return words >= rules.min_sentence_words and _SENTENCE_END.search(line) is not None


def is_boilerplate(line: str, rules: Rules | None = None) -> bool:
    """Whether a whole line is boilerplate (comment prompt, share button, widget, credit, ...)."""
    rules = rules or default_rules()
    line = line.strip()
    if not line:
        return False
    if len(line) > rules.max_line_chars:
        # a long caption ("Bild: ... / Photo: ... (Foto: ...)") or a list of links after a label
        # ("Meistgelesen: 1. ... 2. ...") is still furniture; any other long line is text
        if len(line) > 2 * rules.max_line_chars:
            return False
        return rules.caption.fullmatch(line) is not None or _labelled_list(line, rules)
    if _labelled_list(line, rules) or _matches_a_rule(line, rules) or _in_another_language(line, rules) \
            or _date_in_another_language(line, rules):
        return True
    if _breadcrumb(line):
        return True
    if not _HAS_PARTS.search(line):
        return False
    if _link_bar(line):
        return True
    parts = [p.strip() for p in _PARTS.split(line) if p.strip()]  # "Print | Email | Comments (0)"
    return len(parts) > 1 and all(_matches_a_rule(p, rules) for p in parts)


def _labelled_list(line: str, rules: Rules) -> bool:
    """ "Meistgelesen: 1. Forscher entdeckt neue Froschart 2. Warum Bienen tanzen": a footer marker, a
    colon and a numbered list (two items at least) or links between bars, on one line."""
    label, colon, rest = line.partition(":")
    if not colon or len(label) > _MAX_LABEL_CHARS or rules.footer.fullmatch(label.strip()) is None:
        return False
    return len(_LIST_ITEM.findall(rest)) >= 2 or rest.count("|") >= 1 or rest.count("•") >= 1


def _breadcrumb(line: str) -> bool:
    """A page's breadcrumb trail: "Gymnastics > World Cup", "Science ▸ Environment ▸ Oceans", "Home »
    Politics": two parts or more between arrows, each a few words and no sentence."""
    if not any(arrow in line for arrow in _ARROW_CHARS):
        return False
    parts = [p.strip() for p in _ARROWS.split(line)]
    return len(parts) >= 2 and all(p and len(p.split()) <= _MAX_LINK_WORDS and _SENTENCE_END.search(p) is None
                                   for p in parts)


def _link_bar(line: str) -> bool:
    """A bar of three links or more in any language: "Partilhar: Facebook | WhatsApp | X | E-mail",
    "Actualités | Sécurité | Économie | Sport": short parts between bars, none a sentence, after at most
    a short label and a colon."""
    parts = [p.strip() for p in _BARS.split(line)]
    if len(parts) < _MIN_LINKS or not all(parts) or any(c.isdigit() for c in line):  # no widget, date or score
        return False
    label, colon, first = parts[0].rpartition(":")
    if colon and (not first.strip() or len(label.split()) > _MAX_LINK_WORDS):
        return False
    parts[0] = first.strip()
    return all(len(p.split()) <= _MAX_LINK_WORDS and _SENTENCE_END.search(p) is None for p in parts)


def _in_another_language(line: str, rules: Rules) -> bool:
    """A short line with no English in it: furniture of a site that is not English-language ("Suivez
    Kivu Matin sur Facebook et X", "Tovuti hii inatumia vidakuzi. Kubali | Kataa"). See ``foreign_lines``
    in the rules' data for what counts."""
    words = _LINE_WORDS.findall(line)
    if not rules.foreign_min_words <= len(words) <= rules.foreign_max_words:
        return False
    folded = [w.casefold() for w in words]
    if any(w in rules.english_words for w in folded) or len(_NUMBER.findall(line)) >= 2:
        return False
    if sum(1 for w in folded if w in rules.foreign_words) >= rules.foreign_min:
        return True
    unknown = [w for w in words if w[0].islower()]  # names are capitalised in any language
    if len(unknown) < rules.foreign_min_unknown:
        return False
    return any(not w.isascii() or w.casefold() in rules.foreign_words for w in unknown)


def _date_in_another_language(line: str, rules: Rules) -> bool:
    """A date line the date parser cannot read, in another language: "Dienstag, 30.06.2026, 11:42 Uhr",
    "Lunes 17 de noviembre de 2025", "Bijgewerkt 03-06-2025 21:17": a year and another number, a few
    words, none of them English."""
    words = _LINE_WORDS.findall(line)
    if len(words) > _MAX_DATE_WORDS or _YEAR.search(line) is None or len(_NUMBER.findall(line)) < 2:
        return False
    if _NUMERIC_DATE.search(line) is None and not any(w.islower() for w in words) \
            and _DAY_WORD_YEAR.search(line) is None:
        return False  # a month written as a word is in lower case ("7. lipnja 2026") or between the day and
        # the year ("22 Temmuz 2025"); "Ankara 2:1 Konya (2026)" is a result
    if _SCORE.search(_NUMERIC_DATE.sub(" ", line)) is not None:
        return False  # "Edsbyn 4-3 Villa (2026 final)": a result
    return not any(w.casefold() in rules.english_words for w in words)


def _matches_a_rule(line: str, rules: Rules) -> bool:
    if rules.line.fullmatch(line) is not None:
        return True
    lower = line.lower()
    return any(any(w in lower for w in words) and pattern.fullmatch(line) is not None
               for words, pattern in rules.guarded)


def is_footer_marker(line: str, rules: Rules | None = None) -> bool:
    rules = rules or default_rules()
    line = line.strip()
    return bool(line) and len(line) <= rules.max_line_chars and rules.footer.fullmatch(line) is not None


# --------------------------------------------------------------------------- dates


def parse_date_text(value: str) -> date | None:
    """A full calendar date (year, month and day all written) from a string that is nothing but a
    date, e.g. "Friday, September 20, 2024", "Sept. 20, 2024", "2024-09-20", "20 September 2024 10:32
    GMT". ``None`` for anything else: no fuzzy parsing, no guessing of a missing year or day."""
    value = value.strip().strip(",;|")
    if not value or not _YEAR.search(value) or len(value) > 80:
        return None
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for default in _TWO_DEFAULTS:
            try:
                results.append(date_parser.parse(value, fuzzy=False, ignoretz=True, default=default))
            except (ValueError, OverflowError, TypeError, LookupError):
                return None
    first, second = results
    if first.date() != second.date():  # some part of the date came from the default, not the text
        return None
    return first.date()


def parse_date_line(line: str, rules: Rules | None = None) -> date | None:
    """The date of a line that is only a date, maybe after "Updated:", "Published on" and the like."""
    rules = rules or default_rules()
    line = line.strip()
    if not line or len(line) > rules.date_line_max_chars:
        return None
    found = parse_date_text(line)
    if found is None:
        prefix = rules.date_prefix.match(line)
        if prefix and prefix.end() < len(line):
            found = parse_date_text(line[prefix.end():])
    return found


@dataclass(frozen=True, slots=True)
class Byline:
    author: str
    published: date | None = None


def parse_byline(line: str, rules: Rules | None = None) -> Byline | None:
    """"By Jane Roe", "By Jane Roe and John Doe | Sept. 20, 2024", "By JANE ROE, Reuters"."""
    rules = rules or default_rules()
    line = line.strip()
    if not line or len(line) > rules.max_line_chars:
        return None
    match = rules.byline.fullmatch(line)
    if match is None:
        return None
    name = match.group("name").strip(" ,&")
    if not name or word_count(name) > rules.author_max_words:
        return None
    rest = (match.group("rest") or "").strip()
    published = parse_date_line(rest, rules) if rest else None
    if rest and published is None and (word_count(rest) > 6 or _SENTENCE_END.search(rest)):
        return None  # "By Monday, the troops had left." is a sentence, not a byline
    return Byline(author=name, published=published)


def byline_people(author: str, rules: Rules | None = None) -> list[str]:
    """The people a byline names: "Jane Roe and John Doe, Political Correspondent" -> ["Jane Roe", "John
    Doe"]; parts of one word, a role or a desk ("Staff Reporter", "Our Correspondent") are left out."""
    rules = rules or default_rules()
    names = []
    for part in _BYLINE_PARTS.split(author):
        words = part.split()
        if 2 <= len(words) <= 6 and not any(w.casefold().strip(".") in rules.byline_roles for w in words) \
                and not any(c.isdigit() for c in part):
            names.append(" ".join(words))
    return names


# --------------------------------------------------------------------------- the header


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None
    published: date | None
    author: str | None
    url: str | None
    dropped: frozenset[int]  # indexes of the lines that held the header (not part of the text)
    site: str | None = None  # the first short line above the headline: the site's masthead, maybe


def _same_words(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", s).casefold()))

    return norm(a) == norm(b) and bool(norm(a))


def _is_title_candidate(line: str, rules: Rules) -> bool:
    """A line that can be a headline: a few words (not numbers: "DAX 19,508.29 ▲ 0.8%" is a ticker),
    not ending like a sentence or a label, not a list item."""
    words = line.split()
    real_words = sum(1 for w in words if sum(c.isalpha() for c in w) >= 2)
    letters = sum(c.isalpha() for c in line)
    return (
        not line[:1].islower()
        and rules.title_min_words <= real_words
        and len(words) <= rules.title_max_words
        and len(line) <= rules.title_max_chars
        and letters >= 0.6 * len(line.replace(" ", ""))
        and not line.endswith((".", ",", ";", ":"))
        and not line.startswith(("-", "*", "•", ">"))
    )


def read_header(lines: list[str], *, title: str | None = None, rules: Rules | None = None) -> Header:
    """Read the top of an article, up to its first real paragraph: the headline, a date line, a
    byline, an address line ("URL: https://...") and widgets. Those lines are dropped from the text.
    With a ``title`` already known (from HTML or JSON), a line repeating it is dropped and no other line
    is taken as the title.

    The headline is a markdown heading, else the longest line above the first real paragraph that
    does not end like a sentence (a site name or a kicker like "World News" is shorter; a dek that ends
    with a full stop is already text). The short lines above the headline go with it."""
    rules = rules or default_rules()
    published: date | None = None
    author: str | None = None
    url: str | None = None
    site: str | None = None
    dropped: set[int] = set()
    candidates: list[tuple[int, str, bool]] = []
    seen = prose_seen = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > rules.header_max_lines:
            break
        if not candidates and not prose_seen and _slogan(line):
            dropped.add(index)  # "Rugby. Cricket. Football. Everything in between." above the headline
            continue
        if is_prose(line, rules):
            # A short first sentence under the headline (a dek) may be followed by the date line;
            # a long paragraph, or a second one, is the text.
            prose_seen += 1
            if prose_seen > 1 or word_count(line) >= rules.min_words:
                break
            continue
        heading = _MD_HEADING.match(line)
        text = heading.group("text") if heading else line
        if title is not None and _same_words(text, title):
            dropped.add(index)
            continue
        day = parse_date_line(text, rules) or _date_of_parts(text, rules)
        if day is not None:
            published = published or day
            dropped.add(index)
            continue
        byline = parse_byline(text, rules)
        if byline is not None:
            author = author or byline.author
            published = published or byline.published
            dropped.add(index)
            continue
        address = rules.url_line.fullmatch(text)
        if address is not None:
            url = url or address.group("url")
            dropped.add(index)
            continue
        if is_boilerplate(text, rules):
            dropped.add(index)
            continue
        if not prose_seen and _is_title_candidate(text, rules) and not _continues(lines, index):
            candidates.append((index, text, heading is not None))
    found_title = None
    if title is None and candidates:
        index, found_title = _choose_title(candidates)
        found_title = tidy(found_title)
        # Short lines above the headline are kickers and section names ("Health", "Science & Tech").
        above = {i for i in range(index + 1) if lines[i].strip() and i not in dropped}
        if _has_text_after(lines, dropped | above, rules):
            dropped |= above
            site = _site(lines, index, rules)
        else:
            found_title = None  # a lone line is the text, not a title
    return Header(title=found_title, published=published, author=author, url=url,
                  dropped=frozenset(dropped), site=site)


def _slogan(line: str) -> bool:
    """A site's slogan in the masthead: two or more fragments of three words or fewer, each closed by a
    full stop ("Rugby. Cricket. Football. Everything in between.", "Fast. Fair. Free.")."""
    parts = [p for p in _SLOGAN_STOPS.split(line.strip()) if p]
    return len(parts) >= 2 and line.rstrip().endswith(".") and all(1 <= len(p.split()) <= 3 for p in parts)


def _site(lines: list[str], title: int, rules: Rules) -> str | None:
    """The site's name: the first line above the headline (``title``) that can be one, or the first
    part of it ("DALA NEWS | ДАЛА НЬЮС", "SAUTI YA ZIWA — Habari za Afrika Mashariki"); a masthead
    dropped as furniture ("LE VEILLEUR DU SAHEL") still names the site."""
    for i in range(title):
        line = lines[i].strip()
        if not line or parse_date_line(line, rules) or parse_byline(line, rules):
            continue
        first = rules.separators.split(line)[0].strip()
        if _is_masthead(first):
            return tidy(first)
    return None


def _is_masthead(line: str) -> bool:
    """A line that can be a site's name: two to six words, no digits, no separators (nor a breadcrumb's:
    "Science ▸ Environment ▸ Oceans"); or a site's address ("VÍZISPORT.HU", "Sportkanaal.nl"); or one
    word in camel case, a brand ("EarthDesk")."""
    words = line.split()
    if len(words) == 1:
        return _DOMAIN.fullmatch(line) is not None or _CAMEL_BRAND.fullmatch(line) is not None
    return 2 <= len(words) <= _MASTHEAD_MAX_WORDS and not any(c.isdigit() or c in "|•·:>»›▸/" for c in line)


def _continues(lines: list[str], index: int) -> bool:
    """Whether the next line goes on with this one's sentence (hard-wrapped text): it starts lower-case."""
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return following[:1].islower() and _DATE_OR_TIME.search(following) is None  # not "sáb 28 nov 2026 · 22:10"


def _choose_title(candidates: list[tuple[int, str, bool]]) -> tuple[int, str]:
    """A markdown heading, else the candidate with the most words (the first of equals): a headline
    is longer than the site name, kicker or section above it."""
    for index, text, heading in candidates:
        if heading:
            return index, text
    index, text, _ = max(candidates, key=lambda c: (word_count(c[1]), -c[0]))
    return index, text


def _date_of_parts(line: str, rules: Rules) -> date | None:
    """A date in a line of separated parts that are all dates, times, bylines or widgets:
    "Sept. 20, 2024 | 10:32 GMT", "Weather 25.9 C • Friday, September 20, 2024", "Mar 3, 2026 ·
    Updated 17:05 TRT"."""
    parts = [p for p in rules.separators.split(line) if p.strip()]
    if len(parts) < 2:
        return None
    day = None
    for part in parts:
        part_day = parse_date_line(part, rules)
        if part_day is not None:
            day = day or part_day
        elif not (is_boilerplate(part, rules) or parse_byline(part, rules) or _is_time(part, rules)):
            return None
    return day


_TIME = re.compile(r"\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,5}([+-]\d{1,2})?)?", re.IGNORECASE)


def _is_time(part: str, rules: Rules) -> bool:
    """A time, maybe with a zone and after "Updated": "10:32 GMT", "Updated 17:05 TRT"."""
    part = part.strip()
    prefix = rules.date_prefix.match(part)
    return _TIME.fullmatch(part[prefix.end():] if prefix else part) is not None


def _has_text_after(lines: list[str], dropped: set[int], rules: Rules) -> bool:
    return any(line.strip() and i not in dropped and not is_boilerplate(line, rules)
               for i, line in enumerate(lines))


# --------------------------------------------------------------------------- the body


def drop_boilerplate(lines: list[str], rules: Rules | None = None) -> list[str]:
    """The lines without boilerplate lines and without footer blocks. A footer block is a marker line
    ("Related Articles", "Latest Articles", ...) and the short, non-prose lines after it (link
    titles); it ends at the next real paragraph, which is kept."""
    rules = rules or default_rules()
    kept: list[str] = []
    in_footer = False
    has_text = any(is_prose(line.strip(), rules) for line in lines if line.strip())  # a one-word article stays
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            kept.append("")
            continue
        if has_text and _lone_word(lines, index):
            continue
        if is_footer_marker(line, rules):
            in_footer = True
            continue
        if is_boilerplate(line, rules):
            continue
        if in_footer and not is_prose(line, rules):
            continue
        in_footer = False
        kept.append(tidy(line))
    return _without_tail(kept, rules)


def _without_tail(lines: list[str], rules: Rules) -> list[str]:
    """The lines without the page's tail: after the text's last paragraph (prose, or a line of results
    with numbers: "1. Kalniņš/Ozoliņš (LAT) 1:43.61"), a line that is neither is a link title, a label,
    a teaser or a credit of the page ("Kitwe traders protest new market levy", "Lumbini airport
    adds flights to Kuala Lumpur"), never the article's own text. Hard-wrapped text is left whole: its
    lines are pieces of paragraphs."""
    if _looks_hard_wrapped(_paragraphs(lines)):
        return lines
    prose = [i for i, line in enumerate(lines) if line and is_prose(line, rules)]
    if not prose:
        return lines
    last = max(prose[-1], max((i for i, line in enumerate(lines) if line and _results(line)), default=-1))
    return lines[: last + 1] + [line for line in lines[last + 1:] if not line]


def _results(line: str) -> bool:
    """A line of results or figures ("1. Kalniņš/Ozoliņš (LAT) 1:43.61"), not a bulleted link title
    ("• Hokej: HC 21 Prešov zdolal Michalovce 4:2")."""
    return len(_NUMBER.findall(line)) >= 2 and not line.startswith(_BULLETS)


def _lone_word(lines: list[str], index: int) -> bool:
    """A line of one word with blank lines (or nothing) around it: a button or a label ("Relacionadas",
    "Souhlasím"), never a paragraph; a word alone inside hard-wrapped text has neighbours."""
    words = lines[index].split()
    if len(words) != 1 or not words[0].strip(".:!?»›→").isalpha():
        return False
    before = lines[index - 1].strip() if index > 0 else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return not before and not after


def _looks_hard_wrapped(paragraphs: list[list[str]]) -> bool:
    """Text wrapped at a fixed width (e-mail, old wire copy): most lines belong to multi-line
    paragraphs and few lines are long."""
    lines = [line for p in paragraphs for line in p]
    if len(lines) < 4:
        return False
    in_multi = sum(len(p) for p in paragraphs if len(p) > 1)
    long_lines = sum(1 for line in lines if len(line) > 100)
    return in_multi >= 0.6 * len(lines) and long_lines <= 0.1 * len(lines)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """The runs of non-blank lines."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def join_paragraphs(lines: list[str]) -> str:
    """Paragraphs separated by one blank line. In hard-wrapped text the lines of a paragraph are
    joined; otherwise every line is its own paragraph (scraped text puts one paragraph per line)."""
    paragraphs = _paragraphs(lines)
    if _looks_hard_wrapped(paragraphs):
        blocks = [_join_wrapped(p) for p in paragraphs]
    else:
        blocks = [line for p in paragraphs for line in p]
    return "\n\n".join(blocks)


def _join_wrapped(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text = text[:-1] + line if text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower() \
            else f"{text} {line}"
    return text


# --------------------------------------------------------------------------- the entry points


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    title: str | None
    published: date | None
    author: str | None
    url: str | None = None  # an address line at the top of the text ("URL: https://...")


def clean_article(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    author: str | None = None,
    rules: Rules | None = None,
) -> Cleaned:
    """Clean an article's raw text. ``title``, ``published`` and ``author`` already known (from HTML
    metadata, JSON fields, a feed entry) win over what the header lines say."""
    rules = rules or default_rules()
    lines = normalise_chars(text).split("\n")
    title = clean_inline(title) or None
    header = read_header(lines, title=title, rules=rules)
    body = [line for i, line in enumerate(lines) if i not in header.dropped]
    body = [_unheading(line) for line in body]
    if header.site is not None:
        body = [line for line in body if not _signed_by_site(line, header.site, rules)]
    cleaned = join_paragraphs(drop_boilerplate(body, rules))
    return Cleaned(
        text=cleaned,
        title=title or header.title,
        published=published or header.published,
        author=clean_inline(author) or header.author,
        url=header.url,
    )


def _signed_by_site(line: str, site: str, rules: Rules) -> bool:
    """A short line of the site's own, known by the name in its masthead: one that opens with the name
    and then only a separator (the page's footer or tagline: "Green Horizon — independent reporting
    since 2014. Support our work."), or one that names the site beside "|" or "©" or asks the reader
    for something ("Sahel Monitor newsletter: the week in the region. Sign up here.")."""
    line = line.strip()
    folded, name = line.casefold(), site.casefold()
    if len(line) > rules.max_line_chars or name not in folded:
        return False
    if folded.startswith(name) and _AFTER_SITE.match(line, len(site)) is not None:
        # a footer says what the site is; "South Africa — the continent's ... — has suffered ..." is a sentence
        return not is_prose(line, rules) or rules.site_footer.search(line) is not None
    if len(line.split()) > rules.site_line_max_words or rules.byline.match(line) is not None:
        return False  # a byline with the author's bio ("By Mele Fifita. Mele Fifita reports ... for X") is text
    return "|" in line or "\u00a9" in line or rules.site_call.search(line) is not None


def _unheading(line: str) -> str:
    heading = _MD_HEADING.match(line.strip())
    return heading.group("text") if heading else line


def clean_inline(value: str | None) -> str:
    """A one-line field (title, author, source): controls removed, whitespace collapsed."""
    if not value:
        return ""
    return " ".join(normalise_chars(value).split())


def cut(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters, at the last paragraph break, else the last
    sentence end, else the last space in the second half; a hard cut only when there is none."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    floor = max_chars // 2
    para = head.rfind("\n\n")
    if para >= floor:
        return head[:para].rstrip()
    sentence_end = None
    for match in _SENTENCE_BREAK.finditer(head, floor):
        sentence_end = match.end()
    if sentence_end is not None:
        return head[:sentence_end].rstrip()
    if text[max_chars:max_chars + 1].isspace() or not text[max_chars:max_chars + 1]:
        return head.rstrip()
    space = head.rfind(" ")
    return (head[:space] if space >= floor else head).rstrip()
