"""From a processed ``Doc`` to an :class:`ExtractedArticle`: entities, mentions, relations, dates.

:func:`extract_doc` is a pure function of the doc, its article and the name tables;
:func:`extract_articles` runs the pipeline over many articles with ``nlp.pipe``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article, Entity, ExtractedArticle, Mention, Relation
from loaders.aliases import NameTables, clean_surface, load_tables, read_json
from loaders.components import ENTITY_LABELS
from loaders.dates import resolve_day
from loaders.resolve import MentionResolver, Surface

_PREFIXED_LABELS = frozenset({"ORG", "FAC"})


@lru_cache(maxsize=8)
def resolver_for(tables: NameTables) -> MentionResolver:
    return MentionResolver(tables)


@lru_cache(maxsize=1)
def _collective_id() -> str:
    return read_json("entity_filter.json")["collective_id"]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _country_prefixes(ents: list[Span], tables: NameTables, sent_of: list[int], collective: str) -> list[Surface]:
    """The country that begins an organisation's name is mentioned too, when the article names that
    country elsewhere: "U.S. State Department" names the United States, "Kenyan Ministry of Health"
    Kenya; "Pakistan News Network" alone adds no Pakistan. A collective actor's country is always
    mentioned: "Spanish police" names Spain."""
    named = {hit.name for e in ents if (hit := tables.lookup(e.text)) is not None}
    out = []
    for e in ents:
        if e.label_ not in _PREFIXED_LABELS or len(e) < 2:
            continue
        for n in range(min(3, len(e) - 1), 0, -1):
            prefix, rest = e[:n], e[n]
            hit = tables.lookup(prefix.text)
            described = e.ent_id_ == collective or (hit is not None and hit.name in named and rest.is_title)
            if hit is not None and hit.type == "GPE" and described:
                out.append(Surface(prefix.text, "GPE", prefix.start_char, prefix.end_char, sent_of[e.start]))
                break
    return out


def extract_doc(doc: Doc, article: Article, tables: NameTables) -> ExtractedArticle:
    """Everything the pipeline found in one article, resolved within the article."""
    text = doc.text
    sents = list(doc.sents)
    sent_of = [0] * len(doc)
    for n, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = n
    ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    collective = _collective_id()
    surfaces = [
        Surface(
            clean_surface(e.text),
            e.label_,
            e.start_char,
            e.end_char,
            sent_of[e.start],
            collective=e.ent_id_ == collective,
        )
        for e in ents
    ]
    surfaces += _country_prefixes(ents, tables, sent_of, collective)
    resolved = resolver_for(tables).resolve(surfaces, doc._.kg_acronyms or {})

    entities, mentions, id_at = [], [], {}
    for r in resolved:
        members = [surfaces[m] for m in r.members]
        entities.append(Entity(r.id, r.name, r.type, r.aliases))
        mentions.append(
            Mention(
                entity_id=r.id,
                count=len(members),
                surfaces=tuple(dict.fromkeys(s.text for s in members)),
                first_offset=min(s.start for s in members),
                sentences=tuple(sorted({s.sentence for s in members})),
            )
        )
        for m in r.members:
            if m < len(ents):
                id_at[ents[m].start] = r.id

    days: dict[int, date | None] = {}  # sentence index -> the first day it names
    timeline: set[date] = set()
    for e in doc.ents:
        if e.label_ == "DATE":
            day = resolve_day(e.text, article.published)
            if day is not None:
                timeline.add(day)
                days.setdefault(sent_of[e.start], day)

    relations, seen = [], set()
    for r in doc._.kg_relations or ():
        source, target = id_at.get(r["source"][0]), id_at.get(r["target"][0])
        if source is None or target is None or source == target:
            continue
        sent: Span = sents[sent_of[r["sentence"]]]
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        key = (source, target, r["type"], r["negated"], start)
        if key in seen:
            continue
        seen.add(key)
        relations.append(
            Relation(
                source=source,
                target=target,
                type=r["type"],
                predicate=r["predicate"],
                sentence=text[start:end],
                start=start,
                end=end,
                negated=bool(r["negated"]),
                confidence=float(r["confidence"]),
                date=days.get(sent_of[r["sentence"]]),
            )
        )
    return ExtractedArticle(
        article=article,
        entities=tuple(entities),
        mentions=tuple(mentions),
        relations=tuple(relations),
        dates=tuple(sorted(timeline)),
    )


def tables_for(settings: Settings) -> NameTables:
    return load_tables(str(settings.alias_file) if settings.alias_file else None)


def extract_articles(
    articles: Iterable[Article], nlp: Language, settings: Settings
) -> Iterator[ExtractedArticle | InputError]:
    """Run the pipeline over ``articles`` (``nlp.pipe`` with the settings' batch size and processes)
    and yield each article's extraction, in order. An article whose extraction fails yields an
    :class:`InputError` naming it; the others go on."""
    tables = tables_for(settings)
    stream = ((a.text[: settings.max_article_chars], a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=settings.batch_size, n_process=settings.processes):
        try:
            yield extract_doc(doc, article, tables)
        except Exception as exc:  # a bug on one article must not lose the others
            yield InputError(article.origin or article.id, f"extraction failed ({type(exc).__name__}: {exc})")
