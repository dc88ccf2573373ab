"""The report of what a load could not use, end to end with the real ``kg`` command in a subprocess:
every failed input is named with its reason (on the console and in the report file), the good inputs
around them are loaded, and ``kg load --retry-failed`` re-runs only the failed inputs."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kg.config import Settings
from tests.reliability.conftest import kg_env, run_kg
from tests.reliability.test_bad_input import GOOD_TEXT, LAUGHS

GOOD = {"title": "Rail talks", "url": "https://coastline-wire.example/rail/1",
        "text": "Officials of the United Rail Union met the Federal Energy Authority in Lisbon on Tuesday."}


def roster() -> str:
    """A list of ~3,000 made-up names: more entities than an article may have."""
    rng = random.Random(3)
    syllables = ["ka", "lo", "mi", "ra", "to", "ne", "su", "vi", "da", "po", "ri", "ze", "ba", "fe", "gu"]

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(3)).title()

    return " ".join(f"President {name()} {name()} met Minister {name()} {name()} in {name()}." for _ in range(700))


def stats(env: dict[str, str], cwd: Path) -> dict:
    done = run_kg(["stats", "--format", "json"], env, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def report_lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.slow
def test_failures_are_reported_and_only_they_are_retried(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "01-good.txt").write_text(GOOD_TEXT + "\n", encoding="utf-8")
    wire = inputs / "02-wire.jsonl"
    lines = [GOOD, {"title": "A headline and nothing else"}, GOOD | {"url": "https://coastline-wire.example/rail/3"}]
    wire.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    (inputs / "03-empty.txt").write_bytes(b"")
    (inputs / "04-laughs.rss").write_text(LAUGHS + "<rss><channel><item><description>&lol9;</description></item>"
                                          "</channel></rss>", encoding="utf-8")
    (inputs / "05-page.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (inputs / "06-binary.txt").write_bytes(bytes(range(256)) * 16)
    (inputs / "07-roster.txt").write_text(roster(), encoding="utf-8")
    missing = "missing[/x].txt"  # rich markup in a name: printed as it is

    settings = Settings(_env_file=None, store="embedded", data_dir=tmp_path / "data")  # type: ignore[call-arg]
    env = kg_env(settings)
    report = settings.data_dir / "last-load-failures.jsonl"

    # 1. the first load: three good articles in, seven inputs reported with their reasons
    done = run_kg(["load", "in", missing], env, cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Traceback" not in output
    expected = {
        "in/02-wire.jsonl:2": "no text",
        "in/03-empty.txt": "empty",
        "in/04-laughs.rss": "declares XML entities",
        "in/05-page.html": "no article text",  # trafilatura finds "Home"; cleaning drops it
        "in/06-binary.txt": "binary file",
        "in/07-roster.txt": "entities, more than the 1,000 an article may have",
        missing: "no such file or folder",
    }
    rows = report_lines(report)
    assert {r["input"]: r["reason"] for r in rows}.keys() == expected.keys(), rows
    for row in rows:
        assert expected[row["input"]] in row["reason"], row
        assert row["path"] == row["input"].rsplit(":", 1)[0]  # the file to read again
        assert f"failed {row['input']}: {row['reason']}" in " ".join(output.split()), row
    assert "kg load --retry-failed" in output
    assert stats(env, tmp_path)["articles"] == 3

    # 2. two inputs fixed; the retry reads only the failed files, and reports what still fails
    lines[1] = {"title": "A headline", "text": "The Harbour Council met the Coastal Fisheries Council in Oslo."}
    wire.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    (inputs / "03-empty.txt").write_text("Westmere and Port Alden agreed on a ferry timetable on Friday.\n",
                                         encoding="utf-8")
    done = run_kg(["load", "--retry-failed", str(report)], env, cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    table = " ".join(output.split())
    assert "articles read │ 5" in table and "written │ 2" in table and "unchanged (already stored) │ 2" in table, output
    assert {r["input"] for r in report_lines(report)} == {"in/04-laughs.rss", "in/05-page.html", "in/06-binary.txt",
                                                         "in/07-roster.txt", missing}
    assert stats(env, tmp_path)["articles"] == 5

    # 3. the rest removed from the inputs: the retry fails nowhere and the report says so
    for name in ("04-laughs.rss", "05-page.html", "06-binary.txt"):
        (inputs / name).unlink()
    (inputs / "07-roster.txt").write_text("The roster was published on Monday in Accra.\n", encoding="utf-8")
    done = run_kg(["load", "--retry-failed", str(report), "in/01-good.txt"], env, cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    rows = report_lines(report)
    assert {r["input"] for r in rows} == {"in/04-laughs.rss", "in/05-page.html", "in/06-binary.txt", missing}
    assert all("no such file" in r["reason"] for r in rows)
    assert stats(env, tmp_path)["articles"] == 6
    done = run_kg(["load", "in"], env, cwd=tmp_path)  # the missing ones given up: a load of what is there
    assert done.returncode == 0 and report_lines(report) == [], done.stderr  # the last load failed nowhere
    done = run_kg(["load", "--retry-failed", str(report)], env, cwd=tmp_path)
    assert done.returncode == 0 and "no failed inputs to retry" in done.stdout + done.stderr
