"""DataLoaders batch every per-parent field: the store round trips of a page do not grow with it.

The real store is wrapped in a proxy that counts the calls it passes on (the proxy changes nothing
else), and the same query is asked for pages of 5 and of 50 articles.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from tests.schema.conftest import AppFactory
from tests.store import factories


class CountingStore:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self.calls: Counter[str] = Counter()
        self.args: list[tuple[str, tuple]] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.calls[name] += 1
                self.args.append((name, args))
            return attr(*args, **kwargs)

        return counted


PAGE = """query($first: Int!) { articles(first: $first) { totalCount edges { node {
    id title
    entities { count entity { id name mentionCount } }
    relations { type source { name } target { name } evidence { sentence article { id title } } } } } } }"""


def test_a_page_of_articles_costs_a_bounded_number_of_store_calls(store: Any, make_api: AppFactory) -> None:
    store.write(factories.world())
    store.write(factories.synthetic(60, seed=3, entities=6, relations=3, sentences=6, vocabulary=40))
    counting = CountingStore(store)
    api = make_api(counting)

    counts = {}
    for first in (5, 50):
        counting.calls.clear()
        data = api.data(PAGE, {"first": first})
        edges = data["articles"]["edges"]
        assert len(edges) == first
        assert all(e["node"]["entities"] for e in edges)
        assert sum(len(e["node"]["relations"]) for e in edges) >= first
        counts[first] = dict(counting.calls)

    for first, calls in counts.items():
        # one call per field, whatever the page size; entities may come in two batches (the mentions'
        # and the relations' ends resolve in different turns of the event loop)
        assert calls["articles"] == calls["article_mentions"] == calls["article_relations"] == 1, calls
        assert calls["articles_by_id"] == 1, calls
        assert 1 <= calls["entities"] <= 2, calls
        assert sum(calls.values()) <= 6, (first, calls)


def test_article_texts_are_read_one_per_article(store: Any, make_api: AppFactory) -> None:
    """The protocol reads texts one at a time (texts are big and rarely listed): one call each."""
    store.write(factories.world())
    counting = CountingStore(store)
    api = make_api(counting)
    data = api.data("{ articles(first: 8) { edges { node { text } } } }")
    assert all(e["node"]["text"] for e in data["articles"]["edges"])
    assert counting.calls["article_text"] == 8
    assert counting.calls["articles"] == 1


def test_shared_entities_are_loaded_once_per_request(store: Any, make_api: AppFactory) -> None:
    store.write(factories.world())
    counting = CountingStore(store)
    api = make_api(counting)
    query = f"""{{ a: entity(id: "{factories.SOL.id}") {{ name neighbors {{ entity {{ name }} }} }}
                  b: entity(id: "{factories.IRGC.id}") {{ name neighbors {{ entity {{ name }} }} }} }}"""
    data = api.data(query)
    assert data["a"]["neighbors"] and data["b"]["neighbors"]
    assert counting.calls["neighbors"] == 2
    asked = [entity_id for name, args in counting.args if name == "entities" for entity_id in args[0]]
    # Soleimani is a root and a neighbour of the IRGC, the IRGC a root and a neighbour of Soleimani:
    # each id is read once per request however many fields name it
    assert factories.SOL.id in asked and factories.IRGC.id in asked
    assert len(asked) == len(set(asked)), asked
    assert counting.calls["entities"] <= 3  # the roots, then each root's neighbours
