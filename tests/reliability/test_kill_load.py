"""``kg load`` of 1,000 articles killed with SIGKILL at moments a seeded RNG picks, then run again to
the end: the graph equals that of one clean load (same snapshot through the protocol, same counts
beneath it, no orphans), on both stores."""

from __future__ import annotations

import random
import signal
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from kg.config import Settings
from kg.model import kind_of
from kg.store import open_store
from loaders.load import ingest_articles
from loaders.readers import iter_inputs
from tests.conftest import store_settings
from tests.reliability.conftest import kg_env, raw_counts, run_kg, spawn_kg
from tests.reliability.corpus import write_jsonl
from tests.store.snapshot import snapshot

ARTICLES = 1000
BATCH = 20  # small batches: many commits, so that kills land before, inside and between them
SEED = 20250306
KILLS_AT_ARTICLES = 5  # kills once the store holds a drawn number of articles (plus one during start-up)
PAGE = 500  # page size of the snapshots: small pages would cost minutes on Neo4j


@dataclass(frozen=True)
class Reference:
    corpus: Path
    snapshot: dict[str, Any]
    rows: dict[str, int]  # the embedded store's rows per table


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Reference:
    """One uninterrupted load of the corpus (the loader `kg load` runs, in this process) into a new
    embedded store. Both stores give the same observable results (tests/store/test_contract.py), so
    its snapshot is the reference for both."""
    folder = tmp_path_factory.mktemp("clean")
    corpus = write_jsonl(folder / "corpus.jsonl", ARTICLES)
    settings = store_settings("embedded", folder, batch_size=BATCH)
    store = open_store(settings)
    try:
        report = ingest_articles(iter_inputs([str(corpus)], settings), store, settings, nlp=nlp)
        assert report.failures == [] and report.read == ARTICLES
        return Reference(corpus, snapshot(store, page=PAGE), raw_counts(settings)["rows"])
    finally:
        store.close()


def implied_neo4j_counts(snap: dict[str, Any]) -> dict[str, dict[str, int]]:
    """The nodes and relationships a Neo4j store holding exactly the graph of ``snap`` has (see the
    model in kg/store/neo4j.py): duplicates or leftovers of a killed write would show here."""
    stats = snap["stats"]
    evidence = sum(len(r.evidence) for rels in snap["article_relations"].values() for r in rels)
    labels = Counter({"Article": stats["articles"], "Entity": stats["entities"], "Evidence": evidence,
                      "Source": stats["sources"]})
    labels.update(kind_of(e["record"]["type"]) for e in snap["entities"].values())
    types = {"RELATES": stats["relations"], "FROM": evidence,
             "MENTIONS": sum(len(rows) for rows in snap["mentions"].values()),
             "PUBLISHED_BY": sum(1 for a in snap["articles"] if a["source"])}
    return {"labels": dict(labels), "types": types}


def check_raw(settings: Settings, reference: Reference) -> None:
    raw = raw_counts(settings)
    if settings.store == "embedded":
        assert raw["rows"] == reference.rows
        return
    assert raw["orphans"] == dict.fromkeys(raw["orphans"], 0)
    implied = implied_neo4j_counts(reference.snapshot)
    labels, types = dict(raw["labels"]), dict(raw["types"])
    assert {k: labels.get(k, 0) for k in implied["labels"]} == implied["labels"]
    assert {k: types.get(k, 0) for k in implied["types"]} == implied["types"]


def _stored_articles(store) -> int:
    return store.stats().articles


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["embedded", "neo4j"])
def test_kg_load_killed_at_random_moments_then_rerun_equals_one_clean_load(
    kind: str, tmp_path: Path, reference: Reference
) -> None:
    corpus, expected = reference.corpus, reference.snapshot
    assert expected["stats"]["articles"] > 900 and expected["stats"]["relations"] > 100

    settings = store_settings(kind, tmp_path / "killed", batch_size=BATCH)
    store = open_store(settings)
    store.clear()
    env = kg_env(settings)
    rng = random.Random(SEED)
    total = expected["stats"]["articles"]
    # never near the end: the load must still be running when the kill comes, on any machine
    targets = sorted(rng.sample(range(BATCH, total - 10 * BATCH), KILLS_AT_ARTICLES))
    log = tmp_path / "kg-load.log"
    kills: list[tuple[str, int]] = []
    proc = None
    try:
        # 1. during start-up (model loading, opening the store): nothing may be half-written
        proc = spawn_kg(["load", str(corpus)], env, cwd=tmp_path, log=log)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills.append(("start-up", _stored_articles(store)))
        # 2. once the store holds at least a drawn number of articles, after a drawn delay of up to a
        #    batch's time: inside a transaction, between two, or while the next batch is extracted
        for target in targets:
            proc = spawn_kg(["load", str(corpus)], env, cwd=tmp_path, log=log)
            deadline = time.monotonic() + 180
            while _stored_articles(store) < target:
                assert proc.poll() is None, f"kg load ended (status {proc.returncode}) before {target} " \
                                            f"articles were stored:\n{log.read_text()[-3000:]}"
                assert time.monotonic() < deadline, f"{target} articles not stored in 180 s"
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 0.25))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert proc.returncode == -signal.SIGKILL
            kills.append((f">= {target}", _stored_articles(store)))
        counts_at_kills = [n for _, n in kills]
        assert counts_at_kills == sorted(counts_at_kills), kills  # nothing written was lost
        assert all(n % BATCH == 0 for n in counts_at_kills[1:]), f"a batch was half-written: {kills}"

        # 3. run again, to the end
        done = run_kg(["load", str(corpus)], env, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr

        check_raw(settings, reference)
        assert snapshot(store, page=PAGE) == expected
        print(f"\n{kind}: kills at (point, articles stored): {kills}; {total} articles after the re-run")
    finally:
        store.close()
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()


def test_the_comparisons_notice_a_missing_article(tmp_path: Path, reference: Reference) -> None:
    """The checks the kill test relies on tell a graph missing one article from the complete one."""
    import shutil

    settings = store_settings("embedded", tmp_path, batch_size=BATCH)
    shutil.copytree(reference.corpus.parent / "kg-data", settings.data_dir)
    store = open_store(settings)
    try:
        assert snapshot(store, page=PAGE) == reference.snapshot
        assert store.delete_article(reference.snapshot["articles"][0]["id"])
        assert snapshot(store, page=PAGE) != reference.snapshot
        with pytest.raises(AssertionError):
            check_raw(settings, reference)
    finally:
        store.close()
    changed = dict(reference.snapshot, stats=dict(reference.snapshot["stats"], articles=1))
    assert implied_neo4j_counts(changed) != implied_neo4j_counts(reference.snapshot)


def test_rerunning_a_stream_with_an_update_keeps_the_update(store: Any, settings: Settings, nlp: Language,
                                                            tmp_path: Path) -> None:
    """A stream that holds an article and later its update (same URL, new text): after a first run
    and after a re-run (a resumed load reads the stream again) the update is what is stored."""
    import json

    url = "https://northbridge-herald.example/2025/03/ferry"
    rows = [{"url": url, "title": "Ferry", "published": "2025-03-03",
             "text": "Kenya and Uganda signed a ferry agreement in Nairobi on Monday."},
            {"url": "https://northbridge-herald.example/2025/03/port", "title": "Port", "published": "2025-03-04",
             "text": "Officials of the Coastal Fisheries Council visited Lisbon on Tuesday."},
            {"url": url, "title": "Ferry", "published": "2025-03-03",
             "text": "Ghana and Togo signed a ferry agreement in Accra on Monday."}]
    path = tmp_path / "stream.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    first = ingest_articles(iter_inputs([str(path)], settings), store, settings, nlp=nlp)
    assert (first.read, first.written, first.unchanged) == (3, 3, 0)
    after_first = snapshot(store)
    assert "Ghana and Togo" in str(after_first["texts"])
    again = ingest_articles(iter_inputs([str(path)], settings), store, settings, nlp=nlp)
    assert again.failures == []
    assert snapshot(store) == after_first
