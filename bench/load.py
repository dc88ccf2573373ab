"""Loading: articles per second into each store, the share of time spent writing, against extraction
alone, side by side in one run.

For one corpus size and one store, in this order:

1. **extraction alone**: :func:`loaders.extract.extract_articles` over the first ``sample`` articles of
   the corpus (the same readers, pipeline, batch size and processes as the load), nothing written: half
   of them before step 2 and half after it, so that what else a shared machine runs meanwhile weighs on
   both sides alike;
2. **full pipeline**: :func:`loaders.load.ingest_articles` over the whole corpus into an empty store:
   reading, extraction, resolution against the store and writing, with its writer thread overlapping
   writing with extraction (what ``kg load`` runs). ``write share``: the time the writer thread spent
   resolving and writing, over the elapsed time; ``not overlapped``: the time extraction waited for the
   writer. The batches the store receives are recorded (once per corpus) for step 3;
3. **store alone**: those recorded batches written again, in the same order, into an empty store with
   ``GraphStore.write`` and nothing else: the store's own cost per article, which is what grows with the
   graph. The graph it leaves is the one the full pipeline made; the API section reads it.

``ratio``: full-pipeline rate over extraction-alone rate (targets: 0.7 for Neo4j, 0.85 embedded; and
writing adds at most 20 % / 10 % to extraction time, which is the same thing read the other way).
"""

from __future__ import annotations

import os
import pickle
import resource
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import common
from kg.config import Settings
from kg.model import Article, ExtractedArticle, WriteResult
from kg.store import GraphStore, open_store


@dataclass
class LoadResult:
    store: str
    articles: int
    extract_articles: int  # the sample extraction alone ran over
    extract_rate: float  # articles/s, extraction alone
    extract_wps: float  # words/s, extraction alone
    load_rate: float  # articles/s, full pipeline
    load_s: float
    write_share: float  # writer thread busy time / elapsed
    wait_share: float  # extraction waiting for the writer / elapsed
    store_ms: float  # ms per article, store alone (recorded batches)
    store_first_ms: float  # ms per article over the first 10 % of the batches (growth within the load)
    store_last_ms: float  # ms per article over the last 10 %
    extract_cpu_ms: float  # CPU time of this process (and its workers) per article, extraction alone
    load_cpu_ms: float  # the same, full pipeline (extraction, resolution, the store's client side)
    server_cpu_ms: float | None  # the Neo4j server's CPU time per article during the full pipeline
    load_avg: str  # the machine's load average at the end of extraction alone and of the full pipeline
    peak_rss_mb: float  # this process (extraction, resolution, client side of the store)
    store_rss_mb: float | None  # the Neo4j server's resident memory after the load, when known
    disk_mb: float | None
    entities: int
    relations: int
    failures: int

    @property
    def ratio(self) -> float:
        return self.load_rate / self.extract_rate if self.extract_rate else float("nan")


class RecordingStore:
    """A store that hands every call to ``inner`` and appends each batch written to a pickle file (when
    ``path`` is given). Its own time is kept apart, so that the load's write time can exclude it."""

    def __init__(self, inner: GraphStore, path: Path | None) -> None:
        self._inner = inner
        self._out = path.open("wb") if path is not None else None
        self.own_s = 0.0
        self.name = inner.name

    def write(self, batch: Sequence[ExtractedArticle], *, force: bool = False) -> WriteResult:
        result = self._inner.write(batch, force=force)
        if self._out is not None:
            started = time.perf_counter()
            pickle.dump(list(batch), self._out, protocol=pickle.HIGHEST_PROTOCOL)
            self.own_s += time.perf_counter() - started
        return result

    def finish(self) -> None:
        if self._out is not None:
            self._out.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def recording_file(n: int, seed: int) -> Path:
    return common.out_dir() / f"written-{seed}-{n}-{common.code_digest()}.pkl"


def fresh_store(settings: Settings) -> GraphStore:
    """An empty store of ``settings.store`` (the embedded file is removed first)."""
    if settings.store == "embedded":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.sqlite_path}{suffix}").unlink(missing_ok=True)
    store = open_store(settings)
    store.clear()
    return store


def cpu_s() -> float:
    """CPU time of this process and of its finished children (nlp.pipe's worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def extraction_alone(articles: Sequence[Article], settings: Settings) -> tuple[float, float]:
    """(seconds, CPU seconds) of extraction without any store."""
    from loaders.extract import extract_articles
    from loaders.nlp import load_pipeline

    nlp = load_pipeline(settings)
    cpu, started = cpu_s(), time.perf_counter()
    for _ in extract_articles(articles, nlp, settings):
        pass
    return time.perf_counter() - started, cpu_s() - cpu


def full_pipeline(articles: Sequence[Article], store: GraphStore, settings: Settings,
                  progress: Callable[[str], None], record: Path | None) -> tuple[Any, RecordingStore]:
    from loaders.load import ingest_articles
    from loaders.nlp import load_pipeline

    recorder = RecordingStore(store, record)
    last = [time.monotonic()]

    def show(report: Any) -> None:
        if time.monotonic() - last[0] > 60:
            last[0] = time.monotonic()
            progress(f"  {report.written + report.unchanged}/{len(articles)} articles, {report.rate:.1f}/s, "
                     f"write share {report.write_s / max(report.elapsed_s, 1e-9):.0%}, load {common.load_average()}")

    try:
        report = ingest_articles(iter(articles), recorder, settings, nlp=load_pipeline(settings),  # type: ignore[arg-type]
                                 progress=show)
    finally:
        recorder.finish()
    return report, recorder


def store_alone(batches: Iterable[list[ExtractedArticle]], store: GraphStore) -> tuple[float, float, float]:
    """(ms per article overall, over the first 10 % of batches, over the last 10 %)."""
    times: list[tuple[int, float]] = []
    for batch in batches:
        started = time.perf_counter()
        store.write(batch)
        times.append((len(batch), time.perf_counter() - started))
    n = len(times)
    tenth = max(1, n // 10)

    def ms(part: list[tuple[int, float]]) -> float:
        count = sum(k for k, _ in part)
        return sum(s for _, s in part) / count * 1000 if count else float("nan")

    return ms(times), ms(times[:tenth]), ms(times[-tenth:])


def neo4j_pid(data_dir: Path | None) -> int | None:
    try:
        return int((data_dir / "neo4j.pid").read_text().strip()) if data_dir is not None else None
    except (OSError, ValueError):
        return None


def process_cpu_s(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def neo4j_server_rss_mb(data_dir: Path | None) -> float | None:
    """Resident memory of the Neo4j server started by scripts/neo4j-local with ``--data data_dir``."""
    if data_dir is None:
        return None
    try:
        pid = int((data_dir / "neo4j.pid").read_text().strip())
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def store_disk_mb(settings: Settings, neo4j_data: Path | None) -> float | None:
    if settings.store == "embedded":
        return sum(common.dir_size_mb(Path(f"{settings.sqlite_path}{s}")) for s in ("", "-wal", "-shm"))
    if neo4j_data is not None:
        return common.dir_size_mb(neo4j_data / "data" / "databases" / "neo4j")  # store files, not tx logs
    return None


def run(n: int, seed: int, settings: Settings, *, sample: int, neo4j_data: Path | None = None,
        pipeline: bool = True, log: Callable[[str], None] = print) -> LoadResult:
    """Steps 1-3 of the module doc for one size and one store; leaves the graph in the store."""
    recording = recording_file(n, seed)  # named now: the code may change during a long load
    if not pipeline and not recording.exists():
        # store alone only: the latest recording of this corpus will do, whatever code extracted it
        older = sorted(common.out_dir().glob(f"written-{seed}-{n}-*.pkl"), key=lambda p: p.stat().st_mtime)
        if older:
            recording = older[-1]
            log(f"[load {settings.store} {n}] store alone on {recording.name} (extracted by other code)")
    pipeline = pipeline or not recording.exists()
    articles = common.read_articles(common.corpus_file(n, seed), settings) if pipeline else []
    sample_articles = articles[: min(sample, len(articles))]
    # extraction alone runs over half of the sample before the full pipeline and the other half after
    # it, so that a change in what else the machine runs meanwhile weighs on both sides alike
    halves = (sample_articles[: len(sample_articles) // 2], sample_articles[len(sample_articles) // 2:])
    alone_s = alone_cpu = 0.0
    load_avgs = []
    extract_rate = extract_wps = extract_cpu_ms = float("nan")
    load_rate = load_s = write_share = wait_share = load_cpu_ms = float("nan")
    server_cpu_ms = None
    failures = 0

    def alone(part: Sequence[Article], when: str) -> None:
        nonlocal alone_s, alone_cpu
        log(f"[load {settings.store} {n}] extraction alone over {len(part)} articles ({when})...")
        seconds, cpu = extraction_alone(part, settings)
        alone_s, alone_cpu = alone_s + seconds, alone_cpu + cpu
        load_avgs.append(common.load_average())
        log(f"[load {settings.store} {n}]   {len(part) / seconds:.2f} articles/s (load {load_avgs[-1]})")

    if pipeline:
        alone(halves[0], "before the load")
        store = fresh_store(settings)
        server = neo4j_pid(neo4j_data) if settings.store == "neo4j" else None
        server_cpu = process_cpu_s(server)
        try:
            log(f"[load {settings.store} {n}] full pipeline (kg load's ingest_articles)...")
            partial = recording.with_suffix(".tmp")
            cpu = cpu_s()
            report, recorder = full_pipeline(articles, store, settings, log,
                                             None if recording.exists() else partial)
            cpu = cpu_s() - cpu
        finally:
            store.close()
        load_avgs.append(common.load_average())
        load_s = report.elapsed_s
        handled = report.written + report.unchanged
        load_rate = handled / load_s
        load_cpu_ms = cpu / handled * 1000
        after = process_cpu_s(server)
        if server_cpu is not None and after is not None:
            server_cpu_ms = (after - server_cpu) / handled * 1000
        write_share = max(report.write_s - recorder.own_s, 0.0) / load_s
        wait_share = report.wait_s / load_s
        failures = len(report.failures)
        log(f"[load {settings.store} {n}]   {load_rate:.2f} articles/s ({handled} in {load_s:.0f} s), write "
            f"share {write_share:.0%}, not overlapped {wait_share:.0%}, {failures} failed (load {load_avgs[-1]})")
        if not recording.exists():
            partial.replace(recording)
        alone(halves[1], "after the load")
        extract_rate = len(sample_articles) / alone_s
        extract_wps = common.words_of(sample_articles) / alone_s
        extract_cpu_ms = alone_cpu / len(sample_articles) * 1000
        log(f"[load {settings.store} {n}]   extraction alone {extract_rate:.2f} articles/s; ratio "
            f"{load_rate / extract_rate:.2f}")

    log(f"[load {settings.store} {n}] store alone: the recorded batches written again...")
    store = fresh_store(settings)
    try:
        store_ms, first_ms, last_ms = store_alone(common.read_cache(recording), store)
        stats = store.stats()
    finally:
        store.close()
    log(f"[load {settings.store} {n}]   {store_ms:.2f} ms per article (first tenth {first_ms:.2f}, "
        f"last tenth {last_ms:.2f}); {stats.entities} entities, {stats.relations} relations")
    return LoadResult(
        store=settings.store, articles=n, extract_articles=len(sample_articles), extract_rate=extract_rate,
        extract_wps=extract_wps, load_rate=load_rate, load_s=load_s, write_share=write_share,
        wait_share=wait_share, store_ms=store_ms, store_first_ms=first_ms, store_last_ms=last_ms,
        extract_cpu_ms=extract_cpu_ms, load_cpu_ms=load_cpu_ms, server_cpu_ms=server_cpu_ms,
        load_avg=" / ".join(load_avgs), peak_rss_mb=common.peak_rss_mb(), store_rss_mb=neo4j_server_rss_mb(neo4j_data)
        if settings.store == "neo4j" else None, disk_mb=store_disk_mb(settings, neo4j_data),
        entities=stats.entities, relations=stats.relations, failures=failures,
    )


def main(argv: list[str] | None = None) -> int:
    """One size and one store in a process of its own (so that peak memory is this load's):
    ``python -m bench.load --articles N --store S --json OUT``."""
    import argparse
    import dataclasses
    import json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--store", choices=["embedded", "neo4j"], required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sample", type=int, default=2000, help="articles extraction alone runs over")
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--data-dir", type=Path, default=common.OUT / "kg-data")
    ap.add_argument("--neo4j-data", type=Path, default=None, help="the instance folder of scripts/neo4j-local")
    ap.add_argument("--no-pipeline", action="store_true", help="store alone only (needs a recording)")
    ap.add_argument("--json", type=Path, required=True)
    args = ap.parse_args(argv)
    # the corpus of 100k articles is one file of ~200 MB: above kg's default input limit
    settings = Settings(store=args.store, data_dir=args.data_dir, processes=args.processes, max_input_bytes=2**31,
                        batch_size=args.batch_size)
    result = run(args.articles, args.seed, settings, sample=args.sample, neo4j_data=args.neo4j_data,
                 pipeline=not args.no_pipeline, log=lambda m: print(m, flush=True))
    result.peak_rss_mb = max(common.peak_rss_mb(), common.peak_rss_mb(children=True))
    args.json.write_text(json.dumps(dataclasses.asdict(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
