"""Helpers shared by the extraction tests written on sentences of our own (rounds 6 and 7): one text
through the real pipeline (the ``nlp`` fixture of ``conftest.py``) and ``extract_doc``, and views of
the result; and one component run on entities handed to it (``component_ents``)."""

from __future__ import annotations

from spacy.language import Language

from kg.config import Settings
from kg.model import Article, ExtractedArticle
from loaders.components import set_ents
from loaders.extract import extract_doc, tables_for


def extract(nlp: Language, text: str) -> ExtractedArticle:
    article = Article.create(text, origin="sentences.txt")
    return extract_doc(nlp(article.text), article, tables_for(Settings()))


def by_name(ex: ExtractedArticle) -> dict[str, tuple[str, set[str]]]:
    return {e.name: (e.type, set(e.aliases)) for e in ex.entities}


def owner_of(ex: ExtractedArticle, surface: str) -> str | None:
    return next((e.name for e in ex.entities if surface in e.aliases), None)


def relations_of(ex: ExtractedArticle) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.source], r.predicate, names[r.target]) for r in ex.relations}


def component_ents(nlp: Language, component: str, text: str, ents: list[tuple[str, ...]]) -> set[tuple[str, str]]:
    """The entities (surface, label) ``component`` leaves when it reads ``text`` parsed by the pipeline
    before it and given exactly ``ents`` (surface, label[, "last"]), each at its first place in the text
    or, marked "last", at its last. NER's mistakes depend on context it rarely repeats on a new sentence,
    so component tests hand the component the mistaken entities themselves."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == component:
            break
        doc = proc(doc)
    spans = []
    for surface, label, *where in ents:
        start = doc.text.rindex(surface) if where == ["last"] else doc.text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    set_ents(doc, spans)  # the components read entities through set_ents' cache
    return {(e.text, e.label_) for e in nlp.get_pipe(component)(doc).ents}
