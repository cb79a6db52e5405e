"""Resolving imported places against the curated ones: name, country and distance together."""

from pathlib import Path

import pandas as pd
import pytest

from sahel_atlas.importers.resolve_places import km, resolve_places

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def curated() -> pd.DataFrame:
    return pd.read_parquet(DATA / "locations.parquet")


def one(curated: pd.DataFrame, name: str, iso3: str | None, lat: float, lon: float) -> pd.Series:
    imported = pd.DataFrame([{"location_id": "x", "name": name, "country_iso3": iso3,
                              "latitude": lat, "longitude": lon}])
    return resolve_places(imported, curated).iloc[0]


@pytest.mark.parametrize(("name", "iso3", "lat", "lon", "target", "method"), [
    ("Timbuktu", "MLI", 16.7735, -3.0074, "timbuktu", "exact"),
    ("timbuktu", "MLI", 16.70, -3.10, "timbuktu", "exact"),  # ACLED's point, ~12 km off
    ("Menaka", "MLI", 15.918, 2.402, "menaka", "exact"),  # accents folded
    ("In Amenas", "DZA", 27.93, 9.10, "in-amenas-tiguentourine", "alias"),
    ("Ménaka", "MLI", 15.92, 2.40, "menaka", "exact"),
    ("TESSALIT", "MLI", 20.20, 1.01, "tessalit", "exact"),
])
def test_same_name_country_and_spot(curated, name, iso3, lat, lon, target, method) -> None:
    row = one(curated, name, iso3, lat, lon)
    assert (row["target"], row["method"]) == (target, method)


@pytest.mark.parametrize(("name", "iso3", "lat", "lon", "says"), [
    ("Timbuktu", "MLI", 14.0, -3.0, "timbuktu"),  # same name, ~300 km away
    ("Timbuktu", "NER", 16.77, -3.00, "another country"),
    ("Tombouctou", "MLI", 16.77, -3.00, "another name"),  # the French name: near, not a match
    ("Gao", "MLI", 16.27, -0.04, "no curated place"),
])
def test_anything_less_is_a_candidate(curated, name, iso3, lat, lon, says) -> None:
    row = one(curated, name, iso3, lat, lon)
    assert row["target"] is None and row["method"] == "new"
    assert says in row["detail"]


def test_distance() -> None:
    assert km(16.7735, -3.0074, 12.6392, -8.0029) == pytest.approx(708, abs=5)  # Timbuktu-Bamako
