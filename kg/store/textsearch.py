"""How entity search ranks a hit, shared by both stores so that they agree.

A store finds *candidates* with its own full-text index (FTS5, Lucene); this module decides which of
them match and how well. The user's query is plain text: it is split into words (letters and digits,
case and diacritics folded) and nothing in it is ever read as query syntax.

Relevance tiers, best first (``SearchHit.score``):

* 4 -- the query's words are exactly the words of the name or of one alias ("abdul mahdi");
* 3 -- every query word is a whole word of the name or of an alias ("mahdi adel");
* 2 -- every query word is a whole word or the start of one ("Soleim", "abd mah");
* 1 -- every query word is that, or within a small typo of a word ("Solemani"): one edit for words of
  4 to 7 letters, two from 8 letters on, none below 4.

Within a tier, hits are ranked by mention count (descending), then id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Levenshtein

__all__ = ["EXACT", "PREFIX", "TYPO", "WORDS", "relevance", "typo_budget", "words"]

EXACT, WORDS, PREFIX, TYPO = 4.0, 3.0, 2.0, 1.0

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of ``text``, folded for comparison: ``"Sōleimani's NEAR("`` -> ``["soleimani", "s",
    "near"]``. What FTS5's ``unicode61 remove_diacritics 2`` tokenizer would index."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(stripped.casefold())


def typo_budget(word: str) -> int:
    """Edits a query word may be away from a name word and still match (tier 1)."""
    n = len(word)
    return 0 if n < 4 else 1 if n < 8 else 2


def relevance(query: Sequence[str], names: Iterable[str]) -> float | None:
    """The tier of an entity with ``names`` (its name and aliases) for the folded ``query`` words, or
    ``None`` when it does not match."""
    if not query:
        return None
    name_words = [words(n) for n in names]
    if any(nw == list(query) for nw in name_words):
        return EXACT
    vocab = {w for nw in name_words for w in nw}
    if all(q in vocab for q in query):
        return WORDS
    if all(any(w.startswith(q) for w in vocab) for q in query):
        return PREFIX
    for q in query:
        if any(w.startswith(q) for w in vocab):
            continue
        budget = typo_budget(q)
        if budget == 0 or not any(Levenshtein.distance(q, w, score_cutoff=budget) <= budget for w in vocab):
            return None
    return TYPO
