"""The embedded store's SQL: its schema and every statement, as named constants.

Every value is a parameter. Lists of ids travel as one JSON array parameter read with ``json_each``,
so no statement is built from user input; the few statements that vary (filters of ``articles``)
are assembled in ``sqlite.py`` from the fixed fragments below.

Tables (integer keys inside, text ids at the boundary):

* ``article``/``article_body``/``source``; ``article_fts`` (contentless FTS5 over title and text);
* ``entity`` with its aggregates (mention and article counts, first/last seen), ``entity_alias``
  (every surface with the number of articles that used it, so that deletes can decrement),
  ``entity_key`` (lookup keys), ``entity_fts`` (FTS5 over name and aliases) and its vocabulary;
* ``mention`` (article, entity) with the article's date copied in, so that per-entity timelines, first
  and last seen and dated rankings read an index instead of joining articles;
* ``comention`` (a < b) with the number of articles and sentences naming both, maintained per write;
* ``relation`` keyed by (source, target, type, negated) with its ``kg.ids.relation_id``, its
  ``weight`` maintained per write, and ``evidence`` per (relation, article, sentence start), the
  article's date copied in for date-ranged reads;
* ``link``: per pair of related entities (both directions) the summed weight of their relations, so
  that the heaviest neighbours are read in index order; ``counter``: the totals of ``stats``.
"""

from __future__ import annotations

SCHEMA_VERSION = 3
#: Development versions before this one cannot be migrated: they are rebuilt by loading again.
OLDEST_READABLE_SCHEMA = 3
#: ``PRAGMA application_id``: marks a file as a kg store ("kg" and 1).
APPLICATION_ID = 0x6B670001

#: The writer's page cache: aggregates are updated in place, so a bigger cache keeps writes fast as
#: the graph grows (readers keep the default and share the memory map); and a longer WAL between
#: checkpoints, so that pages every batch touches (counters, hub entities) are copied back once.
WRITER_PRAGMAS = ("PRAGMA cache_size=-262144", "PRAGMA wal_autocheckpoint=10000")
CONNECTION_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-32768",
    "PRAGMA mmap_size=268435456",
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS source (
    sid INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    articles INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS article (
    aid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    sid INTEGER REFERENCES source(sid),
    published TEXT,
    author TEXT,
    word_count INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_by_published ON article(published, id);
CREATE INDEX IF NOT EXISTS article_by_source ON article(sid, published, id);

CREATE TABLE IF NOT EXISTS article_body (
    aid INTEGER PRIMARY KEY REFERENCES article(aid),
    text TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(
    title, text, content='', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE IF NOT EXISTS entity (
    eid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    folded TEXT NOT NULL,
    type TEXT NOT NULL,
    mention_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT
);
CREATE INDEX IF NOT EXISTS entity_by_folded ON entity(folded);
CREATE INDEX IF NOT EXISTS entity_by_rank ON entity(mention_count DESC, article_count DESC, id);

CREATE TABLE IF NOT EXISTS entity_alias (
    eid INTEGER NOT NULL REFERENCES entity(eid),
    alias TEXT NOT NULL,
    folded TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (eid, alias)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_alias_by_folded ON entity_alias(folded);

CREATE TABLE IF NOT EXISTS entity_key (
    eid INTEGER NOT NULL REFERENCES entity(eid),
    key TEXT NOT NULL,
    PRIMARY KEY (eid, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_key_by_key ON entity_key(key);

CREATE VIRTUAL TABLE IF NOT EXISTS entity_fts USING fts5(
    names, tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS entity_vocab USING fts5vocab(entity_fts, row);

CREATE TABLE IF NOT EXISTS mention (
    aid INTEGER NOT NULL REFERENCES article(aid),
    eid INTEGER NOT NULL REFERENCES entity(eid),
    published TEXT,
    count INTEGER NOT NULL,
    surfaces TEXT NOT NULL,
    names TEXT NOT NULL,
    first_offset INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    PRIMARY KEY (aid, eid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mention_by_entity ON mention(eid, published, count);

CREATE TABLE IF NOT EXISTS comention (
    a INTEGER NOT NULL REFERENCES entity(eid),
    b INTEGER NOT NULL REFERENCES entity(eid),
    articles INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS comention_by_b ON comention(b, a);

CREATE TABLE IF NOT EXISTS relation (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    source INTEGER NOT NULL REFERENCES entity(eid),
    target INTEGER NOT NULL REFERENCES entity(eid),
    type TEXT NOT NULL,
    negated INTEGER NOT NULL,
    weight INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS relation_by_key ON relation(source, target, type, negated);
CREATE INDEX IF NOT EXISTS relation_by_source ON relation(source, weight DESC, id);
CREATE INDEX IF NOT EXISTS relation_by_target ON relation(target, weight DESC, id);

CREATE TABLE IF NOT EXISTS evidence (
    rid INTEGER NOT NULL REFERENCES relation(rid),
    aid INTEGER NOT NULL REFERENCES article(aid),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    predicate TEXT NOT NULL,
    confidence REAL NOT NULL,
    date TEXT,
    published TEXT,
    PRIMARY KEY (rid, aid, start)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evidence_by_article ON evidence(aid);

CREATE TABLE IF NOT EXISTS link (
    a INTEGER NOT NULL REFERENCES entity(eid),
    b INTEGER NOT NULL REFERENCES entity(eid),
    weight INTEGER NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_by_weight ON link(a, weight DESC);

CREATE TABLE IF NOT EXISTS counter (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
"""

#: Emptied by ``clear()``, children first.
TABLES_IN_DELETE_ORDER = ("evidence", "relation", "link", "comention", "mention", "entity_alias",
                          "entity_key", "entity", "article_body", "article", "source", "counter")
CLEAR_ENTITY_FTS = "DELETE FROM entity_fts"
CLEAR_ARTICLE_FTS = "INSERT INTO article_fts(article_fts) VALUES ('delete-all')"

# --------------------------------------------------------------------------- writes

ARTICLE_BY_ID = """
SELECT a.aid, a.content_hash, a.published, a.sid, coalesce(a.title, ''), b.text
FROM article a JOIN article_body b ON b.aid = a.aid WHERE a.id = ?
"""
UPSERT_SOURCE = """
INSERT INTO source(name, articles) VALUES (?, 1)
ON CONFLICT(name) DO UPDATE SET articles = articles + 1 RETURNING sid
"""
DECREMENT_SOURCE = "UPDATE source SET articles = articles - 1 WHERE sid = ? RETURNING articles"
DELETE_SOURCE = "DELETE FROM source WHERE sid = ?"
INSERT_ARTICLE = """
INSERT INTO article(id, title, url, sid, published, author, word_count, content_hash, ingested_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING aid
"""
INSERT_ARTICLE_BODY = "INSERT INTO article_body(aid, text) VALUES (?, ?)"
INSERT_ARTICLE_FTS = "INSERT INTO article_fts(rowid, title, text) VALUES (?, ?, ?)"
DELETE_ARTICLE_FTS = "INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)"
DELETE_ARTICLE_BODY = "DELETE FROM article_body WHERE aid = ?"
DELETE_ARTICLE = "DELETE FROM article WHERE aid = ?"

ENTITIES_FOR_WRITE = """
SELECT e.id, e.eid, e.name, e.type FROM json_each(?) j CROSS JOIN entity e ON e.id = j.value
"""
INSERT_ENTITY = """
INSERT INTO entity(id, name, folded, type, mention_count, article_count, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING eid
"""
#: params: name, folded, type, mentions, day, day, day, day, day, day, eid
ADD_TO_ENTITY = """
UPDATE entity SET name = ?, folded = ?, type = ?,
    mention_count = mention_count + ?, article_count = article_count + 1,
    first_seen = CASE WHEN ? IS NOT NULL AND (first_seen IS NULL OR ? < first_seen)
                      THEN ? ELSE first_seen END,
    last_seen = CASE WHEN ? IS NOT NULL AND (last_seen IS NULL OR ? > last_seen)
                     THEN ? ELSE last_seen END
WHERE eid = ?
"""
TAKE_FROM_ENTITY = """
UPDATE entity SET mention_count = mention_count - ?, article_count = article_count - 1 WHERE eid = ?
"""
#: what decides on dropping an entity or recounting its first/last seen
ENTITY_STATE = """
SELECT eid, article_count, first_seen, last_seen FROM entity WHERE eid IN (SELECT value FROM json_each(?))
"""
RECOUNT_SEEN = """
UPDATE entity SET first_seen = (SELECT min(published) FROM mention WHERE eid = ?1),
                  last_seen = (SELECT max(published) FROM mention WHERE eid = ?1)
WHERE eid = ?1
"""
INSERT_KEY = "INSERT OR IGNORE INTO entity_key(eid, key) VALUES (?, ?)"
DELETE_KEYS = "DELETE FROM entity_key WHERE eid = ?"
#: the (eid, alias) pairs of a JSON list of pairs that are already stored
KNOWN_ALIASES = """
SELECT a.eid, a.alias FROM json_each(?) j CROSS JOIN entity_alias a
ON a.eid = j.value ->> 0 AND a.alias = j.value ->> 1
"""
UPSERT_ALIAS = """
INSERT INTO entity_alias(eid, alias, folded, articles) VALUES (?, ?, ?, 1)
ON CONFLICT(eid, alias) DO UPDATE SET articles = articles + 1
"""
DECREMENT_ALIAS = "UPDATE entity_alias SET articles = articles - 1 WHERE eid = ? AND alias = ?"
DELETE_EMPTY_ALIASES = """
DELETE FROM entity_alias WHERE eid IN (SELECT value FROM json_each(?)) AND articles <= 0 RETURNING eid
"""
INSERT_MENTION = """
INSERT INTO mention(aid, eid, published, count, surfaces, names, first_offset, sentences)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
MENTIONS_FOR_REMOVAL = "SELECT eid, count, names, sentences FROM mention WHERE aid = ?"
DELETE_MENTIONS = "DELETE FROM mention WHERE aid = ?"
#: params: a, b, change of articles, change of sentences (a batch's changes, summed per pair)
UPSERT_COMENTION = """
INSERT INTO comention(a, b, articles, sentences) VALUES (?, ?, ?, ?)
ON CONFLICT(a, b) DO UPDATE SET articles = articles + excluded.articles,
                                sentences = sentences + excluded.sentences
"""
DELETE_EMPTY_COMENTION = "DELETE FROM comention WHERE a = ? AND b = ? AND articles <= 0"

#: the stored relations among a JSON list of [source, target, type, negated] keys
RELATIONS_FOR_WRITE = """
SELECT r.source, r.target, r.type, r.negated, r.rid FROM json_each(?) j CROSS JOIN relation r
ON r.source = j.value ->> 0 AND r.target = j.value ->> 1 AND r.type = j.value ->> 2
   AND r.negated = j.value ->> 3
"""
#: a new relation starts with the weight of the article that states it
INSERT_RELATION = """
INSERT INTO relation(id, source, target, type, negated, weight) VALUES (?, ?, ?, ?, ?, 1)
"""
#: a batch's weight changes, summed per relation and per linked pair (``link``: both directions)
CHANGE_WEIGHT = "UPDATE relation SET weight = weight + ? WHERE rid = ?"
RELATIONS_OF_ARTICLE = """
SELECT r.rid, r.source, r.target FROM relation r WHERE r.rid IN (SELECT DISTINCT rid FROM evidence WHERE aid = ?)
"""
DELETE_EMPTY_RELATION = "DELETE FROM relation WHERE rid = ? AND weight <= 0 RETURNING type"
UPSERT_LINK = """
INSERT INTO link(a, b, weight) VALUES (?, ?, ?)
ON CONFLICT(a, b) DO UPDATE SET weight = weight + excluded.weight
"""
DELETE_EMPTY_LINK = "DELETE FROM link WHERE a = ? AND b = ? AND weight <= 0"
#: counters kept per batch: articles, mentions, entities, relations, entity_type:T, relation_type:T
UPSERT_COUNTER = """
INSERT INTO counter(name, value) VALUES (?, ?)
ON CONFLICT(name) DO UPDATE SET value = value + excluded.value
"""
INSERT_EVIDENCE = """
INSERT INTO evidence(rid, aid, start, "end", sentence, predicate, confidence, date, published)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
DELETE_EVIDENCE = "DELETE FROM evidence WHERE aid = ?"

ENTITY_NAMES = """
SELECT e.name, a.alias FROM entity e LEFT JOIN entity_alias a ON a.eid = e.eid WHERE e.eid = ?
"""
DELETE_ENTITY_FTS = "DELETE FROM entity_fts WHERE rowid = ?"
INSERT_ENTITY_FTS = "INSERT INTO entity_fts(rowid, names) VALUES (?, ?)"
ORPHAN_ENTITY = "SELECT 1 FROM entity WHERE eid = ? AND article_count <= 0"
DELETE_ENTITY_ALIASES = "DELETE FROM entity_alias WHERE eid = ?"
DELETE_ENTITY = "DELETE FROM entity WHERE eid = ? RETURNING type"

# --------------------------------------------------------------------------- reads: articles

#: open bounds of a date range, as ISO text that sorts before and after every date
NO_DATE_FROM, NO_DATE_TO = "0000-01-01", "9999-12-31"

ARTICLE_COLUMNS = """
a.id, a.title, a.url, s.name, a.published, a.author, a.word_count, a.content_hash, a.ingested_at
"""
ARTICLES_BY_ID = f"""
SELECT {ARTICLE_COLUMNS} FROM article a LEFT JOIN source s ON s.sid = a.sid
WHERE a.id IN (SELECT value FROM json_each(?))
"""
STORED_HASHES = "SELECT id, content_hash FROM article WHERE id IN (SELECT value FROM json_each(?))"
ARTICLE_TEXT = "SELECT b.text FROM article a JOIN article_body b ON b.aid = a.aid WHERE a.id = ?"

#: ``articles()``: fixed fragments joined with AND; each names its parameters. ``{day}`` is the
#: publication date of the table that drives the query: ``a.published``, or ``m.published`` when the
#: query walks the mentions of one entity (the rarest one every answer must mention) in date order.
ARTICLES_SELECT = f"SELECT {ARTICLE_COLUMNS}"
ARTICLES_FROM = "FROM article a LEFT JOIN source s ON s.sid = a.sid"
ARTICLES_FROM_MENTIONS = "FROM mention m CROSS JOIN article a ON a.aid = m.aid LEFT JOIN source s ON s.sid = a.sid"
ARTICLES_COUNT = "SELECT count(*) FROM article a"
ARTICLES_COUNT_MENTIONS = "SELECT count(*) FROM mention m CROSS JOIN article a ON a.aid = m.aid"
#: when every condition is on the mentions (``{aid}`` = ``m.aid``), the count reads one index
ARTICLES_COUNT_MENTIONS_ONLY = "SELECT count(*) FROM mention m"
REQUIRED_ENTITIES = "SELECT id, eid, article_count FROM entity WHERE id IN (SELECT value FROM json_each(?))"
FILTER_DRIVER = "m.eid = :driver"
FILTER_MENTIONS_ANY = """{aid} IN (SELECT m2.aid FROM mention m2 WHERE m2.eid IN
    (SELECT eid FROM entity WHERE id IN (SELECT value FROM json_each(:mentions))))"""
FILTER_MENTIONS_EID = "EXISTS (SELECT 1 FROM mention m2 WHERE m2.aid = {aid} AND m2.eid = :all{i})"
FILTER_SOURCE = "a.sid = (SELECT sid FROM source WHERE name = :source)"
FILTER_DATE_FROM = "{day} >= :date_from"
FILTER_DATE_TO = "{day} <= :date_to"
FILTER_TEXT = "{aid} IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :text)"
DATED = "{day} IS NOT NULL"
UNDATED = "{day} IS NULL"
#: written so that the first term bounds an index range
AFTER_DESC = "{day} <= :after_day AND ({day} < :after_day OR a.id > :after_id)"
AFTER_ASC = "{day} >= :after_day AND ({day} > :after_day OR a.id > :after_id)"
AFTER_ID = "a.id > :after_id"
ORDER_DESC = "ORDER BY {day} DESC, a.id LIMIT :limit"
ORDER_ASC = "ORDER BY {day}, a.id LIMIT :limit"
ORDER_UNDATED = "ORDER BY a.id LIMIT :limit"

ARTICLE_MENTIONS = """
SELECT a.id, e.id, m.count, m.surfaces, m.first_offset
FROM article a JOIN mention m ON m.aid = a.aid JOIN entity e ON e.eid = m.eid
WHERE a.id IN (SELECT value FROM json_each(?))
ORDER BY a.id, m.count DESC, e.id
"""
ARTICLE_RELATION_IDS = """
SELECT DISTINCT a.id, e.rid, a.aid FROM article a JOIN evidence e ON e.aid = a.aid
WHERE a.id IN (SELECT value FROM json_each(?))
"""

# --------------------------------------------------------------------------- reads: entities

ENTITY_COLUMNS = "e.eid, e.id, e.name, e.type, e.mention_count, e.article_count, e.first_seen, e.last_seen"
ENTITIES_BY_ID = f"SELECT {ENTITY_COLUMNS} FROM entity e WHERE e.id IN (SELECT value FROM json_each(?))"
ENTITIES_BY_EID = f"SELECT {ENTITY_COLUMNS} FROM entity e WHERE e.eid IN (SELECT value FROM json_each(?))"
ALIASES_OF = """
SELECT eid, alias FROM entity_alias WHERE eid IN (SELECT value FROM json_each(?)) ORDER BY eid, alias
"""
EID_OF = "SELECT eid FROM entity WHERE id = ?"
ENTITY_BY_NAME = """
SELECT e.id FROM entity e WHERE e.eid IN (
    SELECT eid FROM entity WHERE folded = :name
    UNION SELECT eid FROM entity_alias WHERE folded = :name)
ORDER BY e.mention_count DESC, e.id LIMIT 1
"""
LOOKUP = """
WITH q(k) AS (SELECT DISTINCT value FROM json_each(?)),
hit(k, eid) AS (
    SELECT q.k, e.eid FROM q JOIN entity e ON e.folded = q.k
    UNION SELECT q.k, a.eid FROM q JOIN entity_alias a ON a.folded = q.k
    UNION SELECT q.k, x.eid FROM q JOIN entity_key x ON x.key = q.k)
SELECT hit.k, e.id, e.name, e.type, e.mention_count FROM hit JOIN entity e ON e.eid = hit.eid
ORDER BY hit.k, e.mention_count DESC, e.id
"""
SEARCH_CANDIDATES = """
SELECT e.eid FROM entity_fts f JOIN entity e ON e.eid = f.rowid
WHERE entity_fts MATCH :match AND (:types IS NULL OR e.type IN (SELECT value FROM json_each(:types)))
ORDER BY e.mention_count DESC, e.id LIMIT :limit
"""
SEARCH_EXACT = """
SELECT e.eid FROM entity e WHERE e.eid IN (
    SELECT eid FROM entity WHERE folded = :name UNION SELECT eid FROM entity_alias WHERE folded = :name)
AND (:types IS NULL OR e.type IN (SELECT value FROM json_each(:types)))
"""
VOCABULARY_RANGE = "SELECT term FROM entity_vocab WHERE term >= ? AND term < ?"

#: neighbours by the summed weight of all their relations, read in weight order from ``link``
NEIGHBORS = """
SELECT e.id, l.b, l.weight, coalesce(c.articles, 0) AS co
FROM link l CROSS JOIN entity e ON e.eid = l.b
LEFT JOIN comention c ON c.a = min(l.b, :eid) AND c.b = max(l.b, :eid)
WHERE l.a = :eid AND l.weight >= :min_weight
  AND (:types IS NULL OR e.type IN (SELECT value FROM json_each(:types)))
ORDER BY l.weight DESC, co DESC, e.id LIMIT :limit
"""
#: the relation types between an entity and each of some others (a JSON list of eids), by the key index
TYPES_AMONG = """
SELECT r.target, r.type FROM json_each(:others) j CROSS JOIN relation r ON r.source = :eid AND r.target = j.value
UNION
SELECT r.source, r.type FROM json_each(:others) j CROSS JOIN relation r ON r.source = j.value AND r.target = :eid
"""
#: neighbours by the summed weight of their relations of some types: aggregated on the fly
NEIGHBORS_BY_RELATION_TYPE = """
WITH links(other, weight, type) AS (
    SELECT target, weight, type FROM relation WHERE source = :eid
    UNION ALL SELECT source, weight, type FROM relation WHERE target = :eid AND source != :eid),
linked(other, weight, types) AS (
    SELECT other, sum(weight), json_group_array(DISTINCT type) FROM links
    WHERE other != :eid AND type IN (SELECT value FROM json_each(:rtypes))
    GROUP BY other HAVING sum(weight) >= :min_weight)
SELECT e.id, linked.types, linked.weight, coalesce(c.articles, 0) AS co
FROM linked JOIN entity e ON e.eid = linked.other
LEFT JOIN comention c ON c.a = min(linked.other, :eid) AND c.b = max(linked.other, :eid)
WHERE :types IS NULL OR e.type IN (SELECT value FROM json_each(:types))
ORDER BY linked.weight DESC, co DESC, e.id LIMIT :limit
"""
CO_MENTIONS = """
WITH partners(other, articles, sentences) AS (
    SELECT b, articles, sentences FROM comention WHERE a = :eid
    UNION ALL SELECT a, articles, sentences FROM comention WHERE b = :eid)
SELECT e.id, p.articles, p.sentences FROM partners p JOIN entity e ON e.eid = p.other
WHERE p.other != :eid
ORDER BY p.articles DESC, p.sentences DESC, e.id LIMIT :limit
"""

#: the first day of a bucket, from an ISO date
BUCKETS = {
    "DAY": "published",
    "WEEK": "date(published, '-' || ((CAST(strftime('%w', published) AS INTEGER) + 6) % 7) || ' days')",
    "MONTH": "substr(published, 1, 8) || '01'",
}
TIMELINE = """
SELECT {bucket} AS start, sum(count), count(*) FROM mention
WHERE eid = :eid AND published >= :date_from AND published <= :date_to
GROUP BY start ORDER BY start
"""

# --------------------------------------------------------------------------- reads: relations

RELATION_ROWS = """
SELECT r.rid, r.id, s.id, t.id, r.type, r.negated, r.weight
FROM relation r JOIN entity s ON s.eid = r.source JOIN entity t ON t.eid = r.target
WHERE r.rid IN (SELECT value FROM json_each(?))
"""
EVIDENCE_ROWS = """
SELECT e.rid, a.id, e.sentence, e.start, e."end", e.predicate, e.confidence, e.date
FROM evidence e JOIN article a ON a.aid = e.aid
WHERE e.rid IN (SELECT value FROM json_each(:rids))
  AND (:aids IS NULL OR e.aid IN (SELECT value FROM json_each(:aids)))
  AND (:date_from IS NULL OR e.published >= :date_from)
  AND (:date_to IS NULL OR e.published <= :date_to)
  AND (:dated = 0 OR e.published IS NOT NULL)
ORDER BY a.id, e.start
"""
#: relations of an entity: (rid, id, weight) to page through, weight from the stored aggregate
ENTITY_RELATIONS = """
WITH rel_ids(rid, id, weight) AS (
    SELECT rid, id, weight FROM relation
    WHERE (:out = 1 AND source = :eid) AND (:type IS NULL OR type = :type)
    UNION SELECT rid, id, weight FROM relation
    WHERE (:in = 1 AND target = :eid) AND (:type IS NULL OR type = :type))
SELECT rid, id, weight FROM rel_ids
"""
#: the same, with the weight counted over evidence from articles published in a range
#: the same, with the weight counted over evidence from articles published in a range, two ways:
#: from the entity's relations (a wide range), or from the articles in the range that mention it
#: (a narrow one: the evidence of an entity's relations lies in the articles that mention it)
ENTITY_RELATIONS_DATED = """
WITH rel_ids(rid, id) AS (
    SELECT rid, id FROM relation
    WHERE (:out = 1 AND source = :eid) AND (:type IS NULL OR type = :type)
    UNION SELECT rid, id FROM relation
    WHERE (:in = 1 AND target = :eid) AND (:type IS NULL OR type = :type))
SELECT ri.rid, ri.id, count(DISTINCT e.aid) FROM rel_ids ri JOIN evidence e ON e.rid = ri.rid
WHERE e.published >= :date_from AND e.published <= :date_to
GROUP BY ri.rid
"""
ENTITY_RELATIONS_DATED_NARROW = """
SELECT r.rid, r.id, count(DISTINCT e.aid)
FROM mention m CROSS JOIN evidence e ON e.aid = m.aid CROSS JOIN relation r ON r.rid = e.rid
WHERE m.eid = :eid AND m.published >= :date_from AND m.published <= :date_to
  AND ((:out = 1 AND r.source = :eid) OR (:in = 1 AND r.target = :eid))
  AND (:type IS NULL OR r.type = :type)
GROUP BY r.rid
"""
#: articles mentioning an entity in a range, against all of them: picks one of the two above
ENTITY_ARTICLES_IN_RANGE = """
SELECT (SELECT count(*) FROM mention WHERE eid = :eid AND published >= :date_from AND published <= :date_to),
       (SELECT article_count FROM entity WHERE eid = :eid)
"""
#: below this share of an entity's articles in the range, walk the articles rather than the relations
NARROW_RANGE = 0.15
#: one page of an entity's relations by weight: two index-ordered walks merged, stopped at the limit
RELATIONS_PAGE = """
SELECT rid, id, weight FROM relation
WHERE :out = 1 AND source = :eid AND (:type IS NULL OR type = :type)
  AND weight <= :after_weight AND (weight < :after_weight OR id > :after_id)
UNION
SELECT rid, id, weight FROM relation
WHERE :in = 1 AND target = :eid AND (:type IS NULL OR type = :type)
  AND weight <= :after_weight AND (weight < :after_weight OR id > :after_id)
ORDER BY weight DESC, id LIMIT :limit
"""
#: a weight above every stored one, for the first page
NO_WEIGHT = 1 << 62
RELATIONS_COUNT = "SELECT count(*) FROM ({inner})"
#: the count without a type filter: three index ranges, a self-relation counted once
RELATIONS_COUNT_ANY_TYPE = """
SELECT (SELECT count(*) FROM relation WHERE source = :eid) * :out
     + (SELECT count(*) FROM relation WHERE target = :eid) * :in
     - (SELECT count(*) FROM relation WHERE source = :eid AND target = :eid) * :out * :in
"""

ADJACENT = """
SELECT source, target FROM relation WHERE source IN (SELECT value FROM json_each(:eids))
UNION ALL SELECT target, source FROM relation WHERE target IN (SELECT value FROM json_each(:eids))
"""
BEST_RELATION_BETWEEN = """
SELECT rid FROM relation WHERE (source = :a AND target = :b) OR (source = :b AND target = :a)
ORDER BY weight DESC, id LIMIT 1
"""
RELATIONS_AMONG = """
SELECT rid FROM relation
WHERE source IN (SELECT value FROM json_each(:eids)) AND target IN (SELECT value FROM json_each(:eids))
ORDER BY id
"""

# --------------------------------------------------------------------------- reads: rankings, stats

TOP_ALL_TIME = f"""
SELECT {ENTITY_COLUMNS}, e.mention_count, e.article_count FROM entity e
WHERE :type IS NULL OR e.type = :type
ORDER BY e.mention_count DESC, e.article_count DESC, e.id LIMIT :limit
"""
TOP_DATED = f"""
WITH ranked(eid, mentions, articles) AS (
    SELECT m.eid, sum(m.count), count(*) FROM article a CROSS JOIN mention m ON m.aid = a.aid
    WHERE a.published >= :date_from AND a.published <= :date_to
    GROUP BY m.eid)
SELECT {ENTITY_COLUMNS}, ranked.mentions, ranked.articles FROM ranked JOIN entity e ON e.eid = ranked.eid
WHERE :type IS NULL OR e.type = :type
ORDER BY ranked.mentions DESC, ranked.articles DESC, e.id LIMIT :limit
"""
LATEST_PUBLISHED = "SELECT max(published) FROM article"
TRENDING = f"""
WITH ranked(eid, now, articles, before) AS (
    SELECT m.eid,
           sum(CASE WHEN a.published >= :now_from THEN m.count ELSE 0 END),
           sum(CASE WHEN a.published >= :now_from THEN 1 ELSE 0 END),
           sum(CASE WHEN a.published < :now_from THEN m.count ELSE 0 END)
    FROM article a CROSS JOIN mention m ON m.aid = a.aid
    WHERE a.published >= :before_from AND a.published <= :latest
    GROUP BY m.eid)
SELECT {ENTITY_COLUMNS}, ranked.now, ranked.articles, ranked.before
FROM ranked JOIN entity e ON e.eid = ranked.eid
WHERE ranked.now - ranked.before > 0
ORDER BY ranked.now - ranked.before DESC, ranked.now DESC, e.id LIMIT :limit
"""
RELATION_TYPES = """
SELECT substr(name, 15), value FROM counter WHERE name GLOB 'relation_type:*' AND value > 0
ORDER BY value DESC, substr(name, 15)
"""
ENTITIES_BY_TYPE = """
SELECT substr(name, 13), value FROM counter WHERE name GLOB 'entity_type:*' AND value > 0
ORDER BY substr(name, 13)
"""
SOURCES = "SELECT name, articles FROM source ORDER BY articles DESC, name"
COUNTERS = "SELECT name, value FROM counter WHERE name IN ('articles', 'entities', 'relations', 'mentions')"
STATS = """
SELECT (SELECT count(*) FROM source), (SELECT min(published) FROM article), (SELECT max(published) FROM article)
"""
