"""``kg_aliases``: names from the alias tables (ours, the user's, the countries) that NER did not
tag, such as a country written in an unusual form, and demonyms (``demonyms.json``) NER missed or
took for a language or a person ("six Filipino seafarers", "Turkmen officials", "Kazakh Deputy
Foreign Minister X"): nationalities. Exact, case-sensitive matches only; a name of two words or
more replaces the pieces NER made of it ("Islamic" + "State"); a span that NER already tagged is
otherwise left as it is."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from loaders.aliases import load_tables
from loaders.components import ents_of, set_ents

#: Labels NER gives a demonym by mistake, that a demonym replaces.
_NOT_NATIONALITY = frozenset({"LANGUAGE", "PERSON"})


class AliasTagger:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        tables = load_tables(alias_file)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[str]] = {}
        for surface, canonical in tables.surfaces.items():
            if len(surface) >= 2 and any(c.isupper() for c in surface):
                by_label.setdefault(canonical.type, []).append(surface)
        by_label.setdefault("NORP", []).extend(sorted(d for d in tables.demonym_forms if d[:1].isupper()))
        for label, surfaces in by_label.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(surfaces)))
        self.norp = nlp.vocab.strings.add("NORP")

    def __call__(self, doc: Doc) -> Doc:
        taken: dict[int, Span] = {i: e for e in ents_of(doc) for i in range(e.start, e.end)}
        new, replaced = [], set()
        for label, s, e in self.matcher(doc):
            inside = {taken[i] for i in range(s, e) if i in taken}
            if not inside:
                new.append(Span(doc, s, e, label=label))
            elif e - s >= 2 and all(s <= x.start and x.end <= e for x in inside) and not any(
                (x.start, x.end) == (s, e) for x in inside
            ):  # "Islamic" + "State", "Sans Frontières": NER's pieces of a name the tables know
                replaced.update((x.start, x.end) for x in inside)
                new.append(Span(doc, s, e, label=label))
            elif label == self.norp and len(inside) == 1:
                ent = inside.pop()  # "Kazakh" as a person, "Filipino" as a language
                if (ent.start, ent.end) == (s, e) and ent.label_ in _NOT_NATIONALITY and _people_of(doc, ent):
                    replaced.add((s, e))
                    new.append(Span(doc, s, e, label=label))
        if new:
            kept = [e for e in ents_of(doc) if (e.start, e.end) not in replaced]
            set_ents(doc, filter_spans([*filter_spans(new), *kept]))
        return doc


def _people_of(doc: Doc, ent: Span) -> bool:
    """A demonym NER took for a language names a nationality only before a noun ("Filipino
    seafarers", not "spoke English" or "English subtitles")."""
    if ent.label_ != "LANGUAGE":
        return True
    nxt = doc[ent.end] if ent.end < len(doc) else None
    return nxt is not None and nxt.pos_ == "NOUN" and nxt.lower_ not in _LANGUAGE_NOUNS


_LANGUAGE_NOUNS = frozenset({"language", "languages", "speaker", "speakers", "subtitles", "translation", "version",
                             "text", "edition", "word", "words", "media", "service", "teacher", "lessons"})


@Language.factory("kg_aliases", assigns=["doc.ents"], requires=["doc.ents"], default_config={"alias_file": None})
def make_alias_tagger(nlp: Language, name: str, alias_file: str | None) -> AliasTagger:
    return AliasTagger(nlp, name, alias_file)
