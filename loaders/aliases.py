"""Name tables: canonical names, aliases, countries, demonyms and titles, all loaded from data.

Sources, in order of precedence (a later one never overrides an earlier key):

1. the user's alias file (``settings.alias_file``, JSON Lines ``{"name", "type", "aliases": [...]}``);
2. our own table, ``loaders/data/aliases.jsonl`` (same format);
3. the countries of ISO 3166 (pycountry): name, official name and common name (not the alpha-3
   code: "MMR" in a text is far more often a vaccine than Myanmar);
4. demonyms (``loaders/data/demonyms.json``): "Iraqi", "Iraqis" -> Iraq; short names and demonyms
   several countries share ("Korean") are listed apart, and resolution picks the one an article names.

Beside them: titles (``titles.txt``), places (``places.json``) and people's first names
(``given_names.txt``, from Faker's person providers), which are evidence, not names.

Keys are compared by :func:`name_key` (case, dots, quotes, a leading "the" and a possessive do not
matter), so "U.S." and "US" are one key.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from kg.errors import ConfigError
from kg.model import EntityType

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|')$", re.I)
_NON_WORD = re.compile(r"[^\w\s&'-]+")
_SPACES = re.compile(r"[\s-]+")

# the small words inside a name that join its parts ("Bank of England", "Banco de la Nación"): no short
# form ends before one, and a name with one has no one-word short form at its end
PHRASE_WORDS = frozenset({"of", "for", "and", "on", "&", "de", "del", "du", "des", "la", "le", "por"})


def clean_surface(text: str) -> str:
    """A surface form as written, minus what is never part of a name: spaces collapsed, a leading
    "the", a trailing possessive."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    text = _LEADING_ARTICLE.sub("", text)
    text = re.sub(r"\s*(?:['\u2019]s|['\u2019])$", "", text)
    return text.strip(" ,;:")


def camel_case(word: str) -> bool:
    """A brand written in camel case ("BirdLife", "WaterAid"), not a name with a prefix ("McAllen",
    "DeKalb", "LeBron") or a hyphen ("KwaZulu-Natal")."""
    return (
        word[:1].isupper()
        and word.isalpha()
        and any(c.isupper() for c in word[2:])
        and any(c.islower() for c in word)
        and word[:2] not in ("Mc", "De", "Le", "La", "Di")
    )


def legal_key(word: str) -> str:
    """A legal form compared without case or dots: "N.A." and "na", "d.o.o." and "doo"."""
    return word.casefold().replace(".", "")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The form under which two names are the same: ``"The U.S.'s"`` and ``"US"`` give ``"us"``."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().strip()
    text = _LEADING_ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = text.replace(".", "")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Canonical:
    """What a table says a name stands for."""

    name: str
    type: str
    source: str  # "user", "aliases", "country", "demonym"


@dataclass(frozen=True, slots=True, eq=False)
class NameTables:
    """Every table name resolution needs; built once per alias file (see :func:`load_tables`)."""

    names: dict[str, Canonical]  # name_key -> canonical, for names and aliases
    demonyms: dict[str, Canonical]  # name_key of a demonym -> its country
    titles: frozenset[str]  # lower-case title words, without a trailing period
    surfaces: dict[str, Canonical] = field(default_factory=dict)  # exact surface forms worth tagging
    capitals: frozenset[str] = frozenset()  # name_key of national capitals
    cities: frozenset[str] = frozenset()  # name_key of cities of 100,000 people or more
    towns: frozenset[str] = frozenset()  # name_key of towns of 15,000 people or more (not cities)
    given_names: frozenset[str] = frozenset()  # people's first names, as written ("Mathis", "Pieter-Jan")
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name_key -> countries it may be
    demonym_forms: frozenset[str] = frozenset()  # demonyms as written ("Filipino", "Kazakhs"), ambiguous ones too
    post_nominals: frozenset[str] = frozenset()  # letters after a person's name, without dots ("KC", "OBE")
    regions: frozenset[str] = frozenset()  # name_key of states, provinces and regions ("Tasmania", "Sindh")
    legal_forms: frozenset[str] = frozenset()  # companies' legal forms, as legal_key gives them ("inc", "doo")
    legal_words: frozenset[str] = frozenset()  # legal forms that are words too when written in lower case ("as")
    dotted: frozenset[str] = frozenset()  # name_key of abbreviations known only with their period ("Kan.")

    def is_legal_form(self, word: str) -> bool:
        """Whether ``word`` is a company's legal form as written after its name: "Inc.", "AG", "N.A.",
        "plc", "d.o.o.", "hf." ("as", "co" and "spa" in lower case without dots are words)."""
        key = legal_key(word)
        return key in self.legal_forms and (word[:1].isupper() or "." in word or key not in self.legal_words)

    def without_legal_form(self, text: str, keep: int = 1) -> str:
        """``text`` without the legal forms that end it, keeping ``keep`` words at least: "Kestrel
        Payments Inc." -> "Kestrel Payments", "Nordhav Marine A/S" -> "Nordhav Marine"."""
        words = text.split()
        while len(words) > keep and self.is_legal_form(words[-1].strip(",()")):  # "(Pty) Ltd"
            words.pop()
        return " ".join(words)

    def lookup(self, text: str) -> Canonical | None:
        """The canonical entity a name, alias or demonym stands for, if a table knows it."""
        key = name_key(text)
        if key in self.dotted and "." not in text:
            return None  # "Kan" the broadcaster is not "Kan." (Kansas)
        return self.names.get(key) or self.demonyms.get(key)

    def is_title(self, word: str) -> bool:
        return word.casefold().rstrip(".") in self.titles

    def is_demonym(self, text: str) -> bool:
        return name_key(text) in self.demonyms

    def is_city(self, text: str) -> bool:
        key = name_key(text)
        return key in self.cities or key in self.capitals

    def is_town(self, text: str) -> bool:
        """A town of 15,000 people or more, a city or a capital: weaker evidence than ``is_city``, since
        many towns are named like people ("Harper", "Johnstone")."""
        return name_key(text) in self.towns or self.is_city(text)

    def is_town_or_country(self, text: str) -> bool:
        """A place the tables know by this name: a country or an alias of one (type GPE), or a city."""
        hit = self.lookup(text)
        return (hit is not None and hit.type == "GPE") or self.is_city(text)

    def is_place(self, text: str) -> bool:
        """A city, a region or a country the tables know, whatever NER called it."""
        return self.is_town_or_country(text) or self.is_region(text)

    def is_region(self, text: str) -> bool:
        """A country's state, province or region (pycountry's first-level subdivisions)."""
        return name_key(text) in self.regions

    def is_post_nominal(self, word: str) -> bool:
        """Letters written after a person's name that are no part of it ("KC", "O.B.E.")."""
        return word.replace(".", "") in self.post_nominals

    def is_capital(self, text: str) -> bool:
        return name_key(text) in self.capitals

    def is_given_name(self, word: str) -> bool:
        """Whether ``word`` is a person's first name and nothing the tables know better: not a title,
        a country, a demonym, an alias or a city ("Santiago", "Florence" and "Georgia" say nothing)."""
        return (
            len(word) >= 3
            and (word in self.given_names or (not word.isascii() and unaccented(word) in self.given_names))
            and not self.is_title(word)
            and self.lookup(word) is None
            and not self.is_city(word)
        )


@lru_cache(maxsize=4096)
def unaccented(word: str) -> str:
    """ "Ruairí" -> "Ruairi", "Écologie" -> "Ecologie": the letters without their accents (the list writes
    many first names without them)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def data_path(name: str) -> Path:
    return Path(str(resources.files("loaders") / "data" / name))


def read_alias_file(path: Path) -> Iterator[tuple[str, str, list[str]]]:
    """``(name, type, aliases)`` for each line of an alias file; a bad file raises ConfigError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"alias file {path}: cannot be read ({exc}); fix KG_ALIAS_FILE or the file"
        ) from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
            name, type_ = str(row["name"]).strip(), str(row.get("type", "ORG")).strip().upper()
            aliases = [str(a) for a in row.get("aliases", [])]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ConfigError(
                f'alias file {path}, line {number}: expected {{"name": ..., "type": ..., "aliases": [...]}}'
            ) from None
        if type_ not in EntityType.__members__ or not name:
            raise ConfigError(
                f"alias file {path}, line {number}: type {type_!r} is not one of "
                f"{', '.join(EntityType.__members__)}"
            )
        yield name, type_, aliases


def _add(table: dict[str, Canonical], keys: Iterable[str], canonical: Canonical) -> None:
    for key in keys:
        k = name_key(key)
        if k and k not in table:
            table[k] = canonical


def _country_rows() -> Iterator[tuple[str, list[str]]]:
    for country in pycountry.countries:
        display = getattr(country, "common_name", None) or country.name
        names = [country.name, display, getattr(country, "official_name", None) or ""]
        yield display, [n for n in names if n]


def build_tables(alias_file: Path | None = None) -> NameTables:
    names: dict[str, Canonical] = {}
    rows: list[tuple[str, str, list[str], str]] = []
    if alias_file is not None:
        rows += [(n, t, a, "user") for n, t, a in read_alias_file(Path(alias_file))]
    rows += [(n, t, a, "aliases") for n, t, a in read_alias_file(data_path("aliases.jsonl"))]
    surfaces: dict[str, Canonical] = {}
    undotted = {name_key(form) for _, _, aliases, _ in rows for form in aliases if not form.endswith(".")}
    dotted = {
        name_key(form) for _, _, aliases, _ in rows for form in aliases
        if form.endswith(".") and " " not in form and len(form) <= 6 and form.count(".") == 1
    } - undotted
    for name, type_, aliases, source in rows:
        canonical = Canonical(name, type_, source)
        _add(names, [name, *aliases], canonical)
        for form in (name, *aliases):
            surfaces.setdefault(clean_surface(form), canonical)
    for display, forms in _country_rows():
        # a country our table renames ("Russian Federation" -> "Russia") keeps our name
        known = next((names[name_key(f)] for f in forms if name_key(f) in names), None)
        canonical = known or Canonical(display, EntityType.GPE, "country")
        _add(names, forms, canonical)
        for form in forms[:3]:
            if form and "," not in form and "(" not in form:
                surfaces.setdefault(form, canonical)
    demonyms: dict[str, Canonical] = {}
    demonym_data = json.loads(data_path("demonyms.json").read_text(encoding="utf-8"))
    data = demonym_data["demonyms"]
    ambiguous = {
        name_key(form): tuple(getattr(names.get(name_key(c)), "name", c) for c in countries)
        for form, countries in demonym_data.get("ambiguous", {}).items()
    }
    for country, forms in data.items():
        target = names.get(name_key(country)) or Canonical(country, EntityType.GPE, "demonym")
        _add(demonyms, forms, Canonical(target.name, target.type, "demonym"))
    titles = frozenset(
        line.strip().casefold().rstrip(".")
        for line in data_path("titles.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    places = read_json("places.json")
    resolution = read_json("resolution.json")
    entity_filter = read_json("entity_filter.json")
    given = frozenset(
        line.strip()
        for line in data_path("given_names.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return NameTables(
        names=names,
        demonyms=demonyms,
        titles=titles,
        surfaces=surfaces,
        capitals=frozenset(name_key(c) for c in places["capitals"]),
        cities=frozenset(name_key(c) for c in places["cities"]),
        towns=frozenset(name_key(c) for c in places["towns"]),
        given_names=given,
        ambiguous=ambiguous,
        demonym_forms=frozenset(f for forms in data.values() for f in forms) | set(demonym_data.get("ambiguous", {})),
        post_nominals=frozenset(entity_filter["post_nominals"]),
        regions=_regions(names, frozenset(entity_filter["region_stoplist"])),
        legal_forms=frozenset(legal_key(f) for f in resolution["legal_forms"]),
        legal_words=frozenset(legal_key(f) for f in resolution["legal_forms_also_words"]),
        dotted=frozenset(dotted),
    )


#: Kinds of first-level subdivisions that are regions a reporter names ("Tasmania", "Punjab", "Oaxaca").
_REGION_KINDS = frozenset({
    "State", "Province", "Region", "Autonomous region", "Autonomous community", "Land", "Union territory",
    "Territory", "Federal district", "Regional state", "Oblast", "Republic", "Emirate", "Voivodship", "Canton",
    "Governorate", "Prefecture", "Autonomous republic", "Autonomous province", "Federal territory",
})
#: Countries whose departments are regions a reporter names as such ("Nariño", "Petén", "Constanța"); the
#: departments of Benin and Congo ("Plateau", "Pool", "Mono") are ordinary words too often, and those of
#: Uruguay and Paraguay common surnames ("Rivera", "Flores", "Soriano", "Cabañas").
_DEPARTMENT_COUNTRIES = frozenset({"BO", "CO", "GT", "HN", "HT", "NI", "RO", "SV"})


def _regions(names: dict[str, Canonical], ordinary: frozenset[str]) -> frozenset[str]:
    """Keys of the states, provinces and regions of every country, from pycountry, in each written form
    it gives ("Galicia [Galicia]", "Murcia, Región de" give "galicia", "murcia"); a name a table knows
    as something else (a country: "Georgia") is left to that table, and ordinary words ("Central",
    ``region_stoplist``) are none."""
    out = set()
    for sub in pycountry.subdivisions:
        department = sub.type == "Department" and sub.country_code in _DEPARTMENT_COUNTRIES
        if sub.parent_code is not None or (sub.type not in _REGION_KINDS and not department):
            continue
        for form in re.split(r"\s*[\[\]]\s*", sub.name):
            form = form.partition(",")[0].strip()
            key = name_key(form)
            plain = unaccented(key)
            for k in {key, plain}:  # "Tamil Nādu" is written "Tamil Nadu" too
                if len(k) >= 4 and k not in names and k not in ordinary and not k.isdigit():
                    out.add(k)
    return frozenset(out)


@lru_cache(maxsize=8)
def load_tables(alias_file: str | None = None) -> NameTables:
    """The tables for one alias file, built once per process."""
    return build_tables(Path(alias_file) if alias_file else None)


def read_json(name: str) -> dict:
    """One of our JSON data files, by name."""
    return json.loads(data_path(name).read_text(encoding="utf-8"))
