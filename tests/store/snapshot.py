"""The whole observable state of a store, from protocol reads only: to compare two stores, or one
store before and after (re-runs, deletes, crashes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from kg.model import ArticleOrder, ArticleRecord, Interval, Page
from kg.store.base import GraphStore


def all_pages(fetch: Callable[..., Page[Any]], *args: Any, first: int = 3, **kwargs: Any) -> list[Any]:
    """Every node of a paged list, walking the cursors; checks the page invariants on the way."""
    nodes: list[Any] = []
    after = None
    total = None
    for _ in range(1000):
        page = fetch(*args, first=first, after=after, **kwargs)
        assert len(page.edges) <= first
        if total is None:
            total = page.total_count
        assert page.total_count == total, "total_count must not depend on the page"
        nodes.extend(page.nodes)
        if not page.has_next_page:
            break
        assert page.edges, "a page with a next page cannot be empty"
        after = page.end_cursor
    assert len(nodes) == total
    return nodes


def article_view(rec: ArticleRecord) -> dict[str, Any]:
    view = dataclasses.asdict(rec)
    view.pop("ingested_at")
    return view


def snapshot(store: GraphStore, *, types: bool = True, page: int = 3) -> dict[str, Any]:
    """The whole observable state of a store, built from protocol reads only. ``types=False`` leaves
    out entity types (they follow the latest write, so they depend on load order). ``page``: the page
    size the paged lists are walked with (small pages test the cursors; large ones are quicker on big
    graphs)."""
    articles = all_pages(store.articles, first=page, order=ArticleOrder.PUBLISHED_ASC)
    ids = [a.id for a in articles]
    mentions = store.article_mentions(ids)
    entity_ids = sorted({m.entity_id for rows in mentions.values() for m in rows})
    entities = store.entities(entity_ids)
    per_entity = {}
    for eid in entity_ids:
        rec = dataclasses.asdict(entities[eid])
        if not types:
            rec.pop("type")
        per_entity[eid] = {
            "record": rec,
            "relations": all_pages(store.relations, eid, first=max(2, page - 1)),
            "neighbors": store.neighbors(eid, first=1000),
            "co_mentions": store.co_mentions(eid, first=1000),
            "timeline": store.timeline(eid, interval=Interval.DAY),
            "lookup": {k: [(r.id, r.name, r.mention_count, r.type if types else None) for r in refs]
                       for k, refs in store.lookup([entities[eid].name]).items()},
        }
    stats = dataclasses.asdict(store.stats())
    if not types:
        stats.pop("entities_by_type")
    return {
        "stats": stats,
        "articles": [article_view(a) for a in articles],
        "texts": {i: store.article_text(i) for i in ids},
        "hashes": store.stored_hashes(ids),
        "mentions": mentions,
        "article_relations": store.article_relations(ids),
        "entities": per_entity,
        "relation_types": store.relation_types(),
        "sources": store.sources(),
        "top": store.top_entities(first=1000) if types else None,
    }
