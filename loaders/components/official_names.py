"""``kg_official_names``: long official names that NER cut into pieces become one organisation.

* an organisation whose name ends in an institution word (``continued_after`` in
  ``official_names.json``: Court, Commission, Department, ...) followed by "for"/"of"/"on", an
  optional "the" and a run of capitalised words (small linking words allowed inside) takes that run:
  "District Court" + "for the Northern District of California"; so does one that opens with an
  institution word and "of" ("Chamber of Mines" + "of Zambia"); the run must not be the modifier of
  a following lower-case noun ("fined by the Commission for the Android deal" stays apart);
* an organisation word written with a country's name makes one name ("Police Scotland", "Kenya
  Police"), and so does a company's name before a country ("Airtel Kenya": a proper noun that is no
  ordinary word and no name the tables know);
* capitalised words NER left untagged inside a sentence that end in an organisation word are an
  organisation ("when the Federal Police searched"), and so are those with an institution word and
  "of" inside ("The Guayaquil Chamber of Commerce said");
* an institution's name with "of"/"for" that NER ended before "and" goes on through the ordinary
  capitalised words after it ("Union of Greens and Farmers");
* a country or its demonym written right before an organisation's name is part of the name:
  "U.S." + "District Court" -> "U.S. District Court" (the country still counts as mentioned, see
  :func:`loaders.extract._country_prefixes`).
"""

from __future__ import annotations

import re

from spacy.attrs import ENT_TYPE, IS_ALPHA, IS_TITLE
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import load_tables, read_json
from loaders.components import ents_of, holds_office, set_ents
from loaders.lexicon import common_words

_JOINABLE = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", ""})
_COUNTRY_LABELS = frozenset({"GPE", "NORP"})
_PARTICLE_LABELS = frozenset({"GPE", "LOC", "ORG", "FAC"})


#: A game's score ("84-79", "2-1"): a text with one may name clubs after their towns.
_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")


def _past_pieces(ents: list[Span], i: int, end: int) -> int:
    """The index of the last entity after ``ents[i]`` that starts before ``end``: the pieces NER made of
    the longer name that now ends there."""
    while i + 1 < len(ents) and ents[i + 1].start < end:
        i += 1
    return i


def _initials(tok: Token) -> bool:
    """An all-capitals word of two letters or more ("JMMB")."""
    return tok.is_upper and tok.is_alpha and len(tok) > 1


class OfficialNames:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        data = read_json("official_names.json")
        self.continued_after = frozenset(data["continued_after"])
        self.continuers = frozenset(data["continuers"])
        self.links = frozenset(data["links"])
        self.max_added = int(data["max_added_tokens"])
        self.particles = frozenset(data["particles"])
        self.honorifics = frozenset(data["honorifics"])
        self.offices = frozenset(read_json("entity_filter.json")["offices"])
        self.tables = load_tables(alias_file)
        resolution = read_json("resolution.json")
        self.org_designators = frozenset(resolution["org_designators"])
        self.named_after_words = self.org_designators | frozenset(resolution["fac_designators"]) | self.continued_after
        self.person_nouns = frozenset(read_json("kinds.json")["person_nouns"])
        self.common = common_words(nlp)

    def _listed_before(self, doc: Doc, ent: Span) -> Span | None:
        """ "Chinese Billiards and Snooker Association": an organisation's name NER began after "and",
        made of ordinary words and an organisation word, takes the capitalised words before it (and a
        demonym or country opening them)."""
        start = ent.start
        if ent.label_ != "ORG" or start < 2 or doc[start - 1].lower_ not in ("and", "&"):
            return None
        if ent[-1].lower_ not in self.continued_after and ent[-1].lower_ not in self.org_designators:
            return None
        before = doc[start - 2].lower_
        if before in self.org_designators or self.tables.is_legal_form(doc[start - 2].text):
            return None  # "Hoshikawa Corporation and Eurasia Metals PLC": two companies
        if not all((t.lower_ in self.common or (t.lower_.endswith("s") and t.lower_[:-1] in self.common))
                   and self.tables.lookup(t.text) is None for t in ent[:-1]):
            return None  # "Goldman Sachs and Deutsche Bank", "... and Ethiopian Airlines": a name of its own
        first = start - 1
        while first > 0 and start - first <= 4:
            tok = doc[first - 1]
            named = tok.is_title and tok.is_alpha and tok.ent_type_ in ("", "NORP", "GPE", "ORG", "FAC")
            if not named or tok.is_sent_start:
                break
            first -= 1
        if first == start - 1:
            return None
        return Span(doc, first, ent.end, label="ORG")

    def __call__(self, doc: Doc) -> Doc:
        ents = list(ents_of(doc))
        untagged = self._untagged_names(doc)
        changed = bool(untagged)
        ents = sorted([*ents, *untagged], key=lambda e: e.start)
        scores: list[bool] = []  # whether the text has a score, looked at once, when a name may need it
        for k, e in enumerate(ents):
            joined = self._designator_beside(doc, e) or self._listed_before(doc, e) or self._honoured(doc, e) \
                or self._team_of_town(doc, e, scores)
            if joined is not None:
                ents[k], changed = joined, True
        out: list[Span] = []
        i = 0
        while i < len(ents):
            ent = ents[i]
            if i + 1 < len(ents) and self._place_halves(ent, ents[i + 1]):
                # "Kampong" + "Speu", "Issouf" + "Sawadogo"
                ent = Span(doc, ent.start, ents[i + 1].end, label=self._halves_kind(ent, ents[i + 1]))
                i += 1
                changed = True
            if ent.label_ in _COUNTRY_LABELS and i + 1 < len(ents) and self._country_before(ent, ents[i + 1]):
                ent = Span(doc, ent.start, ents[i + 1].end, label="ORG")
                i += 1
                changed = True
            if ent.label_ in _PARTICLE_LABELS and (end := self._through_particle(doc, ent.end)) > ent.end:
                ent = Span(doc, ent.start, end, label=ent.label_)  # "Rio Grande" + "do Sul"
                i = _past_pieces(ents, i, end)
                changed = True
            opens = len(ent) >= 3 and ent[0].lower_ in self.continued_after and ent[1].lower_ in self.continuers
            if ent.label_ == "ORG" and (ent[-1].lower_ in self.continued_after or opens) and not ent[0].is_lower:
                end = self._continuation(doc, ent.end)
                if end > ent.end:
                    ent = Span(doc, ent.start, end, label="ORG")
                    i = _past_pieces(ents, i, end)
                    changed = True
            if i + 1 < len(ents) and self._first_words_of(doc, ent, ents[i + 1]):
                ent = Span(doc, ent.start, ents[i + 1].end, label="ORG")  # "Federal Ethics" + "and Anti-..."
                i += 1
                changed = True
            if (end := self._through_and(doc, ent)) > ent.end:
                ent = Span(doc, ent.start, end, label="ORG")
                i = _past_pieces(ents, i, end)
                changed = True
            out.append(ent)
            i += 1
        if changed:
            set_ents(doc, filter_spans(out))
        return doc

    def _untagged_names(self, doc: Doc) -> list[Span]:
        """ "when the Federal Police searched": capitalised words NER left untagged inside a sentence,
        ending in an institution word ("Police", "Council", ...), are an organisation's name. Title-case
        headlines are left alone."""
        out: list[Span] = []
        rows = doc.to_array([IS_ALPHA, IS_TITLE, ENT_TYPE]).tolist()  # no Token objects for most words
        for sent in doc.sents:
            alpha = [r for r in rows[sent.start : sent.end] if r[0]]
            if not alpha or sum(r[1] for r in alpha) * 3 > len(alpha) * 2:
                continue  # a headline in title case
            i = sent.start
            while i < sent.end:
                if not (rows[i][1] or _initials(doc[i])):
                    i += 1
                    continue
                # after a lower-case word or "the" ("The Guayaquil Chamber of Commerce"), or opening the
                # sentence with no ordinary word ("JMMB Group advised"); a demonym or a one-word place may
                # open the name ("the French Canoe Kayak Federation", "The Lusaka Magistrates' Court")
                after = i > sent.start and (not rows[i - 1][1] or doc[i - 1].lower_ == "the")
                opening = i == sent.start and doc[i].lower_ not in self.common
                demonym = doc[i].ent_type_ in ("NORP", "GPE") and doc[i].ent_iob_ == "B" and i + 1 < sent.end \
                    and doc[i + 1].ent_type_ == "" \
                    and (self.tables.is_demonym(doc[i].text) or doc[i].ent_type_ in ("GPE", "NORP"))
                if not (not rows[i][2] or demonym) or not (after or opening) or (i > sent.start and self._hyphen(
                        doc, i - 1, sent)):  # not "Fraud Office" of "Anti-Fraud Office"
                    i += 1
                    continue
                end = i + 1 if demonym else i
                while end < sent.end and doc[end].ent_type_ == "" and (
                        doc[end].is_title or _initials(doc[end]) or self._link(doc, end, sent)
                        or self._hyphen(doc, end, sent)):
                    end += 1  # "JMMB Group advised", "Central Anti-Corruption Bureau"
                while end - 1 > i and not doc[end - 1].is_title:
                    end -= 1  # "Court" + "on" before NER's "Tuesday": a link word never ends a name
                last = doc[end - 1].lower_
                if end - i >= 2 and (last in self.org_designators or last in self.continued_after
                                     or self._institution_of(doc, i, end)) and not self._office(doc, i, end):
                    out.append(Span(doc, i, end, label="ORG"))
                i = max(end, i + 1)
        return out

    def _office(self, doc: Doc, start: int, end: int) -> bool:
        """ "The Commissioner of Police", "the Inspector-General of Police": an office someone holds."""
        return holds_office(doc[start + (doc[start].lower_ == "the") : end], self.offices)

    @staticmethod
    def _hyphen(doc: Doc, i: int, sent: Span) -> bool:
        """A hyphen written inside a capitalised compound ("Anti-Corruption"), no space either side."""
        return (doc[i].text == "-" and sent.start < i < sent.end - 1 and not doc[i - 1].whitespace_
                and not doc[i].whitespace_ and doc[i - 1].is_title and doc[i + 1].is_title)

    def _institution_of(self, doc: Doc, start: int, end: int) -> bool:
        """ "Guayaquil Chamber of Commerce": an institution word after a capitalised word, then "of"/"for"
        and the capitalised rest of the name."""
        return any(
            doc[k].lower_ in self.continued_after and doc[k + 1].lower_ in self.continuers and doc[k - 1].is_title
            for k in range(start + 1, end - 2)
        )

    def _through_and(self, doc: Doc, ent: Span) -> int:
        """The end of "Union of Greens" + "and Farmers", "Institute for Zoo" + "and Wildlife Research": an
        institution's name with "of"/"for" that NER ended before "and" goes on through ordinary
        capitalised words (not a name of its own: "Ministry of Finance and Bank of Ghana", "... and
        Google" stay apart)."""
        end = ent.end
        if ent.label_ != "ORG" or end + 1 >= len(doc) or doc[end].lower_ not in ("and", "&"):
            return end
        if not any(t.lower_ in self.continued_after for t in ent[:-1]) or not any(
            t.lower_ in self.continuers for t in ent[1:-1]
        ):
            return end
        i = end + 1
        while i < len(doc) and i - end <= 3 and doc[i].is_title and doc[i].is_alpha and "\n" not in doc[i].text:
            tok = doc[i]
            ordinary = tok.lower_ in self.common or (tok.lower_.endswith("s") and tok.lower_[:-1] in self.common)
            opens = i == end + 1 and tok.lower_ in self.org_designators  # "and Bank of Ghana": a name of its own
            if not ordinary or opens or tok.ent_type_ == "GPE" or self.tables.lookup(tok.text) is not None:
                return end
            i += 1
        if i == end + 1 or (i < len(doc) and doc[i].is_title):
            return end
        return i

    def _link(self, doc: Doc, i: int, sent: Span) -> bool:
        """A small word inside a name ("Grievances and Appeals Committee"): a capitalised word follows."""
        if doc[i].text in ("'", "\u2019") and i > sent.start and doc[i - 1].text.endswith("s"):
            return i + 1 < sent.end and doc[i + 1].is_title  # "Lusaka Magistrates' Court"
        return doc[i].lower_ in self.links and i + 1 < sent.end and doc[i + 1].is_title

    def _designator_beside(self, doc: Doc, place: Span) -> Span | None:
        """ "Police Scotland", "Kenya Police": an organisation word written with a country's name."""
        if place.label_ != "GPE" or self.tables.lookup(place.text) is None:
            return None
        before = doc[place.start - 1] if place.start > 0 else None
        after = doc[place.end] if place.end < len(doc) else None
        if before is not None and before.ent_type_ == "" and self._designator(before) and before.whitespace_:
            return Span(doc, before.i, place.end, label="ORG")
        if after is not None and after.ent_type_ == "" and self._designator(after) and doc[place.end - 1].whitespace_:
            return Span(doc, place.start, after.i + 1, label="ORG")
        country = self.tables.lookup(place.text).source == "country"
        if before is not None and country and before.ent_type_ == "" and _initials(before) and before.whitespace_ \
                and self.tables.lookup(before.text) is None and self._ends_a_phrase(place):
            return Span(doc, before.i, place.end, label="ORG")  # "told NTV Uganda that", "KTN Kenya reported"
        if before is not None and self._brand(before) and country:
            return Span(doc, before.i, place.end, label="ORG")  # "Airtel Kenya", "Vodacom Tanzania"
        if before is not None and country and before.ent_type_ == "ORG" and before.whitespace_ == " " \
                and not (after is not None and after.text[:1].isupper()):
            start = before.i  # "Transparency International Zambia": an organisation's national branch
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            institution = before.lower_ in self.org_designators or before.lower_ in self.continued_after
            if before.i > start and not institution:
                return Span(doc, start, place.end, label="ORG")
            if before.i == start and _initials(before) and self._ends_a_phrase(place):
                return Span(doc, start, place.end, label="ORG")  # "NTV Uganda reported", "CNN Chile said"
        return None

    def _honoured(self, doc: Doc, ent: Span) -> Span | None:
        """ "Sheikh" + "Khalifa Field Hospital", "King" + "Fahd University": a royal or religious title
        right before an institution's or a facility's name is part of it (the place is named after the
        titled person; a person's title stays out of the person's name)."""
        if ent.label_ not in ("ORG", "FAC") or ent.start < 1 or len(ent) < 2:
            return None
        if ent[-1].lower_ not in self.named_after_words:
            return None
        before = doc[ent.start - 1]
        if before.text not in self.honorifics or before.ent_type_ or not before.whitespace_:
            return None
        return Span(doc, before.i, ent.end, label=ent.label_)

    def _team_of_town(self, doc: Doc, place: Span, scores: list[bool]) -> Span | None:
        """ "Zastal" + "Zielona Góra", "Trefl" + "Sopot": in a text with scores, one capitalised word
        right before a town, no ordinary word and no name the tables know, is a club's name with its town
        (NER tags the two apart, and calls the town anything)."""
        if place.label_ not in ("GPE", "LOC", "PERSON", "ORG") or place.start < 1:
            return None
        if not (self.tables.is_town(place.text) or self.tables.is_city(place.text)):
            return None
        before = doc[place.start - 1]
        if before.ent_iob_ == "I" or not before.is_title or not before.is_alpha or not before.whitespace_ \
                or before.is_stop or before.pos_ not in ("PROPN", "NOUN", "X"):
            return None
        if before.ent_type_ not in ("", "ORG", "PRODUCT", "PERSON", "CARDINAL"):
            return None  # (NER calls some clubs' one word a number: "Trefl")
        if before.ent_iob_ == "B" and place[0].ent_iob_ == "I":
            return None  # a longer name ends at the town
        text = before.text
        if self.tables.lookup(text) is not None or self.tables.is_place(text) or self.tables.is_title(text) \
                or self.tables.is_given_name(text) or text.lower() in self.common:
            return None
        if not scores:
            scores.append(_SCORE.search(doc.text) is not None)
        return Span(doc, before.i, place.end, label="ORG") if scores[0] else None

    @staticmethod
    def _ends_a_phrase(place: Span) -> bool:
        """Whether no noun, adjective or number follows ``place`` ("CNN Chile said", not "the UN Kenya
        office" or "the EU Kenya deal")."""
        doc = place.doc
        return place.end >= len(doc) or doc[place.end].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")

    def _brand(self, tok: Token) -> bool:
        """A company's name written before a country: a capitalised proper noun inside a sentence, no
        ordinary word, no name the tables know, untagged or an organisation, not joined to another name
        before it."""
        doc = tok.doc
        if tok.pos_ != "PROPN" or not tok.is_title or not tok.whitespace_ or tok.ent_type_ not in ("", "ORG"):
            return False
        if tok.is_sent_start:
            return False  # "Neighbouring India": a capitalised word opening a sentence says too little
        if tok.lower_ in self.common or self.tables.lookup(tok.text) is not None or self.tables.is_city(tok.text):
            return False
        prev = doc[tok.i - 1] if tok.i > 0 else None
        return prev is None or not (prev.is_title or prev.ent_type_)

    def _designator(self, tok: Token) -> bool:
        return tok.is_title and tok.lower_ in self.org_designators

    def _place_halves(self, one: Span, other: Span) -> bool:
        """Two one-word places NER cut out of one name ("Kampong" + "Speu" province): next to each other,
        neither a place the tables know."""
        if one.label_ not in ("GPE", "LOC") or other.label_ != one.label_ or len(one) != 1 or len(other) != 1:
            return False
        if other.start != one.end or one[-1].whitespace_ != " ":
            return False
        known = self.tables
        return not any(known.lookup(e.text) or known.is_city(e.text) or known.is_region(e.text) for e in (one, other))

    def _first_words_of(self, doc: Doc, first: Span, second: Span) -> bool:
        """ "the Federal Ethics" + "and" + "Anti-Corruption Commission": an "organisation" of ordinary
        capitalised words and no organisation word, then "and", then one that ends in an organisation
        word, are one name; a one-word "organisation" is left alone ("Google and Acme Software Corporation":
        WordNet knows "google" as a verb)."""
        if first.label_ != "ORG" or second.label_ != "ORG" or second.start != first.end + 1 or len(first) < 2:
            return False
        if doc[first.end].lower_ not in ("and", "&") or second[-1].lower_ not in self.org_designators:
            return False
        return all(t.is_title and t.lower_ in self.common and t.lower_ not in self.org_designators for t in first)

    def _halves_kind(self, one: Span, other: Span) -> str:
        """What two one-word "places" NER cut out of one name are: a person when the words around say
        so ("Issouf Sawadogo, a Ouagadougou-based researcher, said", "... Ndong Esono told reporters",
        "said Issouf Sawadogo"), else the place they were ("Kampong Speu")."""
        for tok in (one[0], other[0]):
            if tok.dep_ == "nsubj" and (tok.head.lemma_ == "tell" or (tok.head.lemma_ == "say" and tok.head.i < tok.i)):
                return "PERSON"
            if any(c.dep_ == "appos" and c.lemma_.lower() in self.person_nouns for c in tok.children):
                return "PERSON"
        return one.label_

    def _country_before(self, place: Span, org: Span) -> bool:
        """ "U.S." right before "District Court" (no punctuation, no possessive between)."""
        if org.label_ != "ORG" or org.start != place.end or len(place) > 3 or not place.text_with_ws.endswith(" "):
            return False
        hit = self.tables.lookup(place.text)
        return hit is not None and hit.type == "GPE" and org[0].is_title

    def _through_particle(self, doc: Doc, start: int) -> int:
        """The end of "do Sul" after "Rio Grande": a particle, then capitalised words (no person's)."""
        if start + 1 >= len(doc) or doc[start].lower_ not in self.particles or not doc[start].is_lower:
            return start
        i = start + 1
        while i < len(doc) and i - start <= 3 and doc[i].is_title and doc[i].is_alpha and doc[i].ent_type_ != "PERSON":
            i += 1
        return i if i > start + 1 else start

    def _continuation(self, doc: Doc, start: int) -> int:
        """The end of "for the Northern District of California" starting at ``start``, or ``start``."""
        if start >= len(doc) or doc[start].lower_ not in self.continuers or not doc[start - 1].whitespace_:
            return start
        i, last_capital = start + 1, start
        while i < len(doc) and i - start <= self.max_added:
            tok = doc[i]
            if tok.ent_type_ == "PERSON" or tok.ent_type_ not in _JOINABLE or "\n" in tok.text:
                break
            if tok.is_title or (tok.is_upper and tok.is_alpha):
                last_capital = i
            elif tok.lower_ not in self.links:
                break
            i += 1
        if last_capital == start:
            return start
        after = doc[last_capital + 1] if last_capital + 1 < len(doc) else None
        if after is not None and after.is_lower and after.pos_ == "NOUN":
            return start  # "for the Android deal": a modifier, not the rest of a name
        if doc[last_capital].ent_type_ and doc[last_capital].ent_iob_ != "" and last_capital + 1 < len(doc):
            nxt = doc[last_capital + 1]
            if nxt.ent_iob_ == "I":  # never cut an entity in two
                return start
        return last_capital + 1


@Language.factory(
    "kg_official_names", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None}
)
def make_official_names(nlp: Language, name: str, alias_file: str | None) -> OfficialNames:
    return OfficialNames(nlp, name, alias_file)
