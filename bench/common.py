"""What every benchmark section shares: the corpus files, the extraction cache, timing helpers.

Everything a run produces lives under ``bench/out/`` (git ignores it): the corpus as JSON Lines
(``corpus-<seed>-<n>.jsonl``, made by :mod:`bench.corpus`), the extraction of a corpus cached as a
pickle stream (``extracted-<seed>-<n>-<code>.pkl``, one pre-resolution :class:`ExtractedArticle` per
article, in corpus order; ``<code>`` is a digest of the extraction code and data, so a changed pipeline
never reuses a stale cache), embedded stores, logs.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article, ExtractedArticle

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def out_dir() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT


# --------------------------------------------------------------------------- corpus


def corpus_file(n: int, seed: int) -> Path:
    """The corpus of ``n`` articles for ``seed`` as JSON Lines, generated once."""
    from bench.corpus import CorpusGenerator

    path = out_dir() / f"corpus-{seed}-{n}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for article in CorpusGenerator(seed).articles(n):
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
        tmp.replace(path)
    return path


def read_articles(path: Path, settings: Settings) -> list[Article]:
    """The articles of a corpus file as the loader reads them (readers and cleaning included)."""
    from loaders.readers import iter_inputs

    out = []
    for item in iter_inputs([str(path)], settings):
        if isinstance(item, InputError):
            raise SystemExit(f"the corpus has an unreadable article: {item}")
        out.append(item)
    return out


def words_of(articles: Iterable[Article]) -> int:
    return sum(a.word_count for a in articles)


# --------------------------------------------------------------------------- extraction cache


def code_digest() -> str:
    """A digest of what extraction depends on: the loaders' code and data, and spaCy's version."""
    import spacy

    h = hashlib.sha256(spacy.__version__.encode())
    for path in sorted((ROOT / "loaders").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".jsonl", ".txt"}:
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:10]


def cache_file(n: int, seed: int) -> Path:
    return out_dir() / f"extracted-{seed}-{n}-{code_digest()}.pkl"


def write_cache(path: Path, items: Iterable[ExtractedArticle]) -> int:
    tmp = path.with_suffix(".tmp")
    count = 0
    with tmp.open("wb") as out:
        for item in items:
            pickle.dump(item, out, protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
    tmp.replace(path)
    return count


def read_cache(path: Path) -> Iterator[Any]:
    """The objects pickled one after another into ``path`` (extracted articles, or recorded batches)."""
    with path.open("rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def extracted(n: int, seed: int, settings: Settings, *, log: Callable[[str], None] = print) -> Path:
    """The cached extraction of the corpus (``n``, ``seed``), made when missing; or of a bigger cached
    corpus's first ``n`` articles (the corpus of n is the prefix of any bigger one of the same seed)."""
    path = cache_file(n, seed)
    if path.exists():
        return path
    digest = code_digest()
    for bigger in sorted(out_dir().glob(f"extracted-{seed}-*-{digest}.pkl"),
                         key=lambda p: int(p.stem.split("-")[2])):
        if int(bigger.stem.split("-")[2]) > n:
            write_cache(path, _take(read_cache(bigger), n))
            return path
    from loaders.extract import extract_articles
    from loaders.nlp import load_pipeline

    articles = read_articles(corpus_file(n, seed), settings)
    log(f"extracting {len(articles)} articles once for the cache {path.name} "
        f"({settings.processes} process{'es' if settings.processes > 1 else ''})...")
    started = time.perf_counter()

    def items() -> Iterator[ExtractedArticle]:
        for result in extract_articles(articles, load_pipeline(settings), settings):
            if isinstance(result, InputError):
                raise SystemExit(f"extraction failed: {result}")
            yield result

    write_cache(path, items())
    log(f"extracted in {time.perf_counter() - started:.0f} s")
    return path


def _take(items: Iterator[ExtractedArticle], n: int) -> Iterator[ExtractedArticle]:
    for i, item in enumerate(items):
        if i >= n:
            return
        yield item


# --------------------------------------------------------------------------- measuring


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``values``, linear between the closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def peak_rss_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def dir_size_mb(path: Path) -> float:
    if not path.exists():
        return 0.0
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


@dataclass
class Row:
    """One line of the results table: a section, what was measured, and its figures."""

    section: str
    what: str
    figures: dict[str, str] = field(default_factory=dict)
    verdict: str = ""  # "met", "MISSED", "" when no target applies


def machine() -> dict[str, str]:
    """Date, machine and versions, for RESULTS.md."""
    import sqlite3
    from importlib.metadata import version

    import neo4j
    import spacy
    import strawberry  # noqa: F401 - the version below

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 2**20:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "?"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem} RAM, {platform.system()}",
        "python": sys.version.split()[0],
        "spacy": spacy.__version__,
        "neo4j driver": neo4j.__version__,
        "sqlite": sqlite3.sqlite_version,
        "strawberry": version("strawberry-graphql"),
        "uvicorn": version("uvicorn"),
        "commit": commit,
    }
