"""The ``GraphStore`` protocol: what the loaders write through and the API reads through.

Both stores (Neo4j and the embedded SQLite store) implement it with the *same observable results*;
``tests/store/test_contract.py`` holds them to it. The rules every implementation follows:

Writing
    ``write(batch)`` stores a batch of extracted articles in **one transaction**: either all of it
    lands or none of it. For each article, in batch order:

    * an article already stored with the same id and the same ``content_hash`` is left alone
      (reported in ``WriteResult.unchanged``) unless ``force`` is true;
    * otherwise whatever the store held for that article id (its mentions, evidence, co-mentions)
      is removed first and the new extraction written in its place, so that re-running a load, or
      loading an updated article under the same URL, gives the graph of one clean run;
    * an entity's ``name`` and ``type`` are those of the latest write that mentions it; its
      ``aliases`` are the union of the surfaces of all its stored mentions (minus the name itself);
      its counts and first/last seen are aggregates over the articles that mention it;
    * a relation is keyed by ``(source, target, type, negated)``; its weight is the number of
      distinct articles that support it; its evidence lists every supporting sentence;
    * entities left with no mention, relations left with no evidence and sources left with no
      article are removed.

    ``delete_article(id)`` removes an article and its support under the same rules.

Reading
    Dates filter on the article's publication date, both bounds inclusive. Every list is ordered
    deterministically (ties broken by id) so that both stores give the same answer. ``first`` is
    trusted to be sane (the API bounds it). A cursor is opaque; a cursor the store did not issue
    raises :class:`kg.errors.QueryError`. A store that cannot be reached raises
    :class:`kg.errors.StoreUnavailable`.

Decisions (held by ``tests/store/test_contract.py``)
    Writing:

    * before writing an article the store checks it: every entity type is an ``EntityType``, ids are
      unique among its entities and among its mentions, every entity has exactly one mention, every
      mention and relation names one of its entities. Otherwise it raises
      :class:`kg.errors.InputError` naming the article id, and *nothing of the batch* is written (a
      loader then writes the other articles without it);
    * aliases: the union of ``Mention.surfaces`` and ``Entity.aliases`` over the stored articles,
      minus the exact name, sorted by code point; lookup keys follow the current name and type;
      ``delete_article`` leaves ``name`` and ``type`` as they are;
    * evidence is one row per (relation, article, sentence start): a second relation with the same
      key in the same sentence of an article is ignored (the first is kept);
    * ``WriteResult.entities`` counts the distinct entity ids of the written articles of the batch,
      ``relations`` the evidence rows written, ``skipped`` the unchanged ids in batch order; an id
      twice in one batch: the later replaces the earlier (both count as written);
    * ``ArticleRecord.ingested_at`` is timezone-aware (UTC), set whenever the article is (re)written.

    Reading:

    * negated relations are links like any other (neighbours, paths, subgraphs);
    * a ``RelationRecord``'s predicate, confidence and date are computed over the evidence it
      carries: with a date range in ``relations`` that is the evidence in range (weight too); in
      ``article_relations`` they are the relation's totals while ``evidence`` is the article's own;
    * ``articles``: ties on the date are broken by id ascending in both orders; a date bound
      excludes undated articles; ``text`` matches whole words (letters and digits, case and
      diacritics folded, as :func:`kg.store.textsearch.words` splits them), each in the title or the
      text; a ``text`` without any word is no condition; ``total_count`` ignores ``after``;
    * ``neighbors`` and ``co_mentions`` never list the entity itself; ``neighbors(types=)`` filters on
      the neighbour's entity type; a neighbour's ``relation_types`` are those of the counted relations;
    * ``search_entities`` ranks as :mod:`kg.store.textsearch` says (exact, whole words, prefixes,
      typos; then mention count, then id); ``types``, here and in ``top_entities``, is the entity type;
    * ``shortest_path``: among the shortest paths, the one whose sequence of entity ids is smallest;
      between two consecutive entities, the heaviest relation, then the smallest relation id; unknown
      ids give ``None``; ``source == target`` gives a path of length 0 when the entity exists;
    * ``subgraph``: the known seeds at distance 0; entities ordered by distance, then mention count
      (desc), then id, cut at ``limit`` (``truncated`` when anything within ``depth`` was left out);
      the relations among the kept entities, by id;
    * ``top_entities`` with both bounds open counts every article, undated ones too; trending windows
      are the last ``window_days`` days up to the latest publication date and the ``window_days``
      before them; ``RankedEntity.articles`` counts the current window;
    * ``timeline`` WEEK buckets start on the ISO Monday, which may fall in the previous month or year.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Protocol, runtime_checkable

from kg.model import (
    ArticleFilter,
    ArticleMention,
    ArticleOrder,
    ArticleRecord,
    CoMentionRecord,
    Direction,
    EntityRecord,
    EntityRef,
    ExtractedArticle,
    Interval,
    NeighborRecord,
    Page,
    PathRecord,
    RankedEntity,
    RelationRecord,
    SearchHit,
    Stats,
    Subgraph,
    TimelineBucket,
    WriteResult,
)


@runtime_checkable
class GraphStore(Protocol):
    """A graph of articles, entities and relations. Implementations are safe to use from one thread
    at a time per instance; open one per worker thread, or rely on the implementation's own pool."""

    name: str  # "embedded" or "neo4j", for messages

    # ------------------------------------------------------------------ lifecycle
    def ping(self) -> None:
        """Return if the store answers; raise :class:`StoreUnavailable` with the reason if not."""

    def close(self) -> None: ...

    def clear(self) -> None:
        """Remove everything (tests and ``kg reset``)."""

    # ------------------------------------------------------------------ writes
    def write(self, batch: Sequence[ExtractedArticle], *, force: bool = False) -> WriteResult:
        """Store a batch in one transaction (see the module doc for the rules)."""

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and its support; ``False`` when there was no such article."""

    def lookup(self, keys: Collection[str]) -> dict[str, tuple[EntityRef, ...]]:
        """Stored entities whose name, alias or lookup key (:func:`kg.model.lookup_keys`) equals each
        key, case-insensitively; keys with no match are absent. Used to resolve mentions across
        articles. Refs are ordered by mention count, descending, then id."""

    def stored_hashes(self, article_ids: Collection[str]) -> dict[str, str]:
        """``content_hash`` of each stored article among ``article_ids`` (absent ones are left out),
        so that a loader can skip extraction of articles that did not change."""

    # ------------------------------------------------------------------ entities
    def entities(self, ids: Collection[str]) -> dict[str, EntityRecord]:
        """The entities with these ids (unknown ids are absent from the answer)."""

    def entity_by_name(self, name: str) -> EntityRecord | None:
        """The entity whose canonical name or alias equals ``name`` case-insensitively; the one with
        the most mentions (then the smallest id) when several match."""

    def search_entities(
        self, query: str, *, types: Collection[str] = (), first: int = 10
    ) -> list[SearchHit]:
        """Full-text search over names and aliases: whole words, prefixes ("Soleim") and small typos
        ("Solemani") match. Ranked by relevance, then mention count, then id. ``query`` is plain user
        text: any query-language syntax in it is matched literally, never interpreted."""

    def neighbors(
        self,
        entity_id: str,
        *,
        first: int = 10,
        min_weight: int = 1,
        types: Collection[str] = (),
        relation_types: Collection[str] = (),
    ) -> list[NeighborRecord]:
        """Entities linked to ``entity_id`` by a typed relation in either direction. ``weight``: the
        summed weights of those relations (only of ``relation_types`` when given); ordered by weight,
        then co-mentions, descending, then id."""

    def relations(
        self,
        entity_id: str,
        *,
        first: int = 10,
        after: str | None = None,
        type: str | None = None,
        direction: Direction = Direction.BOTH,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> Page[RelationRecord]:
        """Typed relations of an entity, ordered by weight descending then relation id. With a date
        range, only relations with evidence from articles published in it, and only that evidence
        (weight counts it too)."""

    def co_mentions(self, entity_id: str, *, first: int = 10) -> list[CoMentionRecord]:
        """Entities mentioned in the same articles, ordered by articles, sentences (desc), then id."""

    def timeline(
        self,
        entity_id: str,
        *,
        interval: Interval = Interval.MONTH,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[TimelineBucket]:
        """Mentions and articles per bucket of publication date, oldest first; empty buckets are left
        out; articles without a publication date are not counted."""

    # ------------------------------------------------------------------ articles
    def articles(
        self,
        filter: ArticleFilter | None = None,
        *,
        first: int = 10,
        after: str | None = None,
        order: ArticleOrder = ArticleOrder.PUBLISHED_DESC,
    ) -> Page[ArticleRecord]:
        """Articles matching every given field of ``filter``; ``total_count`` counts all of them.
        Ordered by publication date (articles without one last), then id."""

    def articles_by_id(self, ids: Collection[str]) -> dict[str, ArticleRecord]: ...

    def article_text(self, article_id: str) -> str | None: ...

    def article_mentions(self, article_ids: Collection[str]) -> dict[str, list[ArticleMention]]:
        """The entities each article mentions, by count descending then entity id; every asked id
        is a key (an empty list for an unknown article)."""

    def article_relations(self, article_ids: Collection[str]) -> dict[str, list[RelationRecord]]:
        """The relations each article supports, with only that article's evidence (weight is still
        the relation's total); ordered by relation id; every asked id is a key."""

    # ------------------------------------------------------------------ across the graph
    def shortest_path(self, source: str, target: str, *, max_hops: int = 4) -> PathRecord | None:
        """A shortest path over typed relations (either direction) of at most ``max_hops`` hops;
        ``None`` when there is none. ``source == target`` gives a path of length 0."""

    def subgraph(self, ids: Collection[str], *, depth: int = 1, limit: int = 200) -> Subgraph:
        """The entities within ``depth`` typed-relation hops of ``ids`` (at most ``limit``, nearest
        and heaviest first) and the relations among them."""

    def top_entities(
        self,
        *,
        type: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        first: int = 10,
    ) -> list[RankedEntity]:
        """Entities by mentions in articles published in the range (all time when open), then
        articles, descending, then id."""

    def trending_entities(self, *, window_days: int = 7, first: int = 10) -> list[RankedEntity]:
        """Entities whose mentions rose most in the last ``window_days`` days against the window
        before. Windows end at the latest publication date in the store (inclusive), so that a
        historical corpus trends too. Ordered by rise, then mentions (desc), then id; only rises > 0."""

    def relation_types(self) -> list[tuple[str, int]]:
        """Every relation type with its number of relations, by count descending then type."""

    def sources(self) -> list[tuple[str, int]]:
        """Every source with its number of articles, by count descending then name."""

    def stats(self) -> Stats: ...
