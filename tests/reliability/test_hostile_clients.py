"""Hostile clients of the API, on both stores: depth, alias and fragment bombs, huge ``first``, very long
strings, query syntax (full-text, SQL, Cypher) in search strings and ids. Each is refused with a clear
error or answered as plain data, quickly, never with an internal error; the store only ever receives
the client's text as a parameter, never inside a statement."""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from kg.config import Settings
from kg.store import open_store
from tests.conftest import store_settings
from tests.schema.conftest import GQL, AppFactory, make_api  # noqa: F401 - make_api is a fixture
from tests.store import factories
from tests.store.factories import SOL, TEHRAN

#: Seconds any hostile request may take, end to end, on a loaded 2-core machine.
QUICK_S = 2.0
MARK = "zq7hostile"  # in every hostile string: easy to look for in what the store received

HOSTILE_TEXTS = [
    f"{MARK} Soleimani~ AND name:x OR *", f'"{MARK} unterminated', f"{MARK} (", f"NOT {MARK}", f"{MARK}*",
    f"{MARK}?", f"{MARK} \\", f"{MARK}:b", f"[1 TO {MARK}]", f"{{!func {MARK}}}", f"NEAR({MARK} b)",
    f"^{MARK}", f"-{MARK}", f"{MARK}' OR 1=1 --", f"{MARK}\"; DROP TABLE entity; --",
    f"{MARK}') MATCH (n) DETACH DELETE n //", f"${MARK}", f"`{MARK}`", f"{MARK}\u0000", f"AND OR {MARK}",
    f"/{MARK}.*/", f"{MARK} && b || c", f"{MARK} }} RETURN 1 UNION MATCH (n) RETURN n //",
    f"{MARK} \u202e\u200b\u05e9\u05dc\u05d5\u05dd",
]

#: Every query that puts the client's text where a store reads it; $t a String, $i an ID.
TEXT_QUERIES = [
    "query($t: String!) { searchEntities(query: $t, first: 5) { score entity { id } } }",
    "query($t: String!) { articles(filter: {text: $t}) { totalCount edges { node { id } } } }",
    "query($t: String!) { articles(filter: {source: $t}) { totalCount } }",
    "query($t: String!) { entity(name: $t) { id } }",
    "query($t: String!) { articles(after: $t) { totalCount } }",
    f'query($t: String!) {{ entity(id: "{SOL.id}") {{ relations(type: $t) {{ totalCount }} }} }}',
]
ID_QUERIES = [
    "query($i: ID!) { entity(id: $i) { id neighbors { weight } } }",
    "query($i: ID!) { article(id: $i) { id } }",
    "query($i: ID!) { path(from: $i, to: $i) { length } }",
    f'query($i: ID!) {{ path(from: "{SOL.id}", to: $i) {{ length }} }}',
    "query($i: ID!) { subgraph(ids: [$i]) { truncated } }",
    "query($i: ID!) { articles(filter: {mentions: [$i], mentionsAll: [$i]}) { totalCount } }",
]


# --------------------------------------------------------------------------- what the store receives


class SpySQLite(sqlite3.Connection):
    """A sqlite3 connection that records the text of every statement it runs."""

    statements: ClassVar[list[str]] = []

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        SpySQLite.statements.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        SpySQLite.statements.append(sql)
        return super().executemany(sql, *args)

    def executescript(self, sql: str) -> sqlite3.Cursor:  # type: ignore[override]
        SpySQLite.statements.append(sql)
        return super().executescript(sql)

    def cursor(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(SpyCursor)


class SpyCursor(sqlite3.Cursor):
    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        SpySQLite.statements.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        SpySQLite.statements.append(sql)
        return super().executemany(sql, *args)


def spy_on_the_store(kind: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the text of every statement the store sends from now on (its parameters are not
    recorded: that is where the client's text belongs)."""
    if kind == "embedded":
        SpySQLite.statements = []
        monkeypatch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, factory=SpySQLite))
        return SpySQLite.statements
    import neo4j

    statements: list[str] = []

    def text_of(query: Any) -> str:
        return query.text if isinstance(query, neo4j.Query) else str(query)

    def spied(cls: type, name: str) -> None:
        original = getattr(cls, name)

        @functools.wraps(original)
        def wrapper(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
            statements.append(text_of(query))
            return original(self, query, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    for cls, name in ((neo4j.ManagedTransaction, "run"), (neo4j.Transaction, "run"), (neo4j.Session, "run"),
                      (neo4j.Driver, "execute_query")):
        spied(cls, name)
    return statements


@pytest.fixture
def spied(store_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, list[str]]]:
    """A store of each kind holding the factories' world, opened with the spy in place."""
    statements = spy_on_the_store(store_kind, monkeypatch)
    store = open_store(store_settings(store_kind, tmp_path))
    store.clear()
    store.write(factories.world())
    try:
        yield store, statements
    finally:
        store.clear()
        store.close()


def timed(api: GQL, query: str, variables: dict[str, Any] | None = None) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    body = api.post(query, variables)  # asserts HTTP 200
    return body, time.perf_counter() - start


def codes(body: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors") or ()}


# --------------------------------------------------------------------------- the tests


def test_query_syntax_in_strings_and_ids_is_only_ever_data(spied: tuple[Any, list[str]],
                                                           make_api: AppFactory) -> None:  # noqa: F811
    store, statements = spied
    api = make_api(store)
    before = store.stats()
    tried = 0
    for text in HOSTILE_TEXTS:
        for query in TEXT_QUERIES:
            body, took = timed(api, query, {"t": text})
            assert codes(body) <= {"BAD_USER_INPUT"}, (text, query, body)
            assert took < QUICK_S, (text, query, took)
            tried += 1
        for query in ID_QUERIES:
            body, took = timed(api, query, {"i": text})
            assert codes(body) <= {"BAD_USER_INPUT", "NOT_FOUND"}, (text, query, body)
            assert took < QUICK_S, (text, query, took)
            tried += 1
    assert store.stats() == before  # nothing was run as a statement: nothing changed
    assert statements, "the spy saw no statement: it is not watching the store"
    leaked = [s for s in statements if MARK in s]
    assert leaked == [], f"client text inside a statement: {leaked[:3]}"
    # plain words in syntax still find what they name
    for text in ('"Soleimani"', "Soleimani~", "(Soleimani)", "Soleimani*", "+Soleimani", "Soleimani;--"):
        hits = api.data("query($t: String!) { searchEntities(query: $t) { entity { id } } }", {"t": text})
        assert [h["entity"]["id"] for h in hits["searchEntities"]][:1] == [SOL.id], text
    print(f"\n{store.name}: {tried} hostile requests, none failed, {len(statements)} statements, "
          "no client text in any")
    # the spy would have seen it: a statement with the text inside, sent the way the store sends them
    if store.name == "embedded":
        store._connect().execute(f"SELECT '{MARK}'")
    else:
        store._driver.execute_query(f"RETURN '{MARK}'")
    assert any(MARK in s for s in statements)


BOMBS = {
    "depth": (f'{{ entity(id: "{SOL.id}") {{ ' + "neighbors { entity { " * 40 + "name" + " } }" * 40 + " } }",
              "exceeds maximum operation depth"),
    "aliases": ("{ " + " ".join(f"a{i}: stats {{ articles }}" for i in range(31)) + " }", "aliases found"),
    "aliases through fragments": (
        "{ ...A ...B } fragment A on Query { " + " ".join(f"a{i}: stats {{ articles }}" for i in range(16))
        + " } fragment B on Query { ...A }", "aliases found"),
    "alias bomb through nested spreads": (
        "{ ...F0 } " + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
        + " fragment F40 on Query { a: stats { articles } }", "aliases found"),
    "depth through nested spreads": (
        f'{{ entity(id: "{SOL.id}") {{ ...E0 }} }} '
        + " ".join(f"fragment E{i} on Entity {{ neighbors {{ entity {{ ...E{i + 1} ...E{i + 1} }} }} }}"
                   for i in range(30)) + " fragment E30 on Entity { name }", "exceeds maximum operation depth"),
    "fragment cycle": ("{ entity(id: \"x\") { ...A } } fragment A on Entity { neighbors { entity { ...B } } } "
                       "fragment B on Entity { neighbors { entity { ...A } } }", "within itself"),
    "tokens": ("{ stats { " + "articles " * 3000 + "} }", "more than 2000 tokens"),
    "nesting": ("{" + " a {" * 600 + " b " + "}" * 600 + "}", "nested too deeply"),
    "first over Int": ("{ articles(first: 99999999999999) { totalCount } }", "32-bit"),
    "first": ("{ articles(first: 2147483647) { totalCount } }", "first must be between 1 and 100"),
    "negative first": ("{ topEntities(first: -1) { mentions } }", "first must be between 1 and 100"),
    "long search": ('{ searchEntities(query: "' + "a" * 100_000 + '") { score } }', "at most 200 are allowed"),
    "long text filter": ('{ articles(filter: {text: "' + "w " * 50_000 + '"}) { totalCount } }',
                         "at most 500 are allowed"),
    "many seeds": ("{ subgraph(ids: [" + ",".join(f'"e{i}"' for i in range(101)) + "]) { truncated } }",
                   "at most 100 are allowed"),
    "deep subgraph": (f'{{ subgraph(ids: ["{SOL.id}"], depth: 50, limit: 100000) {{ truncated }} }}',
                      "depth must be between 0 and 3"),
    "long path": (f'{{ path(from: "{SOL.id}", to: "{TEHRAN.id}", maxHops: 50) {{ length }} }}',
                  "maxHops must be between 1 and 6"),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_are_refused_quickly_with_a_clear_error(name: str, spied: tuple[Any, list[str]],
                                                      make_api: AppFactory) -> None:  # noqa: F811
    store, _ = spied
    api = make_api(store)
    query, expected = BOMBS[name]
    body, took = timed(api, query)
    assert body.get("errors"), body
    assert expected in body["errors"][0]["message"], body["errors"][0]
    assert "INTERNAL_SERVER_ERROR" not in codes(body)
    assert took < QUICK_S, f"{name}: {took:.2f} s"


def test_valid_but_expensive_shapes_are_answered_quickly(spied: tuple[Any, list[str]],
                                                         make_api: AppFactory) -> None:  # noqa: F811
    """Queries within every limit whose naive expansion is exponential: answered, and fast."""
    store, _ = spied
    api = make_api(store)
    spreads = ("{ ...F0 } " + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
               + " fragment F40 on Query { stats { articles } }")
    body, took = timed(api, spreads)
    assert body == {"data": {"stats": {"articles": 8}}} and took < QUICK_S, (body, took)
    paths = (f'{{ path(from: "{SOL.id}", to: "{TEHRAN.id}") {{ ...P0 }} }} '
             + " ".join(f"fragment P{i} on Path {{ ...P{i + 1} ...P{i + 1} }}" for i in range(40))
             + " fragment P40 on Path { length entities { id } }")
    body, took = timed(api, paths)
    assert body["data"]["path"]["length"] == 2 and took < QUICK_S, (body, took)
    heavy = "{ " + " ".join(f'a{i}: subgraph(ids: ["{SOL.id}"], depth: 3, limit: 1000) {{ truncated }}'
                            for i in range(30)) + " }"
    body, took = timed(api, heavy)
    assert "errors" not in body and took < 3 * QUICK_S, took


def test_very_long_ids_are_parameters_like_any_other(spied: tuple[Any, list[str]],
                                                     make_api: AppFactory) -> None:  # noqa: F811
    store, statements = spied
    api = make_api(store)
    long_id = MARK + "x" * 500_000  # within the body limit (4 x max_article_chars + 64 KiB); beyond it: 413
    for query in ("query($i: ID!) { entity(id: $i) { id } }", "query($i: ID!) { article(id: $i) { id } }"):
        body, took = timed(api, query, {"i": long_id})
        assert "errors" not in body and took < QUICK_S, (body.get("errors"), took)
    assert not [s for s in statements if MARK in s]


def test_a_body_over_the_limit_is_refused_before_it_is_read(spied: tuple[Any, list[str]],
                                                            make_api: AppFactory) -> None:  # noqa: F811
    store, _ = spied
    api = make_api(store, max_article_chars=1000)
    response = api.client.post("/graphql", content=b"{" + b" " * 200_000 + b"}",
                               headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_settings_of_the_fixture_are_the_defaults() -> None:
    """The limits these tests expect are the shipped defaults."""
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (defaults.max_query_depth, defaults.max_query_aliases, defaults.max_query_tokens,
            defaults.max_page_size) == (10, 30, 2000, 100)
