"""Mutations: off without an API key; with one, they need it as a Bearer token."""

from __future__ import annotations

from typing import Any

import pytest

from tests.schema.conftest import AppFactory
from tests.store.factories import COAL, HMC, MAHDI

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


INGEST = """mutation($input: IngestArticleInput!) { ingestArticle(input: $input) {
    __typename
    ... on IngestResult { entities relations unchanged
        article { id title source published entities { entity { name type } } } }
    ... on MutationError { message } } }"""

OUR_ARTICLE = (  # written by us for this test
    "Maria Lindqvist met Prime Minister Adel Abdul Mahdi in Baghdad on Tuesday, officials said. "
    "Lindqvist later travelled to Tehran, where she met officials of the Foreign Ministry."
)


@pytest.mark.slow  # loads the real spaCy model once per process
def test_ingest_article_runs_the_loader_and_is_idempotent(world: Any, make_api: AppFactory) -> None:
    api = make_api(world, api_key=KEY)
    auth = {"Authorization": f"Bearer {KEY}"}
    given = {"text": OUR_ARTICLE, "title": "Envoy in Baghdad", "url": "https://api-test.example/envoy",
             "publishedAt": "2020-02-25", "source": "API Test Wire"}
    result = api.data(INGEST, {"input": given}, **auth)["ingestArticle"]
    assert result["__typename"] == "IngestResult", result
    article = result["article"]
    assert (article["title"], article["source"], article["published"]) == (
        "Envoy in Baghdad", "API Test Wire", "2020-02-25")
    names = {e["entity"]["name"] for e in article["entities"]}
    assert result["entities"] == len(article["entities"]) >= 3
    assert {"Adel Abdul Mahdi", "Baghdad", "Tehran"} <= names, names
    assert result["unchanged"] is False
    # resolved against the stored graph: the same Abdul Mahdi (3 articles in the world), one more now
    mahdi = api.data('{ entity(name: "Adel Abdul Mahdi") { id articleCount lastSeen } }')["entity"]
    assert mahdi == {"id": MAHDI.id, "articleCount": 4, "lastSeen": "2020-02-25"}
    assert api.data("{ stats { articles sources } }")["stats"] == {"articles": 9, "sources": 4}

    again = api.data(INGEST, {"input": given}, **auth)["ingestArticle"]
    assert again["__typename"] == "IngestResult" and again["unchanged"] is True
    assert again["article"]["id"] == article["id"]
    assert api.data("{ stats { articles } }")["stats"] == {"articles": 9}
