"""Mutations without the API key, or with a wrong one, are refused; the API key and the Neo4j password
never appear in a response, in the logs (caplog) or in ``kg serve``'s output, whatever goes wrong."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.config import Settings
from kg.errors import StoreUnavailable
from tests.reliability.conftest import closed_port_uri, kg_env
from tests.schema.conftest import AppFactory, make_api, world  # noqa: F401 - fixtures
from tests.schema.server import kg_serve

PASSWORD = "pw-Secret-4711"
KEY = "key-Secret-0815"
DELETE = 'mutation { deleteArticle(id: "no-such-article") { __typename ... on DeleteResult { deleted } '\
         "... on MutationError { message } } }"


class Failing:
    """The real store, whose ``stats`` fails the way ``fail`` says, quoting the secrets."""

    def __init__(self, inner: Any, fail: Any) -> None:
        self._inner = inner
        self._fail = fail

    def stats(self) -> Any:
        return self._fail()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _unavailable() -> None:
    raise StoreUnavailable(f"cannot reach bolt://neo4j:{PASSWORD}@db:7687 (auth header Bearer {KEY})")


def _bug() -> None:
    raise RuntimeError(f"a bug that prints its state: password={PASSWORD} key={KEY}")


@pytest.mark.parametrize("fail", [_unavailable, _bug])
def test_secrets_stay_out_of_responses_and_logs(world: Any, make_api: AppFactory, fail: Any,  # noqa: F811
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api = make_api(Failing(world, fail), neo4j_password=PASSWORD, api_key=KEY)
    bodies = [api.post("{ stats { articles } }")]
    for headers in ({}, {"Authorization": f"Bearer {KEY}x"}, {"Authorization": f"Basic {KEY}"},
                    {"Authorization": KEY}, {"Authorization": "Bearer "}, {"Authorization": f"Bearer {KEY[:-1]}"}):
        body = api.post(DELETE, **headers)
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (headers, body)
        bodies.append(body)
    allowed = api.post(DELETE, Authorization=f"Bearer {KEY}")
    assert allowed == {"data": {"deleteArticle": {"__typename": "DeleteResult", "deleted": False}}}
    health = api.client.get("/healthz")
    bodies.append(health.json())
    text = str(bodies) + caplog.text
    assert PASSWORD not in text and KEY not in text
    assert "STORE_UNAVAILABLE" in str(bodies[0]) or "INTERNAL_SERVER_ERROR" in str(bodies[0])
    if fail is _bug:
        assert "a bug that prints its state" in caplog.text  # logged, with its stack trace, masked
        assert "Traceback" in caplog.text


def test_mutations_are_refused_without_a_configured_key(world: Any, make_api: AppFactory) -> None:  # noqa: F811
    api = make_api(world, api_key=None)
    for headers in ({}, {"Authorization": "Bearer anything"}):
        body = api.post(DELETE, **headers)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert "mutations are disabled" in body["errors"][0]["message"]
    assert world.stats().articles == 8


@pytest.mark.parametrize("uri_has_password", [False, True])
def test_kg_serve_output_never_shows_the_secrets(tmp_path: Path, uri_has_password: bool) -> None:
    """A real ``kg serve`` with a store that cannot be reached (the URI may even carry the password):
    every answer and every line it writes are free of the password and the key."""
    uri = closed_port_uri()
    password = PASSWORD
    if uri_has_password:  # only the URI knows it: the store must mask it on its own
        uri, password = uri.replace("bolt://", f"bolt://neo4j:{PASSWORD}@"), ""
    settings = Settings(_env_file=None, store="neo4j", neo4j_uri=uri)  # type: ignore[call-arg]
    env = kg_env(settings, NEO4J_PASSWORD=password, KG_API_KEY=KEY)
    log = tmp_path / "serve.log"
    answers = []
    with kg_serve(env, log_path=log) as base, httpx.Client(base_url=base, timeout=30) as client:
        answers.append(client.get("/healthz").text)
        answers.append(client.post("/graphql", json={"query": "{ stats { articles } }"}).text)
        for auth in (None, f"Bearer {KEY}x", f"Bearer {KEY}"):
            headers = {"Authorization": auth} if auth else {}
            answers.append(client.post("/graphql", json={"query": DELETE}, headers=headers).text)
        answers.append(client.post("/graphql", json={"query": f'{{ entity(id: "{KEY}") {{ id }} }}'}).text)
    output = log.read_text()
    assert "503" in output or "unavailable" in str(answers)
    for text in [*answers, output]:
        assert PASSWORD not in text and KEY not in text, text[-2000:]
    assert "Traceback" not in output
