"""``extract_articles`` with worker processes: each worker runs the pipeline and the resolution on a
batch of articles and sends back the extractions; the results are those of one process, in order."""

from __future__ import annotations

import pickle

from spacy.language import Language

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article
from loaders.extract import extract_articles
from loaders.nlp import load_pipeline

TEXTS = [
    "Jane Roe of Acme Corp said on Monday in Paris that the deal with Beta Ltd was off.",
    "Kenya sent an official letter to Uganda in November, the foreign ministry said.",
    "Lindqvist won the Luge World Cup opener in Igls on Saturday, ahead of Germany's Anna Berger.",
    "The High Military Committee (HMC) met in Baghdad. The HMC said the coalition would leave.",
    "Tugela Spinning Mills (Pty) Ltd said 1,800 workers walked out in Hammarsdale on Tuesday.",
]


def test_worker_processes_give_the_results_of_one_process_in_order() -> None:
    settings = Settings(batch_size=2)
    nlp: Language = load_pipeline(settings)
    articles = [Article.create(t, origin=f"art{i}.txt") for i, t in enumerate(TEXTS * 2)]
    alone = list(extract_articles(articles, nlp, settings))
    workers = list(extract_articles(articles, nlp, settings.model_copy(update={"processes": 2})))
    assert workers == alone
    assert [r.article.id for r in workers] == [a.id for a in articles]


def test_an_input_error_travels_between_processes() -> None:
    error = pickle.loads(pickle.dumps(InputError("feed.xml", "no entries")))
    assert (error.source, error.reason, str(error)) == ("feed.xml", "no entries", "feed.xml: no entries")


def _dies_on_boom(batch: list[Article]) -> list:
    import os

    if any(a.origin == "boom.txt" for a in batch):
        os._exit(1)  # a worker killed (for memory, say) in the middle of a batch
    from loaders import extract

    return list(extract._extract_here(batch, *extract._WORKER))  # type: ignore[misc]


def test_a_dead_worker_loses_only_its_batch(monkeypatch) -> None:
    import loaders.extract as extract

    settings = Settings(batch_size=2, processes=2)
    nlp = load_pipeline(settings)
    articles = [Article.create(t, origin=f"art{i}.txt") for i, t in enumerate(TEXTS)]
    articles.insert(2, Article.create("The boom article says nothing much at all.", origin="boom.txt"))
    monkeypatch.setattr(extract, "_extract_batch", _dies_on_boom)
    results = list(extract_articles(articles, nlp, settings))
    assert len(results) == len(articles)
    errors = [r for r in results if isinstance(r, InputError)]
    assert "boom.txt" in {e.source for e in errors} and len(errors) <= settings.batch_size
    assert [r.article.id for r in results if not isinstance(r, InputError)] == [
        a.id for a in articles if a.origin not in {e.source for e in errors}
    ]
