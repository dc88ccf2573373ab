"""``kg serve`` as a real uvicorn process on a free port."""

from __future__ import annotations

from pathlib import Path

import httpx

from kg.config import Settings
from kg.store import open_store
from tests.schema.server import kg_serve
from tests.store import factories


def test_kg_serve_answers_queries_over_http(tmp_path: Path) -> None:
    settings = Settings(store="embedded", data_dir=tmp_path / "kg-data")
    store = open_store(settings)
    try:
        store.write(factories.world())
    finally:
        store.close()
    env = {"KG_STORE": "embedded", "KG_DATA_DIR": str(settings.data_dir), "KG_CORS_ORIGINS": ""}
    with kg_serve(env, log_path=tmp_path / "serve.log") as base:
        health = httpx.get(f"{base}/healthz", timeout=5)
        assert (health.status_code, health.json()) == (200, {"status": "ok", "store": "embedded"})
        query = "query($n: String!) { entity(name: $n) { name articleCount } }"
        response = httpx.post(f"{base}/graphql", timeout=10, json={"query": query, "variables": {"n": "HMC"}})
        assert response.json() == {"data": {"entity": {"name": "High Military Committee", "articleCount": 2}}}
        page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"}, timeout=5)
        assert "static/graphiql.min.js" in page.text
    log = (tmp_path / "serve.log").read_text()
    assert "Application shutdown complete" in log, log
