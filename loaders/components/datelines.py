"""``kg_datelines``: the place of an upper-case dateline that opens a paragraph ("BEIRA, Mozambique
(AFP) —", "ROSWELL, N.M. —", "SAN FRANCISCO - A federal jury") is a place entity; so are the
places of a dateline joined by slashes ("OSAKA/HELSINKI —"), the last always, the others when they
are cities the tables know.

A dateline is a run of one to four upper-case words at the start of a line (hyphens may join them:
"SAINT-LOUIS"), followed within a few tokens by a dash (after an optional ", Region" and "(Agency)"),
on a line long enough to be a paragraph (a masthead such as "MANILA CURRENT" stands alone on its
line), and not the agency that filed the story ("PNN –": a word without a vowel, or the initials
of an organisation the text names). The run replaces whatever NER made of it; the rest of the line
keeps its entities. The agency in brackets after the place ("MADRID (EFE) -") is an organisation. A town the tables
know may also be followed by a colon ("SIALKOT: About 2,300 workers ...", as South Asian papers write
datelines).
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from loaders.aliases import load_tables, read_json
from loaders.components import ents_of, set_ents
from loaders.components.acronyms import initials_match

_MAX_WORDS = 4
_MAX_PLACES = 3  # places of one dateline joined by slashes
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_DASH_WITHIN = 8  # tokens after the run
_MIN_LINE_TOKENS = 10
_VOWELS = frozenset("AEIOU\u00c1\u00c9\u00cd\u00d3\u00da\u00c0\u00c8\u00d6\u00dc")


def _line_starts(doc: Doc) -> list[int]:
    """The tokens that open a line (a token's trailing whitespace is one space at most: a line break is
    a token of its own, or inside one)."""
    strings = doc.vocab.strings
    texts = [strings[o] for o in doc.to_array(ORTH).tolist()]  # no Token objects: faster
    starts = [0] + [i + 1 for i, text in enumerate(texts[:-1]) if "\n" in text]
    return [i for i in starts if i < len(doc)]


class DatelineTagger:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        self.tables = load_tables(alias_file)
        rules = read_json("entity_filter.json")
        self.stop = frozenset(rules["whole_stoplist"]) | frozenset(rules["first_word_stoplist"])

    def __call__(self, doc: Doc) -> Doc:
        new = [span for start in _line_starts(doc) for span in self._datelines(doc, start)]
        if new:
            taken = {i for s in new for i in range(s.start, s.end)}
            kept = [e for e in ents_of(doc) if not any(i in taken for i in range(e.start, e.end))]
            set_ents(doc, filter_spans([*kept, *new]))
        return doc

    def _datelines(self, doc: Doc, start: int) -> list[Span]:
        """The places of a dateline at ``start``: one, or several joined by slashes ("OSAKA/HELSINKI —")."""
        places, i = [], start
        while i < len(doc) and len(places) < _MAX_PLACES:
            end = i
            while end < len(doc) and doc[end].is_alpha and doc[end].is_upper:
                end += 1
            if end == i or end + 1 >= len(doc) or doc[end].text != "/" or doc[end].whitespace_:
                break
            places.append((i, end))
            i = end + 1
        if not places:
            span = self._dateline(doc, start)
            return [span, *self._filed_by(doc, span.end)] if span is not None else []
        last = self._dateline(doc, i, line_start=start)
        if last is None:
            return []
        cities = [Span(doc, a, b, label="GPE") for a, b in places if self.tables.is_city(doc[a:b].text)]
        return [*cities, last, *self._filed_by(doc, last.end)]

    @staticmethod
    def _filed_by(doc: Doc, end: int) -> list[Span]:
        """The agency in brackets after a dateline's place ("MADRID (EFE) -", "BEIRA, Mozambique (AFP) —")
        is an organisation, whatever NER made of it."""
        for i in range(end, min(end + _DASH_WITHIN, len(doc) - 2)):
            if doc[i].text in _DASHES:
                break
            if doc[i].text != "(":
                continue
            close = i + 1
            while close < len(doc) and close - i <= _MAX_WORDS and doc[close].text != ")":
                close += 1
            inside = doc[i + 1 : close]
            named = len(inside) > 0 and all(t.text[:1].isupper() or t.text in ("-", "&", ".") for t in inside)
            if close < len(doc) and doc[close].text == ")" and named and inside[0].is_alpha:
                return [Span(doc, i + 1, close, label="ORG")]
            break
        return []

    def _dateline(self, doc: Doc, start: int, line_start: int | None = None) -> Span | None:
        end = start
        while end < len(doc) and end - start < _MAX_WORDS + 2:
            tok = doc[end]
            glued = tok.text == "-" and end > start and not doc[end - 1].whitespace_ and not tok.whitespace_ \
                and end + 1 < len(doc) and doc[end + 1].is_upper  # "SAINT-LOUIS", "PORT-AU-PRINCE"
            if (tok.is_alpha and tok.is_upper) or (tok.text == "." and end > start) or glued:
                end += 1
            else:
                break
        words = [t for t in doc[start:end] if t.is_alpha]
        if not words or len(words) > _MAX_WORDS or sum(len(t) for t in words) < 3:
            return None
        if any(t.lower_ in self.stop for t in words):
            return None
        after = doc[end : end + _DASH_WITHIN]
        colon = bool(after) and after[0].text == ":" and self._known_place(doc[start:end].text)
        if not after or (after[0].text not in {",", "(", *_DASHES} and not colon):
            return None
        line_end = end
        while line_end < len(doc) and "\n" not in doc[line_end].text:
            line_end += 1
        if line_end - (start if line_start is None else line_start) < _MIN_LINE_TOKENS:
            return None
        if not colon and not any(t.text in _DASHES and doc[t.i - 1].whitespace_ for t in after):
            return None  # a spaced dash: "Houston-based" is no dateline
        if len(words) == 1 and not self.tables.is_city(words[0].text) and self._agency(doc, words[0].text):
            return None  # "PNN – An American media ...": the agency that filed it, not a place
        return Span(doc, start, end, label="GPE")

    def _known_place(self, text: str) -> bool:
        """A town or city the tables know, written in capitals ("SIALKOT"): the only kind of word a
        dateline with a colon may be ("SIALKOT: About 2,300 workers ..."; not "UPDATE:", "WATCH:")."""
        name = text.title()
        return self.tables.is_city(name) or self.tables.is_town(name)

    @staticmethod
    def _agency(doc: Doc, word: str) -> bool:
        """A word without a vowel, or the initials of an organisation the text names, is an agency (not
        the first word of one: "WINNEBA" and "Winneba Senior High School")."""
        if not any(c in _VOWELS for c in word):
            return True
        return any(e.label_ == "ORG" and len(e) >= 2 and e[0].lower_ != word.lower() and initials_match(word, e.text)
                   for e in ents_of(doc))


@Language.factory(
    "kg_datelines", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None}
)
def make_dateline_tagger(nlp: Language, name: str, alias_file: str | None) -> DatelineTagger:
    return DatelineTagger(nlp, name, alias_file)
