#!/usr/bin/env python3
"""Check that every gold file is well-formed and agrees with its article.

Usage:
  python tests/data/check_gold.py                  checks the dev set and the held-out set
  python tests/data/check_gold.py ARTICLES GOLD    checks one pair of folders
  python tests/data/check_gold.py --candidates     also lists capitalised words of each article that no
                                                   gold surface covers (a help for checking that the
                                                   inventory is complete; they are not errors)

What it checks (the conventions are in tests/data/README.md):
  * the top-level keys, their types, entity types, ISO dates, the JSON layout (indent 1);
  * every surface, not_entities string and relation sentence occurs in the article exactly as written
    (surfaces and not_entities as whole words);
  * surfaces follow the conventions: no leading "the", no possessive "'s", no surface on two entities,
    no duplicate entity names across "entities" and "other_entities";
  * must_merge pairs are two different surfaces of one entity of "entities";
  * relations join two different entities of "entities", have a predicate, and there are 3 to 8 of them;
  * the article is 300 to 700 words long.
Exit status 1 when anything is wrong, with one line per problem naming the file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SETS = (
    (HERE / "dev", HERE / "gold"),
    (HERE / "holdout" / "articles", HERE / "holdout" / "gold"),
)
TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
KEYS = {"url", "published", "entities", "must_merge", "relations", "not_entities", "other_entities"}
MIN_WORDS, MAX_WORDS = 300, 700
MIN_RELATIONS, MAX_RELATIONS = 3, 8
#: capitalised words that start sentences or are ordinary words, not names (for --candidates only)
COMMON = set(
    "A An The This That These Those It Its He She His Her They Their We Our I In On At By For From With "
    "But And Or If When While After Before As Asked Since Under Over About Despite Although Officials Some "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec Updated "
    "Published Mr Mrs Ms Dr Gen Lt Col Sen Rep Prof President Minister Prime Senator Judge Chief".split()
)



def _bare(name: str) -> str:
    """A name as the scorer compares it: lower case, without a leading article."""
    return re.sub(r"^(the|a|an)\s+", "", name.strip().lower())

def occurs(needle: str, text: str) -> bool:
    """``needle`` occurs in ``text`` as whole words (not inside a longer word)."""
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text) is not None


def problems(gold_path: Path, article_path: Path) -> Iterator[str]:
    raw = gold_path.read_text(encoding="utf-8")
    text = article_path.read_text(encoding="utf-8")
    try:
        gold = json.loads(raw)
    except json.JSONDecodeError as exc:
        yield f"not valid JSON: {exc}"
        return
    if raw.rstrip("\n") != json.dumps(gold, indent=1, ensure_ascii=False):
        yield "layout: not written as json.dumps(gold, indent=1, ensure_ascii=False)"
    if set(gold) != KEYS:
        yield f"keys: expected {sorted(KEYS)}, found {sorted(gold)}"
        return
    if gold["url"] is not None and not isinstance(gold["url"], str):
        yield "url: must be null or a string"
    if gold["published"] is not None:
        try:
            date.fromisoformat(gold["published"])
        except (TypeError, ValueError):
            yield f"published: {gold['published']!r} is not null or YYYY-MM-DD"

    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        yield f"article: {words} words, expected {MIN_WORDS} to {MAX_WORDS}"

    owner: dict[str, str] = {}
    names: set[str] = set()
    for section in ("entities", "other_entities"):
        for ent in gold[section]:
            name, type_, surfaces = ent.get("name"), ent.get("type"), ent.get("surface")
            if set(ent) != {"name", "type", "surface"}:
                yield f"{section}: {name!r} has keys {sorted(ent)}"
            if not isinstance(name, str) or not name.strip():
                yield f"{section}: an entity without a name"
                continue
            if name in names:
                yield f"{section}: {name!r} listed twice"
            names.add(name)
            if type_ not in TYPES:
                yield f"{section}: {name!r} has type {type_!r}"
            if not isinstance(surfaces, list) or not surfaces:
                yield f"{section}: {name!r} has no surface list"
                continue
            if len(set(surfaces)) != len(surfaces):
                yield f"{section}: {name!r} repeats a surface"
            for s in surfaces:
                if not occurs(s, text):
                    yield f"{section}: surface {s!r} of {name!r} does not occur in the article"
                if re.match(r"(?i)the\s", s) or re.search(r"['’]s$", s):
                    yield f"{section}: surface {s!r} keeps a leading 'the' or a possessive"
                if s in owner and owner[s] != name:
                    yield f"{section}: surface {s!r} is on both {owner[s]!r} and {name!r}"
                owner[s] = name

    main = {
        e["name"]: set(e.get("surface") or []) for e in gold["entities"] if isinstance(e.get("name"), str)
    }
    for pair in gold["must_merge"]:
        if not (isinstance(pair, list) and len(pair) == 2 and pair[0] != pair[1]):
            yield f"must_merge: {pair!r} is not a pair of two different surfaces"
            continue
        if not any(set(pair) <= surfaces for surfaces in main.values()):
            yield f"must_merge: {pair!r} are not two surfaces of one entity of 'entities'"

    rels = gold["relations"]
    if not MIN_RELATIONS <= len(rels) <= MAX_RELATIONS:
        yield f"relations: {len(rels)}, expected {MIN_RELATIONS} to {MAX_RELATIONS}"
    seen = set()
    for rel in rels:
        src, tgt, pred, sent = (rel.get(k) for k in ("source", "target", "predicate", "sentence"))
        if set(rel) != {"source", "target", "predicate", "sentence"}:
            yield f"relations: {src} -> {tgt} has keys {sorted(rel)}"
        for end in (src, tgt):
            if end not in main:
                yield f"relations: {end!r} is not an entity of 'entities'"
        if src == tgt:
            yield f"relations: {src!r} related to itself"
        if not isinstance(pred, str) or not pred.strip():
            yield f"relations: {src} -> {tgt} has no predicate"
        if not isinstance(sent, str) or sent not in text:
            yield f"relations: sentence for {src} -[{pred}]-> {tgt} is not in the article: {str(sent)[:60]!r}"
        elif not re.search(r"[.!?\"”’]$", sent.strip()) or sent[0].islower():
            yield f"relations: sentence for {src} -[{pred}]-> {tgt} is not a whole sentence: {sent[:60]!r}"
        key = (src, tgt, sent)
        if key in seen:
            yield f"relations: {src} -> {tgt} listed twice for one sentence"
        seen.add(key)

    for junk in gold["not_entities"]:
        if not isinstance(junk, str) or not occurs(junk, text):
            yield f"not_entities: {junk!r} does not occur in the article"
        elif any(junk.lower() in s.lower() for s in owner) or _bare(junk) in {_bare(s) for s in owner}:
            # the scorer counts a junk string inside an extracted name as boilerplate taken for an entity,
            # and compares names without case or a leading article ("THE DAILY X" is "Daily X")
            yield f"not_entities: {junk!r} is part of a surface of the inventory"


def candidates(gold_path: Path, article_path: Path) -> list[str]:
    """Capitalised words of the article that no surface, no not_entities string covers."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = article_path.read_text(encoding="utf-8")
    covered = [s for e in gold["entities"] + gold["other_entities"] for s in e["surface"]]
    covered += gold["not_entities"]
    for s in sorted(covered, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(s)}(?!\w)", " ", text)
    words = re.findall(r"\b[A-Z][\w'’-]*", text)
    return sorted({w for w in words if w.rstrip("'’s") not in COMMON and w not in COMMON})


def check(articles_dir: Path, gold_dir: Path, show_candidates: bool) -> int:
    errors = 0
    golds = sorted(gold_dir.glob("*.json"))
    if not golds:
        print(f"{gold_dir}: no gold files")
        return 1
    stems = {p.stem for p in articles_dir.iterdir() if p.is_file()}
    for orphan in sorted(stems - {g.stem for g in golds}):
        print(f"{articles_dir / orphan}: article without a gold file")
        errors += 1
    for g in golds:
        arts = sorted(articles_dir.glob(g.stem + ".*"))
        if not arts:
            print(f"{g}: no article {articles_dir / g.stem}.*")
            errors += 1
            continue
        for p in problems(g, arts[0]):
            print(f"{g}: {p}")
            errors += 1
        if show_candidates:
            print(f"{g.stem}: uncovered capitalised words: {', '.join(candidates(g, arts[0]))}")
    print(f"{gold_dir}: {len(golds)} gold files, {errors} problems")
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", type=Path, help="ARTICLES_DIR GOLD_DIR")
    ap.add_argument("--candidates", action="store_true", help="list capitalised words no surface covers")
    a = ap.parse_args()
    if a.dirs and len(a.dirs) != 2:
        ap.error("give two folders, ARTICLES_DIR GOLD_DIR, or none")
    sets = [tuple(a.dirs)] if a.dirs else DEFAULT_SETS
    errors = sum(check(arts, gold, a.candidates) for arts, gold in sets)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
