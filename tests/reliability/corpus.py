"""Short generated news articles of our own, for loads that must extract in seconds: a few hundred
characters each, over a small cast (so that articles share entities and relations gain weight), with
dates, sources, and a share of verbatim repeats (a wire feed sends some stories twice).

    python -m tests.reliability.corpus --articles 1000 --seed 3 > small.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

PEOPLE = [f"{first} {last}" for first, last in zip(
    "Amara Bilal Chiara Darius Elif Felix Greta Hassan Ingrid Jonas Kamal Leila Malik Nadia Omar Priya "
    "Rafael Samira Tomas Valentina Wei Yusuf Zofia Andrei".split(),
    "Okafor Haddad Rossi Karimi Demir Weber Larsen Nasser Lindqvist Keller Mansour Farouk Ortega Tehrani "
    "Diallo Sharma Castillo Rahimi Novak Moreau Zhang Arslan Kowalski Petrov".split(), strict=True)]
TITLES = ["Minister", "President", "Gen.", "Mayor", "Governor", "Ambassador"]
ORGS = ["Northern Mining Corporation", "Atlantic Shipping Group", "Federal Energy Authority",
        "Coastal Fisheries Council", "United Rail Union", "Central Grain Commission",
        "Highland Water Agency", "Pacific Steel Holdings", "National Freight Alliance",
        "Regional Power Institute"]
PLACES = ["Nairobi", "Lisbon", "Amman", "Oslo", "Lima", "Hanoi", "Accra", "Tbilisi", "Manila", "Dakar",
          "Quito", "Riga"]
SOURCES = {"Northbridge Herald": "northbridge-herald.example", "Daily Meridian": "dailymeridian.example",
           "Coastline Wire": "coastline-wire.example"}

SENTENCES = [
    "{title} {p1} met {p2} in {place} on {weekday} to discuss the {org}.",
    "{p1} criticised the {org} for delays at the port of {place}.",
    "The {org} signed an agreement with the {org2} in {place}.",
    "{title} {p1} said the {org} would open an office in {place} next month.",
    "{p2} told reporters in {place} that talks with {p1} had gone well.",
    "{p1} accused {p2} of misleading the {org}.",
    "Officials of the {org} visited {place} on {weekday}.",
    "{p2} was appointed head of the {org} on {weekday}.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def articles(n: int, seed: int = 3, *, repeats: float = 0.03) -> Iterator[dict]:
    """``n`` articles as JSON-ready dicts (title, url, published, source, text), the same for a seed."""
    rng = random.Random(seed)
    made: list[dict] = []
    start = date(2025, 1, 6)
    for k in range(n):
        if made and rng.random() < repeats:
            yield dict(rng.choice(made))  # a verbatim repeat: the same URL and text
            continue
        source = rng.choice(list(SOURCES))
        p1, p2 = rng.sample(PEOPLE, 2)
        org, org2 = rng.sample(ORGS, 2)
        place = rng.choice(PLACES)
        slots = {"title": rng.choice(TITLES), "p1": p1, "p2": p2, "org": org, "org2": org2, "place": place,
                 "weekday": rng.choice(WEEKDAYS)}
        body = " ".join(t.format(**slots) for t in rng.sample(SENTENCES, 2))
        article = {
            "title": f"{p1.split()[-1]} and the {org} in {place}",
            "url": f"https://{SOURCES[source]}/{k:05d}",
            "published": (start + timedelta(days=rng.randrange(120))).isoformat(),
            "source": source,
            "text": body,
        }
        made.append(article)
        yield article


def write_jsonl(path: Path, n: int, seed: int = 3) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles(n, seed)), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)
    for article in articles(args.articles, args.seed):
        sys.stdout.write(json.dumps(article) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
