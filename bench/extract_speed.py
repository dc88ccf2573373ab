"""Speed of the full extraction against spaCy alone, side by side in one run.

    python -m bench.extract_speed [--articles 300] [--batch-size 64] [--processes 1 2] [--repeat 1]

The articles are the dev set's texts (tests/data/dev), read once with the readers, then repeated and
perturbed in memory (paragraphs shuffled, names swapped between articles) up to ``--articles``; no
text is written anywhere. Readers are excluded from the timings: both sides start from the same
cleaned texts.

* spaCy alone: ``nlp.pipe`` of the same model (its own components only), same texts, same batch size;
* full: :func:`loaders.extract.extract_articles` (our components inside ``nlp.pipe``, then
  resolution and the ``ExtractedArticle`` of each article).

Prints words per second of each, for each process count, and the ratio full / spaCy alone (target:
at least 0.8). Model loading is not timed.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import spacy

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article
from loaders.extract import extract_articles
from loaders.nlp import load_pipeline, resolve_model_name
from loaders.readers import iter_inputs

DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "dev"
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")


def corpus(n: int, seed: int, settings: Settings) -> list[Article]:
    """``n`` articles made from the dev set by shuffling paragraphs and swapping two-word names."""
    base = [a for a in iter_inputs([str(DEV)], settings) if not isinstance(a, InputError)]
    if not base:
        raise SystemExit(f"no articles under {DEV}")
    names = sorted({m for a in base for m in _NAME.findall(a.text)})
    rng = random.Random(seed)
    out = []
    for i in range(n):
        article = base[i % len(base)]
        paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
        if i >= len(base):
            rng.shuffle(paragraphs)
        text = "\n\n".join(paragraphs)
        for old in rng.sample(names, k=min(3, len(names))) if i >= len(base) else ():
            text = text.replace(old, rng.choice(names))
        out.append(replace(Article.create(text, origin=f"bench#{i}"), published=article.published))
    return out


def timed(run: Callable[[], Iterable[object]]) -> float:
    start = time.perf_counter()
    for _ in run():
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    settings = Settings(batch_size=args.batch_size)
    articles = corpus(args.articles, args.seed, settings)
    texts = [a.text for a in articles]
    words = sum(a.word_count for a in articles)
    full_nlp = load_pipeline(settings)
    ours = [n for n in full_nlp.pipe_names if n.startswith("kg_")]
    plain_nlp = spacy.load(resolve_model_name(settings.spacy_model), exclude=["senter"])
    print(f"{len(articles)} articles, {words} words; model {settings.spacy_model}; batch size {args.batch_size}")
    print(f"spaCy alone: {plain_nlp.pipe_names}")
    print(f"full:        {full_nlp.pipe_names} + resolution")
    for processes in args.processes:
        run_settings = settings.model_copy(update={"processes": processes})
        plain = min(timed(lambda p=processes: plain_nlp.pipe(texts, batch_size=args.batch_size, n_process=p))
                    for _ in range(args.repeat))
        full = min(timed(lambda s=run_settings: extract_articles(articles, full_nlp, s))
                   for _ in range(args.repeat))
        print(f"processes={processes}: spaCy alone {words / plain:8.0f} words/s   full {words / full:8.0f} words/s"
              f"   ratio {plain / full:.2f}  (our components: {', '.join(ours)})")


if __name__ == "__main__":
    main()
