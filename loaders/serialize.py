"""The JSON shape of an extraction, shared by ``kg extract``, the API and the tests.

::

    {"article": {"id", "title", "url", "source", "published", "author", "word_count"},
     "entities": [{"id", "name", "type", "aliases": [every surface form seen], "mentions": n}],
     "relations": [{"source": entity id, "target": entity id, "source_name", "target_name", "type",
                    "predicate", "negated", "confidence", "evidence": sentence, "start", "end",
                    "date"}],
     "dates": ["YYYY-MM-DD", ...]}
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kg.model import Article, ExtractedArticle


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def article_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": _iso(article.published),
        "author": article.author,
        "word_count": article.word_count,
    }


def extraction_dict(ex: ExtractedArticle) -> dict[str, Any]:
    counts = {m.entity_id: m.count for m in ex.mentions}
    first = {m.entity_id: m.first_offset for m in ex.mentions}
    names = {e.id: e.name for e in ex.entities}
    entities = sorted(ex.entities, key=lambda e: (first.get(e.id, 0), e.id))
    return {
        "article": article_dict(ex.article),
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "mentions": counts.get(e.id, 0),
            }
            for e in entities
        ],
        "relations": [
            {
                "source": r.source,
                "target": r.target,
                "source_name": names.get(r.source),
                "target_name": names.get(r.target),
                "type": r.type,
                "predicate": r.predicate,
                "negated": r.negated,
                "confidence": r.confidence,
                "evidence": r.sentence,
                "start": r.start,
                "end": r.end,
                "date": _iso(r.date),
            }
            for r in sorted(ex.relations, key=lambda r: (r.start, r.source, r.target, r.type))
        ],
        "dates": [_iso(d) for d in ex.dates],
    }
