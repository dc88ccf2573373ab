"""``kg_short_forms``: later short mentions of names the text gave in full, which NER often misses.

A name the text tagged once is tagged wherever else it is written the same way ("Rangers" that NER
missed in "Celtic beat Rangers 2-1"). A capitalised word outside every entity is tagged when it is

* the surname (last word) of a person named in full in the same text ("Harlow" after
  "Daniel Harlow"), the surname from its particle on ("Van der Berg" after "Maria van der
  Berg"), the first of two surnames ("Valencia" after "Mariana Valencia Ospina"), or the first
  name when it is one (``given_names.txt``: "Mathis" after "Mathis
  Larrieu-Bordes"), or the first word of a name that ends in a hyphenated given name ("Son" after
  "Son Jae-il") -> PERSON;
* the distinctive first word of an organisation named in full ("Nordwind" after "Nordwind
  Logistik AG"), or the last word of a name without "of"/"for" ("Dortmund" after "Borussia
  Dortmund") -> ORG; words that name a kind of organisation ("University", "Bank": the
  ``org_designators`` of ``resolution.json``), titles, demonyms and countries are never taken.

A one-word form is taken where the tagger calls it a proper noun, or a noun written with a capital
inside a sentence (the small English model tags a surname such as "Tavares" as a plural noun).

Which entity a short mention belongs to is decided later, in :mod:`loaders.resolve`.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_LOWER, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import PHRASE_WORDS, load_tables, read_json
from loaders.components import ENTITY_LABELS, among, ents_of, set_ents
from loaders.lexicon import common_words

_MAX_REPEAT = 4
_MAX_LEGAL_NAME = 5  # words before a legal form that may be a company's name
_NOT_COMPANY = frozenset({"PERSON", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "des", "la", "le", "ter",
                        "ó", "ní", "nic", "mac", "ua", "uí"})  # "Ó Briain" after "Ciarán Ó Briain"


def _inside(ent: Span, start: int, end: int, surname: bool) -> bool:
    """Whether ``ent`` is a piece NER made of the name at ``start:end``: a person's piece, or any piece
    of a person's surname of several words ("Van den" + NER's place "Broek")."""
    if ent.label_ == "WORK_OF_ART" and (ent.start, ent.end) == (start, end):
        return True  # '," Tiedemann told ...': a known surname NER took for a work after a quote
    return (ent.label_ == "PERSON" or surname) and start <= ent.start and ent.end <= end


def _name_like(tok: Token, common: frozenset[str], lower: frozenset[str]) -> bool:
    """A proper noun, a capitalised noun that is no ordinary word opening a sentence (an ordinary
    word the text never writes in lower case counts as a name: "Toulouse president X"), or any
    word that is no ordinary word and never written in lower case ("Ørsted", tagged as a verb)."""
    if tok.pos_ == "PROPN":
        return True
    if tok.lower_ not in common and tok.lower_ not in lower and tok.is_alpha and not tok.is_upper:
        return True  # "Ørsted chief executive X": a name the tagger took for a verb, no word of the language
    ordinary = tok.is_sent_start and tok.lower_ in common and tok.lower_ in lower
    return tok.pos_ == "NOUN" and tok.text[:1].isupper() and not ordinary


class ShortFormTagger:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        self.tables = load_tables(alias_file)
        resolution = read_json("resolution.json")
        self.designators = frozenset(resolution["org_designators"])
        self.company_words = frozenset(resolution["company_designators"])
        variants = set()
        for form in self.tables.legal_forms:
            variants |= {form, f"{form}.", ".".join(form) + ".", ".".join(form)}  # "d.o.o" + "." as tokenised
        variants |= {"a/s", "s.p.a.", "s.r.l.", "s.a.s."}
        self.legal_hashes = numpy.array(sorted(nlp.vocab.strings.add(v) for v in variants), dtype="uint64")
        self.common = common_words(nlp)

    def _company_ending(self, word: str) -> bool:
        """A legal form or a company designator ("Inc.", "Holdings") ending a company's name."""
        return self.tables.is_legal_form(word) or word.casefold() in self.company_words

    def _distinctive(self, word: str) -> bool:
        return (
            len(word) >= 3
            and word[:1].isupper()
            and word.casefold() not in self.designators
            and not self.tables.is_title(word)
            and self.tables.lookup(word) is None
        )

    def _paternal(self, words: list[Token]) -> bool:
        """Whether the word before a name's last is a family name the text may use alone: the first of
        two surnames ("Mariana Valencia Ospina" -> "Valencia"; "Désiré Ngoy Mokili" -> "Ngoy"), not a
        given name ("Mohammad Abdur Rahim Chowdhury"), a particle or an initial."""
        word = words[-2]
        return (
            word.is_title
            and word.is_alpha
            and len(word) >= 3
            and word.lower_ not in _PARTICLES
            and not self.tables.is_given_name(word.text)
            and self.tables.is_given_name(words[0].text)
        )

    def _company_prefixes(self, doc: Doc) -> set[tuple[str, ...]]:
        """The leading words of the companies named with a legal form ("Maple Crest" and "Maple" of
        "Maple Crest Logistics Inc."), countries, cities and people's names aside."""
        out: set[tuple[str, ...]] = set()
        for ent in ents_of(doc):
            words = [t.text for t in ent if not t.is_punct]
            if ent.label_ != "ORG" or len(words) < 2:
                continue
            legal = self.tables.is_legal_form(words[-1])
            if not legal and not (len(words) >= 3 and words[-1].casefold() in self.company_words):
                continue
            for k in range(1, len(words) - 1) if legal else range(2, len(words)):  # "Siam Digital" (Holdings)
                prefix = words[:k]
                text = " ".join(prefix)
                if self.tables.lookup(text) is None and not self.tables.is_city(text) \
                        and not (k >= 2 and self.tables.is_given_name(prefix[0])):
                    out.add(tuple(prefix))
        return out

    def _relabel_companies(self, doc: Doc) -> None:
        """A short mention of a company that NER took for a person or a place ("Raahi Mobility said",
        after "Raahi Mobility Pvt Ltd") is the company."""
        prefixes = self._company_prefixes(doc)
        if not prefixes:
            return
        ents, changed = [], False
        for ent in ents_of(doc):
            if ent.label_ in _NOT_COMPANY and tuple(t.text for t in ent if not t.is_punct) in prefixes:
                ent = Span(doc, ent.start, ent.end, label="ORG")
                changed = True
            ents.append(ent)
        if changed:
            set_ents(doc, ents)

    def _legal_names(self, doc: Doc) -> None:
        """ "Nordhav Shipping A/S" that NER missed, "Austral" + NER's "Hidrógeno SpA": capitalised words
        before a company's legal form are the company's name (found with one array lookup per doc)."""
        hits = numpy.nonzero(among(doc.to_array(LOWER), self.legal_hashes))[0]
        if not len(hits):
            return
        found = []
        for i in hits.tolist():
            form = doc[i]
            if not self.tables.is_legal_form(form.text):
                continue  # "as", "co", "se": words, not legal forms
            if i > 0 and doc[i - 1].ent_type_ == "PERSON" and self.tables.is_post_nominal(form.text):
                continue  # "advocate Johan Bezuidenhout SC": a senior counsel, not a company
            start, sent_start = i, form.sent.start
            while start - 1 >= sent_start and i - start < _MAX_LEGAL_NAME:
                tok = doc[start - 1]
                if not (tok.text[:1].isupper() and (tok.is_alpha or tok.text in ("&", "-"))) \
                        or self.tables.is_title(tok.text) or tok.lower_ in ("the", "a", "an") \
                        or (tok.is_sent_start and tok.lower_ in self.common):
                    break
                start -= 1
            if start < i and doc[start].text not in ("&", "-"):
                dot = i + 1 < len(doc) and doc[i + 1].text == "." and not form.whitespace_  # "d.o.o" "."
                found.append(Span(doc, start, i + 1 + dot, label="ORG"))
        if not found:
            return
        found = filter_spans(found)
        keep = []
        for e in ents_of(doc):
            inside = [f for f in found if f.start <= e.start and e.end <= f.end]
            if any(f.start < e.end and e.start < f.end for f in found) and not inside:
                found = [f for f in found if not (f.start < e.end and e.start < f.end)]  # a longer name goes on
                keep.append(e)
            elif not inside:
                keep.append(e)
        set_ents(doc, filter_spans([*found, *keep]))

    def __call__(self, doc: Doc) -> Doc:
        self._legal_names(doc)
        self._relabel_companies(doc)
        known: dict[tuple[str, ...], str] = {}  # the words of a name -> its label
        for ent in ents_of(doc):
            if ent.label_ not in ENTITY_LABELS:
                continue
            words = [t for t in ent if not t.is_punct]
            if 1 <= len(ent) <= _MAX_REPEAT and ent[0].text[:1].isupper():
                known.setdefault(tuple(t.text for t in ent), ent.label_)
            if len(words) < 2:
                continue
            if ent.label_ == "PERSON":
                known.setdefault((words[-1].text,), "PERSON")
                j = ent.end - 1  # "Oyelaran-Adeyemi" after "Babatunde Oyelaran-Adeyemi": a double-barrelled surname
                while j - 2 > ent.start and doc[j - 1].text == "-" and not doc[j - 1].whitespace_ \
                        and not doc[j - 2].whitespace_:
                    j -= 2
                if j < ent.end - 1:
                    known.setdefault(tuple(t.text for t in doc[j : ent.end]), "PERSON")
                if words[-1].is_lower and len(words) >= 3:  # "Son Jae-il": the family name comes first
                    known.setdefault((words[0].text,), "PERSON")
                if self.tables.is_given_name(words[0].text):  # "Mathis" after "Mathis Larrieu-Bordes"
                    known.setdefault((words[0].text,), "PERSON")
                if 3 <= len(words) <= 4 and self._paternal(words):
                    known.setdefault((words[-2].text,), "PERSON")  # "Valencia" after "Mariana Valencia Ospina"
                particle = next((k for k, t in enumerate(words[1:-1], 1) if t.lower_ in _PARTICLES), None)
                if particle is not None:  # "Maria van der Berg": "van der Berg", "Van der Berg"
                    surname = [t.text for t in words[particle:]]
                    known.setdefault(tuple(surname), "PERSON")
                    known.setdefault((surname[0].capitalize(), *surname[1:]), "PERSON")
            elif ent.label_ == "ORG":
                if self._distinctive(words[0].text):
                    known.setdefault((words[0].text,), "ORG")
                core = [t.text for t in words]
                while len(core) > 2 and self._company_ending(core[-1]):
                    core.pop()  # "Pacific Laterite" of "Pacific Laterite Holdings Inc."
                if 2 <= len(core) < len(words) and all(w[:1].isupper() for w in core):
                    known.setdefault(tuple(core), "ORG")
                last = words[-1].text
                phrasal = any(t.lower_ in PHRASE_WORDS for t in words)
                if not phrasal and self._distinctive(last) and not self.tables.is_capital(last):
                    known.setdefault((last,), "ORG")
        if not known:
            return doc
        strings = doc.vocab.strings
        lower = frozenset(strings[w] for is_lower, w in doc.to_array([IS_LOWER, LOWER]).tolist() if is_lower)
        taken: list[Span | None] = [None] * len(doc)
        for e in ents_of(doc):
            for i in range(e.start, e.end):
                taken[i] = e
        texts = [strings[o] for o in doc.to_array(ORTH).tolist()]  # no Token for words no name starts with
        firsts = {words[0] for words in known}
        new, i = [], 0
        while i < len(doc):
            size = self._match(doc, i, known, taken, self.common, lower, texts) if texts[i] in firsts else 0
            if size:
                new.append(Span(doc, i, i + size, label=known[tuple(texts[i : i + size])]))
                i += size
            else:
                i += 1
        if new:
            bounds = {(n.start, n.end) for n in new}  # a work NER made of a known name gives way to it
            kept = [e for e in ents_of(doc) if e.label_ != "WORK_OF_ART" or (e.start, e.end) not in bounds]
            set_ents(doc, filter_spans([*kept, *new]))
        return doc

    @staticmethod
    def _match(
        doc: Doc,
        i: int,
        known: dict[tuple[str, ...], str],
        taken: list[Span | None],
        common: frozenset[str],
        lower: frozenset[str],
        texts: list[str],
    ) -> int:
        if not texts[i][:1].isupper():
            return 0
        if taken[i] is not None and taken[i].start != i:
            return 0  # only a piece that starts here may give way to a longer name ("Wróblewska" + "-Nowak")
        for size in range(min(_MAX_REPEAT, len(doc) - i), 0, -1):
            words = tuple(texts[i : i + size])
            if words not in known:
                continue
            surname = size > 1 and known.get(words) in ("PERSON", "ORG")  # "Airtel" + NER's "Kenya" too
            if any(not _inside(e, i, i + size, surname) for e in taken[i : i + size] if e is not None):
                continue  # "Van der" + NER's "Berg": the longer surname may take the pieces NER made
            if words in known and (size > 1 or _name_like(doc[i], common, lower)):
                after = doc[i + size] if i + size < len(doc) else None
                if after is None or not (after.text[:1].isupper() and after.pos_ == "PROPN"):
                    return size
        return 0


@Language.factory("kg_short_forms", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None})
def make_short_form_tagger(nlp: Language, name: str, alias_file: str | None) -> ShortFormTagger:
    return ShortFormTagger(nlp, name, alias_file)
