"""Our spaCy components. :func:`register` makes their factories known to spaCy and declares the
``Doc`` extensions they assign; :func:`add_components` puts them into a loaded pipeline.

Order: ``kg_paragraphs`` before the parser; after the NER: ``kg_actors`` (the collective-actor patterns
of ``actors.jsonl``, matched in the sentences that may hold one), ``kg_aliases`` (names from the alias tables that
NER missed), ``kg_names`` (trims and filters spans), ``kg_datelines`` (the place of an upper-case
dateline), ``kg_people`` (names of people NER cut short or in two), ``kg_kinds`` (the kind of a
name from the words beside it), ``kg_products`` (model names and codes), ``kg_official_names``
(long official names NER cut into pieces), ``kg_acronyms``, ``kg_short_forms`` (bare surnames and
short company names), ``kg_relations``, ``kg_release`` (drops the tensor nothing reads any more).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.model import EntityType

if TYPE_CHECKING:
    from loaders.aliases import NameTables

#: NER labels kg keeps as entities (``kg.model.EntityType``); DATE and the rest only feed the timeline.
ENTITY_LABELS = frozenset(t.value for t in EntityType)
#: Tokens that mark a possessive: "Acme's", "the Corps' unit".
POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "'", "\u2019"})
#: The knowledge-base id ``kg_kinds`` gives a name that the words around it make an organisation (a team
#: named like a place, "Leeds beat Newcastle 3-2"; "rivals such as Frisco, which is owned by Eurocash"),
#: so that the resolver does not make a city of it.
ORG_KB_ID = "kg_context_org"



def entity_at(ents: Sequence[Span], size: int) -> list[int]:
    """For each of a doc's ``size`` tokens, the index in ``ents`` of the entity it is part of, or -1."""
    index = [-1] * size
    for n, e in enumerate(ents):
        index[e.start : e.end] = [n] * (e.end - e.start)
    return index


def glued_hyphen(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen inside a word, written without spaces ("vice-president",
    "Larrieu-Bordes", "Co-operation")."""
    return doc[i].text == "-" and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_ and not doc[i].whitespace_


COMPONENTS = (
    "kg_paragraphs",
    "kg_actors",
    "kg_aliases",
    "kg_names",
    "kg_datelines",
    "kg_people",
    "kg_kinds",
    "kg_products",
    "kg_official_names",
    "kg_acronyms",
    "kg_short_forms",
    "kg_relations",
    "kg_release",
)


def register() -> tuple[str, ...]:
    """Import the component modules (their decorators register the factories) and declare the
    ``Doc`` extensions. Safe to call more than once."""
    from loaders.components import (  # noqa: F401
        acronyms,
        actors,
        aliases,
        datelines,
        kinds,
        names,
        official_names,
        paragraphs,
        people,
        products,
        relations,
        short_forms,
    )

    for ext in ("kg_acronyms", "kg_relations"):
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)
    return COMPONENTS


def add_components(nlp: Language, alias_file: str | None) -> Language:
    """Add our components to a pipeline that has a parser and an entity recogniser."""
    from loaders.aliases import read_json

    register()
    for form in read_json("resolution.json")["legal_forms"]:
        if "/" in form:  # "Nordhav Marine A/S": one token, as "AG" or "Ltd." are
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    config = {"alias_file": alias_file}
    first = "parser" if "parser" in nlp.pipe_names else nlp.pipe_names[0]
    nlp.add_pipe("kg_paragraphs", before=first)
    nlp.add_pipe("kg_actors", after="ner")
    nlp.add_pipe("kg_aliases", after="kg_actors", config=config)
    nlp.add_pipe("kg_names", after="kg_aliases", config=config)
    nlp.add_pipe("kg_datelines", after="kg_names", config=config)
    nlp.add_pipe("kg_people", after="kg_datelines", config=config)
    nlp.add_pipe("kg_kinds", after="kg_people", config=config)
    nlp.add_pipe("kg_products", after="kg_kinds")
    nlp.add_pipe("kg_official_names", after="kg_products", config=config)
    nlp.add_pipe("kg_acronyms", after="kg_official_names", config=config)
    nlp.add_pipe("kg_short_forms", after="kg_acronyms", config=config)
    nlp.add_pipe("kg_relations", after="kg_short_forms", config=config)
    nlp.add_pipe("kg_release", last=True)
    return nlp


#: ``doc.user_data`` key that marks an article's headline: extraction reads only its names, so the
#: components that find nothing else (``kg_relations``) pass it by.
HEADLINE_KEY = "kg_headline"
_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")
_ENTS = "kg_ents"  # doc.user_data key of the cached entity spans


def ents_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, read once for as long as the doc's entities stay the same: the getter builds a
    Span per entity in a Python loop over every token, and a dozen components read it in turn. Our
    components change entities only through :func:`set_ents`, which keeps this cache (a test holds
    them to it); ``kg_release`` drops it."""
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        cached = doc.user_data[_ENTS] = tuple(doc.ents)
    return cached


#: An Irish surname after its particle, with its initial mutation: "hUiginn", "tSaoir", "bhFlannagáin".
IRISH_MUTATED = re.compile(r"^(?:h|n|t|bh|mb|gc|nd|ng|bp|dt)[A-ZÁÉÍÓÚ][a-záéíóú]+$")


def holds_office(words: Sequence[Token], offices: frozenset[str]) -> bool:
    """Whether ``words`` name an office someone holds, not an actor: one of ``offices``, "of" and more
    words ("Minister of Health", "Commissioner of Police")."""
    return len(words) >= 3 and words[1].lower_ == "of" and words[0].lower_ in offices


def told(tok: Token) -> bool:
    """Whether ``tok`` is whom someone tells ("told Reuters", "told N1 television"), also named in
    apposition to the noun that is ("told the state news agency Montsame")."""
    for _ in range(3):
        if tok.dep_ in ("dobj", "dative") and tok.head.lemma_ == "tell":
            return True
        if tok.dep_ not in ("appos", "compound") or tok.head is tok:
            return False
        tok = tok.head
    return False


def among(values: numpy.ndarray, wanted: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, wanted)`` for a sorted ``wanted`` of string ids, by binary
    search: several times faster on a doc's column than ``isin``, which sorts both arrays each call."""
    if not len(wanted):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(wanted, values)
    at[at == len(wanted)] = 0
    return wanted[at] == values


def _identity(span: Span) -> tuple[int, int, int, int, int]:
    return span.start, span.end, span.label, span.kb_id, span.id


def set_ents(doc: Doc, spans: Sequence[Span]) -> None:
    """``doc.ents = spans`` (non-overlapping), done only when it changes something, and remembered by
    :func:`ents_of` so that the next component does not rebuild the spans from the token columns.
    The only way our components change a doc's entities."""
    spans = tuple(sorted(spans, key=lambda s: s.start))
    current = ents_of(doc)
    if len(current) == len(spans) and all(_identity(a) == _identity(b) for a, b in zip(current, spans, strict=True)):
        return
    doc.ents = spans
    doc.user_data[_ENTS] = spans


@Language.component("kg_release", assigns=["doc.tensor"])
def release(doc: Doc) -> Doc:
    """Drop the doc's tensor (tok2vec's output, about 400 KB per article), which nothing reads once the
    components have run, so that a doc travels back from a worker process (``processes`` > 1) in a
    fraction of the time), and the cache of :func:`ents_of`."""
    doc.tensor = _NO_TENSOR
    doc.user_data.pop(_ENTS, None)
    return doc


def opens_like_a_person(doc: Doc, start: int, end: int, tables: NameTables) -> bool:
    """Whether the words ``start:end`` open with a first name, or end in a word the text writes alone
    elsewhere (a surname: "Hoxhaj, who trains in Tirana")."""
    if tables.is_given_name(doc[start].text):
        return True
    surname = doc[end - 1].text
    return any(t.text == surname for t in doc if not start <= t.i < end)


def split_at_and(span: Span, label: str, capitalised: Callable[[Token], bool]) -> list[Span]:
    """ "Putney and Mortlake": a span holding "and" between two capitalised words, cut there into two
    spans labelled ``label``; the span alone when it holds none."""
    doc = span.doc
    for tok in span[1:-1]:
        if tok.lower_ == "and" and capitalised(doc[tok.i - 1]) and capitalised(doc[tok.i + 1]):
            return [Span(doc, span.start, tok.i, label=label), Span(doc, tok.i + 1, span.end, label=label)]
    return [span]
