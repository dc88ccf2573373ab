"""A reproducible generator of realistic news articles, for benchmarks at any size.

    python -m bench.corpus --articles 10000 --seed 7 > corpus.jsonl

Every article is built from sentence templates of our own over a vocabulary of a few thousand
people, organisations and places, drawn with a Zipf law (a few are everywhere, most are rare):
acronyms are defined once then reused bare, people are named in full with a title, then by surname;
dates spread over two years; several sources with their own page boilerplate; and a share of the
stream repeats an article verbatim or updates it (same URL, changed text), as wire feeds do.
The output is JSON Lines in the shape ``kg load`` reads (title, text, url, published, source).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pycountry

FIRST_NAMES = """
Amara Adrian Aisha Alejandro Alina Amir Ana Andrei Anika Arjun Astrid Aurelio Beatriz Bilal Bjorn
Camila Carlos Chen Chiara Chidi Claire Dalia Daniel Darius Dmitri Elena Elif Emeka Emil Esther
Fatima Felix Fernando Gabriel Greta Hana Hassan Helena Hiroshi Ibrahim Ines Ingrid Isaac Ivan
Jae Javier Joanna Jonas Jorge Julia Kamal Karin Kenji Khalid Kofi Lars Layla Leila Lena Li Lucia
Luis Maya Malik Marco Maria Marta Mateo Mei Miguel Mira Mohammed Nadia Naledi Nikos Nina Noor
Olga Omar Oscar Pablo Paolo Parisa Pedro Priya Rafael Rania Ravi Rosa Ruth Sami Samira Sana Sara
Sergei Sofia Soren Stefan Tariq Thabo Tomas Ulla Valentina Vera Victor Wei Yara Yusuf Zainab Zofia
""".split()

SURNAMES = """
Abara Adeyemi Aguilar Ahmadi Alvarez Amsel Andersen Arslan Asante Babic Bakker Banerjee Barros
Bianchi Bergstrom Castillo Chaudhry Costa Dahl Delacroix Demir Diallo Dimitrov Dubois Eklund Esposito
Farouk Ferreira Fischer Garrido Gomez Haddad Halvorsen Hashemi Horvat Ibekwe Iglesias Ishikawa
Jansen Jovanovic Kamau Karimi Kaya Keller Kovacs Kowalski Kruger Laine Larsen Lindqvist Lopez Maalouf
Mansour Marino Mbeki Mendes Moreau Mukherjee Nakamura Nasser Navarro Ndlovu Nilsson Novak Nowak
Obi Okafor Okonkwo Olsen Ortega Osei Ozturk Park Pereira Petrov Popescu Quispe Rahimi Ramos Reyes
Rossi Sahin Salazar Santos Schmidt Sharma Silva Sokolov Suzuki Tanaka Tehrani Toure Varga Vasquez
Virtanen Wagner Weber Yilmaz Zhang Zielinski Zoric
""".split()

TITLES = ["President", "Prime Minister", "Minister", "Gen.", "Dr.", "Sen.", "Judge", "Chief Executive",
          "Governor", "Mayor", "Professor", "Col.", "Ambassador", "Coach"]

ORG_ADJECTIVES = """
National Northern Southern Eastern Western Central United Federal Global Atlantic Pacific Continental
Royal Independent Allied Democratic Popular Metropolitan Regional International Coastal Highland
""".split()
ORG_NOUNS = """
Mining Energy Shipping Rail Steel Textile Water Grain Power Telecom Insurance Pharma Aviation Fisheries
Copper Timber Solar Harbour Cement Freight Tobacco Coffee Dairy Software Semiconductor Banking
""".split()
ORG_TYPES = ["Corporation", "Holdings", "Group", "Company", "Authority", "Commission", "Council",
             "Bank", "Union", "Federation", "Institute", "Agency", "Alliance", "Party", "Front"]
MINISTRIES = ["Defence", "Finance", "Health", "Energy", "Foreign Affairs", "Interior", "Trade",
              "Agriculture", "Transport", "Justice", "Education", "Environment"]

CITIES = """
Abuja Accra Addis_Ababa Algiers Amman Ankara Athens Baghdad Bangkok Beirut Berlin Bogota Brasilia
Brussels Bucharest Budapest Buenos_Aires Cairo Caracas Copenhagen Dakar Dhaka Doha Dublin Hanoi
Harare Helsinki Islamabad Jakarta Kabul Kampala Kathmandu Khartoum Kyiv Kinshasa Lagos Lima Lisbon
London Luanda Lusaka Madrid Manila Maputo Mexico_City Minsk Montevideo Moscow Nairobi New_Delhi
Nicosia Oslo Ottawa Paris Prague Pretoria Quito Rabat Riga Rome Santiago Seoul Sofia Stockholm
Tallinn Tashkent Tbilisi Tehran Tokyo Tripoli Tunis Vienna Vilnius Warsaw Washington Wellington
Yerevan Zagreb
""".split()
CITIES = [c.replace("_", " ") for c in CITIES]

SOURCES = {
    "Northbridge Herald": "northbridge-herald.example",
    "Daily Meridian": "dailymeridian.example",
    "Coastline Wire": "coastline-wire.example",
    "The Civic Ledger": "civic-ledger.example",
    "Harbour Post": "harbourpost.example",
    "Eastern Dispatch": "eastern-dispatch.example",
}
BOILERPLATE = {
    "Northbridge Herald": (["18.4 C"], ["Related Articles", "Please enter your comment!", "Stay Connected"]),
    "Daily Meridian": (["Weather 64°F"], ["Share this:", "Subscribe to our newsletter", "Latest Articles"]),
    "Coastline Wire": ([], ["Follow us on Twitter", "© 2025 Coastline Wire. All rights reserved."]),
    "The Civic Ledger": (["Partly cloudy 21°"], ["Most Popular", "Read more"]),
    "Harbour Post": ([], ["Advertisement", "Related Posts", "Leave a Reply"]),
    "Eastern Dispatch": (["9 C"], ["Sign up for our morning briefing", "Latest Articles"]),
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _countries() -> list[tuple[str, str | None]]:
    """(country name, demonym or None) from pycountry, keeping the short common names."""
    demonyms = {"France": "French", "Germany": "German", "Kenya": "Kenyan", "Nigeria": "Nigerian",
                "Brazil": "Brazilian", "Japan": "Japanese", "India": "Indian", "Egypt": "Egyptian",
                "Turkey": "Turkish", "Iraq": "Iraqi", "Canada": "Canadian", "Mexico": "Mexican",
                "Poland": "Polish", "Spain": "Spanish", "Italy": "Italian", "Norway": "Norwegian",
                "Ghana": "Ghanaian", "Chile": "Chilean", "Peru": "Peruvian", "Jordan": "Jordanian"}
    out = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        if "," in name or "(" in name or len(name.split()) > 3:
            continue
        if name.startswith(("United", "Republic", "Kingdom", "Democratic", "Central African")):
            name = f"the {name}"
        out.append((name, demonyms.get(name)))
    return out


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    title: str
    org: int  # index of the organisation they belong to

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Org:
    name: str
    acronym: str | None


class Vocabulary:
    """A few thousand actors, fixed by the seed, with Zipf weights."""

    def __init__(self, rng: random.Random, *, people: int = 2500, orgs: int = 1200) -> None:
        self.rng = rng
        names = list(itertools.product(FIRST_NAMES, SURNAMES))
        rng.shuffle(names)
        self.orgs = self._make_orgs(orgs)
        self.people = [Person(f, s, rng.choice(TITLES), rng.randrange(len(self.orgs)))
                       for f, s in names[:people]]
        self.countries = _countries()
        rng.shuffle(self.countries)
        self.cities = list(CITIES)
        rng.shuffle(self.cities)

    def _make_orgs(self, n: int) -> list[Org]:
        seen: set[str] = set()
        out: list[Org] = []
        while len(out) < n:
            kind = self.rng.random()
            if kind < 0.15:
                name = f"Ministry of {self.rng.choice(MINISTRIES)}"
                if name in seen:
                    name = f"{self.rng.choice(ORG_ADJECTIVES)} {self.rng.choice(ORG_NOUNS)} Commission"
            else:
                name = " ".join([self.rng.choice(ORG_ADJECTIVES), self.rng.choice(ORG_NOUNS),
                                 self.rng.choice(ORG_TYPES)])
            if name in seen:
                continue
            seen.add(name)
            words = [w for w in name.split() if w not in {"of"}]
            acronym = "".join(w[0] for w in words).upper() if self.rng.random() < 0.35 else None
            out.append(Org(name, acronym))
        return out

    def zipf(self, items: list, s: float = 1.1):
        """An item by a Zipf law over its index: index k with weight 1/(k+1)^s."""
        n = len(items)
        # inverse transform on the continuous approximation: fast and seed-stable
        u = self.rng.random()
        k = int(((n ** (1 - s) - 1) * u + 1) ** (1 / (1 - s))) - 1
        return items[min(max(k, 0), n - 1)]


TEMPLATES = {
    "politics": [
        "{P1t}, {role1} of the {O1}, said on {day} that the government would {policy}.",
        "{P2t} accused {P1s} of misleading voters about {issue}.",
        "The {O1} and the {O2} agreed to form a joint committee on {issue}.",
        "Officials in {C1} said the {A1} would meet in {city} next week.",
        "{P1s} told the {src} that {C1} had sent a formal letter to the {O2}.",
        "{Demonym} lawmakers voted to {policy} after a long debate in {city}.",
        "{P2s} did not comment on the report, a spokesperson for the {O2} said.",
    ],
    "business": [
        "{O1} agreed to acquire {O2} in a deal valued at {money}, the companies said on {day}.",
        "{P1t}, chief executive of {O1}, said the merger would close by {month}.",
        "Shares of {O2} rose {pct} in {city} after {P1s} announced the plan.",
        "The {A1} said it would review the deal under {C1}'s competition rules.",
        "{P2t} of the {O3} warned that {issue} could slow growth in {C1}.",
        "{O1} did not disclose the terms, but analysts at the {O3} estimated them at {money}.",
        "{P1s} met {P2s} in {city} on {day} to discuss {issue}.",
    ],
    "conflict": [
        "Forces loyal to the {O1} attacked positions held by the {O2} near {city} on {day}.",
        "{P1t}, commander of the {O1}, said his troops had withdrawn from the border with {C2}.",
        "The government of {C1} accused {C2} of supplying weapons to the {O2}.",
        "{P2s} told reporters in {city} that talks with the {A1} would resume {when}.",
        "The {A1} condemned the attack and called on {C1} and {C2} to show restraint.",
        "{Demonym} officials said {number} people had been displaced since {month}.",
        "{P1s} met {P2t} in {city} to discuss a ceasefire.",
    ],
    "sport": [
        "{O1} beat {O2} {score} in {city} on {day}, with {P1s} scoring twice.",
        "{P1t}, coach of {O1}, praised the defence after the win over {O2}.",
        "{P2t} signed a three-year contract with {O3}, the club said.",
        "The {A1} fined {O2} for crowd trouble at the match in {city}.",
        "{P2s} said the team had not played well since {month}.",
        "{Demonym} fans travelled to {city} for the final against {O2}.",
    ],
    "science": [
        "Researchers at the {O1} published a study on {issue} in collaboration with the {O2}.",
        "{P1t}, director of the {O1}, said the results would be presented in {city}.",
        "The {A1} approved funding for a trial led by {P2t}.",
        "{P1s} warned that {issue} remained poorly understood in {C1}.",
        "Scientists from {C1} and {C2} will share data under the agreement, {P2s} said.",
        "The {O2} did not respond to a request for comment on {day}.",
    ],
}
GENERIC = [
    "The talks in {city} were the first since {month}, according to a statement from the {O2}.",
    "{P1s} said on {day} that {C1} would not accept any deal that ignored {issue}.",
    "A spokesperson for the {O1} declined to comment on the figures.",
    "{P2t} visited {city} on {day} and met local officials to discuss {issue}.",
    "Critics said the plan did little to address {issue}, which has worried residents of {city} for years.",
    "The {O3} said it had received {number} complaints since {month}.",
    "In a separate statement, the {A1} said it was monitoring the situation closely.",
    "{P1s} and {P2s} are expected to meet again {when}.",
    "Analysts said the decision could have consequences well beyond {C1}.",
    "{Demonym} media reported that the {O1} had hired advisers from {C2}.",
    "The announcement came a day after protests in {city} over {issue}.",
    "{P2s} criticised the {O1} for failing to publish its accounts.",
    "Neither the {O2} nor the {O3} responded to questions sent on {day}.",
    "The agreement with {C2} will be reviewed by the {A1} {when}.",
]
FILLERS = {
    "policy": ["raise fuel subsidies", "delay the vote", "cut import tariffs", "expand rural clinics",
               "reform the pension system", "extend the state of emergency"],
    "issue": ["water shortages", "rising food prices", "the new tax code", "drought", "cyber attacks",
              "youth unemployment", "a rare blood disorder", "coastal erosion", "energy security"],
    "role": ["chairman", "deputy head", "spokesperson", "secretary general", "director", "treasurer"],
    "money": ["$1.2 billion", "$450 million", "€800 million", "$3.4 billion", "£95 million"],
    "pct": ["4.2%", "11%", "2.7%", "18%", "0.9%"],
    "score": ["2-1", "3-0", "1-0", "4-2", "2-2"],
    "number": ["12,000", "3,400", "85,000", "600", "41,000"],
    "when": ["next month", "after the holidays", "within days", "in the spring"],
}


class CorpusGenerator:
    """Articles from templates; ``articles(n)`` is a pure function of (seed, n)."""

    def __init__(self, seed: int = 7, *, start: date = date(2024, 1, 1), days: int = 730,
                 repeat_share: float = 0.03, update_share: float = 0.03) -> None:
        self.seed = seed
        self.start = start
        self.days = days
        self.repeat_share = repeat_share
        self.update_share = update_share
        self.vocab = Vocabulary(random.Random(seed))

    def articles(self, n: int) -> Iterator[dict]:
        rng = random.Random(self.seed * 1_000_003 + 1)
        self.vocab.rng = rng
        emitted: list[dict] = []
        produced = 0
        while produced < n:
            roll = rng.random()
            if emitted and roll < self.repeat_share:
                yield _public(rng.choice(emitted))  # the same article seen again
            elif emitted and roll < self.repeat_share + self.update_share:
                old = rng.choice(emitted)
                updated = dict(old)
                updated["text"] = old["text"] + "\n\n" + self._paragraph(rng, rng.choice(list(TEMPLATES)),
                                                                          self._cast(rng), old["_day"])
                updated["title"] = old["title"] + " (updated)"
                yield _public(updated)
            else:
                article = self._article(rng, produced)
                emitted.append(article)
                if len(emitted) > 5000:
                    emitted.pop(rng.randrange(len(emitted)))
                yield _public(article)
            produced += 1

    # -- one article
    def _cast(self, rng: random.Random) -> dict:
        v = self.vocab
        people = [v.zipf(v.people) for _ in range(2)]
        while people[1] == people[0]:
            people[1] = rng.choice(v.people)
        orgs = self._distinct(lambda: v.zipf(v.orgs), 3)
        countries = self._distinct(lambda: v.zipf(v.countries, 1.3), 2)
        return {"people": people, "orgs": orgs, "countries": countries, "city": v.zipf(v.cities, 1.05),
                "acronym_org": next((o for o in v.orgs[rng.randrange(0, 200):] if o.acronym), v.orgs[0]),
                "defined": set(), "named": set()}

    @staticmethod
    def _distinct(pick, n: int) -> list:
        out: list = []
        while len(out) < n:
            item = pick()
            if item not in out:
                out.append(item)
        return out

    def _article(self, rng: random.Random, k: int) -> dict:
        domain = rng.choice(list(TEMPLATES))
        source = rng.choice(list(SOURCES))
        day = self.start + timedelta(days=rng.randrange(self.days))
        cast = self._cast(rng)
        paragraphs = [self._paragraph(rng, domain, cast, day) for _ in range(rng.randint(6, 12))]
        head, foot = BOILERPLATE[source]
        p1, o1, c1 = cast["people"][0], cast["orgs"][0], cast["countries"][0][0]
        c2, issue = cast["countries"][1][0], rng.choice(FILLERS["issue"])
        title = rng.choice([f"{p1.full} under pressure as {o1.name} talks stall",
                            f"{c1} and {c2} in new dispute over {issue}",
                            f"{o1.name} reports record year", f"Talks in {cast['city']} end without deal"])
        text = "\n\n".join(paragraphs)
        lines = [*head, day.strftime("%A, %B %-d, %Y"), "", title, "", text, "", *foot]
        slug = f"{domain}/{day.isoformat()}/{k:07d}"
        return {"title": title, "text": "\n".join(lines), "url": f"https://www.{SOURCES[source]}/{slug}",
                "published": day.isoformat(), "source": source, "_day": day}

    def _paragraph(self, rng: random.Random, domain: str, cast: dict, day: date) -> str:
        return " ".join(self._sentence(rng, domain, cast, day) for _ in range(rng.randint(1, 3)))

    def _sentence(self, rng: random.Random, domain: str, cast: dict, day: date) -> str:
        if not cast.get("deck"):
            deck = TEMPLATES[domain] + GENERIC
            cast["deck"] = rng.sample(deck, len(deck))
        template = cast["deck"].pop()
        people, orgs, countries = cast["people"], cast["orgs"], cast["countries"]
        acr_org: Org = cast["acronym_org"]

        def acronym() -> str:  # defined at its first use in the article, bare after that
            if acr_org.name in cast["defined"]:
                return acr_org.acronym or acr_org.name
            cast["defined"].add(acr_org.name)
            return f"{acr_org.name} ({acr_org.acronym})"

        def person(i: int, titled: bool) -> str:
            p = people[i]
            if p.full in cast["named"]:
                return p.last
            cast["named"].add(p.full)
            return f"{p.title} {p.full}" if titled else p.full

        country = countries[0][0]
        demonym = countries[0][1] or (f"{country}'" if country.endswith("s") else f"{country}'s")
        values = {
            "P1t": lambda: person(0, True), "P2t": lambda: person(1, True),
            "P1s": lambda: person(0, False), "P2s": lambda: person(1, False),
            "O1": lambda: orgs[0].name, "O2": lambda: orgs[1].name, "O3": lambda: orgs[2].name,
            "A1": acronym, "C1": lambda: countries[0][0], "C2": lambda: countries[1][0],
            "city": lambda: cast["city"], "Demonym": lambda: demonym,
            "day": lambda: rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
            "month": lambda: rng.choice(["March", "June", "September", "December"]),
            "src": lambda: rng.choice(list(SOURCES)),
            "role1": lambda: rng.choice(FILLERS["role"]),
            **{k: (lambda v=v: rng.choice(v)) for k, v in FILLERS.items()},
        }
        out = template
        for key, make in values.items():
            token = "{" + key + "}"
            while token in out:
                out = out.replace(token, make(), 1)
        return out[0].upper() + out[1:] if out else out


def _public(article: dict) -> dict:
    return {k: v for k, v in article.items() if not k.startswith("_")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    for article in CorpusGenerator(args.seed).articles(args.articles):
        sys.stdout.write(json.dumps(article, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
