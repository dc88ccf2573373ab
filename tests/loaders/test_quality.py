"""Extraction quality on the whole dev set (every gold file in tests/data/gold whose article is in
tests/data/dev), scored in-process with the team's scorer (``tests/quality/score_extraction.py``, a
verbatim copy). Fails when a figure drops below target.

The held-out set (tests/data/holdout) is never read here: it measures whether tuning generalises.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from kg.config import Settings
from kg.errors import InputError
from loaders.extract import extract_articles
from loaders.nlp import load_pipeline
from loaders.readers import iter_inputs
from loaders.serialize import extraction_dict
from tests.quality.score_extraction import score_article, summarise

DATA = Path(__file__).resolve().parents[1] / "data"
TARGETS = {  # figure: (lowest acceptable, highest acceptable)
    "entity_precision": (0.90, 1.0),
    "entity_recall": (0.95, 1.0),
    "entity_completeness": (0.85, 1.0),
    "type_accuracy": (0.95, 1.0),
    "merge_accuracy": (0.85, 1.0),
    "relation_recall": (0.60, 1.0),
    "predicate_match": (0.60, 1.0),
    "relations_per_gold_entity": (0.0, 3.0),
    "boilerplate_entities": (0, 0),
    "failed_articles": (0, 0),
}


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings())


@pytest.fixture(scope="module")
def summary(nlp: Language) -> dict:
    settings = Settings()
    pairs = [(g, sorted((DATA / "dev").glob(g.stem + ".*"))) for g in sorted((DATA / "gold").glob("*.json"))]
    pairs = [(g, found[0]) for g, found in pairs if found]  # every gold file with an article in dev/
    assert len(pairs) >= 10, "the dev set's articles or gold files are missing"
    gold_files = [g for g, _ in pairs]
    articles = [a for _, a in pairs]
    read = list(iter_inputs([str(a) for a in articles], settings))
    assert not [r for r in read if isinstance(r, InputError)]
    rows = {}
    for gold_file, result in zip(gold_files, extract_articles(read, nlp, settings), strict=True):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        extracted = {} if isinstance(result, InputError) else extraction_dict(result)
        rows[gold_file.stem] = score_article(gold, extracted) | ({"error": str(result)} if not extracted else {})
    return summarise(rows)


@pytest.mark.parametrize("figure", sorted(TARGETS))
def test_dev_set_figure_meets_its_target(summary: dict, figure: str) -> None:
    low, high = TARGETS[figure]
    assert low <= summary[figure] <= high, f"{figure} = {summary[figure]} (target {low}..{high}); all: {summary}"
