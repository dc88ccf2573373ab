"""Per-request DataLoaders: every field that would otherwise ask the store once per parent.

A page of 50 articles with their entities and relations costs one ``articles`` call, one
``article_mentions``, one ``article_relations`` and one ``entities`` call, however many parents ask.
Each batch function is one store call by key (see :meth:`StoreHandle.call_by_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from kg.model import ArticleMention, ArticleRecord, EntityRecord, RelationRecord
from kg.store import GraphStore
from schema.lifecycle import StoreHandle

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _loader(
    handle: StoreHandle,
    fetch: Callable[[GraphStore, list[K]], Mapping[K, V]],
    default: Callable[[], V | None] = lambda: None,
) -> DataLoader[K, V | None]:
    """A DataLoader whose batch is one store call ``fetch(store, keys) -> {key: value}``."""

    async def load(keys: Sequence[K]) -> list[V | None]:
        unique = list(dict.fromkeys(keys))
        found = await handle.call_by_key(lambda store: fetch(store, unique))
        return [found.get(k, default()) for k in keys]

    return DataLoader(load_fn=load)


def _texts(store: GraphStore, ids: list[str]) -> dict[str, str | None]:
    # The protocol reads one text at a time; texts are only asked for on ``Article.text``.
    return {i: store.article_text(i) for i in ids}


@dataclass(frozen=True)
class Loaders:
    entities: DataLoader[str, EntityRecord | None]
    articles: DataLoader[str, ArticleRecord | None]
    article_mentions: DataLoader[str, list[ArticleMention]]
    article_relations: DataLoader[str, list[RelationRecord]]
    article_text: DataLoader[str, str | None]

    @classmethod
    def create(cls, handle: StoreHandle) -> Loaders:
        return cls(
            entities=_loader(handle, lambda s, ids: s.entities(ids)),
            articles=_loader(handle, lambda s, ids: s.articles_by_id(ids)),
            article_mentions=_loader(handle, lambda s, ids: s.article_mentions(ids), list),
            article_relations=_loader(handle, lambda s, ids: s.article_relations(ids), list),
            article_text=_loader(handle, _texts),
        )
