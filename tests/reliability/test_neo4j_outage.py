"""Neo4j going away: unreachable at start, stopped in the middle of a ``kg load``, stopped and started
again under a running ``kg serve``. The server is the test's own (scripts/neo4j-local with a folder of
its own), stopped and started for real."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from spacy.language import Language

from kg.config import Settings
from kg.store import open_store
from loaders.load import ingest_articles
from loaders.readers import iter_inputs
from tests.reliability.conftest import OwnNeo4j, closed_port_uri, kg_env, run_kg, spawn_kg, wait_for
from tests.reliability.corpus import write_jsonl
from tests.schema.server import kg_serve
from tests.store.snapshot import snapshot

ARTICLES = 160  # enough that the load is still running when Neo4j stops, on any machine
BATCH = 10
STATS = "{ stats { articles entities relations } }"


class Clock:
    """Seconds each phase of a scenario took, for its printout."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps.append((name, now - self.start))
        self.start = now

    def __str__(self) -> str:
        return ", ".join(f"{name} {s:.1f} s" for name, s in self.laps)


def gql(base: str, query: str) -> tuple[int, dict]:
    response = httpx.post(f"{base}/graphql", json={"query": query}, timeout=30)
    return response.status_code, response.json()


def test_neo4j_unreachable_at_start_is_one_clear_line(tmp_path: Path) -> None:
    uri = closed_port_uri()
    settings = Settings(_env_file=None, store="neo4j", neo4j_uri=uri, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    env = kg_env(settings, NEO4J_PASSWORD="pw-Unreachable-42")
    article = tmp_path / "a.txt"
    article.write_text("Kenya and Uganda signed a trade agreement in Nairobi on Monday.\n", encoding="utf-8")
    for args in (["load", str(article)], ["stats"], ["delete", "some-id"]):
        done = run_kg(args, env, cwd=tmp_path, timeout=120)
        output = done.stdout + done.stderr
        assert done.returncode == 1, output
        assert f"cannot reach Neo4j at {uri}" in output, output
        assert "scripts/neo4j-local start" in output  # what to do
        assert "Traceback" not in output and "pw-Unreachable-42" not in output


def test_kg_serve_starts_without_neo4j_and_says_so(tmp_path: Path) -> None:
    uri = closed_port_uri()
    settings = Settings(_env_file=None, store="neo4j", neo4j_uri=uri)  # type: ignore[call-arg]
    env = kg_env(settings, NEO4J_PASSWORD="pw-Unreachable-42")
    log = tmp_path / "serve.log"
    with kg_serve(env, log_path=log) as base:
        health = httpx.get(f"{base}/healthz", timeout=30)
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable" and uri in health.json()["reason"]
        status, body = gql(base, STATS)
        assert status == 200 and body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
        assert uri in body["errors"][0]["message"]
    text = log.read_text()
    assert "pw-Unreachable-42" not in text and "Traceback" not in text


@pytest.mark.slow
def test_neo4j_stopped_during_a_load_and_under_kg_serve(own_neo4j: OwnNeo4j, tmp_path: Path, nlp: Language) -> None:
    """One outage, watched from both sides: ``kg load`` retries with backoff, then stops with a clear
    message and status 1; ``kg serve`` answers 503 and GraphQL errors while the server is down and
    serves again once it is back, without a restart; running the load again completes it with no
    duplicates (the graph equals one clean load's)."""
    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES, seed=11)
    reference = Settings(_env_file=None, store="embedded", data_dir=tmp_path / "clean", batch_size=BATCH)  # type: ignore[call-arg]
    clean = open_store(reference)
    try:
        ingest_articles(iter_inputs([str(corpus)], reference), clean, reference, nlp=nlp)
        expected = snapshot(clean, page=100)
    finally:
        clean.close()

    settings = own_neo4j.settings(batch_size=BATCH)
    store = open_store(settings)
    store.clear()
    env = kg_env(settings)
    # kg load's bound on each store call, short: the driver's own retries of a call end sooner (the
    # loader's retries with backoff stay as they are)
    load_env = kg_env(settings, KG_STORE_TIMEOUT_S="2")
    load_log, serve_log = tmp_path / "load.log", tmp_path / "serve.log"
    load = None
    clock = Clock()
    try:
        with kg_serve(env, log_path=serve_log) as base:
            assert httpx.get(f"{base}/healthz", timeout=30).status_code == 200
            load = spawn_kg(["load", str(corpus)], load_env, cwd=tmp_path, log=load_log)
            wait_for(lambda: store.stats().articles >= 2 * BATCH, timeout=120, what="a part of the load")
            store.close()
            clock.lap("load under way")
            own_neo4j.stop()
            clock.lap("Neo4j stopped")

            # kg serve, while Neo4j is down: 503 and GraphQL errors that name the store, never a 500
            health = httpx.get(f"{base}/healthz", timeout=30)
            assert health.status_code == 503, health.text
            assert own_neo4j.uri in health.json()["reason"]
            status, body = gql(base, STATS)
            # unavailable, or (while the server is still shutting down and holds the connection) no
            # answer within the request timeout: either way a GraphQL error that says so
            [error] = body["errors"]
            assert status == 200 and error["extensions"]["code"] in {"STORE_UNAVAILABLE", "STORE_TIMEOUT",
                                                                      "TIMEOUT"}, error
            assert error["message"].startswith(("the graph store", "the request took longer")), error

            # kg load: retries with backoff, then gives up with a message saying what to do
            assert load.wait(timeout=180) == 1
            clock.lap("kg load gave up")
            output = load_log.read_text()
            assert "store did not answer" in output and "retry 5 of 5" in output, output
            assert "the neo4j store stopped answering" in output and own_neo4j.uri in output, output
            assert "run the same command again" in output
            assert "Traceback" not in output

            own_neo4j.start()
            clock.lap("Neo4j started again")
            # kg serve again, without a restart
            wait_for(lambda: httpx.get(f"{base}/healthz", timeout=30).status_code == 200, timeout=60,
                     interval=0.5, what="/healthz to answer 200 after Neo4j is back")
            status, body = gql(base, STATS)
            assert status == 200 and "errors" not in body, body
            partial = body["data"]["stats"]["articles"]
            clock.lap("kg serve answers again")
            assert 0 < partial < expected["stats"]["articles"]

            # the load, run again, completes it: nothing duplicated, nothing lost
            done = run_kg(["load", str(corpus)], load_env, cwd=tmp_path)
            assert done.returncode == 0, done.stdout + done.stderr
            clock.lap("load run again")
            status, body = gql(base, STATS)
            assert body["data"]["stats"]["articles"] == expected["stats"]["articles"]
        store = open_store(settings)
        assert snapshot(store, page=100) == expected
        print(f"\noutage: {partial} of {expected['stats']['articles']} articles stored before Neo4j stopped; "
              f"{clock}")
    finally:
        store.close()
        if load is not None and load.poll() is None:
            load.kill()
            load.wait()
