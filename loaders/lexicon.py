"""Ordinary English words, from the spaCy model itself: the word index of its rule lemmatizer
(nouns, verbs, adjectives, adverbs; about 90,000 forms for the English models). Used to tell a
capitalised ordinary word ("Turnout was 63 percent") from a name. Empty for a model without one."""

from __future__ import annotations

from spacy.language import Language


def common_words(nlp: Language) -> frozenset[str]:
    """The lower-case forms the model's lemmatizer knows, or nothing when it has no word index."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        if pos in index:
            words.update(w for w in index[pos] if isinstance(w, str))
    return frozenset(words)
