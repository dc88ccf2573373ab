"""What only the Neo4j store has: its schema, its Cypher, its server's errors and retries.

Needs a real server (``NEO4J_URI``; ``scripts/neo4j-local start`` prints one): skipped without it on a
developer's machine, failed in CI (``KG_REQUIRE_NEO4J=1``). The tests about an unreachable server or a
bad URI need none and always run.
"""

from __future__ import annotations

import dataclasses
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.config import Settings
from kg.errors import ConfigError, StoreTimeout, StoreUnavailable
from kg.model import Interval
from kg.store import cypher, open_store
from kg.store.neo4j import Neo4jStore, _search_words, lucene_escape, schema_statements
from kg.store.textsearch import words
from tests.conftest import neo4j_settings, require_neo4j
from tests.store.factories import SOL, art01, art06, world

# -------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def settings() -> Settings:
    require_neo4j()
    return neo4j_settings()


@pytest.fixture
def neo(settings: Settings) -> Iterator[Neo4jStore]:
    store = open_store(settings)
    assert isinstance(store, Neo4jStore)
    store.clear()
    try:
        yield store
    finally:
        store.clear()
        store.close()


@pytest.fixture
def driver(settings: Settings) -> Iterator[Any]:
    """A plain driver on the same server, for what the store does not expose (schema, EXPLAIN)."""
    password = settings.neo4j_password.get_secret_value()
    auth = (settings.neo4j_user, password) if password else None
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth, notifications_min_severity="OFF") as d:
        yield d


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -------------------------------------------------------------------------------------- schema

EXPECTED_CONSTRAINTS = {"article_id", "entity_id", "source_name", "name_key", "write_lock_id", "relates_id",
                        "linked_key", "on_day_key"}
EXPECTED_INDEXES = {"article_published", "article_order_desc", "article_order_asc", "article_source",
                    "evidence_relation", "entity_type", "relates_type", "entity_search", "article_search"}
RETIRED = {"mentions_published", "evidence_article", "entity_mention_count", "co_mentioned_key"}


def test_schema_file_splits_into_idempotent_statements() -> None:
    statements = schema_statements()
    creates = [s for s in statements if s.startswith("CREATE ")]
    drops = [s for s in statements if s.startswith("DROP ")]
    assert len(creates) == len(EXPECTED_CONSTRAINTS) + len(EXPECTED_INDEXES)
    assert len(drops) == len(RETIRED) and len(creates) + len(drops) == len(statements)
    for statement in creates:
        assert "IF NOT EXISTS" in statement, statement
    for statement in drops:
        assert statement.endswith("IF EXISTS"), statement
    for statement in statements:
        assert not statement.endswith(";") and "//" not in statement


def _schema(driver: Any, database: str) -> tuple[dict[str, str], dict[str, str]]:
    constraints = {r["name"]: r["type"] for r in
                   driver.execute_query("SHOW CONSTRAINTS YIELD name, type", database_=database).records}
    indexes = {r["name"]: r["state"] for r in
               driver.execute_query("SHOW INDEXES YIELD name, state", database_=database).records}
    return constraints, indexes


def test_schema_is_created_online_and_idempotent(neo: Neo4jStore, driver: Any, settings: Settings) -> None:
    constraints, indexes = _schema(driver, settings.neo4j_database)
    assert set(constraints) >= EXPECTED_CONSTRAINTS
    assert constraints["relates_id"] == "RELATIONSHIP_UNIQUENESS"
    assert set(indexes) >= EXPECTED_INDEXES
    assert all(indexes[name] == "ONLINE" for name in EXPECTED_INDEXES)
    assert not RETIRED & (set(indexes) | set(constraints))
    # opening again re-runs every statement: nothing new, nothing fails
    again = open_store(settings)
    again.close()
    for statement in schema_statements():
        driver.execute_query(statement, database_=settings.neo4j_database)
    assert _schema(driver, settings.neo4j_database) == (constraints, indexes)


def test_uniqueness_constraints_hold(neo: Neo4jStore, driver: Any, settings: Settings) -> None:
    neo.write([art01()])
    with pytest.raises(neo4j.exceptions.ConstraintError):
        driver.execute_query("CREATE (:Entity {id: $id})", {"id": SOL.id}, database_=settings.neo4j_database)


# -------------------------------------------------------------------------------------- Cypher


@pytest.mark.parametrize("name", sorted(cypher.all_statements()))
def test_every_cypher_statement_explains(name: str, driver: Any, settings: Settings) -> None:
    """Every named statement is valid Cypher for the server (EXPLAIN plans it without running it)."""
    statement = cypher.all_statements()[name]
    with driver.session(database=settings.neo4j_database) as session:
        summary = session.run("EXPLAIN " + statement).consume()
    assert summary.plan is not None


def test_statements_take_values_as_parameters() -> None:
    """No statement has a Python format hole left, and the generated families cover their tables."""
    for name, statement in cypher.all_statements().items():
        assert "{ENTITY" not in statement and "{RELATION" not in statement and "{ARTICLE" not in statement, name
    assert sorted(cypher.SHORTEST_PATH) == list(range(1, cypher.MAX_PATH_HOPS + 1))
    assert "*..3]" in cypher.SHORTEST_PATH[3]
    assert set(cypher.MERGE_ENTITIES) == {"Event", "Group", "Law", "Organization", "Person", "Place",
                                          "Product", "Work"}


def test_lucene_escape() -> None:
    assert lucene_escape("soleimani") == "soleimani"
    assert lucene_escape("a+b-c") == "a\\+b\\-c"
    assert lucene_escape('x"y*z?:(w)') == 'x\\"y\\*z\\?\\:\\(w\\)'
    assert lucene_escape("AND") == "and" and lucene_escape("OR") == "or" and lucene_escape("NOT") == "not"


@given(st.text(max_size=200))
def test_search_words_fast_path_matches_textsearch(text: str) -> None:
    """What the store indexes for full-text search are the words textsearch.words() makes."""
    assert _search_words(text) == " ".join(words(text))
    ascii_text = text.encode("ascii", "ignore").decode()
    assert _search_words(ascii_text) == " ".join(words(ascii_text))


def test_entities_carry_their_kind_label(neo: Neo4jStore, driver: Any, settings: Settings) -> None:
    neo.write(world())
    rows = driver.execute_query("MATCH (e:Entity) RETURN e.id AS id, labels(e) AS labels",
                                database_=settings.neo4j_database).records
    labels = {r["id"]: set(r["labels"]) for r in rows}
    assert labels[SOL.id] == {"Entity", "Person"}
    assert labels["place:kurdistan-region"] == {"Entity", "Place"}
    assert labels["group:iraqis"] == {"Entity", "Group"}
    # one RELATES per relation key, so that paths run over them natively
    n = driver.execute_query("MATCH ()-[r:RELATES]->() RETURN count(r) AS n",
                             database_=settings.neo4j_database).records[0]["n"]
    assert n == neo.stats().relations == 10


# -------------------------------------------------------------------------------------- errors


def test_unreachable_server_names_the_uri_and_what_to_do() -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore(uri, password="hunter2-not-shown", timeout_s=3)
    message = str(info.value)
    assert uri in message
    assert "scripts/neo4j-local start" in message and "NEO4J_URI" in message
    assert "hunter2" not in message
    assert time.monotonic() - started < 30
    # the same through the factory the CLI and the API use
    with pytest.raises(StoreUnavailable):
        open_store(Settings(store="neo4j", neo4j_uri=uri, store_timeout_s=3))


def test_bad_uri_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        Neo4jStore("http://127.0.0.1:7474", timeout_s=3)
    assert "http://127.0.0.1:7474" in str(info.value) and "bolt://" in str(info.value)
    with pytest.raises(ConfigError):
        Neo4jStore("", timeout_s=3)


def test_a_query_over_the_time_limit_is_a_store_timeout(settings: Settings) -> None:
    store = open_store(settings.model_copy(update={"store_timeout_s": 1.0}))
    assert isinstance(store, Neo4jStore)
    try:
        started = time.monotonic()
        with pytest.raises(StoreTimeout) as info:
            store._query("UNWIND range(1, 4000000000) AS x RETURN count(x) AS n", "a deliberately slow count")
        assert "a deliberately slow count" in str(info.value)
        assert time.monotonic() - started < 20
        store.ping()  # and the store still answers
    finally:
        store.close()


def test_a_deadlocked_write_is_retried(neo: Neo4jStore, driver: Any, settings: Settings,
                                       caplog: pytest.LogCaptureFixture) -> None:
    """A real transient error: another transaction deadlocks with a write; Neo4j aborts the write (it
    holds fewer locks), the driver retries it, and the retry lands.

    The other transaction holds Soleimani's node (and many probe nodes), the write takes the write
    lock and then waits for Soleimani; the other transaction then asks for the write lock, closing the
    cycle. That it commits at all proves the write's first attempt was rolled back; the write's result
    proves the retry."""
    db = settings.neo4j_database
    neo.write([art01()])
    driver.execute_query("UNWIND range(1, 300) AS i CREATE (:RetryProbe {i: i})", database_=db)
    outcome: dict[str, Any] = {}

    def write() -> None:
        try:
            outcome["result"] = neo.write([art06()])
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            outcome["error"] = exc

    caplog.set_level(logging.INFO, logger="neo4j")
    with driver.session(database=db) as session:
        other = session.begin_transaction()
        other.run("MATCH (e:Entity {id: $id}) SET e.probe = 1", id=SOL.id).consume()
        other.run("MATCH (p:RetryProbe) SET p.locked = true").consume()
        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            statuses = [r["status"] for r in driver.execute_query(
                "SHOW TRANSACTIONS YIELD status RETURN status", database_=db).records]
            if any(s.startswith("Blocked") for s in statuses):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the write never waited for the locked entity")
        other.run("MATCH (l:WriteLock {id: 1}) SET l.probe = 1").consume()  # closes the cycle
        other.commit()
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["result"].written == 1
    assert any("DeadlockDetected" in r.getMessage() for r in caplog.records)
    assert neo.stored_hashes(["art-06"]) == {"art-06": art06().article.content_hash}
    assert neo.entities([SOL.id])[SOL.id].article_count == 2


def test_concurrent_writers_queue_up(settings: Settings, neo: Neo4jStore) -> None:
    """Two stores writing overlapping articles at once give the graph of one sequential load."""
    articles = world()
    halves = [articles[0::2], articles[1::2]]
    stores = [open_store(settings), open_store(settings)]
    errors: list[BaseException] = []

    def load(store: Any, part: list[Any]) -> None:
        try:
            for article in part:
                store.write([article])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(s, h)) for s, h in zip(stores, halves, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert errors == []
    concurrent = {e.id: dataclasses.replace(e, type="") for e in neo.top_entities(first=100)
                  for e in [e.entity]}
    stats = neo.stats()
    neo.clear()
    neo.write(articles)
    sequential = {e.id: dataclasses.replace(e, type="") for e in neo.top_entities(first=100)
                  for e in [e.entity]}
    assert concurrent == sequential
    assert dataclasses.replace(stats, entities_by_type={}) == dataclasses.replace(neo.stats(),
                                                                                   entities_by_type={})


def test_links_of_a_graph_written_before_them_are_built_at_open(neo: Neo4jStore, driver: Any,
                                                                 settings: Settings) -> None:
    neo.write(world())
    before = {e: neo.neighbors(e, first=100) for e in (SOL.id, "org:irgc")}
    driver.execute_query("MATCH ()-[l:LINKED]->() DELETE l", database_=settings.neo4j_database)
    again = open_store(settings)
    try:
        assert {e: again.neighbors(e, first=100) for e in before} == before
        assert before[SOL.id]
    finally:
        again.close()


def test_timelines_of_a_graph_written_before_their_day_counts_are_built_at_open(
        neo: Neo4jStore, driver: Any, settings: Settings) -> None:
    neo.write(world())
    before = neo.timeline(SOL.id, interval=Interval.DAY)
    driver.execute_query("MATCH ()-[d:ON_DAY]->() DELETE d", database_=settings.neo4j_database)
    again = open_store(settings)
    try:
        assert again.timeline(SOL.id, interval=Interval.DAY) == before and before
    finally:
        again.close()
