"""Loading into both stores with the real pipeline: re-runs, updates, resolution across articles,
failures that never lose the other articles, store outages, and the ``kg load/stats/delete`` commands."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from kg.config import Settings, get_settings
from kg.errors import InputError, StoreUnavailable
from kg.model import ExtractedArticle, WriteResult
from kg.store.base import GraphStore
from loaders.load import LoadReport, failed_paths, ingest_articles, path_of
from loaders.nlp import load_pipeline
from loaders.readers import iter_inputs
from tests.store.snapshot import snapshot

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings())


def load(paths: Sequence[str | Path], store: GraphStore, settings: Settings, nlp: Language,
         **kwargs: object) -> LoadReport:
    return ingest_articles(iter_inputs([str(p) for p in paths], settings), store, settings, nlp=nlp,
                           retry_delays=(0, 0), **kwargs)  # type: ignore[arg-type]


def jsonl(path: Path, *articles: dict) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def test_loading_the_samples_twice_changes_nothing(store: GraphStore, settings: Settings, nlp: Language) -> None:
    first = load([SAMPLES], store, settings, nlp)
    assert (first.read, first.written, first.unchanged, first.failures) == (16, 16, 0, [])
    assert first.entities > 100 and first.relations > 20
    before = snapshot(store)
    assert before["stats"]["articles"] == 16 and before["stats"]["sources"] >= 3

    again = load([SAMPLES], store, settings, nlp)
    assert (again.read, again.written, again.unchanged) == (16, 0, 16)
    assert snapshot(store) == before

    forced = load([SAMPLES], store, settings, nlp, force=True)
    assert forced.written == 16
    assert snapshot(store) == before


def test_an_updated_article_replaces_its_old_mentions_and_relations(
    store: GraphStore, settings: Settings, nlp: Language, tmp_path: Path
) -> None:
    url = "https://www.northbridge-herald.example/world/2025/03/talks"
    old = {"title": "Talks", "url": url, "published": "2025-03-03",
           "text": "Kenya and Uganda signed a trade agreement in Nairobi on Monday."}
    new = dict(old, text="Ghana and Togo signed a border agreement in Accra on Monday.")
    load([jsonl(tmp_path / "old.jsonl", old)], store, settings, nlp)
    names_before = {r.name for r in store.entities(_entity_ids(store)).values()}
    assert {"Kenya", "Uganda", "Nairobi"} <= names_before

    report = load([jsonl(tmp_path / "new.jsonl", new)], store, settings, nlp)
    assert report.written == 1
    names_after = {r.name for r in store.entities(_entity_ids(store)).values()}
    assert {"Ghana", "Togo", "Accra"} <= names_after
    assert not names_after & {"Kenya", "Uganda", "Nairobi"}
    assert store.stats().articles == 1


def _entity_ids(store: GraphStore) -> list[str]:
    ids = [a.id for a in store.articles(first=100).nodes]
    return sorted({m.entity_id for rows in store.article_mentions(ids).values() for m in rows})


def test_ambiguous_mentions_resolve_to_the_entity_already_stored(
    store: GraphStore, settings: Settings, nlp: Language, tmp_path: Path
) -> None:
    first = {"title": "Committee meets", "url": "https://dailymeridian.example/a", "published": "2025-01-06",
             "text": ("Defence Minister Nadia Haddad met officials of the High Military Committee (HMC) in "
                      "Amman on Monday. Haddad said the HMC would report to parliament within a month.")}
    later = {"title": "Report delayed", "url": "https://dailymeridian.example/b", "published": "2025-01-20",
             "text": ("Haddad told reporters in Amman on Friday that the HMC needed more time. The opposition "
                      "said the delay was unacceptable.")}
    load([jsonl(tmp_path / "first.jsonl", first)], store, settings, nlp)
    load([jsonl(tmp_path / "later.jsonl", later)], store, settings, nlp)
    second = store.articles(first=1).nodes[0]
    assert second.title == "Report delayed"
    mentioned = {m.entity_id for m in store.article_mentions([second.id])[second.id]}
    assert "person:nadia-haddad" in mentioned
    assert "organization:high-military-committee" in mentioned
    assert not any(e in mentioned for e in ("person:haddad", "organization:hmc"))
    haddad = store.entities(["person:nadia-haddad"])["person:nadia-haddad"]
    assert haddad.article_count == 2 and "Haddad" in haddad.aliases


class FaultyStore:
    """The real store, with faults injected into ``write`` (the loader's error policy is under test)."""

    def __init__(self, store: GraphStore, *, reject: str | None = None, outages: int = 0) -> None:
        self._store = store
        self.reject = reject
        self.outages = outages
        self.writes = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    def write(self, batch: Sequence[ExtractedArticle], *, force: bool = False) -> WriteResult:
        self.writes += 1
        if self.outages:
            self.outages -= 1
            raise StoreUnavailable("connection refused (injected)")
        for item in batch:
            if self.reject and self.reject in item.article.text:
                raise InputError(item.article.origin, "rejected by the store (injected)")
        return self._store.write(batch, force=force)


def test_an_article_the_store_rejects_does_not_lose_the_others(
    store: GraphStore, settings: Settings, nlp: Language
) -> None:
    faulty = FaultyStore(store, reject="looked down, and saw exactly what we hoped")
    report = load([SAMPLES], faulty, settings.model_copy(update={"batch_size": 8}), nlp)  # type: ignore[arg-type]
    assert report.written == 15
    assert [f.input for f in report.failures] == [str(SAMPLES / "2025-02-07_cryolite_first_images.txt")]
    assert store.stats().articles == 15


def test_a_store_outage_is_retried_then_reported(store: GraphStore, settings: Settings, nlp: Language) -> None:
    flaky = FaultyStore(store, outages=2)
    report = load([SAMPLES / "wire.jsonl"], flaky, settings, nlp)  # type: ignore[arg-type]
    assert report.written == 3 and flaky.writes == 3

    down = FaultyStore(store, outages=10**6)
    with pytest.raises(StoreUnavailable):
        load([SAMPLES / "feed.xml"], down, settings, nlp, force=True)  # type: ignore[arg-type]
    assert store.stats().articles == 3  # what was written before stays; nothing half-written


def test_path_of_origins() -> None:
    assert path_of("a/b.jsonl:12") == "a/b.jsonl"
    assert path_of("feed.xml#entry 3") == "feed.xml"
    assert path_of("plain.txt") == "plain.txt"
    assert path_of("<stdin>") == "<stdin>"


# --------------------------------------------------------------------------- the commands (embedded store)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_STORE", "embedded")
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_kg_load_stats_delete_and_retry_failed(cli_env: Path, nlp: Language) -> None:
    from kg.cli import app

    runner = CliRunner()
    bad = cli_env / "bad.jsonl"
    bad.write_text('{"title": "no text here"}\n', encoding="utf-8")
    result = runner.invoke(app, ["load", str(SAMPLES / "wire.jsonl"), str(bad)])
    assert result.exit_code == 0, result.output
    assert "bad.jsonl:1" in result.output and "--retry-failed" in result.output
    report = cli_env / "data" / "last-load-failures.jsonl"
    assert failed_paths(str(report)) == [str(bad)]

    stats = runner.invoke(app, ["stats", "--format", "json"])
    data = json.loads(stats.stdout)
    assert {"articles", "entities", "relations", "mentions", "sources"} <= data.keys()
    assert data["articles"] == 3 and data["sources"] == 1

    bad.write_text('{"title": "fixed", "text": "Kenya and Uganda signed a trade agreement in Nairobi."}\n',
                   encoding="utf-8")
    retried = runner.invoke(app, ["load", "--retry-failed", str(report)])
    assert retried.exit_code == 0, retried.output
    assert json.loads(runner.invoke(app, ["stats", "--format", "json"]).stdout)["articles"] == 4

    from kg.store import open_store

    store = open_store(get_settings())
    try:
        victim = store.articles(first=1).nodes[0].id
    finally:
        store.close()
    deleted = runner.invoke(app, ["delete", victim])
    assert deleted.exit_code == 0 and "deleted" in deleted.output
    assert json.loads(runner.invoke(app, ["stats", "--format", "json"]).stdout)["articles"] == 3
    assert runner.invoke(app, ["delete", "no-such-article"]).exit_code == 1


def test_kg_load_with_nothing_readable_fails_cleanly(cli_env: Path) -> None:
    from kg.cli import app

    result = CliRunner().invoke(app, ["load", str(cli_env / "missing.txt")])
    assert result.exit_code == 1
    assert "missing.txt: no such file or folder" in result.output
    assert "Traceback" not in result.output
