"""Helpers shared by the extraction tests written on sentences of our own (rounds 6 and 7): one text
through the real pipeline (the ``nlp`` fixture of ``conftest.py``) and ``extract_doc``, and views of
the result."""

from __future__ import annotations

from spacy.language import Language

from kg.config import Settings
from kg.model import Article, ExtractedArticle
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
