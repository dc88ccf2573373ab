"""A load test of the API from a second process on loopback: N concurrent clients for S seconds over a
mix of queries; prints throughput, latency percentiles and errors (the target is zero errors).

    python -m tests.reliability.load_test --clients 50 --seconds 60
    python -m tests.reliability.load_test --url http://127.0.0.1:8000 --clients 50 --seconds 60

Without ``--url`` it builds an embedded store of ``--articles`` synthetic articles (tests/store/factories:
made-up names, no text of anyone's) in a temporary folder, starts ``kg serve`` on it as a subprocess,
and stops it at the end. The entity ids the queries use are found through the API itself, so any
server with data can be the target. Each client is one keep-alive connection sending its next request
as soon as the last one is answered. An error is any answer that is not HTTP 200 with data and no
GraphQL errors, or a transport failure (timeout, reset).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]

#: The mix: (name, weight, query). $id, $other: entity ids; $word: a word of a name.
MIX: tuple[tuple[str, int, str], ...] = (
    ("entity+neighbors", 20, "query($id: ID!) { entity(id: $id) { name type mentionCount "
                             "neighbors(first: 10) { weight entity { id name } } } }"),
    ("search", 15, "query($word: String!) { searchEntities(query: $word, first: 10) { score entity { id name } } }"),
    ("articles by entity", 15, "query($id: ID!) { articles(first: 20, filter: {mentions: [$id]}) "
                               "{ totalCount edges { node { id title published } } } }"),
    ("relations", 10, "query($id: ID!) { entity(id: $id) { relations(first: 10) { totalCount edges { node "
                      "{ type weight evidence { sentence } } } } } }"),
    ("top entities", 10, "{ topEntities(first: 10) { mentions entity { id name } } }"),
    ("timeline", 8, "query($id: ID!) { entity(id: $id) { timeline(interval: MONTH) { start mentions } } }"),
    ("path", 8, "query($id: ID!, $other: ID!) { path(from: $id, to: $other) { length entities { id } } }"),
    ("subgraph", 6, "query($id: ID!) { subgraph(ids: [$id], depth: 1, limit: 50) { truncated "
                    "nodes { id label } edges { type weight } } }"),
    ("stats", 4, "{ stats { articles entities relations mentions } }"),
    ("trending", 4, "{ trendingEntities(window: 30, first: 10) { change entity { id } } }"),
)
SEED_QUERY = "{ topEntities(first: 100) { entity { id name } } }"


@dataclass
class Results:
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)  # a few error bodies, to say what went wrong

    @property
    def all(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]

    @property
    def requests(self) -> int:
        return len(self.all) + sum(self.errors.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def summary(self) -> dict[str, object]:
        every = sorted(self.all)
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 1),
            "throughput_rps": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(every, 50) * 1000, 1),
            "p90_ms": round(percentile(every, 90) * 1000, 1),
            "p99_ms": round(percentile(every, 99) * 1000, 1),
            "max_ms": round(every[-1] * 1000, 1) if every else 0.0,
            "errors": self.error_count,
            "error_kinds": dict(self.errors),
            "by_query": {name: {"n": len(v), "p50_ms": round(percentile(sorted(v), 50) * 1000, 1),
                                "p99_ms": round(percentile(sorted(v), 99) * 1000, 1)}
                         for name, v in sorted(self.latencies.items())},
        }


def percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def _client(client: httpx.AsyncClient, rng: random.Random, ids: list[str], words: list[str],
                  deadline: float, results: Results) -> None:
    names = [name for name, _, _ in MIX]
    weights = [w for _, w, _ in MIX]
    queries = {name: q for name, _, q in MIX}
    while time.monotonic() < deadline:
        name = rng.choices(names, weights)[0]
        variables = {"id": rng.choice(ids), "other": rng.choice(ids), "word": rng.choice(words)}
        start = time.perf_counter()
        try:
            response = await client.post("/graphql", json={"query": queries[name], "variables": variables})
        except httpx.HTTPError as exc:
            results.errors[f"{name}: {type(exc).__name__}"] += 1
            continue
        took = time.perf_counter() - start
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        if response.status_code != 200 or body.get("errors") or body.get("data") is None:
            results.errors[f"{name}: HTTP {response.status_code}"] += 1
            if len(results.samples) < 5:
                results.samples.append(response.text[:500])
            continue
        results.latencies[name].append(took)


async def _seed(client: httpx.AsyncClient) -> tuple[list[str], list[str]]:
    response = await client.post("/graphql", json={"query": SEED_QUERY})
    response.raise_for_status()
    entities = [row["entity"] for row in response.json()["data"]["topEntities"]]
    if not entities:
        raise SystemExit("the server's graph is empty: load some articles first")
    ids = [e["id"] for e in entities]
    words = sorted({w[:6] for e in entities for w in e["name"].split() if len(w) > 3}) or ["a"]
    return ids, words


async def run_clients(url: str, clients: int, seconds: float, seed: int = 1) -> Results:
    """``clients`` concurrent clients against ``url`` for ``seconds``."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        ids, words = await _seed(client)
        results = Results()
        start = time.monotonic()
        deadline = start + seconds
        await asyncio.gather(*(_client(client, random.Random(seed * 1000 + k), ids, words, deadline, results)
                               for k in range(clients)))
        results.seconds = time.monotonic() - start
        return results


# --------------------------------------------------------------------------- a server of our own


def build_store(data_dir: Path, articles: int) -> None:
    """An embedded store of ``articles`` synthetic articles (no spaCy: made-up extractions)."""
    sys.path.insert(0, str(ROOT))
    from kg.config import Settings
    from kg.store import open_store
    from tests.store.factories import synthetic

    settings = Settings(_env_file=None, store="embedded", data_dir=data_dir)  # type: ignore[call-arg]
    store = open_store(settings)
    try:
        batch = 200
        for offset in range(0, articles, batch):
            store.write(synthetic(min(batch, articles - offset), seed=offset + 1, vocabulary=max(200, articles),
                                  sentences=8))
    finally:
        store.close()


@contextmanager
def kg_serve(data_dir: Path, log: Path) -> Iterator[str]:
    """``kg serve`` on the embedded store in ``data_dir``, on a free port; its URL once it answers."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update({"KG_STORE": "embedded", "KG_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"kg serve exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"kg serve did not answer in 60 s:\n{log.read_text()[-3000:]}")
                time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run(clients: int, seconds: float, *, url: str | None = None, articles: int = 2000,
        log: Path | None = None) -> Results:
    """The load test; against ``url``, or against a ``kg serve`` of our own on ``articles`` articles."""
    if url:
        return asyncio.run(run_clients(url, clients, seconds))
    with tempfile.TemporaryDirectory(prefix="kg-load-test-") as tmp:
        data_dir = Path(tmp) / "data"
        build_store(data_dir, articles)
        with kg_serve(data_dir, log or Path(tmp) / "serve.log") as own:
            return asyncio.run(run_clients(own, clients, seconds))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--url", help="an API already serving data (default: start one on synthetic articles)")
    ap.add_argument("--articles", type=int, default=2000, help="synthetic articles of the server we start")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON only")
    args = ap.parse_args(argv)
    results = run(args.clients, args.seconds, url=args.url, articles=args.articles)
    summary = results.summary()
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{args.clients} clients for {summary['seconds']} s: {summary['requests']} requests, "
              f"{summary['throughput_rps']} requests/s; latency p50 {summary['p50_ms']} ms, "
              f"p90 {summary['p90_ms']} ms, p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms; "
              f"errors {summary['errors']} {summary['error_kinds'] or ''}")
        for name, row in summary["by_query"].items():  # type: ignore[union-attr]
            print(f"  {name:20s} {row['n']:6d} requests  p50 {row['p50_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms")
        for sample in results.samples:
            print(f"  error: {sample}")
    return 1 if results.error_count else 0


if __name__ == "__main__":
    raise SystemExit(main())
