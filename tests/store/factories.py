"""Hand-built ``ExtractedArticle``s for the store tests: a small world written by us, and a generator
of synthetic articles for timing writes.

The world (``world()``): 8 articles from 3 sources over January and February 2020, one without a
date (art-07), one without URL or source (art-08). Every figure the contract suite expects is worked
out by hand from the tables below, so keep ``tests/store/test_contract.py`` in step when changing it.

    art-01 2020-01-03 Daily Ledger   Soleimani COMMANDER_OF IRGC; Soleimani MEET Abdul Mahdi
    art-02 2020-01-03 Coast Courier  IRGC OPERATE_IN Baghdad (IRGC named only by its acronym)
    art-03 2020-01-10 Daily Ledger   Abdul Mahdi VISIT Tehran; Soleimani COMMANDER_OF IRGC;
                                     Abdul Mahdi PRAISE Soleimani
    art-04 2020-01-30 Northern Wire  Soleimani MEET Abdul Mahdi (two sentences); Kurdistan Region (GPE)
    art-05 2020-02-01 Coast Courier  Lindqvist MEET Soleimani, negated; Lindqvist TRAVEL_TO
                                     Kurdistan Region (LOC this time)
    art-06 2020-02-14 Daily Ledger   Lindqvist MEET Soleimani; Soleimani COMMANDER_OF IRGC
    art-07 (no date)  Northern Wire  High Military Committee ALLY_OF IRGC; international coalition
    art-08 2020-02-20 (no source)    Washington (person) ARRIVE_IN Washington (place);
                                     Lindqvist MEET Soleimani
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kg.model import (
    Article,
    Entity,
    ExtractedArticle,
    Mention,
    Relation,
    make_entity_id,
)

# --------------------------------------------------------------------------- builders


def entity(name: str, type_: str) -> Entity:
    return Entity(id=make_entity_id(type_, name), name=name, type=type_)


@dataclass(frozen=True)
class M:
    """A mention of ``entity`` in the sentences ``sentences`` (indexes), under ``surfaces``."""

    entity: Entity
    surfaces: tuple[str, ...]
    sentences: tuple[int, ...]
    count: int | None = None  # default: one per sentence
    type: str | None = None  # the type this article gives the entity (default: the entity's)
    first_offset: int | None = None  # default: where the first surface first occurs


@dataclass(frozen=True)
class R:
    """A relation stated by sentence ``sentence`` (index)."""

    source: Entity
    target: Entity
    type: str
    predicate: str
    sentence: int
    negated: bool = False
    confidence: float = 0.5
    date: date | None = None


def build(
    id: str,
    sentences: Sequence[str],
    *,
    mentions: Sequence[M],
    relations: Sequence[R] = (),
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: date | None = None,
    author: str | None = None,
) -> ExtractedArticle:
    """An extracted article whose text is ``sentences`` joined by spaces; offsets are computed."""
    text = " ".join(sentences)
    starts = []
    pos = 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 1
    article = Article(id=id, text=text, title=title, url=url, source=source, published=published,
                      author=author, origin=f"factories:{id}")
    entities = []
    mention_rows = []
    for m in mentions:
        type_ = m.type or m.entity.type
        aliases = tuple(s for s in m.surfaces if s != m.entity.name)
        entities.append(Entity(id=m.entity.id, name=m.entity.name, type=type_, aliases=aliases))
        offset = m.first_offset if m.first_offset is not None else text.find(m.surfaces[0])
        assert offset >= 0, (id, m.surfaces[0])
        mention_rows.append(Mention(entity_id=m.entity.id, count=m.count or len(m.sentences),
                                    surfaces=m.surfaces, first_offset=offset, sentences=m.sentences))
    relation_rows = [
        Relation(source=r.source.id, target=r.target.id, type=r.type, predicate=r.predicate,
                 sentence=sentences[r.sentence], start=starts[r.sentence],
                 end=starts[r.sentence] + len(sentences[r.sentence]), negated=r.negated,
                 confidence=r.confidence, date=r.date)
        for r in relations
    ]
    return ExtractedArticle(article=article, entities=tuple(entities), mentions=tuple(mention_rows),
                            relations=tuple(relation_rows))


# --------------------------------------------------------------------------- the world

SOL = entity("Qassem Soleimani", "PERSON")
MAHDI = entity("Adel Abdul Mahdi", "PERSON")
LIND = entity("Maria Lindqvist", "PERSON")
WASH_P = entity("Washington", "PERSON")
IRGC = entity("Islamic Revolutionary Guard Corps", "ORG")
HMC = entity("High Military Committee", "ORG")
COAL = entity("international coalition", "ORG")
BAGHDAD = entity("Baghdad", "GPE")
TEHRAN = entity("Tehran", "GPE")
KURD = entity("Kurdistan Region", "GPE")
WASH_G = entity("Washington", "GPE")
IRAQIS = entity("Iraqis", "NORP")

ALL_ENTITIES = (SOL, MAHDI, LIND, WASH_P, IRGC, HMC, COAL, BAGHDAD, TEHRAN, KURD, WASH_G, IRAQIS)

LEDGER, COURIER, WIRE = "Daily Ledger", "Coast Courier", "Northern Wire"
D = date.fromisoformat


def art01() -> ExtractedArticle:
    return build(
        "art-01",
        ["Qassem Soleimani is the commander of the Islamic Revolutionary Guard Corps.",
         "Soleimani met Adel Abdul Mahdi in Baghdad on Thursday.",
         "The IRGC did not comment."],
        title="Commander meets prime minister", url="https://ledger.example/2020/01/03/commander",
        source=LEDGER, published=D("2020-01-03"), author="R. Okafor",
        mentions=[M(SOL, ("Qassem Soleimani", "Soleimani"), (0, 1)),
                  M(IRGC, ("Islamic Revolutionary Guard Corps", "IRGC"), (0, 2)),
                  M(MAHDI, ("Adel Abdul Mahdi",), (1,)),
                  M(BAGHDAD, ("Baghdad",), (1,))],
        relations=[R(SOL, IRGC, "COMMANDER_OF", "commander of", 0, confidence=0.9),
                   R(SOL, MAHDI, "MEET", "meet", 1, confidence=0.8, date=D("2020-01-02"))],
    )


def art02() -> ExtractedArticle:
    return build(
        "art-02",
        ["Units of the IRGC operate in Baghdad, officials said.",
         "Many Iraqis watched the convoy."],
        title="Guard units seen near Baghdad", url="https://courier.example/news/baghdad-base",
        source=COURIER, published=D("2020-01-03"),
        mentions=[M(IRGC, ("IRGC",), (0,)),
                  M(BAGHDAD, ("Baghdad",), (0,)),
                  M(IRAQIS, ("Iraqis",), (1,))],
        relations=[R(IRGC, BAGHDAD, "OPERATE_IN", "operate in", 0, confidence=0.6)],
    )


def art03() -> ExtractedArticle:
    return build(
        "art-03",
        ["Adel Abdul Mahdi visited Tehran on January 8.",
         "Abdul Mahdi praised Soleimani, the commander of the Guard Corps."],
        title="Prime minister visits Tehran", url="https://ledger.example/2020/01/10/visit",
        source=LEDGER, published=D("2020-01-10"),
        mentions=[M(MAHDI, ("Adel Abdul Mahdi", "Abdul Mahdi"), (0, 1)),
                  M(TEHRAN, ("Tehran",), (0,)),
                  M(SOL, ("Soleimani",), (1,)),
                  M(IRGC, ("Guard Corps",), (1,))],
        relations=[R(MAHDI, TEHRAN, "VISIT", "visit", 0, confidence=0.7, date=D("2020-01-08")),
                   R(SOL, IRGC, "COMMANDER_OF", "commander of", 1, confidence=0.7),
                   R(MAHDI, SOL, "PRAISE", "praise", 1, confidence=0.6)],
    )


def art04() -> ExtractedArticle:
    return build(
        "art-04",
        ["Soleimani and Abdul Mahdi met in the Kurdistan Region.",
         "Soleimani met Abdul Mahdi again the next day.",
         "The High Military Committee was not informed."],
        title="Talks in the Kurdistan Region", url="https://wire.example/a/4",
        source=WIRE, published=D("2020-01-30"),
        mentions=[M(SOL, ("Soleimani",), (0, 1)),
                  M(MAHDI, ("Abdul Mahdi",), (0, 1)),
                  M(KURD, ("Kurdistan Region",), (0,), type="GPE"),
                  M(HMC, ("High Military Committee",), (2,))],
        relations=[R(SOL, MAHDI, "MEET", "meet", 0, confidence=0.8, date=D("2020-01-29")),
                   R(SOL, MAHDI, "MEET", "meet again", 1, confidence=0.5, date=D("2020-01-30"))],
    )


def art05() -> ExtractedArticle:
    return build(
        "art-05",
        ["Maria Lindqvist did not meet Soleimani, her office said.",
         "She travelled through the Kurdistan Region instead."],
        title="Envoy denies meeting", url="https://courier.example/news/denial",
        source=COURIER, published=D("2020-02-01"),
        mentions=[M(LIND, ("Maria Lindqvist",), (0,)),
                  M(SOL, ("Soleimani",), (0,)),
                  M(KURD, ("Kurdistan Region",), (1,), type="LOC")],
        relations=[R(LIND, SOL, "MEET", "meet", 0, negated=True, confidence=0.9),
                   R(LIND, KURD, "TRAVEL_TO", "travel through", 1, confidence=0.6)],
    )


def art06() -> ExtractedArticle:
    return build(
        "art-06",
        ["Maria Lindqvist met General Soleimani in Tehran.",
         "Lindqvist said Soleimani, the commander of the Islamic Revolutionary Guard Corps, was calm."],
        title="Envoy meets commander", url="https://ledger.example/2020/02/14/envoy",
        source=LEDGER, published=D("2020-02-14"),
        mentions=[M(LIND, ("Maria Lindqvist", "Lindqvist"), (0, 1)),
                  M(SOL, ("General Soleimani", "Soleimani"), (0, 1)),
                  M(TEHRAN, ("Tehran",), (0,)),
                  M(IRGC, ("Islamic Revolutionary Guard Corps",), (1,))],
        relations=[R(LIND, SOL, "MEET", "meet", 0, confidence=0.8, date=D("2020-02-13")),
                   R(SOL, IRGC, "COMMANDER_OF", "commander of", 1, confidence=0.6)],
    )


def art07() -> ExtractedArticle:
    return build(
        "art-07",
        ["The High Military Committee is an ally of the IRGC.",
         "The international coalition was not consulted."],
        title="Committee backs the Guard", url="https://wire.example/a/7",
        source=WIRE, published=None,
        mentions=[M(HMC, ("High Military Committee",), (0,)),
                  M(IRGC, ("IRGC",), (0,)),
                  M(COAL, ("international coalition",), (1,))],
        relations=[R(HMC, IRGC, "ALLY_OF", "ally of", 0, confidence=0.7)],
    )


def art08() -> ExtractedArticle:
    return build(
        "art-08",
        ["Washington arrived in Washington on Monday.",
         "Maria Lindqvist met Soleimani there as well."],
        title="Washington in Washington", url=None, source=None, published=D("2020-02-20"),
        mentions=[M(WASH_P, ("Washington",), (0,)),
                  M(WASH_G, ("Washington",), (0,), first_offset=22),
                  M(LIND, ("Maria Lindqvist",), (1,)),
                  M(SOL, ("Soleimani",), (1,))],
        relations=[R(WASH_P, WASH_G, "ARRIVE_IN", "arrive in", 0, confidence=0.9, date=D("2020-02-17")),
                   R(LIND, SOL, "MEET", "meet", 1, confidence=0.5)],
    )


WORLD_BUILDERS = (art01, art02, art03, art04, art05, art06, art07, art08)


def world() -> list[ExtractedArticle]:
    """The eight articles, in id (and load) order."""
    return [make() for make in WORLD_BUILDERS]


def by_id(article_id: str) -> ExtractedArticle:
    return next(a for a in world() if a.article.id == article_id)


# --------------------------------------------------------------------------- synthetic articles

_FIRST = ("Amir", "Lena", "Omar", "Sara", "Yusuf", "Nadia", "Karim", "Hana", "Tariq", "Mina", "Rami",
          "Leila", "Samir", "Dina", "Faris", "Zainab")
_LAST = ("Haddad", "Karimi", "Nasser", "Rahimi", "Saleh", "Tahir", "Yousef", "Zand", "Farouk", "Jabari",
         "Mansour", "Qasim", "Rostami", "Sharif", "Wahbi", "Azadi")
_ORG_WORDS = ("National", "Regional", "Central", "Popular", "United", "Northern", "Southern", "Eastern")
_ORG_HEADS = ("Council", "Front", "Ministry", "Brigade", "Authority", "Committee", "Party", "Agency")
_PLACES = ("Harbor", "Ridge", "Valley", "Plain", "Springs", "Falls", "Crossing", "Heights")
_VERBS = ("MEET", "CRITICIZE", "SUPPORT", "VISIT", "LEAD", "ACCUSE", "CALL", "NAME")


def _synthetic_entities(size: int, rng: random.Random) -> list[Entity]:
    out: list[Entity] = []
    for i in range(size):
        roll = i % 3
        if roll == 0:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}"
            out.append(entity(name, "PERSON"))
        elif roll == 1:
            name = f"{rng.choice(_ORG_WORDS)} {rng.choice(_ORG_HEADS)} {i}"
            out.append(entity(name, "ORG"))
        else:
            out.append(entity(f"{rng.choice(_PLACES)} {i}", "GPE"))
    return out


def synthetic(n: int, *, seed: int = 0, entities: int = 20, relations: int = 10, vocabulary: int = 20_000,
              sentences: int = 30, start: date = date(2019, 1, 1), days: int = 730) -> list[ExtractedArticle]:
    """``n`` made-up articles of ``sentences`` sentences, each mentioning ``entities`` entities drawn
    from a vocabulary of ``vocabulary`` with a skewed popularity (a few hubs, a long tail), and
    stating ``relations`` relations among them. Deterministic for a seed."""
    rng = random.Random(seed)
    pool = _synthetic_entities(vocabulary, rng)
    cum = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(vocabulary)))
    out: list[ExtractedArticle] = []
    for k in range(n):
        chosen: dict[str, Entity] = {}
        while len(chosen) < min(entities, vocabulary):
            e = rng.choices(pool, cum_weights=cum, k=1)[0]
            chosen[e.id] = e
        ents = list(chosen.values())
        lines = []
        for s in range(sentences):
            a, b = rng.sample(ents, 2)
            lines.append(f"Sentence {s}: {a.name} spoke about {b.name} in report number {k}.")
        mentions = []
        for e in ents:
            sents = tuple(sorted(rng.sample(range(sentences), rng.randint(1, 3))))
            mentions.append(M(e, (e.name,), sents, first_offset=0))
        rels = []
        for _ in range(relations):
            a, b = rng.sample(ents, 2)
            rels.append(R(a, b, rng.choice(_VERBS), "said", rng.randrange(sentences),
                          negated=rng.random() < 0.05, confidence=round(rng.random(), 2)))
        published = start + timedelta(days=rng.randrange(days)) if rng.random() > 0.02 else None
        out.append(build(f"syn-{seed}-{k:07d}", lines, mentions=mentions, relations=rels,
                         title=f"Synthetic report {k}", url=f"https://synthetic.example/{seed}/{k}",
                         source=f"Source {rng.randrange(40)}", published=published))
    return out
