"""Graph stores: the protocol and a factory that opens the configured one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import ConfigError
from kg.store.base import GraphStore

if TYPE_CHECKING:
    from kg.config import Settings

__all__ = ["GraphStore", "open_store"]


def open_store(settings: Settings, *, kind: str | None = None) -> GraphStore:
    """Open the store named by ``kind`` (or ``settings.store``). Imports the driver lazily, so that
    the embedded store works without the neo4j package being importable and vice versa."""
    kind = kind or settings.store
    if kind == "embedded":
        from kg.store.sqlite import SQLiteStore

        return SQLiteStore(settings.sqlite_path, timeout_s=settings.store_timeout_s)
    if kind == "neo4j":
        from kg.store.neo4j import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
            timeout_s=settings.store_timeout_s,
        )
    raise ConfigError(f"unknown store {kind!r}: use 'embedded' (the default, no server) or 'neo4j'")
