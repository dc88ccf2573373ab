"""Which mentions are one entity: within an article, then against the store.

Within an article (:func:`resolve_mentions`), from plain :class:`Surface` values (no spaCy here):

* names the tables know become their canonical entity: aliases ("U.S.", "America" -> United States),
  countries (pycountry), demonyms ("Iraqi", "Iraqis" -> Iraq); a name several countries share
  ("Korean") is the one the article names;
* an acronym the text defines or implies is its long form ("HMC" -> High Military Committee);
* a surname alone (or the last words of a name, a first surname before particles, either part of a
  hyphenated surname) is the person of that full name; when two people share it, the one mentioned
  most recently before; when none was, it stays unresolved;
* a one-word "person" that is a town GeoNames knows (``places.json``) is the town, unless it is a
  word of a person's name in the article or opens a team's or a company's name;
* a collective short form ("the coalition", "the parliament") is the article's fuller form that
  contains its words ("international coalition", "Iraqi parliament"); collectives with the same
  head merge unless their modifiers contrast ("ruling" vs "opposition") or name different places;
* names equal up to case, dots, quotes, "the" and a possessive are one entity; so are organisation
  names equal up to a word variant (``name_variants`` in ``resolution.json``: Ministry/Department).

Against the store (:func:`resolve_against_store`): an entity that is ambiguous alone (a surname-only
person, a bare acronym, a collective short form) becomes the stored entity that exactly one lookup
key points to, if it is of the same kind.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.model import (
    Entity,
    EntityRef,
    EntityType,
    ExtractedArticle,
    Mention,
    kind_of,
    lookup_keys,
    make_entity_id,
)
from kg.store.base import GraphStore
from loaders.aliases import PHRASE_WORDS, NameTables, camel_case, clean_surface, name_key, read_json

_CITY_MISLABELS = frozenset({EntityType.PERSON, EntityType.PRODUCT, EntityType.WORK_OF_ART})


@dataclass(frozen=True, slots=True)
class Surface:
    """One entity mention in the cleaned text, as the pipeline found it."""

    text: str  # as written, trimmed to the name
    label: str  # NER label
    start: int  # character offsets in the cleaned text
    end: int
    sentence: int
    collective: bool = False  # a collective actor from our patterns ("the coalition")
    context_org: bool = False  # the words around say it is an organisation ("Leeds beat Newcastle 3-2")
    located: bool = False  # a place the words before say is one ("in Kuressaare", "the town of Sopot")
    led: bool = False  # a collective the words before say who leads ("the US-led coalition")


@dataclass(frozen=True, slots=True)
class Resolved:
    """One entity of an article: its canonical name, type and the indexes of its surfaces."""

    name: str
    type: str
    members: tuple[int, ...]
    aliases: tuple[str, ...]

    @property
    def id(self) -> str:
        return make_entity_id(self.type, self.name)


#: Last words that make a name a place even when NER calls it an organisation (``place_designators`` less
#: the ones clubs and bodies end with: "Islamic State", "Manchester City", "Derby County", "Port Authority").
_PLACE_ENDINGS = frozenset({"island", "islands", "region", "province", "oblast", "governorate", "prefecture",
                            "valley", "peninsula", "archipelago", "territory", "canton", "voivodeship", "regency"})
#: Divisions named "<division> of <place>" ("Region of Crete"; not "Department of Agriculture").
_DIVISIONS_OF = frozenset({"region", "province", "canton", "county", "governorate", "prefecture", "state",
                           "voivodeship", "oblast", "district"})
#: Plural articles of other languages that open the names of parties, gangs and clubs ("Les Engagés",
#: "Los del Selegua"), never a person's (singular ones do: "Le Pen", "La Russa", "El Shaarawy").
_ARTICLES_OPENING = frozenset({"Los", "Las", "Les", "Gli", "Os"})
#: Last words of natural places' names besides ``geo_designators`` ("Jeju Island", "Dahlak Archipelago").
_NATURAL_ENDINGS = frozenset({"island", "islands", "archipelago", "peninsula", "valley", "glacier", "gorge",
                              "mountains", "reefs", "lakes"})
#: Words for a division of a country that follow its name ("Cross River State", "Nampula Province").
_DIVISIONS = frozenset({"state", "province", "region", "county", "district", "governorate", "oblast", "prefecture",
                        "municipality", "department", "regency"})
#: Labels NER gives towns and regions that no place has: a name the tables know as one is the place.
_NO_PLACE_LABELS = frozenset({"EVENT", "PRODUCT", "WORK_OF_ART", "NORP", "LAW"})
#: Words between a person's given names and the father's name, the given names being what the person is
#: called by ("Azman Shah bin Ismail" is "Azman Shah", "Nur Syafiqah binti Rosli" "Nur Syafiqah").
_PATRONYMIC = frozenset({"bin", "binti", "bte", "bt", "a/l", "a/p", "s/o", "d/o"})
#: Small words a name's initials leave out ("Olympique Club de Safi": OC).
_INITIAL_SMALL = frozenset({"de", "del", "da", "do", "di", "du", "des", "of", "the", "la", "le", "y", "e", "and", "&"})
#: Words that open a hyphenated surname without being one ("Al-Muhandis", "El-Sayed", "Ben-Ami").
_PARTICLE_WORDS = frozenset({"al", "el", "ben", "bin", "abu", "ibn", "ould", "ag", "le", "la", "de", "di", "da"})
#: A Korean given name, two syllables joined by a hyphen ("Dong-wook"), which follows the surname.
_KOREAN_GIVEN = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{2,5}")
# the words that join an institution to its place ("Prefettura di Lecce")
_PLACE_LINKS = frozenset({"of", "de", "del", "du", "des", "di", "da", "do", "dos", "das", "della", "in"})
_DATELINE_MIN = 4  # letters of a place in capitals that is no acronym
_SHORTENED = frozenset({"ORG", "EVENT", "FAC", "LOC"})  # kinds whose one-word short forms resolve to the full name


def _dateline_like(text: str) -> bool:
    """Written in capitals and long enough to be a dateline's place, not an acronym ("VALGA")."""
    return text.isupper() and len(text) >= _DATELINE_MIN


def _initials(word: str) -> bool:
    """An acronym of two letters or more ("THW", "KTH"), not an initial ("J.")."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


@dataclass(frozen=True, slots=True)
class ResolutionRules:
    """The data of ``resolution.json``."""

    keep_alone: frozenset[str]
    role_modifiers: frozenset[str]
    back_references: frozenset[str]
    contrasts: tuple[frozenset[str], ...]
    variants: dict[str, str]
    org_designators: frozenset[str]
    fac_designators: frozenset[str]
    product_designators: frozenset[str]
    place_designators: frozenset[str]
    institution_designators: frozenset[str]
    legal_prefixes: frozenset[str]
    club_designators: frozenset[str]
    event_openers: frozenset[str]
    operation_openers: frozenset[str]
    called_by_town: frozenset[str]
    sited_facility_words: frozenset[str]
    geo_designators: frozenset[str]
    geo_openers: frozenset[str]
    party_adjectives: frozenset[str]
    geo_openers_also_names: frozenset[str]
    geo_openers_in_companies: frozenset[str]
    org_openers: frozenset[str]
    ship_prefixes: frozenset[str]
    party_designators: frozenset[str]
    party_plurals: frozenset[str]
    personal_country_names: frozenset[str]
    law_designators: frozenset[str]
    event_designators: frozenset[str]
    venue_words: frozenset[str]
    protected_area_words: frozenset[str]
    protected_area_kinds: frozenset[str]
    fac_openers: frozenset[str]
    outlet_words: frozenset[str]

    @classmethod
    def load(cls) -> ResolutionRules:
        data = read_json("resolution.json")
        return cls(
            keep_alone=frozenset(name_key(k) for k in data["keep_alone"]),
            role_modifiers=frozenset(name_key(k) for k in data["role_modifiers"]),
            back_references=frozenset(name_key(k) for k in data["back_references"]),
            contrasts=tuple(frozenset(g) for g in data["contrasts"]),
            variants={k.casefold(): v.casefold() for k, v in data["name_variants"].items()},
            org_designators=frozenset(data["org_designators"]),
            fac_designators=frozenset(data["fac_designators"]),
            product_designators=frozenset(data["product_designators"]),
            place_designators=frozenset(data["place_designators"]),
            institution_designators=frozenset(data["institution_designators"]),
            legal_prefixes=frozenset(data["legal_prefixes"]),
            club_designators=frozenset(data["club_designators"]),
            event_openers=frozenset(data["event_openers"]),
            operation_openers=frozenset(data["operation_openers"]),
            called_by_town=frozenset(data["called_by_town"]),
            sited_facility_words=frozenset(read_json("kinds.json")["sited_facility_words"]),
            geo_designators=frozenset(data["geo_designators"]),
            geo_openers=frozenset(data["geo_openers"]),
            party_adjectives=frozenset(data["party_adjectives"]),
            geo_openers_also_names=frozenset(data["geo_openers_also_names"]),
            geo_openers_in_companies=frozenset(data["geo_openers_in_companies"]),
            org_openers=frozenset(data["org_openers"]),
            ship_prefixes=frozenset(data["ship_prefixes"]),
            party_designators=frozenset(data["party_designators"]),
            party_plurals=frozenset(data["party_plurals"]),
            personal_country_names=frozenset(name_key(n) for n in data["personal_country_names"]),
            law_designators=frozenset(data["law_designators"]),
            event_designators=frozenset(data["event_designators"]),
            venue_words=frozenset(data["venue_words"]),
            protected_area_words=frozenset(data["protected_area_words"]),
            protected_area_kinds=frozenset(data["protected_area_kinds"]),
            fac_openers=frozenset(data["fac_openers"]),
            outlet_words=frozenset(data["outlet_words"]),
        )


_OUTLET_LABELS = frozenset({"WORK_OF_ART", "GPE", "LOC", "FAC", "PERSON", "NORP"})
_CENTRES = frozenset({"centre", "center"})


class MentionResolver:
    """Resolves the surfaces of one article into entities (see the module doc)."""

    def __init__(self, tables: NameTables) -> None:
        self.tables = tables
        self.rules = ResolutionRules.load()
        # words of an organisation's name that say where or what kind of place it is, or that it is a
        # place's institution ("Hermel Government Hospital", "Kribi Container Terminal")
        rules = self.rules
        self.placed_words = rules.place_designators | rules.fac_designators | rules.institution_designators

    # ------------------------------------------------------------------ keys and labels
    def _variant_key(self, text: str) -> str:
        """The key two spellings of one name share: word variants ("Ministry"/"Department") and a
        trailing legal form ("Redwood Analytics Inc." = "Redwood Analytics") do not count."""
        words = [self.rules.variants.get(w, w) for w in name_key(self.tables.without_legal_form(text)).split()]
        return " ".join(words)

    def _label(self, s: Surface) -> str:
        """NER's label, corrected by the last word of a name when it says what kind of thing the name
        is: "Havenstad Freight" (a "person") is an organisation, "Satish Dhawan Space Centre" (an
        "organisation") a facility, "Polar Satellite Launch Vehicle" a product."""
        words = s.text.split()
        if s.label == "NORP" and self.tables.is_city(s.text) and not self.tables.is_demonym(s.text):
            return EntityType.GPE  # "Bengaluru" taken for a nationality
        known = self.tables.is_town(s.text) or self.tables.is_region(s.text)
        if s.label in _NO_PLACE_LABELS and not s.collective and not self.tables.is_demonym(s.text) and known \
                and self.tables.lookup(s.text) is None:
            return EntityType.GPE  # "Paphos" taken for an event, "Anjouan" for a nationality, "Pavlodar" for a law
        if s.label in ("ORG", "PERSON", "NORP") and not s.collective and self.tables.is_region(s.text) \
                and not (s.label == "PERSON" and (len(words) == 1 or self.tables.is_given_name(words[0]))):
            return EntityType.GPE  # "Tasmania" taken for an organisation, "Tamil Nadu" for a person
        if len(words) < 2 or s.collective:
            return s.label
        last = words[-1].casefold()
        if s.label in ("GPE", "LOC") and self._person_named_like_a_place(words):
            return EntityType.PERSON  # "Santiago Ibargüen Restrepo" taken for a place
        if s.label in _OUTLET_LABELS and (last in self.rules.outlet_words or words[0].casefold() == "daily") \
                and self.tables.lookup(s.text) is None:
            return EntityType.ORG  # "the Daily Star", "The Arizona Republic": a newspaper is an organisation
        if s.label == "ORG" and last in _CENTRES and words[-2].casefold() not in self.rules.venue_words:
            return EntityType.ORG  # "Mindanao Peace Research Centre"; "Kenyatta Convention Centre" is a venue
        if self._legal(s.text):
            return EntityType.ORG  # "Sahel Gold Corp.", whatever NER called it
        if s.label == "PERSON" and _initials(words[0]) and not s.text.isupper():
            return EntityType.ORG  # "THW Kiel", "KTH Royal Institute": no person's name opens with capitals
        if words[0] in self.rules.ship_prefixes and len(words) >= 2 and words[1][:1].isupper():
            return EntityType.PRODUCT  # "MV Dapitan Star": a vessel
        if s.label == "PERSON" and last in self.rules.place_designators and len(words) >= 2:
            return EntityType.GPE  # "Karen State" taken for a person
        if words[0].casefold() in self.rules.org_openers:
            return EntityType.ORG  # "Grupo Albera", "Banco Andino"
        if words[0].casefold() in self.rules.fac_openers and words[1][:1].isupper() \
                and last not in self.rules.org_designators:
            return EntityType.FAC  # "Estadio Cuscatlán", "Hotel Palacký"; not "Hospital Authority"
        if self._protected_area(words):
            return EntityType.LOC  # "Niassa Special Reserve", "Portland Bight Protected Area"
        if words[0].casefold() in self.rules.event_openers and s.label not in ("ORG", "EVENT"):
            return EntityType.EVENT  # "Cyclone Belmira", "Hurricane Delia"
        if words[0].casefold() in self.rules.operation_openers and len(words) >= 2 and words[1][:1].isupper():
            return EntityType.EVENT  # "Operación Jaguar Negro", whatever NER called it (not "Operation Safe Haven")
        phrasal = any(w.casefold() in ("of", "and", "for", "on", "&") for w in words)
        if s.label in ("ORG", "PERSON") and last in self.rules.fac_designators and not phrasal:
            return EntityType.FAC
        if s.label in ("ORG", "PERSON") and last in self.rules.product_designators:
            return EntityType.PRODUCT
        rules = self.rules
        if s.label != "LAW" and last in rules.law_designators:
            return EntityType.LAW  # "Defend Trade Secrets Act", "Paris Agreement"
        if s.label != "EVENT" and last in rules.event_designators \
                and not (last == "rally" and words[0].casefold() in rules.party_adjectives):
            return EntityType.EVENT  # "Berlin International Film Festival", not the party "Democratic Rally"
        if s.label == "LAW" and any(w.casefold() in rules.org_designators for w in words[:-1]) \
                and last not in rules.law_designators:
            return EntityType.ORG  # "National Anti-Corruption Bureau of Ukraine" taken for a law
        if s.label in ("PERSON", "EVENT", "PRODUCT") and (last in rules.org_designators or last in rules.party_plurals):
            return EntityType.ORG
        if s.label in ("GPE", "LOC", "FAC") and last in rules.org_designators and not self._place_word(last) \
                and not (s.label == "FAC" and last in rules.sited_facility_words):
            return EntityType.ORG  # "West Yorkshire Police", "St. Louis County District Court"; a hospital
            # the text names as a place people are taken to is one (kg_kinds' sited_facilities)
        if s.label in ("PERSON", "GPE", "LOC") and last in rules.club_designators:
            return EntityType.ORG
        natural = last in self.rules.geo_designators or (
            words[0].casefold() in self.rules.geo_openers
            and (s.label != "PERSON" or words[0].casefold() not in self.rules.geo_openers_also_names)
        )  # "Punta Norte" taken for a person, but "Rio Ferdinand" is one
        rest = " ".join(words[1:])
        if words[0].casefold() in self.rules.geo_openers and self.tables.is_place(rest):
            natural = True  # "Lake Malawi", "Mount Kenya": the opener and a place's name
        if s.label == "PERSON" and self.tables.is_given_name(words[0]):
            natural = False  # "Michael Bay", "Greg Lake"
        if s.label in ("PERSON", "PRODUCT", "WORK_OF_ART") and natural and not phrasal:
            return EntityType.LOC  # "Richards Bay" taken for a person, "Cordillera Blanca" for a product
        if s.label == "GPE" and last in self.rules.geo_designators and not phrasal \
                and self.tables.lookup(s.text) is None and not self.tables.is_city(s.text) \
                and not self.tables.is_region(s.text):
            return EntityType.LOC  # "Hellshire Hills", "Tokwe River" taken for a town; "Beverly Hills" is one
        opener = words[0].casefold()
        opened = opener in self.rules.geo_openers and opener not in self.rules.geo_openers_in_companies \
            and len(words) <= 3
        if s.label == "ORG" and opened and not phrasal and last not in self.rules.org_designators:
            return EntityType.LOC  # "Punta Norte" taken for an organisation
        if s.label == "GPE" and opener in self.rules.geo_openers and len(words) <= 3 and not phrasal \
                and self.tables.lookup(s.text) is None \
                and not self.tables.is_city(s.text) and not self.tables.is_region(s.text):
            return EntityType.LOC  # "Lake Titicaca" taken for a country or city; "Cape Town" is a city
        if s.label == "ORG" and last in _PLACE_ENDINGS and not phrasal:
            return EntityType.GPE  # "Canary Islands", "Kurdistan Region" taken for organisations
        if s.label == "ORG" and len(words) >= 3 and words[1] == "of" and words[0].casefold() in _DIVISIONS_OF \
                and words[2][:1].isupper():
            return EntityType.GPE  # "Region of Crete", "Canton of Jura", "State of Mexico"
        if s.label == "PERSON" and words[0] in _ARTICLES_OPENING and words[1][:1].isupper() \
                and self.tables.lookup(s.text) is None and not self.tables.is_city(s.text):
            return EntityType.ORG  # "Les Engagés", "Los del Selegua": no person's name opens with "the"
        if s.label in ("GPE", "LOC") and self._branch(words):
            return EntityType.ORG  # "BirdLife South Africa", "WaterAid Uganda"
        return s.label

    def _protected_area(self, words: list[str]) -> bool:
        """A reserve, sanctuary or protected area by its last two words ("Biosphere Reserve", "Marine
        Sanctuary", "Conservation Area"; not "Federal Reserve")."""
        if len(words) < 3:
            return False
        last, kind = words[-1].casefold(), words[-2].casefold()
        if last == "area":
            return kind in ("protected", "conservation")
        return last in self.rules.protected_area_words and last != "park" and kind in self.rules.protected_area_kinds

    def _person_named_like_a_place(self, words: list[str]) -> bool:
        """A first name and capitalised words that no table knows as a place and that name no kind of
        place: a person NER took for a place."""
        text = " ".join(words)
        if not self.tables.is_given_name(words[0]) or not all(w[:1].isupper() and w.replace("-", "").isalpha()
                                                             for w in words):
            return False
        rules = self.rules
        if any(w.casefold() in rules.geo_designators or w.casefold() in rules.place_designators
               or w.casefold() in rules.geo_openers or w.casefold() in rules.fac_designators for w in words):
            return False
        known = self.tables.lookup(text) is not None or self.tables.is_city(text) or self.tables.is_region(text)
        return not known and self.tables.lookup(words[-1]) is None and not self.tables.is_city(words[-1])

    def _branch(self, words: list[str]) -> bool:
        """A brand written in camel case and a country: an organisation's national branch."""
        if not camel_case(words[0]):
            return False
        hit = self.tables.lookup(" ".join(words[1:]))
        return hit is not None and hit.type == EntityType.GPE and hit.source == "country"

    def _company(self, text: str) -> bool:
        """A company's or a team's name: a legal form or an organisation word at its end."""
        last = text.split()[-1].casefold()
        return self._legal(text) or last in self.rules.org_designators or last in self.rules.club_designators

    def _legal(self, text: str) -> bool:
        """Whether a name of two words or more ends in a company's legal form ("Calder Therapeutics plc")
        or opens with one written in capitals ("UAB Aukštaitijos Granulės", "SIA Baltic Timber")."""
        words = text.split()
        if len(words) >= 3 and words[0].isupper() and len(words[0]) >= 2 and self.tables.is_legal_form(words[0]):
            return True
        return self.tables.without_legal_form(text) != text.strip()

    def _place_word(self, word: str) -> bool:
        return word in self.rules.place_designators or word in self.rules.fac_designators

    def _canonical(
        self,
        s: Surface,
        acronyms: dict[str, str],
        places: frozenset[str] = frozenset(),
        people: frozenset[str] = frozenset(),
    ) -> tuple[str | None, str | None, str]:
        """(canonical name, type, key) of a surface from the tables and the article's acronyms.
        ``places``: names the article also uses as places; ``people``: words of the article's
        names of people ("Jordan" in "Jordan Pickford")."""
        text = s.text
        if text in acronyms:
            text = acronyms[text]
        hit = self.tables.lookup(text)
        if hit is None:  # "US Ministry of Defense" is the table's "US Department of Defense"; a bare
            variant = self._variant_key(text)  # "Ministry of Defence" is no country's in particular
            hit = self.tables.lookup(variant)
            if hit is not None and variant != self._variant_key(hit.name):
                hit = None
        personal = text in people or name_key(text) in self.rules.personal_country_names
        placed = hit is not None and hit.type == EntityType.GPE and hit.source in ("country", "aliases", "user")
        if placed and s.label == "PERSON" and text not in places and personal:
            hit = None  # "Jordan" the person is not Jordan the country; "Malawi" is Malawi
        if hit is not None and (hit.source != "demonym" or s.label in ("NORP", "GPE") or text.istitle()):
            return hit.name, hit.type, "T:" + name_key(hit.name)
        if text != s.text:
            return clean_surface(text), None, "N:" + self._variant_key(text)
        return None, None, "N:" + self._variant_key(text)

    # ------------------------------------------------------------------ main
    def resolve(self, surfaces: Sequence[Surface], acronyms: dict[str, str] | None = None) -> list[Resolved]:
        acronyms = acronyms or {}
        job = _Job(surfaces, [self._label(s) for s in surfaces], _Union(len(surfaces)))
        keys = []
        places = frozenset(s.text for s in surfaces if s.label in ("GPE", "LOC", "NORP"))
        people = frozenset(w for s in surfaces if s.label == "PERSON" and " " in s.text for w in s.text.split())
        self._towns_in_names(job, people, places)
        self._divisions(job)
        for s in surfaces:
            name, type_, key = self._canonical(s, acronyms, places, people)
            job.canon.append((name, type_))
            keys.append(key)
        self._ambiguous(job, keys)
        self._people(job)  # before names are merged by key: two people may share a surname
        by_key: dict[str, int] = {}
        for i, key in enumerate(keys):
            if i in job.attached:
                continue
            if key in by_key:
                job.union.union(by_key[key], i)
            else:
                by_key[key] = i
        self._initialled_names(job)
        self._short_organisations(job)
        self._party_members(job)
        self._places(job)
        dropped = self._collectives(job)
        out = []
        for members in job.union.groups().values():
            kept = [m for m in members if m not in dropped]
            if kept:
                out.append(self._entity(job, kept, acronyms))
        return self._merge_same_id(out)

    def _ambiguous(self, job: _Job, keys: list[str]) -> None:
        """ "Korean", "Korea": the one of the countries it may stand for that the article names, else the
        usual one when it names none, else none (``ambiguous`` in ``demonyms.json``)."""
        choices = self.tables.ambiguous
        found = [
            (i, choices[name_key(s.text)])
            for i, s in enumerate(job.surfaces)
            if name_key(s.text) in choices and s.label in ("GPE", "NORP", "LOC") and s.text[:1].isupper()
        ]
        if not found:
            return
        ambiguous = {i for i, _ in found}
        named = {job.canon[j][0] for j in range(len(job.surfaces)) if j not in ambiguous and job.canon[j][0]}
        for i, countries in found:
            present = [c for c in countries if c in named]
            choice = present[0] if len(present) == 1 else None if present else countries[0]
            if choice is None:
                job.canon[i] = (None, None)
                keys[i] = "N:" + self._variant_key(job.surfaces[i].text)
            else:
                job.canon[i] = (choice, EntityType.GPE)
                keys[i] = "T:" + name_key(choice)

    # ------------------------------------------------------------------ people
    def _people(self, job: _Job) -> None:
        """A surname alone, or the last words of a name, is the person of the full name; when two
        people share it, the one named most recently before the mention (else it stays alone). A
        first name alone is the one person of the text with that first name."""
        surfaces = job.surfaces
        full: dict[str, list[int]] = defaultdict(list)  # key of a name's tail -> full-name surfaces
        shortened: dict[str, list[int]] = defaultdict(list)  # "first last" of a name with a middle one
        first: dict[str, list[int]] = defaultdict(list)  # key of a first name -> full-name surfaces
        for i, s in enumerate(surfaces):
            words = s.text.split()
            if job.labels[i] == "PERSON" and len(words) >= 2 and job.canon[i][0] is None:
                first[name_key(words[0])].append(i)
                for k in range(1, len(words)):
                    tail = " ".join(words[k:])
                    full[name_key(tail)].append(i)
                    if "-" in tail and k == len(words) - 1:  # "Al-Muhandis" -> "Muhandis"
                        full[name_key(tail.split("-")[-1])].append(i)
                        lead = tail.split("-")[0]  # "Ngongo" of "Jules Ngongo-Amisi", "Loor" of "Loor-Cedeño"
                        if len(lead) > 2 and lead[:1].isupper() and lead.casefold() not in _PARTICLE_WORDS \
                                and not any(o.text.startswith(lead + " ") for o in surfaces):
                            full[name_key(lead)].append(i)  # (not "Kleinschmidt" of "Kleinschmidt Estate")
                if len(words) >= 3 and words[1][:1].isupper():  # "Mahamat Déby" of "Mahamat Idriss Déby"
                    shortened[name_key(f"{words[0]} {words[-1]}")].append(i)
                if len(words) == 2 and _KOREAN_GIVEN.fullmatch(words[1]):
                    full[name_key(words[0])].append(i)  # "Choi" of "Choi Dong-wook": the surname comes first
                patronym = next((k for k, w in enumerate(words) if w.casefold() in _PATRONYMIC), 0)
                if patronym >= 2:  # "Azman Shah" of "Azman Shah bin Ismail": called by the given names
                    full[name_key(" ".join(words[:patronym]))].append(i)
                k = len(words) - 2  # "Becerra" of "Aureliano Becerra Quintero": a first surname
                while k > 1 and words[k].islower():
                    k -= 1  # "Castrellón" of "Aurelio Castrellón de Obaldía"
                paternal = words[k]
                if len(words) >= 3 and k >= 1 and paternal[:1].isupper() and not self.tables.is_given_name(paternal):
                    full[name_key(paternal)].append(i)
        if not full:
            return
        names = {i: name_key(s.text) for i, s in enumerate(surfaces)}
        companies = {names[i] for i, s in enumerate(surfaces) if job.labels[i] == "ORG"
                     and len(s.text.split()) > 2 and names[i] not in full}  # not "Vaz de Almeida" itself
        for i, s in enumerate(surfaces):
            if job.canon[i][0] is not None or s.collective:
                continue
            if job.labels[i] != "PERSON" and names[i] in shortened and " " in s.text:
                candidates = shortened[names[i]]  # "Mahamat Déby" NER took for an organisation ("John Smith",
                if len({names[j] for j in candidates}) == 1:  # a person of his own, is not "John Paul Smith")
                    job.attach(candidates[0], i)
                    continue
            if job.labels[i] != "PERSON" and not self._person_piece(s.text, names[i], full, companies, job):
                continue
            candidates = [j for j in full.get(names[i], []) if names[j] != names[i]]
            people = {names[j] for j in candidates}
            if len(people) == 1:
                job.attach(candidates[0], i)
            elif people:
                before = [j for j in candidates if surfaces[j].start < s.start]
                if before:
                    job.attach(max(before, key=lambda j: surfaces[j].start), i)
            elif " " not in s.text and (job.labels[i] == "PERSON" or self.tables.is_given_name(s.text)
                                        or self._unknown_word(s.text)):
                # (an unknown word NER took for a place or a group: "Wichai" after "Wichai Saetang")
                given = {names[j] for j in first.get(names[i], [])}
                if len(given) == 1:
                    job.attach(first[names[i]][0], i)

    def _unknown_word(self, text: str) -> bool:
        """A capitalised word no table knows: no country, city, town, region or alias."""
        return text[:1].isupper() and not text.isupper() and self.tables.lookup(text) is None \
            and not self.tables.is_place(text) and not self.tables.is_town(text)

    def _person_piece(
        self, text: str, key: str, full: dict[str, list[int]], companies: set[str], job: _Job
    ) -> bool:
        """Whether a name NER did not call a person may still be a piece of one: a first name
        ("Aksel" after "Aksel Haugland"), or the surname of a person named in full ("El Khattabi")
        that no company's name opens with; never a country or an alias the tables know, and a city
        only as the surname of someone named with a first name ("Pereira" after "Rafael Coutinho
        Pereira"; "Houston" stays the city whatever "Safer Houston" NER called a person)."""
        if self.tables.lookup(text) is not None or self.tables.is_capital(text):
            return False
        if self.tables.is_city(text):
            named = [job.surfaces[j].text.split()[0] for j in full.get(key, ())]
            if not any(self.tables.is_given_name(first) for first in named):
                return False
        if " " not in text:
            return True
        return key in full and not any(c.startswith(key + " ") for c in companies)

    def _short_organisations(self, job: _Job) -> None:
        """A short form of exactly one organisation's (or event's) full name is that organisation: one
        capitalised word that begins or ends it ("Nordwind" for "Nordwind Logistik AG", "Commission"
        for "European Commission", "Dortmund" for "Borussia Dortmund", "Belmira" for "Cyclone
        Belmira", "Titicaca" for "Lake Titicaca"), or its first words ("Minas Verdes" for "Minas Verdes
        Mineracao S.A."), or an event's last words ("World Cup" for "Biathlon World Cup"). A place (a
        name NER called one in at least half its mentions) does not shorten a name it begins
        ("Vilnius" and "Vilnius University", "Roswell" and "Roswell Independent School District", "New
        York" and "New York Times", "Lviv" and "Lviv Regional Clinical Hospital"), and the last word of a long
        name with "of" or "for" ("... for the Northern District of California") is no short name.
        When one word shortens several names, it is the one the text named first ("the Commission"
        after "European Commission", before "Data Protection Commission")."""
        firsts: dict[str, set[int]] = defaultdict(set)
        lasts: dict[str, set[int]] = defaultdict(set)
        leads: dict[str, set[int]] = defaultdict(set)  # key of two or more leading words -> full names
        tails: dict[str, set[int]] = defaultdict(set)  # an event's last two words or more -> its full names
        for j, s in enumerate(job.surfaces):
            words = self.tables.without_legal_form(s.text, keep=2).split()  # "Laboratoris Vilaverd S.A."
            if len(words) >= 3 and words[0].casefold() in self.rules.legal_prefixes:
                words = words[1:]  # "PT Susu Prima Nusantara Tbk": "Susu Prima" opens the name
            last = name_key(words[-1])
            natural = job.labels[j] != "LOC" or last in self.rules.geo_designators \
                or last in self.rules.protected_area_words or last in _NATURAL_ENDINGS
            opened = job.labels[j] == "LOC" and words[0].casefold() in self.rules.geo_openers
            if job.labels[j] in _SHORTENED and len(words) >= 2 and not s.collective and (natural or opened):
                if natural:  # "Ningaloo" for "Ningaloo Reef", not "Celtic" for "Celtic Park"
                    firsts[words[0]].add(j)
                phrasal = [w for w in words if w.casefold() in PHRASE_WORDS]
                if not phrasal or (len(words) == 3 and words[1].casefold() == "of"):  # "University of Oxford"
                    lasts[words[-1]].add(j)
                for k in range(2, len(words)):
                    if words[k - 1].casefold() not in PHRASE_WORDS:
                        leads[name_key(" ".join(words[:k]))].add(j)
                if job.labels[j] == "EVENT" and not phrasal:  # "World Cup" for "Biathlon World Cup"
                    for k in range(1, len(words) - 1):
                        tails[name_key(" ".join(words[k:]))].add(j)
        votes: Counter[str] = Counter()  # name -> mentions NER called a place, less the others
        for j, s in enumerate(job.surfaces):
            votes[name_key(s.text)] += 1 if job.labels[j] in ("GPE", "LOC") else -1
        placed = {key for key, vote in votes.items() if vote >= 0}
        datelined = {name_key(s.text) for j, s in enumerate(job.surfaces)
                     if job.labels[j] in ("GPE", "LOC") and _dateline_like(s.text)}
        # a word that is a place for sure: a dateline's ("VALGA"), or the opening of a place's name
        # ("Plateau" of "Plateau State"); with the towns the tables know, it is not short for the place's
        # institutions (see _place_institution)
        seen_as_place = datelined | {name_key(s.text.split()[0]) for j, s in enumerate(job.surfaces)
                                     if job.labels[j] in ("GPE", "LOC") and " " in s.text}
        # a place the words before say is one ("a congress in Kuressaare"): no organisation named after
        # it is called by its name alone (a company or a team still is, see below)
        located = {name_key(s.text) for s in job.surfaces if s.located}
        # the text names teams after their towns (beside scores, ...): "Dortmund" may be "Borussia Dortmund"
        sport = any(s.context_org and " " not in s.text and self.tables.is_place(s.text) for s in job.surfaces)
        for i, s in enumerate(job.surfaces):
            text = s.text
            if i in job.attached or job.canon[i][0] is not None or s.collective or not text[:1].isupper():
                continue
            place = job.labels[i] in ("GPE", "LOC")
            if place and _dateline_like(text) and text.replace(" ", "").isalpha():
                continue  # a dateline's "WINNEBA" is the town, not short for "Winneba Senior High School"
            # "Nyungwe" for "Nyungwe National Park", "Zambezi" for "Zambezi River", "Bukit Tigapuluh" for
            # "Bukit Tigapuluh National Park": a natural place is called by the words its name opens with
            natural, rival = set(), False
            if self.tables.lookup(text) is None and not self.tables.is_city(text):
                opening = leads.get(name_key(text), ()) if " " in text else firsts.get(text, ())
                natural = {j for j in opening if self._natural_place(job, j, strict=True)}
                rival = any(job.labels[j] == EntityType.ORG and j not in natural for j in opening)
            if " " in text:
                fulls = {j for j in leads.get(name_key(text), ()) if not self._designator_only(job, i, j)}
                if job.labels[i] == "EVENT":
                    fulls |= tails.get(name_key(text), set())
                if natural and not rival:
                    fulls = natural
                elif place or text.split()[-1].casefold() in self.rules.fac_designators:
                    continue  # "New York" (New York Times), "Queenstown Airport" (... Airport Corporation)
                if name_key(text) in seen_as_place and not s.context_org:  # "Plateau State" (Governor), a place
                    fulls = {j for j in fulls if not self._place_institution(job, j)}  # not "... Police Command"
            else:
                if (text.casefold() in self.rules.org_designators and s.label != "ORG") or self.tables.is_capital(text):
                    continue
                fulls = set(lasts.get(text, ()))
                if place or name_key(text) in placed:  # Houston, University of Houston; Tasmania, ...
                    fulls = {j for j in fulls if " of " not in job.surfaces[j].text}
                if place or name_key(text) in placed or self.tables.is_town(text):
                    # "Lecce" is not short for "Prefettura di Lecce"
                    fulls = {j for j in fulls if not self._placed_institution(job, j)}
                    if votes[name_key(text)] > 0 and not s.context_org and not sport:
                        # (in a text that names teams, "Dortmund" may be "Borussia Dortmund")
                        if self.tables.is_place(text):
                            fulls = set()  # "Mendoza" (a province in most mentions) is not short for "Cambia Mendoza"
                        elif self.tables.is_town(text) or name_key(text) in datelined:  # "MEJILLONES, Chile —"
                            fulls = {j for j in fulls if job.labels[j] != EntityType.ORG}  # not "... Mejillones"
                if not place and name_key(text) not in placed:
                    # "Vilnius" is not short for "Vilnius University", nor "Lviv" or "Mokolo" (NER's
                    # "organisation" in one mention, a place in as many others) for "... Hospital"; a known
                    # town that NER took for an organisation is short only for a company ("Jinhua" for "Jinhua
                    # Vintage Trading Co., Ltd.", "Toyota" for "Toyota Gazoo Racing"), not for "Padang Utara"
                    town = (self.tables.is_place(text) or name_key(text) in located) and not s.context_org
                    fulls |= {j for j in firsts.get(text, ()) if not town or self._company(job.surfaces[j].text)
                              or (job.surfaces[j].context_org and self._named_after(job, i, j))}  # a team's town
                    if not s.context_org and (name_key(text) in seen_as_place or self.tables.is_town(text)):
                        # "Valga" (a dateline's "VALGA") is not short for "Valga Hospital"
                        fulls -= {j for j in firsts.get(text, ()) if self._place_institution(job, j)}
                elif job.labels[i] == "GPE" and self.tables.lookup(text) is None and not self.tables.is_city(text) \
                        and not self.tables.is_region(text):
                    # a "place" no table knows is short for an organisation named after it ("Brixa" for
                    # "Brixa Networks NV", "Renovación" for "Renovación Popular"), unless that name
                    # says it belongs to a place ("Roswell Independent School District") or the text
                    # says the name is a place ("a congress in Kuressaare" and "Kuressaare Culture Centre";
                    # "in Sinharaja" is still short for "Sinharaja Forest Reserve")
                    fulls |= {j for j in firsts.get(text, ()) if self._named_after(job, i, j)
                              and (name_key(text) not in located or self._natural_place(job, j))}
                fulls |= natural
            # (a natural place's short form may be one NER called anything, an organisation only when no
            # organisation's name opens with it: "Zambezi" and "Zambezi Watercourse Commission")
            fulls = {j for j in fulls if self._may_shorten(job, i, j)
                     or (j in natural and (job.labels[i] != EntityType.ORG or not rival))}
            roots: dict[int, int] = {}  # root -> the first mention of its full name
            for j in fulls:
                root = job.union.find(j)
                roots[root] = min(roots.get(root, j), j, key=lambda m: job.surfaces[m].start)
            if not roots or job.union.find(i) in roots:
                continue
            first = min(roots.values(), key=lambda m: job.surfaces[m].start)
            if len(roots) == 1 or job.surfaces[first].start < s.start:  # else the one the text named first
                job.attach(first, i)

    def _divisions(self, job: _Job) -> None:
        """ "Cross River State", "Sikka Regency" (that NER may call an organisation): a place's name the
        text also writes alone as a place, and a word for a division of a country, is that division (not
        "Islamic State"), and the name alone is short for it, unless it is a city the tables know
        ("Kano" and "Kano State")."""
        places: dict[str, list[int]] = defaultdict(list)
        for j, s in enumerate(job.surfaces):
            if job.labels[j] in (EntityType.GPE, EntityType.LOC):
                places[s.text].append(j)
        for i, s in enumerate(job.surfaces):
            words = s.text.split()
            if job.labels[i] not in (EntityType.ORG, EntityType.GPE) or len(words) < 2 or s.collective:
                continue
            name = " ".join(words[:-1])
            if words[-1].casefold() not in _DIVISIONS or name not in places:
                continue
            job.labels[i] = EntityType.GPE
            if not self.tables.is_city(name) and self.tables.lookup(name) is None:
                for j in places[name]:  # "Sikka" is "Sikka Regency" (not "Kano", a city, for "Kano State")
                    if j not in job.attached:
                        job.attach(i, j)

    def _initialled_names(self, job: _Job) -> None:
        """ "RS Berkane" for "Renaissance Sportive de Berkane", "OC Safi" for "Olympique Club de Safi":
        an organisation's name that opens with the initials of another's first words and goes on with
        its last words is that organisation."""
        orgs = [j for j, s in enumerate(job.surfaces) if job.labels[j] == EntityType.ORG and s.text.count(" ") >= 2]
        for i, s in enumerate(job.surfaces):
            words = s.text.split()
            initials = words[0]
            if len(words) < 2 or not (2 <= len(initials) <= 4 and initials.isupper() and initials.isalpha()):
                continue
            if job.labels[i] != EntityType.ORG or i in job.attached:
                continue
            rest = name_key(" ".join(words[1:]))
            for j in orgs:
                full = job.surfaces[j].text.split()
                if len(full) <= len(words) or name_key(" ".join(full[1 - len(words) :])) != rest:
                    continue
                head = [w for w in full[: 1 - len(words)] if w.casefold() not in _INITIAL_SMALL]
                if "".join(w[0].upper() for w in head) == initials:
                    job.attach(j, i)
                    break

    def _towns_in_names(self, job: _Job, people: frozenset[str], places: frozenset[str]) -> None:
        """ "Duluth" that NER calls a person is the town when it opens the names of the town's
        institutions ("Duluth City Council", "Duluth Seaway Port Authority") and no person's name has it;
        so is a one-word region ("director for Sabah") that is no word of a person's name in the article
        (regions named like common surnames are left out of the tables: see ``_DEPARTMENT_COUNTRIES`` and
        ``region_stoplist``)."""
        towns = set()
        for j, s in enumerate(job.surfaces):
            words = s.text.split()
            inner = {w.casefold() for w in words[1:-1]}
            institution = job.labels[j] in (EntityType.ORG, EntityType.FAC)  # "Mora District Hospital"
            if institution and len(words) >= 3 and inner & self.rules.place_designators:
                towns.add(words[0])
        # a person's surname, also of a name NER called an organisation ("Khurram Nawaz Gondal"), not the
        # last word of "Prefettura di Lecce"
        surnames = {s.text.split()[-1] for s in job.surfaces
                    if " " in s.text and s.text.split()[-2].casefold() not in _PLACE_LINKS}
        for i, s in enumerate(job.surfaces):
            if job.labels[i] != EntityType.PERSON or s.text in people or s.collective:
                continue
            # (a region named like a first name, "Sabah", only when the article also uses it as a place)
            region = " " not in s.text and self.tables.is_region(s.text) \
                and (s.text in places or not self.tables.is_given_name(s.text))
            if s.text in towns or region or self._town_as_person(job, i, surnames):
                job.labels[i] = EntityType.GPE

    def _town_as_person(self, job: _Job, i: int, surnames: set[str]) -> bool:
        """ "Ratnapura", "Puerto Madryn" that NER calls a person: a town GeoNames knows, whose name opens
        with no first name and is no person's surname in the article ("Palencia" in "Irma Palencia de
        León" is the magistrate) nor the opening of a company's or a team's name ("Lishui" for "Lishui
        Amber Trading Co., Ltd.", "San Miguel" for "San Miguel Beermen"; not "Kakuma" of "Kakuma Mission
        Hospital")."""
        text = job.surfaces[i].text
        if not self.tables.is_town(text) or text.split()[0] in self.tables.given_names or text in surnames:
            return False
        opening = text + " "
        return not any(s.text.startswith(opening)
                       and (self._company(s.text) or s.context_org) and self._named_after(job, i, j)
                       for j, s in enumerate(job.surfaces))

    @staticmethod
    def _may_shorten(job: _Job, short: int, full: int) -> bool:
        """A facility's or natural place's short form is no organisation or person of its own name:
        "Allianz" is not short for "Allianz Arena", nor "Trump" for "Trump Tower"."""
        if job.labels[full] == "FAC":
            return job.labels[short] in ("FAC", "LOC")
        if job.labels[full] == "LOC":
            return job.labels[short] != "ORG"
        return True

    def _designator_only(self, job: _Job, short: int, full: int) -> bool:
        """ "Walt Disney" (a person) and "Walt Disney Company": what the full name adds is only a
        kind of organisation, so the person is not short for it."""
        if job.labels[short] != EntityType.PERSON:
            return False
        rest = job.surfaces[full].text.split()[len(job.surfaces[short].text.split()) :]
        return all(w.casefold() in self.rules.org_designators or self.tables.is_legal_form(w) for w in rest)

    def _named_after(self, job: _Job, short: int, full: int) -> bool:
        """Whether the organisation ``full`` is named after ``short`` rather than placed in it: no word
        of its name says where or what kind of place it is or that it is the place's institution ("Hermel
        Government Hospital"), and it is more than the word and an
        organisation word ("Roswell Police")."""
        words = [w.casefold() for w in job.surfaces[full].text.split()[1:]]
        if any(w in self.placed_words for w in words):
            return False
        return self._legal(job.surfaces[full].text) or not all(w in self.rules.org_designators for w in words)

    def _natural_place(self, job: _Job, full: int, strict: bool = False) -> bool:
        """Whether ``full`` names a natural or protected place, whatever NER called it ("Sinharaja
        Forest Reserve", "Laamu Atoll"): its first word alone is the same place. With ``strict``, by its
        last words only ("Nyungwe National Park", "Zambezi River", "Udzungwa Mountains"; not "Kirkby
        Industrial Park")."""
        words = job.surfaces[full].text.split()
        last = words[-1].casefold()
        rules = self.rules
        if last == "park":
            return len(words) >= 3 and words[-2].casefold() in rules.protected_area_kinds
        natural = last in rules.geo_designators or last in rules.protected_area_words or last in _NATURAL_ENDINGS
        return natural if strict else natural or job.labels[full] != EntityType.ORG or last in _PLACE_ENDINGS

    def _place_institution(self, job: _Job, full: int) -> bool:
        """Whether the organisation ``full`` is an institution of the place its name opens with, which
        the place's name alone does not stand for: a word of its name says where or what kind of place
        it is or that it is the place's institution ("Valga Hospital", "Plateau State Police Command",
        "Kribi Deepwater Container Terminal"); a university is called by its town ("Leiden")."""
        if job.labels[full] != EntityType.ORG:
            return False
        words = {w.casefold() for w in job.surfaces[full].text.split()[1:]}
        return not words & self.rules.called_by_town and bool(words & self.placed_words)

    def _placed_institution(self, job: _Job, full: int) -> bool:
        """Whether the organisation ``full`` names the place it ends with after a linking word
        ("Prefettura di Lecce"), not itself a place ("Region of Murcia") nor a university ("University
        of Oxford", called "Oxford")."""
        words = job.surfaces[full].text.split()
        if job.labels[full] != EntityType.ORG or words[-2].casefold() not in _PLACE_LINKS:
            return False
        return not {w.casefold() for w in words} & (self.rules.called_by_town | self.rules.place_designators)

    def _designated(self, name: str) -> bool:
        """Whether the last word of a name says what kind of thing it is ("... School District")."""
        last = name.split()[-1].casefold()
        rules = self.rules
        return last in rules.org_designators or last in rules.place_designators or last in rules.fac_designators

    def _party_members(self, job: _Job) -> None:
        """ "the Socialists" is the one party whose name has "Socialist" ("Spanish Socialist Workers'
        Party"); "Democrats" the one with "Democratic"."""
        parties: list[tuple[int, list[str]]] = []
        for j, s in enumerate(job.surfaces):
            words = [w.casefold() for w in s.text.split()]
            if job.labels[j] != "ORG" or len(words) < 2:
                continue
            # "... Party", or "... Party of Jura": the words before the designator
            at = next((k for k, w in enumerate(words) if w in self.rules.party_designators
                       and (k == len(words) - 1 or words[k + 1] == "of")), 0)
            if at:
                parties.append((j, words[:at]))
        if not parties:
            return
        for i, s in enumerate(job.surfaces):
            text = s.text
            if i in job.attached or job.canon[i][0] is not None or not text.endswith("s"):
                continue
            *before, last = text.casefold().split()  # "the Social Democrats": "social" and "democrat..."
            stem = last[:-1]
            if len(stem) < 5 or not text[:1].isupper():
                continue
            found = [j for j, words in parties if set(before) <= set(words)
                     and any(w.startswith(stem) and len(w) - len(stem) <= 2 and not self.tables.is_demonym(w.title())
                             for w in words)]  # not "South Australians" for "South Australian Liberal Party"
            if len({job.union.find(j) for j in found}) == 1:
                job.attach(found[0], i)

    def _places(self, job: _Job) -> None:
        """ "Upper Nile" is "Upper Nile State" when the text names both."""
        by_key = {name_key(s.text): j for j, s in enumerate(job.surfaces) if job.labels[j] in ("GPE", "LOC")}
        for i, s in enumerate(job.surfaces):
            if job.canon[i][0] is not None or s.collective:
                continue
            key = name_key(s.text)
            for designator in self.rules.place_designators:
                j = by_key.get(f"{key} {designator}")
                if j is not None and j != i:
                    job.attach(j, i)
                    break

    # ------------------------------------------------------------------ collectives
    @staticmethod
    def _modifiers(text: str) -> tuple[frozenset[str], str]:
        words = name_key(text).split()
        return frozenset(words[:-1]), (words[-1] if words else "")

    def _contrast(self, a: frozenset[str], b: frozenset[str]) -> bool:
        groups_a = {n for n, g in enumerate(self.rules.contrasts) if a & g}
        groups_b = {n for n, g in enumerate(self.rules.contrasts) if b & g}
        return bool(groups_a and groups_b and groups_a != groups_b)

    def _collectives(self, job: _Job) -> set[int]:
        """Merge collective short forms into fuller forms; return the surfaces to drop."""
        surfaces, union = job.surfaces, job.union
        collective = [i for i, s in enumerate(surfaces) if s.collective and job.canon[i][0] is None]
        if not collective:
            return set()
        orgs = [i for i, s in enumerate(surfaces) if job.labels[i] == "ORG" and not s.collective]
        for i in collective:
            mods, head = self._modifiers(surfaces[i].text)
            words = set(name_key(surfaces[i].text).split())
            cap_i = {w for w in surfaces[i].text.split()[:-1] if w[:1].isupper()}
            for j in collective:
                if j == i:
                    continue
                mods_j, head_j = self._modifiers(surfaces[j].text)
                cap_j = {w for w in surfaces[j].text.split()[:-1] if w[:1].isupper()}
                if head_j != head or self._contrast(mods, mods_j) or (cap_i and cap_j and cap_i != cap_j):
                    continue
                union.union(i, j)
            # a short form may also be an organisation the text names in full ("the central bank")
            fuller = {union.find(j) for j in orgs if words <= set(name_key(surfaces[j].text).split())}
            if len(fuller) == 1:
                job.attach(next(j for j in orgs if union.find(j) in fuller), i)
        dropped: set[int] = set()
        groups = union.groups()
        for i in collective:
            members = groups.get(union.find(i), [])
            alone = all(
                surfaces[m].collective and not surfaces[m].led
                and self._modifiers(surfaces[m].text)[0] <= self.rules.role_modifiers
                for m in members
            )  # "the coalition", "the governing coalition": which one, the text does not say (it does in
            # "the Saudi-led coalition")
            if alone and name_key(surfaces[i].text) not in self.rules.keep_alone:
                dropped.add(i)
            elif self._modifiers(surfaces[i].text)[1] in self.rules.back_references and all(
                surfaces[m].collective and not any(w[:1].isupper() for w in surfaces[m].text.split())
                for m in members
            ):
                dropped.add(i)  # "the ruling party", "the central bank": not an entity of its own
        return dropped

    # ------------------------------------------------------------------ one entity
    def _entity(self, job: _Job, members: list[int], acronyms: dict[str, str]) -> Resolved:
        surfaces = job.surfaces
        short = {name_key(surfaces[m].text) for m in members if m in job.attached}
        anchors = [m for m in members if name_key(surfaces[m].text) not in short] or members
        tabled = [job.canon[m] for m in members if job.canon[m][1] is not None]
        if tabled:
            name, type_ = tabled[0]
        else:
            named = [m for m in anchors if surfaces[m].text not in acronyms] or anchors
            type_ = self._vote(job, named)  # the long form's label, not its acronym's
            name = self._name(job, anchors, type_, acronyms, self.tables.legal_forms)
            if name.isupper() and self.tables.is_city(name):  # a dateline's "BRUSSELS"
                name = name.title()
            if type_ == EntityType.ORG:
                name = self._without_legal_form(name)  # "Kestrel Payments Inc." is Kestrel Payments
            type_ = self._place_type(job, members, name, type_)
        seen: dict[str, None] = {}
        for m in sorted(members, key=lambda m: surfaces[m].start):
            seen.setdefault(surfaces[m].text, None)
        for alias in self._derived_aliases(str(name), type_):
            seen.setdefault(alias, None)
        return Resolved(
            name=name or surfaces[members[0]].text,
            type=str(type_),
            members=tuple(sorted(members)),
            aliases=tuple(seen),
        )

    def _vote(self, job: _Job, anchors: list[int]) -> str:
        surfaces = job.surfaces
        if any(surfaces[m].collective for m in anchors):
            return EntityType.ORG
        if any(self._legal(surfaces[m].text) for m in anchors):
            return EntityType.ORG  # "Sahel Gold Corp." and its short forms NER took for a person
        datelines = {surfaces[m].text.casefold() for m in anchors
                     if job.labels[m] == EntityType.GPE and _dateline_like(surfaces[m].text)}
        if any(not surfaces[m].text.isupper() and surfaces[m].text.casefold() in datelines for m in anchors) \
                and not any(surfaces[m].context_org for m in anchors):
            return EntityType.GPE  # "CHOLPON-ATA, Kyrgyzstan —" and "Cholpon-Ata": a dateline says it is a place
        labels = Counter(job.labels[m] for m in anchors)
        named = [m for m in anchors if job.labels[m] == "PERSON" and len(surfaces[m].text.split()) >= 2]
        if named and (labels["PERSON"] * 2 > len(anchors)
                      or any(self.tables.is_given_name(surfaces[m].text.split()[0]) for m in named)):
            return EntityType.PERSON  # a full name, unless NER as often calls it something else ("El Universal")
        best = max(labels.values())
        winners = [label for label, count in labels.items() if count == best]
        if len(winners) == 1:
            return winners[0]
        longest = max(anchors, key=lambda m: (len(surfaces[m].text), -surfaces[m].start))
        return job.labels[longest]

    def _place_type(self, job: _Job, members: list[int], name: str, type_: str) -> str:
        """A one-word "person", "product" or "work" that is a city ("a Recife-based chain"), a "person",
        "facility" or "organisation" that is a city of several words not opening with a first name ("La
        Paz", "Abu Dhabi's ADQ", not "José C. Paz"), or a one-word "organisation" that is a capital (a
        government named by its seat: "Vilnius said"), is a place."""
        if any(m in job.attached or job.surfaces[m].context_org for m in members):
            return type_
        if " " in name:  # "La Paz", "Abu Dhabi": a city of several words that opens with no first name
            city = type_ in (EntityType.PERSON, EntityType.FAC, EntityType.ORG) and self.tables.is_city(name)
            return EntityType.GPE if city and not self.tables.is_given_name(name.split()[0]) else type_
        if type_ in _CITY_MISLABELS and self.tables.is_city(name):
            return EntityType.GPE
        placed = any(job.labels[m] in ("GPE", "LOC") for m in members)  # "a Durban agent", "to Durban"
        if type_ == EntityType.ORG and (self.tables.is_capital(name) or (self.tables.is_city(name) and placed)):
            return EntityType.GPE  # ("Hitachi said", a company in every mention, stays one)
        datelined = any(job.labels[m] == "GPE" and _dateline_like(job.surfaces[m].text) for m in members)
        if type_ == EntityType.ORG and datelined:
            return EntityType.GPE  # the dateline's "VALGA, Estonia —" is the town NER took for "Valga's" council
        return type_

    @staticmethod
    def _name(
        job: _Job, anchors: list[int], type_: str, acronyms: dict[str, str], legal_forms: frozenset[str]
    ) -> str:
        surfaces = job.surfaces
        long_forms = [job.canon[m][0] for m in anchors if job.canon[m][0]]
        texts = [surfaces[m].text for m in anchors]
        if type_ == EntityType.PERSON:
            return max(texts, key=lambda t: (len(t.split()), texts.count(t), -texts.index(t)))
        if any(surfaces[m].collective for m in anchors):
            modified = [t for t in texts if len(t.split()) > 1] or texts
            counts = Counter(name_key(t) for t in modified)
            return max(modified, key=lambda t: (counts[name_key(t)], -modified.index(t)))
        full = [t for t in texts if t not in acronyms] or long_forms or texts
        if any(t.isupper() for t in full) and any(not t.isupper() for t in full):
            full = [t for t in full if not t.isupper()]  # "HAMBURG" in a dateline is Hamburg
        bare = [t for t in full if name_key(t).rpartition(" ")[2] not in legal_forms]
        full = bare or full  # "Redwood Analytics" rather than "Redwood Analytics Inc."
        counts = Counter(full)
        return max(full, key=lambda t: (counts[t], len(t), -full.index(t)))

    def _derived_aliases(self, name: str, type_: str) -> list[str]:
        """A leading demonym or country is a description, not always part of a name: "Iraqi Popular
        Mobilization Organization" is also found as "Popular Mobilization Organization", "U.S. Centers
        for Disease Control and Prevention" as "Centers for Disease Control and Prevention"."""
        if type_ != EntityType.ORG:
            return []
        words = name.split()
        for n in (1, 2):
            if len(words) < n + 2 or not all(w[:1].isupper() for w in words[n : n + 1]):
                continue
            prefix = " ".join(words[:n])
            hit = self.tables.lookup(prefix)
            if hit is not None and hit.type == EntityType.GPE and (n == 1 or hit.source != "demonym"):
                rest = words[n:]
                if all(w[:1].isupper() or w.casefold() in PHRASE_WORDS for w in rest):
                    return [" ".join(rest)]
        return []

    def _without_legal_form(self, name: str) -> str:
        """ "Kestrel Payments Inc." -> "Kestrel Payments"; a name that is only a legal form stays."""
        words = self.tables.without_legal_form(name).split()
        while len(words) > 1 and words[-1] in (",", "&"):
            words.pop()
        return " ".join(words).rstrip(",")

    @staticmethod
    def _merge_same_id(entities: list[Resolved]) -> list[Resolved]:
        by_id: dict[str, Resolved] = {}
        for e in entities:
            if e.id in by_id:
                old = by_id[e.id]
                aliases = tuple(dict.fromkeys((*old.aliases, *e.aliases)))
                members = tuple(sorted((*old.members, *e.members)))
                by_id[e.id] = replace(old, members=members, aliases=aliases)
            else:
                by_id[e.id] = e
        return sorted(by_id.values(), key=lambda e: e.members[0])


@dataclass(slots=True)
class _Job:
    """The working state of one article's resolution."""

    surfaces: Sequence[Surface]
    labels: list[str]  # NER labels, corrected (see MentionResolver._label)
    union: _Union
    canon: list[tuple[str | None, str | None]] = field(default_factory=list)
    attached: set[int] = field(default_factory=set)  # short forms joined to a full name

    def attach(self, full: int, short: int) -> None:
        self.union.union(full, short)
        self.attached.add(short)


# --------------------------------------------------------------------------- across articles


def is_ambiguous_alone(entity: Entity) -> bool:
    """A name that says little on its own: a surname-only person, a bare acronym, or a lower-case
    collective short form ("coalition")."""
    words = entity.name.split()
    if entity.type == EntityType.PERSON:
        return len(words) == 1
    if len(words) == 1 and entity.name.isupper() and 2 <= len(entity.name) <= 8:
        return True
    return entity.type == EntityType.ORG and entity.name == entity.name.lower() and len(words) <= 2


def _batch_index(batch: Sequence[ExtractedArticle]) -> dict[str, dict[str, EntityRef]]:
    """Lookup key (case-folded) -> the batch's unambiguous entities it names, by id."""
    index: dict[str, dict[str, EntityRef]] = defaultdict(dict)
    for ex in batch:
        counts = {m.entity_id: m.count for m in ex.mentions}
        for e in ex.entities:
            if is_ambiguous_alone(e):
                continue
            ref = EntityRef(e.id, e.name, e.type, counts.get(e.id, 1))
            for key in (e.name, *e.aliases, *lookup_keys(e.name, e.type)):
                index[key.casefold()].setdefault(e.id, ref)
    return index


def resolve_against_store(batch: list[ExtractedArticle], store: GraphStore) -> list[ExtractedArticle]:
    """Resolve each article's ambiguous-alone entities to the one stored (or batch) entity that fits.

    An entity is replaced only when exactly one candidate of the same kind answers to its name;
    otherwise it stays as it is. Mentions and relations follow the new id; a relation that would link
    an entity to itself is dropped.
    """
    wanted = {e.name for ex in batch for e in ex.entities if is_ambiguous_alone(e)}
    if not wanted:
        return batch
    stored = store.lookup(sorted(wanted))
    stored_folded: dict[str, list[EntityRef]] = defaultdict(list)
    for key, refs in stored.items():
        stored_folded[key.casefold()].extend(refs)
    in_batch = _batch_index(batch)
    out = []
    for ex in batch:
        remap: dict[str, Entity] = {}
        for e in ex.entities:
            if not is_ambiguous_alone(e):
                continue
            key = e.name.casefold()
            refs = {r.id: r for r in stored_folded.get(key, [])}
            refs.update({k: v for k, v in in_batch.get(key, {}).items() if k not in refs})
            fitting = [r for r in refs.values() if r.id != e.id and kind_of(r.type) == e.kind]
            if e.type == EntityType.PERSON:
                fitting = [r for r in fitting if r.type == EntityType.PERSON]
            if len(fitting) == 1:
                ref = fitting[0]
                remap[e.id] = Entity(ref.id, ref.name, ref.type, e.aliases)
        out.append(_apply(ex, remap) if remap else ex)
    return out


def _apply(ex: ExtractedArticle, remap: dict[str, Entity]) -> ExtractedArticle:
    """The article with entities renamed; entities that become one are merged."""
    entities: dict[str, Entity] = {}
    for e in ex.entities:
        new = remap.get(e.id, e)
        if new.id in entities:
            old = entities[new.id]
            new = replace(old, aliases=tuple(dict.fromkeys((*old.aliases, *new.aliases))))
        entities[new.id] = new
    ids = {old: new.id for old, new in remap.items()}
    mentions: dict[str, Mention] = {}
    for m in ex.mentions:
        eid = ids.get(m.entity_id, m.entity_id)
        if eid in mentions:
            old = mentions[eid]
            m = Mention(
                eid,
                old.count + m.count,
                tuple(dict.fromkeys((*old.surfaces, *m.surfaces))),
                min(old.first_offset, m.first_offset),
                tuple(sorted({*old.sentences, *m.sentences})),
            )
        mentions[eid] = replace(m, entity_id=eid)
    relations = []
    seen = set()
    for r in ex.relations:
        r = replace(r, source=ids.get(r.source, r.source), target=ids.get(r.target, r.target))
        key = (r.source, r.target, r.type, r.negated, r.start)
        if r.source != r.target and key not in seen:
            seen.add(key)
            relations.append(r)
    return replace(ex, entities=tuple(entities.values()), mentions=tuple(mentions.values()), relations=tuple(relations))
