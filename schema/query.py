"""The ``Query`` root: thin resolvers that check arguments, call the store and convert."""

from __future__ import annotations

from typing import Annotated

import strawberry

from kg import model
from kg.errors import NotFound, QueryError
from kg.model import EntityRecord
from kg.store import GraphStore
from schema import validate
from schema.context import Info
from schema.inputs import ArticleFilterInput
from schema.types import (
    Article,
    ArticleConnection,
    ArticleOrder,
    Entity,
    EntitySearchHit,
    EntityType,
    From,
    Path,
    RankedEntity,
    Relation,
    RelationTypeCount,
    SourceCount,
    Stats,
    Subgraph,
    To,
    page_size,
    selects,
    to_connection,
    with_entities,
)

MAX_SEARCH_CHARS = 200


async def _require_entities(info: Info, name: str, ids: tuple[str, ...]) -> None:
    """Raise NotFound naming the first id that is not in the graph."""
    records = await info.context.loaders.entities.load_many(list(ids))
    for entity_id, record in zip(ids, records, strict=True):
        if record is None:
            raise NotFound(f"{name}: no entity with id {entity_id!r}; "
                           "find ids with searchEntities or entity(name:)")


def _by_name(store: GraphStore, name: str) -> EntityRecord | None:
    """By name or alias; failing that by a lookup key ("HMC" for "High Military Committee",
    "Soleimani" for "Qassem Soleimani"): the most mentioned entity that answers to it."""
    record = store.entity_by_name(name)
    if record is not None:
        return record
    refs = next(iter(store.lookup([name]).values()), ())
    return store.entities([refs[0].id]).get(refs[0].id) if refs else None


@strawberry.type
class Query:
    @strawberry.field(description="One entity by id, or by its name or any alias (case-insensitive).")
    async def entity(
        self, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> Entity | None:
        if (id is None) == (name is None):
            raise QueryError("entity needs exactly one of id or name, e.g. entity(name: \"HMC\")")
        if id is not None:
            record = await info.context.loaders.entities.load(id)
        else:
            wanted = validate.text("name", name or "", max_chars=MAX_SEARCH_CHARS)
            record = await info.context.store(lambda s: _by_name(s, wanted))
        return Entity.from_record(record) if record else None

    @strawberry.field(description="Full-text search over names and aliases: words, prefixes, small typos.")
    async def search_entities(
        self,
        info: Info,
        query: str,
        types: list[EntityType] | None = None,  # type: ignore[valid-type]
        first: int = 10,
    ) -> list[EntitySearchHit]:
        first = page_size(info, first)
        text = validate.text("query", query, max_chars=MAX_SEARCH_CHARS)
        wanted = tuple(t.value for t in types or ())
        hits = await info.context.store(lambda s: s.search_entities(text, types=wanted, first=first))
        return [EntitySearchHit(entity=Entity.from_record(h.entity), score=h.score) for h in hits]

    @strawberry.field(description="One article by id.")
    async def article(self, info: Info, id: strawberry.ID) -> Article | None:
        record = await info.context.loaders.articles.load(id)
        return Article.from_record(record) if record else None

    @strawberry.field(description="Articles matching a filter, newest first by default.")
    async def articles(
        self,
        info: Info,
        filter: ArticleFilterInput | None = None,
        first: int = 10,
        after: str | None = None,
        order_by: ArticleOrder = ArticleOrder.PUBLISHED_DESC,  # type: ignore[valid-type, attr-defined]
    ) -> ArticleConnection:  # type: ignore[valid-type]
        first = page_size(info, first)
        filter_ = filter.to_model() if filter else None
        order = model.ArticleOrder(order_by.value)
        page = await info.context.store(lambda s: s.articles(filter_, first=first, after=after, order=order))
        return to_connection(page, Article.from_record)

    @strawberry.field(description="A shortest path over typed relations, in either direction; null if none.")
    async def path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int = 4,
    ) -> Path | None:
        validate.between("maxHops", max_hops, 1, validate.MAX_PATH_HOPS)
        record, entities = await with_entities(info, lambda s: s.shortest_path(from_, to, max_hops=max_hops),
                                               lambda found: found.entity_ids if found else (),
                                               wanted=selects(info, "entities", "source", "target"))
        if record is None:  # no path, or an unknown id (only then worth a look)
            await _require_entities(info, "path", (from_, to))
            return None
        return Path(length=record.length, relations=[Relation.from_record(r) for r in record.relations],
                    entity_ids=record.entity_ids, records=entities)

    @strawberry.field(description="Entities by mentions in articles published in the range.")
    async def top_entities(
        self,
        info: Info,
        type: EntityType | None = None,  # type: ignore[valid-type]
        from_: From = None,
        to: To = None,
        first: int = 10,
    ) -> list[RankedEntity]:
        first = page_size(info, first)
        date_from, date_to = validate.date_range(from_, to)
        wanted = type.value if type is not None else None
        ranked = await info.context.store(lambda s: s.top_entities(
            type=wanted, date_from=date_from, date_to=date_to, first=first))
        return [RankedEntity.from_record(r) for r in ranked]

    @strawberry.field(description="Entities whose mentions rose most in the last `window` days against the "
                                  "window before; windows end at the latest publication date.")
    async def trending_entities(self, info: Info, window: int = 7, first: int = 10) -> list[RankedEntity]:
        first = page_size(info, first)
        validate.between("window", window, 1, validate.MAX_TRENDING_WINDOW_DAYS)
        ranked = await info.context.store(lambda s: s.trending_entities(window_days=window, first=first))
        return [RankedEntity.from_record(r) for r in ranked]

    @strawberry.field(description="Every relation type with its number of relations.")
    async def relation_types(self, info: Info) -> list[RelationTypeCount]:
        rows = await info.context.store(lambda s: s.relation_types())
        return [RelationTypeCount(type=t, count=n) for t, n in rows]

    @strawberry.field(description="Every source with its number of articles.")
    async def sources(self, info: Info) -> list[SourceCount]:
        rows = await info.context.store(lambda s: s.sources())
        return [SourceCount(name=name, articles=n) for name, n in rows]

    @strawberry.field(description="Counts over the whole graph.")
    async def stats(self, info: Info) -> Stats:
        return Stats.from_record(await info.context.store(lambda s: s.stats()))

    @strawberry.field(description="The entities within `depth` hops of `ids` and the relations among them.")
    async def subgraph(
        self,
        info: Info,
        ids: list[strawberry.ID],
        depth: int = 1,
        limit: int = 200,
    ) -> Subgraph:
        seeds = validate.ids("ids", ids, required=True, limit=validate.MAX_SUBGRAPH_SEEDS)
        validate.between("depth", depth, 0, validate.MAX_SUBGRAPH_DEPTH)
        validate.between("limit", limit, 1, validate.MAX_SUBGRAPH_LIMIT)
        graph = await info.context.store(lambda s: s.subgraph(seeds, depth=depth, limit=limit))
        found = {e.id for e in graph.entities}
        if any(seed not in found for seed in seeds):  # unknown, or cut by a limit below the seeds
            await _require_entities(info, "subgraph", seeds)
        return Subgraph.from_record(graph)
