"""``kg_names``: trims entity spans to names and drops spans that are never names.

Rules (all from data files):

* a span never crosses a line break or a spaced dash (page furniture glued to a name by NER is cut
  off; "SAN FRANCISCO - A federal jury" gives "SAN FRANCISCO");
* title or role words that end a span right before a person are not part of it ("Acme General
  Counsel Jane Roe" gives "Acme");
* a leading article, a trailing possessive and trailing punctuation are not part of a name;
* a person's titles and ranks are not part of the name (``titles.txt``), nor are letters after it
  ("Imogen Strathearn KC", "Jane Roe OBE": ``post_nominals``);
* lower-case words trailing a proper name are not part of it ("Associated Press news agency"), unless
  joined to it by a hyphen ("Kang Seok-min") or a company's legal form ("Calder Therapeutics plc");
* "A's B", where both sides are names, is two names ("the Guard Corps' Quds Force"), but a name goes
  on after "People's" ("Conservative People's Party of Estonia");
* particles that open a name, the first capitalised, belong to it ("Van der Heijden Offshore B.V.");
* spans are rejected by shape: no letter, one character, all lower case (our collective actors
  excepted), too long, a first word from the page-furniture stoplist, or a negated demonym
  ("non-American") (``entity_filter.json``);
* a lone capitalised word that opens a sentence is dropped when it is an ordinary English word (the
  model's own word list) that the text never capitalises elsewhere ("Nationally, ...", "Turnout was").
"""

from __future__ import annotations

import re
from itertools import pairwise

import numpy
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_TITLE, LIKE_NUM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import NameTables, camel_case, load_tables, read_json
from loaders.components import (
    ENTITY_LABELS,
    IRISH_MUTATED,
    POSSESSIVE_MARKS,
    among,
    ents_of,
    holds_office,
    opens_like_a_person,
    set_ents,
    split_at_and,
)
from loaders.lexicon import common_words

_AMOUNTS = frozenset({"MONEY", "QUANTITY", "CARDINAL", "PERCENT"})

_ARTICLES = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_NOUN_OPENED = frozenset({"ORG", "PERSON", "FAC"})  # labels whose spans lose the lower-case nouns that open them
#: Determiners NER sometimes takes into a name at a sentence's start ("Its European Financial ... Centre").
_OWNERS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
_LOWER_KEY = "kg_names.lower_words"
_CAPITAL_KEY = "kg_names.capitalised_words"
_OWNER_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC"})
_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})
#: What a name's text holds when ``_lines`` may cut it: a space other than one plain space, a bracket, a
#: dash after a space.
_LINE_BREAKS = re.compile(r"[^\S ]|  |[()\[\]{}|\u2022/]|\s[-\u2013\u2014]")
_BRACKETS = frozenset({"(", ")", "[", "]", "{", "}", "|", "\u2022", "/"})
#: Small words inside a company's name before its legal form ("Cardamomos del Norte S.A.").
_COMPANY_LINKS = frozenset({"de", "del", "della", "do", "da", "des", "du", "la", "las", "los", "&", "y", "van", "von",
                            "al", "-"})  # not "of" or "and": "Mauricio Lescano Vidal of Lescano Brokers S.R.L."
_OPENING_QUOTES = frozenset({"\u201c", '"', "\u2018", "'"})
_LEADING_ARTICLES = frozenset({"the", "a", "an"})
_NAME_LINKS = frozenset(
    {"of", "for", "and", "de", "du", "des", "la", "le", "el", "al", "&", "-", "on", "in", "the", "bin", "ibn", "van",
     "von", "der", "den", "da", "di", "do", "dos", "das", "del", "della", "y", "e", "zu", "ter", "ten", "am", "sur",
     "upon", "et", "a"}
)
_SPLIT_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "PERSON"})  # titles of works keep their small words
_LOCATIVE = frozenset({"in", "on", "at", "near", "along", "across", "around"})
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
_NAME_PARTICLES = frozenset({"mac", "mc", "ó", "ní", "nic", "van", "von", "de", "del", "da", "di", "du", "le", "la",
                             "bin", "al", "el", "ben", "ter", "ten"})  # "Pádraig Mac Donncha"
#: Prepositions NER puts at the head of a name that opens a sentence ("For Safi, the defeat ...").
_OPENING_PREPOSITIONS = frozenset({"for", "in", "at", "on", "from", "with", "by", "after", "during", "under", "against",
                                   "despite", "since", "without"})
_TITLED_MISLABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LOC", "GPE", "FAC", "NORP", "EVENT"})
_POSSESSED_MISLABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "LOC", "GPE", "FAC", "NORP"})



def _lower_words(doc: Doc) -> frozenset[str]:
    """The words the text writes in lower case (cached on the doc while the component runs)."""
    cached = doc.user_data.get(_LOWER_KEY)
    if cached is None:
        strings = doc.vocab.strings
        rows = doc.to_array([IS_LOWER, IS_ALPHA, ORTH]).tolist()  # no Token objects: faster
        cached = frozenset(strings[orth] for lower, alpha, orth in rows if lower and alpha)
        doc.user_data[_LOWER_KEY] = cached
    return cached


def _capitalised_words(doc: Doc) -> frozenset[str]:
    """Words the text capitalises where a sentence does not begin, or inside a name of several words."""
    cached = doc.user_data.get(_CAPITAL_KEY)
    if cached is None:
        strings = doc.vocab.strings
        rows = doc.to_array([IS_TITLE, SENT_START, ORTH]).tolist()
        texts = [strings[orth] for _, _, orth in rows]
        found = {
            texts[i] for i, (title, start, _) in enumerate(rows)
            if title and start != 1 and i > 0 and texts[i - 1] not in _OPENERS
        }
        found |= {texts[i] for e in ents_of(doc) if len(e) > 1 for i in range(e.start, e.end)}
        cached = frozenset(found)
        doc.user_data[_CAPITAL_KEY] = cached
    return cached


_OPENERS = frozenset({'"', "\u201c", "'", "\u2018", "(", "\u2014", "\u2013", "-", ":"})


def _spaced_dash(tok: Token) -> bool:
    """A dash written with spaces around it ("SAN FRANCISCO - A jury"): never inside a name."""
    return tok.text in _DASHES and bool(tok.whitespace_) and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)


def _split_lower(span: Span, reporting: frozenset[str] = frozenset()) -> list[Span]:
    """ "Bayfront to Lakehead Development LLC": an ordinary lower-case word inside a name ends it (the
    small words of names, "of", "de", "bin", do not); a first piece after "on the" is a location. A
    "work" NER made of a quote's attribution ('," Castaño told Caracol Radio') is the speaker and the
    outlet."""
    if span.label_ == "WORK_OF_ART" and len(span) >= 3:
        return _split_attribution(span, reporting)
    if span.label_ not in _SPLIT_LABELS or len(span) < 3:
        return [span]
    doc, pieces, start = span.doc, [], span.start
    for tok in span[1:-1]:
        nxt = doc[tok.i + 2] if doc[tok.i + 1].lower_ == "the" and tok.i + 2 < span.end else doc[tok.i + 1]
        between_names = doc[tok.i - 1].is_title and nxt.is_title  # "Nordlys through the Ministry of ..."
        if tok.is_lower and tok.is_alpha and tok.lower_ not in _NAME_LINKS and between_names:
            if tok.i > start:
                pieces.append((start, tok.i))
            start = tok.i + 1
    if not pieces:
        return [span]
    pieces.append((start, span.end))
    out = []
    for a, b in pieces:
        before = doc[a - 1] if a > 0 else None
        if before is not None and before.lower_ in _ARTICLES and a > 1:
            before = doc[a - 2]
        locative = a == span.start and before is not None and before.lower_ in _LOCATIVE
        out.append(Span(doc, a, b, label="LOC" if locative else span.label_))
    return out


def _split_attribution(span: Span, reporting: frozenset[str]) -> list[Span]:
    """ "Castaño told Caracol Radio" taken for a work: the speaker before the reporting verb, the outlet
    after it (an article aside); the span as it is when no lower-case reporting verb is inside."""
    verb = next((t for t in span[1:-1] if t.is_lower and t.lower_ in reporting), None)
    if verb is None:
        return [span]
    doc, after = span.doc, verb.i + 1
    if doc[after].lower_ in _ARTICLES and after + 1 < span.end:
        after += 1
    out = [Span(doc, span.start, verb.i, label="PERSON")]
    if after < span.end and doc[after].text[:1].isupper():
        out.append(Span(doc, after, span.end, label="ORG"))
    return out


def _hyphen_joined(tok: Token) -> bool:
    """ "min" in "Kang Seok-min": a piece of a hyphenated word, not a word of its own."""
    doc = tok.doc
    hyphen = doc[tok.i - 1] if tok.i >= 2 else None
    return hyphen is not None and hyphen.text == "-" and not hyphen.whitespace_ and not doc[tok.i - 2].whitespace_


def _without_leading_name(ent: Span) -> Span:
    """ "fined Safaricom 300 million shillings": NER's amount, without the name it swallowed (left
    untagged, for the later passes that tag names written elsewhere in the text)."""
    if ent.label_ not in _AMOUNTS:
        return ent
    k = ent.start
    while k < ent.end - 1 and ent.doc[k].pos_ == "PROPN" and ent.doc[k].is_alpha and ent.doc[k].is_title:
        k += 1
    if k == ent.start or not (ent.doc[k].like_num or ent.doc[k].is_currency):
        return ent
    return Span(ent.doc, k, ent.end, label=ent.label_)


def _title_word(tok: Token) -> bool:
    return tok.is_title and tok.is_alpha


def _person_noun(demonym: str) -> bool:
    """A demonym that names one person ("New Zealander", "Frenchwoman", "Dane"), not an adjective."""
    return demonym.endswith(("er", "shman", "chman", "tsman", "woman")) or demonym in _PERSON_DEMONYMS


#: Demonyms that only name a person (never an adjective: "Czech", "Swiss" and "Greek" open names).
_PERSON_DEMONYMS = frozenset({"Dane", "Swede", "Finn", "Pole", "Scot", "Turk", "Spaniard", "Briton", "Brit", "Kiwi",
                              "Aussie", "Croat", "Serb", "Filipina"})


_MONTH_DAY = re.compile(
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?"
    r"|Nov(?:ember)?|Dec(?:ember)?)\.? \d{1,2}(?:st|nd|rd|th)?(?:[-\u2013]\d{1,2})?"
)


def _as_date(span: Span) -> Span:
    """ "Oct 6" (a dateline's date) or "Sep 2" that NER took for a name: a date, for the timeline."""
    if span.label_ not in ENTITY_LABELS or len(span) > 4 or not span.text[:1].isupper():
        return span
    if _MONTH_DAY.fullmatch(span.text) is None:
        return span
    return Span(span.doc, span.start, span.end, label="DATE")


def _glued_score(doc: Doc, end: int) -> bool:
    """Whether the three tokens before ``end`` are a score written "5-2"."""
    a, dash, b = doc[end - 3], doc[end - 2], doc[end - 1]
    return a.is_digit and b.is_digit and dash.text in _DASHES and not a.whitespace_ and not dash.whitespace_


def _with_hyphen_tail(span: Span, not_syllables: frozenset[str]) -> Span:
    """ "Dutsin" + "-Ma": a name NER ended before a hyphen glued to a capitalised word goes on, and so
    does a person's name before a short lower-case syllable ("Choi Dong" + "-wook", not "-led")."""
    doc, end = span.doc, span.end
    if span.label_ not in ENTITY_LABELS or end + 1 >= len(doc) or doc[end].text != "-":
        return span
    glued = not doc[end - 1].whitespace_ and not doc[end].whitespace_
    tail = doc[end + 1]
    syllable = span.label_ == "PERSON" and tail.is_lower and tail.is_alpha and 2 <= len(tail) <= 5 \
        and tail.pos_ in ("PROPN", "NOUN") and tail.lower_ not in not_syllables
    if syllable and end + 2 < len(doc) and doc[end + 2].text == "-" and not tail.whitespace_:
        return span  # "Boulogne-sur-Mer" goes on: a place's name, not a person's syllable
    if not glued or not (tail.text[:1].isupper() or syllable) or tail.ent_type_:
        return span
    return Span(doc, span.start, end + 2, label=span.label, kb_id=span.kb_id, span_id=span.id)


def _with_brand(span: Span) -> Span:
    """ "BirdLife South Africa", "WaterAid Uganda": a brand NER left out before a place is an
    organisation's national branch."""
    doc, start = span.doc, span.start
    if span.label_ not in ("GPE", "LOC") or start == 0 or not camel_case(doc[start - 1].text):
        return span
    if doc[start - 1].whitespace_ == "" or doc[start - 1].ent_type_:
        return span
    return Span(doc, start - 1, span.end, label="ORG")


def _with_particles(span: Span) -> Span:
    """ "Van der" + "Heijden Offshore B.V.", "De" + "Klerk": the particles that open a name, the first
    capitalised, that NER left out (not inside a sentence: "the firm of van der Berg")."""
    doc, start = span.doc, span.start
    while start > 0 and span.start - start < 2 and doc[start - 1].lower_ in _OPENING_PARTICLES \
            and doc[start - 1].ent_type_ == "":
        start -= 1
    while start < span.start and not doc[start].is_title:
        start += 1  # the first particle must be capitalised
    if start == span.start or not doc[span.start].is_title:
        return span
    return Span(doc, start, span.end, label=span.label, kb_id=span.kb_id, span_id=span.id)


def _numeric(text: str) -> bool:
    return any(c.isdigit() for c in text) and not any(c.isalpha() for c in text)


#: Particles that open names ("Van der Heijden", "De Beers", "La Paz", "Le Monde").
_OPENING_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "el",
                                "ten", "ter", "dos", "das", "do"})
#: Last words of a name that NER ends at a possessive inside it ("Conservative People's Party").
_COLLECTIVE_OWNERS = frozenset({"People", "Peoples", "Workers", "Citizens", "Women", "Farmers"})
_MAX_AROUND_PEOPLES = 8
_PEOPLES_LINKS = frozenset({"of", "the", "for", "and"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})


class NameCleaner:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        rules = read_json("entity_filter.json")
        self.tables: NameTables = load_tables(alias_file)
        self.max_tokens = int(rules["max_tokens"])
        self.min_chars = int(rules["min_chars"])
        self.first_stop = frozenset(rules["first_word_stoplist"])
        self.whole_stop = frozenset(rules["whole_stoplist"])
        self.office_titles = frozenset(rules["offices"])
        self.numbered_stop = frozenset(rules["numbered_stoplist"])
        self.negated_prefixes = frozenset(rules["negated_prefixes"])
        self.collective_id = rules["collective_id"]
        self.directions = frozenset(rules["leading_directions"])
        self.not_syllables = frozenset(rules["not_syllables"])  # "Kim-era", "Lula-style", "Tho-based"
        self.reporting = frozenset(rules["attribution_verbs"])  # '," Castaño told Caracol Radio'
        self.common = common_words(nlp)
        self.offices = frozenset(read_json("predicates.json")["portfolio_offices"])
        self.saints = frozenset(rules["saint_prefixes"])
        resolution = read_json("resolution.json")
        self.designators = frozenset(
            w for key in ("org_designators", "fac_designators", "place_designators", "club_designators")
            for w in resolution[key]
        )
        self.place_of = frozenset(read_json("kinds.json")["place_of_nouns"])  # "the villages of Lopa and Fataki"
        self.possessive_heads: dict[str, str] = rules["possessive_place_heads"]
        self.ship_prefixes = frozenset(resolution["ship_prefixes"])
        self.sited_words = frozenset(resolution["fac_designators"]) | frozenset(resolution["protected_area_words"]) \
            | frozenset(resolution["geo_designators"])
        self.personal_titles = frozenset(rules["personal_titles"])
        self.unit_words = frozenset(rules["military_units"])
        self.club_openers = frozenset(w for w in resolution["org_openers"] if len(w) <= 4)  # "hc", "ifk"
        self.prefix_ids = frozenset(
            nlp.vocab.strings.add(w) for w in {*self.ship_prefixes, *(w.upper() for w in self.club_openers)}
        )
        self.bracket_id = nlp.vocab.strings.add("(")
        self.prefix_array = numpy.array(sorted(self.prefix_ids), dtype="uint64")
        self.owner_array = numpy.array(sorted(nlp.vocab.strings.add(w) for w in _COLLECTIVE_OWNERS), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in ents_of(doc):
            if ent.label_ not in ENTITY_LABELS:
                spans.append(_without_leading_name(ent))  # dates, numbers: kept for the timeline, never an entity
                continue
            for piece in self._lines(ent):
                for clean in self._clean(piece):
                    for place in self._split_places(clean):
                        for piece in self._demonym_person(place):
                            spans.extend(self._titled_inside(piece))
        spans = [_as_date(s) for s in spans]
        spans = [_with_particles(self._with_saint(self._with_legal_form(s))) for s in spans
                 if not self._legal_form_alone(s)]
        spans = [_with_hyphen_tail(_with_brand(s), self.not_syllables) for s in spans]
        spans = [piece for s in spans for piece in self._placed_in(s)]
        spans = self._joined_countries(doc, spans)
        # array scans: no Token objects for the words that cannot open these names
        columns = doc.to_array([ORTH, LIKE_NUM])
        orths, numbers = columns[:, 0], columns[:, 1]
        spans = self._peoples_names(doc, numpy.flatnonzero(among(orths, self.owner_array)).tolist(), spans)
        prefixed = numpy.flatnonzero(among(orths, self.prefix_array) | (numbers != 0)).tolist()
        rows = [(i, int(orths[i]), int(numbers[i])) for i in prefixed]
        brackets = numpy.flatnonzero(orths == self.bracket_id).tolist()
        companies = self._bracketed_legal_forms(doc, brackets) + self._prefixed_names(doc, rows)
        companies += self._legal_form_names(doc, orths, companies)
        companies = [_with_particles(c) for c in companies]
        if companies:
            spans = [s for s in spans if not any(c.start < s.end and s.start < c.end for c in companies)]
        set_ents(doc, filter_spans([*companies, *self._possessive_places(doc), *spans]))
        doc.user_data.pop(_LOWER_KEY, None)
        doc.user_data.pop(_CAPITAL_KEY, None)
        return doc

    # ------------------------------------------------------------------ steps
    def _is_legal(self, tok: Token) -> bool:
        return self.tables.is_legal_form(tok.text)

    def _prefixed_names(self, doc: Doc, rows: list[tuple[int, int, int]]) -> list[Span]:
        """ "MV Dapitan Star", "HMS Dauntless": a ship's prefix and the capitalised words after it are a
        vessel (a product); "HC Bloemendaal", "IFK Norrköping": a club's abbreviation and the name
        after it are the club; "14th Rapid Intervention Battalion": an ordinal and capitalised words
        ending in a unit's word (``military_units``) are that unit."""
        out: list[Span] = []
        strings = doc.vocab.strings
        for i, orth, number in rows:  # (position, ORTH, LIKE_NUM) of the words that may open one
            if orth not in self.prefix_ids and not (number and _ORDINAL.fullmatch(strings[orth])):
                continue
            tok = doc[i]
            unit = bool(number)
            kind = "PRODUCT" if tok.text in self.ship_prefixes else "ORG"
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 3 + 2 * unit and doc[end].is_title and doc[end].is_alpha:
                end += 1
            if unit:  # "14th Rapid Intervention Battalion", "7th Fleet": a military unit
                while end > tok.i + 1 and doc[end - 1].lower_ not in self.unit_words:
                    end -= 1
            if end > tok.i + 1:
                out.append(Span(doc, tok.i, end, label=kind))
        return out

    def _bracketed_legal_forms(self, doc: Doc, brackets: list[int]) -> list[Span]:
        """ "Umgeni Weaving Mills (Pty) Ltd", "Five Rivers Securities (Pvt) Ltd": a legal form in
        brackets before another one ends a company's name, whose capitalised words come right before
        it (whatever pieces NER made of them, or none)."""
        out: list[Span] = []
        for i in brackets:  # positions of "("
            if not 1 <= i < len(doc) - 3 or doc[i + 2].text != ")" or not self._is_legal(doc[i + 1]) \
                    or not self._is_legal(doc[i + 3]):
                continue
            start = i
            while start > 0 and i - start < self.max_tokens and (
                doc[start - 1].is_title or doc[start - 1].is_upper or doc[start - 1].text in ("&", "-")
                or (doc[start - 1].lower_ in ("of", "and") and start - 2 >= 0 and doc[start - 2].is_title)
            ):
                start -= 1
            while start < i and not (doc[start].is_title or doc[start].is_upper):
                start += 1
            if start < i:
                out.append(Span(doc, start, i + 4, label="ORG"))
        return out

    def _legal_form_names(self, doc: Doc, orths: numpy.ndarray, found: list[Span]) -> list[Span]:
        """ "Cardamomos del Norte S.A., the biggest exporter": the capitalised words before a legal form
        are a company's name, the form included, when NER left them out or took them for a person (a
        name of one word or more; small words of a name inside: "del", "de", "of", "&")."""
        strings = doc.vocab.strings
        forms = {o for o in set(orths.tolist()) if self.tables.is_legal_form(strings[o])}
        if not forms:
            return []
        out: list[Span] = []
        for i in numpy.flatnonzero(among(orths, numpy.array(sorted(forms), dtype="uint64"))).tolist():
            if i == 0 or any(s.start <= i < s.end for s in found) or not doc[i - 1].whitespace_ \
                    or doc[i].ent_type_ == "ORG" or self.tables.is_post_nominal(doc[i].text):
                continue  # NER's organisation has its legal form; "Johan Bezuidenhout SC" is a barrister
            start = i
            while start > 0 and i - start < self.max_tokens and (
                doc[start - 1].is_title or doc[start - 1].is_upper
                or (doc[start - 1].lower_ in _COMPANY_LINKS and start - 2 >= 0
                    and (doc[start - 2].is_title or doc[start - 2].lower_ in _COMPANY_LINKS))  # "Qasr al-Bahr"
            ) and doc[start - 1].text not in _OPENING_QUOTES:
                start -= 1
            while start < i and (doc[start].lower_ in _COMPANY_LINKS or doc[start].lower_ in _LEADING_ARTICLES
                                 or (doc[start].is_sent_start and doc[start].lower_ in self.common)):
                start += 1  # not "The" or "Shares" that opens the sentence
            inside = doc[start].ent_type_ == "ORG" and doc[start].ent_iob_ == "I"  # an organisation from before
            if start < i and not inside and not self.tables.is_legal_form(doc[start].text):
                end = i + 1
                if end + 1 < len(doc) and doc[end].text == "," and self._is_legal(doc[end + 1]):
                    end += 2  # "Dalian Haixing Ocean Fishery Co., Ltd."
                out.append(Span(doc, start, end, label="ORG"))
        return out

    def _legal_form_alone(self, span: Span) -> bool:
        """ "N.A." that NER cut from "Redbud Federal Bank, N.A.": a legal form is no name by itself."""
        return span.label_ in ENTITY_LABELS and len(span) == 1 and self._is_legal(span[0])

    def _with_legal_form(self, span: Span) -> Span:
        """ "Redbud Federal Bank" + ", N.A." / ", Inc.", "Palmeira do Golfo" + "S.A.": the legal form
        right after the name, or after a comma, is part of it."""
        doc, end = span.doc, span.end
        if span.label_ == "ORG" and end < len(doc) and doc[end - 1].whitespace_ and self._is_legal(doc[end]) \
                and not doc[end].ent_type_:
            return Span(doc, span.start, end + 1, label=span.label, kb_id=span.kb_id, span_id=span.id)
        if span.label_ != "ORG" or end + 1 >= len(doc) or doc[end].text != "," or not self._is_legal(doc[end + 1]):
            return span
        after = doc[end + 2] if end + 2 < len(doc) else None
        if after is not None and after.is_alpha and after.text[:1].isupper():
            return span  # a list of names, not a legal form
        return Span(doc, span.start, end + 2, label=span.label, kb_id=span.kb_id, span_id=span.id)

    def _placed_in(self, span: Span) -> list[Span]:
        """ "Ministry of Defence in Bangkok": an organisation NER ran on into "in" and a place the
        tables know is the organisation and the place; "Blue Holes National Park on Andros": a site's
        name that NER ran on into "on" and one or two capitalised words is the site and the place."""
        if span.label_ not in ("ORG", "FAC", "LOC") or len(span) < 4:
            return [span]
        doc = span.doc
        for tok in span[2:-1]:
            place = doc[tok.i + 1 : span.end]
            known = self.tables.lookup(place.text) is not None or self.tables.is_city(place.text)
            if tok.lower_ == "in" and known and span.label_ == "ORG":
                return [Span(doc, span.start, tok.i, label="ORG"), Span(doc, tok.i + 1, span.end, label="GPE")]
            sited = doc[tok.i - 1].lower_ in self.sited_words and len(place) <= 2 \
                and all(t.is_title and t.is_alpha for t in place)
            if tok.lower_ == "on" and (known or sited):
                return [Span(doc, span.start, tok.i, label=span.label), Span(doc, tok.i + 1, span.end, label="GPE")]
        return [span]

    def _split_places(self, span: Span) -> list[Span]:
        """ "towns like Findlay and Marion": two places NER made one, unless the tables know the whole
        ("Trinidad and Tobago"); a list of cities or countries the tables know, whatever NER called it
        ("Abuja, Port Harcourt"); after "between" or "villages of", two names of any kind ("between
        Putney and Mortlake", "the villages of Lopa and Fataki")."""
        doc, start = span.doc, span.start
        commas = [t.i for t in span if t.text == ","] if "," in span.text else []
        if commas and not self.tables.lookup(span.text):  # "Abuja, Port Harcourt and Kano": a list of places
            bounds = [span.start, *commas, span.end]
            parts = [doc[a + (a != span.start) : b] for a, b in pairwise(bounds)]
            if all(len(p) and (self.tables.is_city(p.text) or self._country(p.text)) for p in parts):
                return [Span(doc, p.start, p.end, label="GPE") for p in parts]
        between = start > 0 and doc[start - 1].lower_ == "between"  # always two things
        between = between or (start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in self.place_of)
        if (span.label_ not in ("GPE", "LOC") and not between) or len(span) < 3 or self.tables.lookup(span.text):
            return [span]
        label = "GPE" if span.label_ in ("WORK_OF_ART", "PRODUCT") else span.label_  # no title of a work
        return split_at_and(span, label, _title_word)

    def _country(self, text: str) -> bool:
        hit = self.tables.lookup(text)
        return hit is not None and hit.type == "GPE"

    def _demonym_person(self, span: Span) -> list[Span]:
        """ "New Zealander Aroha Tipene-Walsh", "Dane Jonas Holm": a demonym that names a person,
        then a name, are a nationality and a person, whatever NER made of them."""
        doc = span.doc
        for k in (1, 2):
            if len(span) < k + 2:
                break
            noun = span[:k].text
            named = all(t.is_title or (t.text == "-" and not t.whitespace_) for t in span[k:])
            if noun in self.tables.demonym_forms and _person_noun(noun) and named:
                return [Span(doc, span.start, span.start + k, label="NORP"), Span(doc, span.start + k, span.end,
                                                                                  label="PERSON")]
        return [span]

    def _titled_inside(self, span: Span) -> list[Span]:
        """ "Bintan Regent Hendra Saputra Hasibuan", "Labour MP Jane Roe": an owner, a title and a
        person's name that NER made one person (or one organisation, when two words or more follow the
        title and the last says no organisation) are the owner (a place when the tables know it, else an
        organisation) and the person."""
        if span.label_ not in ("PERSON", "ORG") or len(span) < 3:
            return [span]
        doc = span.doc
        for k in range(span.start + 1, span.end - 1):
            if not (self.tables.is_title(doc[k].text) and doc[k].is_title):
                continue
            name = doc[k + 1 : span.end]
            if not all(t.is_title or (t.text == "-" and not t.whitespace_) for t in name) or not name[0].is_alpha:
                return [span]  # "Martin Luther King Jr.": no title inside a name
            if span.label_ == "ORG" and (len(name) < 2 or name[-1].lower_ in self.designators):
                return [span]  # "Judge Business School": an organisation's name
            owner = doc[span.start : k]
            place = self.tables.lookup(owner.text) is not None or self.tables.is_city(owner.text) \
                or self.tables.is_region(owner.text)
            if span.label_ == "PERSON" and not place:
                return [span]  # "Abdul Rahman Haji Ahmad", "Kim Pak Chol": a title word inside a person's name
            return [Span(doc, span.start, k, label="GPE" if place else "ORG"),
                    Span(doc, k + 1, span.end, label="PERSON")]
        return [span]

    def _with_saint(self, span: Span) -> Span:
        """ "St Croix Island", "St Helena Bay": a place's name that NER began after its "St"."""
        doc, start = span.doc, span.start
        if start == 0 or doc[start - 1].text not in self.saints or not doc[start].is_title:
            return span
        street = start >= 2 and doc[start - 1].text[-1] != "." and doc[start - 2].is_title
        if street and not doc[start - 2].is_sent_start:
            return span  # "Church St" closing an address, not a saint opening a name
        if span.label_ == "PERSON":  # "St Croix Island" is no person
            return Span(doc, start - 1, span.end, label=self.possessive_heads.get(doc[span.end - 1].text, "GPE"))
        return Span(doc, start - 1, span.end, label=span.label, kb_id=span.kb_id, span_id=span.id)

    def _possessive_places(self, doc: Doc) -> list[Span]:
        """ "Simon's Town", "Martha's Vineyard": a capitalised word, a possessive and a place word
        (``possessive_place_heads``) are one place's name, not a person and a place."""
        out = []
        strings = doc.vocab.strings
        marks = [i for i, o in enumerate(doc.to_array(ORTH).tolist()) if strings[o] in POSSESSIVE_MARKS]
        for tok in (doc[i] for i in marks):  # Tokens only for the possessives
            if tok.i == 0 or tok.i + 1 >= len(doc) or doc[tok.i - 1].whitespace_:
                continue
            kind = self.possessive_heads.get(doc[tok.i + 1].text)
            owner = doc[tok.i - 1]
            if kind is None or not owner.is_title or not owner.is_alpha or owner.is_sent_start:
                continue
            after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
            if after is not None and (after.lower_ == "of" or (after.is_title and after.is_alpha)):
                continue  # "Lagos's City Hall", "Microsoft's Head of Policy"
            if owner.ent_type_ in ("ORG", "PERSON", "GPE") and self.tables.lookup(owner.text) is not None:
                continue  # a country or an organisation the tables know owns something: "Britain's Point"
            start = owner.i - (owner.i > 0 and doc[owner.i - 1].text in self.saints)
            out.append(Span(doc, start, tok.i + 2, label=kind))
        return out

    @staticmethod
    def _lines(ent: Span) -> list[Span]:
        text = ent.text
        if not _LINE_BREAKS.search(text):
            return [ent]  # no space, bracket or dash inside: one piece (most names)
        pieces, start = [], ent.start
        for tok in ent:
            if tok.is_space or "\n" in tok.text or tok.text in _BRACKETS or _spaced_dash(tok):
                if tok.i > start:
                    pieces.append(Span(ent.doc, start, tok.i, label=ent.label, kb_id=ent.kb_id, span_id=ent.id))
                start = tok.i + 1
        if start < ent.end:
            pieces.append(Span(ent.doc, start, ent.end, label=ent.label, kb_id=ent.kb_id, span_id=ent.id))
        return pieces

    def _opening(self, span: Span, nouns: bool) -> int:
        """Where the name in ``span`` opens: after articles, possessives and punctuation, and with
        ``nouns`` after the lower-case nouns NER put before it ("investment bank EFG Hermes", "Dutch
        research institute Deltares")."""
        doc, start, end = span.doc, span.start, span.end
        while start < end:
            first = doc[start]
            lower = first.lower_
            noun = (
                nouns and first.is_lower and first.is_alpha and lower in self.common
                and lower not in _NAME_PARTICLES and start + 1 < end and not _hyphen_joined(first)
            ) or (  # "Dutch research institute Deltares": a demonym before those nouns
                nouns and start + 2 < end and self.tables.is_demonym(first.text) and doc[start + 1].is_lower
                and doc[start + 1].lower_ in self.common
            )
            opening = first.is_sent_start and first.pos_ == "ADP" and lower in _OPENING_PREPOSITIONS \
                and start + 1 < end  # "For Safi" out of "For Safi, the defeat ...": a sentence's first word
            if not (lower in _ARTICLES or first.is_punct or lower in POSSESSIVE_MARKS or noun or opening
                    or (lower in _OWNERS and first.tag_ == "PRP$")):
                break
            start += 1
        return start

    def _clean(self, span: Span) -> list[Span]:
        doc, start, end = span.doc, span.start, span.end
        collective = span.ent_id_ == self.collective_id
        start = self._opening(span, nouns=span.label_ in _NOUN_OPENED and not collective)
        if start < end and doc[start].is_lower:  # not "of Chiloé" out of "fishermen's federation of Chiloé"
            start = self._opening(span, nouns=False)
        label = span.label
        opener = doc[start:end].text.split(" ", 1)[0]
        titled = (span.label_ in _TITLED_MISLABELS and self.tables.is_title(opener)) or (
            span.label_ == "ORG" and opener.casefold().rstrip(".") in self.personal_titles
        )
        if titled and self._titled_person(doc, start, end):
            label = doc.vocab.strings["PERSON"]  # "Sergeant Mamadou Lamine Ndiaye" taken for a product
        elif span.label_ == "ORG" and start > 0 and doc[start - 1].is_title \
                and self.tables.is_title(doc[start - 1].text) and self._titled_person(doc, start - 1, end):
            label = doc.vocab.strings["PERSON"]  # "President" + "Mahamat Idriss Déby" taken for an organisation
        elif span.label_ in _POSSESSED_MISLABELS and self._countrys_person(doc, start, end):
            label = doc.vocab.strings["PERSON"]  # "Albania's Ardit Hoxhaj" taken for an organisation
        elif span.label_ == "ORG" and end - start >= 3 and self.tables.is_post_nominal(doc[end - 1].text) \
                and self.tables.is_given_name(doc[start].text) and all(t.is_title for t in doc[start + 1 : end - 1]):
            label = doc.vocab.strings["PERSON"]  # "Ruairí Gallagher SC" taken for an organisation (a club)
        person = label == doc.vocab.strings["PERSON"]
        if person:
            while start < end - 1 and (self.tables.is_title(doc[start].text) or doc[start].text == "."):
                start += 1
        trim_words = not collective and span.label_ != "NORP"
        if end - start >= 4 and _glued_score(doc, end):
            end -= 3  # "Ardit Hoxhaj 5-2"
        while end > start:
            last = doc[end - 1]
            furniture = last.lower_ in POSSESSIVE_MARKS or last.is_punct or last.is_space
            trailing = (
                trim_words
                and end - 1 > start
                and (
                    (last.is_lower and last.is_alpha and not _hyphen_joined(last)
                     and not self.tables.is_legal_form(last.text))
                    or (person and _numeric(last.text))  # "Reid 49"
                    or (person and self.tables.is_post_nominal(last.text))  # "Imogen Strathearn KC"
                    or last.lower_ in _NAME_LINKS
                    or (not person and doc[end - 2].text == "," and self.tables.is_title(last.text))  # "..., Lt"
                )
            )
            if not (furniture or trailing):
                break
            end -= 1
        if not person and end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B":
            titled = end
            while end - 1 > start and self.tables.is_title(doc[end - 1].text) and doc[end - 1].is_title:
                end -= 1  # "Acme General Counsel" + "Jane Roe": the title is the person's, Acme its owner
            if end < titled and span.label_ not in _OWNER_LABELS:
                label = doc.vocab.strings["ORG"]
        if end <= start or self._portfolio(doc, start, end):
            return []
        placed = span.label_ in ("GPE", "LOC") or (span.label_ == "ORG" and doc[start].is_lower)
        if placed and end - start >= 2 and doc[start].lower_ in self.directions:
            # "southern Tanzania" is Tanzania, while "Northern Ireland" is a name of its own; "eastern
            # Arauca" (a department NER took for an organisation) is Arauca
            whole, rest = doc[start:end].text, doc[start + 1 : end].text
            known = self.tables.lookup(rest) or self.tables.is_region(rest)
            if known and not self.tables.lookup(whole) and not self.tables.is_region(whole):
                start += 1  # ("Western Australia" is a state)
        out = Span(doc, start, end, label=label, kb_id=span.kb_id, span_id=span.id)
        pieces = self._person_of(out) or _split_lower(out, self.reporting)
        parts = [p for piece in pieces for p in self._split_possessive(piece)]
        return [p for p in parts if self._acceptable(p, collective)]

    def _joined_countries(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """ "Central Bank of Trinidad" + "and" + "Tobago": a name NER cut inside a country's name that
        holds "and" goes on to the end of the country's name."""
        out: list[Span] = []
        k = 0
        while k < len(spans):
            a = spans[k]
            b = spans[k + 1] if k + 1 < len(spans) else None
            if b is not None and b.start == a.end + 1 and a.end < len(doc) and doc[a.end].lower_ == "and" \
                    and a.label_ in ENTITY_LABELS and a.label_ != "PERSON" and len(b) <= 2:
                hit = self.tables.lookup(f"{doc[a.end - 1].text} and {b.text}")
                if hit is not None and hit.type == "GPE":
                    out.append(Span(doc, a.start, b.end, label=a.label, kb_id=a.kb_id, span_id=a.id))
                    k += 2
                    continue
            out.append(a)
            k += 1
        return out

    def _peoples_names(self, doc: Doc, owners: list[int], spans: list[Span]) -> list[Span]:
        """ "Conservative People's Party of Estonia", "Kupang Regional People's Representative Council":
        NER stops a name at "People's" (``owners``: where the doc has such a word); the capitalised words
        before it and after it (with "of", "the", "for", "and" between them) are one name, an
        organisation (a country when the tables know it)."""
        found = []
        for i in owners:
            if not 1 <= i < len(doc) - 2 or doc[i + 1].text not in ("'s", "\u2019s") \
                    or not doc[i + 2].text[:1].isupper():
                continue
            start = i
            while start > 0 and i - start < _MAX_AROUND_PEOPLES and doc[start - 1].text[:1].isupper() \
                    and doc[start - 1].lower_ not in _DETERMINERS and not doc[start - 1].is_punct:
                start -= 1
            stop = i + 2
            while stop < len(doc) and stop - i <= _MAX_AROUND_PEOPLES and (
                doc[stop].text[:1].isupper() or (doc[stop].text == "-" and doc[stop].whitespace_ == "")
                or (doc[stop].lower_ in _PEOPLES_LINKS and stop + 1 < len(doc) and doc[stop + 1].text[:1].isupper())
            ):
                stop += 1
            if start == i:
                continue  # "the People's Party": NER's name, if any, stands
            whole = doc[start:stop]
            hit = self.tables.lookup(whole.text)
            found.append(Span(doc, start, stop, label=hit.type if hit is not None else "ORG"))
        if not found:
            return spans
        return [*found, *(s for s in spans if not any(f.start < s.end and s.start < f.end for f in found))]

    def _countrys_person(self, doc: Doc, start: int, end: int, split: bool = False) -> bool:
        """ "Albania's Ardit Hoxhaj", "Japan's Haruto Kanazawa": two or three capitalised words after a
        country's possessive, none an ordinary word, a designator or a name the tables know, that open
        with a first name or whose last word the text writes alone elsewhere (a surname): a person."""
        if start < 2 or doc[start - 1].text not in POSSESSIVE_MARKS:
            return False
        owner = doc[start - 2]
        labels = ("GPE", "ORG") if split else ("GPE",)  # a split "Swansea's Ffion Rowlands" was one ORG
        if not self.tables.is_town_or_country(owner.text) or owner.ent_type_ not in labels:
            return False
        words = [t for t in doc[start:end] if t.text != "-"]
        if not 2 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words):
            return False
        if any(t.lower_ in self.common or t.lower_ in self.designators or self.tables.lookup(t.text) is not None
               or self.tables.is_legal_form(t.text) for t in words) or self.tables.is_city(words[0].text):
            return False  # (a surname may be a city's name: "Japan's Haruto Kanazawa")
        return self.tables.lookup(doc[start:end].text) is None and opens_like_a_person(doc, start, end, self.tables)

    def _titled_person(self, doc: Doc, start: int, end: int) -> bool:
        """A title, then a given name and another capitalised word (or capitalised words that are neither
        ordinary words nor designators): a person, whatever NER called it."""
        i = start
        while i < end and doc[i].is_title and (self.tables.is_title(doc[i].text) or doc[i].text == "."):
            i += 1
        if not (start < i and end - i >= 2 and all(t.is_title or t.text == "-" or IRISH_MUTATED.match(t.text)
                                                   for t in doc[i:end])):
            return False  # ("Cllr Pádraig Ó hUiginn": an Irish surname with its initial mutation)
        if doc[end - 1].lower_ in self.designators or self.tables.lookup(doc[start:end].text) is not None:
            return False  # "Prince Edward Island", "King Fahd Hospital"
        return self.tables.is_given_name(doc[i].text) or all(
            t.lower_ in _NAME_PARTICLES or (t.lower_ not in self.common and t.lower_ not in self.designators)
            for t in doc[i:end] if t.text != "-"
        )

    def _portfolio(self, doc: Doc, start: int, end: int) -> bool:
        """ "Energy" in "Mines and Energy Minister Jane Roe", "Shadow Home" in "Shadow Home Secretary
        Jane Roe": ordinary words naming a portfolio before an office and a person."""
        i = end
        while i < len(doc) and self.tables.is_title(doc[i].text) and doc[i].is_title:
            i += 1
        if i == end or i >= len(doc) or doc[i].ent_type_ != "PERSON":
            return False
        if doc[i - 1].lower_ not in self.offices:
            return False
        words = doc[start:end]
        return self.tables.lookup(words.text) is None and all(
            t.lower_ in self.common or t.lower_ in _NAME_LINKS for t in words
        )

    def _ordinary_opener(self, tok: Token) -> bool:
        """ "Nationally, ..." or "Turnout was ...": an ordinary word that only looks like a name
        because it opens a sentence."""
        before = tok.doc[tok.i - 1] if tok.i > 0 else None
        opens = tok.is_sent_start or (before is not None and (
            (before.is_sent_start and before.is_punct) or _spaced_dash(before)  # "SANTIAGO, Oct 6 - Workers at"
        ))
        return (
            opens
            and tok.is_title
            and (tok.lower_ in self.common or (tok.pos_ == "NOUN" and tok.lemma_.lower() in self.common)
                 or (tok.lower_.endswith("men") and tok.lower_[:-3] + "man" in self.common))  # "Gunmen attacked"
            and tok.text not in _capitalised_words(tok.doc)
            and self.tables.lookup(tok.text) is None
        )

    def _place(self, span: Span) -> bool:
        return self.tables.is_town_or_country(span.text)  # "Ireland's ...", "Cardiff's Utilita Arena"

    def _person_of(self, span: Span) -> list[Span]:
        """ "Gerwyn Pryce-Lloyd of Wales", "Thabo Mokoena of ActionSA" taken for one organisation: a
        person's name (a first name and one or two more capitalised words) and, after "of", the place
        or the organisation the person is from; [] for any other name."""
        doc = span.doc
        if span.label_ != "ORG" or len(span) < 4:
            return []
        of = next((t.i for t in span[2:5] if t.lower_ == "of"), -1)
        if of < 0 or of + 1 >= span.end or not doc[of + 1].is_title:
            return []
        name = doc[span.start : of]
        if not all((t.is_title and t.is_alpha) or t.text == "-" for t in name) or name[0].lower_ in self.common \
                or any(t.lower_ in self.designators or self.tables.is_title(t.text) for t in name):
            return []
        rest = doc[of + 1 : span.end].text
        place = self.tables.is_place(rest)
        if not (place or self.tables.is_given_name(name[0].text)):
            return []  # ("Bank of Wales" has a designator; "Acme Holdings of Lyon" too)
        return [Span(doc, span.start, of, label="PERSON"), Span(doc, of + 1, span.end, label="GPE" if place else "ORG")]

    def _split_possessive(self, span: Span) -> list[Span]:
        """ "A's B" where A is two words, an acronym or a known place and B at least two words: two
        names ("Ireland's Data Protection Commission")."""
        for tok in span[1:-1]:
            if tok.lower_ in POSSESSIVE_MARKS:
                left = span.doc[span.start : tok.i]
                right = span.doc[tok.i + 1 : span.end]
                left_ok = len(left) >= 2 or (left.text.isupper() and len(left.text) >= 2) or self._place(left)
                if left_ok and len(right) >= 2 and right[0].is_title:
                    place = self._place(left)
                    person = place and self._countrys_person(span.doc, right.start, right.end, split=True)
                    return [  # "Swansea's Ffion Rowlands": a person of the town
                        Span(span.doc, left.start, left.end, label="GPE" if place else span.label),
                        Span(span.doc, right.start, right.end, label="PERSON" if person else span.label),
                    ]
        return [span]

    def _acceptable(self, span: Span, collective: bool) -> bool:
        text = span.text
        words = [t for t in span if not t.is_punct]
        if not words or len(span) > self.max_tokens or len(text) < self.min_chars:
            return False
        if not any(c.isalpha() for c in text):
            return False
        if not collective and not any(c.isupper() for c in text):
            return False
        first = words[0].lower_
        if len(words) == 1 and words[0].is_sent_start and words[0].is_title and first in _lower_words(span.doc):
            return False  # "Malaria killed ..." where the text also says "malaria"
        if len(words) == 1 and self._ordinary_opener(words[0]):
            return False
        if first in self.first_stop or text.casefold() in self.whole_stop:
            return False
        if first in self.numbered_stop and len(words) >= 2 and all(t.like_num or t.text in ",&" or t.lower_ == "and"
                                                                   for t in words[1:]):
            return False  # "Game 7", "Games 1 and 2"
        if all(self.tables.is_title(t.text) for t in words) and not self.tables.lookup(text):
            return False
        if span.label_ == "ORG" and holds_office(words, self.office_titles):
            return False  # "Minister of Health", "Commissioner of Police": an office someone holds, no actor
        negated = text.split("-", 1)[0].casefold() in self.negated_prefixes and "-" in text
        if span.label_ == "NORP" and negated:
            return False
        lower = sum(t.is_lower and t.is_alpha for t in words)
        return collective or len(words) < 3 or lower <= len(words) - lower  # "This is not the end of": words


@Language.factory(
    "kg_names",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"alias_file": None},
)
def make_name_cleaner(nlp: Language, name: str, alias_file: str | None) -> NameCleaner:
    return NameCleaner(nlp, name, alias_file)
