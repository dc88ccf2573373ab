"""Build ``given_names.txt`` (people's first names in Latin script) from the person providers of Faker.

Run once, by hand, when the list should be refreshed (Faker is not a dependency of kg):

    pip install faker && python loaders/data/make_given_names.py

The names are Faker's (https://github.com/joke2k/faker, MIT licence): the first names of each of its
locales (male, female and unisex lists), kept when written in Latin letters, so that a list built for
Danish, Dutch, Irish, Kenyan, Turkish or Chilean names covers the names news articles print. Used as
evidence that a capitalised word opens a person's name ("Mathis Larrieu-Bordes", "Niek van den
Broek"); places, titles and ordinary English words in the list are set aside where it is used.
"""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import faker
from faker import Faker

_LISTS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary", "first_names_unisex")
#: Names that open dates far more often than they open a person's name.
_MONTHS = frozenset({"January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"})


def _latin(name: str) -> bool:
    return (
        len(name) >= 2
        and name not in _MONTHS
        and name[0].isupper()
        and all(c in "-'" or (c.isalpha() and unicodedata.name(c, "").startswith("LATIN")) for c in name)
    )


def given_names() -> tuple[list[str], list[str]]:
    """(names, locales that gave at least one)."""
    import importlib
    import pkgutil

    import faker.providers.person as person

    names: set[str] = set()
    used = []
    for module in pkgutil.iter_modules(person.__path__):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated locales still have names
            try:
                importlib.import_module(f"faker.providers.person.{module.name}")
                fake = Faker(module.name)
            except (AttributeError, ImportError):
                continue
        provider = next((p for p in fake.providers if p.__module__.startswith("faker.providers.person")), None)
        found: set[str] = set()
        for attr in _LISTS:
            values = getattr(provider, attr, None)
            if isinstance(values, dict | list | tuple | set | frozenset):
                found |= {str(v) for v in values}
        latin = {n for n in found if _latin(n)}
        if latin:
            used.append(module.name)
            names |= latin
    return sorted(names), used


def main() -> None:
    names, locales = given_names()
    path = Path(__file__).with_name("given_names.txt")
    header = [
        "# People's first names in Latin script, one per line, from Faker's person providers",
        f"# (Faker {faker.VERSION}, https://github.com/joke2k/faker, MIT licence; locales: {' '.join(locales)}).",
        "# Built by make_given_names.py; do not edit by hand. Used as evidence that a capitalised word opens",
        "# a person's name; places, titles and ordinary English words are set aside where it is read.",
    ]
    path.write_text("\n".join([*header, *names]) + "\n", encoding="utf-8")
    print(f"{path}: {len(names)} names from {len(locales)} locales")


if __name__ == "__main__":
    main()
