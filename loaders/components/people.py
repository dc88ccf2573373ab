"""``kg_people``: names of people that NER cut short or in two.

* two person spans side by side, meeting at a particle, are one name ("Ahmed bin Salem" + "Al
  Nuaimi");
* capitalised words NER left out between a title and a person's name are the person's given names
  ("Cocobod spokesperson Ama Serwaa" + "Boateng", "Prosecutor-General Aurelio" + "Campos de Lima",
  which NER took for an organisation).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import load_tables, read_json

_MAX_GIVEN = 3  # given names added before a surname
_EXTENDABLE = frozenset({"PERSON", "ORG"})
#: Small words that join the parts of a name; two person pieces meeting at one are one name (and two
#: names side by side without one, "Trump Putin summit", stay two).
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "ben", "bint", "van", "von", "de", "da", "di", "du", "le",
                        "la", "der", "den", "ter", "dos", "das"})


class PersonNames:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        self.tables = load_tables(alias_file)
        self.org_designators = frozenset(read_json("resolution.json")["org_designators"])

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        out: list[Span] = []
        changed = False
        for e in ents:
            prev = out[-1] if out else None
            joined = prev is not None and prev.label_ == e.label_ == "PERSON" and prev.end == e.start
            if joined and (e[0].lower_ in _PARTICLES or prev[-1].lower_ in _PARTICLES):
                out[-1] = Span(doc, prev.start, e.end, label="PERSON")  # "Ahmed bin Salem" + "Al Nuaimi"
                changed = True
                continue
            start = self._given_names(doc, e, prev.end if prev is not None else 0)
            if start < e.start:
                out.append(Span(doc, start, e.end, label="PERSON"))
                changed = True
                continue
            out.append(e)
        if changed:
            doc.ents = filter_spans(out)
        return doc

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
        return i if self.tables.is_title(title.text) and title.ent_type_ == "" else ent.start

    def _given(self, tok: Token) -> bool:
        return (
            tok.ent_type_ == ""
            and tok.is_alpha
            and tok.is_title
            and not tok.is_sent_start
            and not self.tables.is_title(tok.text)
            and self.tables.lookup(tok.text) is None
        )


@Language.factory("kg_people", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None})
def make_person_names(nlp: Language, name: str, alias_file: str | None) -> PersonNames:
    return PersonNames(nlp, name, alias_file)
