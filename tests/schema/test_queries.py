"""The read API over HTTP, against both real stores holding the factories' world.

Figures marked "by hand" come from the world's table in tests/store/factories.py; the others are
checked against the store's own answer, so that these tests hold the API to showing what the store
says, converted, and the contract suite holds the stores to the right figures.
"""

from __future__ import annotations

from typing import Any

from kg.model import ArticleFilter, Direction
from tests.schema.conftest import GQL
from tests.store.factories import HMC, IRAQIS, IRGC, LIND, MAHDI, SOL, TEHRAN

BAGHDAD_ID = "place:baghdad"

ENTITY_FIELDS = "id name type kind aliases mentionCount articleCount firstSeen lastSeen"


# --------------------------------------------------------------------------- entity


def test_entity_by_id_has_its_aggregates(api: GQL) -> None:
    query = f"query($id: ID!) {{ entity(id: $id) {{ {ENTITY_FIELDS} }} }}"
    entity = api.data(query, {"id": SOL.id})["entity"]
    assert entity == {  # by hand
        "id": SOL.id, "name": "Qassem Soleimani", "type": "PERSON", "kind": "Person",
        "aliases": ["General Soleimani", "Soleimani"], "mentionCount": 9, "articleCount": 6,
        "firstSeen": "2020-01-03", "lastSeen": "2020-02-20",
    }


def test_entity_by_name_alias_or_acronym_case_insensitively(api: GQL) -> None:
    query = "query($name: String!) { entity(name: $name) { id name } }"
    assert api.data(query, {"name": "HMC"})["entity"] == {"id": HMC.id, "name": "High Military Committee"}
    assert api.data(query, {"name": "general soleimani"})["entity"]["id"] == SOL.id
    assert api.data(query, {"name": "IRGC"})["entity"]["id"] == IRGC.id
    assert api.data(query, {"name": "Nobody At All"})["entity"] is None


def test_entity_needs_exactly_one_of_id_and_name(api: GQL) -> None:
    for args in ("", f'(id: "{SOL.id}", name: "Soleimani")'):
        message = api.error(f"{{ entity{args} {{ id }} }}")
        assert message.startswith("entity needs exactly one of id or name")


def test_unknown_entity_id_is_null(api: GQL) -> None:
    assert api.data('{ entity(id: "person:nobody") { id } }')["entity"] is None


def test_entity_articles_is_a_connection_of_the_articles_that_mention_it(api: GQL, world: Any) -> None:
    query = """query($id: ID!, $after: String) { entity(id: $id) { articles(first: 4, after: $after) {
        totalCount edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } } }"""
    first = api.data(query, {"id": SOL.id})["entity"]["articles"]
    assert first["totalCount"] == 6  # by hand
    assert first["pageInfo"]["hasNextPage"] is True
    second = api.data(query, {"id": SOL.id, "after": first["pageInfo"]["endCursor"]})["entity"]["articles"]
    assert second["pageInfo"]["hasNextPage"] is False
    ids = [e["node"]["id"] for e in first["edges"] + second["edges"]]
    assert ids == ["art-08", "art-06", "art-05", "art-04", "art-03", "art-01"]  # by hand: newest first
    expected = world.articles(ArticleFilter(mentions=(SOL.id,)), first=10)
    assert ids == [a.id for a in expected.nodes]


def test_entity_articles_date_range(api: GQL) -> None:
    query = """query($id: ID!) { entity(id: $id) { articles(from: "2020-01-10", to: "2020-02-01") {
        totalCount edges { node { id published } } } } }"""
    articles = api.data(query, {"id": SOL.id})["entity"]["articles"]
    assert [e["node"]["id"] for e in articles["edges"]] == ["art-05", "art-04", "art-03"]  # by hand
    assert articles["totalCount"] == 3


def test_neighbors_with_weights_relation_types_and_co_mentions(api: GQL, world: Any) -> None:
    query = """query($id: ID!) { entity(id: $id) { neighbors(first: 10) {
        weight relationTypes coMentions entity { id name } } } }"""
    neighbors = api.data(query, {"id": SOL.id})["entity"]["neighbors"]
    expected = world.neighbors(SOL.id, first=10)
    assert [(n["entity"]["id"], n["weight"], n["relationTypes"], n["coMentions"]) for n in neighbors] == [
        (r.entity_id, r.weight, list(r.relation_types), r.co_mentions) for r in expected]
    by_id = {n["entity"]["id"]: n for n in neighbors}
    assert by_id[MAHDI.id]["relationTypes"] == ["MEET", "PRAISE"]  # by hand
    assert by_id[MAHDI.id]["weight"] == 3
    assert by_id[IRGC.id]["weight"] == 3
    assert by_id[IRGC.id]["entity"]["name"] == "Islamic Revolutionary Guard Corps"


def test_neighbors_filters(api: GQL, world: Any) -> None:
    query = """query($id: ID!) { entity(id: $id) {
        people: neighbors(types: [PERSON]) { entity { id } }
        commanders: neighbors(relationTypes: ["COMMANDER_OF"]) { entity { id } weight }
        heavy: neighbors(minWeight: 3) { entity { id } } } }"""
    entity = api.data(query, {"id": SOL.id})["entity"]
    assert {n["entity"]["id"] for n in entity["people"]} == {MAHDI.id, LIND.id}
    assert entity["commanders"] == [{"entity": {"id": IRGC.id}, "weight": 3}]
    assert [n["entity"]["id"] for n in entity["heavy"]] == [
        r.entity_id for r in world.neighbors(SOL.id, min_weight=3)]


def test_relations_with_evidence_from_every_supporting_article(api: GQL, world: Any) -> None:
    query = """query($id: ID!) { entity(id: $id) {
      relations(first: 20, type: "COMMANDER_OF", direction: OUT) {
        totalCount edges { node { source { id } target { id } type predicate negated confidence date weight
          evidence { sentence start end article { id title } } } } } } }"""
    relations = api.data(query, {"id": SOL.id})["entity"]["relations"]
    assert relations["totalCount"] == 1
    node = relations["edges"][0]["node"]
    assert (node["source"]["id"], node["target"]["id"], node["type"], node["predicate"]) == (
        SOL.id, IRGC.id, "COMMANDER_OF", "commander of")
    assert (node["negated"], node["confidence"], node["weight"]) == (False, 0.9, 3)  # by hand
    assert [e["article"]["id"] for e in node["evidence"]] == ["art-01", "art-03", "art-06"]
    first = node["evidence"][0]
    assert first["sentence"] == "Qassem Soleimani is the commander of the Islamic Revolutionary Guard Corps."
    assert (first["start"], first["end"]) == (0, len(first["sentence"]))
    assert first["article"]["title"] == "Commander meets prime minister"


def test_relations_negated_direction_and_paging(api: GQL, world: Any) -> None:
    query = """query($id: ID!, $after: String) { entity(id: $id) { relations(first: 2, after: $after) {
        totalCount edges { cursor node { id negated source { id } target { id } type } }
        pageInfo { hasNextPage endCursor } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = api.data(query, {"id": SOL.id, "after": after})["entity"]["relations"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    expected = world.relations(SOL.id, first=50, direction=Direction.BOTH)
    assert seen == [r.id for r in expected.nodes]
    assert page["totalCount"] == expected.total_count
    incoming = api.data("""query($id: ID!) { entity(id: $id) { relations(direction: IN, first: 20) {
        edges { node { negated source { id } type } } } } }""", {"id": SOL.id})["entity"]["relations"]
    pairs = {(e["node"]["source"]["id"], e["node"]["type"], e["node"]["negated"]) for e in incoming["edges"]}
    assert (LIND.id, "MEET", True) in pairs and (LIND.id, "MEET", False) in pairs  # by hand
    assert (MAHDI.id, "PRAISE", False) in pairs


def test_co_mentions_and_timeline(api: GQL, world: Any) -> None:
    query = """query($id: ID!) { entity(id: $id) {
        coMentions(first: 5) { articles sentences entity { id } }
        months: timeline { start mentions articles }
        weeks: timeline(interval: WEEK, from: "2020-01-01", to: "2020-01-31") {
          start mentions articles } } }"""
    entity = api.data(query, {"id": SOL.id})["entity"]
    assert [(c["entity"]["id"], c["articles"], c["sentences"]) for c in entity["coMentions"]] == [
        (r.entity_id, r.articles, r.sentences) for r in world.co_mentions(SOL.id, first=5)]
    assert entity["months"] == [  # by hand: Jan art01(2) art03(1) art04(2); Feb art05 art06(2) art08
        {"start": "2020-01-01", "mentions": 5, "articles": 3},
        {"start": "2020-02-01", "mentions": 4, "articles": 3},
    ]
    assert entity["weeks"] == [
        {"start": "2019-12-30", "mentions": 2, "articles": 1},
        {"start": "2020-01-06", "mentions": 1, "articles": 1},
        {"start": "2020-01-27", "mentions": 2, "articles": 1},
    ]


# --------------------------------------------------------------------------- search


def test_search_by_word_prefix_and_typo(api: GQL) -> None:
    query = "query($q: String!) { searchEntities(query: $q, first: 3) { score entity { id name } } }"
    for text in ("Soleimani", "Soleim", "Solemani", "qassem"):
        hits = api.data(query, {"q": text})["searchEntities"]
        assert hits and hits[0]["entity"]["id"] == SOL.id, (text, hits)
        assert all(isinstance(h["score"], float) for h in hits)
        assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_by_type(api: GQL) -> None:
    query = '{ searchEntities(query: "Washington", types: [GPE]) { entity { id type } } }'
    hits = api.data(query)["searchEntities"]
    assert hits == [{"entity": {"id": "place:washington", "type": "GPE"}}]


def test_search_text_with_query_syntax_is_taken_literally(api: GQL) -> None:
    for text in ['" OR * NEAR( ) AND:', "IRGC*", "-Soleimani", "a:b", "(", "'", "\\", "NOT", "^~"]:
        body = api.post("query($q: String!) { searchEntities(query: $q) { entity { id } } }", {"q": text})
        assert not body.get("errors"), (text, body)
        assert isinstance(body["data"]["searchEntities"], list)


def test_empty_search_is_refused(api: GQL) -> None:
    assert api.error('{ searchEntities(query: "  ") { score } }') == "query must not be empty"


# --------------------------------------------------------------------------- articles


ARTICLE_PAGE = """query($filter: ArticleFilterInput, $first: Int!, $after: String, $order: ArticleOrder!) {
  articles(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount edges { cursor node { id } }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor } } }"""


def _all_ids(api: GQL, filter: dict | None, order: str = "PUBLISHED_DESC", first: int = 3,
             ) -> tuple[list, int]:
    ids: list[str] = []
    after = None
    while True:
        page = api.data(ARTICLE_PAGE, {"filter": filter, "first": first, "after": after,
                                       "order": order})["articles"]
        ids += [e["node"]["id"] for e in page["edges"]]
        if page["edges"]:
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
            assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return ids, page["totalCount"]
        after = page["pageInfo"]["endCursor"]


def test_articles_pages_through_everything_with_cursors(api: GQL, world: Any) -> None:
    ids, total = _all_ids(api, None)
    assert total == 8
    assert ids == ["art-08", "art-06", "art-05", "art-04", "art-03", "art-01", "art-02", "art-07"]  # by hand
    asc, _ = _all_ids(api, None, order="PUBLISHED_ASC")
    assert asc == [a.id for a in world.articles(None, first=10, order="PUBLISHED_ASC").nodes]
    assert asc[-1] == "art-07"  # no date: last either way


def test_articles_filters_alone_and_combined(api: GQL, world: Any) -> None:
    cases = [
        ({"mentions": [IRGC.id]}, ArticleFilter(mentions=(IRGC.id,))),
        ({"mentions": [TEHRAN.id, BAGHDAD_ID]}, ArticleFilter(mentions=(TEHRAN.id, BAGHDAD_ID))),
        ({"mentionsAll": [SOL.id, IRGC.id]}, ArticleFilter(mentions_all=(SOL.id, IRGC.id))),
        ({"source": "Daily Ledger"}, ArticleFilter(source="Daily Ledger")),
        ({"from": "2020-01-04", "to": "2020-02-01"}, ArticleFilter(date_from=_d("2020-01-04"),
                                                                   date_to=_d("2020-02-01"))),
        ({"text": "commander"}, ArticleFilter(text="commander")),
        ({"source": "Daily Ledger", "mentions": [LIND.id], "from": "2020-02-01"},
         ArticleFilter(source="Daily Ledger", mentions=(LIND.id,), date_from=_d("2020-02-01"))),
    ]
    for given, model_filter in cases:
        ids, total = _all_ids(api, given, first=2)
        expected = world.articles(model_filter, first=50)
        assert ids == [a.id for a in expected.nodes], given
        assert total == expected.total_count, given
    assert _all_ids(api, {"mentionsAll": [SOL.id, IRGC.id]})[0] == ["art-06", "art-03", "art-01"]  # by hand
    assert _all_ids(api, {"source": "Daily Ledger", "mentions": [LIND.id]})[0] == ["art-06"]


def _d(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def test_article_with_text_entities_and_relations(api: GQL) -> None:
    query = """{ article(id: "art-03") { id title url source published author wordCount text
        entities { count surfaces firstOffset entity { id name } }
        relations { type weight source { id } target { id } evidence { sentence article { id } } } } }"""
    article = api.data(query)["article"]
    assert article["title"] == "Prime minister visits Tehran"
    assert article["published"] == "2020-01-10"
    assert article["text"].startswith("Adel Abdul Mahdi visited Tehran on January 8.")
    assert article["wordCount"] == len(article["text"].split())
    assert article["entities"][0] == {
        "count": 2, "surfaces": ["Abdul Mahdi", "Adel Abdul Mahdi"], "firstOffset": 0,
        "entity": {"id": MAHDI.id, "name": "Adel Abdul Mahdi"}}
    assert {e["entity"]["id"] for e in article["entities"]} == {MAHDI.id, TEHRAN.id, SOL.id, IRGC.id}
    assert {r["type"] for r in article["relations"]} == {"VISIT", "COMMANDER_OF", "PRAISE"}
    for relation in article["relations"]:  # only this article's evidence; the weight is the total
        assert {e["article"]["id"] for e in relation["evidence"]} == {"art-03"}
    assert next(r for r in article["relations"] if r["type"] == "COMMANDER_OF")["weight"] == 3


def test_unknown_article_is_null(api: GQL) -> None:
    assert api.data('{ article(id: "nope") { id } }')["article"] is None


# --------------------------------------------------------------------------- across the graph


PATH = """query($from: ID!, $to: ID!, $hops: Int!) { path(from: $from, to: $to, maxHops: $hops) {
    length entities { id } relations { type source { id } target { id }
    evidence { sentence article { id } } } } }"""


def test_path_with_each_hop_and_its_evidence(api: GQL) -> None:
    path = api.data(PATH, {"from": SOL.id, "to": TEHRAN.id, "hops": 4})["path"]
    assert path["length"] == 2
    assert [e["id"] for e in path["entities"]] == [SOL.id, MAHDI.id, TEHRAN.id]  # by hand
    assert path["relations"][1]["type"] == "VISIT"
    assert path["relations"][1]["evidence"][0]["sentence"] == "Adel Abdul Mahdi visited Tehran on January 8."
    longer = api.data(PATH, {"from": LIND.id, "to": BAGHDAD_ID, "hops": 4})["path"]
    assert [e["id"] for e in longer["entities"]] == [LIND.id, SOL.id, IRGC.id, BAGHDAD_ID]
    assert api.data(PATH, {"from": LIND.id, "to": BAGHDAD_ID, "hops": 2})["path"] is None
    assert api.data(PATH, {"from": SOL.id, "to": IRAQIS.id, "hops": 6})["path"] is None  # no relations
    same = api.data(PATH, {"from": SOL.id, "to": SOL.id, "hops": 1})["path"]
    assert same == {"length": 0, "entities": [{"id": SOL.id}], "relations": []}


def test_path_arguments_are_checked(api: GQL) -> None:
    message = api.error(PATH, {"from": SOL.id, "to": TEHRAN.id, "hops": 7})
    assert message == "maxHops must be between 1 and 6, got 7"
    message = api.error(PATH, {"from": SOL.id, "to": "person:nobody", "hops": 3})
    assert message.startswith("path: no entity with id 'person:nobody'")


def test_subgraph_nodes_and_edges(api: GQL, world: Any) -> None:
    query = """query($ids: [ID!]!, $depth: Int!, $limit: Int!) {
      subgraph(ids: $ids, depth: $depth, limit: $limit) { truncated
        nodes { id label type kind mentionCount } edges { id source target type weight negated } } }"""
    graph = api.data(query, {"ids": [TEHRAN.id], "depth": 1, "limit": 50})["subgraph"]
    expected = world.subgraph([TEHRAN.id], depth=1, limit=50)
    assert [n["id"] for n in graph["nodes"]] == [e.id for e in expected.entities]
    assert [e["id"] for e in graph["edges"]] == [r.id for r in expected.relations]
    assert {n["id"] for n in graph["nodes"]} == {TEHRAN.id, MAHDI.id}  # by hand
    assert graph["edges"] == [{"id": graph["edges"][0]["id"], "source": MAHDI.id, "target": TEHRAN.id,
                               "type": "VISIT", "weight": 1, "negated": False}]
    node_ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in graph["edges"])
    cut = api.data(query, {"ids": [SOL.id], "depth": 2, "limit": 2})["subgraph"]
    assert cut["truncated"] is True and len(cut["nodes"]) == 2


def test_top_trending_relation_types_sources_stats(api: GQL, world: Any) -> None:
    query = """{ top: topEntities(first: 3) { mentions articles entity { id } }
        topOrgs: topEntities(type: ORG, first: 2) { entity { id } }
        january: topEntities(from: "2020-01-01", to: "2020-01-31", first: 2) { mentions entity { id } }
        trending: trendingEntities(window: 30, first: 5) { mentions previous change entity { id } }
        relationTypes { type count } sources { name articles }
        stats { articles entities relations mentions sources firstPublished lastPublished
                entitiesByType { type count } } }"""
    data = api.data(query)
    assert [(r["entity"]["id"], r["mentions"], r["articles"]) for r in data["top"]] == [
        (r.entity.id, r.mentions, r.articles) for r in world.top_entities(first=3)]
    assert data["top"][0] == {"mentions": 9, "articles": 6, "entity": {"id": SOL.id}}  # by hand
    assert [r["entity"]["id"] for r in data["topOrgs"]] == [
        r.entity.id for r in world.top_entities(type="ORG", first=2)]
    # by hand: 5 mentions in 3 articles each; ties go by id
    assert data["january"] == [{"mentions": 5, "entity": {"id": MAHDI.id}},
                               {"mentions": 5, "entity": {"id": SOL.id}}]
    assert [(r["entity"]["id"], r["mentions"], r["previous"], r["change"]) for r in data["trending"]] == [
        (r.entity.id, r.mentions, r.previous, r.change)
        for r in world.trending_entities(window_days=30, first=5)]
    assert [(r["type"], r["count"]) for r in data["relationTypes"]] == world.relation_types()
    assert data["sources"] == [  # by hand
        {"name": "Daily Ledger", "articles": 3}, {"name": "Coast Courier", "articles": 2},
        {"name": "Northern Wire", "articles": 2}]
    stats = world.stats()
    assert data["stats"] == {
        "articles": 8, "entities": stats.entities, "relations": stats.relations, "mentions": stats.mentions,
        "sources": 3, "firstPublished": "2020-01-03", "lastPublished": "2020-02-20",
        "entitiesByType": [{"type": t, "count": n} for t, n in sorted(stats.entities_by_type.items())],
    }
