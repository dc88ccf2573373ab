"""The app around the schema: health, CORS, the offline playground, the SDL file, a store that is down."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from kg.config import Settings
from schema import sdl, vendor_graphiql
from schema.app import create_app
from schema.lifecycle import RETRY_AFTER_S
from tests.schema.conftest import GQL, AppFactory
from tests.schema.server import free_port


def test_healthz_reports_the_store(api: GQL, store_kind: str) -> None:
    response = api.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "store": store_kind}


def test_cors_for_configured_origins_only(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, cors_origins=["https://dash.example"])
    preflight = api.client.options("/graphql", headers={
        "Origin": "https://dash.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://dash.example"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    response = api.client.post("/graphql", json={"query": "{ stats { articles } }"},
                               headers={"Origin": "https://dash.example"})
    assert response.headers["access-control-allow-origin"] == "https://dash.example"
    other = api.client.post("/graphql", json={"query": "{ stats { articles } }"},
                            headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_cors_origins_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("KG_CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]


def test_playground_is_served_with_local_assets_only(api: GQL) -> None:
    page = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "unpkg" not in html and "jsdelivr" not in html and "https://" not in html
    assets = re.findall(r'(?:src|href)="(static/[^"]+)"', html)
    assert len(assets) == 6
    for asset in assets:
        response = api.client.get(f"/{asset}", headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, asset
        assert len(response.content) > 500, asset
    assert api.client.get("/", follow_redirects=False).headers["location"] == "/graphql"


def test_vendored_assets_are_the_published_ones() -> None:
    assert vendor_graphiql.check() == [], "run: python -m schema.vendor_graphiql"


def test_sdl_file_is_in_sync_with_the_code() -> None:
    assert sdl.SDL_PATH.read_text(encoding="utf-8") == sdl.export(), (
        f"schema/schema.graphql is out of date: regenerate it with `{sdl.REGENERATE}`")


def test_the_contract_names_are_in_the_sdl() -> None:
    text = sdl.SDL_PATH.read_text(encoding="utf-8")
    for needle in ("entity(id: ID = null, name: String = null): Entity", "searchEntities(query: String!",
                   "type EntitySearchHit", "type Neighbor", "type Evidence", "type Path", "type Stats",
                   "subgraph(ids: [ID!]!, depth: Int! = 1, limit: Int! = 200)", "trendingEntities(window:",
                   "ingestArticle(input: IngestArticleInput!)", "deleteArticle(id: ID!)"):
        assert needle in text, needle


def _health(client: TestClient) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_app_starts_with_the_store_down_and_recovers_without_restart(tmp_path: Path) -> None:
    """An embedded store whose file is not a database: 503 and clear errors, then, once the file is
    fixed, the next request opens it."""
    settings = Settings(store="embedded", data_dir=tmp_path / "kg-data")
    settings.data_dir.mkdir()
    settings.sqlite_path.write_bytes(b"this is not a SQLite database, it is a text file" * 100)
    with TestClient(create_app(settings)) as client:
        status, body = _health(client)
        assert status == 503
        assert body["status"] == "unavailable" and body["store"] == "embedded"
        assert body["reason"]
        [error] = GQL(client).errors("{ stats { articles } }")
        assert error["message"].startswith("the graph store is unavailable: ")
        assert error["extensions"]["code"] == "STORE_UNAVAILABLE"

        settings.sqlite_path.unlink()
        time.sleep(RETRY_AFTER_S + 0.1)
        assert _health(client) == (200, {"status": "ok", "store": "embedded"})
        assert GQL(client).data("{ stats { articles } }") == {"stats": {"articles": 0}}


def test_unreachable_neo4j_gives_503_and_no_password(tmp_path: Path) -> None:
    password = "s3cret-neo4j-pw"
    settings = Settings(store="neo4j", neo4j_uri=f"bolt://127.0.0.1:{free_port()}", neo4j_password=password,
                        store_timeout_s=2, request_timeout_s=10)
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["store"] == "neo4j"
        assert password not in response.text
        body = client.post("/graphql", json={"query": "{ stats { articles } }"}).json()
        assert body["errors"][0]["message"].startswith("the graph store is unavailable: ")
        assert body["errors"][0]["extensions"]["code"] in {"STORE_UNAVAILABLE", "STORE_TIMEOUT"}
        assert password not in str(body)


def test_oversized_bodies_are_refused_before_reading(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, max_article_chars=1000)
    limit = 4 * 1000 + 64 * 1024
    big = b'{"query": "{ stats { articles } }", "pad": "' + b"x" * limit + b'"}'
    response = api.client.post("/graphql", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["message"] == f"the request body is over {limit} bytes: send less (one article at a time, " \
                               "shorter queries)"
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert api.data("{ stats { articles } }") == {"stats": {"articles": 8}}
