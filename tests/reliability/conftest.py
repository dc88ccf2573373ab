"""Helpers of the reliability suite: the real ``kg`` command in a subprocess, a Neo4j server of the
suite's own (to stop and start at will), raw counts of a store's contents for orphan checks."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from kg.config import Settings
from loaders.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[2]
NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"

#: Environment variables of the developer's shell that would change what a ``kg`` subprocess does.
_OWN_VARIABLES = ("KG_", "NEO4J_")


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings(_env_file=None))  # type: ignore[call-arg]


def kg_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a ``kg`` subprocess that uses ``settings``' store (and nothing else of the
    caller's KG_/NEO4J_ variables)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_VARIABLES)}
    env.update({
        "PYTHONUNBUFFERED": "1",
        "KG_STORE": settings.store,
        "KG_DATA_DIR": str(settings.data_dir),
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "KG_BATCH_SIZE": str(settings.batch_size),
        "KG_PROCESSES": "1",
        "COLUMNS": "200",  # rich wraps at the terminal width: one message, one line
    })
    env.update(extra)
    return env


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def run_kg(args: list[str], env: dict[str, str], *, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run ``kg ARGS`` to the end; its output (stdout and stderr) as text."""
    return subprocess.run(kg_command(*args), env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def spawn_kg(args: list[str], env: dict[str, str], *, cwd: Path, log: Path) -> subprocess.Popen:
    """Start ``kg ARGS`` in the background, its stdout and stderr into ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(kg_command(*args), env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)


def sqlite_row_counts(path: Path) -> dict[str, int]:
    """Rows of every ordinary table of the embedded store (the full-text indexes' own tables left out:
    their segments depend on the history of writes, not on the graph)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return counts
    finally:
        conn.close()


#: Nodes of the Neo4j store that nothing refers to: each count must be zero.
NEO4J_ORPHANS = {
    "entities without a mention": "MATCH (e:Entity) WHERE NOT ()-[:MENTIONS]->(e) RETURN count(e) AS n",
    "sources without an article": "MATCH (s:Source) WHERE NOT ()-[:PUBLISHED_BY]->(s) RETURN count(s) AS n",
    "evidence without an article": "MATCH (v:Evidence) WHERE NOT (v)-[:FROM]->() RETURN count(v) AS n",
    "names of no entity": "MATCH (n:Name) WHERE NOT ()-[:NAMED|KEYED]->(n) RETURN count(n) AS n",
}
NEO4J_LABELS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
NEO4J_TYPES = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"


def neo4j_raw(settings: Settings) -> dict[str, Any]:
    """Nodes by label, relationships by type, and the orphan counts of a Neo4j store."""
    import neo4j

    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        def rows(query: str) -> list[tuple[Any, ...]]:
            records, _, _ = driver.execute_query(query, database_=settings.neo4j_database)
            return [tuple(r.values()) for r in records]

        return {
            "labels": rows(NEO4J_LABELS),
            "types": rows(NEO4J_TYPES),
            "orphans": {name: rows(query)[0][0] for name, query in NEO4J_ORPHANS.items()},
        }


def raw_counts(settings: Settings) -> dict[str, Any]:
    """What the store holds, counted beneath the protocol: equal counts and no orphans."""
    if settings.store == "embedded":
        return {"rows": sqlite_row_counts(settings.sqlite_path)}
    return neo4j_raw(settings)


# --------------------------------------------------------------------------- a Neo4j server of our own


def java_and_maven() -> bool:
    return shutil.which("java") is not None and shutil.which("mvn") is not None


def require_own_neo4j() -> None:
    """Tests that stop and start a Neo4j server of their own need Java and Maven (scripts/neo4j-local):
    skipped without them on a developer's machine, failed in CI (``KG_REQUIRE_NEO4J=1``)."""
    if java_and_maven():
        return
    if os.environ.get("KG_REQUIRE_NEO4J") == "1":
        pytest.fail("KG_REQUIRE_NEO4J=1 but java and mvn are not both on PATH: the outage tests start "
                    "their own Neo4j with scripts/neo4j-local")
    pytest.skip("java and mvn are needed to start a Neo4j server of the test's own (scripts/neo4j-local)")


@dataclass
class OwnNeo4j:
    """A Neo4j server in a folder of its own, on a port of its own: ``stop()`` and ``start()`` it to
    simulate an outage; the data survive a stop."""

    data: Path
    uri: str = ""

    def _run(self, *args: str, timeout: float = 180) -> str:
        env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}  # ours runs without auth
        done = subprocess.run([sys.executable, str(NEO4J_LOCAL), *args, "--data", str(self.data)],
                              capture_output=True, text=True, timeout=timeout, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"scripts/neo4j-local {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout.strip()

    def start(self) -> str:
        port = ["--port", self.uri.rsplit(":", 1)[1]] if self.uri else []
        self.uri = self._run("start", *port)
        return self.uri

    def stop(self) -> None:
        self._run("stop")

    def settings(self, **overrides: Any) -> Settings:
        return Settings(_env_file=None, store="neo4j", neo4j_uri=self.uri, neo4j_password="",  # type: ignore[call-arg]
                        **overrides)


@pytest.fixture(scope="session")
def own_neo4j() -> Iterator[OwnNeo4j]:
    """A Neo4j server of the suite's own, started once; stopped (and its folder removed) at the end."""
    require_own_neo4j()
    folder = Path(tempfile.mkdtemp(prefix="kg-reliability-neo4j-"))
    server = OwnNeo4j(folder / "instance")
    try:
        server.start()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def closed_port_uri() -> str:
    """A Bolt URI on loopback where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"bolt://127.0.0.1:{port}"


def wait_for(predicate, *, timeout: float, interval: float = 0.1, what: str = "condition") -> Any:
    """Poll ``predicate()`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
