"""GraphQL object types, built from the store's ``kg.model`` records.

Each type keeps the ids of what it links to (``Private`` fields) and resolves the linked objects
through the request's DataLoaders, so that a list of parents costs one store call per field, not one
per parent. Resolvers are thin: check the arguments, call the store, convert.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from graphql.language import FieldNode, FragmentSpreadNode
from strawberry import Private

from kg import model
from kg.errors import NotFound
from kg.store import GraphStore
from schema import validate
from schema.context import Info


def _mirror(source: type[enum.Enum], description: str) -> type[enum.Enum]:
    """A GraphQL enum with the members of a ``kg.model`` enum (kg's own classes stay untouched)."""
    copy = enum.Enum(source.__name__, {m.name: m.value for m in source})  # type: ignore[misc]
    return strawberry.enum(copy, description=description)


EntityType = _mirror(model.EntityType, "spaCy's OntoNotes entity labels that kg keeps.")
Interval = _mirror(model.Interval, "Timeline bucket: DAY, WEEK (ISO, from Monday) or MONTH.")
Direction = _mirror(model.Direction, "OUT: the entity is the source; IN: the target; BOTH: either.")
ArticleOrder = _mirror(model.ArticleOrder, "Publication date order; articles without a date come last.")

From = Annotated[dt.date | None, strawberry.argument(name="from", description="first day, included")]
To = Annotated[dt.date | None, strawberry.argument(description="last day, included")]

N = TypeVar("N")
R = TypeVar("R")


# --------------------------------------------------------------------------- connections


@strawberry.type(description="Relay page information (forward pagination with first/after).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    total_count: int
    edges: list[Edge[N]]
    page_info: PageInfo


def to_connection(page: model.Page, convert: Callable[[Any], Any]) -> Connection:  # type: ignore[type-arg]
    edges = [Edge(cursor=e.cursor, node=convert(e.node)) for e in page.edges]
    return Connection(
        total_count=page.total_count,
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=page.end_cursor,
        ),
    )


async def _entity(info: Info, entity_id: str) -> Entity:
    record = await info.context.loaders.entities.load(entity_id)
    if record is None:  # the store changed under the request
        raise NotFound(f"entity {entity_id!r} is no longer in the graph; run the query again")
    return Entity.from_record(record)


async def _article(info: Info, article_id: str) -> Article:
    record = await info.context.loaders.articles.load(article_id)
    if record is None:
        raise NotFound(f"article {article_id!r} is no longer in the graph; run the query again")
    return Article.from_record(record)


def page_size(info: Info, value: int) -> int:
    return validate.first(value, info.context.settings.max_page_size)


def selects(info: Info, *names: str) -> bool:
    """Whether the query asks for a field named one of ``names`` anywhere below the current field.

    Walks the query's syntax tree (graphql-core's resolve info), each fragment once: strawberry's
    ``info.selected_fields`` expands a fragment at every spread, which took exponential time on
    fragments that spread the next one twice (a 20-fragment query held the event loop for 35 s).
    """
    raw = info._raw_info  # graphql-core's GraphQLResolveInfo: this field's nodes, the fragments
    stack = [child for node in raw.field_nodes if node.selection_set for child in node.selection_set.selections]
    seen: set[str] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, FragmentSpreadNode):
            fragment = raw.fragments.get(node.name.value)
            if fragment is not None and node.name.value not in seen:
                seen.add(node.name.value)
                stack.extend(fragment.selection_set.selections)
            continue
        if isinstance(node, FieldNode) and node.name.value in names:
            return True
        if node.selection_set is not None:
            stack.extend(node.selection_set.selections)
    return False


async def with_entities(info: Info, fetch: Callable[[GraphStore], R], ids_of: Callable[[R], Iterable[str]],
                        *, wanted: bool = True) -> tuple[R, dict[str, model.EntityRecord | None]]:
    """``fetch(store)`` and, in the same worker-thread hop, the entities it names (when ``wanted``):
    those the request has not loaded yet are read and primed into its entity loader. Returns what was
    fetched and the record of every id it names (``None``: no longer in the graph), so that the
    objects built from it resolve their entities at once instead of one loader call each."""
    loader = info.context.loaders.entities
    known: dict[str, model.EntityRecord] = {}

    def both(store: GraphStore) -> tuple[R, dict[str, model.EntityRecord]]:
        found = fetch(store)
        if not wanted:
            return found, {}
        missing = []
        for i in dict.fromkeys(ids_of(found)):
            loaded = loader.cache_map.get(i)  # a future: usable when it already holds a record
            if loaded is not None and loaded.done() and not loaded.cancelled() and loaded.exception() is None \
                    and loaded.result() is not None:
                known[i] = loaded.result()
            else:
                missing.append(i)
        return found, (store.entities(missing) if missing else {})

    found, entities = await info.context.store(both)
    loader.prime_many(entities)
    if not wanted:
        return found, {}
    return found, {i: entities.get(i) or known.get(i) for i in ids_of(found)}


def _present(entity_id: str, record: model.EntityRecord | None) -> Entity:
    if record is None:  # the store changed under the request
        raise NotFound(f"entity {entity_id!r} is no longer in the graph; run the query again")
    return Entity.from_record(record)


# --------------------------------------------------------------------------- articles


@strawberry.type(description="An entity as one article names it.")
class ArticleMention:
    count: int = strawberry.field(description="mentions of the entity in the article")
    surfaces: list[str] = strawberry.field(description="the forms the article uses")
    first_offset: int = strawberry.field(description="character offset of the first mention")
    entity_id: Private[str]

    @strawberry.field
    async def entity(self, info: Info) -> Entity:
        return await _entity(info, self.entity_id)


@strawberry.type(description="A news article.")
class Article:
    id: strawberry.ID
    title: str | None
    url: str | None
    source: str | None
    published: dt.date | None
    author: str | None
    word_count: int
    content_hash: str
    ingested_at: dt.datetime

    @classmethod
    def from_record(cls, r: model.ArticleRecord) -> Article:
        return cls(id=strawberry.ID(r.id), title=r.title, url=r.url, source=r.source, published=r.published,
                   author=r.author, word_count=r.word_count, content_hash=r.content_hash,
                   ingested_at=r.ingested_at)

    @strawberry.field(description="the cleaned text the graph was extracted from")
    async def text(self, info: Info) -> str | None:
        return await info.context.loaders.article_text.load(self.id)

    @strawberry.field(description="the entities it mentions, most mentioned first")
    async def entities(self, info: Info, first: int | None = None) -> list[ArticleMention]:
        mentions = await info.context.loaders.article_mentions.load(self.id)
        if first is not None:
            mentions = mentions[: page_size(info, first)]
        return [ArticleMention(count=m.count, surfaces=list(m.surfaces), first_offset=m.first_offset,
                               entity_id=m.entity_id) for m in mentions]

    @strawberry.field(description="the relations it supports, with only its own evidence")
    async def relations(self, info: Info) -> list[Relation]:
        return [Relation.from_record(r) for r in await info.context.loaders.article_relations.load(self.id)]


ArticleConnection = Connection[Article]


# --------------------------------------------------------------------------- relations


@strawberry.type(description="A sentence that states a relation.")
class Evidence:
    sentence: str
    start: int | None = strawberry.field(description="character offset of the sentence in the article")
    end: int | None
    predicate: str
    confidence: float
    date: dt.date | None = strawberry.field(description="the day the sentence names, if any")
    article_id: Private[str]

    @strawberry.field
    async def article(self, info: Info) -> Article:
        return await _article(info, self.article_id)


@strawberry.type(description="A typed relation between two entities, with every supporting sentence.")
class Relation:
    id: strawberry.ID
    type: str = strawberry.field(description="UPPER_SNAKE, e.g. AGREE_WITH")
    predicate: str = strawberry.field(description="as said, e.g. 'agree with' (the most frequent)")
    negated: bool
    confidence: float = strawberry.field(description="the highest confidence among the evidence")
    date: dt.date | None = strawberry.field(description="the latest evidence date")
    weight: int = strawberry.field(description="distinct articles that support it")
    source_id: Private[str]
    target_id: Private[str]
    evidence_records: Private[tuple[model.EvidenceRecord, ...]]

    @classmethod
    def from_record(cls, r: model.RelationRecord) -> Relation:
        return cls(id=strawberry.ID(r.id), type=r.type, predicate=r.predicate, negated=r.negated,
                   confidence=r.confidence, date=r.date, weight=r.weight, source_id=r.source,
                   target_id=r.target, evidence_records=r.evidence)

    @strawberry.field
    async def source(self, info: Info) -> Entity:
        return await _entity(info, self.source_id)

    @strawberry.field
    async def target(self, info: Info) -> Entity:
        return await _entity(info, self.target_id)

    @strawberry.field(description="the supporting sentences, by article id then offset")
    def evidence(self) -> list[Evidence]:
        return [Evidence(sentence=e.sentence, start=e.start, end=e.end, predicate=e.predicate,
                         confidence=e.confidence, date=e.date, article_id=e.article_id)
                for e in self.evidence_records]


RelationConnection = Connection[Relation]


# --------------------------------------------------------------------------- entities


@strawberry.type(description="An entity linked to another by typed relations.")
class Neighbor:
    weight: int = strawberry.field(description="summed weights of the relations between the two")
    relation_types: list[str]
    co_mentions: int = strawberry.field(description="articles that mention both")
    entity_id: Private[str]
    record: Private[model.EntityRecord | None]  # read with the neighbours (see with_entities)

    @strawberry.field
    def entity(self) -> Entity:
        return _present(self.entity_id, self.record)


@strawberry.type(description="An entity mentioned in the same articles as another.")
class CoMention:
    articles: int = strawberry.field(description="articles that mention both")
    sentences: int = strawberry.field(description="sentences that name both")
    entity_id: Private[str]
    record: Private[model.EntityRecord | None]

    @strawberry.field
    def entity(self) -> Entity:
        return _present(self.entity_id, self.record)


@strawberry.type(description="Mentions and articles in one bucket of publication dates.")
class TimelineBucket:
    start: dt.date = strawberry.field(description="first day of the bucket")
    mentions: int
    articles: int


@strawberry.type(description="A person, organisation, place, group, ... named in the articles.")
class Entity:
    id: strawberry.ID
    name: str
    type: EntityType  # type: ignore[valid-type]
    kind: str = strawberry.field(description="Person, Organization, Place, Group, Event, Law, Product, Work")
    aliases: list[str] = strawberry.field(description="other names seen for it")
    mention_count: int
    article_count: int
    first_seen: dt.date | None = strawberry.field(description="earliest publication date of its articles")
    last_seen: dt.date | None

    @classmethod
    def from_record(cls, r: model.EntityRecord) -> Entity:
        return cls(id=strawberry.ID(r.id), name=r.name, type=EntityType(r.type), kind=r.kind,
                   aliases=list(r.aliases), mention_count=r.mention_count, article_count=r.article_count,
                   first_seen=r.first_seen, last_seen=r.last_seen)

    @strawberry.field(description="the articles that mention it, newest first")
    async def articles(self, info: Info, first: int = 10, after: str | None = None, from_: From = None,
                       to: To = None) -> ArticleConnection:  # type: ignore[valid-type]
        first = page_size(info, first)
        date_from, date_to = validate.date_range(from_, to)
        filter_ = model.ArticleFilter(mentions=(self.id,), date_from=date_from, date_to=date_to)
        page = await info.context.store(lambda s: s.articles(filter_, first=first, after=after))
        return to_connection(page, Article.from_record)

    @strawberry.field(description="entities linked to it by typed relations, heaviest first")
    async def neighbors(
        self,
        info: Info,
        first: int = 10,
        min_weight: int = 1,
        types: list[EntityType] | None = None,  # type: ignore[valid-type]
        relation_types: list[str] | None = None,
    ) -> list[Neighbor]:
        first = page_size(info, first)
        validate.between("minWeight", min_weight, 1, 1_000_000)
        entity_types = tuple(t.value for t in types or ())
        rel_types = tuple(relation_types or ())
        records, entities = await with_entities(
            info,
            lambda s: s.neighbors(self.id, first=first, min_weight=min_weight, types=entity_types,
                                  relation_types=rel_types),
            lambda found: (r.entity_id for r in found),
            wanted=selects(info, "entity"),
        )
        return [Neighbor(weight=r.weight, relation_types=list(r.relation_types), co_mentions=r.co_mentions,
                         entity_id=r.entity_id, record=entities.get(r.entity_id)) for r in records]

    @strawberry.field(description="its typed relations, heaviest first")
    async def relations(
        self,
        info: Info,
        first: int = 10,
        after: str | None = None,
        type_: Annotated[str | None, strawberry.argument(name="type")] = None,
        direction: Direction = Direction.BOTH,  # type: ignore[valid-type, attr-defined]
        from_: From = None,
        to: To = None,
    ) -> RelationConnection:  # type: ignore[valid-type]
        first = page_size(info, first)
        date_from, date_to = validate.date_range(from_, to)
        way = model.Direction(direction.value)
        page = await info.context.store(lambda s: s.relations(
            self.id, first=first, after=after, type=type_, direction=way, date_from=date_from,
            date_to=date_to))
        return to_connection(page, Relation.from_record)

    @strawberry.field(description="entities mentioned in the same articles, most shared articles first")
    async def co_mentions(self, info: Info, first: int = 10) -> list[CoMention]:
        first = page_size(info, first)
        records, entities = await with_entities(info, lambda s: s.co_mentions(self.id, first=first),
                                                lambda found: (r.entity_id for r in found),
                                                wanted=selects(info, "entity"))
        return [CoMention(articles=r.articles, sentences=r.sentences, entity_id=r.entity_id,
                          record=entities.get(r.entity_id)) for r in records]

    @strawberry.field(description="mentions and articles per bucket of publication date, oldest first")
    async def timeline(
        self,
        info: Info,
        interval: Interval = Interval.MONTH,  # type: ignore[valid-type, attr-defined]
        from_: From = None,
        to: To = None,
    ) -> list[TimelineBucket]:
        date_from, date_to = validate.date_range(from_, to)
        step = model.Interval(interval.value)
        buckets = await info.context.store(lambda s: s.timeline(
            self.id, interval=step, date_from=date_from, date_to=date_to))
        return [TimelineBucket(start=b.start, mentions=b.mentions, articles=b.articles) for b in buckets]


@strawberry.type(description="A search result.")
class EntitySearchHit:
    entity: Entity
    score: float = strawberry.field(description="higher is better; comparable within one answer only")


@strawberry.type(description="An entity with the figures it was ranked by.")
class RankedEntity:
    entity: Entity
    mentions: int = strawberry.field(description="mentions in the window asked for")
    articles: int
    previous: int = strawberry.field(description="mentions in the window before (trending only)")
    change: int = strawberry.field(description="mentions minus previous")

    @classmethod
    def from_record(cls, r: model.RankedEntity) -> RankedEntity:
        return cls(entity=Entity.from_record(r.entity), mentions=r.mentions, articles=r.articles,
                   previous=r.previous, change=r.change)


# --------------------------------------------------------------------------- across the graph


@strawberry.type(description="A shortest path: relations[i] links entities[i] and entities[i+1].")
class Path:
    length: int
    relations: list[Relation]
    entity_ids: Private[tuple[str, ...]]
    records: Private[dict[str, model.EntityRecord | None]]  # read with the path (see with_entities)

    @strawberry.field
    async def entities(self, info: Info) -> list[Entity]:
        if all(self.records.get(i) is not None for i in self.entity_ids):
            return [Entity.from_record(self.records[i]) for i in self.entity_ids]  # type: ignore[arg-type]
        records = await info.context.loaders.entities.load_many(list(self.entity_ids))
        return [Entity.from_record(r) for r in records if r is not None]


@strawberry.type(description="A node of a subgraph, ready for a graph visualisation.")
class GraphNode:
    id: strawberry.ID
    label: str
    type: EntityType  # type: ignore[valid-type]
    kind: str
    mention_count: int
    entity: Entity


@strawberry.type(description="An edge of a subgraph: one typed relation between two of its nodes.")
class GraphEdge:
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    type: str
    predicate: str
    negated: bool
    weight: int
    relation: Relation


@strawberry.type(description="Entities near some seeds and the relations among them.")
class Subgraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(description="true when limit cut it short")

    @classmethod
    def from_record(cls, g: model.Subgraph) -> Subgraph:
        nodes = [GraphNode(id=strawberry.ID(e.id), label=e.name, type=EntityType(e.type), kind=e.kind,
                           mention_count=e.mention_count, entity=Entity.from_record(e)) for e in g.entities]
        edges = [GraphEdge(id=strawberry.ID(r.id), source=strawberry.ID(r.source),
                           target=strawberry.ID(r.target), type=r.type, predicate=r.predicate,
                           negated=r.negated, weight=r.weight, relation=Relation.from_record(r))
                 for r in g.relations]
        return cls(nodes=nodes, edges=edges, truncated=g.truncated)


@strawberry.type
class TypeCount:
    type: EntityType  # type: ignore[valid-type]
    count: int


@strawberry.type
class RelationTypeCount:
    type: str
    count: int = strawberry.field(description="relations of this type")


@strawberry.type
class SourceCount:
    name: str
    articles: int


@strawberry.type(description="Counts over the whole graph.")
class Stats:
    articles: int
    entities: int
    entities_by_type: list[TypeCount]
    relations: int
    mentions: int
    sources: int
    first_published: dt.date | None
    last_published: dt.date | None

    @classmethod
    def from_record(cls, s: model.Stats) -> Stats:
        by_type = [TypeCount(type=EntityType(t), count=n) for t, n in sorted(s.entities_by_type.items())]
        return cls(articles=s.articles, entities=s.entities, entities_by_type=by_type, relations=s.relations,
                   mentions=s.mentions, sources=s.sources, first_published=s.first_published,
                   last_published=s.last_published)
