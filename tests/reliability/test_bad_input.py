"""Bad input through every reader and through extraction: generated (hypothesis) and hand-made worst
cases. No crash, no hang, bounded memory; every bad input gets a clear message naming it; the good
inputs around it are all read."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from spacy.language import Language

from kg.config import Settings
from kg.errors import InputError
from kg.model import Article, ExtractedArticle
from loaders.extract import extract_articles
from loaders.load import MAX_ENTITIES, ingest_articles
from loaders.readers import iter_inputs
from tests.reliability.conftest import ROOT

SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]
GOOD_TEXT = "The harbour council of Westmere voted on Monday to open a ferry link to Port Alden."
GOOD_JSONL = {"title": "Rail talks", "url": "https://coastline-wire.example/rail",
              "text": "Officials of the United Rail Union met the Federal Energy Authority in Lisbon on Tuesday."}
#: What the generic fallback of the readers says: an exception no reader expected (a bug to fix).
UNEXPECTED = "please report this"
SECONDS_PER_INPUT = 10.0

# --------------------------------------------------------------------------- generated bad input

PIECES = st.sampled_from([
    "The", " council", " voted", " on Monday", ".", "\n", "\n\n", "\r\n", "\t", " ", "\x00", "\x01", "\x07",
    "\x1b[31m", "\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u202e", "\u202d", "\u200f", "\u061c",
    "مجلس المدينة", "שלום עולם", "Ünïcödé", "e\u0301", "\U0001F600", "\ufffd", "<", ">", "&amp;", "&#0;",
    "&#x110000;", "]]>", "<![CDATA[", "<!--", "-->", "{", "}", "[", "]", '"', "\\", "\\u0000", "\\ud800",
    "<p>", "</p>", "<script>", "</div>", "<?xml", "<!DOCTYPE x [", "<!ENTITY a 'b'>", "&a;", "%a;",
])
NASTY_TEXT = st.lists(PIECES, max_size=60).map("".join)


@st.composite
def nasty_bytes(draw: st.DrawFn, text: str) -> bytes:
    """``text`` as bytes, in one encoding or in several mixed, possibly with invalid sequences."""
    how = draw(st.sampled_from(["utf-8", "mixed", "latin-1", "utf-16", "invalid"]))
    if how == "utf-8":
        return text.encode("utf-8")
    if how == "latin-1":
        return text.encode("latin-1", errors="replace")
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "invalid":
        return text.encode("utf-8") + draw(st.binary(min_size=1, max_size=20)) + b"\xed\xa0\x80\xc3"
    half = len(text) // 2
    return text[:half].encode("utf-8") + text[half:].encode("cp1252", errors="replace")


@st.composite
def nasty_document(draw: st.DrawFn) -> tuple[str, bytes]:
    """A (file suffix, content) pair of any format kg reads, with nasty text in it, maybe truncated
    or gzipped."""
    text = draw(NASTY_TEXT)
    fmt = draw(st.sampled_from(["txt", "html", "jsonl", "json", "xml", "md", ""]))
    if fmt == "html":
        body = f"<html><head><title>{text}</title></head><body><article><p>{text}</p><p>{GOOD_TEXT}</p>"
        content = draw(nasty_bytes(body + draw(st.sampled_from(["</article></body></html>", "", "<div><p"]))))
    elif fmt == "jsonl":
        lines = [json.dumps({"title": text, "text": text + GOOD_TEXT}),
                 json.dumps({"text": {"rendered": f"<p>{text}</p>"}, "published": text}), text,
                 json.dumps([text]), '{"text": "' + text]
        content = draw(nasty_bytes("\n".join(draw(st.permutations(lines))[:draw(st.integers(1, 5))])))
    elif fmt == "json":
        doc = json.dumps({"articles": [{"title": text, "text": text}, {"body": [text, GOOD_TEXT]}]})
        content = draw(nasty_bytes(doc[: draw(st.integers(0, len(doc)))]))
    elif fmt == "xml":
        feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{text}</title><item><title>{text}'
                f"</title><description><![CDATA[{text} {GOOD_TEXT}]]></description></item></channel></rss>")
        content = draw(nasty_bytes(feed[: draw(st.integers(0, len(feed)))]))
    else:
        content = draw(nasty_bytes(text))
    if draw(st.booleans()) and draw(st.booleans()):
        return f".{fmt}.gz" if fmt else ".gz", gzip.compress(content)
    return (f".{fmt}" if fmt else ""), content


def read_folder(folder: Path) -> list[Article | InputError]:
    return list(iter_inputs([str(folder)], SETTINGS))


def assert_good_ones_read_and_bad_ones_named(results: list[Article | InputError], bad: Path) -> None:
    articles = [r for r in results if isinstance(r, Article)]
    assert any(a.text == GOOD_TEXT for a in articles), "the good text file before it was lost"
    assert any(a.url == GOOD_JSONL["url"] for a in articles), "the good JSON line after it was lost"
    for result in results:
        assert isinstance(result, Article | InputError)
        if isinstance(result, InputError):
            assert result.source.startswith(str(bad)), result
            assert result.reason.strip() and UNEXPECTED not in result.reason, result
        else:
            assert result.text.strip() and "\x00" not in result.text


FIXTURE_CHECK = HealthCheck.function_scoped_fixture  # tmp_path is shared by the examples: fine here


@hypothesis_settings(max_examples=250, deadline=None, suppress_health_check=[FIXTURE_CHECK, HealthCheck.too_slow])
@given(document=nasty_document())
def test_bad_input_of_any_format_never_loses_the_good_inputs_around_it(tmp_path: Path,
                                                                       document: tuple[str, bytes]) -> None:
    suffix, content = document
    folder = tmp_path / f"case-{time.monotonic_ns()}"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    bad = folder / f"b-nasty{suffix or '.txt'}"
    bad.write_bytes(content)
    (folder / "c-good.jsonl").write_text(json.dumps(GOOD_JSONL) + "\n", encoding="utf-8")
    start = time.perf_counter()
    results = read_folder(folder)
    assert time.perf_counter() - start < SECONDS_PER_INPUT
    assert_good_ones_read_and_bad_ones_named(results, bad)


# --------------------------------------------------------------------------- hand-made worst cases

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
          + "]>")
WORST: dict[str, bytes] = {
    "laughs.rss": (LAUGHS + "<rss><channel><item><description>&lol9;</description></item></channel></rss>").encode(),
    "laughs.atom": (LAUGHS + '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content>&lol9;</content>'
                    "</entry></feed>").encode(),
    "xxe.xml": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b"<rss><channel><item><title>&x;</title><description>&x; said the council.</description>"
                b"</item></channel></rss>"),
    "xxe-param.rss": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'
                      b"<rss><channel><item><description>The council met.</description></item></channel></rss>"),
    "xxe.html": (b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 b"<html><body><article><p>&x; The council met on Monday to vote on the ferry.</p></article>"
                 b"</body></html>"),
    "deep.json": b"[" * 200_000 + b"]" * 200_000,
    "deep-line.jsonl": (json.dumps(GOOD_JSONL | {"url": "https://x.example/1"}) + "\n" + "[" * 100_000
                        + "]" * 100_000 + "\n" + json.dumps(GOOD_JSONL | {"url": "https://x.example/2"})
                        + "\n").encode(),
    "huge-number.jsonl": (json.dumps(GOOD_JSONL | {"url": "https://x.example/3"}) + '\n{"text": "x", "n": '
                          + "9" * 100_000 + "}\n" + json.dumps(GOOD_JSONL | {"url": "https://x.example/4"})
                          + "\n").encode(),
    "nul-damaged.jsonl": (json.dumps(GOOD_JSONL | {"url": "https://x.example/5"}) + "\n").encode() * 200
                         + b"\x00" * 512 + b"\n" + (json.dumps(GOOD_JSONL | {"url": "https://x.example/6"})
                                                    + "\n").encode(),
    "deep.html": b"<html><body>" + b"<div>" * 100_000 + b"<p>text</p>" + b"</div>" * 100_000 + b"</body></html>",
    "truncated.html": b"<html><head><title>Ferry</title></head><body><article><p>" + GOOD_TEXT.encode()[:40],
    "binary.txt": bytes(range(256)) * 64,
    "nul.txt": b"The council met.\x00\x00\x00\x00\x00\x00\x00\x00",
    "empty.jsonl": b"\n\n\n",
    "bom-only.txt": b"\xef\xbb\xbf",
    "mixed-encodings.txt": ("The council met in Zürich on Monday. " * 3).encode()
                           + "The naïve résumé of Müller was read out.".encode("latin-1"),
    "rtl-zero-width.txt": ("\u202eThe harbour\u200b council\u200d of Westmere met the مجلس المدينة on Monday "
                           "in שלום.\u2060").encode(),
    "one-word.txt": b"Westmere",
}


def test_worst_cases_each_get_a_clear_answer_quickly(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "z-good.jsonl").write_text(json.dumps(GOOD_JSONL) + "\n", encoding="utf-8")
    for name, content in WORST.items():
        (folder / f"m-{name}").write_bytes(content)
    start = time.perf_counter()
    results = read_folder(folder)
    took = time.perf_counter() - start
    assert took < 30, took
    names = sorted((p.name for p in folder.iterdir()), key=len, reverse=True)  # longest first: no prefix mixups
    by_file: dict[str, list[Article | InputError]] = {}
    for r in results:
        origin = r.origin if isinstance(r, Article) else r.source
        [name] = [n for n in names if origin.startswith(str(folder / n))][:1]
        by_file.setdefault(name, []).append(r)
    errors = {name: [str(r) for r in rs if isinstance(r, InputError)] for name, rs in by_file.items()}
    articles = {name: [r for r in rs if isinstance(r, Article)] for name, rs in by_file.items()}
    for name in ("laughs.rss", "laughs.atom", "xxe.xml", "xxe-param.rss", "xxe.html"):
        assert any("entit" in e.lower() for e in errors[f"m-{name}"]), errors[f"m-{name}"]
        assert not articles.get(f"m-{name}")
    assert all("root:" not in a.text for rs in articles.values() for a in rs)  # nothing of /etc/passwd
    assert "nested too deeply" in " ".join(errors["m-deep.json"])
    assert len(articles["m-deep-line.jsonl"]) == 2 and "deep-line.jsonl:2" in errors["m-deep-line.jsonl"][0]
    assert len(articles["m-huge-number.jsonl"]) == 2 and "4300" in errors["m-huge-number.jsonl"][0]
    assert len(articles["m-nul-damaged.jsonl"]) == 201 and "NUL" in errors["m-nul-damaged.jsonl"][0]
    assert "binary file" in errors["m-binary.txt"][0] and "binary file" in errors["m-nul.txt"][0]
    assert "empty" in errors["m-empty.jsonl"][0] and "empty" in errors["m-bom-only.txt"][0]
    mixed = articles["m-mixed-encodings.txt"][0].text
    assert "Zürich" in mixed and "Müller" in mixed, mixed  # each part read in its own encoding
    assert "مجلس المدينة" in articles["m-rtl-zero-width.txt"][0].text
    assert articles["m-one-word.txt"][0].text == "Westmere"
    assert articles["m-truncated.html"] or errors["m-truncated.html"]
    assert articles["a-good.txt"][0].text == GOOD_TEXT and articles["z-good.jsonl"][0].url == GOOD_JSONL["url"]
    for name, messages in errors.items():
        for message in messages:
            assert UNEXPECTED not in message, message
            assert message.startswith(str(folder / name)), message  # names the input
    print(f"\n{len(WORST)} worst cases read in {took:.1f} s: "
          f"{sum(len(e) for e in errors.values())} clear errors, {sum(len(a) for a in articles.values())} articles")


# Each measured in a fresh interpreter, so that its peak memory is its own.
MEASURE = """
import json, resource, sys, time, tracemalloc
from kg.config import Settings
from kg.model import Article
from loaders.readers import iter_inputs

def rss_kib():  # now, not the peak: what the read adds to it is measured against this
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

settings = Settings(_env_file=None)
list(iter_inputs([sys.argv[2]], settings))  # imports first
before = rss_kib()
if sys.argv[3] == "read":  # the Python heap's peak: what the reader holds, whatever the kernel's page policy
    tracemalloc.start()
start = time.perf_counter()
results = list(iter_inputs([sys.argv[1]], settings))
heap_mib = tracemalloc.get_traced_memory()[1] / 2**20 if tracemalloc.is_tracing() else None
tracemalloc.stop()
extracted = None
if sys.argv[3] == "extract":
    from loaders.extract import extract_articles
    from loaders.nlp import load_pipeline
    nlp = load_pipeline(settings)
    before = rss_kib()
    [extracted] = extract_articles([r for r in results if isinstance(r, Article)], nlp, settings)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"articles": [len(r.text) for r in results if isinstance(r, Article)],
                  "errors": [str(r)[:300] for r in results if not isinstance(r, Article)],
                  "entities": len(extracted.entities) if extracted is not None else None,
                  "seconds": time.perf_counter() - start, "growth_mib": (after - before) / 1024,
                  "heap_mib": heap_mib}))
"""


def measure(path: Path, tmp_path: Path, *, extract: bool = False) -> dict:
    small = tmp_path / "small.txt"
    small.write_text(GOOD_TEXT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(small), "extract" if extract else "read"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.slow
def test_gigantic_json_and_multi_megabyte_lines_in_bounded_memory(tmp_path: Path) -> None:
    record = {"title": "Harbour news", "published": "2025-03-03", "text": GOOD_TEXT + " " + "More words. " * 40}
    doc = tmp_path / "gigantic.json"
    with doc.open("w", encoding="utf-8") as out:
        out.write('{"articles": [')
        out.write(",".join(json.dumps(record | {"url": f"https://x.example/{i}"}) for i in range(40_000)))
        out.write("]}")
    size_mib = doc.stat().st_size / 2**20
    measured = measure(doc, tmp_path)
    assert len(measured["articles"]) == 40_000 and measured["errors"] == []
    # not streamed (one JSON document is parsed whole): a small multiple of its size on the heap; the
    # process's RSS only loosely, since it depends on the kernel (transparent huge pages inflate it)
    assert measured["heap_mib"] < 8 * size_mib + 50, measured
    assert measured["growth_mib"] < 1024, measured

    lines = tmp_path / "long-lines.jsonl"
    long_article = {"title": "Transcript", "text": ("Westmere council session. " * 200 + "\n\n") * 800}  # ~4 MB
    with lines.open("w", encoding="utf-8") as out:
        out.write(json.dumps(GOOD_JSONL) + "\n")
        out.write(json.dumps(long_article) + "\n")
        out.write('{"text": "' + "x" * (20 * 2**20) + '"}\n')  # 20 MB: over any line limit
        out.write(json.dumps(GOOD_JSONL | {"url": "https://x.example/after"}) + "\n")
    measured_lines = measure(lines, tmp_path)
    assert len(measured_lines["articles"]) == 3, measured_lines
    assert max(measured_lines["articles"]) <= SETTINGS.max_article_chars  # the 4 MB one, cut
    assert len(measured_lines["errors"]) == 1 and ":3: line longer than" in measured_lines["errors"][0]
    assert measured_lines["heap_mib"] < 200 and measured_lines["growth_mib"] < 1024, measured_lines
    print(f"\n{size_mib:.0f} MiB JSON document: 40,000 articles, heap peak {measured['heap_mib']:.0f} MiB "
          f"(RSS +{measured['growth_mib']:.0f} MiB); 4 MB and 20 MB lines: heap peak "
          f"{measured_lines['heap_mib']:.0f} MiB (RSS +{measured_lines['growth_mib']:.0f} MiB)")


@pytest.mark.slow
def test_an_article_of_200000_words_is_read_and_extracted_in_bounded_time_and_memory(tmp_path: Path) -> None:
    rng = random.Random(7)
    sentences = ["Minister Nadia Haddad met officials of the Harbour Council in Amman on Monday.",
                 "The council said it would report to parliament within a month.",
                 "Reporters waited outside the building for hours.", "Talks resumed on Tuesday."]
    words: list[str] = []
    while len(words) < 200_000:
        words += rng.choice(sentences).split()
        if rng.random() < 0.15:
            words.append("\n\n")
    path = tmp_path / "long.txt"
    path.write_text(" ".join(words[:200_000]), encoding="utf-8")
    measured = measure(path, tmp_path, extract=True)
    [chars] = measured["articles"]
    assert 0.9 * SETTINGS.max_article_chars < chars <= SETTINGS.max_article_chars
    assert measured["entities"] >= 3
    assert measured["seconds"] < 120, measured
    assert measured["growth_mib"] < 1500, measured
    print(f"\n200,000 words: cut to {chars:,} characters, extracted in {measured['seconds']:.1f} s, "
          f"+{measured['growth_mib']:.0f} MiB")


ODD_TEXTS = {
    "zero-width": "Ke\u200bnya and Ug\u200danda signed a trade agreement in Nai\u200crobi on Monday. " * 40,
    "rtl": "\u202eKenya signed a deal with the مجلس المدينة and שלום in Nairobi on Monday. " * 40,
    "one-word": "Westmere",
    "no-letters": "... --- !!! 123 456 ??? " * 200,
    "one-long-token": "x" * 50_000,
    "emoji": "\U0001F600 \U0001F1FA\U0001F1F8 " * 300,
}


def test_extraction_survives_odd_texts(nlp: Language) -> None:
    articles = [Article.create(text, url=f"https://odd.example/{name}", origin=name)
                for name, text in ODD_TEXTS.items()]
    results = list(extract_articles(articles, nlp, SETTINGS))
    assert [r.article.origin for r in results if isinstance(r, ExtractedArticle)] == list(ODD_TEXTS)
    by_origin = {r.article.origin: r for r in results}
    assert {"Kenya", "Nairobi"} <= {e.name for e in by_origin["rtl"].entities}
    assert by_origin["one-word"].relations == ()


def test_an_article_naming_thousands_of_entities_is_refused_and_the_others_loaded(
    nlp: Language, tmp_path: Path
) -> None:
    from kg.store import open_store

    rng = random.Random(3)
    syllables = ["ka", "lo", "mi", "ra", "to", "ne", "su", "vi", "da", "po", "ri", "ze", "ba", "fe", "gu"]

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(3)).title()

    roster = " ".join(f"President {name()} {name()} met Minister {name()} {name()} in {name()}."
                      for _ in range(700))
    settings = Settings(_env_file=None, store="embedded", data_dir=tmp_path / "data")  # type: ignore[call-arg]
    articles = [Article.create(GOOD_TEXT, url="https://x.example/before", origin="before.txt"),
                Article.create(roster, url="https://x.example/roster", origin="roster.txt"),
                Article.create(GOOD_JSONL["text"], url="https://x.example/after", origin="after.txt")]
    store = open_store(settings)
    try:
        start = time.perf_counter()
        report = ingest_articles(articles, store, settings, nlp=nlp)
        took = time.perf_counter() - start
        assert report.written == 2 and store.stats().articles == 2
        [failure] = report.failures
        assert failure.input == "roster.txt" and f"more than the {MAX_ENTITIES:,} an article may have" in failure.reason
        assert took < 60
    finally:
        store.close()
