"""Queries through the API over HTTP against the same data fetched from the store directly.

On the graph a load left in a store, this starts ``kg serve`` as a separate process and times, for each
query below, ``requests`` requests with 1 client (one kept-alive connection, one request at a time) and
with ``clients`` concurrent clients (a thread and a connection each), over the same samples of entities
(a quarter of them among the 50 most mentioned, the rest drawn evenly from all entities, fixed by the
seed). Every answer is checked: an HTTP error or a GraphQL error counts as an error.

**Direct**: the same data the GraphQL query returns, fetched in this process by calling the store's
methods, the calls that give the same information (for Neo4j: its Cypher through the driver):
``entity(name)`` is ``entity_by_name`` (then ``lookup`` when no name matches); ``neighbors`` and
``timeline``, fields of ``entity(id:)``, are ``entities([id])`` (the API answers null for an unknown
id, which an empty list does not tell) then ``neighbors`` and ``entities`` of the neighbours, or
``timeline``; ``articles`` is ``articles`` with its total; ``path`` is ``shortest_path`` then
``entities`` of the path; and so on (see :func:`direct_calls`). One client, sequential.
``ratio``: API p50 with 1 client over direct p50.
**Server CPU**: the server process's CPU time per request in the 1-client run (what the API costs,
unlike wall times, does not depend on what else the machine runs).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import common
from kg.config import Settings
from kg.model import ArticleFilter, Interval
from kg.store import GraphStore, open_store

ENTITY_FIELDS = "id name type kind aliases mentionCount articleCount firstSeen lastSeen"

#: name -> GraphQL text; each takes the variables :func:`samples` makes for it.
QUERIES: dict[str, str] = {
    "entity": f"query($name: String!) {{ entity(name: $name) {{ {ENTITY_FIELDS} }} }}",
    "searchEntities": f"""query($q: String!) {{ searchEntities(query: $q, first: 10) {{
        score entity {{ {ENTITY_FIELDS} }} }} }}""",
    "neighbors": """query($id: ID!) { entity(id: $id) { neighbors(first: 10) {
        weight relationTypes coMentions entity { id name type mentionCount } } } }""",
    "articles": """query($id: ID!) { articles(filter: {mentions: [$id]}, first: 20) {
        totalCount edges { cursor node { id title url source published wordCount } }
        pageInfo { hasNextPage endCursor } } }""",
    "timeline": """query($id: ID!) { entity(id: $id) { timeline(interval: MONTH) {
        start mentions articles } } }""",
    "topEntities": """query { topEntities(first: 10) { mentions articles entity { id name type } } }""",
    "topEntities(month)": """query($from: Date!, $to: Date!) { topEntities(from: $from, to: $to, first: 10) {
        mentions articles entity { id name type } } }""",
    "path": """query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4) {
        length entities { id name type } relations { id type predicate weight } } }""",
}
#: the queries whose p95 and growth have targets
TARGETED = ("entity", "neighbors", "articles")


@dataclass
class QueryResult:
    query: str
    api_1: list[float] = field(default_factory=list)  # ms, 1 client
    api_n: list[float] = field(default_factory=list)  # ms, n clients
    direct: list[float] = field(default_factory=list)  # ms
    errors_1: int = 0
    errors_n: int = 0
    throughput_n: float = 0.0  # requests/s with n clients
    server_cpu_ms: float = 0.0  # per request, 1 client


@dataclass
class ApiResult:
    store: str
    articles: int
    entities: int
    relations: int
    requests: int
    clients: int
    floor_ms: float  # p50 of a 404 from the same server: HTTP's own cost
    queries: dict[str, dict[str, Any]]


# --------------------------------------------------------------------------- samples


def samples(store: GraphStore, n: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """``n`` variable sets per query, from entities of the graph (fixed by ``seed``)."""
    rng = random.Random(seed)
    ranked = [r.entity for r in store.top_entities(first=1_000_000)]
    if not ranked:
        raise SystemExit("the store is empty: load a corpus first")
    top = ranked[:50]
    pool = [rng.choice(top) if rng.random() < 0.25 else rng.choice(ranked) for _ in range(n)]
    stats = store.stats()
    first, last = stats.first_published or date(2024, 1, 1), stats.last_published or date(2025, 12, 31)
    span = max((last - first).days - 30, 1)

    def search_text(name: str) -> str:
        words = name.split()
        return name if rng.random() < 0.5 else words[-1][:5]

    months = []
    for _ in range(n):
        start = first + timedelta(days=rng.randrange(span))
        months.append({"from": start.isoformat(), "to": (start + timedelta(days=30)).isoformat()})
    return {
        "entity": [{"name": e.name} for e in pool],
        "searchEntities": [{"q": search_text(e.name)} for e in pool],
        "neighbors": [{"id": e.id} for e in pool],
        "articles": [{"id": e.id} for e in pool],
        "timeline": [{"id": e.id} for e in pool],
        "topEntities": [{} for _ in pool],
        "topEntities(month)": months,
        "path": path_pairs(store, [e.id for e in ranked], n, rng),
    }


def path_pairs(store: GraphStore, ids: list[str], n: int, rng: random.Random) -> list[dict[str, Any]]:
    """Pairs of entities 2 to 4 hops apart (some more at 2, as in a graph of this shape)."""
    pairs: list[dict[str, Any]] = []
    tries = 0
    while len(pairs) < min(n, 60) and tries < 40 * n:
        tries += 1
        a, b = rng.choice(ids), rng.choice(ids)
        if a == b:
            continue
        found = store.shortest_path(a, b, max_hops=4)
        if found is not None and 2 <= found.length <= 4:
            pairs.append({"from": a, "to": b})
    if not pairs:
        raise SystemExit("no pair of entities 2 to 4 hops apart: is the graph loaded?")
    return [pairs[i % len(pairs)] for i in range(n)]


# --------------------------------------------------------------------------- the direct side


def direct_calls(store: GraphStore) -> dict[str, Callable[[dict[str, Any]], object]]:
    """What each query returns, asked of the store in this process (the resolvers' own calls)."""

    def entity(v: dict[str, Any]) -> object:
        found = store.entity_by_name(v["name"])
        if found is None:
            refs = next(iter(store.lookup([v["name"]]).values()), ())
            return store.entities([refs[0].id]) if refs else None
        return found

    def neighbors(v: dict[str, Any]) -> object:
        if not store.entities([v["id"]]):  # entity(id:) is null for an unknown id
            return None
        found = store.neighbors(v["id"], first=10)
        return found, store.entities([n.entity_id for n in found])

    def timeline(v: dict[str, Any]) -> object:
        if not store.entities([v["id"]]):
            return None
        return store.timeline(v["id"], interval=Interval.MONTH)

    def path(v: dict[str, Any]) -> object:
        found = store.shortest_path(v["from"], v["to"], max_hops=4)
        return found, store.entities(found.entity_ids if found else ())

    def top_month(v: dict[str, Any]) -> object:
        return store.top_entities(date_from=date.fromisoformat(v["from"]), date_to=date.fromisoformat(v["to"]),
                                  first=10)

    return {
        "entity": entity,
        "searchEntities": lambda v: store.search_entities(v["q"], first=10),
        "neighbors": neighbors,
        "articles": lambda v: store.articles(ArticleFilter(mentions=(v["id"],)), first=20),
        "timeline": timeline,
        "topEntities": lambda v: store.top_entities(first=10),
        "topEntities(month)": top_month,
        "path": path,
    }


# --------------------------------------------------------------------------- the HTTP side


class Client:
    """POSTs GraphQL over one kept-alive connection (the standard library's client costs the least
    per request, so that the figures are the server's); reconnects when the server closed it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, query: str, variables: dict[str, Any]) -> bool:
        payload = json.dumps({"query": query, "variables": variables})
        for attempt in (0, 1):
            try:
                self.conn.request("POST", "/graphql", payload, {"Content-Type": "application/json"})
                response = self.conn.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    return False
        if response.status != 200:
            return False
        data = json.loads(body)
        return not data.get("errors")

    def get(self, path: str) -> None:
        self.conn.request("GET", path)
        self.conn.getresponse().read()

    def close(self) -> None:
        self.conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(settings: Settings, port: int, log_file: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KG_STORE": settings.store, "KG_DATA_DIR": str(settings.data_dir),
           "NEO4J_URI": settings.neo4j_uri}
    with log_file.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port)], cwd=common.ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"kg serve did not become healthy:\n{log_file.read_text()}")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(call: Callable[[dict[str, Any]], object], variables: list[dict[str, Any]]) -> tuple[list[float], int]:
    out, errors = [], 0
    for v in variables:
        started = time.perf_counter()
        ok = call(v)
        out.append((time.perf_counter() - started) * 1000)
        errors += ok is False
    return out, errors


def concurrent(port: int, query: str, variables: list[dict[str, Any]], clients: int,
               ) -> tuple[list[float], int, float]:
    """(latencies, errors, requests/s) of ``clients`` threads sharing the requests."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def worker(part: list[dict[str, Any]]) -> None:
        client = Client(port)
        mine: list[float] = []
        bad = 0
        try:
            client.get("/no-such-page")  # connect before the clock starts
            barrier.wait()
            for v in part:
                started = time.perf_counter()
                try:
                    ok = client.post(query, v)
                except Exception:  # any failure is an error of the API, counted, never fatal here
                    ok = False
                mine.append((time.perf_counter() - started) * 1000)
                bad += not ok
        finally:
            client.close()
            with lock:
                latencies.extend(mine)
                errors[0] += bad

    threads = [threading.Thread(target=worker, args=(variables[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return latencies, errors[0], len(variables) / seconds


def run(settings: Settings, *, requests: int, clients: int, seed: int, queries: list[str] | None = None,
        log: Callable[[str], None] = print) -> ApiResult:
    store = open_store(settings)
    try:
        stats = store.stats()
        log(f"[api {settings.store} {stats.articles}] sampling {requests} requests per query...")
        variables = samples(store, requests, seed)
        direct = direct_calls(store)
        names = queries or list(QUERIES)
        results = {name: QueryResult(name) for name in names}
        port = free_port()
        server = start_server(settings, port, common.out_dir() / f"serve-{settings.store}.log")
        try:
            client = Client(port)
            warm = variables["entity"][: min(20, requests)]
            floor, _ = timed(lambda v: client.get("/no-such-page"), warm * 5)
            for name in names:
                r = results[name]
                query, vs = QUERIES[name], variables[name]
                for v in vs[: min(20, len(vs))]:  # warm both sides: caches, plans, connections
                    direct[name](v)
                    client.post(query, v)
                r.direct, _ = timed(direct[name], vs)
                cpu = cpu_seconds(server.pid)
                r.api_1, r.errors_1 = timed(lambda v, q=query: client.post(q, v), vs)
                r.server_cpu_ms = (cpu_seconds(server.pid) - cpu) / len(vs) * 1000
                if clients > 1:
                    r.api_n, r.errors_n, r.throughput_n = concurrent(port, query, vs, clients)
                log(f"[api {settings.store} {stats.articles}]   {name:<19} direct p50 "
                    f"{common.percentile(r.direct, 50):7.2f}  API p50 {common.percentile(r.api_1, 50):7.2f} "
                    f"p95 {common.percentile(r.api_1, 95):7.2f}  x{clients} p95 "
                    f"{common.percentile(r.api_n, 95):7.2f} ms, errors {r.errors_1}+{r.errors_n}")
            client.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    finally:
        store.close()
    return ApiResult(
        store=settings.store, articles=stats.articles, entities=stats.entities, relations=stats.relations,
        requests=requests, clients=clients, floor_ms=common.percentile(floor, 50),
        queries={name: summary(r) for name, r in results.items()},
    )


def summary(r: QueryResult) -> dict[str, Any]:
    p = common.percentile
    return {
        "direct_p50": p(r.direct, 50), "direct_p95": p(r.direct, 95), "direct_p99": p(r.direct, 99),
        "api_p50": p(r.api_1, 50), "api_p95": p(r.api_1, 95), "api_p99": p(r.api_1, 99),
        "apin_p50": p(r.api_n, 50), "apin_p95": p(r.api_n, 95), "apin_p99": p(r.api_n, 99),
        "errors_1": r.errors_1, "errors_n": r.errors_n, "throughput_n": r.throughput_n,
        "server_cpu_ms": r.server_cpu_ms,
    }
