"""The Neo4j graph store: the only module that imports the ``neo4j`` driver.

The graph (constraints and indexes in ``schema/neo4j.cypher``, statements in :mod:`kg.store.cypher`)::

    (:Article {id, url, title, published, source, author, word_count, content_hash, ingested_at, text,
               search_words, order_desc, order_asc})-[:PUBLISHED_BY]->(:Source {name})
    (:Article)-[:MENTIONS {count, surfaces, names, sentences, first_offset, published}]->(:Entity:<Kind>)
    (:Entity {id, name, type, aliases, mention_count, article_count, first_seen, last_seen,
              surfaces, surface_n, name_keys, lookup_keys, search_words})
    (:Entity)-[:ON_DAY {key, day, mentions, articles}]->(itself)      its mentions and articles per day
    (:Entity)-[:LINKED {key, weight, co_mentions}]->(:Entity)         per pair of related entities
    (:Entity)-[:RELATES {id, type, negated, weight, predicate, confidence, date,
                         pred_names, pred_counts}]->(:Entity)          one per relation key
    (:Evidence {relation_id, article_id, sentence, start, end, predicate, confidence, date,
                published})-[:FROM]->(:Article)
    (:Entity)-[:NAMED|KEYED]->(:Name {key})                           case-folded names, aliases, keys

Why this shape, beyond the starting point:

* typed relations are single ``RELATES`` relationships keyed by ``kg.ids.relation_id`` (a relationship
  uniqueness constraint), so ``shortestPath`` and neighbourhoods run natively, and their aggregates
  (weight, predicate, confidence, date) are properties read without touching the evidence;
* aggregates are maintained incrementally by each write: the write reads the current state of the
  entities and relations it touches (by index), computes the new values in Python, and writes them
  back. Only a *removal* (an article replaced or deleted) recomputes something from stored rows,
  and only for what that article touched: first/last seen when it sat on the boundary, a relation's
  aggregates from its remaining evidence. ``surfaces``/``surface_n`` count how many articles used each
  surface, so aliases can shrink again; ``pred_names``/``pred_counts`` count predicates likewise;
* co-mentions are not kept for every pair: with ~20 entities an article has ~190 pairs, and a
  ``CO_MENTIONED`` relationship per pair was more than half of the write time (about 2x slower loads).
  ``co_mentions(e)`` counts them at read time by walking e's articles (its ``MENTIONS`` keep each
  mention's sentence indexes). What ``neighbors`` needs is kept, though: one ``LINKED`` per pair of
  entities with a typed relation between them (far fewer pairs: ~10 relations an article), with the
  summed weight of those relations and the number of articles that mention both, maintained by each
  write (a write looks up its articles' pairs by the link key index: most are not linked). So a
  page of neighbours is one ordered read of the entity's links, not a count of shared articles per
  candidate (which grew with the articles of hub entities: 40-136 ms for the top ones at 4k articles);
* an entity's mentions and articles per publication day are ``ON_DAY`` relationships from the entity
  to itself (keyed by entity and day: a write merges one per entity and day of its articles by the
  key index), so that a timeline reads at most one per day of the corpus, not every article of a
  popular entity (which took 30+ ms at 10k articles for the most mentioned ones). Lists of days on the
  entity node were tried first: every write then read and rewrote the lists of the hubs it touched
  (up to 730 entries each), which made writes 3x slower at 10k articles;
* names and lookup keys are ``:Name`` nodes (unique key), because Neo4j cannot index the elements of
  a list property; ``NAMED`` serves ``entity_by_name``, ``NAMED|KEYED`` serves ``lookup``;
* ``search_words`` holds the words :func:`kg.store.textsearch.words` makes of the names (or of an
  article's title and text), indexed by a whitespace full-text index, so Lucene and the embedded
  store see the same words; the final ranking is :func:`kg.store.textsearch.relevance`, shared;
* ``order_desc``/``order_asc`` are sortable strings (publication date, inverted for newest first,
  undated last, then id) with a range index each: a date range and a cursor are both bounds of one
  key, so an article page is an ordered index scan that stops after the page. A listing is driven by
  its most selective part: the words (full-text index), the entities (their ``MENTIONS``; or, for
  entities in more than 1/20 of the articles, the ordered key with a ``MENTIONS`` check), the source
  (its index), else the key; one entity's total is its ``article_count``;
* the retired indexes at the end of ``schema/neo4j.cypher`` cost every write more than they saved
  (a relationship index on ``MENTIONS.published``, ``Evidence.article_id``, ``Entity.mention_count``).

Measured on 2 shared cores (load 4-6), synthetic articles of 20 entities and 10 relations in batches
of 64 (``tests/store/factories.synthetic``): about 10-13 ms per article of wall time, of which ~5.7 ms
server CPU and ~3.5 ms client CPU. The driver's Rust packstream (``neo4j-rust-ext``) matters: without
it, sending a batch's parameters alone took longer than the server's work.

Every ``write()`` is one managed write transaction (all-or-nothing; the driver retries it on transient
errors, and the work function recomputes everything on a retry). It first takes a lock node, so that
writers run one at a time. Driver errors become :mod:`kg.errors` types; messages name the URI, never
the password.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DatabaseError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from kg import ids as kg_ids
from kg.errors import ConfigError, InputError, KGError, QueryError, StoreTimeout, StoreUnavailable
from kg.model import (
    ArticleFilter,
    ArticleMention,
    ArticleOrder,
    ArticleRecord,
    CoMentionRecord,
    Direction,
    Edge,
    EntityRecord,
    EntityRef,
    EvidenceRecord,
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
    kind_of,
    lookup_keys,
)
from kg.store import cypher
from kg.store.cursors import decode_cursor, encode_cursor
from kg.store.textsearch import relevance, typo_budget, words

__all__ = ["Neo4jStore", "lucene_escape"]

T = TypeVar("T")
log = logging.getLogger("kg.store")

_HINT = ("start one with `scripts/neo4j-local start` (or `docker compose up neo4j`) and set NEO4J_URI "
         "to the URI it prints")
_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})
_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")
_LUCENE_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_LUCENE_WORDS = frozenset({"AND", "OR", "NOT", "TO"})
#: Lucene candidates fetched per search before the shared ranking: a bound on the work per query.
_SEARCH_CANDIDATES = 200
#: A ``mentions`` filter whose entities are in more than 1/_DENSE_FILTER of the articles pages by
#: walking the ordered article key instead of sorting the entities' articles.
_DENSE_FILTER = 20
_INVERT_DIGITS = str.maketrans("0123456789", "9876543210")
_NO_DATE = "~"  # sorts after every date, inverted or not: undated articles last in both orders
_KEY_MAX = "\U0010ffff"  # above every key


def lucene_escape(word: str) -> str:
    """``word`` as a literal Lucene term: special characters backslash-escaped, operators quoted
    away by lower-casing (Lucene's operators are upper-case only)."""
    if word in _LUCENE_WORDS:
        word = word.lower()
    return "".join(f"\\{c}" if c in _LUCENE_SPECIAL else c for c in word)


_REASON = re.compile(r"\(reason ([^)]*\)?)\)")


def _reason(exc: BaseException) -> str:
    """The useful part of a driver's connection error: "[Errno 111] Connection refused"."""
    text = str(exc)
    found = _REASON.findall(text)
    return found[-1] if found else " ".join(text.split())


def shown_uri(uri: str) -> str:
    """``uri`` fit for messages and logs: a password written into it (``bolt://user:pw@host``) masked."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{parts.username}:***@{host}").geturl()


def _fold(text: str) -> str:
    return text.casefold()


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def _search_words(text: str) -> str:
    """``textsearch.words(text)`` joined by spaces, with a fast path for ASCII text (no diacritics
    to strip): the full words() costs ~2 ms for an article of 400 words, this ~0.1 ms."""
    if text.isascii():
        return " ".join(_ASCII_WORD.findall(text.lower()))
    return " ".join(words(text))


def _native(value: Any) -> Any:
    """neo4j.time values to Python's (``Date`` -> ``date``, ``DateTime`` -> ``datetime``)."""
    return value.to_native() if hasattr(value, "to_native") else value


def _date_part(order: str, published: date) -> str:
    iso = published.isoformat()
    return iso.translate(_INVERT_DIGITS) if order == "order_desc" else iso


def _order_key(order: str, published: date | None, article_id: str) -> str:
    """The sortable string of an article in one order: date (inverted for newest first), then id."""
    if published is None:
        return f"{_NO_DATE} {article_id}"
    return f"{_date_part(order, published)} {article_id}"


def _key_range(order: str, date_from: date | None, date_to: date | None) -> tuple[str, str]:
    """The open interval of sort keys (``order_desc`` or ``order_asc``) of the articles published
    in ``[date_from, date_to]``; both open: every article, the undated too. A key is "<date> <id>"
    (the date inverted for ``order_desc``) or "~ <id>" when undated; "!" sorts right after " "."""
    lo, hi = "", _KEY_MAX
    if date_from is None and date_to is None:
        return lo, hi
    hi = _NO_DATE  # a bound leaves the undated out
    first, last = (date_from, date_to) if order == "order_asc" else (date_to, date_from)
    if first is not None:
        lo = _date_part(order, first)  # "<date>" sorts before "<date> <id>"
    if last is not None:
        hi = _date_part(order, last) + "!"  # and "<date>!" after it
    return lo, hi


def _entity_record(m: dict[str, Any]) -> EntityRecord:
    return EntityRecord(
        id=m["id"], name=m["name"], type=m["type"], aliases=tuple(m.get("aliases") or ()),
        mention_count=m["mention_count"], article_count=m["article_count"],
        first_seen=_native(m.get("first_seen")), last_seen=_native(m.get("last_seen")),
    )


def _article_record(m: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        id=m["id"], title=m.get("title"), url=m.get("url"), source=m.get("source"),
        published=_native(m.get("published")), author=m.get("author"), word_count=m["word_count"],
        content_hash=m["content_hash"], ingested_at=_native(m["ingested_at"]),
    )


def _evidence_record(m: dict[str, Any]) -> EvidenceRecord:
    return EvidenceRecord(article_id=m["article_id"], sentence=m["sentence"], start=m["start"], end=m["end"],
                          predicate=m["predicate"], confidence=m["confidence"], date=_native(m.get("date")))


def _top_predicate(counts: Counter[str]) -> str:
    """The most frequent predicate; ties go to the alphabetically first."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _max(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _min(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


# --------------------------------------------------------------------------- write planning


@dataclass
class _EntityState:
    """An entity's aggregates while a write is computed (read from the store, then changed)."""

    id: str
    name: str = ""
    type: str = ""
    exists: bool = False
    mention_count: int = 0
    article_count: int = 0
    first_seen: date | None = None
    last_seen: date | None = None
    surfaces: Counter[str] = field(default_factory=Counter)
    name_keys: tuple[str, ...] = ()
    lookup_keys: tuple[str, ...] = ()
    removed_dates: set[date] = field(default_factory=set)
    added_dates: list[date] = field(default_factory=list)
    touched: bool = False
    stored: dict[str, Any] = field(default_factory=dict)  # the properties as read, to write only changes


_MISSING = object()


def _entity_props(s: _EntityState) -> dict[str, Any]:
    """The stored properties of an entity, derived from its aggregates."""
    surfaces = sorted(k for k, n in s.surfaces.items() if n > 0)
    aliases = [k for k in surfaces if k != s.name]
    name_keys = sorted({_fold(s.name), *(_fold(k) for k in aliases)})
    keys = sorted({_fold(k) for k in lookup_keys(s.name, s.type)} - set(name_keys)) if s.type else []
    return {
        "name": s.name, "type": s.type, "aliases": aliases, "mention_count": s.mention_count,
        "article_count": s.article_count, "first_seen": s.first_seen, "last_seen": s.last_seen,
        "surfaces": surfaces, "surface_n": [s.surfaces[k] for k in surfaces],
        "name_keys": name_keys, "lookup_keys": keys,
        "search_words": _search_words("\n".join([s.name, *aliases])),
    }


@dataclass
class _RelationState:
    id: str
    source: str
    target: str
    type: str
    negated: bool
    exists: bool = False
    weight: int = 0
    predicates: Counter[str] = field(default_factory=Counter)
    confidence: float | None = None
    date: date | None = None
    stored_weight: int = 0  # the weight before this write (0 for a new relation)


def _link_key(a: str, b: str) -> tuple[str, str, str]:
    """(first, second, key) of the ``LINKED`` of two entities: from the id that sorts first."""
    lo, hi = (a, b) if a <= b else (b, a)
    return lo, hi, f"{lo}\x1f{hi}"


def _pairs(entity_ids: Collection[str]) -> Iterator[str]:
    """The link keys of every pair of distinct entities among ``entity_ids``."""
    ordered = sorted(set(entity_ids))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            yield f"{a}\x1f{b}"


class Neo4jStore:
    """A :class:`kg.store.base.GraphStore` on a Neo4j 5 server (Bolt)."""

    name = "neo4j"

    def __init__(self, uri: str, *, user: str = "neo4j", password: str = "", database: str = "neo4j",
                 timeout_s: float = 10.0) -> None:
        if not uri:
            raise ConfigError(f"no Neo4j URI: {_HINT}")
        shown = shown_uri(uri)
        if urlsplit(uri).scheme not in _SCHEMES:
            raise ConfigError(f"NEO4J_URI {shown!r} is not a Bolt URI: use bolt://HOST:7687 or "
                              "neo4j://HOST:7687 (+s or +ssc for TLS)")
        self._uri = shown  # for messages; the driver gets the URI as given
        self._user = user
        self._database = database or "neo4j"
        self._timeout = float(timeout_s)
        # A write of a batch does more than a read: give it room, but still a bound.
        self._write_timeout = max(self._timeout * 6, 60.0)
        auth = (user, password) if password else None
        try:
            self._driver = GraphDatabase.driver(
                uri, auth=auth, connection_timeout=min(self._timeout, 15.0),
                max_transaction_retry_time=self._timeout, user_agent="kg",
                notifications_min_severity="OFF",
            )
        except (ValueError, ConfigurationError) as exc:
            reason = str(exc).replace(uri, shown)
            raise ConfigError(f"NEO4J_URI {shown!r} is not a Neo4j URI ({reason}): use bolt://HOST:7687 "
                              "or neo4j://HOST:7687") from None
        try:
            self.ping()
            self._ensure_schema()
        except BaseException:
            self._driver.close()
            raise

    def __repr__(self) -> str:
        return f"Neo4jStore({self._uri!r}, database={self._database!r})"

    # ------------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Driver errors as kg errors, with the URI and what to do."""
        try:
            yield
        except KGError:
            raise
        except AuthError as exc:
            raise ConfigError(f"Neo4j at {self._uri} refused the credentials of user {self._user!r} "
                              f"({exc.message}): set NEO4J_USER and NEO4J_PASSWORD") from None
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self._uri} is unavailable ({_reason(exc)}); {_HINT}") from None
        except ClientError as exc:
            code = exc.code or ""
            if any(code.endswith(c) for c in _TIMEOUT_CODES):
                raise StoreTimeout(f"Neo4j at {self._uri}: {what} took longer than the limit "
                                   f"(KG_STORE_TIMEOUT_S={self._timeout:g}); narrow the request or "
                                   "raise the limit") from None
            if code.endswith("DatabaseNotFound"):
                raise ConfigError(f"Neo4j at {self._uri} has no database {self._database!r}: "
                                  "set NEO4J_DATABASE (Community has only 'neo4j')") from None
            if ".Security." in code:
                raise ConfigError(f"Neo4j at {self._uri} denied {what} to user {self._user!r} "
                                  f"({exc.message})") from None
            raise QueryError(f"Neo4j refused {what}: {exc.message}") from None
        except TransientError as exc:
            raise StoreUnavailable(f"Neo4j at {self._uri} could not complete {what} after retrying "
                                   f"({exc.message}); try again later") from None
        except (DatabaseError, Neo4jError) as exc:
            raise StoreUnavailable(f"Neo4j at {self._uri} failed {what}: {exc}") from None
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j at {self._uri}: {what} failed in the driver ({exc}); "
                                   f"{_HINT}") from None

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T], what: str) -> T:
        """Run ``work`` in one managed read transaction (a consistent view; retried when transient)."""
        with self._errors(what), self._driver.session(database=self._database,
                                                      default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(unit_of_work(timeout=self._timeout)(work))

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T], what: str) -> T:
        with self._errors(what), self._driver.session(database=self._database) as session:
            return session.execute_write(unit_of_work(timeout=self._write_timeout)(work))

    def _query(self, statement: str, what: str, /, **params: Any) -> list[dict[str, Any]]:
        """One read statement, its rows as dicts. It runs as an auto-commit transaction: one round
        trip to the server, where a managed transaction takes two (measured: 0.8 against 1.6 ms for
        an entity by id). When that fails for a reason worth retrying (a lost connection, a transient
        error), it runs again the managed way, which the driver retries."""
        with self._errors(what):
            try:
                with self._driver.session(database=self._database,
                                          default_access_mode=neo4j.READ_ACCESS) as session:
                    result = session.run(neo4j.Query(statement, timeout=self._timeout), params)
                    return [record.data() for record in result]
            except (ServiceUnavailable, SessionExpired, TransientError):
                pass
        return self._read(lambda tx: _rows(tx, statement, **params), what)

    # ------------------------------------------------------------------ lifecycle

    def ping(self) -> None:
        with self._errors("a ping"):
            try:
                self._driver.verify_connectivity()
            except (ServiceUnavailable, SessionExpired, OSError) as exc:
                raise StoreUnavailable(f"cannot reach Neo4j at {self._uri} ({_reason(exc)}); {_HINT}") from None
        self._query(cypher.PING, "a ping")

    def close(self) -> None:
        self._driver.close()

    def _ensure_schema(self) -> None:
        """Create the constraints and indexes of ``schema/neo4j.cypher`` (IF NOT EXISTS), then wait
        until they are online."""
        for statement in schema_statements():
            with self._errors("creating the schema"):
                try:
                    self._driver.execute_query(statement, database_=self._database)
                except ClientError as exc:
                    # Two stores opening at once may race on the same IF NOT EXISTS: harmless.
                    if "AlreadyExists" not in (exc.code or ""):
                        raise
        with self._errors("waiting for the indexes"):
            self._driver.execute_query(cypher.AWAIT_INDEXES, {"timeout_s": int(max(self._timeout, 60))},
                                       database_=self._database)
        self._ensure_links()
        self._ensure_days()

    def _ensure_days(self) -> None:
        """Give the entities of a graph written before ``ON_DAY`` existed their per-day counts (once)."""
        if not self._query(cypher.DAYS_MISSING, "checking the timelines"):
            return
        log.warning("building the per-day mention counts of the entities at %s (once)", self._uri)
        with self._errors("building the timelines"), self._driver.session(database=self._database) as session:
            session.run(cypher.BUILD_DAYS).consume()

    def _ensure_links(self) -> None:
        """Build the ``LINKED`` aggregate of a graph written before it existed (once; a graph with
        relations but no links). In batches, each its own transaction, under the write lock."""
        if not self._query(cypher.LINKS_MISSING, "checking the links")[0]["missing"]:
            return
        log.warning("building the neighbour links of the graph at %s (once)", self._uri)
        weights: Counter[tuple[str, str]] = Counter()
        for r in self._query(cypher.ALL_RELATION_WEIGHTS, "reading relation weights"):
            weights[_link_key(r["source"], r["target"])[:2]] += r["weight"]
        rows = [{"key": _link_key(a, b)[2], "a": a, "b": b, "weight": n} for (a, b), n in sorted(weights.items())]
        for start in range(0, len(rows), 2000):
            part = rows[start:start + 2000]

            def work(tx: neo4j.ManagedTransaction, part: list[dict[str, Any]] = part) -> None:
                _rows(tx, cypher.TAKE_WRITE_LOCK)
                _rows(tx, cypher.DELETE_LINKS, keys=[r["key"] for r in part])  # a concurrent builder's
                _rows(tx, cypher.CREATE_LINKS, rows=part)

            self._write(work, "building the neighbour links")

    def clear(self) -> None:
        with self._errors("clearing the graph"), self._driver.session(database=self._database) as session:
            for statement in (cypher.CLEAR_RELATIONSHIPS, cypher.CLEAR_NODES):
                session.run(statement).consume()

    # ------------------------------------------------------------------ writes

    def write(self, batch: Sequence[ExtractedArticle], *, force: bool = False) -> WriteResult:
        batch = list(batch)
        if not batch:
            return WriteResult()
        for extracted in batch:
            _check_article(extracted)
        return self._write(lambda tx: _Writer(tx).write(batch, force), f"writing {len(batch)} articles")

    def delete_article(self, article_id: str) -> bool:
        return self._write(lambda tx: _Writer(tx).delete(article_id), f"deleting article {article_id!r}")

    def lookup(self, keys: Collection[str]) -> dict[str, tuple[EntityRef, ...]]:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}
        folded: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            folded[_fold(key)].append(key)
        rows = self._query(cypher.LOOKUP, "a name lookup", keys=list(folded))
        out: dict[str, tuple[EntityRef, ...]] = {}
        for row in rows:
            refs = tuple(EntityRef(id=r["id"], name=r["name"], type=r["type"],
                                   mention_count=r["mention_count"]) for r in row["refs"])
            for key in folded[row["key"]]:
                out[key] = refs
        return {k: out[k] for k in keys if k in out}

    def stored_hashes(self, article_ids: Collection[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        rows = self._query(cypher.STORED_HASHES, "reading content hashes", ids=ids)
        return {r["id"]: r["hash"] for r in rows}

    # ------------------------------------------------------------------ entities

    def entities(self, ids: Collection[str]) -> dict[str, EntityRecord]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        rows = self._query(cypher.ENTITIES, "reading entities", ids=ids)
        return {r["entity"]["id"]: _entity_record(r["entity"]) for r in rows}

    def entity_by_name(self, name: str) -> EntityRecord | None:
        rows = self._query(cypher.ENTITY_BY_NAME, "an entity lookup by name", key=_fold(name))
        return _entity_record(rows[0]["entity"]) if rows else None

    def search_entities(self, query: str, *, types: Collection[str] = (), first: int = 10) -> list[SearchHit]:
        q_words = words(query)
        if not q_words or first <= 0:
            return []
        clauses = []
        for w in dict.fromkeys(q_words):
            term = lucene_escape(w)
            budget = typo_budget(w)
            fuzzy = f" OR {term}~{budget}" if budget else ""
            clauses.append(f"search_words:({term}^4 OR {term}*^2{fuzzy})")
        types = sorted(set(types))
        if types:
            clauses.append("type:(" + " OR ".join(lucene_escape(t) for t in types) + ")")
        lucene = " AND ".join(clauses)
        rows = self._query(cypher.SEARCH_ENTITIES, f"a search for {query!r}", query=lucene,
                           candidates=max(_SEARCH_CANDIDATES, first * 10), types=types)
        hits = []
        for row in rows:
            record = _entity_record(row["entity"])
            tier = relevance(q_words, (record.name, *record.aliases))
            if tier is not None:
                hits.append(SearchHit(entity=record, score=tier))
        hits.sort(key=lambda h: (-h.score, -h.entity.mention_count, h.entity.id))
        return hits[:first]

    def neighbors(self, entity_id: str, *, first: int = 10, min_weight: int = 1, types: Collection[str] = (),
                  relation_types: Collection[str] = ()) -> list[NeighborRecord]:
        statement = cypher.NEIGHBORS_BY_RELATION_TYPE if relation_types else cypher.NEIGHBORS
        rows = self._query(statement, f"the neighbours of {entity_id!r}", id=entity_id, first=first,
                           min_weight=min_weight, types=list(types), relation_types=list(relation_types))
        return [NeighborRecord(entity_id=r["id"], weight=r["weight"],
                               relation_types=tuple(sorted(r["relation_types"])),
                               co_mentions=r["co_mentions"]) for r in rows]

    def relations(self, entity_id: str, *, first: int = 10, after: str | None = None, type: str | None = None,
                  direction: Direction = Direction.BOTH, date_from: date | None = None,
                  date_to: date | None = None) -> Page[RelationRecord]:
        cursor_weight = cursor_id = None
        if after is not None:
            cursor_weight, cursor_id = decode_cursor(after, "relations", int, str)
        direction = Direction(direction)
        ranged = date_from is not None or date_to is not None

        def work(tx: neo4j.ManagedTransaction) -> Page[RelationRecord]:
            statement = cypher.ENTITY_RELATIONS_IN_RANGE if ranged else cypher.ENTITY_RELATIONS
            rows = _rows(tx, statement, id=entity_id, type=type, direction=direction.value,
                         date_from=date_from, date_to=date_to, after_weight=cursor_weight,
                         after_id=cursor_id, limit=first + 1)
            total, rels = (rows[0]["total"], rows[0]["page"]) if rows else (0, [])
            if ranged:
                rels = [_relation_in_range(r) for r in rels]
            page, has_next = rels[:first], len(rels) > first
            evidence = _evidence(tx, [r["id"] for r in page], date_from=date_from, date_to=date_to)
            records = [_relation_record(r, evidence.get(r["id"], [])) for r in page]
            edges = tuple(Edge(cursor=encode_cursor("relations", r.weight, r.id), node=r) for r in records)
            return Page(edges=edges, total_count=total, has_next_page=has_next)

        return self._read(work, f"the relations of {entity_id!r}")

    def co_mentions(self, entity_id: str, *, first: int = 10) -> list[CoMentionRecord]:
        rows = self._query(cypher.CO_MENTIONS, f"the co-mentions of {entity_id!r}", id=entity_id, first=first)
        return [CoMentionRecord(entity_id=r["id"], articles=r["articles"], sentences=r["sentences"])
                for r in rows]

    def timeline(self, entity_id: str, *, interval: Interval = Interval.MONTH, date_from: date | None = None,
                 date_to: date | None = None) -> list[TimelineBucket]:
        interval = Interval(interval)
        rows = self._query(cypher.TIMELINE, f"the timeline of {entity_id!r}", id=entity_id,
                           interval=interval.value, date_from=date_from, date_to=date_to)
        return [TimelineBucket(start=_native(r["start"]), mentions=r["mentions"], articles=r["articles"])
                for r in rows]

    # ------------------------------------------------------------------ articles

    def articles(self, filter: ArticleFilter | None = None, *, first: int = 10, after: str | None = None,
                 order: ArticleOrder = ArticleOrder.PUBLISHED_DESC) -> Page[ArticleRecord]:
        f = filter or ArticleFilter()
        order = ArticleOrder(order)
        key_name = "order_desc" if order is ArticleOrder.PUBLISHED_DESC else "order_asc"
        lo, hi = _key_range(key_name, f.date_from, f.date_to)
        if after is not None:
            published, article_id = decode_cursor(after, "articles", (date, None), str)
            lo = max(lo, _order_key(key_name, published, article_id))
        count_lo, count_hi = _key_range("order_asc", f.date_from, f.date_to)
        params: dict[str, Any] = {"source": f.source, "mentions": list(f.mentions),
                                  "mentions_all": list(f.mentions_all)}
        text_words = words(f.text or "")
        if text_words:
            driver = "text"
            params["query"] = " AND ".join(lucene_escape(w) for w in dict.fromkeys(text_words))
        elif f.mentions or f.mentions_all:
            driver = "mention"
            params["start"] = list(f.mentions) if f.mentions else [f.mentions_all[0]]
        elif f.source is not None:
            driver = "source"
        else:
            driver = "range"
        plain = driver == "range" and f.date_from is None and f.date_to is None
        only_one_entity = (len(f.mentions) == 1 and not f.mentions_all and f.source is None
                           and f.date_from is None and f.date_to is None and not text_words)

        def work(tx: neo4j.ManagedTransaction) -> Page[ArticleRecord]:
            page_driver = driver
            total = None
            if driver == "mention":
                spread = _rows(tx, cypher.MENTION_SPREAD, ids=params["start"])[0]
                if spread["mentioning"] * _DENSE_FILTER > spread["total"]:
                    # entities in many articles: walking the ordered key and checking each article's
                    # MENTIONS finds a page sooner than sorting all of their articles
                    page_driver = "range"
                if only_one_entity:
                    total = spread["mentioning"]  # the entity's article_count, kept by every write
            rows = _rows(tx, cypher.ARTICLES_PAGE[(page_driver, key_name)], lo=lo, hi=hi, limit=first + 1,
                         **params)
            if total is not None:
                pass
            elif plain:
                total = _rows(tx, cypher.COUNT_ALL_ARTICLES)[0]["n"]
            else:
                total = _rows(tx, cypher.ARTICLES_COUNT[driver], lo=count_lo, hi=count_hi, **params)[0]["n"]
            records = [_article_record(r["article"]) for r in rows[:first]]
            edges = tuple(Edge(cursor=encode_cursor("articles", a.published, a.id), node=a) for a in records)
            return Page(edges=edges, total_count=total, has_next_page=len(rows) > first)

        return self._read(work, "an article listing")

    def articles_by_id(self, ids: Collection[str]) -> dict[str, ArticleRecord]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        rows = self._query(cypher.ARTICLES_BY_ID, "reading articles", ids=ids)
        return {r["article"]["id"]: _article_record(r["article"]) for r in rows}

    def article_text(self, article_id: str) -> str | None:
        rows = self._query(cypher.ARTICLE_TEXT, f"the text of {article_id!r}", id=article_id)
        return rows[0]["text"] if rows else None

    def article_mentions(self, article_ids: Collection[str]) -> dict[str, list[ArticleMention]]:
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, list[ArticleMention]] = {i: [] for i in ids}
        if not ids:
            return out
        for r in self._query(cypher.ARTICLE_MENTIONS, "reading mentions", ids=ids):
            out[r["article_id"]].append(ArticleMention(
                article_id=r["article_id"], entity_id=r["entity_id"], count=r["count"],
                surfaces=tuple(r["surfaces"]), first_offset=r["first_offset"]))
        return out

    def article_relations(self, article_ids: Collection[str]) -> dict[str, list[RelationRecord]]:
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, list[RelationRecord]] = {i: [] for i in ids}
        if not ids:
            return out

        def work(tx: neo4j.ManagedTransaction) -> None:
            by_article = {r["article_id"]: r["relation_ids"] for r in
                          _rows(tx, cypher.ARTICLE_RELATION_IDS, ids=ids)}
            rel_ids = sorted({rid for rids in by_article.values() for rid in rids})
            if not rel_ids:
                return
            rels = {r["relation"]["id"]: r["relation"]
                    for r in _rows(tx, cypher.RELATIONS_BY_ID, ids=rel_ids)}
            evidence = _rows(tx, cypher.EVIDENCE, ids=rel_ids, date_from=None, date_to=None, article_ids=ids)
            per: dict[tuple[str, str], list[EvidenceRecord]] = defaultdict(list)
            for row in evidence:
                v = row["evidence"]
                per[(v["article_id"], v["relation_id"])].append(_evidence_record(v))
            for article_id, rids in by_article.items():
                out[article_id] = [_relation_record(rels[rid], per[(article_id, rid)])
                                   for rid in sorted(rids) if rid in rels]

        self._read(work, "reading the relations of articles")
        return out

    # ------------------------------------------------------------------ across the graph

    def shortest_path(self, source: str, target: str, *, max_hops: int = 4) -> PathRecord | None:
        if max_hops < 0 or max_hops > cypher.MAX_PATH_HOPS:
            raise QueryError(f"max_hops={max_hops}: a path search goes 0 to {cypher.MAX_PATH_HOPS} hops")

        def work(tx: neo4j.ManagedTransaction) -> PathRecord | None:
            if source == target:
                found = _rows(tx, cypher.ENTITIES, ids=[source])
                return PathRecord(entity_ids=(source,), relations=()) if found else None
            if max_hops == 0:
                return None
            rows = _rows(tx, cypher.SHORTEST_PATH[max_hops], source=source, target=target)
            if not rows:
                return None
            entity_ids = rows[0]["ids"]
            rels = [r["relation"] for r in _rows(tx, cypher.PATH_RELATIONS, ids=entity_ids)]
            evidence = _evidence(tx, [r["id"] for r in rels])
            relations = tuple(_relation_record(r, evidence.get(r["id"], [])) for r in rels)
            return PathRecord(entity_ids=tuple(entity_ids), relations=relations)

        return self._read(work, f"a path from {source!r} to {target!r}")

    def subgraph(self, ids: Collection[str], *, depth: int = 1, limit: int = 200) -> Subgraph:
        seeds = list(dict.fromkeys(ids))

        def work(tx: neo4j.ManagedTransaction) -> Subgraph:
            found = {r["entity"]["id"]: r["entity"] for r in _rows(tx, cypher.ENTITIES, ids=seeds)}
            chosen = sorted(found, key=lambda i: (-found[i]["mention_count"], i))
            truncated = len(chosen) > limit
            chosen = chosen[:limit]
            frontier = list(chosen)
            seen = set(chosen)
            for _ in range(max(depth, 0)):
                if not frontier or truncated:
                    break
                step = {r["id"]: r["mention_count"]
                        for r in _rows(tx, cypher.EXPAND, ids=frontier, seen=sorted(seen))}
                ranked = sorted(step, key=lambda i: (-step[i], i))
                room = limit - len(chosen)
                if len(ranked) > room:
                    ranked, truncated = ranked[:room], True
                chosen.extend(ranked)
                seen.update(ranked)
                frontier = ranked
            entities = {r["entity"]["id"]: _entity_record(r["entity"])
                        for r in _rows(tx, cypher.ENTITIES, ids=chosen)}
            rels = sorted((r["relation"] for r in _rows(tx, cypher.RELATIONS_AMONG, ids=chosen)),
                          key=lambda r: r["id"])
            evidence = _evidence(tx, [r["id"] for r in rels])
            return Subgraph(entities=tuple(entities[i] for i in chosen if i in entities),
                            relations=tuple(_relation_record(r, evidence.get(r["id"], [])) for r in rels),
                            truncated=truncated)

        return self._read(work, "a subgraph")

    def top_entities(self, *, type: str | None = None, date_from: date | None = None,
                     date_to: date | None = None, first: int = 10) -> list[RankedEntity]:
        if date_from is None and date_to is None:
            rows = self._query(cypher.TOP_ENTITIES_ALL_TIME, "the top entities", type=type, first=first)
        else:
            rows = self._query(cypher.TOP_ENTITIES_IN_RANGE, "the top entities", type=type, first=first,
                               date_from=date_from, date_to=date_to)
        return [RankedEntity(entity=_entity_record(r["entity"]), mentions=r["mentions"],
                             articles=r["articles"]) for r in rows]

    def trending_entities(self, *, window_days: int = 7, first: int = 10) -> list[RankedEntity]:
        if window_days < 1:
            raise QueryError(f"window_days={window_days}: a trending window is at least one day")

        def work(tx: neo4j.ManagedTransaction) -> list[RankedEntity]:
            last = _rows(tx, cypher.LAST_PUBLISHED)
            if not last:
                return []
            cur_to = _native(last[0]["day"])
            cur_from = cur_to - timedelta(days=window_days - 1)
            prev_from = cur_from - timedelta(days=window_days)
            rows = _rows(tx, cypher.TRENDING, cur_to=cur_to, cur_from=cur_from, prev_from=prev_from,
                         first=first)
            return [RankedEntity(entity=_entity_record(r["entity"]), mentions=r["mentions"],
                                 articles=r["articles"], previous=r["previous"]) for r in rows]

        return self._read(work, "the trending entities")

    def relation_types(self) -> list[tuple[str, int]]:
        return [(r["type"], r["n"]) for r in self._query(cypher.RELATION_TYPES, "the relation types")]

    def sources(self) -> list[tuple[str, int]]:
        return [(r["name"], r["n"]) for r in self._query(cypher.SOURCES, "the sources")]

    def stats(self) -> Stats:
        def work(tx: neo4j.ManagedTransaction) -> Stats:
            row = _rows(tx, cypher.STATS)[0]
            by_type = {r["type"]: r["n"] for r in _rows(tx, cypher.ENTITIES_BY_TYPE)}
            first = _rows(tx, cypher.FIRST_PUBLISHED)
            last = _rows(tx, cypher.LAST_PUBLISHED)
            return Stats(articles=row["articles"], entities=row["entities"], entities_by_type=by_type,
                         relations=row["relations"], mentions=row["mentions"] or 0, sources=row["sources"],
                         first_published=_native(first[0]["day"]) if first else None,
                         last_published=_native(last[0]["day"]) if last else None)

        return self._read(work, "the statistics")


# --------------------------------------------------------------------------- helpers


def schema_statements() -> list[str]:
    """The statements of ``schema/neo4j.cypher``: split at semicolons ending a line, comments out."""
    text = resources.files("schema").joinpath("neo4j.cypher").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    statements, current = [], []
    for line in lines:
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).strip().rstrip(";").strip())
            current = []
    if "".join(current).strip():
        statements.append("\n".join(current).strip())
    return [s for s in statements if s]


def _rows(tx: neo4j.ManagedTransaction, statement: str, /, **params: Any) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(statement, params)]


def _evidence(tx: neo4j.ManagedTransaction, relation_ids: Sequence[str], *, date_from: date | None = None,
              date_to: date | None = None) -> dict[str, list[EvidenceRecord]]:
    out: dict[str, list[EvidenceRecord]] = defaultdict(list)
    if not relation_ids:
        return out
    for row in _rows(tx, cypher.EVIDENCE, ids=list(relation_ids), date_from=date_from, date_to=date_to,
                     article_ids=None):
        v = row["evidence"]
        out[v["relation_id"]].append(_evidence_record(v))
    return out


def _relation_in_range(m: dict[str, Any]) -> dict[str, Any]:
    """A relation's aggregates over the evidence of a date range only."""
    counts = Counter(m["predicates"])
    return {**m, "predicate": _top_predicate(counts)}


def _relation_record(m: dict[str, Any], evidence: Sequence[EvidenceRecord]) -> RelationRecord:
    ordered = sorted(evidence, key=lambda v: (v.article_id, v.start))
    return RelationRecord(
        id=m["id"], source=m["source"], target=m["target"], type=m["type"], predicate=m["predicate"],
        negated=m["negated"], confidence=m["confidence"], date=_native(m.get("date")), weight=m["weight"],
        evidence=tuple(ordered),
    )


def _check_article(extracted: ExtractedArticle) -> None:
    """Refuse an extraction that cannot be stored consistently (the rules of ``kg.store.base``),
    naming the article."""
    article = extracted.article
    where = f"article {article.id}" + (f" ({article.origin})" if article.origin else "")
    entity_ids = [e.id for e in extracted.entities]
    mention_ids = [m.entity_id for m in extracted.mentions]
    for e in extracted.entities:
        try:
            kind_of(e.type)
        except ValueError:
            raise InputError(where, f"entity {e.id!r} has the unknown type {e.type!r}: use one of "
                             "kg.model.EntityType") from None
    for label, values in (("entities", entity_ids), ("mentions", mention_ids)):
        dupes = sorted(i for i, n in Counter(values).items() if n > 1)
        if dupes:
            raise InputError(where, f"{dupes[0]!r} appears twice among its {label}: merge them first")
    if set(entity_ids) != set(mention_ids):
        stray = sorted(set(entity_ids) ^ set(mention_ids))[0]
        side = "a mention without an entity" if stray in mention_ids else "an entity without a mention"
        raise InputError(where, f"{stray!r} is {side}: every entity needs exactly one mention")
    known = set(entity_ids)
    for r in extracted.relations:
        for end in (r.source, r.target):
            if end not in known:
                raise InputError(where, f"relation {r.type} {r.source!r} -> {r.target!r} names {end!r}, "
                                 "which is not among the article's entities")


class _Writer:
    """The work of one write transaction: reads the state it needs, computes, applies."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx
        self._hashes: dict[int, str] = {}

    def hash_of(self, x: ExtractedArticle) -> str:
        """``content_hash`` once per article (it normalises and hashes the whole text)."""
        key = id(x)
        if key not in self._hashes:
            self._hashes[key] = x.article.content_hash
        return self._hashes[key]

    def run(self, statement: str, /, **params: Any) -> list[dict[str, Any]]:
        return _rows(self.tx, statement, **params)

    def write(self, batch: Sequence[ExtractedArticle], force: bool) -> WriteResult:
        self.run(cypher.TAKE_WRITE_LOCK)
        ids = list(dict.fromkeys(x.article.id for x in batch))
        stored = {r["id"]: r["hash"] for r in self.run(cypher.STORED_HASHES, ids=ids)}
        written = relations = 0
        entity_ids: set[str] = set()
        unchanged: list[str] = []
        # An id appears at most once per round, so that a batch repeating an article is applied in order.
        rounds: list[list[ExtractedArticle]] = [[]]
        for x in batch:
            if any(y.article.id == x.article.id for y in rounds[-1]):
                rounds.append([])
            rounds[-1].append(x)
        for round_ in rounds:
            todo = []
            for x in round_:
                if not force and stored.get(x.article.id) == self.hash_of(x):
                    unchanged.append(x.article.id)
                else:
                    todo.append(x)
            if not todo:
                continue
            replaced = [x.article.id for x in todo if x.article.id in stored]
            relations += self.apply(replaced, todo)
            written += len(todo)
            entity_ids.update(m.entity_id for x in todo for m in x.mentions)
            stored.update({x.article.id: self.hash_of(x) for x in todo})
        return WriteResult(written=written, unchanged=len(unchanged), entities=len(entity_ids),
                           relations=relations, skipped=tuple(unchanged))

    def delete(self, article_id: str) -> bool:
        self.run(cypher.TAKE_WRITE_LOCK)
        if not self.run(cypher.STORED_HASHES, ids=[article_id]):
            return False
        self.apply([article_id], [])
        self.run(cypher.DELETE_ARTICLES, ids=[article_id])
        return True

    def apply(self, removed: Sequence[str], added: Sequence[ExtractedArticle]) -> int:
        """Take the stored support of ``removed`` out and put ``added`` in; returns the number of
        evidence rows written."""
        old = self.run(cypher.OLD_SUPPORT, ids=list(removed)) if removed else []
        if removed:
            self.run(cypher.DELETE_SUPPORT, ids=list(removed))

        # -- entities: current state of every entity touched
        touched = {m["entity_id"] for o in old for m in o["mentions"]}
        touched |= {m.entity_id for x in added for m in x.mentions}
        states = {i: _EntityState(id=i) for i in touched}
        for r in self.run(cypher.ENTITY_STATE, ids=sorted(touched)):
            s = states[r["id"]]
            s.exists, s.name, s.type = True, r["name"], r["type"]
            s.mention_count, s.article_count = r["mention_count"], r["article_count"]
            s.first_seen, s.last_seen = _native(r["first_seen"]), _native(r["last_seen"])
            s.surfaces = Counter(dict(zip(r["surfaces"] or [], r["surface_n"] or [], strict=True)))
            s.name_keys, s.lookup_keys = tuple(r["name_keys"] or ()), tuple(r["lookup_keys"] or ())
            s.stored = _entity_props(s)

        # -- take the old support out
        day_changes: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0])  # mentions, articles
        old_sources = set()
        old_relations = set()
        for o in old:
            published = _native(o["published"])
            if o["source"] is not None:
                old_sources.add(o["source"])
            old_relations.update(o["relation_ids"])
            for m in o["mentions"]:
                s = states[m["entity_id"]]
                s.touched = True
                s.mention_count -= m["count"]
                s.article_count -= 1
                s.surfaces.subtract(m["names"] or [])
                if published is not None:
                    s.removed_dates.add(published)
                    day_changes[(s.id, published)][0] -= m["count"]
                    day_changes[(s.id, published)][1] -= 1
        boundary = [s.id for s in states.values()
                    if s.removed_dates & {d for d in (s.first_seen, s.last_seen) if d is not None}]
        if boundary:
            seen = {r["id"]: r for r in self.run(cypher.ENTITY_SEEN, ids=boundary)}
            for i in boundary:
                row = seen.get(i)
                states[i].first_seen = _native(row["first_seen"]) if row else None
                states[i].last_seen = _native(row["last_seen"]) if row else None

        # -- put the new support in (entity name and type: the latest article of the batch wins)
        article_rows, mention_rows, evidence_rows = [], [], []
        relation_adds: dict[str, list[tuple[str, str, float, date | None]]] = defaultdict(list)
        relation_keys: dict[str, tuple[str, str, str, bool]] = {}
        now = datetime.now(UTC)
        for x in added:
            a = x.article
            article_rows.append({"id": a.id, "source": a.source, "props": {
                "url": a.url, "title": a.title, "published": a.published, "source": a.source,
                "author": a.author, "word_count": a.word_count, "content_hash": self.hash_of(x),
                "ingested_at": now, "text": a.text,
                "search_words": _search_words(f"{a.title or ''}\n{a.text}"),
                "order_desc": _order_key("order_desc", a.published, a.id),
                "order_asc": _order_key("order_asc", a.published, a.id),
            }})
            by_id = {e.id: e for e in x.entities}
            for m in x.mentions:
                s = states[m.entity_id]
                e = by_id[m.entity_id]
                s.touched = True
                s.name, s.type = e.name, e.type
                s.mention_count += m.count
                s.article_count += 1
                names = sorted(set(m.surfaces) | set(e.aliases))
                s.surfaces.update(names)
                if a.published is not None:
                    s.added_dates.append(a.published)
                    day_changes[(s.id, a.published)][0] += m.count
                    day_changes[(s.id, a.published)][1] += 1
                mention_rows.append({"article_id": a.id, "entity_id": m.entity_id, "count": m.count,
                                     "surfaces": sorted(set(m.surfaces)), "names": names,
                                     "sentences": sorted(set(m.sentences)),
                                     "first_offset": m.first_offset, "published": a.published})
            seen_evidence = set()
            for r in x.relations:
                rid = kg_ids.relation_id(r.source, r.target, r.type, r.negated)
                if (rid, r.start) in seen_evidence:
                    continue
                seen_evidence.add((rid, r.start))
                relation_keys[rid] = (r.source, r.target, r.type, r.negated)
                relation_adds[rid].append((a.id, r.predicate, r.confidence, r.date))
                evidence_rows.append({"relation_id": rid, "article_id": a.id, "sentence": r.sentence,
                                      "start": r.start, "end": r.end, "predicate": r.predicate,
                                      "confidence": r.confidence, "date": r.date, "published": a.published})

        # -- entity rows
        merge_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        dead_entities = []
        names_add: dict[str, list[dict[str, str]]] = {"NAMED": [], "KEYED": []}
        names_remove: list[dict[str, str]] = []
        maybe_orphan_keys: set[str] = set()
        for s in states.values():
            if not s.touched:
                continue
            if s.mention_count <= 0 or s.article_count <= 0:
                if s.exists:
                    dead_entities.append(s.id)
                    maybe_orphan_keys.update(s.name_keys, s.lookup_keys)
                continue
            for d in s.added_dates:
                s.first_seen, s.last_seen = _min(s.first_seen, d), _max(s.last_seen, d)
            props = _entity_props(s)
            # only what changed: a property set to its own value still rewrites records and indexes
            changed = {k: v for k, v in props.items() if s.stored.get(k, _MISSING) != v}
            if changed:
                merge_rows[kind_of(s.type)].append({"id": s.id, "props": changed})
            name_keys, keys = props["name_keys"], props["lookup_keys"]
            old_pairs = {("NAMED", k) for k in s.name_keys} | {("KEYED", k) for k in s.lookup_keys}
            new_pairs = {("NAMED", k) for k in name_keys} | {("KEYED", k) for k in keys}
            # REMOVE_NAMES drops both kinds of link for a key; a key that changes kind is re-added
            for _rel, k in sorted(old_pairs - new_pairs):
                names_remove.append({"id": s.id, "key": k})
                maybe_orphan_keys.add(k)
            removed_keys = {k for _rel, k in old_pairs - new_pairs}
            for rel, k in sorted(new_pairs):
                if (rel, k) not in old_pairs or k in removed_keys:
                    names_add[rel].append({"id": s.id, "key": k})

        # -- relation aggregates: recomputed from evidence where some was removed, else incremental
        rel_ids = sorted(old_relations | set(relation_adds))
        rstates: dict[str, _RelationState] = {}
        for r in self.run(cypher.RELATION_STATE, ids=rel_ids) if rel_ids else []:
            rs = _RelationState(id=r["id"], source=r["source"], target=r["target"], type="", negated=False,
                                exists=True, weight=r["weight"], confidence=r["confidence"],
                                date=_native(r["date"]), stored_weight=r["weight"])
            rs.predicates = Counter(dict(zip(r["pred_names"] or [], r["pred_counts"] or [], strict=True)))
            rstates[rs.id] = rs
        recompute = sorted(i for i in old_relations if i in rstates)
        if recompute:
            for i in recompute:
                rs = rstates[i]
                rs.weight, rs.predicates, rs.confidence, rs.date = 0, Counter(), None, None
            for r in self.run(cypher.RELATION_FROM_EVIDENCE, ids=recompute):
                rs = rstates[r["id"]]
                rs.weight, rs.predicates = r["weight"], Counter(r["predicates"])
                rs.confidence, rs.date = r["confidence"], _native(r["date"])
        relation_create, relation_update, relation_delete = [], [], []
        link_changes: Counter[tuple[str, str]] = Counter()
        for rid in rel_ids:
            rs = rstates.get(rid)
            if rs is None:
                source, target, type_, negated = relation_keys[rid]
                rs = _RelationState(id=rid, source=source, target=target, type=type_, negated=negated)
            adds = relation_adds.get(rid, [])
            rs.weight += len({article_id for article_id, *_ in adds})
            for _article_id, predicate, confidence, day in adds:
                rs.predicates[predicate] += 1
                rs.confidence = _max(rs.confidence, confidence)
                rs.date = _max(rs.date, day)
            if rs.source != rs.target:
                link_changes[_link_key(rs.source, rs.target)[:2]] += max(rs.weight, 0) - rs.stored_weight
            if rs.weight <= 0:
                if rs.exists:
                    relation_delete.append(rid)
                continue
            names = sorted(rs.predicates)
            props = {"weight": rs.weight, "predicate": _top_predicate(rs.predicates),
                     "confidence": rs.confidence, "date": rs.date, "pred_names": names,
                     "pred_counts": [rs.predicates[n] for n in names]}
            if rs.exists:
                relation_update.append({"id": rid, "props": props})
            else:
                relation_create.append({"id": rid, "source": rs.source, "target": rs.target, "props": {
                    **props, "type": rs.type, "negated": rs.negated}})

        # -- apply, in an order where every MATCH finds its nodes
        if article_rows:
            self.run(cypher.UPSERT_ARTICLES, rows=article_rows)
        for kind, rows in sorted(merge_rows.items()):
            self.run(cypher.MERGE_ENTITIES[kind], rows=rows)
        dead = set(dead_entities)
        day_rows = [{"id": i, "key": f"{i}\x1f{d.isoformat()}", "day": d, "mentions": n, "articles": k}
                    for (i, d), (n, k) in sorted(day_changes.items()) if (n or k) and i not in dead]
        if day_rows:
            self.run(cypher.CHANGE_DAYS, rows=day_rows)
        if mention_rows:
            self.run(cypher.CREATE_MENTIONS, rows=mention_rows)
        if relation_delete:
            self.run(cypher.DELETE_RELATIONS, ids=relation_delete)
        if relation_update:
            self.run(cypher.UPDATE_RELATIONS, rows=relation_update)
        if relation_create:
            self.run(cypher.CREATE_RELATIONS, rows=relation_create)
        if evidence_rows:
            self.run(cypher.CREATE_EVIDENCE, rows=evidence_rows)
        self._apply_links(link_changes, [[m["entity_id"] for m in o["mentions"]] for o in old],
                          [[m.entity_id for m in x.mentions] for x in added])
        if names_remove:
            self.run(cypher.REMOVE_NAMES, rows=names_remove)
        for rel, rows in names_add.items():
            if rows:
                self.run(cypher.ADD_NAMES[rel], rows=rows)
        if dead_entities:
            self.run(cypher.DELETE_ENTITIES, ids=dead_entities)
        if maybe_orphan_keys:
            self.run(cypher.DELETE_ORPHAN_NAMES, keys=sorted(maybe_orphan_keys))
        if old_sources:
            self.run(cypher.DELETE_ORPHAN_SOURCES, names=sorted(old_sources))
        return len(evidence_rows)

    def _apply_links(self, weight_changes: Counter[tuple[str, str]], removed: Sequence[Sequence[str]],
                     added: Sequence[Sequence[str]]) -> None:
        """Keep ``LINKED`` in step (after the mentions and relations of the write are in place):
        weights from the relations' weight changes, co-mentions from the articles taken out and put in."""
        changes = {_link_key(a, b)[2]: (a, b, n) for (a, b), n in weight_changes.items() if n}
        stored = {r["key"]: r["weight"] for r in self.run(cypher.LINK_STATE, keys=sorted(changes))} \
            if changes else {}
        update, delete, create = [], [], []
        for key, (a, b, n) in sorted(changes.items()):
            if key in stored:
                weight = stored[key] + n
                if weight > 0:
                    update.append({"key": key, "weight": weight})
                else:
                    delete.append(key)
            elif n > 0:
                create.append({"key": key, "a": a, "b": b, "weight": n})
        co: Counter[str] = Counter()
        for ids in removed:
            co.subtract(_pairs(ids))
        for ids in added:
            co.update(_pairs(ids))
        fresh = {row["key"] for row in create}
        co_rows = [{"key": k, "change": n} for k, n in sorted(co.items()) if n and k not in fresh]
        if delete:
            self.run(cypher.DELETE_LINKS, keys=delete)
        if update:
            self.run(cypher.UPDATE_LINKS, rows=update)
        if co_rows:
            self.run(cypher.CHANGE_LINK_CO_MENTIONS, rows=co_rows)
        if create:
            self.run(cypher.CREATE_LINKS, rows=create)
