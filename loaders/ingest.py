"""Running the pipeline over inputs: ``kg extract`` (:func:`run_extract`) prints what extraction finds
without storing anything. Inputs are read by :func:`loaders.readers.iter_inputs`; each bad input is
reported once on the console and the others go on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

from rich.console import Console
from rich.markup import escape

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article, ExtractedArticle
from loaders.load import LoadReport, ingest_articles, run_load  # noqa: F401 - the loading entry points


def _articles(
    results: Iterable[Article | InputError], console: Console, errors: list[InputError]
) -> Iterator[Article]:
    for item in results:
        if isinstance(item, InputError):
            errors.append(item)
            console.print(f"[yellow]skipped[/] {escape(str(item))}", highlight=False, markup=True, soft_wrap=True)
        else:
            yield item


def run_extract(
    paths: list[str], settings: Settings, *, format: str = "json", out: IO[str], console: Console
) -> int:
    """Extract every article under ``paths`` and print it (json: one object per article, one per line
    when there are several; jsonl: one per line; table: rich tables). Returns the exit status: 1 when
    nothing could be read or extracted, else 0."""
    from loaders.extract import extract_articles
    from loaders.nlp import load_pipeline
    from loaders.readers import iter_inputs
    from loaders.serialize import extraction_dict

    nlp = load_pipeline(settings)
    errors: list[InputError] = []
    done = 0
    for result in extract_articles(_articles(iter_inputs(paths, settings), console, errors), nlp, settings):
        if isinstance(result, InputError):
            errors.append(result)
            console.print(f"[yellow]skipped[/] {escape(str(result))}", highlight=False, markup=True,
                          soft_wrap=True)
            continue
        done += 1
        if format == "table":
            print_tables(result, Console(file=out, width=160))
        else:
            out.write(json.dumps(extraction_dict(result), ensure_ascii=False) + "\n")
        out.flush()
    if done == 0:
        if not errors:
            console.print(f"no articles found in {escape(' '.join(paths))}", highlight=False)
        return 1
    return 0


def print_tables(ex: ExtractedArticle, console: Console) -> None:
    from rich.table import Table

    a = ex.article
    title = a.title or a.origin or a.id
    console.print(
        f"[bold]{escape(title)}[/]  {a.published or ''}  {escape(a.source or '')}  ({a.word_count} words)",
        highlight=False,
    )
    counts = {m.entity_id: m.count for m in ex.mentions}
    names = {e.id: e.name for e in ex.entities}
    entities = Table(title="Entities", show_lines=False)
    for col in ("type", "name", "mentions", "also written"):
        entities.add_column(col)
    order = sorted(ex.entities, key=lambda e: (e.type != "PERSON", -counts.get(e.id, 0), e.name))
    for e in order:
        others = ", ".join(s for s in e.aliases if s != e.name)
        entities.add_row(e.type, escape(e.name), str(counts.get(e.id, 0)), escape(others))
    console.print(entities)
    relations = Table(title="Relations")
    for col in ("source", "predicate", "target", "type", "date", "confidence"):
        relations.add_column(col)
    for r in ex.relations:
        predicate = f"not {r.predicate}" if r.negated else r.predicate
        relations.add_row(  # names and predicates are text of the article: never markup
            escape(names.get(r.source, r.source)),
            escape(predicate),
            escape(names.get(r.target, r.target)),
            r.type,
            r.date.isoformat() if r.date else "",
            f"{r.confidence:.2f}",
        )
    console.print(relations)
