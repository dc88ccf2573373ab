"""``kg_aliases``: names from the alias tables (ours, the user's, the countries) that NER did not
tag, such as a country written in an unusual form. Exact, case-sensitive matches only; a span that
NER already tagged is left as it is."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from loaders.aliases import load_tables


class AliasTagger:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        tables = load_tables(alias_file)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[str]] = {}
        for surface, canonical in tables.surfaces.items():
            if len(surface) >= 2 and any(c.isupper() for c in surface):
                by_label.setdefault(canonical.type, []).append(surface)
        for label, surfaces in by_label.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(surfaces)))

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        new = [
            Span(doc, s, e, label=label)
            for label, s, e in self.matcher(doc)
            if not any(i in taken for i in range(s, e))
        ]
        if new:
            doc.ents = filter_spans([*doc.ents, *filter_spans(new)])
        return doc


@Language.factory("kg_aliases", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None})
def make_alias_tagger(nlp: Language, name: str, alias_file: str | None) -> AliasTagger:
    return AliasTagger(nlp, name, alias_file)
