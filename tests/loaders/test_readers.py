"""loaders.readers: every format, folders, stdin, gzip, encodings, stable ids and every bad input."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article
from loaders.readers import ReadResult, iter_inputs

REPO = Path(__file__).resolve().parents[2]
INPUTS = REPO / "tests" / "data" / "inputs"

PARAGRAPH = ("The harbour council voted on Monday to open a ferry link to Westmere, ending a decade of talks "
             "between the two towns.")


@pytest.fixture
def settings() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


def read(paths: list[str | Path], settings: Settings) -> list[ReadResult]:
    return list(iter_inputs([str(p) for p in paths], settings))


def articles(results: list[ReadResult]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def errors(results: list[ReadResult]) -> list[InputError]:
    return [r for r in results if isinstance(r, InputError)]


def only_error(results: list[ReadResult]) -> InputError:
    assert len(results) == 1 and isinstance(results[0], InputError), results
    return results[0]


# --------------------------------------------------------------------------- formats


def test_plain_text_header_and_boilerplate(settings: Settings) -> None:
    [article] = read([INPUTS / "article.txt"], settings)
    assert isinstance(article, Article)
    assert article.title == "Harbour council approves new ferry link between Port Alden and Westmere"
    assert article.published == date(2025, 3, 3)
    assert article.author == "Jane Roe"
    assert article.origin.endswith("article.txt")
    assert article.text.startswith("PORT ALDEN — The Port Alden harbour council voted on Monday")
    assert article.text.endswith("had not studied the effect on fish stocks.")
    for gone in ("21.4 C", "71°F", "Monday, March 3, 2025", "By Jane Roe", "Advertisement",
                 "Related Articles", "Westmere pier repairs", "Please enter", "incorrect email", "©",
                 article.title):
        assert gone not in article.text
    assert article.text.count("\n\n") == 3


def test_markdown(settings: Settings) -> None:
    [article] = read([INPUTS / "article.md"], settings)
    assert isinstance(article, Article)
    assert article.title == "Mountain rescue team finds missing hikers near Kestrel Peak"
    assert article.published == date(2025, 2, 14)
    assert article.text.startswith("The Kestrel Valley rescue team found two missing hikers")
    assert "reported lost near Kestrel Peak." in article.text
    for gone in ("**", "](", "heli.jpg", "Share this"):
        assert gone not in article.text


def test_html_main_text_and_metadata(settings: Settings) -> None:
    [article] = read([INPUTS / "page.html"], settings)
    assert isinstance(article, Article)
    assert article.title == "Rail union calls off strike after pay deal"
    assert article.url == "https://ledger.example.com/news/rail-union-strike-called-off"
    assert article.source == "Northern Ledger"
    assert article.author == "Priya Natarajan"
    assert article.published == date(2025, 1, 9)
    assert article.text.startswith("The Northern Rail Workers Union called off a three-day strike")
    assert "apologised to passengers for the disruption." in article.text
    for gone in ("Home", "Sport", "Share this", "Related Articles", "cookies", "©", "Rail union calls off"):
        assert gone not in article.text


def test_html_without_main_text_is_an_error(tmp_path: Path, settings: Settings) -> None:
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>")
    error = only_error(read([page], settings))
    assert error.reason.startswith(("no main text", "no article text")) and error.source == str(page)


def test_json_lines_bad_lines_do_not_stop_the_others(settings: Settings) -> None:
    results = read([INPUTS / "articles.jsonl"], settings)
    name = str(INPUTS / "articles.jsonl")
    assert [r.origin if isinstance(r, Article) else r.source for r in results] == [
        f"{name}:1", f"{name}:2", f"{name}:3", f"{name}:4", f"{name}:6"]
    first, no_text, malformed, bridge, not_object = results
    assert isinstance(first, Article) and isinstance(bridge, Article)
    assert first.title == "Library reopens after flood repairs"
    assert first.published == date(2025, 4, 8)
    assert (first.source, first.author) == ("Greenfield Post", "Lena Park")
    assert first.text == ("The Greenfield public library reopened on Tuesday after six months of repairs "
                          "following the spring floods.\n\nHead librarian Omar Haddad said the children's "
                          "section had been rebuilt.")
    assert isinstance(no_text, InputError) and "no text" in no_text.reason
    assert isinstance(malformed, InputError) and "not valid JSON" in malformed.reason
    assert isinstance(not_object, InputError) and "got an array" in not_object.reason
    # an HTML body, "headline", "link", "pubDate" (RFC 2822), "site": {"name": ...}
    assert bridge.title == "Bridge inspection finds cracks"
    assert bridge.url == "https://news.example.net/bridge-cracks"
    assert bridge.published == date(2025, 4, 9)
    assert bridge.source == "County Herald"
    assert bridge.text == ("Engineers found cracks in the Old Mill Bridge during a routine inspection, the "
                           "county said on Wednesday.\n\nThe bridge will close to lorries from Monday.")


def test_json_document_with_an_article_list(settings: Settings) -> None:
    conductor, no_body = read([INPUTS / "articles.json"], settings)
    assert isinstance(conductor, Article)
    assert conductor.origin.endswith("articles.json#item 1")
    assert conductor.published == date(2025, 5, 12)
    assert (conductor.source, conductor.author) == ("Arts Weekly", "Mark Ellis, Joan Fry")
    assert isinstance(no_body, InputError) and no_body.source.endswith("articles.json#item 2")


def test_json_single_object_and_array(tmp_path: Path, settings: Settings) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"headline": "Ferry link approved", "article": PARAGRAPH}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": PARAGRAPH}, {"body": PARAGRAPH + " Again."}]))
    results = read([one, many], settings)
    assert [type(r) for r in results] == [Article, Article, Article]
    assert results[0].title == "Ferry link approved"  # type: ignore[union-attr]
    assert only_error(read([_write(tmp_path / "bad.json", b'{"text": "x",}')], settings)).reason.startswith(
        "not valid JSON")


def test_pretty_printed_json_named_jsonl_is_read_as_json(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path / "pretty.jsonl", json.dumps([{"text": PARAGRAPH}, {"body": "Another one."}],
                                                        indent=2).encode())
    assert [type(r) for r in read([path], settings)] == [Article, Article]


def test_rss_feed(settings: Settings) -> None:
    protest, lighthouse, empty_entry = read([INPUTS / "feed.rss"], settings)
    assert isinstance(protest, Article) and isinstance(lighthouse, Article)
    assert protest.origin.endswith("feed.rss#entry 1")
    assert protest.title == "Fishermen protest new quota rules"
    assert protest.url == "https://coastal.example.com/fishermen-protest"
    assert protest.source == "Coastal Times"
    assert protest.author == "Hana Mori"
    assert protest.published == date(2024, 9, 20)  # as written (-0500), not moved to UTC
    assert protest.text == ("Hundreds of fishermen protested outside the Bayport fisheries office on Friday "
                            "against new quota rules.\n\nFisheries minister Paul Kerrigan said the rules "
                            "would stay. Read the rules.")
    assert lighthouse.text == ("Volunteers finished restoring the Gull Point lighthouse on Saturday, the "
                               "heritage trust said.")
    assert isinstance(empty_entry, InputError) and empty_entry.source.endswith("feed.rss#entry 3")


def test_atom_feed(settings: Settings) -> None:
    [comet] = read([INPUTS / "feed.atom"], settings)
    assert isinstance(comet, Article)
    assert (comet.title, comet.source, comet.author) == (
        "Telescope spots new comet", "Valley Science Notes", "Dr. Ines Alvarez")
    assert comet.published == date(2025, 6, 1)
    assert comet.url == "https://science.example.org/comet"
    assert comet.text.endswith("It will be visible with binoculars in July.")


def test_content_without_a_telling_name_is_sniffed(tmp_path: Path, settings: Settings) -> None:
    feed = tmp_path / "latest"  # no extension: the content says what it is
    shutil.copy(INPUTS / "feed.atom", feed)
    gz = _write(tmp_path / "latest.gz", gzip.compress((INPUTS / "feed.atom").read_bytes()))
    text = _write(tmp_path / "README", f"{PARAGRAPH}\n".encode())
    results = read([feed, gz, text], settings)
    assert [type(r) for r in results] == [Article, Article, Article]
    assert results[0].source == "Valley Science Notes"  # type: ignore[union-attr]
    assert results[2].text == PARAGRAPH  # type: ignore[union-attr]


# --------------------------------------------------------------------------- folders, stdin, gzip


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folder_recursion_is_sorted_and_skips_hidden_and_unknown(tmp_path: Path, settings: Settings) -> None:
    root = tmp_path / "corpus"
    for relative in ("b.txt", "a/z.txt", "a/b/c.md", "a.txt", "c/d.txt"):
        _write(root / relative, f"{PARAGRAPH} ({relative})".encode())
    _write(root / ".hidden.txt", b"secret notes that must not be read")
    _write(root / ".git" / "x.txt", b"not an article")
    _write(root / "image.png", b"\x89PNG\r\n\x1a\n")
    _write(root / "notes.pdf", b"%PDF-1.4")
    results = read([root], settings)
    assert all(isinstance(r, Article) for r in results)
    assert [Path(r.origin).relative_to(root).as_posix() for r in results] == [  # type: ignore[union-attr]
        "a/b/c.md", "a/z.txt", "a.txt", "b.txt", "c/d.txt"]
    assert read([root], settings) == results  # stable


def test_unknown_extension_is_reported_only_when_named(tmp_path: Path, settings: Settings) -> None:
    pdf = _write(tmp_path / "notes.pdf", b"%PDF-1.4")
    error = only_error(read([pdf], settings))
    assert "unsupported file type '.pdf'" in error.reason
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    _write(empty_dir / "x.pdf", b"%PDF")
    assert "no files kg can read" in only_error(read([empty_dir], settings)).reason


def test_missing_path_does_not_stop_the_others(tmp_path: Path, settings: Settings) -> None:
    results = read([tmp_path / "missing.txt", INPUTS / "article.txt"], settings)
    assert isinstance(results[0], InputError) and "no such file" in results[0].reason
    assert isinstance(results[1], Article)


def test_same_file_twice_is_read_once(settings: Settings) -> None:
    assert len(read([INPUTS / "article.txt", INPUTS / "article.txt"], settings)) == 1


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(
    ("fixture", "count"),
    [("article.txt", 1), ("articles.jsonl", 2), ("articles.json", 1), ("feed.rss", 2), ("page.html", 1)],
)
def test_stdin_is_sniffed(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, fixture: str, count: int
) -> None:
    _stdin(monkeypatch, (INPUTS / fixture).read_bytes())
    results = read(["-"], settings)
    found = articles(results)
    assert len(found) == count
    assert all(a.origin.startswith("<stdin>") for a in found)
    direct = articles(read([INPUTS / fixture], settings))
    assert [a.id for a in found] == [a.id for a in direct]
    assert [a.text for a in found] == [a.text for a in direct]


def test_stdin_gzipped_and_empty(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    _stdin(monkeypatch, gzip.compress((INPUTS / "articles.jsonl").read_bytes()))
    assert len(articles(read(["-"], settings))) == 2
    _stdin(monkeypatch, b"")
    assert only_error(read(["-"], settings)).source == "<stdin>"


@pytest.mark.parametrize(
    "fixture", ["article.txt", "articles.jsonl", "feed.rss", "page.html", "articles.json"]
)
def test_gzip_of_each_format(tmp_path: Path, settings: Settings, fixture: str) -> None:
    gz = _write(tmp_path / f"{fixture}.gz", gzip.compress((INPUTS / fixture).read_bytes()))
    plain = read([INPUTS / fixture], settings)
    zipped = read([gz], settings)
    assert [a.id for a in articles(zipped)] == [a.id for a in articles(plain)]
    assert len(errors(zipped)) == len(errors(plain))


def test_corrupt_gzip(tmp_path: Path, settings: Settings) -> None:
    data = gzip.compress((PARAGRAPH * 50).encode())
    truncated = _write(tmp_path / "a.txt.gz", data[: len(data) // 2])
    assert "gzip" in only_error(read([truncated], settings)).reason
    fake = _write(tmp_path / "b.txt.gz", b"plain text pretending")
    assert "not gzip data" in only_error(read([fake], settings)).reason


def test_gzip_bomb_is_stopped_at_the_cap(tmp_path: Path) -> None:
    small = Settings(_env_file=None, max_input_bytes=200_000)  # type: ignore[call-arg]
    line = json.dumps({"text": PARAGRAPH}) + "\n"
    bomb = _write(tmp_path / "bomb.jsonl.gz", gzip.compress(line.encode() * 20_000))  # ~2.9 MB inside
    assert bomb.stat().st_size < 200_000
    results = read([bomb], small)
    assert len(articles(results)) > 100  # what came before the cap is kept
    last = results[-1]
    assert isinstance(last, InputError) and "larger than the limit" in last.reason


# --------------------------------------------------------------------------- stable ids


def test_same_article_from_text_and_jsonl_with_the_same_url(tmp_path: Path, settings: Settings) -> None:
    header = "URL: https://www.example.org/ferry/\nFerry link approved by council"
    txt = _write(tmp_path / "ferry.txt", f"{header}\n\n{PARAGRAPH}\n".encode())
    jsonl = _write(tmp_path / "ferry.jsonl", json.dumps({
        "title": "Ferry link approved by council", "url": "https://example.org/ferry?utm_source=feed",
        "text": PARAGRAPH + " A slightly different copy."}).encode())
    from_text, from_jsonl = articles(read([txt, jsonl], settings))
    assert from_text.id == from_jsonl.id
    assert from_text.title == from_jsonl.title


def test_same_text_without_url_gets_the_same_id(tmp_path: Path, settings: Settings) -> None:
    one = _write(tmp_path / "one.txt", f"{PARAGRAPH}\n\nSecond paragraph here.\n".encode())
    two = _write(tmp_path / "sub" / "two.txt", f"\ufeff{PARAGRAPH}\r\n\r\nSecond paragraph here.".encode())
    record = {"text": f"{PARAGRAPH}\n\nSecond paragraph here."}
    three = _write(tmp_path / "three.jsonl", json.dumps(record).encode())
    ids = {a.id for a in articles(read([one, two, three], settings))}
    assert len(ids) == 1
    other = _write(tmp_path / "other.txt", f"{PARAGRAPH}\n\nA different second paragraph.".encode())
    assert articles(read([other], settings))[0].id not in ids


# --------------------------------------------------------------------------- encodings and bad bytes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings(tmp_path: Path, settings: Settings, encoding: str) -> None:
    text = ("Café owners in São Paulo and Zürich met on Friday — prices rose by €5, said the "
            "association’s head, Renée Müller.")
    path = _write(tmp_path / "enc.txt", text.encode(encoding))
    [article] = read([path], settings)
    assert isinstance(article, Article)
    assert article.text == text


def test_legacy_encoding_told_beyond_the_first_buffer(tmp_path: Path, settings: Settings) -> None:
    text = "\n\n".join([PARAGRAPH] * 200) + "\n\nThe café in Zürich reopened, said Renée Müller."
    path = _write(tmp_path / "late.jsonl", (json.dumps({"text": text}, ensure_ascii=False) + "\n").encode("cp1252"))
    [article] = read([path], settings)
    assert isinstance(article, Article)
    assert article.text.endswith("The café in Zürich reopened, said Renée Müller.")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n\t\n", "empty"),
        ("empty.jsonl", b"\n\n", "empty"),
        ("nul.txt", b"Some text\x00\x00\x00\x01\x02 more", "binary file, not an article"),
        ("noise.txt", bytes(range(1, 256)) * 8, "binary file, not an article"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not an article"),
        ("only-boilerplate.txt", b"Related Articles\nShare this:\nAdvertisement\n", "no article text"),
    ],
)
def test_bad_inputs(tmp_path: Path, settings: Settings, name: str, data: bytes, reason: str) -> None:
    path = _write(tmp_path / name, data)
    error = only_error(read([path], settings))
    assert reason in error.reason
    assert error.source == str(path)
    assert str(error).startswith(str(path))


def test_control_characters_are_stripped_from_good_text(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path / "ctl.txt", f"{PARAGRAPH}\x07\x1b\n\nMore\x0b text follows here.".encode())
    [article] = read([path], settings)
    assert isinstance(article, Article)
    assert article.text == f"{PARAGRAPH}\n\nMore text follows here."


@pytest.mark.parametrize("fixture", ["bomb.xml", "xxe.rss"])
def test_xml_entities_are_refused_before_parsing(settings: Settings, fixture: str) -> None:
    error = only_error(read([INPUTS / fixture], settings))
    assert "DOCTYPE declares XML entities" in error.reason


def test_feed_without_entries(settings: Settings) -> None:
    assert "no entries" in only_error(read([INPUTS / "empty-feed.xml"], settings)).reason


def test_file_over_max_input_bytes_is_refused_unread(tmp_path: Path) -> None:
    small = Settings(_env_file=None, max_input_bytes=1_000)  # type: ignore[call-arg]
    path = _write(tmp_path / "big.txt", (PARAGRAPH + "\n\n").encode() * 20)
    error = only_error(read([path], small))
    assert "larger than the limit of 1,000 bytes" in error.reason


def test_long_article_is_cut_at_a_boundary_without_error(tmp_path: Path) -> None:
    small = Settings(_env_file=None, max_article_chars=1_000)  # type: ignore[call-arg]
    path = _write(tmp_path / "long.txt", "\n\n".join([PARAGRAPH] * 40).encode())
    [article] = read([path], small)
    assert isinstance(article, Article)
    assert len(article.text) <= 1_000
    assert article.text.endswith("between the two towns.")


def test_overlong_json_line_is_an_error_and_the_next_line_is_read(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders.readers import jsonl

    monkeypatch.setattr(jsonl, "MIN_LINE_LIMIT", 0)  # the limit of a small max_article_chars, not the floor
    small = Settings(_env_file=None, max_article_chars=1_000)  # type: ignore[call-arg]
    huge = json.dumps({"text": "word " * 30_000})
    path = _write(tmp_path / "long.jsonl", f"{huge}\n{json.dumps({'text': PARAGRAPH})}\n".encode())
    first, second = read([path], small)
    assert isinstance(first, InputError) and first.source.endswith(":1") and "longer than" in first.reason
    assert isinstance(second, Article) and second.origin.endswith(":2")


# --------------------------------------------------------------------------- 50 MB inputs


FIFTY_MB = 50 * 1024 * 1024


# Run in a fresh interpreter, so that its peak memory is this read's alone.
STREAM_SCRIPT = """
import json, resource, sys
from kg.config import Settings
from kg.model import Article
from loaders.readers import iter_inputs
settings = Settings(_env_file=None)
list(iter_inputs([sys.argv[2]], settings))  # imports and caches first
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = sum(1 for r in iter_inputs([sys.argv[1]], settings) if isinstance(r, Article))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"count": count, "growth_kib": after - before}))
"""


def test_fifty_megabyte_jsonl_streams_in_bounded_memory(tmp_path: Path) -> None:
    article_text = "\n\n".join(f"Paragraph {i}: {PARAGRAPH} " * 40 for i in range(12))  # ~50 KB
    line = (json.dumps({"title": "Ferry link approved by council", "text": article_text}) + "\n").encode()
    lines = FIFTY_MB // len(line) + 1
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        for _ in range(lines):
            out.write(line)
    assert path.stat().st_size > FIFTY_MB
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", STREAM_SCRIPT, str(path), str(INPUTS / "articles.jsonl")],
                          capture_output=True, text=True, check=True, cwd=REPO, timeout=120)
    elapsed = time.perf_counter() - start
    measured = json.loads(done.stdout)
    assert measured["count"] == lines
    assert measured["growth_kib"] < 25 * 1024, f"peak memory grew {measured['growth_kib']:,} KiB"
    assert elapsed < 30, elapsed


def test_fifty_megabyte_text_file_is_one_cut_article(tmp_path: Path, settings: Settings) -> None:
    block = ("\n\n".join([PARAGRAPH] * 100) + "\n\n").encode()
    path = tmp_path / "big.txt"
    with path.open("wb") as out:
        for _ in range(FIFTY_MB // len(block) + 1):
            out.write(block)
    start = time.perf_counter()
    [article] = read([path], settings)
    elapsed = time.perf_counter() - start
    assert isinstance(article, Article)
    assert len(article.text) <= settings.max_article_chars
    assert len(article.text) > settings.max_article_chars * 0.9
    assert article.text.endswith("between the two towns.")
    assert elapsed < 10, elapsed


# --------------------------------------------------------------------------- property

FIXTURE_CHECK = HealthCheck.function_scoped_fixture  # tmp_path is shared by the examples: fine here


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE_CHECK])
@given(data=st.binary(max_size=2048),
       suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".txt.gz", ""]),
       compress=st.booleans())
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str, compress: bool) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(gzip.compress(data) if compress else data)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    for result in iter_inputs([str(path)], settings):
        assert isinstance(result, Article | InputError)
        if isinstance(result, Article):
            assert result.text.strip()


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[FIXTURE_CHECK])
@given(text=st.text(max_size=500),
       suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".xml"]))
def test_random_text_never_raises(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    for result in iter_inputs([str(path)], settings):
        assert isinstance(result, Article | InputError)
