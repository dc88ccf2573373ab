"""The domain: what the loaders produce and the stores keep. Frozen, plain, free of any library type.

Two families of types live here:

* the *write* side, produced by extraction for one article: :class:`Article`, :class:`Entity`,
  :class:`Mention`, :class:`Relation`, grouped in an :class:`ExtractedArticle`;
* the *read* side, returned by a :class:`kg.store.GraphStore`: the ``*Record`` types, which carry the
  aggregates a store keeps across articles (counts, weights, first and last seen, evidence).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, TypeVar

from kg import ids


class EntityType(StrEnum):
    """spaCy's OntoNotes labels that kg keeps as entities."""

    PERSON = "PERSON"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    FAC = "FAC"
    NORP = "NORP"
    EVENT = "EVENT"
    LAW = "LAW"
    PRODUCT = "PRODUCT"
    WORK_OF_ART = "WORK_OF_ART"


#: The kind of an entity type: its Neo4j label and the first part of its id. Types of one kind share
#: ids, so "Kurdistan Region" labelled GPE in one article and LOC in another is one entity, while
#: "Washington" the place and "Washington" the person stay apart.
KIND_OF_TYPE: dict[EntityType, str] = {
    EntityType.PERSON: "Person",
    EntityType.ORG: "Organization",
    EntityType.NORP: "Group",
    EntityType.GPE: "Place",
    EntityType.LOC: "Place",
    EntityType.FAC: "Place",
    EntityType.EVENT: "Event",
    EntityType.LAW: "Law",
    EntityType.PRODUCT: "Product",
    EntityType.WORK_OF_ART: "Work",
}


def kind_of(type_: str) -> str:
    return KIND_OF_TYPE[EntityType(type_)]


@functools.lru_cache(maxsize=65536)  # an article's resolver asks for the same few ids many times
def make_entity_id(type_: str, name: str) -> str:
    return ids.entity_id(kind_of(type_).lower(), name)


class Interval(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"  # ISO weeks, starting on Monday
    MONTH = "MONTH"


class Direction(StrEnum):
    OUT = "OUT"  # the entity is the relation's source
    IN = "IN"  # the entity is the relation's target
    BOTH = "BOTH"


class ArticleOrder(StrEnum):
    PUBLISHED_DESC = "PUBLISHED_DESC"  # newest first; articles without a date last
    PUBLISHED_ASC = "PUBLISHED_ASC"  # oldest first; articles without a date last


# --------------------------------------------------------------------------- write side


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after reading and cleaning."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    author: str | None = None
    origin: str = ""  # where it was read from, for messages: "feed.xml#3", "a.jsonl:12", "-"

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def content_hash(self) -> str:
        return ids.content_hash(f"{self.title or ''}\n{self.text}")

    @classmethod
    def create(cls, text: str, *, url: str | None = None, **fields: object) -> Article:
        """An article with its stable id derived from ``url`` (canonical) or from ``text``."""
        return cls(id=ids.article_id(url, text), text=text, url=url, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity as one article names it. ``aliases``: every surface form seen in it."""

    id: str
    name: str
    type: str  # an EntityType value
    aliases: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return kind_of(self.type)


@dataclass(frozen=True, slots=True)
class Mention:
    """How often one article mentions one entity: the ``MENTIONS`` edge."""

    entity_id: str
    count: int
    surfaces: tuple[str, ...]
    first_offset: int
    sentences: tuple[int, ...] = ()  # indexes of the sentences that mention it (for co-mentions)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation stated by one sentence of one article."""

    source: str  # entity id
    target: str  # entity id
    type: str  # UPPER_SNAKE, e.g. "AGREE_WITH", "COMMANDER_OF"
    predicate: str  # as said: "agree with", "commander of", "send letter to"
    sentence: str
    start: int  # character offsets of the sentence in the article's cleaned text
    end: int
    negated: bool = False
    confidence: float = 0.5
    date: date | None = None  # the day the sentence names, resolved against publication


@dataclass(frozen=True, slots=True)
class CoMention:
    """Two entities mentioned in one article; ``sentences``: how many sentences name both."""

    a: str  # a < b
    b: str
    sentences: int


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """Everything extraction found in one article: what a store writes as one unit."""

    article: Article
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    dates: tuple[date, ...] = ()  # days the text names, resolved (the article's own timeline)

    def co_mentions(self) -> tuple[CoMention, ...]:
        """Every pair of entities of the article, with the number of sentences that name both."""
        by_id = {m.entity_id: set(m.sentences) for m in self.mentions}
        pairs = []
        for a, b in itertools.combinations(sorted(by_id), 2):
            pairs.append(CoMention(a, b, len(by_id[a] & by_id[b])))
        return tuple(pairs)


# --------------------------------------------------------------------------- read side


@dataclass(frozen=True, slots=True)
class EntityRef:
    """Just enough of a stored entity to resolve a mention against it."""

    id: str
    name: str
    type: str
    mention_count: int


@dataclass(frozen=True, slots=True)
class EntityRecord:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]  # sorted; the canonical name is not repeated here
    mention_count: int  # sum of MENTIONS.count
    article_count: int  # articles that mention it
    first_seen: date | None  # earliest publication date of those articles
    last_seen: date | None

    @property
    def kind(self) -> str:
        return kind_of(self.type)


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    author: str | None
    word_count: int
    content_hash: str
    ingested_at: datetime


@dataclass(frozen=True, slots=True)
class ArticleMention:
    """One row of an article's entity list."""

    article_id: str
    entity_id: str
    count: int
    surfaces: tuple[str, ...]
    first_offset: int


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    article_id: str
    sentence: str
    start: int
    end: int
    predicate: str
    confidence: float
    date: date | None


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """A typed relation across articles: one per (source, target, type, negated)."""

    id: str
    source: str
    target: str
    type: str
    predicate: str  # the most frequent predicate among the evidence (ties: alphabetical)
    negated: bool
    confidence: float  # the highest confidence among the evidence
    date: date | None  # the latest evidence date
    weight: int  # distinct articles that support it
    evidence: tuple[EvidenceRecord, ...]  # ordered by article id, then start offset


@dataclass(frozen=True, slots=True)
class NeighborRecord:
    entity_id: str
    weight: int  # sum of the weights of the typed relations between the two, either direction
    relation_types: tuple[str, ...]  # sorted
    co_mentions: int  # articles that mention both


@dataclass(frozen=True, slots=True)
class CoMentionRecord:
    entity_id: str
    articles: int  # articles that mention both
    sentences: int  # sentences that name both


@dataclass(frozen=True, slots=True)
class TimelineBucket:
    start: date  # first day of the bucket (a Monday for weeks, the 1st for months)
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    entity: EntityRecord
    score: float  # higher is better; comparable within one answer only


@dataclass(frozen=True, slots=True)
class RankedEntity:
    """An entity with the figure it was ranked by (top and trending entities)."""

    entity: EntityRecord
    mentions: int  # in the window asked for
    articles: int
    previous: int = 0  # mentions in the previous window (trending only)

    @property
    def change(self) -> int:
        return self.mentions - self.previous


@dataclass(frozen=True, slots=True)
class PathRecord:
    entity_ids: tuple[str, ...]  # from the first to the last, len == length + 1
    relations: tuple[RelationRecord, ...]  # relations[i] links entity_ids[i] and entity_ids[i+1]

    @property
    def length(self) -> int:
        return len(self.relations)


@dataclass(frozen=True, slots=True)
class Subgraph:
    entities: tuple[EntityRecord, ...]
    relations: tuple[RelationRecord, ...]
    truncated: bool = False  # True when ``limit`` cut it short


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    entities: int
    entities_by_type: dict[str, int]
    relations: int
    mentions: int  # sum of MENTIONS.count
    sources: int
    first_published: date | None
    last_published: date | None


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    mentions: tuple[str, ...] = ()  # entity ids: articles that mention any of them
    mentions_all: tuple[str, ...] = ()  # entity ids: articles that mention all of them
    source: str | None = None
    date_from: date | None = None  # inclusive, on the publication date
    date_to: date | None = None  # inclusive
    text: str | None = None  # words that must all occur in the title or text (not a query language)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Edge(Generic[T]):
    cursor: str
    node: T


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    edges: tuple[Edge[T], ...]
    total_count: int
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.edges[-1].cursor if self.edges else None

    @property
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int = 0  # articles new or changed, written
    unchanged: int = 0  # articles already stored with the same content hash, left alone
    entities: int = 0  # entity rows written (new or updated)
    relations: int = 0  # evidence rows written
    skipped: tuple[str, ...] = field(default=())  # ids of unchanged articles


# --------------------------------------------------------------------------- lookup keys

_TITLE_WORD = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "du", "des", "al", "el", "&"})


def lookup_keys(name: str, type_: str) -> tuple[str, ...]:
    """Short forms under which a stored entity can be found by a later, ambiguous mention.

    A person is found by the last word of the name ("Soleimani" for "Qassem Soleimani"); an
    organisation of three or more words by its initials ("HMC" for "High Military Committee") and, when
    the name is a lower-case common noun phrase ("international coalition"), by its head noun.
    A store indexes these next to the name and the aliases (see ``GraphStore.lookup``).
    """
    words = name.replace("-", " ").split()
    keys: list[str] = []
    if type_ == EntityType.PERSON and len(words) >= 2:
        keys.append(words[-1])
    elif type_ == EntityType.ORG:
        content = [w for w in words if w.lower() not in _TITLE_WORD]
        if len(content) >= 2 and all(w[:1].isupper() for w in content):
            keys.append("".join(w[0] for w in content).upper())
        if len(words) >= 2 and name == name.lower():
            keys.append(words[-1])
    return tuple(k for k in keys if k.casefold() != name.casefold())
