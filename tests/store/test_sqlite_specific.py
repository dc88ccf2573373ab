"""What only the embedded store has: its file, WAL, locks, threads, crashes and index use.

The common behaviour is in ``test_contract.py``; these tests open ``SQLiteStore`` directly.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import StoreTimeout, StoreUnavailable
from kg.model import ArticleFilter, Interval
from kg.store import open_store, sql
from kg.store.sqlite import SQLiteStore
from tests.store.factories import SOL, M, build, entity, synthetic, world
from tests.store.test_contract import all_pages, snapshot

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kg.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[SQLiteStore]:
    graph = SQLiteStore(path, timeout_s=5)
    yield graph
    graph.close()


def small(n: int, seed: int = 7) -> list:
    """Small synthetic articles: 4 entities and 2 relations each, from a vocabulary of 40."""
    return synthetic(n, seed=seed, entities=4, relations=2, vocabulary=40, sentences=4)


# --------------------------------------------------------------------------- the file


def test_open_store_creates_folder_file_and_wal(tmp_path: Path) -> None:
    settings = Settings(store="embedded", data_dir=tmp_path / "nested" / "kg-data")
    graph = open_store(settings)
    try:
        assert isinstance(graph, SQLiteStore) and graph.name == "embedded"
        assert settings.sqlite_path.is_file()
        graph.write(world()[:2])
        conn = sqlite3.connect(settings.sqlite_path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == sql.SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == sql.APPLICATION_ID
        conn.close()
        own = graph._connect()  # the store's own connection settings
        assert own.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert own.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert own.execute("PRAGMA busy_timeout").fetchone()[0] == int(settings.store_timeout_s * 1000)
    finally:
        graph.close()


def test_reopening_keeps_the_graph_and_the_schema_is_idempotent(path: Path) -> None:
    first = SQLiteStore(path, timeout_s=5)
    first.write(world())
    before = snapshot(first)
    first.close()
    for _ in range(2):
        again = SQLiteStore(path, timeout_s=5)
        assert snapshot(again) == before
        again.close()


def test_closed_store_says_so(store: SQLiteStore) -> None:
    store.ping()
    store.close()
    with pytest.raises(StoreUnavailable, match="closed"):
        store.ping()


def test_not_a_database(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"these are not the bytes of a SQLite database\n" * 200)
    with pytest.raises(StoreUnavailable) as info:
        SQLiteStore(path, timeout_s=1)
    message = str(info.value)
    assert str(path) in message and "move it aside" in message


def test_damaged_file(path: Path) -> None:
    graph = SQLiteStore(path, timeout_s=1)
    graph.write(small(40))
    graph.close()
    size = path.stat().st_size
    with path.open("r+b") as f:  # scribble over everything after the header page
        f.seek(4096)
        f.write(bytes(range(256)) * ((size - 4096) // 256))
    with pytest.raises(StoreUnavailable) as info:
        damaged = SQLiteStore(path, timeout_s=1)
        damaged.stats()
        damaged.articles(first=50)
        damaged.search_entities("Amir")
    assert str(path) in str(info.value)
    assert "damaged" in str(info.value) or "not a kg store" in str(info.value)


def test_another_programs_database(path: Path) -> None:
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreUnavailable, match="not a kg store") as info:
        SQLiteStore(path, timeout_s=1)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(("version", "words"), [(sql.SCHEMA_VERSION + 1, "newer kg"), (1, "older")])
def test_other_schema_versions(path: Path, version: int, words: str) -> None:
    SQLiteStore(path, timeout_s=1).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={version}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreUnavailable, match=words):
        SQLiteStore(path, timeout_s=1)


def test_path_is_a_folder(path: Path) -> None:
    path.mkdir(parents=True)
    with pytest.raises(StoreUnavailable, match="folder"):
        SQLiteStore(path, timeout_s=1)


def test_folder_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreUnavailable, match="KG_DATA_DIR"):
        SQLiteStore(blocker / "kg-data" / "kg.sqlite3", timeout_s=1)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only files")
def test_read_only_file(path: Path) -> None:
    graph = SQLiteStore(path, timeout_s=1)
    graph.close()
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        with pytest.raises(StoreUnavailable, match=r"read-only|cannot open"):
            SQLiteStore(path, timeout_s=1).write(world()[:1])
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)


# --------------------------------------------------------------------------- locks and timeouts


def test_writer_locked_out_longer_than_the_timeout(path: Path) -> None:
    graph = SQLiteStore(path, timeout_s=0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="locked") as info:
            graph.write(world()[:1])
        assert time.monotonic() - started < 3
        assert str(path) in str(info.value)
        assert graph.stats().articles == 0  # readers are not blocked by a writer
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert graph.write(world()[:1]).written == 1
    graph.close()


def test_slow_query_raises_store_timeout(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SQLiteStore, "progress_steps", 100)  # look at the clock often
    graph = SQLiteStore(path, timeout_s=1e-6)  # every read runs out of time at once
    graph.write(small(60))
    with pytest.raises(StoreTimeout, match="KG_STORE_TIMEOUT_S"):
        graph.top_entities(date_from=date(2000, 1, 1), first=1000)
    first, last = small(60)[0].entities[0].id, small(60)[-1].entities[-1].id
    with pytest.raises(StoreTimeout):  # the path search checks the clock between its queries too
        graph.shortest_path(first, last, max_hops=6)
    graph.close()


# --------------------------------------------------------------------------- readers and writers together


def test_readers_see_whole_batches_while_a_writer_writes(path: Path) -> None:
    """Every article below has 3 mentions of count 1: a consistent snapshot has 3 mentions per article
    and whole batches of 5 articles."""
    people = [entity(f"Person Number{i}", "PERSON") for i in range(30)]
    articles = [
        build(f"c-{i:03d}", [f"{people[i % 30].name} met {people[(i + 1) % 30].name} and {people[(i + 2) % 30].name}."],
              mentions=[M(people[(i + k) % 30], (people[(i + k) % 30].name,), (0,)) for k in range(3)],
              published=date(2021, 1, 1 + i % 28))
        for i in range(100)
    ]
    writer = SQLiteStore(path, timeout_s=5)
    reader = SQLiteStore(path, timeout_s=5)  # another connection, as `kg serve` has
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                stats = reader.stats()
                seen.append((stats.articles, stats.mentions))
                page = reader.articles(first=1)
                assert page.total_count % 5 == 0
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for i in range(0, 100, 5):
            writer.write(articles[i:i + 5])
    finally:
        done.set()
        thread.join()
    assert not errors, errors
    assert seen
    assert all(mentions == 3 * n and n % 5 == 0 for n, mentions in seen), seen[:20]
    assert reader.stats().articles == 100
    writer.close()
    reader.close()


def test_one_store_serves_many_threads(store: SQLiteStore) -> None:
    store.write(world())
    expected = (store.stats(), store.neighbors(SOL.id), store.timeline(SOL.id, interval=Interval.WEEK),
                store.articles(ArticleFilter(text="commander")).nodes, store.search_entities("Soleim"))

    def work(_: int) -> tuple:
        return (store.stats(), store.neighbors(SOL.id), store.timeline(SOL.id, interval=Interval.WEEK),
                store.articles(ArticleFilter(text="commander")).nodes, store.search_entities("Soleim"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(64)))
    assert all(r == expected for r in results)
    assert len(store._connections) > 1  # one per thread that used it
    store.close()
    assert store._connections == []


CRASHER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from kg.store.sqlite import SQLiteStore
    from tests.store.test_sqlite_specific import small
    store = SQLiteStore(Path({path!r}), timeout_s=10)
    articles = small(400)
    for i in range(0, len(articles), 10):
        store.write(articles[i:i + 10])
        print(i + 10, flush=True)
""")


@pytest.mark.slow
def test_a_killed_writer_leaves_the_last_whole_batch(path: Path) -> None:
    """SIGKILL a process in the middle of its writes: the file opens again and holds exactly the
    batches that were committed, as if they had been loaded alone."""
    path.parent.mkdir(parents=True)
    SQLiteStore(path, timeout_s=5).close()
    child = subprocess.Popen([sys.executable, "-c", CRASHER.format(repo=str(REPO), path=str(path))],
                             stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if int(line) >= 60:
                break
        time.sleep(0.05)  # let it get into the next batch
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    crashed = SQLiteStore(path, timeout_s=5)
    n = crashed.stats().articles
    assert n >= 60 and n % 10 == 0
    after = snapshot(crashed)
    crashed.close()
    fresh = SQLiteStore(path.parent / "fresh.sqlite3", timeout_s=5)
    arts = small(n)
    for i in range(0, n, 10):
        fresh.write(arts[i:i + 10])
    assert snapshot(fresh) == after
    fresh.close()


# --------------------------------------------------------------------------- index use

#: statements on the read path that must find their rows through an index, never a full scan
HOT = {
    "neighbors": (sql.NEIGHBORS, {"eid": 1, "min_weight": 1, "limit": 10, "types": None}),
    "neighbors_by_relation_type": (sql.NEIGHBORS_BY_RELATION_TYPE, {"eid": 1, "min_weight": 1, "limit": 10,
                                                                    "types": None, "rtypes": '["MEET"]'}),
    "types_among": (sql.TYPES_AMONG, {"eid": 1, "others": "[2, 3]"}),
    "co_mentions": (sql.CO_MENTIONS, {"eid": 1, "limit": 10}),
    "timeline": (sql.TIMELINE.format(bucket=sql.BUCKETS["WEEK"]),
                 {"eid": 1, "date_from": sql.NO_DATE_FROM, "date_to": sql.NO_DATE_TO}),
    "relations": (sql.RELATIONS_PAGE, {"eid": 1, "out": 1, "in": 1, "type": None,
                                       "after_weight": sql.NO_WEIGHT, "after_id": "", "limit": 11}),
    "relations_count": (sql.RELATIONS_COUNT.format(inner=sql.ENTITY_RELATIONS),
                        {"eid": 1, "out": 1, "in": 1, "type": "MEET"}),
    "relations_count_any_type": (sql.RELATIONS_COUNT_ANY_TYPE, {"eid": 1, "out": 1, "in": 1}),
    "articles_of_entity_count": (f"{sql.ARTICLES_COUNT_MENTIONS_ONLY} WHERE {sql.FILTER_DRIVER}",
                                 {"driver": 1}),
    "articles_of_entity_after": (f"{sql.ARTICLES_SELECT} {sql.ARTICLES_FROM_MENTIONS} WHERE "
                                 f"{sql.FILTER_DRIVER} AND {sql.AFTER_ASC.format(day='m.published')} "
                                 f"{sql.ORDER_ASC.format(day='m.published')}",
                                 {"driver": 1, "limit": 11, "after_day": "2020-01-10", "after_id": "art-03"}),
    "relations_dated": (sql.ENTITY_RELATIONS_DATED, {"eid": 1, "out": 1, "in": 1, "type": None,
                                                     "date_from": "2020-01-01", "date_to": sql.NO_DATE_TO}),
    "relations_dated_narrow": (sql.ENTITY_RELATIONS_DATED_NARROW,
                               {"eid": 1, "out": 1, "in": 1, "type": None, "date_from": "2020-01-01",
                                "date_to": sql.NO_DATE_TO}),
    "articles_in_range": (sql.ENTITY_ARTICLES_IN_RANGE, {"eid": 1, "date_from": "2020-01-01",
                                                         "date_to": sql.NO_DATE_TO}),
    "articles_of_entity": (f"{sql.ARTICLES_SELECT} {sql.ARTICLES_FROM_MENTIONS} WHERE "
                           f"{sql.FILTER_DRIVER} AND {sql.DATED.format(day='m.published')} "
                           f"{sql.ORDER_DESC.format(day='m.published')}", {"driver": 1, "limit": 11}),
    "articles_by_date": (f"{sql.ARTICLES_SELECT} {sql.ARTICLES_FROM} WHERE "
                         f"{sql.DATED.format(day='a.published')} {sql.ORDER_ASC.format(day='a.published')}",
                         {"limit": 11}),
    "evidence": (sql.EVIDENCE_ROWS, {"rids": "[1, 2]", "aids": None, "date_from": None, "date_to": None,
                                     "dated": 0}),
    "relation_rows": (sql.RELATION_ROWS, ("[1, 2]",)),
    "lookup": (sql.LOOKUP, ('["soleimani"]',)),
    "adjacent": (sql.ADJACENT, {"eids": "[1, 2]"}),
    "entity_by_name": (sql.ENTITY_BY_NAME, {"name": "soleimani"}),
    "top_dated": (sql.TOP_DATED, {"type": None, "limit": 10, "date_from": "2020-01-01", "date_to": "2020-02-01"}),
    "article_mentions": (sql.ARTICLE_MENTIONS, ('["art-01"]',)),
    "known_aliases": (sql.KNOWN_ALIASES, ('[[1, "Soleimani"]]',)),
    "relations_for_write": (sql.RELATIONS_FOR_WRITE, ('[[1, 2, "MEET", 0]]',)),
}
BIG_TABLES = ("article", "mention", "entity", "entity_alias", "comention", "relation", "evidence", "link")


@pytest.mark.parametrize("name", sorted(HOT))
def test_hot_statements_use_indexes(store: SQLiteStore, name: str) -> None:
    store.write(world())
    statement, params = HOT[name]
    plan = [row[3] for row in store._connect().execute("EXPLAIN QUERY PLAN " + statement, params)]
    scans = [step for step in plan if step.startswith("SCAN ")
             and step.split()[1] in {*BIG_TABLES, "a", "m", "m2", "e", "r", "s", "t", "c", "x", "l"}
             and "json_each" not in step]
    assert not scans, plan


def test_both_ways_to_date_relations_agree(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """``relations`` with a date range walks the relations (wide range) or the articles in the range
    (narrow one): both give the same pages."""
    store.write(small(150, seed=3))
    ids = [r.entity.id for r in store.top_entities(first=4)]
    ranges = [(date(2019, 1, 1), date(2019, 3, 31)), (date(2019, 6, 1), None), (None, date(2019, 1, 20))]

    def pages() -> list:
        out = []
        for entity_id in ids:
            for start, end in ranges:
                out.append(all_pages(store.relations, entity_id, first=3, date_from=start, date_to=end))
        return out

    monkeypatch.setattr(sql, "NARROW_RANGE", 0.0)
    wide = pages()
    monkeypatch.setattr(sql, "NARROW_RANGE", 2.0)
    assert pages() == wide
    assert any(wide)
