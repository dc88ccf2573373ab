"""``kg_people``: names of people that NER cut short, cut in two, took for something else or missed.

* two person spans side by side, meeting at a particle, are one name ("Ahmed bin Salem" + "Al
  Nuaimi");
* capitalised words NER left out between a title and a person's name are the person's given names
  ("Cocobod spokesperson Ama Serwaa" + "Boateng", "Prosecutor-General Aurelio" + "Campos de Lima",
  which NER took for an organisation);
* a first name (``given_names.txt``) followed by capitalised surnames, hyphenated or with particles,
  is a person ("Fly-half Mathis Larrieu-Bordes", "Niek van den Broek", "Zofia Brzezińska-Lis"):
  NER's pieces of it are joined, and a title of a work, a product or a nationality it made of it
  becomes a person. An organisation or a place NER made of it becomes a person only on more
  evidence: a surname with a hyphen or a particle, or a person's context;
* a name in a person's context is a person even without a known first name: an age after it
  ("Órdenes, 47, joined"), a title or a person noun right before it ("The referee, Wales's Owain
  Pritchard-Lloyd,"), or a role in apposition after it ("Rohana Gunasekara-Mendis, executive director
  of ...");
* an organisation's name followed by a lone first name NER took for a person is one organisation
  ("Lockheed" + "Martin").

Names the tables know (countries, aliases, cities), titles, and names that end in a word saying what
kind of thing they are ("... Corp.", "... Stadium", "... District") are never made people.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IS_TITLE, ORTH, SHAPE
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import load_tables, read_json, unaccented
from loaders.components import (
    IRISH_MUTATED,
    among,
    entity_at,
    ents_of,
    glued_hyphen,
    opens_like_a_person,
    set_ents,
)
from loaders.lexicon import common_words

_MAX_GIVEN = 3  # given names added before a surname
#: Capitalised particles of Irish and Scottish surnames ("Ó Briain", "Ní Bhriain", "Mac an tSaoir").
_GAELIC_PARTICLES = frozenset({"Ó", "Ní", "Nic", "Mac", "Ua", "Uí", "Mhic", "Bean"})
_EXTENDABLE = frozenset({"PERSON", "ORG"})
#: Small words that join the parts of a name; two person pieces meeting at one are one name (and two
#: names side by side without one, "Trump Putin summit", stay two).
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "ben", "bint", "van", "von", "de", "da", "di", "du", "le",
                        "la", "der", "den", "ter", "dos", "das", "arap", "binti", "binte", "dela", "delos"})
#: Particles that may stand inside a surname written after a first name ("Niek van den Broek", "Cian
#: Ó Broin", "Luíza de Andrade Castro").
_SURNAME_PARTICLES = _PARTICLES | frozenset({"ó", "ní", "nic", "mac", "del", "della", "dei", "degli", "ten", "zu",
                                              "y", "e", "bint", "ould", "ag"})
#: NER labels a first name and a surname override without more evidence (NER rarely names a work, a
#: product or a nationality after a first name); organisations and places need more.
_WEAK_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "NORP", "EVENT", "LAW", "FAC", "LANGUAGE"})
_STRONG_LABELS = frozenset({"ORG", "GPE", "LOC"})
_DOUBLE_BARRELLED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})
_MAX_PARTICLES = 3  # lower-case particles before a surname ("van der", "de la")
_MAX_RUN = 7  # tokens of a name run, hyphens and particles included
_AGE = re.compile(r"^(1[5-9]|[2-9]\d)$")
_OPEN_QUOTES = frozenset({'"', "\u201c"})
_CLOSE_QUOTES = frozenset({'"', "\u201d"})
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})  # after a surname: part of the name
_COMMA = frozenset({","})
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})


class PersonNames:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        self.tables = load_tables(alias_file)
        self.gaelic_ids = numpy.array(sorted(nlp.vocab.strings.add(w) for w in _GAELIC_PARTICLES), dtype="uint64")
        resolution = read_json("resolution.json")
        self.org_designators = frozenset(resolution["org_designators"])
        self.kind_words = frozenset(
            w
            for key in ("org_designators", "fac_designators", "place_designators", "product_designators",
                        "club_designators", "legal_forms", "law_designators", "event_designators")
            for w in resolution[key]
        )
        self.person_nouns = frozenset(read_json("kinds.json")["person_nouns"])
        self.not_syllables = frozenset(read_json("entity_filter.json")["not_syllables"])
        self.common = common_words(nlp)  # ordinary words that open sentences ("Officials", "Police")

    def __call__(self, doc: Doc) -> Doc:
        nicknamed = self._nicknamed(doc)
        if nicknamed:
            rest = [e for e in ents_of(doc) if not any(n.start < e.end and e.start < n.end for n in nicknamed)]
            set_ents(doc, filter_spans([*nicknamed, *rest]))
        ents, changed = self._split_of(doc)
        out: list[Span] = []
        for e in ents:
            prev = out[-1] if out else None
            if prev is not None and self._first_name_as_place(doc, prev, e):
                out[-1] = Span(doc, prev.start, e.end, label="PERSON")  # "Wilmer" + "Antonio Zelaya Brizuela"
                changed = True
                continue
            joined = prev is not None and prev.label_ == e.label_ == "PERSON" and prev.end == e.start
            halves = joined and len(prev) >= 2 and len(e) >= 2 and doc[prev.end - 1].whitespace_ == " "
            if joined and (e[0].lower_ in _PARTICLES or prev[-1].lower_ in _PARTICLES or halves):
                # "Ahmed bin Salem" + "Al Nuaimi"; "Syed Ashfaqur" + "Rahman Chowdhury": NER's two halves
                out[-1] = Span(doc, prev.start, e.end, label="PERSON")
                changed = True
                continue
            apart = prev is not None and (prev.end < e.start or (len(prev) >= 2 and len(e) == 1))  # not "Okafor Brandt"
            if apart and prev.label_ == "PERSON" and self._surname_piece(e) \
                    and self._name_words(doc, prev.end, e.start):
                out[-1] = Span(doc, prev.start, e.end, label="PERSON")  # "Tafsut" + "Aït" + "Lhaj"
                changed = True
                continue
            start = self._given_names(doc, e, prev.end if prev is not None else 0)
            if start < e.start:
                out.append(Span(doc, start, e.end, label="PERSON"))
                changed = True
                continue
            out.append(e)
        for k, e in enumerate(out):
            last = e.end + 1 < len(doc) and e.label_ == "PERSON" and len(e) >= 2
            if last and self._name_words(doc, e.end, e.end + 1) and not doc[e.end + 1].ent_type_ \
                    and not (doc[e.end + 1].is_title or doc[e.end + 1].is_upper):
                out[k] = Span(doc, e.start, e.end + 1, label="PERSON")  # "Ñasaindy Cabañas" + "Rojas"
                changed = True
        changed = self._particled_surnames(doc, out) or changed
        if changed:
            set_ents(doc, filter_spans(out))
        _Job(self, doc).run()
        ents = list(ents_of(doc))
        if self._double_barrelled(doc, ents):
            set_ents(doc, filter_spans(ents))
        return doc

    def _double_barrelled(self, doc: Doc, ents: list[Span]) -> bool:
        """ "Sushila" + "Gurung-Thapa", "Yamikani" + "Phiri-Mbewe": a hyphenated surname of two
        capitalised words and the one word before it that NER left out or called a person, a word that
        is no ordinary word, title or name the tables know, are one person's name, whatever NER called
        the surname (the pieces NER made of it are dropped). Changes ``ents`` in place."""
        changed, joined = False, set()
        for k, e in enumerate(ents):  # "Yamikani" + "Phiri-Mbewe" that NER left out
            after = e.end + 3 <= len(doc) and self._hyphenated(doc, e.end, e.end + 3)
            if e.label_ == "PERSON" and len(e) <= 2 and after and not any(t.ent_type_ for t in doc[e.end : e.end + 3]):
                ents[k] = Span(doc, e.start, e.end + 3, label="PERSON")
                changed = True
        named = {e.text for e in ents if e.label_ in _DOUBLE_BARRELLED_LABELS and self._hyphenated(doc, e.start, e.end)}
        for i in _hyphens(doc) if named else ():  # "Sushila Gurung-Thapa", both left out, "Gurung-Thapa" named later
            if 2 <= i < len(doc) - 1 and self._hyphenated(doc, i - 1, i + 2) and doc[i - 1 : i + 2].text in named \
                    and not any(t.ent_type_ for t in doc[i - 2 : i + 2]) and self._lone_given(doc[i - 2]):
                ents.append(Span(doc, i - 2, i + 2, label="PERSON"))
                changed = True
        for k, e in enumerate(ents):
            if e.label_ not in _DOUBLE_BARRELLED_LABELS or not self._hyphenated(doc, e.start, e.end) \
                    or self.tables.lookup(e.text) is not None or self.tables.is_place(e.text):
                continue
            before = ents[k - 1] if k else None
            if before is not None and before.end == e.start and before.label_ == "PERSON" and len(before) <= 2:
                start = before.start  # "Yamikani" (a person to NER) + "Phiri-Mbewe"
            elif e.start > 0 and not doc[e.start - 1].ent_type_ and self._lone_given(doc[e.start - 1]):
                start = e.start - 1  # "Sushila" left out
            else:
                continue
            while start < e.start and self.tables.is_title(doc[start].text):
                start += 1  # "Councillor Yamikani": the title is no part of the name
            if start < e.start:
                ents[k] = Span(doc, start, e.end, label="PERSON")
                if before is not None and before.end == e.start and start <= before.start + 1:
                    joined.add(k - 1)  # "Yamikani" is now part of the name
                changed = True
        ents[:] = [e for k, e in enumerate(ents) if k not in joined]
        return changed

    @staticmethod
    def _hyphenated(doc: Doc, start: int, end: int) -> bool:
        """Two capitalised words of three letters or more joined by a hyphen, and nothing else."""
        if end - start != 3 or not glued_hyphen(doc, start + 1):
            return False
        return all(_name_cased(t) and len(t) >= 3 for t in (doc[start], doc[start + 2]))

    def _lone_given(self, tok: Token) -> bool:
        return tok.is_title and tok.is_alpha and len(tok) >= 3 and tok.lower_ not in self.common \
            and not self.tables.is_title(tok.text) and self.tables.lookup(tok.text) is None \
            and not self.tables.is_place(tok.text)

    @staticmethod
    def _particled_surnames(doc: Doc, ents: list[Span]) -> bool:
        """ "de la Cerda", "van der Meulen": a name NER cut after the lower-case particles before it
        is the surname with its particles, a person, when a person of the text is named in full with
        them ("Francesco Paolo de la Cerda"). Changes ``ents`` in place; whether it changed any."""
        people = [e.text for e in ents if e.label_ == "PERSON" and len(e) >= 3]
        changed = False
        for k, e in enumerate(ents):
            start = e.start
            while start > 0 and e.start - start < _MAX_PARTICLES and doc[start - 1].is_lower \
                    and doc[start - 1].lower_ in _SURNAME_PARTICLES and not doc[start - 1].ent_type_:
                start -= 1
            if start == e.start or not e[0].is_title:
                continue
            tail = " " + doc[start : e.end].text
            if any(p.endswith(tail) for p in people):
                ents[k] = Span(doc, start, e.end, label="PERSON")
                changed = True
        return changed

    def _nicknamed(self, doc: Doc) -> list[Span]:
        """ 'Rafael "Paeng" Mendiola', 'Eduardo "Jun" Lacsamana': a given name, a nickname in quotation
        marks and a surname are one person."""
        out: list[Span] = []
        strings = doc.vocab.strings
        quotes = [i for i, o in enumerate(doc.to_array(ORTH).tolist()) if strings[o] in _OPEN_QUOTES]
        for i in quotes:  # no Token objects for the other words: faster
            if not 1 <= i < len(doc) - 3 or not self._name_word(doc[i - 1]):
                continue
            close = i + 1
            while close < len(doc) and close - i <= 3 and doc[close].text not in _CLOSE_QUOTES:
                close += 1
            if close >= len(doc) or close == i + 1 or doc[close].text not in _CLOSE_QUOTES:
                continue
            if not all(t.is_title and t.is_alpha for t in doc[i + 1 : close]):
                continue
            end = close + 1
            while end < len(doc) and end - close <= 3 and (_capitalised(doc[end]) or doc[end].lower_ in _PARTICLES) \
                    and self.tables.lookup(doc[end].text) is None and doc[end].lower_ not in self.kind_words:
                end += 1
            while end > close + 1 and not _capitalised(doc[end - 1]):
                end -= 1
            if end < len(doc) and doc[end].text.rstrip(".") in _SUFFIXES:
                end += 1 + (end + 1 < len(doc) and doc[end + 1].text == "." and not doc[end].whitespace_)
            if end > close + 1:
                start = i - 1
                while start > 0 and self._name_word(doc[start - 1]) and not doc[start - 1].is_sent_start:
                    start -= 1  # "Maria Luisa "Malou" Santos"
                out.append(Span(doc, start, end, label="PERSON"))
        return out

    def _name_word(self, tok: Token) -> bool:
        return tok.is_title and tok.is_alpha and not self.tables.is_title(tok.text) \
            and self.tables.lookup(tok.text) is None

    def _name_words(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the tokens from ``start`` to ``end`` (none to two) can be words of a person's name
        that NER left out: capitalised, untagged, neither titles nor words of other kinds of names,
        nor names the tables know; or the particles of a surname ("van der")."""
        if end - start > 3 or end < start:
            return False
        if any(t.lower_ in _SURNAME_PARTICLES and t.is_lower for t in doc[start:end]):
            return all(t.lower_ in _SURNAME_PARTICLES for t in doc[start:end])  # "Willemijn" + "van der" + "Heijden"
        return end - start <= 2 and all(
            t.is_title and t.is_alpha and len(t) > 1 and not t.ent_type_ and not t.is_sent_start
            and not self.tables.is_title(t.text) and t.lower_ not in self.kind_words
            and self.tables.lookup(t.text) is None and not self.tables.is_city(t.text)
            for t in doc[start:end]
        )

    def _surname_piece(self, e: Span) -> bool:
        """A person, or one word NER took for a place that no table knows ("Lhaj")."""
        if e.label_ == "PERSON":
            return True
        return len(e) == 1 and e.label_ in ("GPE", "LOC") and self.tables.lookup(e.text) is None \
            and not self.tables.is_city(e.text) and not self.tables.is_region(e.text)

    def _split_of(self, doc: Doc) -> tuple[list[Span], bool]:
        """ "Aksel Haugland of Nordlys-Vesta" as one person, "Jörg-Uwe Pietzsch of the Alternative for
        Germany" as one organisation: the person, then what they belong to (a place when the tables say
        so, else an organisation)."""
        out, changed = [], False
        for e in ents_of(doc):
            k = next((t.i for t in e[2:-1] if t.lower_ == "of"), -1) if e.label_ in ("PERSON", "ORG") else -1
            if k >= 0 and e.label_ == "ORG" and not self._person_before_of(doc, e.start, k):
                k = -1  # "Central Bank of Nigeria"
            after = k + 2 if k >= 0 and doc[k + 1].lower_ == "the" and k + 2 < e.end else k + 1
            if k < 0 or not all(_capitalised(t) or glued_hyphen(doc, t.i) for t in doc[e.start : k]) \
                    or not _capitalised(doc[after]):
                out.append(e)
                continue
            rest = doc[k + 1 : e.end]
            if rest[0].lower_ == "the":
                rest = rest[1:]
            known = self.tables.lookup(rest.text)
            label = getattr(known.type, "value", known.type) if known is not None else "ORG"
            out += [Span(doc, e.start, k, label="PERSON"), Span(doc, rest.start, rest.end, label=label)]
            changed = True
        return out, changed

    def _person_before_of(self, doc: Doc, start: int, of: int) -> bool:
        """Whether the words before "of" in a name NER called an organisation are a person's: they open
        with a first name ("Jörg-Uwe", "Jörg"), end in no ordinary word ("Tea Board") and none says what
        kind of thing a name is."""
        first = doc[start].text.split("-")[0]
        return self.tables.is_given_name(first) and doc[of - 1].lower_ not in self.common and not any(
            t.lower_ in self.kind_words or t.lower_ in self.org_designators for t in doc[start:of]
        )

    def _first_name_as_place(self, doc: Doc, prev: Span, person: Span) -> bool:
        """A one-word "place" no table knows, written right before a person's name of two words or more
        and after no capitalised word, is the person's first name ("Wilmer Antonio Zelaya Brizuela")."""
        if prev.label_ not in ("GPE", "LOC", "NORP") or person.label_ != "PERSON" or prev.end != person.start:
            return False
        if len(prev) != 1 or len(person) < 2 or not prev[0].is_alpha or not prev[0].is_title:
            return False
        if doc[prev.start].whitespace_ != " " or self.tables.lookup(prev.text) or self.tables.is_city(prev.text):
            return False
        before = doc[prev.start - 1] if prev.start > 0 else None
        return before is None or not before.text[:1].isupper() or before.is_sent_start

    def _given_names(self, doc: Doc, ent: Span, floor: int) -> int:
        """Where the person ``ent`` really starts when capitalised words between a title and it were
        left out; ``ent.start`` when none were."""
        if ent.label_ not in _EXTENDABLE:
            return ent.start
        if ent.label_ == "ORG" and (len(ent) < 2 or ent[-1].lower_ in self.org_designators):
            return ent.start
        i = ent.start
        while i - 1 >= floor and ent.start - (i - 1) <= _MAX_GIVEN and self._given(doc[i - 1]):
            i -= 1
        if i == ent.start or i == 0 or i - 1 < floor:
            return ent.start
        title = doc[i - 1]
        if title.text == "." and i >= 2 and title.idx == doc[i - 2].idx + len(doc[i - 2].text):
            title = doc[i - 2]  # "Lt-Col. Mahamat" + "Zakaria Dadi": the tokenizer keeps the dot apart
        return i if self.tables.is_title(title.text) and title.ent_type_ == "" else ent.start

    def _given(self, tok: Token) -> bool:
        return tok.ent_type_ == "" and not tok.is_sent_start and self._name_word(tok)

    # ------------------------------------------------------------------ shapes of a name
    def surname_word(self, tok: Token) -> bool:
        """A word that may stand in a surname: capitalised, and nothing the tables know or a word that
        says what kind of thing a name is."""
        text = tok.text
        return (
            text[:1].isupper()
            and (tok.is_alpha or "'" in text or "\u2019" in text)
            and not self.tables.is_title(text)
            and text.casefold().rstrip(".") not in self.kind_words
            and not self.tables.is_post_nominal(text)  # "Imogen Strathearn KC"
            and self.tables.lookup(text) is None
        )


def _hyphens(doc: Doc) -> list[int]:
    """The positions of the doc's hyphens (an array scan: no Token objects)."""
    hyphen = doc.vocab.strings["-"]
    return [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth == hyphen]


def _name_cased(tok: Token) -> bool:
    """A word written like a name: a capital, then lower-case letters, capitals allowed inside
    ("Fiddler", "MacKinnon", "DeSouza"), not all capitals."""
    text = tok.text
    return tok.is_alpha and text[:1].isupper() and text[1:2].islower() and not tok.is_upper


def _capitalised_untagged(doc: Doc, ent_at: list[int]) -> list[int]:
    """The positions of the words outside every entity that open with a capital, found with the doc's
    word shapes ("Xxxxx", "XXX", "XxxXxx": one string look-up per distinct shape, not per word)."""
    shapes = doc.to_array(SHAPE)
    strings = doc.vocab.strings
    capital = numpy.array(sorted({int(h) for h in numpy.unique(shapes) if strings[int(h)][:1] == "X"}), dtype="uint64")
    at = numpy.flatnonzero(among(shapes, capital) & (numpy.asarray(ent_at[: len(doc)]) < 0))
    return at.tolist()


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and (tok.is_alpha or "'" in tok.text or "\u2019" in tok.text)


class _Job:
    """The person names of one doc beyond NER's: first-name runs, contexts, split company names."""

    def __init__(self, rules: PersonNames, doc: Doc) -> None:
        self.rules, self.doc, self.tables = rules, doc, rules.tables
        self.ents = list(ents_of(doc))
        self.ent_at = entity_at(self.ents, len(doc))
        self.new: list[Span] = []
        self.dropped: set[int] = set()

    def run(self) -> None:
        doc = self.doc
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, IS_TITLE]).tolist()
        i = 0
        while i < len(doc):
            orth, title = rows[i]
            end = i + 1
            if title and (first_end := self._first_name(i, strings[orth])) > i:
                end = max(end, self._from_first_name(i, first_end))
            i = end
        self._in_context()
        self._gaelic()
        self._split_companies()
        if self.new or self.dropped:
            kept = [
                e for n, e in enumerate(self.ents)
                if n not in self.dropped and not any(s.start < e.end and e.start < s.end for s in self.new)
            ]
            set_ents(doc, filter_spans([*self.new, *kept]))

    # ------------------------------------------------------------------ first names
    def _first_name(self, i: int, text: str) -> int:
        """The end of a first name that starts at token ``i`` ("Mathis", "Pieter-Jan"), or ``i``."""
        doc, tables = self.doc, self.tables
        if i + 2 < len(doc) and glued_hyphen(doc, i + 1) and doc[i + 2].is_title:
            second = doc[i + 2].text
            if tables.is_given_name(f"{text}-{second}") or (
                tables.is_given_name(text) and second.isalpha() and tables.lookup(second) is None
            ):
                return i + 3  # "Jean-Pierre", "Jean-Wesner": a first name and a second one
            return i  # "Coca-Cola", "Rolls-Royce": a hyphenated word is no first name
        if tables.is_given_name(text) or (not text.isascii() and tables.is_given_name(unaccented(text))):
            return i + 1
        return i

    def _surname_end(self, start: int, first: bool = False) -> tuple[int, bool]:
        """The end of the surname that starts at ``start`` (capitalised words, hyphenated pieces and
        particles), and whether it has a hyphen or a particle; ``start`` when there is none. With
        ``first``, the run may begin without a space before it (a whole name after a quotation mark)."""
        doc, rules = self.doc, self.rules
        i, last, marked = start, start, False
        while i < len(doc) and i - start < _MAX_RUN:
            tok = doc[i]
            if glued_hyphen(doc, i) and i + 1 < len(doc) and doc[i + 1].is_alpha and last == i and i > start \
                    and doc[i + 1].lower_ not in rules.not_syllables:  # not "Can Tho-based"
                i += 2  # "Larrieu-Bordes", "Seok-min"
                last, marked = i, True
                continue
            if not (first and i == start) and (not doc[i - 1].whitespace_ or "\n" in doc[i - 1].whitespace_):
                break
            if rules.surname_word(tok):
                i += 1
                last = i
            elif tok.lower_ in _SURNAME_PARTICLES and self._particles_then_name(i):
                i += 1
                marked = True
            else:
                break
        return last, marked

    def _particles_then_name(self, i: int) -> bool:
        """Whether the particles from token ``i`` on ("van den") lead to a capitalised word."""
        doc = self.doc
        while i < len(doc) and doc[i].lower_ in _SURNAME_PARTICLES and doc[i].whitespace_ == " ":
            i += 1
        return i < len(doc) and _capitalised(doc[i]) and self.rules.surname_word(doc[i])

    def _from_first_name(self, start: int, first_end: int) -> int:
        """Make the run "first name + surname" at ``start`` a person when the evidence allows it;
        the token where scanning goes on."""
        doc = self.doc
        if first_end >= len(doc) or not doc[first_end - 1].whitespace_:
            return first_end
        end, marked = self._surname_end(first_end)
        if end == first_end:
            return first_end
        before = doc[start - 1] if start > 0 else None
        inside_name = before is not None and _capitalised(before) and not before.is_sent_start \
            and not self.tables.is_demonym(before.text)  # "the Italian Massimo Dell'Orto"
        if inside_name and not (self.tables.is_title(before.text) or before.ent_type_ == "PERSON"):
            return end  # inside a longer name ("Royal Melbourne Hospital")
        if end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
            return end  # a longer name goes on
        double = first_end - start == 3  # "Jean-Wesner Dorsainvil": a double first name says person
        self._claim(start, end, marked or double or self._person_context(start, end))
        return end

    def _claim(self, start: int, end: int, strong: bool) -> bool:
        """Make ``start:end`` a person unless the entities there say otherwise."""
        inside = sorted({self.ent_at[i] for i in range(start, end) if self.ent_at[i] >= 0})
        nationality = None
        for n in inside:  # "the Italian Massimo" + "Dell'Orto": the nationality is no part of the name
            e = self.ents[n]
            if e.start < start and e.end <= end and self.tables.is_demonym(self.doc[e.start : start].text):
                nationality = Span(self.doc, e.start, start, label="NORP")
        if any(self.ents[n].start < start or self.ents[n].end > end for n in inside) and nationality is None:
            return False  # an entity reaches beyond the name
        if any(n in self.dropped for n in inside):
            return False
        labels = {self.ents[n].label_ for n in inside}
        if labels == {"PERSON"} and len(inside) == 1 and (self.ents[inside[0]].start, self.ents[inside[0]].end) == (
            start,
            end,
        ):
            return True  # NER had it
        if labels & _STRONG_LABELS and not strong and nationality is None:
            return False
        if not labels <= ({"PERSON"} | _WEAK_LABELS | _STRONG_LABELS):
            return False  # dates, numbers
        self.dropped.update(inside)
        self.new.append(Span(self.doc, start, end, label="PERSON"))
        if nationality is not None:
            self.new.append(nationality)
        return True

    # ------------------------------------------------------------------ contexts
    def _person_context(self, start: int, end: int) -> bool:
        """An age after the name, a title or person noun right before it, a role in apposition, or a
        country's possessive before it."""
        return self._aged(end) or self._titled(start) or self._role_after(end) or self._country_owned(start) \
            or self._nationality_before(start)

    def _nationality_before(self, start: int) -> bool:
        """ "the Zimbabwean Tendai Chigumbura-Moyo": "the" and a nationality right before the name."""
        doc = self.doc
        return start >= 2 and doc[start - 2].lower_ == "the" and self.tables.is_demonym(doc[start - 1].text) \
            and doc[start].lower_ not in self.rules.common and start + 1 < len(doc) and doc[start + 1].text != "-"
        # (a first name, then the surname: not "the Irish Second-Level Students' Union", "the American
        # Harley-Davidson")

    def _given_and_surnames(self, e: Span) -> bool:
        """An "organisation" of two or three capitalised words that opens with a known first name (or of
        four that opens with two: "Marta Lucía Orellana Pivaral") and goes on with words that are neither
        ordinary words nor words of other kinds of names: a person."""
        if e.label_ != "ORG" or not 2 <= len(e) <= 4 or not self.tables.is_given_name(e[0].text):
            return False
        if len(e) == 4 and not self.tables.is_given_name(e[1].text):
            return False
        if any(t.text == "-" for t in e):
            return False  # "Harley-Davidson": a brand named after its founders
        rest = [t for t in e[1:] if t.text != "-"]
        return all(
            t.is_title and not t.is_sent_start and t.lower_ not in self.rules.common
            and t.lower_ not in self.rules.kind_words
            and self.tables.lookup(t.text) is None and not self.tables.is_city(t.text)
            for t in rest
        ) and not any(self.tables.is_legal_form(t.text) for t in e)

    def _who_after(self, end: int) -> bool:
        """ ", who owns", ", who was deputy chairman": a relative clause that only a person takes."""
        doc = self.doc
        return end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "who" \
            and doc[end + 2].pos_ in ("VERB", "AUX")

    def _country_owned(self, start: int) -> bool:
        """ "Italy's Matteo Ferrandini", "Thailand's Kittipong ...": a country's possessive before the name."""
        doc, i = self.doc, start - 1
        if i < 1 or doc[i].text not in _POSSESSIVE or self.ent_at[i - 1] < 0:
            return False
        hit = self.tables.lookup(self.ents[self.ent_at[i - 1]].text)
        return hit is not None and hit.type == "GPE" and hit.source in ("country", "aliases")

    def _aged(self, end: int) -> bool:
        """ "Órdenes, 47, joined": an age between commas after the name."""
        doc = self.doc
        return (
            end + 2 < len(doc)
            and doc[end].text in _COMMA
            and bool(_AGE.match(doc[end + 1].text))
            and doc[end + 2].text in _COMMA
        )

    def _after_capital_title(self, start: int) -> bool:
        """ "Prime Minister Tshering Dorji", "Senior Chief Mwendalubi Kasonde": a capitalised title
        (no part of a name) right before the words at ``start``."""
        if start < 1:
            return False
        word = self.doc[start - 1]
        return word.is_title and word.is_alpha and word.ent_type_ == "" and self.tables.is_title(word.text)

    def _titled(self, start: int) -> bool:
        """ "coach X", "The referee, Wales's X": a title or a person noun right before the name, a
        possessive owner in between allowed."""
        doc = self.doc
        i = start - 1
        if i >= 1 and doc[i].text in _POSSESSIVE and self.ent_at[i - 1] >= 0:
            i = self.ents[self.ent_at[i - 1]].start - 1  # "Wales's"
        if i >= 0 and doc[i].text == ",":
            i -= 1  # "The referee, X"
        if i < 0:
            return False
        word = doc[i]
        noun = word.lower_ in self.rules.person_nouns or word.lemma_.lower() in self.rules.person_nouns  # "deputies"
        return word.is_alpha and (noun or self.tables.is_title(word.text)) and (
            word.ent_type_ == "" and word.pos_ in ("NOUN", "PROPN")
        )

    def _role_after(self, end: int) -> bool:
        """ "X, executive director of", "X, the company's chief executive,": a role in apposition."""
        doc = self.doc
        if end >= len(doc) or doc[end].text != ",":
            return False
        i = end + 1
        stop = min(end + 8, len(doc))
        while i < stop and (
            doc[i].lower_ in _ARTICLES
            or doc[i].text in _POSSESSIVE
            or doc[i].is_lower
            or (self.ent_at[i] >= 0 and doc[i].pos_ == "PROPN" and i - end < 4)
        ):
            word = doc[i]
            if word.is_alpha and (word.lower_ in self.rules.person_nouns or self.tables.is_title(word.text)):
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                if nxt is None or nxt.lower_ in ("of", "for", "at", ",", ".") or nxt.is_punct:
                    return word.pos_ == "NOUN"
            i += 1
        return False

    def _given_before(self, person: Span) -> None:
        """ "Its director, Anneloes Kuipers-Smit,": a capitalised word NER left out before a person's
        name in a person's context is a first name, known to the list or not; "Ó" + "Briain": an Irish
        surname's particle is part of it."""
        doc, j = self.doc, person.start - 1
        if j >= 0 and self.ent_at[j] < 0 and doc[j].text in _GAELIC_PARTICLES and doc[j].whitespace_:
            self._claim(j, person.end, True)  # "Ó Briain warned"
            return
        if j < 0 or self.ent_at[j] >= 0 or not _capitalised(doc[j]) or doc[j].pos_ != "PROPN":
            return
        if self.tables.is_title(doc[j].text) or not self.rules.surname_word(doc[j]):
            return
        opening = doc[j].is_sent_start and doc[j].lower_ not in self.rules.common
        apposed = j >= 1 and doc[j - 1].text == "," and person.end < len(doc) and doc[person.end].text == "," \
            and doc[j].lower_ not in self.rules.common  # "The governor of Arauca, Renso" + "Tafur Guevara,"
        if (opening and self._role_after(person.end)) or (j >= 1 and not doc[j].is_sent_start and self._titled(j)) \
                or apposed or self._who_given(j, person):
            self._claim(j, person.end, True)  # "Mulugeta" + "Assefa Yimer, the regional president,"

    def _gaelic(self) -> None:
        """ "Ruaraidh Mac an tSaoir", "Pádraig Ó hUiginn" that NER cut at the particle: the given names
        before it, the particle, an optional article and the surname (with its initial mutation) are
        one person."""
        doc = self.doc
        particles = numpy.flatnonzero(among(doc.to_array(ORTH), self.rules.gaelic_ids)).tolist()
        for i in particles:  # an array scan: no Token objects for the other words
            if i + 1 >= len(doc):
                continue
            tok = doc[i]
            if not tok.whitespace_:
                continue
            k = i + 1
            if doc[k].lower_ in ("an", "na", "a'") and k + 1 < len(doc):
                k += 1
            if not (IRISH_MUTATED.match(doc[k].text) or (_capitalised(doc[k]) and self.rules.surname_word(doc[k]))):
                continue
            start = i
            while start > 0 and i - start < _MAX_GIVEN and _capitalised(doc[start - 1]) \
                    and self.rules.surname_word(doc[start - 1]) and doc[start - 1].whitespace_:
                start -= 1
            inside = {self.ent_at[j] for j in range(start, k + 1)} - {-1}
            if start < i and not inside & self.dropped:
                self._claim(start, k + 1, True)

    def _who_given(self, j: int, person: Span) -> bool:
        """ "replacing Rumen" + "Yordanov, who had led the party": a name word before a person with a
        relative clause after it."""
        doc = self.doc
        return self._who_after(person.end) and not doc[j].is_sent_start and doc[j].lower_ not in self.rules.common \
            and self.tables.lookup(doc[j].text) is None and not self.tables.is_place(doc[j].text)

    def _in_context(self) -> None:
        """Names without a known first name in a person's context: a name with a hyphenated surname
        that NER missed or took for an organisation or a work ("Owain Pritchard-Lloyd"), or any name of
        one word or more with an age after it ("Órdenes, 47,")."""
        doc = self.doc
        for n, e in enumerate(self.ents):
            if e.label_ == "PERSON" and n not in self.dropped:
                self._given_before(e)
            if n in self.dropped or e.label_ == "PERSON" or e.label_ not in (_WEAK_LABELS | _STRONG_LABELS):
                continue
            if self.tables.lookup(e.text) is not None or self.tables.is_city(e.text):
                continue
            if self._given_and_surnames(e):
                self._claim(e.start, e.end, True)  # "Radek Vondrouš", "Thabo Ramakatsa" taken for organisations
                continue
            end, hyphened = self._surname_end(e.start, first=True)
            if end < e.end:
                continue  # not the shape of a person's name (a longer run may join NER's pieces:
                # "Ashish" + "Malhotra-Singh", a nationality and a work)
            words = len([t for t in self.doc[e.start : end] if t.is_alpha and _capitalised(t)])
            aged = end == e.end and self._aged(end)
            plural = e[-1].tag_ == "NNPS" or (e.start > 0 and self.doc[e.start - 1].lower_ == "the")
            who = end == e.end and 2 <= words <= 3 and not plural and self._who_after(end) and not any(
                t.lower_ in self.rules.kind_words or self.tables.is_city(t.text) or self.tables.lookup(t.text)
                for t in e
            )  # "Cholpon Sydykova, who owns", not "Manchester United, who beat"
            if aged or who or (hyphened and 2 <= words <= 4 and self._person_context(e.start, end)):
                self._claim(e.start, end, True)
        i = 0
        for c in _capitalised_untagged(doc, self.ent_at):  # names NER missed (a Token only for those words)
            if c < i:
                continue
            i = c
            if not _capitalised(doc[i]) or not self.rules.surname_word(doc[i]):
                continue
            end, hyphened = self._surname_end(i, first=True)
            if any(self.ent_at[k] >= 0 for k in range(i, end)):
                i = end
                continue
            words = len([t for t in doc[i:end] if t.is_alpha and _capitalised(t)])
            roled = 2 <= words <= 4 and self._role_after(end) and doc[i].lower_ not in self.rules.common
            owned = 2 <= words <= 3 and self._countrys(i, end)
            titled = 2 <= words <= 3 and self._after_capital_title(i) \
                and not any(t.lower_ in self.rules.common for t in doc[i:end])  # "Prime Minister Tshering Dorji"
            if self._aged(end) or roled or owned or titled \
                    or (hyphened and 2 <= words <= 4 and self._person_context(i, end)):
                self.new.append(Span(doc, i, end, label="PERSON"))  # "Farzana Haque Mitu, the BGMEA's president,"
            i = max(end, i + 1)

    def _countrys(self, start: int, end: int) -> bool:
        """ "holding off Ukraine's Taras Melnychuk": capitalised words NER missed after a country's
        possessive, that open with a first name or whose last word the text writes alone elsewhere."""
        doc = self.doc
        if start < 2 or doc[start - 1].text not in _POSSESSIVE:
            return False
        if not self.tables.is_town_or_country(doc[start - 2].text):  # "Ukraine's", "Swansea's"
            return False
        if any(t.lower_ in self.rules.common for t in doc[start:end]):
            return False
        return opens_like_a_person(doc, start, end, self.tables)

    # ------------------------------------------------------------------ companies
    def _split_companies(self) -> None:
        """ "Lockheed" + "Martin": an organisation's name followed, with nothing between, by a lone
        word NER took for a person, that is no word of a person's full name in the text."""
        doc = self.doc
        people_words = {t.text for e in self.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        for n, e in enumerate(self.ents[:-1]):
            nxt = self.ents[n + 1]
            if e.label_ != "ORG" or nxt.label_ != "PERSON" or len(nxt) != 1 or nxt.start != e.end:
                continue
            if n in self.dropped or n + 1 in self.dropped or doc[e.end - 1].whitespace_ != " ":
                continue
            if nxt.text in people_words or e[-1].lower_ in self.rules.kind_words:
                continue
            after = doc[nxt.end] if nxt.end < len(doc) else None
            if after is not None and _capitalised(after):
                continue
            self.dropped.update({n, n + 1})
            self.new.append(Span(doc, e.start, nxt.end, label="ORG"))


@Language.factory("kg_people", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None})
def make_person_names(nlp: Language, name: str, alias_file: str | None) -> PersonNames:
    return PersonNames(nlp, name, alias_file)
