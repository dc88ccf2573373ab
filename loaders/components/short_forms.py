"""``kg_short_forms``: later short mentions of names the text gave in full, which NER often misses.

A capitalised word outside every entity is tagged when it is

* the surname (last word) of a person named in full in the same text ("Harlow" after
  "Daniel Harlow") -> PERSON;
* the distinctive first word of an organisation named in full ("Nordwind" after "Nordwind
  Logistik AG") -> ORG; words that name a kind of organisation ("University", "Bank": the
  ``org_designators`` of ``resolution.json``), titles, demonyms and countries are never taken.

Which entity a short mention belongs to is decided later, in :mod:`loaders.resolve`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from loaders.aliases import load_tables, name_key, read_json


class ShortFormTagger:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        self.tables = load_tables(alias_file)
        self.designators = frozenset(read_json("resolution.json")["org_designators"])

    def _distinctive(self, word: str) -> bool:
        return (
            len(word) >= 3
            and word[:1].isupper()
            and word.casefold() not in self.designators
            and not self.tables.is_title(word)
            and self.tables.lookup(word) is None
        )

    def __call__(self, doc: Doc) -> Doc:
        short: dict[str, str] = {}
        for ent in doc.ents:
            words = [t for t in ent if not t.is_punct]
            if len(words) < 2:
                continue
            if ent.label_ == "PERSON":
                short.setdefault(words[-1].text, "PERSON")
            elif ent.label_ == "ORG" and self._distinctive(words[0].text):
                short.setdefault(words[0].text, "ORG")
        if not short:
            return doc
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        new = [
            Span(doc, tok.i, tok.i + 1, label=short[tok.text])
            for tok in doc
            if tok.text in short and tok.i not in taken and tok.pos_ == "PROPN" and name_key(tok.text)
        ]
        if new:
            doc.ents = filter_spans([*doc.ents, *new])
        return doc


@Language.factory(
    "kg_short_forms", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None}
)
def make_short_form_tagger(nlp: Language, name: str, alias_file: str | None) -> ShortFormTagger:
    return ShortFormTagger(nlp, name, alias_file)
