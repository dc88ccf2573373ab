"""Every Cypher statement the Neo4j store runs: named constants, every value a ``$parameter``.

Nothing here is ever formatted with user input. Two families are generated from fixed tables at import
time, never from arguments: the entity MERGE per kind label (``MERGE_ENTITIES[kind]``, labels from
:data:`kg.model.KIND_OF_TYPE`) and the shortest-path query per hop bound (``SHORTEST_PATH[n]``, 1..6),
because Cypher 5 takes neither a label nor a variable-length bound as a parameter.
``tests/store/test_neo4j_specific.py`` runs ``EXPLAIN`` on each of them against a real server.

Write statements take ``$rows``: lists of maps built by :mod:`kg.store.neo4j`, applied with ``UNWIND``
inside the one transaction of a ``write()`` call.
"""

from __future__ import annotations

from kg.model import KIND_OF_TYPE as _KIND_OF_TYPE

# --------------------------------------------------------------------------- lifecycle

PING = "RETURN 1 AS ok"
AWAIT_INDEXES = "CALL db.awaitIndexes($timeout_s)"
#: ``clear()``: relationships first, then nodes, in server-side batches so that the heap needed does
#: not grow with the graph (auto-commit transactions: ``CALL ... IN TRANSACTIONS``).
CLEAR_RELATIONSHIPS = """
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS
"""
CLEAR_NODES = """
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS
"""

# --------------------------------------------------------------------------- write: reading state

#: Taken first by every write transaction, so that writers queue up (one writer at a time, as in the
#: embedded store) and the read-compute-write of the aggregates below cannot lose an update.
TAKE_WRITE_LOCK = "MERGE (l:WriteLock {id: 1}) SET l.taken = coalesce(l.taken, 0) + 1"

STORED_HASHES = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.content_hash AS hash
"""

#: What a stored article contributes, so that replacing or deleting it can take it back out.
OLD_SUPPORT = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.published AS published, a.source AS source,
       [(a)-[m:MENTIONS]->(e:Entity) | {entity_id: e.id, count: m.count, names: m.names}] AS mentions,
       [(v:Evidence)-[:FROM]->(a) | v.relation_id] AS relation_ids
"""

DELETE_SUPPORT = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
CALL (a) {
  MATCH (v:Evidence)-[:FROM]->(a)
  DETACH DELETE v
}
CALL (a) {
  MATCH (a)-[r:MENTIONS|PUBLISHED_BY]->()
  DELETE r
}
"""

DELETE_ARTICLES = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
DETACH DELETE a
"""

ENTITY_STATE = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.name AS name, e.type AS type, e.mention_count AS mention_count,
       e.article_count AS article_count, e.first_seen AS first_seen, e.last_seen AS last_seen,
       e.surfaces AS surfaces, e.surface_n AS surface_n, e.name_keys AS name_keys,
       e.lookup_keys AS lookup_keys
"""

#: First and last publication dates over the mentions an entity has left (after a removal).
ENTITY_SEEN = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})<-[m:MENTIONS]-()
RETURN e.id AS id, min(m.published) AS first_seen, max(m.published) AS last_seen
"""

RELATION_STATE = """
UNWIND $ids AS id
MATCH (s)-[r:RELATES {id: id}]->(t)
RETURN r.id AS id, r.weight AS weight, r.pred_names AS pred_names, r.pred_counts AS pred_counts,
       r.confidence AS confidence, r.date AS date, s.id AS source, t.id AS target
"""

#: The stored weight of links (pairs of related entities) by key.
LINK_STATE = """
UNWIND $keys AS key
MATCH ()-[l:LINKED {key: key}]->()
RETURN l.key AS key, l.weight AS weight
"""

#: A relation's aggregates recomputed from the evidence it has left (after a removal).
RELATION_FROM_EVIDENCE = """
UNWIND $ids AS id
MATCH (v:Evidence {relation_id: id})
RETURN id, count(DISTINCT v.article_id) AS weight, collect(v.predicate) AS predicates,
       max(v.confidence) AS confidence, max(v.date) AS date
"""

# --------------------------------------------------------------------------- write: applying

UPSERT_ARTICLES = """
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a += row.props
WITH a, row
WHERE row.source IS NOT NULL
MERGE (s:Source {name: row.source})
CREATE (a)-[:PUBLISHED_BY]->(s)
"""


def _merge_entities(label: str) -> str:
    return f"""
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e:{label}
SET e += row.props
"""


#: ``MERGE_ENTITIES[kind]``: create or update entities of one kind, labelled ``:Entity:<kind>``.
MERGE_ENTITIES: dict[str, str] = {kind: _merge_entities(kind) for kind in sorted(set(_KIND_OF_TYPE.values()))}

#: Entities left without a mention go, with their relations, co-mentions and names.
DELETE_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
DETACH DELETE e
"""

CREATE_MENTIONS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article_id})
MATCH (e:Entity {id: row.entity_id})
CREATE (a)-[:MENTIONS {count: row.count, surfaces: row.surfaces, names: row.names,
                       sentences: row.sentences, first_offset: row.first_offset,
                       published: row.published}]->(e)
"""

CREATE_RELATIONS = """
UNWIND $rows AS row
MATCH (s:Entity {id: row.source})
MATCH (t:Entity {id: row.target})
CREATE (s)-[r:RELATES {id: row.id}]->(t)
SET r += row.props
"""

UPDATE_RELATIONS = """
UNWIND $rows AS row
MATCH ()-[r:RELATES {id: row.id}]->()
SET r += row.props
"""

DELETE_RELATIONS = """
UNWIND $ids AS id
MATCH ()-[r:RELATES {id: id}]->()
DELETE r
"""

#: ``LINKED``: one per pair of entities with a typed relation between them (either direction), from
#: the entity whose id sorts first, keyed by both ids; ``weight``: the summed weights of those relations;
#: ``co_mentions``: the articles that mention both. Kept by every write, so that ``neighbors`` reads
#: one relationship per neighbour instead of counting shared articles at read time.
UPDATE_LINKS = """
UNWIND $rows AS row
MATCH ()-[l:LINKED {key: row.key}]->()
SET l.weight = row.weight
"""

DELETE_LINKS = """
UNWIND $keys AS key
MATCH ()-[l:LINKED {key: key}]->()
DELETE l
"""

#: Co-mention changes of a batch, one row per pair of entities of its articles (most pairs are not
#: linked: the index answers them without touching the graph).
CHANGE_LINK_CO_MENTIONS = """
UNWIND $rows AS row
MATCH ()-[l:LINKED {key: row.key}]->()
SET l.co_mentions = l.co_mentions + row.change
"""

#: New links count their co-mentions once, from the entity with fewer articles (after the batch's
#: mentions are written); later writes only add and take away.
CREATE_LINKS = """
UNWIND $rows AS row
MATCH (a:Entity {id: row.a})
MATCH (b:Entity {id: row.b})
WITH a, b, row, CASE WHEN a.article_count <= b.article_count THEN [a, b] ELSE [b, a] END AS ends
WITH a, b, row, ends[0] AS fewer, ends[1] AS more
CREATE (a)-[l:LINKED {key: row.key, weight: row.weight}]->(b)
SET l.co_mentions = size([(fewer)<-[:MENTIONS]-(x) WHERE (x)-[:MENTIONS]->(more) | x])
"""

#: Whether the graph has typed relations but no links yet (made before links existed): then the
#: store builds them once (see ``Neo4jStore._ensure_links``).
LINKS_MISSING = """
RETURN EXISTS { MATCH (a)-[:RELATES]->(b) WHERE a <> b } AND NOT EXISTS { MATCH ()-[:LINKED]->() } AS missing
"""
ALL_RELATION_WEIGHTS = """
MATCH (a:Entity)-[r:RELATES]->(b:Entity)
WHERE a <> b
RETURN a.id AS source, b.id AS target, r.weight AS weight
"""

#: A write's changes of per-day counts, one row per (entity, day); a day left without articles goes.
CHANGE_DAYS = """
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
MERGE (e)-[d:ON_DAY {key: row.key}]->(e)
ON CREATE SET d.day = row.day, d.mentions = 0, d.articles = 0
SET d.mentions = d.mentions + row.mentions, d.articles = d.articles + row.articles
WITH d
WHERE d.articles <= 0
DELETE d
"""

CREATE_EVIDENCE = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article_id})
CREATE (v:Evidence)-[:FROM]->(a)
SET v = row
"""

#: Names and keys under which entities are found; ``rel`` is NAMED or KEYED (from a fixed pair). The
#: writer only sends links that do not exist yet (it knows the entity's stored keys).
ADD_NAMES = {
    rel: f"""
UNWIND $rows AS row
MATCH (e:Entity {{id: row.id}})
MERGE (n:Name {{key: row.key}})
CREATE (e)-[:{rel}]->(n)
"""
    for rel in ("NAMED", "KEYED")
}

REMOVE_NAMES = """
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})-[r:NAMED|KEYED]->(n:Name {key: row.key})
DELETE r
"""

DELETE_ORPHAN_NAMES = """
UNWIND $keys AS key
MATCH (n:Name {key: key})
WHERE NOT (n)<-[:NAMED|KEYED]-()
DELETE n
"""

DELETE_ORPHAN_SOURCES = """
UNWIND $names AS name
MATCH (s:Source {name: name})
WHERE NOT (s)<-[:PUBLISHED_BY]-()
DELETE s
"""

# --------------------------------------------------------------------------- read: entities

_ENTITY_FIELDS = """e {.id, .name, .type, .aliases, .mention_count, .article_count, .first_seen,
                      .last_seen}"""

ENTITIES = f"""
UNWIND $ids AS id
MATCH (e:Entity {{id: id}})
RETURN {_ENTITY_FIELDS} AS entity
"""

ENTITY_BY_NAME = f"""
MATCH (:Name {{key: $key}})<-[:NAMED]-(e:Entity)
RETURN {_ENTITY_FIELDS} AS entity
ORDER BY e.mention_count DESC, e.id
LIMIT 1
"""

LOOKUP = """
UNWIND $keys AS key
MATCH (:Name {key: key})<-[:NAMED|KEYED]-(e:Entity)
WITH key, e ORDER BY e.mention_count DESC, e.id
WITH key, collect(DISTINCT e {.id, .name, .type, .mention_count}) AS refs
RETURN key, refs
"""

SEARCH_ENTITIES = f"""
CALL db.index.fulltext.queryNodes('entity_search', $query, {{limit: $candidates}})
YIELD node AS e, score
WHERE size($types) = 0 OR e.type IN $types
RETURN {_ENTITY_FIELDS} AS entity, score
"""

#: Neighbours by summed relation weight, read off the ``LINKED`` aggregate: weight, co-mentions and
#: id order the entity's links; only the page's neighbours look up their relation types.
NEIGHBORS = """
MATCH (e:Entity {id: $id})-[l:LINKED]-(n:Entity)
WHERE l.weight >= $min_weight AND (size($types) = 0 OR n.type IN $types)
WITH e, n, l.weight AS weight, l.co_mentions AS co_mentions
ORDER BY weight DESC, co_mentions DESC, n.id
LIMIT $first
RETURN n.id AS id, weight, co_mentions,
       COLLECT { MATCH (e)-[r:RELATES]-(n) RETURN DISTINCT r.type } AS relation_types
"""

#: Neighbours by the summed weight of their relations of some types: aggregated from ``RELATES``; the
#: co-mentions from the pair's ``LINKED``.
NEIGHBORS_BY_RELATION_TYPE = """
MATCH (e:Entity {id: $id})-[r:RELATES]-(n:Entity)
WHERE n <> e AND r.type IN $relation_types AND (size($types) = 0 OR n.type IN $types)
WITH e, n, sum(r.weight) AS weight, collect(DISTINCT r.type) AS relation_types
WHERE weight >= $min_weight
MATCH (e)-[l:LINKED]-(n)
RETURN n.id AS id, weight, relation_types, l.co_mentions AS co_mentions
ORDER BY weight DESC, co_mentions DESC, id
LIMIT $first
"""

#: Entities mentioned in the articles of an entity: articles and sentences shared, per entity.
CO_MENTIONS = """
MATCH (e:Entity {id: $id})<-[m1:MENTIONS]-(:Article)-[m2:MENTIONS]->(n:Entity)
WHERE n <> e
WITH n, count(*) AS articles,
     sum(size([s IN m2.sentences WHERE s IN m1.sentences])) AS sentences
RETURN n.id AS id, articles, sentences
ORDER BY articles DESC, sentences DESC, id
LIMIT $first
"""

#: ``ON_DAY``: an entity's mentions and articles on one publication day, a relationship from the entity
#: to itself keyed by the entity id and the day, kept by every write: a timeline reads at most one per
#: day of the corpus, however many articles name the entity.
TIMELINE = """
MATCH (e:Entity {id: $id})-[d:ON_DAY]->(e)
WHERE ($date_from IS NULL OR d.day >= $date_from) AND ($date_to IS NULL OR d.day <= $date_to)
WITH CASE $interval WHEN 'DAY' THEN d.day WHEN 'WEEK' THEN date.truncate('week', d.day)
                    ELSE date.truncate('month', d.day) END AS start, d.mentions AS mentions, d.articles AS articles
RETURN start, sum(mentions) AS mentions, sum(articles) AS articles
ORDER BY start
"""

#: Entities with dated mentions but no ``ON_DAY`` (a graph written before them; see
#: ``Neo4jStore._ensure_days``), and their building.
DAYS_MISSING = """
MATCH (e:Entity)
WHERE NOT EXISTS { (e)-[:ON_DAY]->(e) } AND EXISTS { (e)<-[m:MENTIONS]-() WHERE m.published IS NOT NULL }
RETURN e.id AS id LIMIT 1
"""
BUILD_DAYS = """
MATCH (e:Entity)
WHERE NOT EXISTS { (e)-[:ON_DAY]->(e) }
CALL (e) {
  MATCH (e)<-[m:MENTIONS]-()
  WHERE m.published IS NOT NULL
  WITH e, m.published AS day, sum(m.count) AS mentions, count(m) AS articles
  CREATE (e)-[:ON_DAY {key: e.id + '\u001f' + toString(day), day: day, mentions: mentions, articles: articles}]->(e)
} IN TRANSACTIONS OF 1000 ROWS
"""

# --------------------------------------------------------------------------- read: relations

_RELATION_FIELDS = """{id: r.id, source: startNode(r).id, target: endNode(r).id, type: r.type,
        predicate: r.predicate, negated: r.negated, confidence: r.confidence, date: r.date,
        weight: r.weight}"""

_ENTITY_RELATIONS_MATCH = """
MATCH (e:Entity {id: $id})-[r:RELATES]-()
WHERE ($type IS NULL OR r.type = $type)
  AND ($direction = 'BOTH' OR ($direction = 'OUT' AND startNode(r) = e)
       OR ($direction = 'IN' AND endNode(r) = e))
WITH DISTINCT r
"""

#: One keyset page of ``rels`` (maps with ``weight`` and ``id``): weight descending, then id; with
#: the number of them all. The sort runs in the server: only the page travels.
_RELATIONS_PAGE = """
WITH collect(rel) AS rels
CALL (rels) {
  UNWIND rels AS rel
  WITH rel
  WHERE $after_weight IS NULL OR rel.weight < $after_weight
     OR (rel.weight = $after_weight AND rel.id > $after_id)
  WITH rel
  ORDER BY rel.weight DESC, rel.id
  LIMIT $limit
  RETURN collect(rel) AS page
}
RETURN size(rels) AS total, page
"""

#: The typed relations of an entity, all-time aggregates (no date range).
ENTITY_RELATIONS = f"""
{_ENTITY_RELATIONS_MATCH}
WITH {_RELATION_FIELDS} AS rel
{_RELATIONS_PAGE}
"""

#: The typed relations of an entity, with only the evidence published in a date range.
ENTITY_RELATIONS_IN_RANGE = f"""
{_ENTITY_RELATIONS_MATCH}
MATCH (v:Evidence {{relation_id: r.id}})
WHERE v.published IS NOT NULL
  AND ($date_from IS NULL OR v.published >= $date_from)
  AND ($date_to IS NULL OR v.published <= $date_to)
WITH r, count(DISTINCT v.article_id) AS weight, collect(v.predicate) AS predicates,
     max(v.confidence) AS confidence, max(v.date) AS date
WITH {{id: r.id, source: startNode(r).id, target: endNode(r).id, type: r.type,
       negated: r.negated, weight: weight, predicates: predicates, confidence: confidence,
       date: date}} AS rel
{_RELATIONS_PAGE}
"""

RELATIONS_BY_ID = f"""
UNWIND $ids AS id
MATCH ()-[r:RELATES {{id: id}}]->()
RETURN {_RELATION_FIELDS} AS relation
"""

EVIDENCE = """
UNWIND $ids AS id
MATCH (v:Evidence {relation_id: id})
WHERE ($date_from IS NULL OR (v.published IS NOT NULL AND v.published >= $date_from))
  AND ($date_to IS NULL OR (v.published IS NOT NULL AND v.published <= $date_to))
  AND ($article_ids IS NULL OR v.article_id IN $article_ids)
RETURN v {.relation_id, .article_id, .sentence, .start, .end, .predicate, .confidence, .date} AS evidence
ORDER BY v.relation_id, v.article_id, v.start
"""

ARTICLE_RELATION_IDS = """
UNWIND $ids AS id
MATCH (:Article {id: id})<-[:FROM]-(v:Evidence)
RETURN id AS article_id, collect(DISTINCT v.relation_id) AS relation_ids
"""

RELATION_TYPES = """
MATCH ()-[r:RELATES]->()
RETURN r.type AS type, count(*) AS n
ORDER BY n DESC, type
"""

# --------------------------------------------------------------------------- read: articles

_ARTICLE_FIELDS = """a {.id, .title, .url, .source, .published, .author, .word_count, .content_hash,
                      .ingested_at}"""

ARTICLES_BY_ID = f"""
UNWIND $ids AS id
MATCH (a:Article {{id: id}})
RETURN {_ARTICLE_FIELDS} AS article
"""

ARTICLE_TEXT = "MATCH (a:Article {id: $id}) RETURN a.text AS text"

ARTICLE_MENTIONS = """
UNWIND $ids AS id
MATCH (a:Article {id: id})-[m:MENTIONS]->(e:Entity)
RETURN id AS article_id, e.id AS entity_id, m.count AS count, m.surfaces AS surfaces,
       m.first_offset AS first_offset
ORDER BY article_id, count DESC, entity_id
"""

# Article listings. Every article has two sortable keys, ``order_desc`` and ``order_asc`` (its date,
# inverted for newest first, undated last, then its id), each with a range index. A page is the keys
# in ``($lo, $hi)``: the date range and the cursor both become bounds of that one key, so an
# unfiltered page is an ordered index scan that stops after ``$limit`` rows. ``{order}`` is one of
# the two fixed key names, never user input. The other filters depend on what drives the query:
# the key range itself, a source (its index), the entities mentioned (their MENTIONS) or the words
# (the full-text index).
_ARTICLE_FILTERS = """
  a.{order} > $lo AND a.{order} < $hi
  AND ($source IS NULL OR a.source = $source)
  AND all(id IN $mentions_all WHERE exists {{ (a)-[:MENTIONS]->(:Entity {{id: id}}) }})
  AND (size($mentions) = 0 OR exists {{ (a)-[:MENTIONS]->(x:Entity) WHERE x.id IN $mentions }})
"""

_ARTICLE_DRIVERS = {
    "range": "MATCH (a:Article)\nWITH a",
    "source": "MATCH (a:Article {source: $source})\nWITH a",
    "mention": "UNWIND $start AS start_id\nMATCH (:Entity {id: start_id})<-[:MENTIONS]-(a:Article)\nWITH DISTINCT a",
    "text": "CALL db.index.fulltext.queryNodes('article_search', $query) YIELD node AS a\nWITH a",
}


def _articles_page(driver: str, order: str) -> str:
    where = _ARTICLE_FILTERS.format(order=order)
    return f"""
{_ARTICLE_DRIVERS[driver]}
WHERE {where}
RETURN {_ARTICLE_FIELDS} AS article
ORDER BY a.{order}
LIMIT $limit
"""


def _articles_count(driver: str) -> str:
    where = _ARTICLE_FILTERS.format(order="order_asc")
    return f"""
{_ARTICLE_DRIVERS[driver]}
WHERE {where}
RETURN count(a) AS n
"""


#: ``ARTICLES_PAGE[(driver, order)]``: one page of articles; ``ARTICLES_COUNT[driver]``: how many match.
ARTICLES_PAGE: dict[tuple[str, str], str] = {
    (driver, order): _articles_page(driver, order)
    for driver in _ARTICLE_DRIVERS for order in ("order_desc", "order_asc")
}
ARTICLES_COUNT: dict[str, str] = {driver: _articles_count(driver) for driver in _ARTICLE_DRIVERS}
COUNT_ALL_ARTICLES = "MATCH (a:Article) RETURN count(a) AS n"

#: How many articles the entities of a ``mentions`` filter have, against all: picks the driver.
MENTION_SPREAD = """
CALL () { MATCH (a:Article) RETURN count(a) AS total }
OPTIONAL MATCH (e:Entity) WHERE e.id IN $ids
RETURN total, coalesce(sum(e.article_count), 0) AS mentioning
"""

SOURCES = """
MATCH (s:Source)
RETURN s.name AS name, COUNT { (s)<-[:PUBLISHED_BY]-() } AS n
ORDER BY n DESC, name
"""

# --------------------------------------------------------------------------- read: across the graph


def _shortest_path(hops: int) -> str:
    return f"""
MATCH (a:Entity {{id: $source}})
MATCH (b:Entity {{id: $target}})
MATCH p = allShortestPaths((a)-[:RELATES*..{hops}]-(b))
WITH DISTINCT [n IN nodes(p) | n.id] AS ids
RETURN ids
ORDER BY ids
LIMIT 1
"""


MAX_PATH_HOPS = 6
#: ``SHORTEST_PATH[n]``: a shortest path of at most n hops, n in 1..MAX_PATH_HOPS (a literal bound).
SHORTEST_PATH: dict[int, str] = {n: _shortest_path(n) for n in range(1, MAX_PATH_HOPS + 1)}

#: Between each pair of consecutive entities of a path: the heaviest relation, then the smallest id.
PATH_RELATIONS = f"""
UNWIND range(0, size($ids) - 2) AS i
MATCH (a:Entity {{id: $ids[i]}})-[r:RELATES]-(b:Entity {{id: $ids[i + 1]}})
WITH i, r ORDER BY r.weight DESC, r.id
WITH i, collect(r)[0] AS r
RETURN i, {_RELATION_FIELDS} AS relation
ORDER BY i
"""

#: One step of a breadth-first walk over typed relations (subgraph).
EXPAND = """
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r:RELATES]-(n:Entity)
WHERE NOT n.id IN $seen
RETURN DISTINCT n.id AS id, n.mention_count AS mention_count
"""

RELATIONS_AMONG = f"""
MATCH (s:Entity)-[r:RELATES]->(t:Entity)
WHERE s.id IN $ids AND t.id IN $ids
RETURN {_RELATION_FIELDS} AS relation
"""

TOP_ENTITIES_ALL_TIME = f"""
MATCH (e:Entity)
WHERE $type IS NULL OR e.type = $type
RETURN {_ENTITY_FIELDS} AS entity, e.mention_count AS mentions, e.article_count AS articles
ORDER BY mentions DESC, articles DESC, e.id
LIMIT $first
"""

TOP_ENTITIES_IN_RANGE = f"""
MATCH (a:Article)
WHERE a.published IS NOT NULL
  AND ($date_from IS NULL OR a.published >= $date_from)
  AND ($date_to IS NULL OR a.published <= $date_to)
MATCH (a)-[m:MENTIONS]->(e:Entity)
WHERE $type IS NULL OR e.type = $type
WITH e, sum(m.count) AS mentions, count(m) AS articles
RETURN {_ENTITY_FIELDS} AS entity, mentions, articles
ORDER BY mentions DESC, articles DESC, e.id
LIMIT $first
"""

LAST_PUBLISHED = """
MATCH (a:Article)
WHERE a.published IS NOT NULL
RETURN a.published AS day
ORDER BY a.published DESC
LIMIT 1
"""

FIRST_PUBLISHED = """
MATCH (a:Article)
WHERE a.published IS NOT NULL
RETURN a.published AS day
ORDER BY a.published
LIMIT 1
"""

#: Mentions per entity in two windows: [prev_from, cur_from) and [cur_from, cur_to].
TRENDING = f"""
MATCH (a:Article)
WHERE a.published >= $prev_from AND a.published <= $cur_to
MATCH (a)-[m:MENTIONS]->(e:Entity)
WITH e, sum(CASE WHEN a.published >= $cur_from THEN m.count ELSE 0 END) AS mentions,
     sum(CASE WHEN a.published >= $cur_from THEN 1 ELSE 0 END) AS articles,
     sum(CASE WHEN a.published < $cur_from THEN m.count ELSE 0 END) AS previous
WHERE mentions > previous
RETURN {_ENTITY_FIELDS} AS entity, mentions, articles, previous
ORDER BY mentions - previous DESC, mentions DESC, e.id
LIMIT $first
"""

STATS = """
CALL () { MATCH (a:Article) RETURN count(a) AS articles }
CALL () { MATCH (s:Source) RETURN count(s) AS sources }
CALL () { MATCH ()-[r:RELATES]->() RETURN count(r) AS relations }
CALL () { MATCH (e:Entity) RETURN count(e) AS entities, sum(e.mention_count) AS mentions }
RETURN articles, sources, relations, entities, mentions
"""

ENTITIES_BY_TYPE = """
MATCH (e:Entity)
RETURN e.type AS type, count(*) AS n
"""

def all_statements() -> dict[str, str]:
    """Every statement above by name, the generated families flattened (for the EXPLAIN test)."""
    out: dict[str, str] = {}
    for name, value in globals().items():
        if name.startswith("_") or not name.isupper():
            continue
        if isinstance(value, str):
            out[name] = value
        elif isinstance(value, dict):
            for key, text in value.items():
                out[f"{name}[{key}]"] = text
    return out
