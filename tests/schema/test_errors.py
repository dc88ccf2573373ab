"""Errors a client can cause, limits, timeouts and store failures: each a GraphQL error that says what
to change, with a ``code``, and never a stack trace or a secret."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from kg.errors import StoreUnavailable
from tests.schema.conftest import GQL, AppFactory
from tests.store.factories import SOL


def test_first_is_bounded_by_max_page_size(api: GQL) -> None:
    assert api.error("{ articles(first: 500) { totalCount } }") == "first must be between 1 and 100, got 500"
    assert api.error("{ articles(first: 0) { totalCount } }") == "first must be between 1 and 100, got 0"
    assert api.error("{ topEntities(first: -3) { mentions } }") == "first must be between 1 and 100, got -3"
    message = api.error(f'{{ entity(id: "{SOL.id}") {{ neighbors(first: 101) {{ weight }} }} }}')
    assert message == "first must be between 1 and 100, got 101"
    assert api.data("{ articles(first: 100) { totalCount } }")["articles"]["totalCount"] == 8


def test_errors_carry_a_code(api: GQL) -> None:
    error = api.errors("{ articles(first: 500) { totalCount } }")[0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["path"] == ["articles"]
    error = api.errors('{ path(from: "person:nobody", to: "place:tehran") { length } }')[0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = api.errors("{ nope }")[0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_bad_cursor(api: GQL) -> None:
    errors = api.errors('{ articles(after: "not-a-cursor") { totalCount } }')
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cursor" in errors[0]["message"].lower()
    assert "Traceback" not in errors[0]["message"]


def test_bad_date_range_and_bad_dates(api: GQL) -> None:
    message = api.error('{ topEntities(from: "2020-03-01", to: "2020-01-01") { mentions } }')
    assert message == "from (2020-03-01) is after to (2020-01-01): give from <= to (both days are included)"
    message = api.error('{ articles(filter: {from: "2020-02-30"}) { totalCount } }')
    assert "2020-02-30" in message and "Date" in message
    message = api.error('{ topEntities(from: "last week") { mentions } }')
    assert "last week" in message


def test_unknown_enum_value_and_unknown_field(api: GQL) -> None:
    message = api.error('{ searchEntities(query: "x", types: [PERSN]) { score } }')
    assert "PERSN" in message and "EntityType" in message
    assert "PERSON" in message  # graphql-core suggests the value meant
    message = api.error("{ stats { articels } }")
    assert "articels" in message and "articles" in message


def test_other_bounds(api: GQL) -> None:
    message = api.error("{ trendingEntities(window: 0) { mentions } }")
    assert message == "window must be between 1 and 3660, got 0"
    assert api.error('{ subgraph(ids: []) { truncated } }') == "ids must name at least one id"
    assert api.error(f'{{ subgraph(ids: ["{SOL.id}"], depth: 9) {{ truncated }} }}') == (
        "depth must be between 0 and 3, got 9")
    message = api.error('{ subgraph(ids: ["person:nobody"]) { truncated } }')
    assert message.startswith("subgraph: no entity with id 'person:nobody'")
    assert api.error(f'{{ entity(id: "{SOL.id}") {{ neighbors(minWeight: 0) {{ weight }} }} }}') == (
        "minWeight must be between 1 and 1000000, got 0")


def test_query_depth_limit(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, max_query_depth=3)
    deep = f'{{ entity(id: "{SOL.id}") {{ neighbors {{ entity {{ neighbors {{ weight }} }} }} }} }}'
    errors = api.errors(deep)
    assert "exceeds maximum operation depth of 3" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert api.data(f'{{ entity(id: "{SOL.id}") {{ name }} }}')["entity"]["name"] == "Qassem Soleimani"


def test_token_and_alias_limits(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, max_query_tokens=20, max_query_aliases=2)
    many = "{ " + " ".join(f"a{i}: stats {{ articles }}" for i in range(3)) + " }"
    assert "2 aliases" in api.errors(many)[0]["message"] or "aliases" in api.errors(many)[0]["message"]
    long = "{ stats { " + " ".join(["articles"] * 30) + " } }"
    message = api.errors(long)[0]["message"]
    assert "token" in message.lower()


class _Failing:
    """A real store whose ``stats`` fails the way ``fail`` says (store failures cannot be provoked on
    demand in a healthy store); every other call goes to the store."""

    def __init__(self, inner: Any, fail: Any) -> None:
        self._inner = inner
        self._fail = fail

    def stats(self) -> Any:
        return self._fail()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def test_unexpected_errors_are_masked(world: Any, make_api: AppFactory) -> None:
    def boom() -> None:
        raise RuntimeError("boom: internal detail at /srv/secret/path")

    api = make_api(_Failing(world, boom))
    body = api.post("{ stats { articles } sources { name } }")
    assert body["data"] is None or body["data"].get("sources") is not None
    [error] = body["errors"]
    assert error["message"] == "internal error: the server log has the details"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "boom" not in str(body) and "Traceback" not in str(body)


def test_store_failures_name_the_store_and_hide_secrets(world: Any, make_api: AppFactory) -> None:
    password, key = "pw-5ecret-xyz", "key-5ecret-abc"

    def down() -> None:
        raise StoreUnavailable(f"cannot reach bolt://neo4j:{password}@db:7687 (auth {key})")

    api = make_api(_Failing(world, down), neo4j_password=password, api_key=key)
    [error] = api.errors("{ stats { articles } }")
    assert error["message"].startswith("the graph store is unavailable: cannot reach")
    assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
    assert password not in str(error) and key not in str(error)


def test_request_timeout_gives_an_error_not_a_hung_connection(world: Any, make_api: AppFactory) -> None:
    release = threading.Event()

    def slow() -> Any:
        release.wait(5)
        return world.stats()

    api = make_api(_Failing(world, slow), request_timeout_s=0.3)
    started = time.monotonic()
    try:
        [error] = api.errors("{ stats { articles } }")
    finally:
        release.set()
    assert time.monotonic() - started < 3
    assert error["message"].startswith("the request took longer than 0.3 s and was stopped")
    assert error["extensions"]["code"] == "TIMEOUT"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_malformed_requests(api: GQL, method: str) -> None:
    client = api.client
    if method == "POST":
        response = client.post("/graphql", content=b"{not json", headers={"content-type": "application/json"})
    else:
        response = client.get("/graphql", params={"query": "{ stats { articles "})
    assert response.status_code == 400 or "errors" in response.json()
