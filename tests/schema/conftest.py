"""Fixtures of the API suite: a real store of each kind holding the factories' world, and the app
serving it over HTTP (``starlette.testclient.TestClient`` drives the real ASGI app, lifespan included).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

with warnings.catch_warnings():  # starlette nudges towards httpx2, which is not needed here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kg.config import Settings
from schema.app import create_app
from tests.store import factories


class GQL:
    """POSTs GraphQL to a client; ``data`` insists on success, ``errors`` on failure."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def post(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                    headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        body = self.post(query, variables, **headers)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def errors(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> list[dict]:
        body = self.post(query, variables, **headers)
        assert body.get("errors"), f"expected an error, got {body}"
        return body["errors"]

    def error(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> str:
        """The message of the only error."""
        errors = self.errors(query, variables, **headers)
        assert len(errors) == 1, errors
        return errors[0]["message"]


@pytest.fixture
def world(store: Any) -> Any:
    """The store, holding the factories' eight articles."""
    store.write(factories.world())
    return store


AppFactory = Callable[..., GQL]


@pytest.fixture
def make_api(settings: Settings) -> Iterator[AppFactory]:
    """``make_api(store, **setting_overrides)``: the app over ``store``, started, as a :class:`GQL`."""
    clients: list[TestClient] = []

    def make(store: Any, **overrides: Any) -> GQL:
        configured = Settings(**{**settings.model_dump(), **overrides})  # validated, unlike model_copy
        app = create_app(configured, store=store)
        client = TestClient(app)
        client.__enter__()  # runs the lifespan
        clients.append(client)
        return GQL(client)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def api(world: Any, make_api: AppFactory) -> GQL:
    return make_api(world)
