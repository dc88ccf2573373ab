"""``kg_actors``: collective actors NER misses ("the coalition", "the Iraqi parliament", "the ruling
party", "Kenyan police"), from the token patterns of ``actors.jsonl`` (entity-ruler rows: ``label``,
``id``, ``pattern``). A match replaces whatever entities it overlaps, as an entity ruler that
overwrites would.

The matcher only runs over the sentences that hold a word a pattern must end with (its last token
that is not optional: "coalition", "party", "ministry", ...), found with one array lookup per doc: most
sentences hold none, and matching every token of every doc cost as much as the rest of our components.
A match after "a" or "an" ("a formal coalition", "an environmental coalition") is a kind of group,
not an actor.
"""

from __future__ import annotations

import json

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from loaders.aliases import data_path
from loaders.components import among, ents_of, glued_hyphen, set_ents

_OPTIONAL = frozenset({"?", "*"})


def _words(spec: dict) -> list[str]:
    """The words a token pattern accepts through ORTH or LOWER (a value or an IN list), lower-cased."""
    out: list[str] = []
    for key in ("ORTH", "LOWER", "TEXT"):
        value = spec.get(key)
        if isinstance(value, str):
            out.append(value.lower())
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            out += [str(v).lower() for v in value["IN"]]
    return out


class ActorTagger:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab, validate=True)
        strings = nlp.vocab.strings
        triggers: set[int] = set()
        lines = data_path("actors.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
        self.labels: dict[int, tuple[str, str]] = {}
        for n, row in enumerate(rows):
            key = strings.add(f"kg_actor_{n}")
            self.labels[key] = (row["label"], row.get("id", ""))
            self.matcher.add(key, [row["pattern"]])
            required = [spec for spec in row["pattern"] if spec.get("OP") not in _OPTIONAL]
            words = _words(required[-1]) if required else []
            if not words:
                raise ValueError(f"actors.jsonl row {n + 1}: its last required token names no word")
            triggers |= {strings.add(w) for w in words}
        self.triggers = numpy.array(sorted(triggers), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        hits = numpy.nonzero(among(doc.to_array(LOWER), self.triggers))[0]
        if not len(hits):
            return doc
        sentences = {doc[int(i)].sent.start: doc[int(i)].sent for i in hits}
        found = []
        for sent in sentences.values():
            for key, start, end in self.matcher(sent):
                label, ent_id = self.labels[key]
                span = Span(doc, sent.start + start, sent.start + end, label=label, span_id=ent_id)
                if not _indefinite(span) and not _modifier(span):
                    found.append(span)
        if not found:
            return doc
        found = filter_spans(found)
        taken = {i for s in found for i in range(s.start, s.end)}
        kept = [e for e in ents_of(doc) if not any(i in taken for i in range(e.start, e.end))]
        set_ents(doc, sorted([*found, *kept], key=lambda s: s.start))
        return doc


#: Determiners that make a collective noun no actor: "an environmental coalition", "a formal coalition".
_INDEFINITE = frozenset({"a", "an", "another", "any", "no", "every", "each", "some"})


def _indefinite(span: Span) -> bool:
    """ "an environmental coalition that had campaigned", "ruled out a formal coalition": a kind of
    group, not a group the text names."""
    head = span.root
    return any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in head.children) or (
        span.start > 0 and span.doc[span.start - 1].lower_ in _INDEFINITE
    )


#: Entity labels of a word that may stand before a collective noun it qualifies ("the US coalition",
#: "the Iraqi junta"); any other proper noun there is the group's own name ("the Grand Ravine coalition").
_QUALIFYING_LABELS = frozenset({"GPE", "NORP"})


def _modifier(span: Span) -> bool:
    """ "the coalition-aligned group": the collective noun is part of a word that qualifies another
    noun; "the Grand Ravine coalition": a lone collective noun after a proper noun is the end of the
    group's own name, which names the actor."""
    doc = span.doc
    if span.end < len(doc) - 1 and glued_hyphen(doc, span.end):
        return True
    if len(span) != 1 or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.pos_ == "PROPN" and before.text[:1].isupper() and before.ent_type_ not in _QUALIFYING_LABELS


@Language.factory("kg_actors", assigns=["doc.ents"], requires=["doc.ents"])
def make_actor_tagger(nlp: Language, name: str) -> ActorTagger:
    return ActorTagger(nlp, name)
