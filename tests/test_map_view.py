"""The Map page's pure parts: place summary, deck layers, labels, tooltip, offline basemap."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fixture_data import default_rows, write_dataset
from sahel_atlas.views import palette
from sahel_atlas.views.map import basemap
from sahel_atlas.store.dataset import Dataset, load_dataset
from sahel_atlas.query.model import Filters
from sahel_atlas.views.map.deck import PRESENT_SCALE, TOOLTIP, build_deck, deck_spec
from sahel_atlas.views.map.labels import place_label
from sahel_atlas.views.map.layers import (
    AREAS_LAYER_ID,
    LABELS_LAYER_ID,
    NAMED_LABELS_LAYER_ID,
    PLACES_LAYER_ID,
    marker_px,
)
from sahel_atlas.views.map.legend import IMPRECISE_LEGEND, legend_items
from sahel_atlas.views.map.named import NAMED_PLACES
from sahel_atlas.views.map.places import place_summary, unplaced_events
from sahel_atlas.text.names import fold
from sahel_atlas.query.run import apply

D = dt.date
XSS = "<script>alert(1)</script> & Co's"

EXTRA_LOCATIONS = [
    {"location_id": "tessalit", "name": "TESSALIT", "country_iso3": "MLI", "latitude": 20.2,
     "longitude": 1.01, "precision": "area", "radius_km": 25.0, "aliases": [], "excerpt_ids": []},
    {"location_id": "kabylie", "name": "Kabylie", "country_iso3": "DZA", "latitude": 36.55,
     "longitude": 4.3, "precision": "region", "radius_km": None, "aliases": ["kabylia"],
     "excerpt_ids": []},
    {"location_id": "xss", "name": XSS, "country_iso3": "NER", "latitude": 17.0,
     "longitude": 8.0, "precision": "point", "radius_km": None, "aliases": [], "excerpt_ids": []},
]


def _extra_events(rows: dict) -> tuple[list[dict], list[dict]]:
    template = rows["events"][1]  # Niamey abduction: AQIM, a day, a quote
    events = [
        {**template, "event_id": "kabylia-2007", "title": "Ambush in *Kabylia* [x](y)",
         "location_id": "kabylie", "date_start": D(2007, 4, 11), "date_end": D(2007, 4, 11),
         "actor_ids": ["aqim"]},
        {**template, "event_id": "xss-2011", "title": XSS, "location_id": "xss",
         "actor_ids": ["aqim"]},
        {**template, "event_id": "lost-place", "title": "Place that is not in locations",
         "location_id": "nowhere", "actor_ids": ["aqim"]},
    ]
    links = [{"event_id": e["event_id"], "actor_id": "aqim", "role": "perpetrator"} for e in events]
    return events, links


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    rows = default_rows()
    events, links = _extra_events(rows)
    path = write_dataset(
        tmp_path_factory.mktemp("map_data"),
        locations=rows["locations"] + EXTRA_LOCATIONS,
        events=rows["events"] + events,
        event_actors=rows["event_actors"] + links,
    )
    return load_dataset(path)


@pytest.fixture(scope="module")
def events(ds: Dataset) -> pd.DataFrame:
    return apply(ds, Filters())


@pytest.fixture(scope="module")
def summary(ds: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    return place_summary(ds, events)


@pytest.fixture(scope="module")
def deck_json(ds: Dataset, summary: pd.DataFrame) -> dict:
    return json.loads(build_deck(ds, summary).to_json())


def layer(deck: dict, layer_id: str) -> dict:
    return next(item for item in deck["layers"] if item["id"] == layer_id)


def row(summary: pd.DataFrame, location_id: str) -> pd.Series:
    return summary.set_index("location_id").loc[location_id]


# --- place_summary -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location_id", "count"),
    [("timbuktu", 2), ("menaka", 2), ("talhandak", 2), ("niamey", 1), ("tillaberi", 1),
     ("kabylie", 1), ("xss", 1)],
)
def test_summary_counts_the_events_of_each_place(summary, location_id, count) -> None:
    assert row(summary, location_id)["events"] == count


def test_places_without_events_and_events_without_places(summary, events) -> None:
    assert "tessalit" not in set(summary["location_id"])  # a location with no event
    # Two fixture events have no place, and one names a place the dataset lacks.
    assert unplaced_events(summary) == 3
    assert summary["events"].sum() + unplaced_events(summary) == len(events)
    assert summary["events"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("location_id", "family"),
    [
        ("menaka", "islamic-state"),  # ISGS in both events, JNIM in one
        ("talhandak", "al-qaeda"),  # AQIM / Droukdel in both, Barkhane in one
        ("timbuktu", "al-qaeda"),  # one al-Qaeda event, one state-forces event: tie
        ("tillaberi", "islamic-state"),  # ISGS and Barkhane in one event: tie
        ("niamey", "al-qaeda"),
    ],
)
def test_family_is_the_most_frequent_with_ties_in_palette_order(summary, location_id, family):
    assert row(summary, location_id)["family"] == family


@pytest.mark.parametrize(
    ("families", "expected"),
    [
        (["state-forces", "other"], "state-forces"),
        (["other", "islamic-state", "al-qaeda"], "al-qaeda"),
        (["other"], "other"),
        ([], "other"),
    ],
)
def test_family_ties_break_in_the_contract_order(ds, families, expected) -> None:
    by_family = {"al-qaeda": "aqim", "islamic-state": "isgs", "state-forces": "fama"}
    events = ds.events[ds.events["event_id"] == "niamey-abduction-2011"].copy()
    actors = [by_family.get(f, "unknown-actor") for f in families]
    events["actor_ids"] = [actors]
    assert place_summary(ds, events).iloc[0]["family"] == expected


def test_main_actors_are_the_three_with_most_events(summary) -> None:
    talhandak = row(summary, "talhandak")
    assert talhandak["main_actors"][0] in ("AQIM", "Abdelmalek Droukdel", "Operation Barkhane")
    assert len(talhandak["main_actors"]) == 3
    assert row(summary, "menaka")["main_actors"] == ["ISGS", "JNIM"]  # ISGS: 2 events
    assert row(summary, "niamey")["main_actors_label"] == "AQIM"


def test_date_span_runs_from_first_to_last(summary) -> None:
    assert row(summary, "talhandak")["date_span"] == "2010 – 2020-06-03"
    assert row(summary, "niamey")["date_span"] == "2011-01-07"
    assert row(summary, "timbuktu")["first_date"] == D(2012, 4, 1)


def test_empty_events_give_an_empty_summary(ds) -> None:
    summary = place_summary(ds, ds.events.iloc[0:0])
    assert summary.empty and unplaced_events(summary) == 0
    assert legend_items(summary) == []


# --- the deck ------------------------------------------------------------------------------


@pytest.mark.parametrize(("location_id", "radius_m"), [("talhandak", 40_000), ("kabylie", 150_000)])
def test_imprecise_places_are_translucent_discs_in_metres(deck_json, location_id, radius_m):
    areas = layer(deck_json, AREAS_LAYER_ID)
    assert areas["radiusUnits"] == "meters" and areas["getRadius"] == "@@=radius_m"
    disc = next(d for d in areas["data"] if d["location_id"] == location_id)
    assert disc["radius_m"] == radius_m  # Kabylie has no radius: a region's default, 150 km
    assert disc["disc_fill"][3] < 80  # low alpha


def test_precise_places_are_solid_markers_sized_in_pixels(deck_json) -> None:
    areas = {d["location_id"] for d in layer(deck_json, AREAS_LAYER_ID)["data"]}
    assert "timbuktu" not in areas and "niamey" not in areas
    places = layer(deck_json, PLACES_LAYER_ID)
    assert places["radiusUnits"] == "pixels" and places["pickable"] is True
    sizes = {d["location_id"]: d["marker_px"] for d in places["data"]}
    assert sizes["timbuktu"] > sizes["niamey"] >= 5


@pytest.mark.parametrize(("count", "bigger"), [(1, 4), (4, 16), (16, 100)])
def test_markers_grow_with_the_square_root_of_events(count, bigger) -> None:
    assert marker_px(count) < marker_px(bigger)
    assert marker_px(count) >= 5


@pytest.mark.parametrize(
    ("location_id", "key"),
    [("timbuktu", "fill"), ("menaka", "fill"), ("talhandak", "line"), ("tillaberi", "line")],
)
def test_markers_take_the_family_colour(deck_json, summary, location_id, key) -> None:
    marker = next(d for d in layer(deck_json, PLACES_LAYER_ID)["data"] if d["location_id"] == location_id)
    colour = palette.FAMILY_COLOURS[row(summary, location_id)["family"]]
    assert marker[key][:3] == palette.rgb(colour)[:3]


NAMED_IDS = {"Tessalit": "tessalit", "Talhandak": "talhandak", "Timbuktu": "timbuktu",
             "Ménaka": "menaka", "Kabylia": "kabylie"}


def test_names_match_without_case_or_accents() -> None:
    assert fold(" MÉNAKA") == fold("menaka") == "menaka"
    assert set(NAMED_IDS) == set(NAMED_PLACES)


@pytest.mark.parametrize(("name", "location_id"), NAMED_IDS.items())
def test_the_named_places_are_always_labelled(ds, name, location_id) -> None:
    # Even when the filters leave no event at all; "TESSALIT" and "Kabylie" (alias
    # "kabylia") match by case- and accent-insensitive name or alias.
    deck = json.loads(build_deck(ds, place_summary(ds, ds.events.iloc[0:0])).to_json())
    labels = layer(deck, NAMED_LABELS_LAYER_ID)
    assert location_id in {d["location_id"] for d in labels["data"]}, f"no label for {name}"
    assert labels["getColor"][:3] == palette.rgb(palette.TEXT)[:3]
    assert labels["outlineColor"] == [255, 255, 255, 255] and labels["fontSettings"]["sdf"]


def test_every_place_with_events_has_one_label(deck_json, summary) -> None:
    labelled = [d["location_id"] for d in layer(deck_json, LABELS_LAYER_ID)["data"]]
    labelled += [d["location_id"] for d in layer(deck_json, NAMED_LABELS_LAYER_ID)["data"]]
    assert set(summary["location_id"]) <= set(labelled)
    assert len(labelled) == len(set(labelled))


def test_close_labels_go_to_different_sides() -> None:
    first, box, fits = place_label("Talhandak", 100, 100, 8, 14, [])
    assert fits and first["anchor"] == "start"
    second, _, fits = place_label("Tessalit", 100 + 10, 100, 8, 14, [box])
    assert fits and second["anchor"] != "start"


def test_present_mode_enlarges_markers_and_text(ds, summary) -> None:
    normal = json.loads(build_deck(ds, summary).to_json())
    big = json.loads(build_deck(ds, summary, present=True).to_json())
    for layer_id, key in [(LABELS_LAYER_ID, "getSize"), (NAMED_LABELS_LAYER_ID, "getSize")]:
        assert layer(big, layer_id)[key] == pytest.approx(layer(normal, layer_id)[key] * PRESENT_SCALE)
    small = {d["location_id"]: d["marker_px"] for d in layer(normal, PLACES_LAYER_ID)["data"]}
    for marker in layer(big, PLACES_LAYER_ID)["data"]:
        assert marker["marker_px"] == pytest.approx(small[marker["location_id"]] * PRESENT_SCALE, abs=0.02)


def test_every_layer_has_a_stable_id(ds, summary) -> None:
    first = json.loads(build_deck(ds, summary).to_json())
    second = json.loads(build_deck(ds, summary).to_json())
    ids = [item["id"] for item in first["layers"]]
    assert ids == [item["id"] for item in second["layers"]]
    assert len(ids) == len(set(ids)) and PLACES_LAYER_ID in ids


@pytest.mark.parametrize("present", [False, True])
def test_a_cached_deck_spec_sends_what_the_deck_would(ds, summary, present: bool) -> None:
    """The map page caches the serialised deck for every session: same JSON, same hover box."""
    deck = build_deck(ds, summary, present=present)
    spec = deck_spec(deck)
    assert spec.to_json() == deck.to_json()
    assert spec._tooltip == TOOLTIP and not spec.layers  # what st.pydeck_chart reads
    with pytest.raises(AttributeError):
        spec.json = "{}"  # shared by every session: read-only


def test_default_view_frames_kabylia_to_timbuktu(deck_json) -> None:
    view = deck_json["initialViewState"]
    assert 20 <= view["latitude"] <= 28 and -3 <= view["longitude"] <= 5 and 3 <= view["zoom"] <= 4.5


# --- tooltip and untrusted text ------------------------------------------------------------


def test_tooltip_shows_untrusted_names_as_text_never_as_html(ds, summary) -> None:
    deck = build_deck(ds, summary)
    tooltip = deck._tooltip
    assert tooltip == TOOLTIP
    # Plain-text tooltips are set with innerText by deck.gl: markup in a value is never parsed.
    assert "html" not in tooltip and "<" not in tooltip["text"]
    places = layer(json.loads(deck.to_json()), PLACES_LAYER_ID)
    marker = next(d for d in places["data"] if d["location_id"] == "xss")
    assert marker["tip_name"] == XSS  # shown as typed, not as "&lt;script&gt;"
    fields = {f.strip("{}") for f in tooltip["text"].split("\n")}
    assert fields <= set(marker)


@pytest.mark.parametrize("field", ["tip_name", "tip_country", "tip_events", "tip_actors", "tip_dates"])
def test_tooltip_fields_are_one_line_strings(summary, field) -> None:
    assert all(isinstance(v, str) and v and "\n" not in v for v in summary[field])


# --- offline -------------------------------------------------------------------------------


@pytest.mark.parametrize("present", [False, True])
def test_the_deck_names_no_url_and_no_basemap_provider(ds, summary, present) -> None:
    deck = build_deck(ds, summary, present=present)
    text = deck.to_json() + json.dumps(deck._tooltip)
    assert "http" not in text.lower()
    assert "carto" not in text.lower() and "mapbox" not in text.lower()
    assert deck.map_provider is None
    spec = json.loads(deck.to_json())
    assert spec.get("mapStyle") in (None, "__MAP_STYLE__")  # Streamlit's "no basemap"


def test_basemap_payload_is_small() -> None:
    size = basemap.payload_bytes()
    assert 100_000 < size < 800_000, size


def test_the_whole_deck_is_compact_strict_json(ds, summary) -> None:
    text = build_deck(ds, summary).to_json()
    assert "\n" not in text and len(text.encode()) < 900_000

    def reject(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    json.loads(text, parse_constant=reject)  # no NaN or Infinity for the browser to choke on


@pytest.mark.parametrize("code", ["MLI", "DZA", "NER", "BFA", "MRT", "LBY", "TCD", "TUN", "MAR", "SAH"])
def test_the_basemap_has_the_region_and_names_it(code) -> None:
    bm = basemap.basemap()
    assert code in {f["properties"]["code"] for f in bm.countries["features"]}
    assert code in {label["code"] for label in bm.country_labels}


def test_the_basemap_is_trimmed_to_the_region() -> None:
    codes = {f["properties"]["code"] for f in basemap.basemap().countries["features"]}
    assert not codes & {"USA", "BRA", "AUS", "JPN", "CHN"}
    for feature in basemap.basemap().countries["features"]:
        assert set(feature["properties"]) == {"name", "code"}


SQUARE = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]  # 16 square degrees, centre (2, 2)
ISLET = [[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]
L_SHAPE = [[0, 0], [3, 0], [3, 1], [1, 1], [1, 3], [0, 3], [0, 0]]  # centroid (1.1, 1.1)


@pytest.mark.parametrize(
    ("parts", "point"),
    [
        ([[SQUARE]], (2.0, 2.0)),
        ([[ISLET], [SQUARE]], (2.0, 2.0)),  # the largest part names the country, not the first
        ([[ISLET], [SQUARE[::-1]]], (2.0, 2.0)),  # a clockwise ring counts by its size too
        ([[L_SHAPE]], (1.1, 1.1)),
    ],
)
def test_a_country_name_sits_on_its_largest_part(parts, point) -> None:
    assert basemap.label_point(parts) == point


GEO_SHA256 = {
    "ne_50m_admin_0_countries.geojson": "89a28d1f30d7d7d32a03dc451cc1d70bec14c34a94e4d9bdc01ccede2f3f9f93",
    "ne_10m_populated_places_simple_aoi.geojson": "01d3d28cda091b5ccc6f3220620de3fe54b6140f2b421ca75c71be31af6daad2",
}


@pytest.mark.parametrize(("name", "sha256"), GEO_SHA256.items())
def test_geo_files_are_the_natural_earth_copies(name, sha256) -> None:
    path = basemap.GEO_DIR / name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    assert name in (basemap.GEO_DIR / "SOURCE.md").read_text(encoding="utf-8")


# --- legend --------------------------------------------------------------------------------


def test_legend_lists_the_families_present_and_the_discs(summary) -> None:
    items = legend_items(summary)
    assert items[0] == (palette.FAMILY_LABELS["al-qaeda"], palette.FAMILY_COLOURS["al-qaeda"])
    assert (palette.FAMILY_LABELS["islamic-state"], "#000000") in items
    assert palette.FAMILY_LABELS["state-forces"] not in dict(items)  # no place is mostly state
    assert items[-1][0] == IMPRECISE_LEGEND


# --- the component, under AppTest -----------------------------------------------------------


ROOT = str(Path(__file__).resolve().parents[1])


def _page(root: str, data_dir: str, selected: str | None) -> None:
    import sys

    sys.path.insert(0, root)
    from components.context import View
    from components.map import render_map, render_place_events
    from sahel_atlas.store.dataset import load_dataset
    from sahel_atlas.query.model import Filters, Vocabulary
    from sahel_atlas.views.map.places import place_summary
    from sahel_atlas.query.run import apply

    ds = load_dataset(data_dir)
    view = View(ds, Vocabulary.from_dataset(ds), Filters(), apply(ds, Filters()), False)
    if selected:
        render_place_events(view, selected, place_summary(ds, view.events))
    else:
        render_map(view)


@pytest.fixture(scope="module")
def data_dir(ds: Dataset) -> str:
    return str(ds.path)


def test_the_page_draws_the_map_legend_and_counts(data_dir) -> None:
    at = AppTest.from_function(_page, args=(ROOT, data_dir, None), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("deck_gl_json_chart")
    captions = " ".join(c.value for c in at.caption)
    assert "7 places, 13 events" in captions and "3 events have no known place" in captions


def test_a_selected_place_lists_its_events_escaped(data_dir) -> None:
    at = AppTest.from_function(_page, args=(ROOT, data_dir, "kabylie"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(m.value for m in at.markdown)
    assert "Ambush in \\*Kabylia\\* \\[x\\]\\(y\\)" in text  # literal, not a link or emphasis
    assert any(m.value.startswith("> ") for m in at.markdown)  # the excerpt, quoted
    assert "Example Review" in text


def test_grid_cells_are_drawn_like_places_without_labels() -> None:
    from sahel_atlas.views.map.cells import cells_summary

    cells = pd.DataFrame(
        {"lon": [1.2, -3.0], "lat": [18.5, 16.8], "events": [120_000, 40], "family": ["al-qaeda", "islamic-state"],
         "cell_lon": [0.0, -5.0], "cell_lat": [17.5, 15.0], "cell_deg": [2.5, 2.5]}
    )
    summary = cells_summary(cells)
    assert list(summary["tip_events"]) == ["120,000 events", "40 events"]
    assert summary["tip_name"].iloc[0] == "Grid cell of 2.5° × 2.5°"
    assert summary["tip_actors"].iloc[1] == "Mostly: Islamic State and affiliates"
    assert summary["location_id"].str.startswith("cell:").all()
    assert (summary["name"] == "").all()
