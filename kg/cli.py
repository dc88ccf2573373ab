"""The ``kg`` command line: thin typer commands that parse options and call into loaders/ and schema/.

The heavy modules (spaCy, the stores' drivers, strawberry) are imported inside the commands, so that
``kg --help`` is instant and a missing optional piece only fails the command that needs it.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from kg.config import Settings, get_settings
from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="A knowledge graph of who did what to whom in news articles, with the evidence behind every edge.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True)


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


class StoreChoice(StrEnum):
    embedded = "embedded"
    neo4j = "neo4j"


class StatsFormat(StrEnum):
    table = "table"
    json = "json"


StoreOption = Annotated[
    StoreChoice | None,
    typer.Option("--store", help="graph store (default: KG_STORE, else embedded)", show_default=False),
]
PATHS_HELP = "files, folders, feeds (.xml/.rss/.atom), .json/.jsonl, .gz of these, or - for stdin"
PathsArgument = Annotated[list[str], typer.Argument(help=PATHS_HELP)]


def _settings(store: StoreChoice | None = None, **overrides: object) -> Settings:
    settings = get_settings()
    updates = {k: v for k, v in overrides.items() if v is not None}
    if store is not None:
        updates["store"] = store.value
    return settings.model_copy(update=updates) if updates else settings


def _fail(exc: BaseException, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True)
    return typer.Exit(code)


@app.command()
def extract(
    paths: PathsArgument,
    format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="json: one object for one article; jsonl: one per line; table: people and relations",
    )] = OutputFormat.json,
    model: Annotated[str | None, typer.Option(help="spaCy model (default: KG_SPACY_MODEL)")] = None,
    processes: Annotated[int | None, typer.Option(help="nlp.pipe worker processes")] = None,
) -> None:
    """Read and extract articles without storing anything; print entities and relations."""
    from loaders.ingest import run_extract

    settings = _settings(spacy_model=model, processes=processes)
    try:
        code = run_extract(paths, settings, format=format.value, out=sys.stdout, console=err)
    except KGError as exc:
        raise _fail(exc) from None
    raise typer.Exit(code)


@app.command()
def load(
    paths: Annotated[list[str] | None, typer.Argument(help=PATHS_HELP)] = None,
    store: StoreOption = None,
    force: Annotated[bool, typer.Option(help="re-extract and rewrite articles even when unchanged")] = False,
    report: Annotated[Path | None, typer.Option(help="where to write the report of failed inputs (JSON Lines)")] = None,
    retry_failed: Annotated[Path | None, typer.Option("--retry-failed", help="re-run only the inputs listed "
                                                      "as failed in this report file")] = None,
    batch_size: Annotated[int | None, typer.Option(help="articles per batch (default: KG_BATCH_SIZE)")] = None,
    processes: Annotated[int | None, typer.Option(help="nlp.pipe worker processes")] = None,
) -> None:
    """Read, extract and write articles to the graph store, in batches, with a progress bar."""
    from loaders.load import run_load

    settings = _settings(store, batch_size=batch_size, processes=processes)
    try:
        code = run_load(paths or [], settings, force=force, report_path=report, retry_failed=retry_failed,
                        console=err)
    except KGError as exc:
        raise _fail(exc) from None
    raise typer.Exit(code)


@app.command()
def delete(
    article_ids: Annotated[list[str], typer.Argument(help="ids of the articles to delete")],
    store: StoreOption = None,
) -> None:
    """Delete articles; relations and entities left with no support go with them."""
    from kg.store import open_store

    settings = _settings(store)
    missing = 0
    try:
        graph = open_store(settings)
        try:
            for article_id in article_ids:
                if graph.delete_article(article_id):
                    err.print(f"deleted {escape(article_id)}", highlight=False)
                else:
                    missing += 1
                    err.print(f"[yellow]no article {escape(repr(article_id))} in the {graph.name} store[/]",
                              highlight=False)
        finally:
            graph.close()
    except KGError as exc:
        raise _fail(exc) from None
    raise typer.Exit(1 if missing == len(article_ids) else 0)


@app.command()
def stats(
    store: StoreOption = None,
    format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table,
) -> None:
    """Counts of articles, entities (by type), relations, mentions and sources."""
    from kg.store import open_store

    settings = _settings(store)
    try:
        graph = open_store(settings)
        try:
            s = graph.stats()
        finally:
            graph.close()
    except KGError as exc:
        raise _fail(exc) from None
    data = {
        "articles": s.articles, "entities": s.entities, "entities_by_type": s.entities_by_type,
        "relations": s.relations, "mentions": s.mentions, "sources": s.sources,
        "first_published": s.first_published.isoformat() if s.first_published else None,
        "last_published": s.last_published.isoformat() if s.last_published else None,
    }
    if format is StatsFormat.json:
        typer.echo(json.dumps(data))
        return
    from rich.table import Table

    table = Table(title=f"kg graph ({settings.store})", show_header=False)
    for key in ("articles", "entities", "relations", "mentions", "sources", "first_published", "last_published"):
        table.add_row(key.replace("_", " "), str(data[key]))
    for type_, n in sorted(s.entities_by_type.items()):
        table.add_row(f"  {type_}", str(n))
    Console().print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    store: StoreOption = None,
    reload: Annotated[bool, typer.Option(help="reload on code changes (development)")] = False,
) -> None:
    """Serve the GraphQL API and its playground at http://HOST:PORT/graphql."""
    from schema.app import serve as serve_app

    settings = _settings(store)
    try:
        serve_app(settings, host=host, port=port, reload=reload)
    except KGError as exc:
        raise _fail(exc) from None


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
             add_help_option=False)
def bench(ctx: typer.Context) -> None:
    """Run the benchmark suite of a source checkout (python -m bench): its options follow, e.g.
    kg bench --sizes 1000 --stores embedded; kg bench --quick; kg bench --help."""
    checkout = Path(__file__).resolve().parents[1]  # bench/ sits beside kg/ in a checkout
    if (checkout / "bench" / "__main__.py").is_file() and str(checkout) not in sys.path:
        sys.path.insert(0, str(checkout))
    try:
        from bench.__main__ import main as run_bench
    except ImportError:
        raise _fail(KGError("the benchmark suite (bench/) is part of the source repository, not of an "
                            "installed kg: run `kg bench` (or `python -m bench`) in a checkout")) from None
    raise typer.Exit(run_bench(list(ctx.args)))


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="kg")
