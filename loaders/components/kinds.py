"""``kg_kinds``: what kind of thing a name is, from the noun written next to it (``kinds.json``).

NER often takes a little-known company for a person or a club for a place, and misses names it has
never seen. The noun beside a name settles it:

* a name right after an organisation noun is an organisation ("Danish developer Nordhav Energi",
  "the sports channel SporTV", "the left-wing coalition Juntos por Extremadura"), after a person
  noun a person ("Swiss midfielder Jonas Frei"); a name NER missed there is tagged;
* a name that owns a title held by a person is not a person ("Nordhav chief executive Mette
  Kjaergaard": Nordhav is an organisation);
* a name followed by an apposition of a kind noun is of that kind ("Borussia Dortmund, the only club
  listed in Frankfurt", "Cascade Cloud, a Seattle data-centre operator");
* a name after "town of", "mayor of" ... is a place ("the nearby town of Dexter"), and so is a name
  that modifies "province", "district" ... ("Badajoz and Caceres provinces").

A name the tables know (a country, a city, an alias) keeps the kind they give it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.aliases import load_tables, read_json
from loaders.components import POSSESSIVE_MARKS

_RELABEL_TO_ORG = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})
_RELABEL_TO_PERSON = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})
_RELABEL_TO_PLACE = frozenset({"PERSON", "ORG", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})
_MAX_TITLE_WORDS = 4
_ARTICLES = frozenset({"the", "a", "an"})


class KindTagger:
    def __init__(self, nlp: Language, name: str, alias_file: str | None) -> None:
        self.name = name
        data = read_json("kinds.json")
        self.kind_of_noun = {w: "ORG" for w in data["org_nouns"]} | {w: "PERSON" for w in data["person_nouns"]}
        self.place_of = frozenset(data["place_of_nouns"])
        self.place_heads = frozenset(data["place_heads"])
        self.links = frozenset(data["name_links"])
        self.max_tokens = int(data["max_name_tokens"])
        self.tables = load_tables(alias_file)
        self.collective_id = read_json("entity_filter.json")["collective_id"]
        self.honorifics = frozenset(read_json("predicates.json")["honorifics"])

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        ent_at = [-1] * len(doc)
        for n, e in enumerate(ents):
            for i in range(e.start, e.end):
                ent_at[i] = n
        labels: dict[int, str] = {}  # entity index -> new label
        new: list[Span] = []
        dropped: set[int] = set()
        for tok in doc:
            if not tok.is_lower or not tok.is_alpha:
                continue
            kind = self.kind_of_noun.get(tok.lower_)
            if kind is not None and tok.pos_ == "NOUN" and tok.i + 1 < len(doc):
                self._after_noun(doc, tok, kind, ents, ent_at, labels, new, dropped)
            if tok.lower_ in self.place_of and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of":
                self._named(doc, tok.i + 2, "GPE", _RELABEL_TO_PLACE, ents, ent_at, labels, new)
            if tok.lower_ in self.place_heads and tok.pos_ == "NOUN":
                for c in tok.children:
                    if c.dep_ in ("compound", "nmod") and c.i < tok.i:
                        for t in (c, *c.conjuncts):
                            self._named(doc, t.i, "GPE", _RELABEL_TO_PLACE, ents, ent_at, labels, new, one=True)
        self._owners(doc, ents, labels)
        self._appositions(doc, ents, labels)
        if not (labels or new or dropped):
            return doc
        spans = [
            Span(doc, e.start, e.end, label=labels.get(n, e.label_), kb_id=e.kb_id, span_id=e.id)
            for n, e in enumerate(ents)
            if n not in dropped and not any(s.start < e.end and e.start < s.end for s in new)
        ]
        doc.ents = filter_spans([*new, *spans])
        return doc

    # ------------------------------------------------------------------ rules
    def _after_noun(self, doc, tok, kind, ents, ent_at, labels, new, dropped) -> None:
        """ "developer Nordhav Energi": the name after the noun is of the noun's kind."""
        own = ent_at[tok.i]
        if own >= 0 and ents[own].ent_id_ != self.collective_id:
            return  # the noun is inside a name ("Green Party")
        relabel = _RELABEL_TO_ORG if kind == "ORG" else _RELABEL_TO_PERSON
        if self._named(doc, tok.i + 1, kind, relabel, ents, ent_at, labels, new) and own >= 0:
            dropped.add(own)  # "the coalition" + "Juntos por Extremadura": the name is the coalition

    def _named(self, doc, start, kind, relabel, ents, ent_at, labels, new, one=False) -> bool:
        """Give the name that starts at ``start`` the kind ``kind``: relabel the entity there, or tag
        the capitalised run NER missed. Whether a name was found there."""
        end = self._name_end(doc, start, one)
        if end <= start:
            return False
        run = doc[start:end]
        inside = sorted({ent_at[i] for i in range(start, end) if ent_at[i] >= 0})
        if any(ents[n].start < start or ents[n].end > end for n in inside):
            return False  # the run cuts an entity
        if len(inside) == 1 and ents[inside[0]].start == start and ents[inside[0]].end == end:
            e = ents[inside[0]]
            if e.label_ in relabel and not self._known(e.text, kind):
                labels[inside[0]] = kind
            return True
        if any(ents[n].label_ == "PERSON" for n in inside) and kind != "PERSON":
            return False
        lone_capitals = len(run) == 1 and run[0].is_upper
        if self._known(run.text, kind) or (not inside and (run[0].is_sent_start or lone_capitals)):
            return False
        if inside and not any(t.lower_ in self.links for t in run):
            return False  # two names side by side are not one
        new.append(Span(doc, start, end, label=kind))
        return True

    def _name_end(self, doc: Doc, start: int, one: bool) -> int:
        """The end of a run of capitalised words starting at ``start`` (links allowed inside)."""
        if one:
            return start + 1 if _capitalised(doc[start]) else start
        last, i = -1, start
        while i < len(doc) and i - start < self.max_tokens:
            tok = doc[i]
            if _capitalised(tok):
                last = i
            elif last < 0 or not (tok.lower_ in self.links or (tok.text == "-" and not doc[i - 1].whitespace_)):
                break
            i += 1
        return last + 1 if last >= 0 else start

    def _owners(self, doc: Doc, ents: list[Span], labels: dict[int, str]) -> None:
        """ "Nordhav chief executive Mette Kjaergaard": a "person" that owns a title is an organisation."""
        for n, e in enumerate(ents[:-1]):
            if labels.get(n, e.label_) != "PERSON" or self._known(e.text):
                continue
            nxt = ents[n + 1]
            between = doc[e.end : nxt.start]
            if nxt.label_ != "PERSON" or not 1 <= len(between) <= _MAX_TITLE_WORDS:
                continue
            role = all(
                self.tables.is_title(t.text) or (t.is_lower and t.is_alpha and t.pos_ in ("NOUN", "ADJ"))
                for t in between
            )
            last = between[-1].lower_.rstrip(".")
            if role and self.tables.is_title(last) and last not in self.honorifics:
                labels[n] = "ORG"

    def _appositions(self, doc: Doc, ents: list[Span], labels: dict[int, str]) -> None:
        """ "Borussia Dortmund, the only club listed ...", "Cascade Cloud, a Seattle data-centre
        operator": a name followed by ", the/a ... <kind noun>" is of the noun's kind."""
        for n, e in enumerate(ents):
            if e.end + 2 >= len(doc) or doc[e.end].text != "," or doc[e.end + 1].lower_ not in _ARTICLES:
                continue
            i = e.end + 2
            while i < min(e.end + 7, len(doc)) and (doc[i].is_lower or doc[i].ent_type_ in ("GPE", "NORP")):
                kind = self.kind_of_noun.get(doc[i].lower_)
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                head = nxt is None or not (nxt.pos_ in ("NOUN", "PROPN", "PART") or nxt.lower_ in POSSESSIVE_MARKS)
                if kind is not None and doc[i].pos_ == "NOUN" and head:  # not "the party's leader"
                    relabel = _RELABEL_TO_ORG if kind == "ORG" else _RELABEL_TO_PERSON
                    if labels.get(n, e.label_) in relabel and not self._known(e.text, kind):
                        labels[n] = kind
                    break
                i += 1

    def _known(self, text: str, kind: str | None = None) -> bool:
        """Whether the tables give ``text`` a kind other than ``kind`` (a country, a city, an alias)."""
        hit = self.tables.lookup(text)
        if hit is not None:
            return hit.type != kind
        return self.tables.is_city(text) and kind != "GPE"


def _capitalised(tok: Token) -> bool:
    text = tok.text
    return tok.is_alpha and text[:1].isupper() and len(text) != 1


@Language.factory(
    "kg_kinds", assigns=["doc.ents"], requires=["doc.ents", "token.pos"], default_config={"alias_file": None}
)
def make_kind_tagger(nlp: Language, name: str, alias_file: str | None) -> KindTagger:
    return KindTagger(nlp, name, alias_file)
