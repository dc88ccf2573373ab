"""Mutations: off without an API key; with one, they need it as a Bearer token."""

from __future__ import annotations

from typing import Any

import pytest

from tests.schema.conftest import AppFactory
from tests.store.factories import COAL, HMC

KEY = "test-key-0123456789"
DELETE = """mutation($id: ID!) { deleteArticle(id: $id) {
    __typename ... on DeleteResult { id deleted } ... on MutationError { message } } }"""


def test_mutations_are_off_without_an_api_key(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, api_key=None)
    [error] = api.errors(DELETE, {"id": "art-01"})
    assert error["message"].startswith("mutations are disabled on this server: start it with KG_API_KEY")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert world.articles_by_id(["art-01"])  # still there


@pytest.mark.parametrize(("headers", "reason"), [
    ({}, "this mutation needs the API key"),
    ({"Authorization": "Bearer wrong-key"}, "the API key sent in the Authorization header is not"),
    ({"Authorization": f"Basic {KEY}"}, "this mutation needs the API key"),
    ({"Authorization": "Bearer"}, "this mutation needs the API key"),
])
def test_mutations_need_the_right_key(world: Any, make_api: AppFactory, headers: dict, reason: str) -> None:
    api = make_api(world, api_key=KEY)
    [error] = api.errors(DELETE, {"id": "art-01"}, **headers)
    assert error["message"].startswith(reason)
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert KEY not in str(error)
    assert world.articles_by_id(["art-01"])


def test_delete_article_with_the_key(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, api_key=KEY)
    auth = {"Authorization": f"Bearer {KEY}"}
    result = api.data(DELETE, {"id": "art-07"}, **auth)["deleteArticle"]
    assert result == {"__typename": "DeleteResult", "id": "art-07", "deleted": True}
    assert api.data('{ article(id: "art-07") { id } }')["article"] is None
    # the High Military Committee kept art-04; the international coalition was only in art-07
    query = "query($id: ID!) { entity(id: $id) { articleCount } }"
    assert api.data(query, {"id": HMC.id})["entity"] == {"articleCount": 1}
    assert api.data(query, {"id": COAL.id})["entity"] is None
    again = api.data(DELETE, {"id": "art-07"}, **auth)["deleteArticle"]
    assert again == {"__typename": "DeleteResult", "id": "art-07", "deleted": False}
    empty = api.data(DELETE, {"id": " "}, **auth)["deleteArticle"]
    assert empty == {"__typename": "MutationError",
                     "message": "id must not be empty: give the id of an article"}


def test_ingest_input_is_checked_before_anything_runs(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, api_key=KEY)
    query = """mutation { ingestArticle(input: {text: "   "}) {
        __typename ... on MutationError { message } } }"""
    result = api.data(query, Authorization=f"Bearer {KEY}")["ingestArticle"]
    assert result == {"__typename": "MutationError", "message": "input.text must not be empty: send the "
                                                                 "article's text"}
