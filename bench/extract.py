"""Extraction: words per second of spaCy alone and of the full extraction, side by side.

Both sides get the same cleaned texts (the corpus read by the loaders' readers; reading is not timed),
the same model and batch size, with 1 and with 2 processes:

* spaCy alone: ``nlp.pipe`` of the model with the components extraction uses, none of ours;
* full: :func:`loaders.extract.extract_articles`: our components inside ``nlp.pipe``, then resolution
  within the article and the ``ExtractedArticle`` of each.

Runs alternate (spaCy, full, spaCy, full, ...) and the fastest of each side counts, so that a busy
moment of a shared machine hurts both sides alike. Target: full / spaCy alone at least 0.8.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bench import common
from kg.config import Settings
from kg.model import Article


@dataclass
class ExtractResult:
    processes: int
    articles: int
    words: int
    spacy_wps: float
    full_wps: float

    @property
    def ratio(self) -> float:
        return self.full_wps / self.spacy_wps if self.spacy_wps else float("nan")


def plain_pipeline(settings: Settings):  # -> spacy.language.Language
    """The model as extraction loads it (same components), without ours."""
    from pathlib import Path

    import spacy

    from loaders.nlp import NEEDED, resolve_model_name

    package = resolve_model_name(settings.spacy_model)
    info = spacy.info(package) if not Path(package).exists() else {}
    names = info.get("components") or info.get("pipeline") or []
    return spacy.load(package, exclude=[c for c in names if c not in NEEDED])


def _seconds(run: Callable[[], Iterable[object]]) -> float:
    started = time.perf_counter()
    for _ in run():
        pass
    return time.perf_counter() - started


def run(articles: Sequence[Article], settings: Settings, *, processes: Sequence[int] = (1, 2), repeat: int = 2,
        log: Callable[[str], None] = print) -> list[ExtractResult]:
    from loaders.extract import extract_articles, headline
    from loaders.nlp import load_pipeline

    full_nlp = load_pipeline(settings)
    plain_nlp = plain_pipeline(settings)
    # the same texts kg reads: each headline worth reading, then the article's text
    texts = [t for a in articles for t in (headline(a), a.text[: settings.max_article_chars]) if t]
    words = common.words_of(articles)
    log(f"[extract] {len(articles)} articles, {words} words; spaCy alone: {plain_nlp.pipe_names}; full adds "
        f"{[n for n in full_nlp.pipe_names if n not in plain_nlp.pipe_names]} and resolution")
    out = []
    for n in processes:
        run_settings = settings.model_copy(update={"processes": n})
        plain, full = [], []
        for _ in range(repeat):
            plain.append(_seconds(lambda n=n: plain_nlp.pipe(texts, batch_size=settings.batch_size, n_process=n)))
            full.append(_seconds(lambda s=run_settings: extract_articles(articles, full_nlp, s)))
        result = ExtractResult(n, len(articles), words, words / min(plain), words / min(full))
        log(f"[extract] processes={n}: spaCy alone {result.spacy_wps:7.0f} words/s, full {result.full_wps:7.0f} "
            f"words/s, ratio {result.ratio:.2f} (load {common.load_average()})")
        out.append(result)
    return out
