"""Loading articles into a graph store: read, skip what did not change, extract, resolve, write.

:func:`ingest_articles` is the one code path behind ``kg load`` and the API's ``ingestArticle``:

* articles already stored with the same content hash are skipped before extraction (re-runs are cheap
  and change nothing), unless ``force``;
* extraction streams through one ``nlp.pipe`` (batching, worker processes from settings);
* a writer thread resolves each batch against the store and writes it in one transaction while the
  next batch is being extracted, so that writing overlaps extraction instead of adding to it;
* a store that stops answering is retried with backoff, then the load stops with
  :class:`StoreUnavailable` (what was written stays written; re-running completes the load);
* a batch the store rejects for its data is split until the offending article is found; that article
  is reported as failed and the others are written. One bad article never loses the others.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from kg.config import Settings
from kg.errors import InputError, KGError, StoreUnavailable
from kg.model import Article, ExtractedArticle
from kg.store.base import GraphStore


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be loaded: what it was, where to find it again, and why."""

    input: str  # as precise as known: "feed.xml#entry 3", "a.jsonl:12", "samples/x.txt"
    path: str  # the file (or "-") to read again to retry it
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"input": self.input, "path": self.path, "reason": self.reason}


@dataclass(slots=True)
class LoadReport:
    read: int = 0  # articles read
    written: int = 0  # articles new or changed, written
    unchanged: int = 0  # articles skipped because the store already has them as they are
    entities: int = 0  # entity mentions written (entities per article, summed)
    relations: int = 0  # relation evidence written
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # ids of the articles written, in order
    started: float = field(default_factory=time.perf_counter)
    write_s: float = 0.0  # time spent resolving and writing (overlaps extraction)
    wait_s: float = 0.0  # time extraction waited for the writer: writing that did not overlap
    finished: float | None = None

    @property
    def elapsed_s(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    @property
    def rate(self) -> float:
        """Articles handled (written or unchanged) per second."""
        elapsed = self.elapsed_s
        return (self.written + self.unchanged) / elapsed if elapsed > 0 else 0.0


ProgressCallback = Callable[[LoadReport], None]
#: Told before each wait for a retry: the store's error, the seconds to wait, the retry's number (1-based).
RetryCallback = Callable[[StoreUnavailable, float, int], None]

#: Entities one article may have. The pairs of its entities (co-mentions) grow with the square: a
#: roster of 6,600 names made 22 million pairs, 42 s and 2 GB before any write. News articles name far
#: fewer; a text with more is refused (reported as failed) rather than written.
MAX_ENTITIES = 1000

#: Seconds to wait before each retry of a write when the store is unavailable.
RETRY_DELAYS_S: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)


def path_of(origin: str) -> str:
    """The file part of an origin ("a.jsonl:12" -> "a.jsonl", "feed.xml#entry 3" -> "feed.xml")."""
    for sep in ("#", ":"):
        head, found, tail = origin.rpartition(sep)
        if found and head and (sep == "#" or tail.isdigit()):
            return head
    return origin


def _failure(err: InputError) -> Failure:
    return Failure(err.source, path_of(err.source), err.reason)


class _Writer:
    """Resolves and writes batches on a thread of its own, in order, one transaction per batch."""

    def __init__(self, store: GraphStore, report: LoadReport, *, force: bool,
                 progress: ProgressCallback | None, retry_delays: Sequence[float],
                 on_retry: RetryCallback | None = None) -> None:
        self.store = store
        self.report = report
        self.force = force
        self.progress = progress
        self.retry_delays = retry_delays
        self.on_retry = on_retry
        self.error: BaseException | None = None
        self.lock = threading.Lock()
        self._queue: queue.Queue[list[ExtractedArticle] | None] = queue.Queue(maxsize=2)
        self._thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)
        self._thread.start()

    def put(self, batch: list[ExtractedArticle]) -> None:
        start = time.perf_counter()
        while self.error is None:
            try:
                self._queue.put(batch, timeout=0.2)
                break
            except queue.Full:
                continue
        self.report.wait_s += time.perf_counter() - start
        self.raise_error()

    def close(self) -> None:
        start = time.perf_counter()
        if self.error is None:
            self._queue.put(None)
        self._thread.join()
        self.report.wait_s += time.perf_counter() - start
        self.raise_error()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        from loaders.resolve import resolve_against_store

        while True:
            batch = self._queue.get()
            if batch is None:
                return
            start = time.perf_counter()
            try:
                resolved = self._with_retry(lambda b=batch: resolve_against_store(b, self.store))
                self._write(resolved)
            except BaseException as exc:  # handed to the main thread, which re-raises it
                self.error = exc
                return
            finally:
                self.report.write_s += time.perf_counter() - start
            if self.progress:
                self.progress(self.report)

    def _with_retry(self, call):
        for attempt, delay in enumerate((*self.retry_delays, None), 1):
            try:
                return call()
            except StoreUnavailable as exc:
                if delay is None:
                    raise
                if self.on_retry:
                    self.on_retry(exc, delay, attempt)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _write(self, batch: list[ExtractedArticle]) -> None:
        """Write ``batch``; on a data error, split it until the bad articles are isolated."""
        if not batch:
            return
        try:
            result = self._with_retry(lambda: self.store.write(batch, force=self.force))
        except StoreUnavailable:
            raise
        except (KGError, ValueError, TypeError, OverflowError) as exc:
            if len(batch) == 1:
                origin = batch[0].article.origin or batch[0].article.id
                with self.lock:
                    self.report.failures.append(Failure(origin, path_of(origin), f"not written: {exc}"))
                return
            middle = len(batch) // 2
            self._write(batch[:middle])
            self._write(batch[middle:])
            return
        skipped = set(result.skipped)
        with self.lock:
            self.report.written += result.written
            self.report.unchanged += result.unchanged
            for item in batch:
                if item.article.id in skipped:
                    continue
                self.report.article_ids.append(item.article.id)
                self.report.entities += len(item.entities)
                self.report.relations += len(item.relations)


def ingest_articles(
    articles: Iterable[Article | InputError],
    store: GraphStore,
    settings: Settings,
    *,
    force: bool = False,
    progress: ProgressCallback | None = None,
    nlp: object | None = None,
    retry_delays: Sequence[float] = RETRY_DELAYS_S,
    on_retry: RetryCallback | None = None,
) -> LoadReport:
    """Extract and write ``articles`` (read errors among them are recorded as failures) to ``store``.

    Raises :class:`StoreUnavailable` when the store stays unreachable through the retries; everything
    written before that stays written, so running the same load again completes it.
    """
    from loaders.extract import extract_articles
    from loaders.nlp import load_pipeline

    report = LoadReport()
    pipeline = nlp if nlp is not None else load_pipeline(settings)
    writer = _Writer(store, report, force=force, progress=progress, retry_delays=retry_delays,
                     on_retry=on_retry)
    batch: list[ExtractedArticle] = []
    try:
        changed = _changed_only(articles, store, settings, report, force=force, progress=progress,
                                retry=writer._with_retry)
        for result in extract_articles(changed, pipeline, settings):  # type: ignore[arg-type]
            if isinstance(result, InputError):
                report.failures.append(_failure(result))
                continue
            if len(result.entities) > MAX_ENTITIES:
                origin = result.article.origin or result.article.id
                report.failures.append(Failure(origin, path_of(origin), (
                    f"not written: {len(result.entities):,} entities, more than the {MAX_ENTITIES:,} an article "
                    "may have (a list or a directory rather than an article?); split it into articles")))
                continue
            batch.append(result)
            if len(batch) >= settings.batch_size:
                writer.put(batch)
                batch = []
        if batch:
            writer.put(batch)
        writer.close()
    except BaseException:
        writer.error = writer.error or StoreUnavailable("load interrupted")
        raise
    finally:
        report.finished = time.perf_counter()
    if progress:
        progress(report)
    return report


def _changed_only(
    articles: Iterable[Article | InputError],
    store: GraphStore,
    settings: Settings,
    report: LoadReport,
    *,
    force: bool,
    progress: ProgressCallback | None,
    retry,
) -> Iterator[Article]:
    """The articles that need extracting: read errors become failures; articles stored unchanged are
    counted and dropped (looked up a chunk at a time) unless ``force``.

    An article is compared with the version this run last sent on for its id, else with the stored
    one, so that a stream holding an article and then its update (same URL, new text) leaves the
    update stored after every run, re-runs included. (Compared with the store alone, a re-run rewrote
    the old version, then skipped the update as already stored.) The map costs about 150 bytes per
    article sent on.
    """
    chunk: list[Article] = []
    sent: dict[str, str] = {}  # article id -> content hash of the version this run last sent on

    def flush() -> Iterator[Article]:
        if force:
            yield from chunk
            return
        ids = {a.id for a in chunk}
        stored = retry(lambda: store.stored_hashes(ids))
        for article in chunk:
            current = sent[article.id] if article.id in sent else stored.get(article.id)
            if current == article.content_hash:
                report.unchanged += 1
                continue
            sent[article.id] = article.content_hash
            yield article

    for item in articles:
        if isinstance(item, InputError):
            report.failures.append(_failure(item))
            if progress:
                progress(report)
            continue
        report.read += 1
        chunk.append(item)
        if len(chunk) >= settings.batch_size:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


# --------------------------------------------------------------------------- `kg load`


def failed_paths(report_file: str) -> list[str]:
    """The distinct input paths a previous load's report lists as failed, in report order."""
    import json
    from pathlib import Path

    path = Path(report_file)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the failure report ({exc.strerror or exc})") from None
    paths: dict[str, None] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            paths[json.loads(line)["path"]] = None
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{path}:{n}", "not a line of a kg load failure report") from None
    return list(paths)


def write_failure_report(path: str, failures: Sequence[Failure]) -> None:
    import json
    from pathlib import Path

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        for failure in failures:
            out.write(json.dumps(failure.as_dict(), ensure_ascii=False) + "\n")


def run_load(paths: Sequence[str], settings: Settings, *, force: bool = False, report_path: object = None,
             retry_failed: object = None, console: object = None) -> int:
    """``kg load``: load ``paths`` with a progress bar and a summary; returns the exit status
    (0: loaded or already there; 1: nothing could be read, or the store failed)."""
    from pathlib import Path

    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from kg.store import open_store
    from loaders.nlp import load_pipeline
    from loaders.readers import iter_inputs

    out: Console = console if isinstance(console, Console) else Console(stderr=True)
    inputs = list(paths)
    if retry_failed is not None:
        inputs += [p for p in failed_paths(str(retry_failed)) if p not in inputs]
        if not inputs:
            out.print(f"{escape(str(retry_failed))}: no failed inputs to retry", highlight=False)
            return 0
    if not inputs:
        out.print("nothing to load: give files, folders, feeds or - for stdin")
        return 1
    report_file = Path(str(report_path)) if report_path else settings.data_dir / "last-load-failures.jsonl"

    nlp = load_pipeline(settings)  # fail fast on a missing model, before touching the store
    store = open_store(settings)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    try:
        with Progress(*columns, console=out, transient=False) as bar:
            task = bar.add_task("starting", total=None)

            def show(r: LoadReport) -> None:
                bar.update(task, description=(
                    f"read {r.read}  written {r.written}  unchanged {r.unchanged}  entities {r.entities}  "
                    f"relations {r.relations}  errors {len(r.failures)}  {r.rate:.1f} articles/s"))

            def retrying(exc: StoreUnavailable, delay: float, attempt: int) -> None:
                out.print(f"[yellow]the {store.name} store did not answer[/] ({escape(str(exc))}); retry {attempt} of "
                          f"{len(RETRY_DELAYS_S)} in {delay:g} s", highlight=False, soft_wrap=True)

            try:
                report = ingest_articles(iter_inputs(inputs, settings), store, settings, force=force,
                                         progress=show, nlp=nlp, on_retry=retrying)
            except StoreUnavailable as exc:
                out.print(f"[bold red]error:[/] the {store.name} store stopped answering: {escape(str(exc))}\n"
                          "What was written before stays written; run the same command again when the "
                          "store is back to complete the load (nothing will be duplicated).")
                return 1
    finally:
        store.close()

    table = Table(title=f"kg load into the {settings.store} store", show_header=False)
    for label, value in (("articles read", report.read), ("written", report.written),
                         ("unchanged (already stored)", report.unchanged), ("entity mentions", report.entities),
                         ("relations", report.relations), ("failed inputs", len(report.failures)),
                         ("time", f"{report.elapsed_s:.1f} s"), ("rate", f"{report.rate:.1f} articles/s")):
        table.add_row(label, str(value))
    out.print(table)
    if report.failures:
        write_failure_report(str(report_file), report.failures)
        for failure in report.failures[:20]:
            out.print(f"[yellow]failed[/] {escape(failure.input)}: {escape(failure.reason)}", highlight=False,
                      soft_wrap=True)
        if len(report.failures) > 20:
            out.print(f"... and {len(report.failures) - 20} more")
        out.print(f"failures written to {escape(str(report_file))}; re-run only those with: "
                  f"kg load --retry-failed {escape(str(report_file))}", highlight=False)
    elif report_file.exists():  # the report is the last load's: this one failed nowhere
        write_failure_report(str(report_file), [])
    if report.read == 0:
        if not report.failures:
            out.print(f"no articles found in {escape(' '.join(inputs))}", highlight=False)
        return 1
    return 0
