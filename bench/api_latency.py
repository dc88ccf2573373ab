"""Latency of the GraphQL API against the store's own reads, on a synthetic graph.

    python -m bench.api_latency --articles 5000 --requests 200 [--store embedded|neo4j] [--data-dir DIR]

Builds a graph of synthetic extracted articles (written straight to the store: no spaCy), starts
``kg serve`` on it as a separate process, and times four dashboard queries over HTTP (``entity``,
``neighbors``, ``articles``, ``path``) against the same data fetched from the store directly (the same
store calls the resolvers make, and the entities they name), and against the schema executed in this
process without HTTP (to tell the cost of GraphQL from that of HTTP). Prints p50 / p95 of each and the
ratio API / store at p50; the target is at most 1.5 (the API adds at most 50 %).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx

from kg.config import Settings
from kg.model import Article, ArticleFilter, Entity, ExtractedArticle, Mention, Relation
from kg.model import make_entity_id as entity_id
from kg.store import GraphStore, open_store

ROOT = Path(__file__).resolve().parents[1]

FIRST = """Amara Adrian Aisha Bilal Camila Chen Dalia Darius Elena Emeka Fatima Felix Hana Hassan Ines Ivan
Jonas Kenji Layla Lars Malik Mei Nadia Omar Priya Rafael Sana Sergei Tariq Vera Wei Yara Zainab""".split()
LAST = ["Abara", "Bakker", "Costa", "Dubois", "Eklund", "Farouk", "Haddad", "Ishikawa", "Kamau", "Karimi",
        "Kovacs", "Laine", "Mansour", "Nakamura", "Novak", "Okafor", "Petrov", "Rossi", "Sharma", "Tanaka",
        "Varga", "Weber", "Yilmaz", "Zhang"]
ORG_WORDS = ["National", "Northern", "Federal", "Global", "Atlantic", "Mining", "Energy", "Shipping",
             "Steel", "Grain", "Telecom", "Aviation", "Harbour"]
ORG_KINDS = ["Corporation", "Holdings", "Authority", "Commission", "Council", "Bank", "Union", "Alliance"]
PLACES = ["Abuja", "Accra", "Amman", "Ankara", "Athens", "Beirut", "Berlin", "Bogota", "Cairo", "Dakar",
          "Doha", "Dublin", "Hanoi", "Kyiv", "Lagos", "Lima", "Lisbon", "Madrid", "Manila", "Nairobi", "Oslo",
          "Paris", "Quito", "Rabat", "Riga", "Rome", "Seoul", "Sofia", "Tunis", "Vienna", "Warsaw"]
RELATIONS = [("MEET_WITH", "met with"), ("CRITICIZE", "criticised"), ("AGREE_WITH", "agreed with"),
             ("VISIT", "visited"), ("SUPPORT", "backed"), ("ACCUSE", "accused"), ("LEAD", "leads"),
             ("SEND_LETTER_TO", "sent a letter to")]
SOURCES = ["Northbridge Herald", "Daily Meridian", "Coastline Wire", "The Civic Ledger", "Harbour Post"]


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    type: str


def vocabulary(rng: random.Random, people: int = 3000, orgs: int = 1500) -> list[Node]:
    names: dict[str, Node] = {}
    while len(names) < people:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        names.setdefault(name, Node(entity_id("PERSON", name), name, "PERSON"))
    while len(names) < people + orgs:
        name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)} {len(names)}"
        names.setdefault(name, Node(entity_id("ORG", name), name, "ORG"))
    for place in PLACES:
        names[place] = Node(entity_id("GPE", place), place, "GPE")
    nodes = list(names.values())
    rng.shuffle(nodes)
    return nodes


def synthetic_articles(n: int, seed: int = 7, per_article: int = 20, relations: int = 10,
                       ) -> Iterator[ExtractedArticle]:
    """``n`` extracted articles over a Zipf-distributed vocabulary, each with ``per_article``
    entities and ``relations`` relations stated by its own sentences."""
    rng = random.Random(seed)
    nodes = vocabulary(rng)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(nodes))]
    start = date(2024, 1, 1)
    for i in range(n):
        cast: dict[str, Node] = {}
        while len(cast) < per_article:
            node = rng.choices(nodes, weights)[0]
            cast[node.id] = node
        people = list(cast.values())
        sentences: list[str] = []
        rels: list[Relation] = []
        offset = 0
        spans: list[tuple[int, int]] = []
        for k in range(relations):
            a, b = rng.sample(people, 2)
            rtype, predicate = rng.choice(RELATIONS)
            sentence = f"{a.name} {predicate} {b.name} on the {k + 1}th day of talks."
            spans.append((offset, offset + len(sentence)))
            rels.append(Relation(a.id, b.id, rtype, predicate, sentence, offset, offset + len(sentence),
                                 negated=rng.random() < 0.05, confidence=round(rng.uniform(0.4, 0.95), 2)))
            sentences.append(sentence)
            offset += len(sentence) + 1
        for node in people:  # every entity named once more in a closing sentence
            sentence = f"{node.name} was also named in the report."
            spans.append((offset, offset + len(sentence)))
            sentences.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(sentences)
        mentions = []
        for node in people:
            where = [j for j, s in enumerate(sentences) if node.name in s]
            first_offset = text.index(node.name)
            mentions.append(Mention(node.id, len(where), (node.name,), first_offset, tuple(where)))
        source = SOURCES[i % len(SOURCES)]
        article = Article(
            id=f"bench{i:07d}", text=text, title=f"{people[0].name} and {people[1].name}: report {i}",
            url=f"https://news.example/{i}", source=source,
            published=start + timedelta(days=rng.randrange(730)),
            origin=f"synthetic#{i}",
        )
        entities = tuple(Entity(node.id, node.name, node.type, (node.name,)) for node in people)
        yield ExtractedArticle(article, entities, tuple(mentions), tuple(rels))


def build(store: GraphStore, n: int, seed: int, batch: int = 250) -> float:
    started = time.perf_counter()
    chunk: list[ExtractedArticle] = []
    for extracted in synthetic_articles(n, seed):
        chunk.append(extracted)
        if len(chunk) == batch:
            store.write(chunk)
            chunk = []
    if chunk:
        store.write(chunk)
    return time.perf_counter() - started


# --------------------------------------------------------------------------- the four queries

ENTITY = "query($id: ID!) { entity(id: $id) { id name type mentionCount articleCount firstSeen lastSeen } }"
NEIGHBORS = """query($id: ID!) { entity(id: $id) { neighbors(first: 10) {
  weight relationTypes coMentions entity { id name type } } } }"""
ARTICLES = """query($id: ID!) { articles(filter: {mentions: [$id]}, first: 20) {
  totalCount edges { cursor node { id title url source published } } pageInfo { hasNextPage endCursor } } }"""
PATH = """query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4) {
  length entities { id name } relations { type predicate weight } } }"""


def direct_calls(store: GraphStore) -> dict[str, Callable[[tuple[str, ...]], object]]:
    """What each query fetches, asked of the store directly."""

    def neighbors(ids: tuple[str, ...]) -> object:
        found = store.neighbors(ids[0], first=10)
        return found, store.entities([n.entity_id for n in found])

    def path(ids: tuple[str, ...]) -> object:
        found = store.shortest_path(ids[0], ids[1], max_hops=4)
        return found, store.entities(found.entity_ids if found else ())

    return {
        "entity": lambda ids: store.entities([ids[0]]),
        "neighbors": neighbors,
        "articles": lambda ids: store.articles(ArticleFilter(mentions=(ids[0],)), first=20),
        "path": path,
    }


def api_calls(connection: http.client.HTTPConnection) -> dict[str, Callable[[tuple[str, ...]], object]]:
    """The queries POSTed over one kept-alive connection. The standard library's client costs the
    least per request, so that the figures are the server's, not the client's."""

    def post(query: str, variables: dict[str, str]) -> object:
        payload = json.dumps({"query": query, "variables": variables})
        connection.request("POST", "/graphql", payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        body = json.loads(response.read())
        if response.status != 200 or body.get("errors"):
            raise SystemExit(f"the API failed: {response.status} {body}")
        return body

    return {
        "entity": lambda ids: post(ENTITY, {"id": ids[0]}),
        "neighbors": lambda ids: post(NEIGHBORS, {"id": ids[0]}),
        "articles": lambda ids: post(ARTICLES, {"id": ids[0]}),
        "path": lambda ids: post(PATH, {"from": ids[0], "to": ids[1]}),
    }


def _get(connection: http.client.HTTPConnection, path: str) -> bytes:
    connection.request("GET", path)
    return connection.getresponse().read()


def in_process_calls(store: GraphStore, settings: Settings) -> dict[str, Callable[[tuple[str, ...]], object]]:
    """The same GraphQL queries executed by the schema in this process: the API without HTTP."""
    import asyncio

    from schema.app import build_schema
    from schema.context import Context
    from schema.lifecycle import StoreHandle

    schema = build_schema(settings)
    handle = StoreHandle(settings, store)
    loop = asyncio.new_event_loop()

    def run(query: str, variables: dict[str, str]) -> object:
        result = loop.run_until_complete(schema.execute(query, variable_values=variables,
                                                        context_value=Context.create(settings, handle)))
        if result.errors:
            raise SystemExit(f"the schema failed: {result.errors}")
        return result.data

    return {
        "entity": lambda ids: run(ENTITY, {"id": ids[0]}),
        "neighbors": lambda ids: run(NEIGHBORS, {"id": ids[0]}),
        "articles": lambda ids: run(ARTICLES, {"id": ids[0]}),
        "path": lambda ids: run(PATH, {"from": ids[0], "to": ids[1]}),
    }


def timings(call: Callable[[tuple[str, ...]], object], samples: list[tuple[str, ...]], warmup: int = 20,
            ) -> list[float]:
    for ids in samples[:warmup]:
        call(ids)
    out = []
    for ids in samples:
        started = time.perf_counter()
        call(ids)
        out.append((time.perf_counter() - started) * 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(settings: Settings, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KG_STORE": settings.store, "KG_DATA_DIR": str(settings.data_dir)}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"kg serve did not become healthy:\n{log.read_text()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per query")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="embedded store folder (default: a temporary one); reused when it holds "
                        "the graph")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="kg-bench-")
    data_dir = args.data_dir or Path(tmp.name) / "kg-data"
    settings = Settings(store=args.store, data_dir=data_dir)
    store = open_store(settings)
    try:
        if store.stats().articles != args.articles:
            store.clear()
            seconds = build(store, args.articles, args.seed)
            print(f"wrote {args.articles} synthetic articles in {seconds:.1f} s "
                  f"({seconds / args.articles * 1000:.2f} ms per article)")
        stats = store.stats()
        print(f"graph: {stats.articles} articles, {stats.entities} entities, {stats.relations} relations "
              f"({args.store} store)")

        rng = random.Random(args.seed)
        top = [r.entity.id for r in store.top_entities(first=100)]
        everyone = [r.entity.id for r in store.top_entities(first=5000)]
        pool = top[:50] + rng.sample(everyone, min(150, len(everyone)))  # popular and ordinary entities
        samples = [(rng.choice(pool), rng.choice(pool)) for _ in range(args.requests)]

        port = free_port()
        server = start_server(settings, port, Path(tmp.name) / "serve.log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                floor = timings(lambda ids: _get(connection, "/no-such-page"), samples)
                api = api_calls(connection)
                direct = direct_calls(store)
                schema_only = in_process_calls(store, settings)
                print(f"\n{'query':<10} {'store p50':>10} {'p95':>7} {'schema p50':>11} {'p95':>7} "
                      f"{'HTTP API p50':>13} {'p95':>7} {'ratio p50':>10}")
                for name in ("entity", "neighbors", "articles", "path"):
                    store_ms = timings(direct[name], samples)
                    schema_ms = timings(schema_only[name], samples)
                    connection.close()  # idle longer than uvicorn's keep-alive: the next request reconnects
                    api_ms = timings(api[name], samples)
                    s50, s95 = percentile(store_ms, 50), percentile(store_ms, 95)
                    g50, g95 = percentile(schema_ms, 50), percentile(schema_ms, 95)
                    a50, a95 = percentile(api_ms, 50), percentile(api_ms, 95)
                    print(f"{name:<10} {s50:>10.2f} {s95:>7.2f} {g50:>11.2f} {g95:>7.2f} {a50:>13.2f} {a95:>7.2f} "
                          f"{a50 / s50:>10.2f}")
                print(f"(ms over {args.requests} requests each; schema: the GraphQL schema executed in this "
                      "process, no HTTP; ratio: HTTP API p50 / store p50, target <= 1.5)")
                print(f"HTTP floor (a 404 from the same server and connection): p50 "
                      f"{percentile(floor, 50):.2f} ms, p95 {percentile(floor, 95):.2f} ms")
            finally:
                connection.close()
        finally:
            server.terminate()
            server.wait(timeout=15)
    finally:
        store.close()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
