"""The embedded graph store: one SQLite file, no server (``KG_STORE=embedded``, the default).

* WAL journal, so that ``kg load`` writes while ``kg serve`` reads the same file; one writer at a
  time (``BEGIN IMMEDIATE``, waiting up to ``timeout_s`` for the lock); each read method runs in one
  read transaction and so sees one consistent snapshot.
* One connection per thread (the API calls the store from a thread pool); ``close()`` closes them all.
* Aggregates (counts, first/last seen, weights, co-mentions, aliases, neighbour links, the counters of
  ``stats``) are maintained by each write and delete, so reads cost what their answer costs, not
  what the graph holds. Within one ``write`` the aggregates many articles touch are summed per key
  and applied once, in key order.
* FTS5 indexes entity names and aliases (search) and article titles and texts (``ArticleFilter.text``).

The SQL lives in :mod:`kg.store.sql`; the rules it follows in :mod:`kg.store.base`.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from kg.errors import InputError, KGError, QueryError, StoreTimeout, StoreUnavailable
from kg.ids import relation_id
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
    EntityType,
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
    lookup_keys,
)
from kg.store import sql
from kg.store.cursors import decode_cursor, encode_cursor
from kg.store.textsearch import relevance, typo_budget, words

#: Entity-search candidates ranked in Python per query (the best by mention count).
SEARCH_CANDIDATES = 500
#: Vocabulary terms a typo of one query word may stand for.
TYPO_TERMS = 20

_TYPES = frozenset(t.value for t in EntityType)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _ids(values: Collection[Any]) -> str:
    return json.dumps(list(values))


class SQLiteStore:
    """A :class:`kg.store.base.GraphStore` in one SQLite file at ``path`` (created with its folder)."""

    name = "embedded"
    #: SQLite VM instructions between two looks at the query deadline
    progress_steps = 20_000

    def __init__(self, path: Path | str, *, timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot create the folder of the embedded store {self.path.parent}: {exc.strerror or exc}; "
                "choose a writable folder with KG_DATA_DIR") from None
        if self.path.is_dir():
            raise StoreUnavailable(f"the embedded store {self.path} is a folder, not a file: remove it or "
                                   "set KG_DATA_DIR to another folder")
        self._open_schema()

    # ------------------------------------------------------------------ connections and transactions

    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._closed:
            raise StoreUnavailable(f"the embedded store {self.path} was closed: open it again")
        with self._translate():
            conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None,
                                   check_same_thread=False)
            try:
                conn.execute(f"PRAGMA busy_timeout={int(self.timeout_s * 1000)}")
                for pragma in sql.CONNECTION_PRAGMAS:
                    conn.execute(pragma)
            except BaseException:
                conn.close()
                raise
        self._local.conn = conn
        self._local.deadline = None
        conn.set_progress_handler(self._progress, self.progress_steps)
        with self._lock:
            self._connections.append(conn)
        return conn

    def _progress(self) -> int:
        deadline = getattr(self._local, "deadline", None)
        return 1 if deadline is not None and time.monotonic() > deadline else 0

    def _open_schema(self) -> None:
        with self._write() as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != sql.APPLICATION_ID:
                tables = conn.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").fetchone()[0]
                if tables:
                    raise StoreUnavailable(
                        f"{self.path} is a SQLite database but not a kg store: move it aside or set "
                        "KG_DATA_DIR to another folder")
            elif 0 < version < sql.OLDEST_READABLE_SCHEMA:
                raise StoreUnavailable(
                    f"{self.path} was made by an older development version of kg (schema {version}): "
                    "delete it and load your articles again")
            elif version > sql.SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"{self.path} was made by a newer kg (schema {version}, this kg knows "
                    f"{sql.SCHEMA_VERSION}): upgrade kg")
            for statement in sql.SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id={sql.APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={sql.SCHEMA_VERSION}")

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """Turn the sqlite3 module's errors into kg's, with the path and what to do."""
        try:
            yield
        except KGError:
            raise
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> KGError:
        message = str(exc)
        low = message.lower()
        path = self.path
        if "interrupted" in low:
            return StoreTimeout(f"a query on the embedded store {path} ran longer than {self.timeout_s:g} s: "
                                "ask for less, or raise KG_STORE_TIMEOUT_S")
        if "locked" in low or "busy" in low:
            return StoreUnavailable(
                f"the embedded store {path} stayed locked by another process for more than "
                f"{self.timeout_s:g} s (a running `kg load`?): try again when it is done, or raise "
                "KG_STORE_TIMEOUT_S")
        if "readonly" in low or "read-only" in low:
            return StoreUnavailable(
                f"the embedded store {path} is read-only: kg needs write access to the file and its folder "
                "(for the -wal and -shm files next to it)")
        if "not a database" in low or "malformed" in low or "corrupt" in low:
            return StoreUnavailable(
                f"{path} is not a kg store or is damaged ({message}): move it aside (kg then starts a new "
                "one) or restore a copy")
        if "unable to open" in low or "disk i/o" in low:
            return StoreUnavailable(f"cannot open the embedded store {path} ({message}): check that the "
                                    "folder exists and is writable, or set KG_DATA_DIR")
        if isinstance(exc, sqlite3.ProgrammingError) and "closed" in low:
            return StoreUnavailable(f"the embedded store {path} was closed: open it again")
        if "no such module: fts5" in low:
            return StoreUnavailable("this Python's SQLite lacks FTS5, which the embedded store needs: use a "
                                    "Python built with a standard SQLite (3.35 or newer)")
        return StoreUnavailable(f"the embedded store {path} failed: {message}")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (one snapshot), bounded by ``timeout_s``."""
        conn = self._connect()
        with self._translate():
            conn.execute("BEGIN")
            self._local.deadline = time.monotonic() + self.timeout_s
            try:
                yield conn
            finally:
                self._local.deadline = None
                if conn.in_transaction:
                    conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it or none of it."""
        conn = self._connect()
        with self._translate():
            if not getattr(self._local, "writer", False):
                for pragma in sql.WRITER_PRAGMAS:
                    conn.execute(pragma)
                self._local.writer = True
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _check_deadline(self) -> None:
        deadline = getattr(self._local, "deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            raise self._error(sqlite3.OperationalError("interrupted"))

    # ------------------------------------------------------------------ lifecycle

    def ping(self) -> None:
        with self._read() as conn:
            conn.execute("SELECT count(*) FROM source").fetchone()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            with suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()

    def clear(self) -> None:
        with self._write() as conn:
            conn.execute(sql.CLEAR_ARTICLE_FTS)
            conn.execute(sql.CLEAR_ENTITY_FTS)
            for table in sql.TABLES_IN_DELETE_ORDER:
                conn.execute(f"DELETE FROM {table}")  # a fixed name from sql.py

    # ------------------------------------------------------------------ writes

    def write(self, batch: Sequence[ExtractedArticle], *, force: bool = False) -> WriteResult:
        written = 0
        skipped: list[str] = []
        entity_ids: set[str] = set()
        evidence_rows = 0
        if not batch:
            return WriteResult()
        now = datetime.now(UTC).isoformat()
        with self._write() as conn:
            writer = _Writer(conn)
            for extracted in batch:
                article = extracted.article
                _validate(extracted)
                old = conn.execute(sql.ARTICLE_BY_ID, (article.id,)).fetchone()
                if old is not None and old[1] == article.content_hash and not force:
                    skipped.append(article.id)
                    continue
                if old is not None:
                    writer.remove(old)
                evidence_rows += writer.add(extracted, now)
                entity_ids.update(e.id for e in extracted.entities)
                written += 1
            writer.finish()
        return WriteResult(written=written, unchanged=len(skipped), entities=len(entity_ids),
                           relations=evidence_rows, skipped=tuple(skipped))

    def delete_article(self, article_id: str) -> bool:
        with self._write() as conn:
            old = conn.execute(sql.ARTICLE_BY_ID, (article_id,)).fetchone()
            if old is None:
                return False
            writer = _Writer(conn)
            writer.remove(old)
            writer.finish()
        return True

    def lookup(self, keys: Collection[str]) -> dict[str, tuple[EntityRef, ...]]:
        by_fold: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            if key and key.strip():
                by_fold[_fold(key)].append(key)
        if not by_fold:
            return {}
        found: dict[str, list[EntityRef]] = defaultdict(list)
        with self._read() as conn:
            for folded, eid, name, type_, mentions in conn.execute(sql.LOOKUP, (_ids(by_fold),)):
                found[folded].append(EntityRef(eid, name, type_, mentions))
        return {key: tuple(found[folded]) for folded, originals in by_fold.items() if folded in found
                for key in originals}

    def stored_hashes(self, article_ids: Collection[str]) -> dict[str, str]:
        with self._read() as conn:
            return dict(conn.execute(sql.STORED_HASHES, (_ids(article_ids),)).fetchall())

    # ------------------------------------------------------------------ entities

    def entities(self, ids: Collection[str]) -> dict[str, EntityRecord]:
        with self._read() as conn:
            rows = conn.execute(sql.ENTITIES_BY_ID, (_ids(ids),)).fetchall()
            records = _entity_records(conn, rows)
        return {r.id: r for r in records.values()}

    def entity_by_name(self, name: str) -> EntityRecord | None:
        if not name or not name.strip():
            return None
        with self._read() as conn:
            row = conn.execute(sql.ENTITY_BY_NAME, {"name": _fold(name)}).fetchone()
            if row is None:
                return None
            rows = conn.execute(sql.ENTITIES_BY_ID, (_ids([row[0]]),)).fetchall()
            return next(iter(_entity_records(conn, rows).values()))

    def search_entities(self, query: str, *, types: Collection[str] = (), first: int = 10) -> list[SearchHit]:
        q = words(query)
        if not q or first <= 0:
            return []
        type_param = _ids(types) if types else None
        with self._read() as conn:
            match = " AND ".join(f'"{w}"*' for w in q)
            eids = {r[0] for r in conn.execute(sql.SEARCH_CANDIDATES,
                                                {"match": match, "types": type_param,
                                                 "limit": SEARCH_CANDIDATES})}
            for exact in {" ".join(q), _fold(query)}:
                eids.update(r[0] for r in conn.execute(sql.SEARCH_EXACT, {"name": exact, "types": type_param}))
            hits = self._rank(conn, eids, q)
            if len(hits) < first:
                typo_match = self._typo_match(conn, q)
                if typo_match is not None:
                    more = {r[0] for r in conn.execute(sql.SEARCH_CANDIDATES,
                                                        {"match": typo_match, "types": type_param,
                                                         "limit": SEARCH_CANDIDATES})}
                    hits = self._rank(conn, eids | more, q)
        return hits[:first]

    def _rank(self, conn: sqlite3.Connection, eids: Collection[int], q: list[str]) -> list[SearchHit]:
        if not eids:
            return []
        rows = conn.execute(sql.ENTITIES_BY_EID, (_ids(eids),)).fetchall()
        records = _entity_records(conn, rows)
        scored = []
        for record in records.values():
            score = relevance(q, (record.name, *record.aliases))
            if score is not None:
                scored.append(SearchHit(record, score))
        scored.sort(key=lambda h: (-h.score, -h.entity.mention_count, h.entity.id))
        return scored

    def _typo_match(self, conn: sqlite3.Connection, q: list[str]) -> str | None:
        """An FTS query that also accepts, for each query word, the indexed words a small typo away
        (candidates share the first letter)."""
        parts = []
        any_typo = False
        for w in q:
            alternatives = [f'"{w}"*']
            budget = typo_budget(w)
            if budget:
                lo = w[0]
                hi = chr(ord(lo) + 1)
                terms = [t for (t,) in conn.execute(sql.VOCABULARY_RANGE, (lo, hi))
                         if abs(len(t) - len(w)) <= budget]
                close = process.extract(w, terms, scorer=Levenshtein.distance, score_cutoff=budget,
                                        limit=TYPO_TERMS)
                for term, _distance, _ in close:
                    if term != w:
                        alternatives.append(f'"{term}"')
                        any_typo = True
            parts.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(parts) if any_typo else None

    def neighbors(self, entity_id: str, *, first: int = 10, min_weight: int = 1, types: Collection[str] = (),
                  relation_types: Collection[str] = ()) -> list[NeighborRecord]:
        with self._read() as conn:
            eid = _eid(conn, entity_id)
            if eid is None:
                return []
            params = {"eid": eid, "min_weight": min_weight, "limit": first,
                      "types": _ids(types) if types else None}
            if relation_types:
                rows = conn.execute(sql.NEIGHBORS_BY_RELATION_TYPE,
                                    {**params, "rtypes": _ids(relation_types)}).fetchall()
                return [NeighborRecord(other, weight, tuple(sorted(json.loads(kinds))), co)
                        for other, kinds, weight, co in rows]
            rows = conn.execute(sql.NEIGHBORS, params).fetchall()
            kinds: dict[int, set[str]] = defaultdict(set)
            for other_eid, kind in conn.execute(sql.TYPES_AMONG, {"eid": eid, "others": _ids([r[1] for r in rows])}):
                kinds[other_eid].add(kind)
            return [NeighborRecord(other, weight, tuple(sorted(kinds[other_eid])), co)
                    for other, other_eid, weight, co in rows]

    def relations(self, entity_id: str, *, first: int = 10, after: str | None = None, type: str | None = None,
                  direction: Direction = Direction.BOTH, date_from: date | None = None,
                  date_to: date | None = None) -> Page[RelationRecord]:
        after_weight, after_id = sql.NO_WEIGHT, ""
        if after is not None:
            after_weight, after_id = decode_cursor(after, "relations", int, str)
        dated = date_from is not None or date_to is not None
        direction = Direction(direction)
        params = {
            "out": int(direction in (Direction.OUT, Direction.BOTH)),
            "in": int(direction in (Direction.IN, Direction.BOTH)),
            "type": type, "date_from": _day(date_from) or sql.NO_DATE_FROM,
            "date_to": _day(date_to) or sql.NO_DATE_TO,
            "after_weight": after_weight, "after_id": after_id, "limit": first + 1,
        }
        with self._read() as conn:
            eid = _eid(conn, entity_id)
            if eid is None:
                return Page(edges=(), total_count=0, has_next_page=False)
            params["eid"] = eid
            if dated:
                in_range, everything = conn.execute(sql.ENTITY_ARTICLES_IN_RANGE, params).fetchone()
                narrow = in_range < sql.NARROW_RANGE * everything
                query = sql.ENTITY_RELATIONS_DATED_NARROW if narrow else sql.ENTITY_RELATIONS_DATED
                matching = sorted(conn.execute(query, params).fetchall(), key=lambda r: (-r[2], r[1]))
                total = len(matching)
                rows = [r for r in matching
                        if r[2] < after_weight or (r[2] == after_weight and r[1] > after_id)][:first + 1]
            else:
                rows = conn.execute(sql.RELATIONS_PAGE, params).fetchall()
                counting = sql.RELATIONS_COUNT.format(inner=sql.ENTITY_RELATIONS) if type is not None \
                    else sql.RELATIONS_COUNT_ANY_TYPE
                total = conn.execute(counting, params).fetchone()[0]
            page = rows[:first]
            weights = {rid: weight for rid, _, weight in page}
            records = _relation_records(conn, list(weights), date_from=date_from, date_to=date_to,
                                        dated=dated, weights=weights if dated else None)
        edges = tuple(Edge(encode_cursor("relations", weights[rid], rel_id), records[rid])
                      for rid, rel_id, _ in page)
        return Page(edges=edges, total_count=total, has_next_page=len(rows) > first)

    def co_mentions(self, entity_id: str, *, first: int = 10) -> list[CoMentionRecord]:
        with self._read() as conn:
            eid = _eid(conn, entity_id)
            if eid is None:
                return []
            rows = conn.execute(sql.CO_MENTIONS, {"eid": eid, "limit": first}).fetchall()
        return [CoMentionRecord(*row) for row in rows]

    def timeline(self, entity_id: str, *, interval: Interval = Interval.MONTH, date_from: date | None = None,
                 date_to: date | None = None) -> list[TimelineBucket]:
        statement = sql.TIMELINE.format(bucket=sql.BUCKETS[Interval(interval).value])
        with self._read() as conn:
            eid = _eid(conn, entity_id)
            if eid is None:
                return []
            rows = conn.execute(statement, {"eid": eid,
                                            "date_from": _day(date_from) or sql.NO_DATE_FROM,
                                            "date_to": _day(date_to) or sql.NO_DATE_TO}).fetchall()
        return [TimelineBucket(date.fromisoformat(start), mentions, articles)
                for start, mentions, articles in rows]

    # ------------------------------------------------------------------ articles

    def articles(self, filter: ArticleFilter | None = None, *, first: int = 10, after: str | None = None,
                 order: ArticleOrder = ArticleOrder.PUBLISHED_DESC) -> Page[ArticleRecord]:
        f = filter or ArticleFilter()
        desc = ArticleOrder(order) is ArticleOrder.PUBLISHED_DESC
        after_day: date | None = None
        after_id: str | None = None
        if after is not None:
            after_day, after_id = decode_cursor(after, "articles", (date, None), str)
        empty: Page[ArticleRecord] = Page(edges=(), total_count=0, has_next_page=False)
        with self._read() as conn:
            conditions: list[str] = []
            params: dict[str, Any] = {}
            # the entities every answer mentions: walk the rarest one's mentions, check the others
            required = list(dict.fromkeys([*f.mentions_all, *(f.mentions if len(f.mentions) == 1 else ())]))
            driven = False
            if required:
                found = {row[0]: row[1:] for row in conn.execute(sql.REQUIRED_ENTITIES, (_ids(required),))}
                if len(found) < len(required):
                    return empty
                by_rarity = sorted(found.values(), key=lambda row: row[1])
                driven = True
                conditions.append(sql.FILTER_DRIVER)
                params["driver"] = by_rarity[0][0]
                for i, (eid, _) in enumerate(by_rarity[1:]):
                    conditions.append(sql.FILTER_MENTIONS_EID.format(aid="{aid}", i=i))
                    params[f"all{i}"] = eid
            if len(f.mentions) > 1:
                conditions.append(sql.FILTER_MENTIONS_ANY)
                params["mentions"] = _ids(f.mentions)
            if f.source is not None:
                conditions.append(sql.FILTER_SOURCE)
                params["source"] = f.source
            if f.date_from is not None:
                conditions.append(sql.FILTER_DATE_FROM)
                params["date_from"] = _day(f.date_from)
            if f.date_to is not None:
                conditions.append(sql.FILTER_DATE_TO)
                params["date_to"] = _day(f.date_to)
            text_words = words(f.text or "")
            if text_words:
                conditions.append(sql.FILTER_TEXT)
                params["text"] = " ".join(f'"{w}"' for w in text_words)
            day = "m.published" if driven else "a.published"
            source = sql.ARTICLES_FROM_MENTIONS if driven else sql.ARTICLES_FROM
            count = sql.ARTICLES_COUNT_MENTIONS if driven else sql.ARTICLES_COUNT

            def where(extra: Sequence[str], aid: str = "a.aid") -> str:
                parts = [c.format(day=day, aid=aid) for c in (*conditions, *extra)]
                return f" WHERE {' AND '.join(parts)}" if parts else ""

            if driven and len(conditions) == 1:  # one entity and nothing else: its kept article count
                total = by_rarity[0][1]
            elif driven and f.source is None:  # every condition can be read off the mentions
                total = conn.execute(sql.ARTICLES_COUNT_MENTIONS_ONLY + where((), "m.aid"), params).fetchone()[0]
            else:
                total = conn.execute(count + where(()), params).fetchone()[0]
            rows: list[Any] = []
            if after is None or after_day is not None:  # dated articles come first in both orders
                extra = [sql.DATED]
                if after_day is not None:
                    extra.append(sql.AFTER_DESC if desc else sql.AFTER_ASC)
                    params.update(after_day=after_day.isoformat(), after_id=after_id)
                ordering = (sql.ORDER_DESC if desc else sql.ORDER_ASC).format(day=day)
                rows = conn.execute(f"{sql.ARTICLES_SELECT} {source}{where(extra)} {ordering}",
                                    {**params, "limit": first + 1}).fetchall()
            if len(rows) <= first:
                extra = [sql.UNDATED]
                if after is not None and after_day is None:
                    extra.append(sql.AFTER_ID)
                    params["after_id"] = after_id
                rows += conn.execute(f"{sql.ARTICLES_SELECT} {source}{where(extra)} {sql.ORDER_UNDATED}",
                                     {**params, "limit": first + 1 - len(rows)}).fetchall()
        records = [_article_record(row) for row in rows[:first]]
        edges = tuple(Edge(encode_cursor("articles", r.published, r.id), r) for r in records)
        return Page(edges=edges, total_count=total, has_next_page=len(rows) > first)

    def articles_by_id(self, ids: Collection[str]) -> dict[str, ArticleRecord]:
        with self._read() as conn:
            rows = conn.execute(sql.ARTICLES_BY_ID, (_ids(ids),)).fetchall()
        return {row[0]: _article_record(row) for row in rows}

    def article_text(self, article_id: str) -> str | None:
        with self._read() as conn:
            row = conn.execute(sql.ARTICLE_TEXT, (article_id,)).fetchone()
        return row[0] if row else None

    def article_mentions(self, article_ids: Collection[str]) -> dict[str, list[ArticleMention]]:
        out: dict[str, list[ArticleMention]] = {i: [] for i in article_ids}
        with self._read() as conn:
            for aid, eid, count, surfaces, offset in conn.execute(sql.ARTICLE_MENTIONS, (_ids(out),)):
                out[aid].append(ArticleMention(aid, eid, count, tuple(json.loads(surfaces)), offset))
        return out

    def article_relations(self, article_ids: Collection[str]) -> dict[str, list[RelationRecord]]:
        out: dict[str, list[RelationRecord]] = {i: [] for i in article_ids}
        with self._read() as conn:
            rows = conn.execute(sql.ARTICLE_RELATION_IDS, (_ids(out),)).fetchall()
            by_article: dict[str, list[int]] = defaultdict(list)
            aids: dict[str, int] = {}
            for article_id, rid, aid in rows:
                by_article[article_id].append(rid)
                aids[article_id] = aid
            for article_id, rids in by_article.items():
                records = _relation_records(conn, rids, aids=[aids[article_id]], totals=True)
                out[article_id] = sorted(records.values(), key=lambda r: r.id)
        return out

    # ------------------------------------------------------------------ across the graph

    def shortest_path(self, source: str, target: str, *, max_hops: int = 4) -> PathRecord | None:
        with self._read() as conn:
            s, t = _eid(conn, source), _eid(conn, target)
            if s is None or t is None:
                return None
            if s == t:
                return PathRecord(entity_ids=(source,), relations=())
            if max_hops < 1:
                return None
            nodes = self._bfs_path(conn, s, t, max_hops)
            if nodes is None:
                return None
            rids = [conn.execute(sql.BEST_RELATION_BETWEEN, {"a": a, "b": b}).fetchone()[0]
                    for a, b in itertools.pairwise(nodes)]
            records = _relation_records(conn, rids)
            names = _text_ids(conn, nodes)
        return PathRecord(entity_ids=tuple(names[n] for n in nodes),
                          relations=tuple(records[r] for r in rids))

    def _adjacent(self, conn: sqlite3.Connection, frontier: Collection[int]) -> list[tuple[int, int]]:
        self._check_deadline()
        return conn.execute(sql.ADJACENT, {"eids": _ids(frontier)}).fetchall()

    def _bfs_path(self, conn: sqlite3.Connection, s: int, t: int, max_hops: int) -> list[int] | None:
        """Bidirectional breadth-first search, a whole layer at a time; then, among all shortest paths,
        the one whose entity ids are smallest, step by step from the source."""
        dist = ({s: 0}, {t: 0})
        parents: tuple[dict[int, set[int]], dict[int, set[int]]] = ({s: set()}, {t: set()})
        frontier = ([s], [t])
        depth = [0, 0]
        meet: list[int] = []
        side = 0
        while depth[0] + depth[1] < max_hops and frontier[0] and frontier[1]:
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            seen, par = dist[side], parents[side]
            layer: list[int] = []
            for u, v in self._adjacent(conn, frontier[side]):
                if v not in seen:
                    seen[v] = depth[side] + 1
                    par[v] = {u}
                    layer.append(v)
                elif seen[v] == depth[side] + 1:
                    par[v].add(u)
            depth[side] += 1
            frontier = (layer, frontier[1]) if side == 0 else (frontier[0], layer)
            meet = [v for v in layer if v in dist[1 - side]]
            if meet:
                break
        if not meet:
            return None
        other = dist[1 - side]
        total = min(dist[side][v] + other[v] for v in meet)
        middle = {v for v in meet if dist[side][v] + other[v] == total}
        pos = dist[0][next(iter(middle))]  # the middle nodes' distance from the source
        # on-path nodes at each distance from the source, up to the middle
        layers: dict[int, set[int]] = {pos: middle}
        for k in range(pos, 0, -1):
            layers[k - 1] = set().union(*(parents[0][v] for v in layers[k]))
        candidates = set().union(*layers.values())
        path = [s]
        names = _text_ids(conn, candidates)
        for k in range(1, total + 1):
            current = path[-1]
            if k <= pos:
                options = [v for v in layers[k] if current in parents[0][v]]
            else:
                options = list(parents[1][current])
                missing = [v for v in options if v not in names]
                if missing:
                    names.update(_text_ids(conn, missing))
            path.append(min(options, key=lambda v: names[v]))
        return path

    def subgraph(self, ids: Collection[str], *, depth: int = 1, limit: int = 200) -> Subgraph:
        with self._read() as conn:
            rows = conn.execute(sql.ENTITIES_BY_ID, (_ids(ids),)).fetchall()
            rank = {row[0]: (-row[4], row[1]) for row in rows}
            seeds = sorted(rank, key=rank.__getitem__)
            chosen = seeds[:limit]
            truncated = len(seeds) > limit
            seen = set(seeds)
            frontier = seeds
            for _ in range(depth):
                if truncated or not frontier:
                    break
                layer = {v for _, v in self._adjacent(conn, frontier)} - seen
                if not layer:
                    break
                if len(chosen) >= limit:
                    truncated = True
                    break
                layer_rows = conn.execute(sql.ENTITIES_BY_EID, (_ids(layer),)).fetchall()
                rank.update({row[0]: (-row[4], row[1]) for row in layer_rows})
                ordered = sorted(layer, key=rank.__getitem__)
                room = limit - len(chosen)
                chosen.extend(ordered[:room])
                truncated = len(ordered) > room
                seen |= layer
                frontier = ordered
            all_rows = conn.execute(sql.ENTITIES_BY_EID, (_ids(chosen),)).fetchall()
            records = _entity_records(conn, all_rows)
            rids = [r for (r,) in conn.execute(sql.RELATIONS_AMONG, {"eids": _ids(chosen)})]
            relations = _relation_records(conn, rids)
        return Subgraph(entities=tuple(records[e] for e in chosen),
                        relations=tuple(relations[r] for r in rids), truncated=truncated)

    def top_entities(self, *, type: str | None = None, date_from: date | None = None,
                     date_to: date | None = None, first: int = 10) -> list[RankedEntity]:
        dated = date_from is not None or date_to is not None
        statement = sql.TOP_DATED if dated else sql.TOP_ALL_TIME
        with self._read() as conn:
            rows = conn.execute(statement, {
                "type": type, "date_from": _day(date_from) or sql.NO_DATE_FROM,
                "date_to": _day(date_to) or sql.NO_DATE_TO, "limit": first}).fetchall()
            return _ranked(conn, rows)

    def trending_entities(self, *, window_days: int = 7, first: int = 10) -> list[RankedEntity]:
        if window_days < 1:
            raise QueryError(f"window_days must be at least 1, not {window_days}")
        with self._read() as conn:
            latest = _date(conn.execute(sql.LATEST_PUBLISHED).fetchone()[0])
            if latest is None:
                return []
            now_from = latest - timedelta(days=window_days - 1)
            before_from = latest - timedelta(days=2 * window_days - 1)
            rows = conn.execute(sql.TRENDING, {"now_from": now_from.isoformat(),
                                               "before_from": before_from.isoformat(),
                                               "latest": latest.isoformat(), "limit": first}).fetchall()
            return _ranked(conn, rows)

    def relation_types(self) -> list[tuple[str, int]]:
        with self._read() as conn:
            return [(kind, n) for kind, n in conn.execute(sql.RELATION_TYPES)]

    def sources(self) -> list[tuple[str, int]]:
        with self._read() as conn:
            return [(name, n) for name, n in conn.execute(sql.SOURCES)]

    def stats(self) -> Stats:
        with self._read() as conn:
            counts = dict(conn.execute(sql.COUNTERS).fetchall())
            sources, first, last = conn.execute(sql.STATS).fetchone()
            by_type = dict(conn.execute(sql.ENTITIES_BY_TYPE).fetchall())
        return Stats(articles=counts.get("articles", 0), entities=counts.get("entities", 0),
                     entities_by_type=by_type, relations=counts.get("relations", 0),
                     mentions=counts.get("mentions", 0), sources=sources, first_published=_date(first),
                     last_published=_date(last))


# --------------------------------------------------------------------------- writing, step by step


def _validate(extracted: ExtractedArticle) -> None:
    """The checks of base.py's "Decisions": raise InputError naming the article."""
    article = extracted.article
    where = f"article {article.id}" + (f" ({article.origin})" if article.origin else "")

    def bad(reason: str) -> InputError:
        return InputError(where, f"{reason}; fix the extraction of this article or leave it out of the batch")

    entity_ids = [e.id for e in extracted.entities]
    known = set(entity_ids)
    if len(known) != len(entity_ids):
        raise bad("lists an entity id twice")
    for e in extracted.entities:
        if e.type not in _TYPES:
            raise bad(f"entity {e.id!r} has the unknown type {e.type!r}")
        if not e.name or not e.name.strip():
            raise bad(f"entity {e.id!r} has no name")
    mentioned = [m.entity_id for m in extracted.mentions]
    if len(set(mentioned)) != len(mentioned):
        raise bad("mentions an entity twice")
    for entity_id in mentioned:
        if entity_id not in known:
            raise bad(f"has a mention of {entity_id!r}, which is not among its entities")
    if missing := known - set(mentioned):
        raise bad(f"has no mention of its entities {sorted(missing)}")
    for r in extracted.relations:
        for end in (r.source, r.target):
            if end not in known:
                raise bad(f"has a relation {r.type} whose entity {end!r} is not among its entities")


class _Writer:
    """Adds and removes articles inside one write transaction, keeping every aggregate in step.

    Per-article rows (article, mentions, evidence, aliases) are written at once; the aggregates many
    articles of a batch touch (relation weights, links, co-mentions, counters) are summed per key and
    applied in key order by :meth:`finish`, which also drops what was left without support.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.dirty_names: set[int] = set()  # entities whose name or aliases changed: re-index
        self.maybe_orphans: set[int] = set()
        self.pairs: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])  # articles, sentences
        self.weights: Counter[int] = Counter()  # rid -> change
        self.links: Counter[tuple[int, int]] = Counter()  # (a, b), a < b -> change
        self.counters: Counter[str] = Counter()

    def add(self, extracted: ExtractedArticle, now: str) -> int:
        """Write one validated article; returns the number of evidence rows written."""
        conn = self.conn
        article = extracted.article
        day = _day(article.published)
        sid = None
        if article.source:
            sid = conn.execute(sql.UPSERT_SOURCE, (article.source,)).fetchone()[0]
        aid = conn.execute(sql.INSERT_ARTICLE, (
            article.id, article.title, article.url, sid, day, article.author, article.word_count,
            article.content_hash, now)).fetchone()[0]
        conn.execute(sql.INSERT_ARTICLE_BODY, (aid, article.text))
        conn.execute(sql.INSERT_ARTICLE_FTS, (aid, article.title or "", article.text))
        self.counters["articles"] += 1

        # entities: create the new ones, add to the others
        mentions = {m.entity_id: m for m in extracted.mentions}
        self.counters["mentions"] += sum(m.count for m in extracted.mentions)
        stored = {row[0]: row[1:] for row in conn.execute(sql.ENTITIES_FOR_WRITE, (_ids(mentions),))}
        eids: dict[str, int] = {}
        updates = []
        for e in extracted.entities:
            m = mentions[e.id]
            if e.id not in stored:
                eid = conn.execute(sql.INSERT_ENTITY, (e.id, e.name, _fold(e.name), e.type, m.count, day,
                                                       day)).fetchone()[0]
                self._set_keys(eid, e.name, e.type, fresh=True)
                self.counters["entities"] += 1
                self.counters[f"entity_type:{e.type}"] += 1
            else:
                eid, old_name, old_type = stored[e.id]
                updates.append((e.name, _fold(e.name), e.type, m.count, day, day, day, day, day, day, eid))
                if (old_name, old_type) != (e.name, e.type):
                    self._set_keys(eid, e.name, e.type, fresh=False)
                if old_type != e.type:
                    self.counters[f"entity_type:{old_type}"] -= 1
                    self.counters[f"entity_type:{e.type}"] += 1
            eids[e.id] = eid
        conn.executemany(sql.ADD_TO_ENTITY, updates)

        # aliases (a new one changes what search finds), mentions, co-mentions
        names = {e.id: sorted(set(mentions[e.id].surfaces) | set(e.aliases)) for e in extracted.entities}
        pairs = [(eids[i], alias) for i, aliases in names.items() for alias in aliases]
        known = set(map(tuple, conn.execute(sql.KNOWN_ALIASES, (json.dumps(pairs),)).fetchall()))
        self.dirty_names.update(eid for eid, alias in pairs if (eid, alias) not in known)
        conn.executemany(sql.UPSERT_ALIAS, ((eid, alias, _fold(alias)) for eid, alias in pairs))
        conn.executemany(sql.INSERT_MENTION, (
            (aid, eids[i], day, m.count, json.dumps(sorted(set(m.surfaces))), json.dumps(names[i]),
             m.first_offset, json.dumps(sorted(set(m.sentences))))
            for i, m in mentions.items()))
        self._count_pairs({eids[i]: set(m.sentences) for i, m in mentions.items()}, +1)

        # relations: create the new keys, then one evidence row per (relation, sentence)
        keyed = [((eids[r.source], eids[r.target], r.type, int(r.negated)), r) for r in extracted.relations]
        keys = list(dict.fromkeys(k for k, _ in keyed))
        rids = {tuple(row[:4]): row[4] for row in conn.execute(sql.RELATIONS_FOR_WRITE, (json.dumps(keys),))}
        fresh = {k: r for k, r in keyed if k not in rids}
        created: set[int] = set()
        if fresh:
            conn.executemany(sql.INSERT_RELATION, (
                (relation_id(r.source, r.target, r.type, r.negated), *k) for k, r in fresh.items()))
            rows = conn.execute(sql.RELATIONS_FOR_WRITE, (json.dumps(list(fresh)),)).fetchall()
            created = {row[4] for row in rows}
            rids.update({tuple(row[:4]): row[4] for row in rows})
            self.counters["relations"] += len(fresh)
            for r in fresh.values():
                self.counters[f"relation_type:{r.type}"] += 1
        evidence = {}
        for k, r in keyed:
            evidence.setdefault((rids[k], r.start), (
                rids[k], aid, r.start, r.end, r.sentence, r.predicate, float(r.confidence), _day(r.date), day))
        conn.executemany(sql.INSERT_EVIDENCE, evidence.values())
        supported = {rids[k]: k for k, _ in keyed}
        for rid, (source, target, _, _) in supported.items():
            self._count_weight(rid, source, target, +1, stored=rid not in created)
        return len(evidence)

    def _set_keys(self, eid: int, name: str, type_: str, *, fresh: bool) -> None:
        if not fresh:
            self.conn.execute(sql.DELETE_KEYS, (eid,))
        self.conn.executemany(sql.INSERT_KEY, ((eid, _fold(k)) for k in lookup_keys(name, type_)))
        self.dirty_names.add(eid)

    def remove(self, old: tuple[Any, ...]) -> None:
        """Remove a stored article (a row of ``ARTICLE_BY_ID``) and everything it supported."""
        conn = self.conn
        aid, _hash, day, sid, title, text = old
        rows = conn.execute(sql.MENTIONS_FOR_REMOVAL, (aid,)).fetchall()
        eids = [eid for eid, *_ in rows]
        self.counters["articles"] -= 1
        self.counters["mentions"] -= sum(count for _, count, _, _ in rows)
        conn.executemany(sql.TAKE_FROM_ENTITY, ((count, eid) for eid, count, _, _ in rows))
        conn.executemany(sql.DECREMENT_ALIAS, (
            (eid, alias) for eid, _, names, _ in rows for alias in json.loads(names)))
        self.dirty_names.update(r[0] for r in conn.execute(sql.DELETE_EMPTY_ALIASES, (_ids(eids),)))
        self._count_pairs({eid: set(json.loads(sentences)) for eid, _, _, sentences in rows}, -1)
        conn.execute(sql.DELETE_MENTIONS, (aid,))
        for eid, left, first_seen, last_seen in conn.execute(sql.ENTITY_STATE, (_ids(eids),)).fetchall():
            if left <= 0:
                self.maybe_orphans.add(eid)
            elif day is not None and day in (first_seen, last_seen):
                conn.execute(sql.RECOUNT_SEEN, (eid,))

        for rid, source, target in conn.execute(sql.RELATIONS_OF_ARTICLE, (aid,)).fetchall():
            self._count_weight(rid, source, target, -1)
        conn.execute(sql.DELETE_EVIDENCE, (aid,))

        conn.execute(sql.DELETE_ARTICLE_FTS, (aid, title, text))
        conn.execute(sql.DELETE_ARTICLE_BODY, (aid,))
        conn.execute(sql.DELETE_ARTICLE, (aid,))
        if sid is not None:
            (left,) = conn.execute(sql.DECREMENT_SOURCE, (sid,)).fetchone()
            if left <= 0:
                conn.execute(sql.DELETE_SOURCE, (sid,))

    def _count_pairs(self, sentence_sets: dict[int, set[int]], sign: int) -> None:
        for a, b in itertools.combinations(sorted(sentence_sets), 2):
            change = self.pairs[a, b]
            change[0] += sign
            change[1] += sign * len(sentence_sets[a] & sentence_sets[b])

    def _count_weight(self, rid: int, source: int, target: int, sign: int, *, stored: bool = True) -> None:
        """Count a change of support; ``stored=False``: the relation row already has it."""
        if stored:
            self.weights[rid] += sign
        if source != target:
            self.links[min(source, target), max(source, target)] += sign

    def finish(self) -> None:
        """Apply the batch's aggregate changes, drop what was left without support, re-index the names
        that changed."""
        conn = self.conn
        weights = sorted((change, rid) for rid, change in self.weights.items())
        conn.executemany(sql.CHANGE_WEIGHT, sorted(((c, r) for c, r in weights if c), key=lambda w: w[1]))
        for change, rid in weights:
            if change <= 0:  # net zero too: a relation created and unsupported again in this batch
                for (kind,) in conn.execute(sql.DELETE_EMPTY_RELATION, (rid,)).fetchall():
                    self.counters["relations"] -= 1
                    self.counters[f"relation_type:{kind}"] -= 1
        links = sorted((a, b, n) for (a, b), n in self.links.items() if n)
        conn.executemany(sql.UPSERT_LINK, sorted([*links, *((b, a, n) for a, b, n in links)]))
        conn.executemany(sql.DELETE_EMPTY_LINK, [
            pair for a, b, n in links if n < 0 for pair in ((a, b), (b, a))])
        changes = sorted((a, b, n, s) for (a, b), (n, s) in self.pairs.items() if n or s)
        conn.executemany(sql.UPSERT_COMENTION, changes)
        conn.executemany(sql.DELETE_EMPTY_COMENTION, ((a, b) for a, b, n, _ in changes if n < 0))
        for eid in sorted(self.maybe_orphans):
            if conn.execute(sql.ORPHAN_ENTITY, (eid,)).fetchone() is None:
                continue
            conn.execute(sql.DELETE_ENTITY_FTS, (eid,))
            conn.execute(sql.DELETE_ENTITY_ALIASES, (eid,))
            conn.execute(sql.DELETE_KEYS, (eid,))
            (kind,) = conn.execute(sql.DELETE_ENTITY, (eid,)).fetchone()
            self.counters["entities"] -= 1
            self.counters[f"entity_type:{kind}"] -= 1
            self.dirty_names.discard(eid)
        for eid in sorted(self.dirty_names):
            rows = conn.execute(sql.ENTITY_NAMES, (eid,)).fetchall()
            conn.execute(sql.DELETE_ENTITY_FTS, (eid,))
            if rows:
                names = dict.fromkeys([rows[0][0], *(alias for _, alias in rows if alias)])
                conn.execute(sql.INSERT_ENTITY_FTS, (eid, "\n".join(names)))
        conn.executemany(sql.UPSERT_COUNTER, sorted((k, v) for k, v in self.counters.items() if v))
        self.__init__(conn)  # type: ignore[misc]


# --------------------------------------------------------------------------- reading, row to record


def _eid(conn: sqlite3.Connection, entity_id: str) -> int | None:
    row = conn.execute(sql.EID_OF, (entity_id,)).fetchone()
    return row[0] if row else None


def _text_ids(conn: sqlite3.Connection, eids: Collection[int]) -> dict[int, str]:
    rows = conn.execute(sql.ENTITIES_BY_EID, (_ids(eids),)).fetchall()
    return {row[0]: row[1] for row in rows}


def _entity_records(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> dict[int, EntityRecord]:
    """Records keyed by eid, from rows of ``ENTITY_COLUMNS``, with their aliases."""
    aliases: dict[int, list[str]] = defaultdict(list)
    if rows:
        for eid, alias in conn.execute(sql.ALIASES_OF, (_ids([r[0] for r in rows]),)):
            aliases[eid].append(alias)
    out = {}
    for eid, id_, name, type_, mentions, articles, first, last, *_ in rows:
        out[eid] = EntityRecord(id=id_, name=name, type=type_,
                                aliases=tuple(sorted(a for a in aliases[eid] if a != name)),
                                mention_count=mentions, article_count=articles,
                                first_seen=_date(first), last_seen=_date(last))
    return out


def _ranked(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> list[RankedEntity]:
    records = _entity_records(conn, rows)
    out = []
    for row in rows:
        extra = row[8:]
        previous = extra[2] if len(extra) > 2 else 0
        out.append(RankedEntity(records[row[0]], mentions=extra[0], articles=extra[1], previous=previous))
    return out


def _article_record(row: Sequence[Any]) -> ArticleRecord:
    id_, title, url, source, published, author, words_, content_hash, ingested_at = row
    return ArticleRecord(id=id_, title=title, url=url, source=source, published=_date(published),
                         author=author, word_count=words_, content_hash=content_hash,
                         ingested_at=datetime.fromisoformat(ingested_at))


def _relation_records(
    conn: sqlite3.Connection,
    rids: Collection[int],
    *,
    aids: Collection[int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    dated: bool = False,
    weights: dict[int, int] | None = None,
    totals: bool = False,
) -> dict[int, RelationRecord]:
    """Relation records keyed by rid, with the evidence that passes the filters. Predicate,
    confidence and date come from that evidence, unless ``totals`` (then from all of it)."""
    if not rids:
        return {}
    heads = conn.execute(sql.RELATION_ROWS, (_ids(rids),)).fetchall()
    evidence = _evidence(conn, rids, aids=aids, date_from=date_from, date_to=date_to, dated=dated)
    summary = _evidence(conn, rids) if totals else evidence
    out = {}
    for rid, rel_id, source, target, type_, negated, weight in heads:
        counts: dict[str, int] = {}
        confidence = 0.0
        latest: date | None = None
        for e in summary[rid]:
            counts[e.predicate] = counts.get(e.predicate, 0) + 1
            confidence = max(confidence, e.confidence)
            if e.date is not None and (latest is None or e.date > latest):
                latest = e.date
        predicate = min(counts, key=lambda p: (-counts[p], p)) if counts else ""
        out[rid] = RelationRecord(
            id=rel_id, source=source, target=target, type=type_,
            predicate=predicate, negated=bool(negated), confidence=confidence, date=latest,
            weight=weights[rid] if weights is not None else weight,
            evidence=tuple(evidence[rid]),
        )
    return out


def _evidence(
    conn: sqlite3.Connection,
    rids: Collection[int],
    *,
    aids: Collection[int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    dated: bool = False,
) -> dict[int, list[EvidenceRecord]]:
    out: dict[int, list[EvidenceRecord]] = defaultdict(list)
    rows = conn.execute(sql.EVIDENCE_ROWS, {
        "rids": _ids(rids), "aids": _ids(aids) if aids is not None else None,
        "date_from": _day(date_from), "date_to": _day(date_to), "dated": int(dated),
    })
    for rid, article_id, sentence, start, end, predicate, confidence, day in rows:
        out[rid].append(EvidenceRecord(article_id, sentence, start, end, predicate, confidence, _date(day)))
    return out


__all__ = ["SQLiteStore"]
