"""Fixtures shared by every test package.

``store`` is parametrised over both graph stores. The Neo4j one uses the server named by ``NEO4J_URI``
(``scripts/neo4j-local start`` prints one). Without it the Neo4j cases are skipped on a developer's
machine, and *fail* when ``KG_REQUIRE_NEO4J=1`` (as in CI), so that a missing server never passes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import Settings

STORE_KINDS = ("embedded", "neo4j")


def neo4j_settings(**overrides: object) -> Settings:
    return Settings(
        store="neo4j",
        neo4j_uri=os.environ.get("NEO4J_URI", ""),
        neo4j_user=os.environ.get("NEO4J_USER", "neo4j"),
        neo4j_password=os.environ.get("NEO4J_PASSWORD", ""),
        neo4j_database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        **overrides,
    )


def require_neo4j() -> None:
    if not os.environ.get("NEO4J_URI"):
        if os.environ.get("KG_REQUIRE_NEO4J") == "1":
            pytest.fail("KG_REQUIRE_NEO4J=1 but NEO4J_URI is not set: start one with scripts/neo4j-local start")
        pytest.skip("no Neo4j server: set NEO4J_URI (scripts/neo4j-local start prints one)")


def store_settings(kind: str, tmp_path: Path, **overrides: object) -> Settings:
    if kind == "neo4j":
        require_neo4j()
        return neo4j_settings(**overrides)
    return Settings(store="embedded", data_dir=tmp_path / "kg-data", **overrides)


@pytest.fixture(params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def settings(store_kind: str, tmp_path: Path) -> Settings:
    return store_settings(store_kind, tmp_path)


@pytest.fixture
def store(settings: Settings) -> Iterator[object]:
    """An empty store of each kind (the Neo4j database is cleared before and after)."""
    from kg.store import open_store

    graph = open_store(settings)
    graph.clear()
    try:
        yield graph
    finally:
        graph.clear()
        graph.close()
