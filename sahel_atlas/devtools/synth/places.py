"""The synthetic gazetteer: hot spots, regions, real towns from `geo/`, areas "near X", villages."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np

from sahel_atlas.devtools.synth.arrays import cdf, pick
from sahel_atlas.devtools.synth.vocab import COUNTRIES, HOTSPOTS, REGIONS, SYLLABLES_A, SYLLABLES_B
from sahel_atlas.text.names import slug
from sahel_atlas.store.paths import GEO_DIR

PLACES_GEOJSON = GEO_DIR / "ne_10m_populated_places_simple_aoi.geojson"
NEAR_PREFIXES = ("Near ", "Outskirts of ", "Road to ", "Bush around ")
VILLAGE_SUFFIXES = ("Haoussa", "Peulh", "Ber", "Nord", "Sud", "Centre")


@dataclass
class Places:
    """The places, column by column, with the weight events cluster by."""

    name: list[str] = field(default_factory=list)
    country_iso3: list[str] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    precision: list[str] = field(default_factory=list)
    radius_km: list[float | None] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    aliases: list[list[str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # slugs taken, so that every id is unique

    def add(self, name: str, country: str, la: float, lo: float, prec: str,
            rad: float | None, w: float, alias: tuple[str, ...] = ()) -> None:
        self.name.append(name)
        self.country_iso3.append(country)
        self.lat.append(round(float(la), 4))
        self.lon.append(round(float(lo), 4))
        self.precision.append(prec)
        self.radius_km.append(rad)
        self.weights.append(float(w))
        self.aliases.append(list(alias))
        self.seen.add(slug(name))

    @property
    def location_id(self) -> list[str]:
        return [slug(n) for n in self.name]

    @property
    def latitude(self) -> np.ndarray:
        return np.array(self.lat)

    @property
    def longitude(self) -> np.ndarray:
        return np.array(self.lon)

    @property
    def weight(self) -> np.ndarray:
        return np.array(self.weights)


def gazetteer(rng: np.random.Generator, n_events: int) -> Places:
    """The gazetteer: real towns, hot spots, regions, areas near hot spots, jittered villages."""
    places = Places()
    for name, country, la, lo, w in HOTSPOTS:
        places.add(name, country, la, lo, "point", None, w * 40)
    for name, country, la, lo, rad, prec, w in REGIONS:
        places.add(name, country, la, lo, prec, float(rad), w * 40)
    for name, country, la, lo, pop, alias in _towns(places.seen):
        places.add(name, country, la, lo, "point", None, math.sqrt(pop) / 20, alias)
    _add_areas_near(rng, places, int(np.clip(n_events // 3000, 20, 300)))
    _add_villages(rng, places, int(np.clip(n_events // 800, 40, 1200)))
    return places


def _towns(seen: set[str]) -> list[tuple]:
    """Natural Earth's populated places in the region's countries, not already named, sorted."""
    if not PLACES_GEOJSON.exists():
        return []
    features = json.loads(PLACES_GEOJSON.read_text(encoding="utf-8"))["features"]
    rows = []
    taken = set(seen)
    for feature in features:
        props = feature["properties"]
        country = props.get("adm0_a3")
        name = props.get("name")
        if country not in COUNTRIES or not name or slug(name) in taken:
            continue
        taken.add(slug(name))
        lo, la = feature["geometry"]["coordinates"][:2]
        ascii_name = props.get("nameascii")
        alias = (ascii_name,) if ascii_name and ascii_name != name else ()
        rows.append((name, country, la, lo, max(float(props.get("pop_max") or 1000), 1000.0), alias))
    return sorted(rows)


def _hotspot(rng: np.random.Generator) -> tuple:
    """A hot spot drawn by its weight."""
    hot_w = np.array([h[4] for h in HOTSPOTS], dtype=float)
    return HOTSPOTS[int(pick(rng, cdf(hot_w), 1)[0])]


def _add_areas_near(rng: np.random.Generator, places: Places, count: int) -> None:
    """Areas "near X" around the busiest hot spots."""
    hot = len(HOTSPOTS)
    for i in range(count):
        name, country, la, lo, w = _hotspot(rng)
        label = NEAR_PREFIXES[i % 4] + name
        label = label if i < 4 * hot else f"{label} ({i // (4 * hot) + 1})"
        if slug(label) in places.seen:
            label = f"{label} ({i})"
        places.add(label, country, la + rng.normal(0, 0.12), lo + rng.normal(0, 0.12), "area",
                   float(rng.choice([10, 20, 25, 40, 50])), w * 4)


def _add_villages(rng: np.random.Generator, places: Places, count: int) -> None:
    """Villages with made-up names, jittered around every hot spot."""
    for i in range(count):
        name, country, la, lo, w = _hotspot(rng)
        village = SYLLABLES_A[rng.integers(len(SYLLABLES_A))] + SYLLABLES_B[rng.integers(len(SYLLABLES_B))]
        if slug(village) in places.seen:
            village = f"{village} {VILLAGE_SUFFIXES[i % 6]}"
        if slug(village) in places.seen:
            village = f"{village} {i}"
        places.add(village, country, la + rng.normal(0, 0.35), lo + rng.normal(0, 0.35), "point", None,
                   w * rng.pareto(1.5) + 0.5)
