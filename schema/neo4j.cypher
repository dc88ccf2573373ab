// The Neo4j schema of kg: constraints and indexes, created (IF NOT EXISTS) by kg.store.neo4j.Neo4jStore
// every time it opens a database. Statements end with a semicolon at the end of a line; lines starting
// with // are comments. Every statement must be idempotent.
//
// The graph (see kg/store/neo4j.py for the properties):
//   (:Article)-[:PUBLISHED_BY]->(:Source)
//   (:Article)-[:MENTIONS {count, surfaces, sentences, first_offset, published}]->(:Entity:<Kind>)
//   (:Entity)-[:RELATES {id, type, negated, weight, predicate, confidence, date, ...}]->(:Entity)
//   (:Entity)-[:LINKED {key, weight, co_mentions}]->(:Entity)   per pair of related entities
//   (:Entity)-[:ON_DAY {key, day, mentions, articles}]->(itself) per entity and publication day
//   (:Evidence {relation_id, article_id, sentence, start, end, ...})-[:FROM]->(:Article)
//   (:Entity)-[:NAMED]->(:Name {key})   name or alias, case-folded (entity_by_name, lookup)
//   (:Entity)-[:KEYED]->(:Name {key})   lookup key only (lookup)
//   (:WriteLock {id: 1})                  taken first by every write: one writer at a time

// -- identities: uniqueness constraints (each brings its own range index)
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT source_name IF NOT EXISTS FOR (s:Source) REQUIRE s.name IS UNIQUE;
CREATE CONSTRAINT name_key IF NOT EXISTS FOR (n:Name) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (l:WriteLock) REQUIRE l.id IS UNIQUE;
// one RELATES per relation key (source, target, type, negated): kg.ids.relation_id
CREATE CONSTRAINT relates_id IF NOT EXISTS FOR ()-[r:RELATES]-() REQUIRE r.id IS UNIQUE;
// one LINKED per pair of related entities, keyed by both ids (neighbours and their co-mentions)
CREATE CONSTRAINT linked_key IF NOT EXISTS FOR ()-[l:LINKED]-() REQUIRE l.key IS UNIQUE;
// one ON_DAY per entity and publication day, keyed by both (timelines)
CREATE CONSTRAINT on_day_key IF NOT EXISTS FOR ()-[d:ON_DAY]-() REQUIRE d.key IS UNIQUE;

// -- range indexes for filters and orders
CREATE INDEX article_published IF NOT EXISTS FOR (a:Article) ON (a.published);
CREATE INDEX article_order_desc IF NOT EXISTS FOR (a:Article) ON (a.order_desc);
CREATE INDEX article_order_asc IF NOT EXISTS FOR (a:Article) ON (a.order_asc);
CREATE INDEX article_source IF NOT EXISTS FOR (a:Article) ON (a.source);
CREATE INDEX evidence_relation IF NOT EXISTS FOR (v:Evidence) ON (v.relation_id);
CREATE INDEX entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type);
CREATE INDEX relates_type IF NOT EXISTS FOR ()-[r:RELATES]-() ON (r.type);

// -- full-text: entity names and aliases, as the words kg.store.textsearch.words() makes of them,
//    and the type, so that a type filter is part of the Lucene query (search_words:(...) AND type:(...))
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (e:Entity) ON EACH [e.search_words, e.type]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
// -- full-text: article title and text, for ArticleFilter.text (the same folded words)
CREATE FULLTEXT INDEX article_search IF NOT EXISTS FOR (a:Article) ON EACH [a.search_words]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};

// -- retired: indexes that cost every write more than they saved a read (date ranges go through
//    article_published, an article's evidence through FROM); dropped from databases made before
DROP INDEX mentions_published IF EXISTS;
DROP INDEX evidence_article IF EXISTS;
DROP INDEX entity_mention_count IF EXISTS;
DROP CONSTRAINT co_mentioned_key IF EXISTS;
