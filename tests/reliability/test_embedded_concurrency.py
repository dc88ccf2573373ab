"""The embedded store shared by two processes: ``kg load`` writing while ``kg serve`` reads the same
file. Readers never see a part of a batch, never get an error, and keep answering when the writer is
killed; the file stays a sound database; running the load again completes it."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from spacy.language import Language

from kg.config import Settings
from kg.store import open_store
from loaders.load import ingest_articles
from loaders.readers import iter_inputs
from tests.reliability.conftest import kg_env, run_kg, spawn_kg, wait_for
from tests.reliability.corpus import write_jsonl
from tests.schema.server import kg_serve
from tests.store.snapshot import snapshot

ARTICLES = 300
BATCH = 10
QUERY = """{ stats { articles entities relations mentions sources }
             articles(first: 5) { totalCount edges { node { id title } } }
             topEntities(first: 3) { mentions entity { id name } } }"""


class Reader(threading.Thread):
    """A client of ``kg serve`` asking ``QUERY`` back to back; keeps every article count it saw and
    every problem (HTTP status other than 200, GraphQL errors)."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.counts: list[int] = []
        self.problems: list[str] = []

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                try:
                    response = client.post("/graphql", json={"query": QUERY})
                except httpx.HTTPError as exc:
                    self.problems.append(f"{type(exc).__name__}: {exc}")
                    continue
                if response.status_code != 200 or response.json().get("errors"):
                    self.problems.append(f"{response.status_code}: {response.text[:300]}")
                    continue
                self.counts.append(response.json()["data"]["stats"]["articles"])


@pytest.mark.slow
def test_kg_load_and_kg_serve_on_one_database_file(tmp_path: Path, nlp: Language) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES, seed=5)
    clean_settings = Settings(_env_file=None, store="embedded", data_dir=tmp_path / "clean",  # type: ignore[call-arg]
                              batch_size=BATCH)
    clean = open_store(clean_settings)
    try:
        ingest_articles(iter_inputs([str(corpus)], clean_settings), clean, clean_settings, nlp=nlp)
        expected = snapshot(clean, page=100)
    finally:
        clean.close()
    total = expected["stats"]["articles"]

    settings = Settings(_env_file=None, store="embedded", data_dir=tmp_path / "shared",  # type: ignore[call-arg]
                        batch_size=BATCH)
    env = kg_env(settings)
    load_log = tmp_path / "load.log"
    load = None
    with kg_serve(env, log_path=tmp_path / "serve.log") as base:
        readers = [Reader(base) for _ in range(3)]
        for reader in readers:
            reader.start()
        try:
            load = spawn_kg(["load", str(corpus)], env, cwd=tmp_path, log=load_log)
            wait_for(lambda: max((c for r in readers for c in r.counts), default=0) >= total // 3,
                     timeout=180, what="a third of the load, as kg serve sees it")
            load.send_signal(signal.SIGKILL)  # the writer dies, possibly inside a transaction
            load.wait()
            killed_at = max(c for r in readers for c in r.counts)
            time.sleep(1.0)  # kg serve goes on answering, from what was committed
            conn = sqlite3.connect(f"file:{settings.sqlite_path}?mode=ro", uri=True)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                conn.close()

            done = run_kg(["load", str(corpus)], env, cwd=tmp_path)
            assert done.returncode == 0, done.stdout + done.stderr
            wait_for(lambda: all(r.counts and r.counts[-1] == total for r in readers), timeout=30,
                     what="kg serve to see the complete load")
        finally:
            for reader in readers:
                reader.stop.set()
            for reader in readers:
                reader.join(timeout=60)
            if load is not None and load.poll() is None:
                load.kill()
                load.wait()

    for reader in readers:
        assert reader.problems == [], reader.problems[:5]
        assert reader.counts == sorted(reader.counts), "a reader saw the graph go back in time"
        partial = {c for c in reader.counts if c % BATCH and c != total}
        assert not partial, f"a reader saw a part of a batch: {sorted(partial)}"
    seen = sum(len(r.counts) for r in readers)
    assert seen > 50

    store = open_store(settings)
    try:
        assert snapshot(store, page=100) == expected
    finally:
        store.close()
    print(f"\nembedded: {seen} reads during the load, none failed; writer killed at {killed_at} of {total} "
          "articles; the re-run completed the load")
