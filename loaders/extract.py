"""From a processed ``Doc`` to an :class:`ExtractedArticle`: entities, mentions, relations, dates.

:func:`extract_doc` is a pure function of the doc, its article and the name tables;
:func:`extract_articles` runs the pipeline over many articles with ``nlp.pipe``, in worker processes
when the settings ask for more than one.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import date
from functools import lru_cache

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article, Entity, EntityType, ExtractedArticle, Mention, Relation
from loaders.aliases import NameTables, clean_surface, load_tables, name_key, read_json
from loaders.clean import byline_people
from loaders.components import ENTITY_LABELS, HEADLINE_KEY, ORG_KB_ID
from loaders.dates import resolve_day
from loaders.resolve import MentionResolver, Resolved, Surface

_PREFIXED_LABELS = frozenset({"ORG", "FAC"})


@lru_cache(maxsize=8)
def resolver_for(tables: NameTables) -> MentionResolver:
    return MentionResolver(tables)


@lru_cache(maxsize=1)
def _collective_id() -> str:
    return read_json("entity_filter.json")["collective_id"]


#: Prepositions after which a name NER calls a place is one ("a congress in Kuressaare"); not "to" or
#: "from", which also take companies and teams ("sold to", "a transfer from").
_LOCATIVES = frozenset({"in", "near", "outside", "around", "across", "throughout"})


@lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str]:
    return frozenset(read_json("kinds.json")["place_of_nouns"])  # "the town of", "the mayor of"


def _located(e: Span) -> bool:
    """Whether the words before a name NER calls a place say it is one: a locative preposition ("in
    Kuressaare") or a place noun and "of" ("the port city of Turkmenbashi", "the mayor of Sopot")."""
    if e.label_ not in ("GPE", "LOC") or e.start == 0:
        return False
    doc = e.doc
    before = doc[e.start - 1]
    if before.lower_ in _LOCATIVES:
        return True
    return before.lower_ == "of" and e.start >= 2 and doc[e.start - 2].lower_ in _place_nouns()


def _led(e: Span) -> bool:
    """ "the Saudi-led coalition", "a US-backed alliance": a collective whose leader the words before
    name."""
    doc = e.doc
    return e.start >= 2 and doc[e.start - 1].lower_ in ("led", "backed") and doc[e.start - 2].text == "-"


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


#: Words a headline in title case writes in lower case ("Rebels Close In on Bunia as the Army ...").
_HEADLINE_SMALL = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
                             "with", "over", "after", "into", "vs", "v"})
_TITLE_CASE_SHARE = 0.7


def headline(article: Article) -> str:
    """The article's title when its words are worth reading for names: a headline in sentence case
    ("Zambian government and Kafue Basin Copper clash over royalty bill"). A headline in title case
    capitalises every word, so that NER would take its words for names: it is left out ("")."""
    title = (article.title or "").strip()
    words = [w for w in title.split() if w[:1].isalpha() and w.casefold() not in _HEADLINE_SMALL]
    if len(words) < 3 or sum(w[:1].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words):
        return ""
    return title


def _headline_mentions(
    head: Doc, resolved: list[Resolved], surfaces: list[Surface], tables: NameTables
) -> list[Resolved]:
    """The headline's names are mentions of the text's entities ("Zambian" of Zambia, "CIP" of its long
    form, "Koszyk" of the company the text calls so), or of what the tables know (a country only the
    headline names is an entity, mentioned at offset 0 in no sentence); they change no entity's name or
    type, and any other name only the headline has is left out (NER reads headlines poorly: "Leeds 3-2
    Newcastle" as a person)."""
    by_alias: dict[str, int] = {}
    for n, r in enumerate(resolved):
        for alias in (r.name, *r.aliases):
            by_alias.setdefault(name_key(alias), n)
    out = list(resolved)
    for e in head.ents:
        if e.label_ not in ENTITY_LABELS:
            continue
        text = clean_surface(e.text)
        n = by_alias.get(name_key(text))
        hit = tables.lookup(text) if n is None else None
        if n is None and hit is not None:
            n = by_alias.get(name_key(hit.name))
            if n is None:
                out.append(Resolved(hit.name, hit.type, (), ()))
                n = by_alias[name_key(hit.name)] = len(out) - 1
        if n is None:
            continue
        surfaces.append(Surface(text, e.label_, -1, -1, -1))  # before the text: no offset, no sentence
        r = out[n]
        out[n] = replace(r, members=(*r.members, len(surfaces) - 1), aliases=tuple(dict.fromkeys((*r.aliases, text))))
    return [r for r in out if r.members]


def _byline_people(
    author: str, resolved: list[Resolved], surfaces: list[Surface], tables: NameTables
) -> list[Resolved]:
    """The people who signed the article ("By Jane Roe and John Doe, Political Correspondent") are
    people of the article, mentioned before the text (no offset, no sentence): the text's own entity of
    that name, or a new person; a title before the name is left out ("Dr. Helen MacAulay"), and a part
    of the byline that is a place or an organisation ("Nimba County", "Associated Press") is no person."""
    rules = resolver_for(tables).rules
    endings = (rules.org_designators, rules.place_designators, rules.fac_designators,
               rules.institution_designators, rules.outlet_words)  # "Nimba County", "Mountain Courier"
    out = list(resolved)
    by_alias = {name_key(alias): n for n, r in enumerate(out) for alias in (r.name, *r.aliases)}
    for name in byline_people(author):
        words = name.split()
        while len(words) > 2 and tables.is_title(words[0]):
            words.pop(0)
        name = " ".join(words)
        last = words[-1].casefold()
        if tables.lookup(name) is not None or tables.is_place(name) or any(last in kind for kind in endings):
            continue
        surfaces.append(Surface(name, EntityType.PERSON, -1, -1, -1))
        n = by_alias.get(name_key(name))
        if n is None:
            out.append(Resolved(name, EntityType.PERSON, (len(surfaces) - 1,), (name,)))
            by_alias[name_key(name)] = len(out) - 1
        else:
            r = out[n]
            out[n] = replace(r, members=(*r.members, len(surfaces) - 1))
    return out


def _untitled(ent: Span, tables: NameTables) -> Span:
    """A person's name without the titles and ranks a later step left in front of it ("Major
    Davlatmand Nazarshoev" once a context made the organisation NER saw a person)."""
    if ent.label_ != "PERSON":
        return ent
    start = ent.start
    doc = ent.doc
    while start < ent.end - 1 and (
        doc[start].text == "." or (doc[start].is_title and tables.is_title(doc[start].text))
    ):
        start += 1
    return ent if start == ent.start else Span(doc, start, ent.end, label=ent.label, kb_id=ent.kb_id, span_id=ent.id)


def _doc_text(doc: Doc, article: Article) -> str:
    """The doc's text: the start of the article's text it was made from (``Doc.text`` rebuilds it token
    by token, which costs more than all of resolution), else ``Doc.text``."""
    if not len(doc):
        return ""
    last = doc[-1]
    end = last.idx + len(last.text_with_ws)
    text = article.text[:end]
    return text if len(text) == end and text.endswith(last.text_with_ws) and text[: len(doc[0].text)] == doc[0].text \
        else doc.text


def extract_doc(doc: Doc, article: Article, tables: NameTables, head: Doc | None = None) -> ExtractedArticle:
    """Everything the pipeline found in one article, resolved within the article; ``head``, the
    pipeline's reading of its :func:`headline`, adds the headline's mentions."""
    text = _doc_text(doc, article)
    sents = list(doc.sents)
    sent_of = (numpy.cumsum(doc.to_array(SENT_START) == 1) - 1).clip(min=0).tolist() if len(doc) else []
    all_ents = doc.ents  # the getter builds every span anew: read it once
    found = [e for e in all_ents if e.label_ in ENTITY_LABELS]  # relations point at these spans' starts
    ents = [_untitled(e, tables) for e in found]
    collective = _collective_id()
    surfaces = [
        Surface(
            clean_surface(e.text),
            e.label_,
            e.start_char,
            e.end_char,
            sent_of[e.start],
            collective=e.ent_id_ == collective,
            context_org=e.kb_id_ == ORG_KB_ID,
            located=_located(e),
            led=e.ent_id_ == collective and _led(e),
        )
        for e in ents
    ]
    surfaces += _country_prefixes(ents, tables, sent_of, collective)
    resolved = resolver_for(tables).resolve(surfaces, doc._.kg_acronyms or {})
    if head is not None:
        resolved = _headline_mentions(head, resolved, surfaces, tables)
    if article.author:
        resolved = _byline_people(article.author, resolved, surfaces, tables)

    entities, mentions, id_at = [], [], {}
    for r in resolved:
        members = [surfaces[m] for m in r.members]
        entities.append(Entity(r.id, r.name, r.type, r.aliases))
        mentions.append(
            Mention(
                entity_id=r.id,
                count=len(members),
                surfaces=tuple(dict.fromkeys(s.text for s in members)),
                first_offset=min((s.start for s in members if s.start >= 0), default=0),
                sentences=tuple(sorted({s.sentence for s in members if s.sentence >= 0})),
            )
        )
        for m in r.members:
            if m < len(found):
                id_at[found[m].start] = r.id

    days: dict[int, date | None] = {}  # sentence index -> the first day it names
    timeline: set[date] = set()
    for e in all_ents:
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
    """Run the pipeline over ``articles`` and yield each article's extraction, in order. An article
    whose extraction fails yields an :class:`InputError` naming it; the others go on.

    With ``processes`` > 1, worker processes each take a batch of articles and do everything, the
    pipeline and the resolution, and send back the (small) extractions, not the docs: the parent only
    hands out batches, at most two per worker ahead of what it has yielded. A worker that dies (killed
    for memory, say) loses its batch, whose articles yield an :class:`InputError` each; the rest are
    extracted in this process."""
    if settings.processes <= 1:
        yield from _extract_here(articles, nlp, settings)
        return
    one = settings.model_copy(update={"processes": 1})
    batches = _batches(articles, settings.batch_size)
    while True:
        unfinished = yield from _in_workers(batches, nlp, one, settings.processes)
        if unfinished is None:
            return
        for batch in unfinished:  # a worker died: each batch it may have held, alone in a worker of its own
            lone = yield from _in_workers(iter([batch]), nlp, one, 1)
            for article in lone[0] if lone else ():
                yield InputError(article.origin or article.id, "extraction failed (its worker process died)")


def _in_workers(
    batches: Iterator[list[Article]], nlp: Language, settings: Settings, processes: int
) -> Generator[ExtractedArticle | InputError, None, list[list[Article]] | None]:
    """Extract ``batches`` in ``processes`` worker processes, in order; return ``None`` when all are
    done, or the batches not yet yielded when a worker died (``batches`` goes on from there)."""
    forked = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forked else "spawn")
    # a forked worker inherits the loaded pipeline; a spawned one loads its own from the settings
    initargs = (nlp if forked else None, settings.model_dump_json())
    pending: deque[tuple[list[Article], Future[list[ExtractedArticle | InputError]]]] = deque()
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=initargs) as pool:
        try:
            for batch in itertools.chain(batches, [None]):
                if batch is not None:
                    pending.append((batch, pool.submit(_extract_batch, batch)))
                while pending and (batch is None or len(pending) > 2 * processes):
                    results = pending[0][1].result()
                    pending.popleft()
                    yield from results
        except BrokenProcessPool:
            return [b for b, _ in pending]
    return None


#: The pipeline and settings of this worker process (see :func:`extract_articles`), set once when it starts.
_WORKER: tuple[Language, Settings] | None = None


def _start_worker(nlp: Language | None, settings_json: str) -> None:
    global _WORKER
    settings = Settings.model_validate_json(settings_json)
    if nlp is None:  # a spawned worker loads its own pipeline
        from loaders.nlp import load_pipeline

        nlp = load_pipeline(settings)
    _WORKER = (nlp, settings)


def _extract_batch(batch: list[Article]) -> list[ExtractedArticle | InputError]:
    assert _WORKER is not None
    nlp, settings = _WORKER
    return list(_extract_here(batch, nlp, settings))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_here(
    articles: Iterable[Article], nlp: Language, settings: Settings
) -> Iterator[ExtractedArticle | InputError]:
    """The pipeline (``nlp.pipe`` with the settings' batch size, in this process) and resolution."""
    tables = tables_for(settings)
    head: Doc | None = None
    for doc, (article, is_headline) in nlp.pipe(
        _texts(articles, nlp, settings), as_tuples=True, batch_size=settings.batch_size
    ):
        if is_headline:
            head = doc  # its article's text comes next
            continue
        try:
            yield extract_doc(doc, article, tables, head)
        except Exception as exc:  # a bug on one article must not lose the others
            yield InputError(article.origin or article.id, f"extraction failed ({type(exc).__name__}: {exc})")
        head = None


def _texts(
    articles: Iterable[Article], nlp: Language, settings: Settings
) -> Iterator[tuple[str | Doc, tuple[Article, bool]]]:
    """What the pipeline reads: each article's headline worth reading (see :func:`headline`), marked
    as one (only its names are read: see ``HEADLINE_KEY``), then its text cut to ``max_article_chars``."""
    for a in articles:
        title = headline(a)
        if title:
            head = nlp.make_doc(title)
            head.user_data[HEADLINE_KEY] = True
            yield head, (a, True)
        yield a.text[: settings.max_article_chars], (a, False)
