"""The GraphStore contract: one suite, run against every store (the ``store`` fixture).

This is the executable form of ``kg/store/base.py``. Every expected figure below is worked out by hand
from the world in ``tests/store/factories.py`` (see its module doc); no test branches on the store.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import pytest

from kg.errors import InputError, KGError, QueryError
from kg.ids import relation_id
from kg.model import (
    ArticleFilter,
    ArticleMention,
    ArticleOrder,
    CoMentionRecord,
    Direction,
    Entity,
    EntityRecord,
    EntityRef,
    EvidenceRecord,
    ExtractedArticle,
    Interval,
    Mention,
    NeighborRecord,
    RelationRecord,
    Stats,
    TimelineBucket,
    WriteResult,
)
from kg.store.base import GraphStore
from tests.store.factories import (
    BAGHDAD,
    COAL,
    COURIER,
    HMC,
    IRAQIS,
    IRGC,
    KURD,
    LEDGER,
    LIND,
    MAHDI,
    SOL,
    TEHRAN,
    WASH_G,
    WASH_P,
    WIRE,
    M,
    R,
    art01,
    art05,
    build,
    by_id,
    entity,
    synthetic,
    world,
)
from tests.store.snapshot import all_pages, article_view, snapshot

D = date.fromisoformat
ALL_IDS = [f"art-0{i}" for i in range(1, 9)]

# --------------------------------------------------------------------------- helpers


def rid(source: Entity, target: Entity, type_: str, negated: bool = False) -> str:
    return relation_id(source.id, target.id, type_, negated)


def ev(article: ExtractedArticle, index: int, predicate: str, confidence: float,
       day: date | None = None) -> EvidenceRecord:
    """The evidence record of the ``index``-th relation of a world article."""
    rel = article.relations[index]
    return EvidenceRecord(article_id=article.article.id, sentence=rel.sentence, start=rel.start,
                          end=rel.end, predicate=predicate, confidence=confidence, date=day)


def relation(source: Entity, target: Entity, type_: str, predicate: str, confidence: float,
             day: date | None, weight: int, evidence: Sequence[EvidenceRecord],
             negated: bool = False) -> RelationRecord:
    return RelationRecord(id=rid(source, target, type_, negated), source=source.id, target=target.id,
                          type=type_, predicate=predicate, negated=negated, confidence=confidence,
                          date=day, weight=weight, evidence=tuple(evidence))


def ids_of(nodes: Sequence[Any]) -> list[str]:
    return [n.id for n in nodes]


def by_weight_then_id(records: Sequence[RelationRecord]) -> list[RelationRecord]:
    return sorted(records, key=lambda r: (-r.weight, r.id))


# --------------------------------------------------------------------------- what the world holds

A = {i: by_id(i) for i in ALL_IDS}


def expected_relations() -> dict[str, RelationRecord]:
    a1, a2, a3, a4, a5, a6, a7, a8 = (A[i] for i in ALL_IDS)
    rels = [
        relation(SOL, IRGC, "COMMANDER_OF", "commander of", 0.9, None, 3,
                 [ev(a1, 0, "commander of", 0.9), ev(a3, 1, "commander of", 0.7),
                  ev(a6, 1, "commander of", 0.6)]),
        relation(SOL, MAHDI, "MEET", "meet", 0.8, D("2020-01-30"), 2,
                 [ev(a1, 1, "meet", 0.8, D("2020-01-02")), ev(a4, 0, "meet", 0.8, D("2020-01-29")),
                  ev(a4, 1, "meet again", 0.5, D("2020-01-30"))]),
        relation(IRGC, BAGHDAD, "OPERATE_IN", "operate in", 0.6, None, 1, [ev(a2, 0, "operate in", 0.6)]),
        relation(MAHDI, TEHRAN, "VISIT", "visit", 0.7, D("2020-01-08"), 1,
                 [ev(a3, 0, "visit", 0.7, D("2020-01-08"))]),
        relation(MAHDI, SOL, "PRAISE", "praise", 0.6, None, 1, [ev(a3, 2, "praise", 0.6)]),
        relation(LIND, SOL, "MEET", "meet", 0.9, None, 1, [ev(a5, 0, "meet", 0.9)], negated=True),
        relation(LIND, KURD, "TRAVEL_TO", "travel through", 0.6, None, 1, [ev(a5, 1, "travel through", 0.6)]),
        relation(LIND, SOL, "MEET", "meet", 0.8, D("2020-02-13"), 2,
                 [ev(a6, 0, "meet", 0.8, D("2020-02-13")), ev(a8, 1, "meet", 0.5)]),
        relation(HMC, IRGC, "ALLY_OF", "ally of", 0.7, None, 1, [ev(a7, 0, "ally of", 0.7)]),
        relation(WASH_P, WASH_G, "ARRIVE_IN", "arrive in", 0.9, D("2020-02-17"), 1,
                 [ev(a8, 0, "arrive in", 0.9, D("2020-02-17"))]),
    ]
    return {r.id: r for r in rels}


REL = expected_relations()
R_CMD = rid(SOL, IRGC, "COMMANDER_OF")
R_MEET = rid(SOL, MAHDI, "MEET")
R_OPER = rid(IRGC, BAGHDAD, "OPERATE_IN")
R_VISIT = rid(MAHDI, TEHRAN, "VISIT")
R_PRAISE = rid(MAHDI, SOL, "PRAISE")
R_NOMEET = rid(LIND, SOL, "MEET", True)
R_TRAVEL = rid(LIND, KURD, "TRAVEL_TO")
R_LMEET = rid(LIND, SOL, "MEET")
R_ALLY = rid(HMC, IRGC, "ALLY_OF")
R_ARRIVE = rid(WASH_P, WASH_G, "ARRIVE_IN")


def E(ent: Entity, type_: str, aliases: tuple[str, ...], mentions: int, articles: int,
      first: str | None, last: str | None) -> EntityRecord:
    return EntityRecord(id=ent.id, name=ent.name, type=type_, aliases=aliases, mention_count=mentions,
                        article_count=articles, first_seen=D(first) if first else None,
                        last_seen=D(last) if last else None)


ENTITIES = {
    e.id: e
    for e in [
        E(SOL, "PERSON", ("General Soleimani", "Soleimani"), 9, 6, "2020-01-03", "2020-02-20"),
        E(MAHDI, "PERSON", ("Abdul Mahdi",), 5, 3, "2020-01-03", "2020-01-30"),
        E(LIND, "PERSON", ("Lindqvist",), 4, 3, "2020-02-01", "2020-02-20"),
        E(WASH_P, "PERSON", (), 1, 1, "2020-02-20", "2020-02-20"),
        E(IRGC, "ORG", ("Guard Corps", "IRGC"), 6, 5, "2020-01-03", "2020-02-14"),
        E(HMC, "ORG", (), 2, 2, "2020-01-30", "2020-01-30"),
        E(COAL, "ORG", (), 1, 1, None, None),
        E(BAGHDAD, "GPE", (), 2, 2, "2020-01-03", "2020-01-03"),
        E(TEHRAN, "GPE", (), 2, 2, "2020-01-10", "2020-02-14"),
        E(KURD, "LOC", (), 2, 2, "2020-01-30", "2020-02-01"),
        E(WASH_G, "GPE", (), 1, 1, "2020-02-20", "2020-02-20"),
        E(IRAQIS, "NORP", (), 1, 1, "2020-01-03", "2020-01-03"),
    ]
}


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    """The store with the whole world in it, written as one batch."""
    result = store.write(world())
    assert result == WriteResult(written=8, unchanged=0, entities=12, relations=15, skipped=())
    return store


# --------------------------------------------------------------------------- lifecycle


def test_protocol_and_ping(store: GraphStore) -> None:
    assert isinstance(store, GraphStore)
    assert store.name in {"embedded", "neo4j"}
    store.ping()


def test_empty_store_answers_every_read(store: GraphStore) -> None:
    assert store.stats() == Stats(articles=0, entities=0, entities_by_type={}, relations=0, mentions=0,
                                   sources=0, first_published=None, last_published=None)
    page = store.articles()
    assert (page.nodes, page.total_count, page.has_next_page, page.end_cursor) == ([], 0, False, None)
    assert store.entities([SOL.id]) == {}
    assert store.entity_by_name("Soleimani") is None
    assert store.search_entities("Soleimani") == []
    assert store.lookup(["Soleimani"]) == {}
    assert store.neighbors(SOL.id) == []
    assert store.relations(SOL.id).nodes == []
    assert store.co_mentions(SOL.id) == []
    assert store.timeline(SOL.id) == []
    assert store.shortest_path(SOL.id, LIND.id) is None
    assert store.shortest_path(SOL.id, SOL.id) is None
    assert store.subgraph([SOL.id]).entities == ()
    assert store.top_entities() == []
    assert store.trending_entities() == []
    assert store.relation_types() == []
    assert store.sources() == []
    assert store.stored_hashes(["art-01"]) == {}
    assert store.articles_by_id(["art-01"]) == {}
    assert store.article_text("art-01") is None
    assert store.article_mentions(["art-01"]) == {"art-01": []}
    assert store.article_relations(["art-01"]) == {"art-01": []}


def test_clear_removes_everything(loaded: GraphStore) -> None:
    loaded.clear()
    assert loaded.stats().articles == 0
    assert loaded.stats().entities == 0
    assert loaded.sources() == []
    assert loaded.search_entities("Soleimani") == []
    assert loaded.articles(ArticleFilter(text="commander")).total_count == 0
    # and it is usable again afterwards
    assert loaded.write([art01()]).written == 1
    assert loaded.stats().articles == 1


# --------------------------------------------------------------------------- the world, read back


def test_stats(loaded: GraphStore) -> None:
    assert loaded.stats() == Stats(
        articles=8, entities=12,
        entities_by_type={"PERSON": 4, "ORG": 3, "GPE": 3, "LOC": 1, "NORP": 1},
        relations=10, mentions=36, sources=3,
        first_published=D("2020-01-03"), last_published=D("2020-02-20"),
    )


def test_entities_exact(loaded: GraphStore) -> None:
    got = loaded.entities([*ENTITIES, "person:nobody"])
    assert got == ENTITIES


def test_relation_types_and_sources(loaded: GraphStore) -> None:
    assert loaded.relation_types() == [
        ("MEET", 3), ("ALLY_OF", 1), ("ARRIVE_IN", 1), ("COMMANDER_OF", 1), ("OPERATE_IN", 1),
        ("PRAISE", 1), ("TRAVEL_TO", 1), ("VISIT", 1),
    ]
    assert loaded.sources() == [(LEDGER, 3), (COURIER, 2), (WIRE, 2)]


def test_articles_by_id_text_and_hashes(loaded: GraphStore) -> None:
    a1 = A["art-01"].article
    got = loaded.articles_by_id(["art-01", "art-08", "nope"])
    assert set(got) == {"art-01", "art-08"}
    assert article_view(got["art-01"]) == {
        "id": "art-01", "title": "Commander meets prime minister",
        "url": "https://ledger.example/2020/01/03/commander", "source": LEDGER,
        "published": D("2020-01-03"), "author": "R. Okafor", "word_count": 25,
        "content_hash": a1.content_hash,
    }
    a8 = got["art-08"]
    assert (a8.url, a8.source, a8.author, a8.published) == (None, None, None, D("2020-02-20"))
    assert isinstance(a8.ingested_at, datetime) and a8.ingested_at.tzinfo is not None
    assert loaded.article_text("art-01") == a1.text
    assert loaded.article_text("nope") is None
    assert loaded.stored_hashes(["art-01", "art-07", "nope"]) == {
        "art-01": a1.content_hash, "art-07": A["art-07"].article.content_hash}


def test_article_mentions(loaded: GraphStore) -> None:
    got = loaded.article_mentions(["art-01", "art-08", "nope"])
    assert got["nope"] == []
    assert got["art-01"] == [
        ArticleMention("art-01", IRGC.id, 2, ("IRGC", "Islamic Revolutionary Guard Corps"), 41),
        ArticleMention("art-01", SOL.id, 2, ("Qassem Soleimani", "Soleimani"), 0),
        ArticleMention("art-01", MAHDI.id, 1, ("Adel Abdul Mahdi",), 90),
        ArticleMention("art-01", BAGHDAD.id, 1, ("Baghdad",), 110),
    ]
    assert got["art-08"] == [
        ArticleMention("art-08", LIND.id, 1, ("Maria Lindqvist",), 44),
        ArticleMention("art-08", SOL.id, 1, ("Soleimani",), 64),
        ArticleMention("art-08", WASH_P.id, 1, ("Washington",), 0),
        ArticleMention("art-08", WASH_G.id, 1, ("Washington",), 22),
    ]


def test_article_relations_carry_only_that_articles_evidence(loaded: GraphStore) -> None:
    got = loaded.article_relations(["art-04", "art-06", "nope"])
    assert got["nope"] == []
    meet = got["art-04"][0]
    assert meet.weight == 2
    assert [e.article_id for e in meet.evidence] == ["art-04", "art-04"]
    assert [e.predicate for e in meet.evidence] == ["meet", "meet again"]
    assert (meet.predicate, meet.confidence, meet.date) == ("meet", 0.8, D("2020-01-30"))
    six = got["art-06"]
    assert [r.id for r in six] == sorted([R_CMD, R_LMEET])
    for r in six:
        full = REL[r.id]
        own = tuple(e for e in full.evidence if e.article_id == "art-06")
        assert r == dataclasses.replace(full, evidence=own)


def test_entity_by_name(loaded: GraphStore) -> None:
    assert loaded.entity_by_name("qassem soleimani") == ENTITIES[SOL.id]
    assert loaded.entity_by_name("SOLEIMANI") == ENTITIES[SOL.id]  # an alias
    assert loaded.entity_by_name("guard corps") == ENTITIES[IRGC.id]
    assert loaded.entity_by_name("Washington") == ENTITIES[WASH_P.id]  # tie on mentions: smaller id
    assert loaded.entity_by_name("HMC") is None  # a lookup key is not a name
    assert loaded.entity_by_name("Soleim") is None
    assert loaded.entity_by_name("") is None


def test_lookup_by_name_alias_and_key(loaded: GraphStore) -> None:
    def ref(e: Entity, n: int) -> EntityRef:
        return EntityRef(e.id, ENTITIES[e.id].name, ENTITIES[e.id].type, n)

    got = loaded.lookup(["Soleimani", "irgc", "HMC", "coalition", "Washington", "Mahdi", "kurdistan REGION",
                         "Lindqvist", "nobody", "Guard"])
    assert got == {
        "Soleimani": (ref(SOL, 9),),  # alias and lookup key: one ref
        "irgc": (ref(IRGC, 6),),  # alias and acronym key, case-insensitive
        "HMC": (ref(HMC, 2),),  # acronym key only
        "coalition": (ref(COAL, 1),),  # head noun of a lower-case name
        "Washington": (ref(WASH_P, 1), ref(WASH_G, 1)),  # same name, two kinds
        "Mahdi": (ref(MAHDI, 5),),  # last word of a person
        "kurdistan REGION": (ref(KURD, 2),),
        "Lindqvist": (ref(LIND, 4),),
    }
    assert loaded.lookup([]) == {}


# --------------------------------------------------------------------------- search


def test_search_whole_words_prefix_and_typos(loaded: GraphStore) -> None:
    for query in ["Soleimani", "qassem soleimani", "Soleim", "Solemani", "soleimani qassem",
                  "Qasem Soleimani"]:
        hits = loaded.search_entities(query)
        assert hits, query
        assert hits[0].entity == ENTITIES[SOL.id], query
    assert loaded.search_entities("revolutionary guard")[0].entity.id == IRGC.id
    assert loaded.search_entities("IRGC")[0].entity.id == IRGC.id
    assert loaded.search_entities("Lindq")[0].entity.id == LIND.id
    assert loaded.search_entities("kurdistan")[0].entity.id == KURD.id
    assert loaded.search_entities("Abdul Mahdi")[0].entity.id == MAHDI.id
    assert loaded.search_entities("Iraqi")[0].entity.id == IRAQIS.id  # a prefix of "Iraqis"
    assert loaded.search_entities("Xylophone") == []
    assert loaded.search_entities("") == []
    assert loaded.search_entities("  ,. ") == []


def test_search_ties_types_and_first(loaded: GraphStore) -> None:
    hits = loaded.search_entities("Washington")
    assert [h.entity.id for h in hits[:2]] == [WASH_P.id, WASH_G.id]  # same relevance and mentions: id
    assert hits[0].score == hits[1].score
    assert [h.entity.id for h in loaded.search_entities("washington", types=["GPE"])] == [WASH_G.id]
    assert [h.entity.id for h in loaded.search_entities("washington", types=["GPE", "PERSON"])] == [
        WASH_P.id, WASH_G.id]
    assert loaded.search_entities("soleimani", types=["ORG"]) == []
    assert len(loaded.search_entities("Washington", first=1)) == 1
    hits = loaded.search_entities("a", first=50)
    assert len({h.entity.id for h in hits}) == len(hits)


def test_search_ranks_by_relevance_then_mentions(store: GraphStore) -> None:
    ali, ali_reza = entity("Ali", "PERSON"), entity("Ali Reza", "PERSON")
    alina, alireza = entity("Alina Petrova", "PERSON"), entity("Alireza Nouri", "PERSON")
    store.write([build("s-1", ["Ali spoke.", "Ali Reza spoke.", "Alina Petrova spoke.",
                               "Alireza Nouri spoke."],
                       mentions=[M(ali, ("Ali",), (0,)), M(ali_reza, ("Ali Reza",), (1,), count=10),
                                 M(alina, ("Alina Petrova",), (2,), count=5),
                                 M(alireza, ("Alireza Nouri",), (3,), count=20)])])
    hits = store.search_entities("Ali")
    # exact name, then a whole word, then prefixes (by mentions)
    assert [h.entity.id for h in hits] == [ali.id, ali_reza.id, alireza.id, alina.id]
    assert hits[0].score > hits[1].score > hits[2].score == hits[3].score
    assert [h.entity.id for h in store.search_entities("reza ali")][:1] == [ali_reza.id]
    assert [h.entity.id for h in store.search_entities("Petrowa")] == [alina.id]  # a typo


HOSTILE = ['"', "*", "NEAR(", "NEAR(Soleimani Tehran)", "OR", "AND", "NOT", "-", ":", "^", "()", "{", "}",
           "[", "\\", "/", "~", "'", "Soleimani OR Tehran", "Soleimani AND", "names:Soleimani", "\x00",
           "Soleimani\"", "\"Soleimani", "Soleimani*", "-Soleimani", "(Soleimani)", "Soleimani^",
           "Soleimani~", "+Soleimani", "Soleimani!", "Soleimani && Tehran", "*:*", "%", "_", "x" * 300]


@pytest.mark.parametrize("query", HOSTILE)
def test_search_treats_syntax_as_text(loaded: GraphStore, query: str) -> None:
    hits = loaded.search_entities(query)
    assert isinstance(hits, list)
    if query.strip("\"*-()^~+!") == "Soleimani":
        assert hits and hits[0].entity.id == SOL.id
    if query == "Soleimani OR Tehran":  # three words, all required: none has them all
        assert SOL.id not in [h.entity.id for h in hits if h.score > 1]


# --------------------------------------------------------------------------- neighbours, relations


def test_neighbors(loaded: GraphStore) -> None:
    assert loaded.neighbors(SOL.id) == [
        NeighborRecord(IRGC.id, 3, ("COMMANDER_OF",), 3),
        NeighborRecord(MAHDI.id, 3, ("MEET", "PRAISE"), 3),
        NeighborRecord(LIND.id, 3, ("MEET",), 3),
    ]
    assert loaded.neighbors(SOL.id, relation_types=["MEET"]) == [
        NeighborRecord(LIND.id, 3, ("MEET",), 3),  # the negated MEET counts too
        NeighborRecord(MAHDI.id, 2, ("MEET",), 3),
    ]
    assert [n.entity_id for n in loaded.neighbors(SOL.id, first=2)] == [IRGC.id, MAHDI.id]
    assert [n.entity_id for n in loaded.neighbors(SOL.id, types=["ORG"])] == [IRGC.id]
    assert [n.entity_id for n in loaded.neighbors(SOL.id, min_weight=3, relation_types=["MEET"])] == [LIND.id]
    assert loaded.neighbors(SOL.id, min_weight=4) == []
    assert loaded.neighbors(IRGC.id) == [
        NeighborRecord(SOL.id, 3, ("COMMANDER_OF",), 3),
        NeighborRecord(BAGHDAD.id, 1, ("OPERATE_IN",), 2),
        NeighborRecord(HMC.id, 1, ("ALLY_OF",), 1),
    ]
    assert loaded.neighbors(IRAQIS.id) == []
    assert loaded.neighbors("person:nobody") == []


def test_relations_all_and_exact(loaded: GraphStore) -> None:
    page = loaded.relations(SOL.id, first=10)
    assert page.total_count == 5 and not page.has_next_page
    expected = by_weight_then_id([REL[i] for i in (R_CMD, R_MEET, R_LMEET, R_PRAISE, R_NOMEET)])
    assert page.nodes == expected
    assert page.nodes[0].id == R_CMD


def test_relations_pages(loaded: GraphStore) -> None:
    expected = by_weight_then_id([REL[i] for i in (R_CMD, R_MEET, R_LMEET, R_PRAISE, R_NOMEET)])
    p1 = loaded.relations(SOL.id, first=2)
    p2 = loaded.relations(SOL.id, first=2, after=p1.end_cursor)
    p3 = loaded.relations(SOL.id, first=2, after=p2.end_cursor)
    assert [p.total_count for p in (p1, p2, p3)] == [5, 5, 5]
    assert [p.has_next_page for p in (p1, p2, p3)] == [True, True, False]
    assert p1.nodes + p2.nodes + p3.nodes == expected
    # any edge's cursor resumes right after that edge
    mid = loaded.relations(SOL.id, first=2, after=p1.edges[0].cursor)
    assert mid.nodes == expected[1:3]
    assert all_pages(loaded.relations, SOL.id, first=1) == expected


def test_relations_direction_and_type(loaded: GraphStore) -> None:
    out = loaded.relations(SOL.id, direction=Direction.OUT)
    assert out.nodes == by_weight_then_id([REL[R_CMD], REL[R_MEET]])
    inc = loaded.relations(SOL.id, direction=Direction.IN)
    assert inc.nodes == by_weight_then_id([REL[R_PRAISE], REL[R_NOMEET], REL[R_LMEET]])
    assert inc.total_count == 3
    meet = loaded.relations(SOL.id, type="MEET")
    assert meet.nodes == by_weight_then_id([REL[R_MEET], REL[R_LMEET], REL[R_NOMEET]])
    assert loaded.relations(SOL.id, type="MEET", direction=Direction.OUT).nodes == [REL[R_MEET]]
    assert loaded.relations(SOL.id, type="NOPE").total_count == 0


def test_relations_date_range_filters_evidence_and_weight(loaded: GraphStore) -> None:
    jan = loaded.relations(SOL.id, date_from=D("2020-01-01"), date_to=D("2020-01-31"))
    cmd = REL[R_CMD]
    cmd_jan = dataclasses.replace(cmd, weight=2, evidence=cmd.evidence[:2])
    assert jan.nodes == by_weight_then_id([cmd_jan, REL[R_MEET], REL[R_PRAISE]])
    assert jan.total_count == 3
    feb = loaded.relations(SOL.id, date_from=D("2020-02-01"))
    cmd_feb = dataclasses.replace(cmd, weight=1, confidence=0.6, evidence=cmd.evidence[2:])
    assert feb.nodes == by_weight_then_id([REL[R_LMEET], cmd_feb, REL[R_NOMEET]])
    # inclusive bounds, on the publication date
    day = loaded.relations(SOL.id, date_from=D("2020-02-14"), date_to=D("2020-02-14"))
    assert {r.id for r in day.nodes} == {R_CMD, R_LMEET}
    assert [r.weight for r in day.nodes] == [1, 1]
    # articles without a date never fall in a range
    irgc = loaded.relations(IRGC.id, date_from=D("2000-01-01"))
    assert [r.id for r in irgc.nodes] == [R_CMD, R_OPER]
    assert [r.id for r in loaded.relations(IRGC.id).nodes] == [R_CMD, *sorted([R_OPER, R_ALLY])]
    p1 = loaded.relations(SOL.id, first=1, date_from=D("2020-02-01"))
    p2 = loaded.relations(SOL.id, first=5, after=p1.end_cursor, date_from=D("2020-02-01"))
    assert p1.nodes + p2.nodes == feb.nodes and p2.total_count == 3 and not p2.has_next_page


def test_co_mentions(loaded: GraphStore) -> None:
    assert loaded.co_mentions(SOL.id, first=100) == [
        CoMentionRecord(MAHDI.id, 3, 4),
        CoMentionRecord(LIND.id, 3, 4),
        CoMentionRecord(IRGC.id, 3, 3),
        CoMentionRecord(KURD.id, 2, 1),
        CoMentionRecord(TEHRAN.id, 2, 1),
        CoMentionRecord(BAGHDAD.id, 1, 1),
        CoMentionRecord(HMC.id, 1, 0),
        CoMentionRecord(WASH_P.id, 1, 0),
        CoMentionRecord(WASH_G.id, 1, 0),
    ]
    assert loaded.co_mentions(SOL.id, first=2) == [CoMentionRecord(MAHDI.id, 3, 4),
                                                   CoMentionRecord(LIND.id, 3, 4)]
    assert loaded.co_mentions(COAL.id) == [CoMentionRecord(HMC.id, 1, 0), CoMentionRecord(IRGC.id, 1, 0)]
    assert loaded.co_mentions(WASH_G.id) == [
        CoMentionRecord(WASH_P.id, 1, 1), CoMentionRecord(LIND.id, 1, 0), CoMentionRecord(SOL.id, 1, 0)]


# --------------------------------------------------------------------------- timeline


def test_timeline_day_week_month(loaded: GraphStore) -> None:
    T = TimelineBucket
    assert loaded.timeline(SOL.id, interval=Interval.DAY) == [
        T(D("2020-01-03"), 2, 1), T(D("2020-01-10"), 1, 1), T(D("2020-01-30"), 2, 1),
        T(D("2020-02-01"), 1, 1), T(D("2020-02-14"), 2, 1), T(D("2020-02-20"), 1, 1)]
    assert loaded.timeline(SOL.id, interval=Interval.WEEK) == [
        T(D("2019-12-30"), 2, 1),  # the ISO week of Friday 3 January starts in the year before
        T(D("2020-01-06"), 1, 1),
        T(D("2020-01-27"), 3, 2),  # Thursday 30 January and Saturday 1 February: one week
        T(D("2020-02-10"), 2, 1), T(D("2020-02-17"), 1, 1)]
    assert loaded.timeline(SOL.id) == [T(D("2020-01-01"), 5, 3), T(D("2020-02-01"), 4, 3)]  # MONTH
    assert loaded.timeline(SOL.id, interval=Interval.MONTH, date_from=D("2020-01-05"),
                           date_to=D("2020-02-01")) == [T(D("2020-01-01"), 3, 2), T(D("2020-02-01"), 1, 1)]
    assert loaded.timeline(IRGC.id) == [T(D("2020-01-01"), 4, 3), T(D("2020-02-01"), 1, 1)]  # art-07 undated
    assert loaded.timeline(COAL.id) == []
    assert loaded.timeline("person:nobody") == []
    assert loaded.timeline(SOL.id, date_from=D("2021-01-01")) == []


# --------------------------------------------------------------------------- articles


DESC = ["art-08", "art-06", "art-05", "art-04", "art-03", "art-01", "art-02", "art-07"]
ASC = ["art-01", "art-02", "art-03", "art-04", "art-05", "art-06", "art-08", "art-07"]


def test_articles_order_and_pages(loaded: GraphStore) -> None:
    page = loaded.articles(first=3)
    assert ids_of(page.nodes) == DESC[:3] and page.total_count == 8 and page.has_next_page
    assert ids_of(all_pages(loaded.articles, first=3)) == DESC
    assert ids_of(all_pages(loaded.articles, first=3, order=ArticleOrder.PUBLISHED_ASC)) == ASC
    assert ids_of(all_pages(loaded.articles, first=1, order=ArticleOrder.PUBLISHED_ASC)) == ASC
    assert ids_of(all_pages(loaded.articles, first=8)) == DESC
    full = loaded.articles(first=8)
    assert not full.has_next_page
    # resume after each edge, including the undated one at the end
    for i, edge in enumerate(full.edges):
        rest = loaded.articles(first=10, after=edge.cursor)
        assert ids_of(rest.nodes) == DESC[i + 1:]
        assert rest.total_count == 8
    assert loaded.articles(first=3, after=full.edges[-1].cursor).nodes == []


@pytest.mark.parametrize(("filter", "expected"), [
    (ArticleFilter(mentions=(SOL.id,)), ["art-08", "art-06", "art-05", "art-04", "art-03", "art-01"]),
    (ArticleFilter(mentions=(HMC.id, WASH_G.id)), ["art-08", "art-04", "art-07"]),
    (ArticleFilter(mentions=("person:nobody",)), []),
    (ArticleFilter(mentions_all=(SOL.id, IRGC.id)), ["art-06", "art-03", "art-01"]),
    (ArticleFilter(mentions_all=(SOL.id, LIND.id)), ["art-08", "art-06", "art-05"]),
    (ArticleFilter(mentions_all=(SOL.id, "person:nobody")), []),
    (ArticleFilter(source=LEDGER), ["art-06", "art-03", "art-01"]),
    (ArticleFilter(source="Unknown Gazette"), []),
    (ArticleFilter(date_from=D("2020-01-10"), date_to=D("2020-02-01")), ["art-05", "art-04", "art-03"]),
    (ArticleFilter(date_from=D("2020-02-14")), ["art-08", "art-06"]),
    (ArticleFilter(date_to=D("2020-01-03")), ["art-01", "art-02"]),
    (ArticleFilter(text="commander"), ["art-06", "art-03", "art-01"]),
    (ArticleFilter(text="COMMANDER"), ["art-06", "art-03", "art-01"]),
    (ArticleFilter(text="Tehran visited"), ["art-03"]),
    (ArticleFilter(text="guard"), ["art-06", "art-03", "art-01", "art-02", "art-07"]),
    (ArticleFilter(text="near("), ["art-02"]),  # a word of a title, not a query operator
    (ArticleFilter(text='"OR"'), []),
    (ArticleFilter(text="-Baghdad"), ["art-01", "art-02"]),
    (ArticleFilter(text="comman"), []),  # whole words only
    (ArticleFilter(text="   "), DESC),  # no words: no text condition
    (ArticleFilter(mentions=(SOL.id,), source=LEDGER, date_from=D("2020-01-05")), ["art-06", "art-03"]),
    (ArticleFilter(mentions=(SOL.id,), source=LEDGER, date_from=D("2020-01-05"), text="praised"), ["art-03"]),
    (ArticleFilter(mentions=(LIND.id, MAHDI.id), mentions_all=(SOL.id, TEHRAN.id)), ["art-06", "art-03"]),
    (ArticleFilter(mentions=(IRGC.id,), date_from=D("2020-01-01")), ["art-06", "art-03", "art-01", "art-02"]),
    (ArticleFilter(source=WIRE), ["art-04", "art-07"]),
    (ArticleFilter(source=WIRE, date_to=D("2030-01-01")), ["art-04"]),
])
def test_articles_filters(loaded: GraphStore, filter: ArticleFilter, expected: list[str]) -> None:
    page = loaded.articles(filter, first=2)
    assert page.total_count == len(expected)
    assert ids_of(page.nodes) == expected[:2]
    assert page.has_next_page == (len(expected) > 2)
    assert ids_of(all_pages(loaded.articles, first=2, filter=filter)) == expected
    asc = all_pages(loaded.articles, first=2, filter=filter, order=ArticleOrder.PUBLISHED_ASC)
    assert sorted(ids_of(asc)) == sorted(expected)


def test_articles_bad_cursor(loaded: GraphStore) -> None:
    rel_cursor = loaded.relations(SOL.id, first=1).end_cursor
    for bad in ["nope", "!!!", "", "eyJ4Ijox", rel_cursor, "W10", "WyJhcnRpY2xlcyJd"]:
        with pytest.raises(QueryError):
            loaded.articles(first=2, after=bad)
    art_cursor = loaded.articles(first=1).end_cursor
    for bad in ["nope", art_cursor]:
        with pytest.raises(QueryError):
            loaded.relations(SOL.id, first=2, after=bad)
    assert issubclass(QueryError, KGError)


# --------------------------------------------------------------------------- across the graph


def test_shortest_path(loaded: GraphStore) -> None:
    zero = loaded.shortest_path(SOL.id, SOL.id)
    assert zero is not None and zero.entity_ids == (SOL.id,) and zero.relations == () and zero.length == 0
    one = loaded.shortest_path(LIND.id, SOL.id)
    # two relations link them: the heavier (the MEET of art-06 and art-08) is taken
    assert one is not None and one.entity_ids == (LIND.id, SOL.id) and one.relations == (REL[R_LMEET],)
    two = loaded.shortest_path(LIND.id, IRGC.id)
    assert two is not None and two.entity_ids == (LIND.id, SOL.id, IRGC.id)
    assert two.relations == (REL[R_LMEET], REL[R_CMD])
    back = loaded.shortest_path(IRGC.id, LIND.id)  # relations are walked in either direction
    assert back is not None and back.entity_ids == (IRGC.id, SOL.id, LIND.id)
    three = loaded.shortest_path(LIND.id, TEHRAN.id)
    assert three is not None and three.entity_ids == (LIND.id, SOL.id, MAHDI.id, TEHRAN.id)
    assert three.relations == (REL[R_LMEET], REL[R_MEET], REL[R_VISIT])  # MEET outweighs PRAISE
    assert loaded.shortest_path(LIND.id, TEHRAN.id, max_hops=2) is None
    assert loaded.shortest_path(LIND.id, TEHRAN.id, max_hops=3) == three
    assert loaded.shortest_path(LIND.id, BAGHDAD.id).length == 3
    assert loaded.shortest_path(KURD.id, HMC.id).entity_ids == (KURD.id, LIND.id, SOL.id, IRGC.id, HMC.id)
    assert loaded.shortest_path(KURD.id, HMC.id, max_hops=3) is None
    assert loaded.shortest_path(HMC.id, WASH_G.id) is None  # another component
    assert loaded.shortest_path(IRAQIS.id, SOL.id) is None  # no relations at all
    assert loaded.shortest_path("person:nobody", SOL.id) is None
    assert loaded.shortest_path("person:nobody", "person:nobody") is None
    assert loaded.shortest_path(SOL.id, LIND.id, max_hops=0) is None


def test_shortest_path_ties_take_the_smallest_ids(store: GraphStore) -> None:
    a, b, c, d = (entity(n, "PERSON") for n in ("Anna A", "Boris B", "Carla C", "Dmitri D"))
    store.write([build("t-1", ["Anna A met Carla C.", "Carla C met Dmitri D.", "Anna A met Boris B.",
                              "Dmitri D met Boris B."],
                       mentions=[M(a, ("Anna A",), (0, 2)), M(b, ("Boris B",), (2, 3)),
                                 M(c, ("Carla C",), (0, 1)), M(d, ("Dmitri D",), (1, 3))],
                       relations=[R(a, c, "MEET", "meet", 0), R(c, d, "MEET", "meet", 1),
                                  R(a, b, "MEET", "meet", 2), R(d, b, "MEET", "meet", 3)])])
    path = store.shortest_path(a.id, d.id)
    assert path is not None and path.entity_ids == (a.id, b.id, d.id)
    path = store.shortest_path(d.id, a.id)
    assert path is not None and path.entity_ids == (d.id, b.id, a.id)


def test_subgraph(loaded: GraphStore) -> None:
    one = loaded.subgraph([LIND.id], depth=1)
    assert ids_of(one.entities) == [LIND.id, SOL.id, KURD.id]  # nearest, then most mentioned
    assert one.entities[0] == ENTITIES[LIND.id]
    assert one.relations == tuple(REL[i] for i in sorted([R_NOMEET, R_TRAVEL, R_LMEET]))
    assert not one.truncated
    two = loaded.subgraph([LIND.id], depth=2)
    assert ids_of(two.entities) == [LIND.id, SOL.id, KURD.id, IRGC.id, MAHDI.id]
    assert [r.id for r in two.relations] == sorted([R_NOMEET, R_TRAVEL, R_LMEET, R_CMD, R_MEET, R_PRAISE])
    assert not two.truncated
    cut = loaded.subgraph([LIND.id], depth=2, limit=3)
    assert ids_of(cut.entities) == [LIND.id, SOL.id, KURD.id] and cut.truncated
    assert [r.id for r in cut.relations] == sorted([R_NOMEET, R_TRAVEL, R_LMEET])
    exact = loaded.subgraph([LIND.id], depth=1, limit=3)
    assert ids_of(exact.entities) == [LIND.id, SOL.id, KURD.id] and not exact.truncated
    zero = loaded.subgraph([LIND.id], depth=0)
    assert ids_of(zero.entities) == [LIND.id] and zero.relations == () and not zero.truncated
    pair = loaded.subgraph([WASH_P.id, IRAQIS.id, "person:nobody"], depth=1)
    assert ids_of(pair.entities) == [IRAQIS.id, WASH_P.id, WASH_G.id]
    assert pair.relations == (REL[R_ARRIVE],)
    far = loaded.subgraph([KURD.id], depth=10)
    assert set(ids_of(far.entities)) == {KURD.id, LIND.id, SOL.id, IRGC.id, MAHDI.id, BAGHDAD.id, TEHRAN.id,
                                         HMC.id}
    assert len(far.relations) == 9 and not far.truncated
    assert loaded.subgraph([], depth=2).entities == ()


def test_top_entities(loaded: GraphStore) -> None:
    top = loaded.top_entities(first=100)
    assert [t.entity.id for t in top] == [
        SOL.id, IRGC.id, MAHDI.id, LIND.id, HMC.id, BAGHDAD.id, KURD.id, TEHRAN.id,
        IRAQIS.id, COAL.id, WASH_P.id, WASH_G.id]
    assert [(t.mentions, t.articles) for t in top[:4]] == [(9, 6), (6, 5), (5, 3), (4, 3)]
    assert top[0].entity == ENTITIES[SOL.id] and top[0].previous == 0
    assert [t.entity.id for t in loaded.top_entities(first=3)] == [SOL.id, IRGC.id, MAHDI.id]
    people = loaded.top_entities(type="PERSON")
    assert [(t.entity.id, t.mentions) for t in people] == [
        (SOL.id, 9), (MAHDI.id, 5), (LIND.id, 4), (WASH_P.id, 1)]
    feb = loaded.top_entities(date_from=D("2020-02-01"), date_to=D("2020-02-29"), first=100)
    assert [(t.entity.id, t.mentions, t.articles) for t in feb] == [
        (LIND.id, 4, 3), (SOL.id, 4, 3), (IRGC.id, 1, 1), (WASH_P.id, 1, 1), (KURD.id, 1, 1),
        (TEHRAN.id, 1, 1), (WASH_G.id, 1, 1)]
    assert [t.entity.id for t in loaded.top_entities(type="GPE", date_from=D("2020-02-01"))] == [
        TEHRAN.id, WASH_G.id]
    assert [t.entity.id for t in loaded.top_entities(type="LOC")] == [KURD.id]
    # a bound excludes the undated article
    irgc = next(t for t in loaded.top_entities(date_to=D("2030-01-01"), first=100) if t.entity.id == IRGC.id)
    assert (irgc.mentions, irgc.articles) == (5, 4)
    assert loaded.top_entities(date_from=D("2021-01-01")) == []


def test_trending_entities(loaded: GraphStore) -> None:
    week = loaded.trending_entities(window_days=7, first=100)
    assert [(t.entity.id, t.mentions, t.articles, t.previous) for t in week] == [
        (LIND.id, 3, 2, 0), (SOL.id, 3, 2, 0), (IRGC.id, 1, 1, 0), (WASH_P.id, 1, 1, 0),
        (TEHRAN.id, 1, 1, 0), (WASH_G.id, 1, 1, 0)]
    fortnight = loaded.trending_entities(window_days=14, first=100)
    assert [(t.entity.id, t.mentions, t.previous, t.change) for t in fortnight] == [
        (LIND.id, 3, 1, 2), (IRGC.id, 1, 0, 1), (WASH_P.id, 1, 0, 1), (TEHRAN.id, 1, 0, 1),
        (WASH_G.id, 1, 0, 1)]
    assert fortnight[0].entity == ENTITIES[LIND.id]
    assert [t.entity.id for t in loaded.trending_entities(window_days=7, first=2)] == [LIND.id, SOL.id]


# --------------------------------------------------------------------------- write rules


def test_rewrite_is_idempotent(loaded: GraphStore) -> None:
    before = snapshot(loaded)
    again = loaded.write(world())
    assert again == WriteResult(written=0, unchanged=8, entities=0, relations=0, skipped=tuple(ALL_IDS))
    assert snapshot(loaded) == before


def test_force_rewrite_gives_the_same_graph(loaded: GraphStore) -> None:
    before = snapshot(loaded)
    ingested = loaded.articles_by_id(["art-01"])["art-01"].ingested_at
    forced = loaded.write(world(), force=True)
    assert forced == WriteResult(written=8, unchanged=0, entities=12, relations=15, skipped=())
    assert snapshot(loaded) == before
    assert loaded.articles_by_id(["art-01"])["art-01"].ingested_at >= ingested


def test_write_reports_mixed_batches(store: GraphStore) -> None:
    first = store.write([art01()])
    assert first == WriteResult(written=1, unchanged=0, entities=4, relations=2, skipped=())
    second = store.write([art01(), A["art-02"]])
    assert second == WriteResult(written=1, unchanged=1, entities=3, relations=1, skipped=("art-01",))
    assert store.write([]) == WriteResult()


def test_changed_article_replaces_its_old_support(store: GraphStore) -> None:
    changed = build(
        "art-01", ["Qassem Soleimani flew to Tehran.", "Nobody else was there."],
        title="Commander flies", url="https://ledger.example/2020/01/03/commander", source=COURIER,
        published=D("2020-01-04"),
        mentions=[M(SOL, ("Qassem Soleimani",), (0,)), M(TEHRAN, ("Tehran",), (0,))],
        relations=[R(SOL, TEHRAN, "TRAVEL_TO", "fly to", 0)])
    rest = [a for a in world() if a.article.id != "art-01"]
    store.write(world())
    result = store.write([changed])
    assert result == WriteResult(written=1, unchanged=0, entities=2, relations=1, skipped=())
    replaced = snapshot(store)
    store.clear()
    store.write([*rest, changed])
    assert replaced == snapshot(store)
    assert store.article_text("art-01") == changed.article.text
    assert store.sources() == [(COURIER, 3), (LEDGER, 2), (WIRE, 2)]


def test_same_article_twice_in_a_batch_keeps_the_last(store: GraphStore) -> None:
    changed = build("art-01", ["Soleimani spoke."], mentions=[M(SOL, ("Soleimani",), (0,))],
                    published=D("2020-01-03"))
    result = store.write([art01(), changed])
    assert result.written == 2
    assert store.article_text("art-01") == "Soleimani spoke."
    assert store.stats().entities == 1
    assert store.entities([SOL.id])[SOL.id].mention_count == 1


# every world article but art-05: deleting it cannot restore the type art-04 gave Kurdistan Region
@pytest.mark.parametrize("gone", [i for i in ALL_IDS if i != "art-05"])
def test_delete_equals_never_loaded(store: GraphStore, gone: str) -> None:
    store.write(world())
    assert store.delete_article(gone) is True
    assert store.delete_article(gone) is False
    after_delete = snapshot(store)
    store.clear()
    store.write([a for a in world() if a.article.id != gone])
    assert after_delete == snapshot(store)


def test_delete_updates_aggregates(loaded: GraphStore) -> None:
    assert loaded.delete_article("art-06")
    ents = loaded.entities([SOL.id, LIND.id, TEHRAN.id, IRGC.id])
    assert ents[SOL.id] == E(SOL, "PERSON", ("Soleimani",), 7, 5, "2020-01-03", "2020-02-20")
    assert ents[LIND.id] == E(LIND, "PERSON", (), 2, 2, "2020-02-01", "2020-02-20")
    assert ents[TEHRAN.id] == E(TEHRAN, "GPE", (), 1, 1, "2020-01-10", "2020-01-10")
    assert ents[IRGC.id] == E(IRGC, "ORG", ("Guard Corps", "IRGC"), 5, 4, "2020-01-03", "2020-01-10")
    rels = {r.id: r for r in loaded.relations(SOL.id, first=10).nodes}
    assert rels[R_CMD].weight == 2 and rels[R_LMEET].weight == 1
    assert loaded.co_mentions(LIND.id) == [CoMentionRecord(SOL.id, 2, 2), CoMentionRecord(WASH_P.id, 1, 0),
                                           CoMentionRecord(KURD.id, 1, 0), CoMentionRecord(WASH_G.id, 1, 0)]
    assert loaded.sources() == [(COURIER, 2), (LEDGER, 2), (WIRE, 2)]
    assert loaded.articles(ArticleFilter(text="calm")).total_count == 0


def test_orphans_vanish(loaded: GraphStore) -> None:
    assert loaded.delete_article("art-08")
    assert loaded.entities([WASH_P.id, WASH_G.id]) == {}
    assert loaded.lookup(["Washington"]) == {}
    assert loaded.search_entities("Washington") == []
    assert ("ARRIVE_IN", 1) not in loaded.relation_types()
    assert loaded.stats().last_published == D("2020-02-14")
    assert loaded.delete_article("art-07")
    assert loaded.entities([COAL.id]) == {}
    assert loaded.relations(HMC.id).total_count == 0
    assert loaded.sources() == [(LEDGER, 3), (COURIER, 2), (WIRE, 1)]
    assert loaded.delete_article("art-04")
    assert (WIRE, 1) not in loaded.sources() and len(loaded.sources()) == 2
    for i in ALL_IDS:
        loaded.delete_article(i)
    assert loaded.stats() == Stats(0, 0, {}, 0, 0, 0, None, None)
    assert loaded.relation_types() == [] and loaded.sources() == []
    assert loaded.lookup(["Soleimani", "IRGC"]) == {}


def test_delete_keeps_the_latest_type(loaded: GraphStore) -> None:
    assert loaded.delete_article("art-05")
    assert loaded.entities([KURD.id])[KURD.id] == E(KURD, "LOC", (), 1, 1, "2020-01-30", "2020-01-30")


def test_name_and_type_follow_the_latest_write(loaded: GraphStore) -> None:
    renamed = Entity(SOL.id, "Qasem Soleimani", "PERSON")
    kurd_gpe = Entity(KURD.id, KURD.name, "GPE")
    loaded.write([build("art-09", ["Qasem Soleimani left the Kurdistan Region."],
                        mentions=[M(renamed, ("Qasem Soleimani",), (0,)),
                                  M(kurd_gpe, ("Kurdistan Region",), (0,))],
                        published=D("2020-02-21"))])
    sol = loaded.entities([SOL.id])[SOL.id]
    assert sol.name == "Qasem Soleimani"
    assert sol.aliases == ("General Soleimani", "Qassem Soleimani", "Soleimani")
    assert loaded.entities([KURD.id])[KURD.id].type == "GPE"
    assert loaded.entity_by_name("qassem soleimani") == sol  # still an alias
    assert loaded.lookup(["Soleimani"])["Soleimani"][0].name == "Qasem Soleimani"


def test_same_name_different_kinds_stay_apart(loaded: GraphStore) -> None:
    got = loaded.entities([WASH_P.id, WASH_G.id])
    assert got[WASH_P.id].type == "PERSON" and got[WASH_G.id].type == "GPE"
    assert loaded.neighbors(WASH_P.id) == [NeighborRecord(WASH_G.id, 1, ("ARRIVE_IN",), 1)]


def test_order_independence(store: GraphStore) -> None:
    store.write(world())
    forward = snapshot(store, types=False)
    store.clear()
    for article in reversed(world()):
        store.write([article])
    assert snapshot(store, types=False) == forward


def test_entity_aliases_are_surfaces_and_entity_aliases(store: GraphStore) -> None:
    one = ExtractedArticle(
        article=A["art-02"].article,
        entities=(Entity(IRGC.id, IRGC.name, "ORG", aliases=("IRGC", "Sepah")),
                  Entity(BAGHDAD.id, "Baghdad", "GPE")),
        mentions=(Mention(IRGC.id, 1, ("IRGC", IRGC.name), 13, (0,)),
                  Mention(BAGHDAD.id, 1, ("Baghdad",), 29, (0,))),
        relations=(),
    )
    store.write([one])
    assert store.entities([IRGC.id])[IRGC.id].aliases == ("IRGC", "Sepah")
    assert store.lookup(["sepah"])["sepah"][0].id == IRGC.id


def test_duplicate_evidence_in_one_sentence_is_kept_once(store: GraphStore) -> None:
    art = build("dup-1", ["Soleimani praised Tehran."],
                mentions=[M(SOL, ("Soleimani",), (0,)), M(TEHRAN, ("Tehran",), (0,))],
                relations=[R(SOL, TEHRAN, "PRAISE", "praise", 0, confidence=0.4),
                           R(SOL, TEHRAN, "PRAISE", "praise", 0, confidence=0.9)])
    result = store.write([art])
    assert result.relations == 1
    (rel,) = store.relations(SOL.id).nodes
    assert rel.weight == 1 and len(rel.evidence) == 1 and rel.evidence[0].confidence == 0.4


def test_article_without_entities_is_stored(store: GraphStore) -> None:
    empty = build("bare-1", ["Nothing happened today."], mentions=[], source=WIRE, published=D("2020-03-01"))
    assert store.write([empty]).written == 1
    assert store.stats().articles == 1 and store.stats().entities == 0
    assert store.sources() == [(WIRE, 1)]
    assert ids_of(store.articles().nodes) == ["bare-1"]


def _bad_relation() -> ExtractedArticle:
    return build("art-bad", ["Soleimani went to Tehran."], mentions=[M(SOL, ("Soleimani",), (0,))],
                 relations=[R(SOL, TEHRAN, "TRAVEL_TO", "go to", 0)])  # Tehran is not among its entities


def _bad_mention() -> ExtractedArticle:
    good = _bad_relation()
    tehran = Mention(TEHRAN.id, 1, ("Tehran",), 18)
    return dataclasses.replace(good, relations=(), mentions=(*good.mentions, tehran))


def _bad_type() -> ExtractedArticle:
    good = _bad_relation()
    return dataclasses.replace(good, relations=(), entities=(Entity(SOL.id, SOL.name, "WIZARD"),))


def _unmentioned_entity() -> ExtractedArticle:
    good = _bad_relation()
    tehran = Entity(TEHRAN.id, "Tehran", "GPE")
    return dataclasses.replace(good, relations=(), entities=(*good.entities, tehran))


@pytest.mark.parametrize("make_bad", [_bad_relation, _bad_mention, _bad_type, _unmentioned_entity])
def test_a_failing_batch_leaves_nothing(store: GraphStore, make_bad: Callable[[], ExtractedArticle]) -> None:
    store.write([a for a in world() if a.article.id not in {"art-01", "art-05"}])
    before = snapshot(store)
    changed05 = dataclasses.replace(art05(), article=dataclasses.replace(art05().article, title="Changed"))
    with pytest.raises(InputError) as info:
        store.write([art01(), changed05, make_bad(), A["art-05"]])
    assert "art-bad" in str(info.value)
    assert snapshot(store) == before
    # the store still works, and the good articles go in on their own
    assert store.write([art01(), art05()]).written == 2


def _reference_path(edges: dict[tuple[str, str], list[tuple[int, str]]], source: str, target: str,
                    max_hops: int) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The path base.py asks for, the slow and obvious way: distances from both ends, then the
    smallest next entity id at each step; between two entities the heaviest relation, then the
    smallest id. ``edges``: (a, b) -> [(weight, relation id)], either direction."""
    adjacent: dict[str, set[str]] = {}
    for a, b in edges:
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)

    def distances(start: str) -> dict[str, int]:
        dist, frontier = {start: 0}, [start]
        while frontier:
            nxt = []
            for u in frontier:
                for v in adjacent.get(u, ()):
                    if v not in dist:
                        dist[v] = dist[u] + 1
                        nxt.append(v)
            frontier = nxt
        return dist

    to_target = distances(target)
    if source not in to_target or to_target[source] > max_hops or source not in adjacent:
        return None
    path = [source]
    while path[-1] != target:
        here = path[-1]
        path.append(min(v for v in adjacent[here] if to_target.get(v) == to_target[here] - 1))
    rels = []
    for a, b in itertools.pairwise(path):
        options = edges.get((a, b), []) + edges.get((b, a), [])
        rels.append(min(options, key=lambda o: (-o[0], o[1]))[1])
    return tuple(path), tuple(rels)


@pytest.mark.parametrize("seed", range(4))
def test_shortest_path_matches_a_reference(store: GraphStore, seed: int) -> None:
    rng = random.Random(seed)
    people = [entity(f"Person {chr(65 + i)}{seed}", "PERSON") for i in range(9)]
    edges: dict[tuple[str, str], list[tuple[int, str]]] = {}
    articles = []
    for k in range(14):
        a, b = rng.sample(people, 2)
        kind = rng.choice(["MEET", "CALL"])
        support = rng.choice([1, 1, 2])
        for s in range(support):
            articles.append(build(f"p{seed}-{k}-{s}", [f"{a.name} and {b.name} spoke."],
                                  mentions=[M(a, (a.name,), (0,)), M(b, (b.name,), (0,))],
                                  relations=[R(a, b, kind, "speak", 0)]))
        rel = rid(a, b, kind)
        weight = sum(1 for art in articles for r in art.relations if rid_of(r) == rel)
        options = [o for o in edges.get((a.id, b.id), []) if o[1] != rel]
        edges[a.id, b.id] = [*options, (weight, rel)]
    store.write(articles)
    for _ in range(12):
        s, t = rng.sample(people, 2)
        hops = rng.choice([1, 2, 3, 4])
        expected = _reference_path(edges, s.id, t.id, hops)
        got = store.shortest_path(s.id, t.id, max_hops=hops)
        if expected is None:
            assert got is None, (s.id, t.id, hops)
        else:
            assert got is not None, (s.id, t.id, hops)
            assert (got.entity_ids, tuple(r.id for r in got.relations)) == expected, (s.id, t.id, hops)


def rid_of(r: Any) -> str:
    return relation_id(r.source, r.target, r.type, r.negated)


@pytest.mark.parametrize("seed", range(3))
def test_any_history_equals_loading_what_is_left(store: GraphStore, seed: int) -> None:
    """Writes, rewrites (changed and forced), batches with repeats and deletes in a random order leave
    the graph a fresh load of the surviving articles gives: every aggregate is kept in step."""
    rng = random.Random(seed)
    pool = synthetic(12, seed=seed, entities=4, relations=3, vocabulary=10, sentences=4)
    changed = [dataclasses.replace(v, article=dataclasses.replace(v.article, id=p.article.id))
               for p, v in zip(pool, synthetic(12, seed=seed + 50, entities=4, relations=3, vocabulary=10,
                                               sentences=4), strict=True)]
    alive: dict[str, ExtractedArticle] = {}
    for _ in range(40):
        if rng.random() < 0.2 and alive:
            gone = rng.choice(sorted(alive))
            assert store.delete_article(gone)
            del alive[gone]
            continue
        batch = [rng.choice(rng.choice([pool, changed])) for _ in range(rng.randint(1, 4))]
        store.write(batch, force=rng.random() < 0.2)
        for art in batch:
            alive[art.article.id] = art
    after = snapshot(store)
    store.clear()
    store.write(list(alive.values()))
    assert snapshot(store) == after
