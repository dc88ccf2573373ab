"""The real pipeline for the loaders tests that do not bring their own ``nlp`` fixture (loaded once per
process: ``load_pipeline`` caches it)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.config import Settings
from loaders.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(Settings())
