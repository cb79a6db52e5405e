"""The offline basemap, drawn from the Natural Earth files in `geo/`: no tiles, no network.

Files are read once per process; `basemap()` trims them to the region (polygon parts outside
`EXTENT` are dropped, properties cut to a name and a code) so the deck stays small, and adds
label points for countries and reference towns. `basemap_layers` turns that into pydeck layers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass

import pydeck as pdk
import shapely

from sahel_atlas.store.paths import GEO_DIR
from sahel_atlas.views import palette
from sahel_atlas.views.map.primitives import dots_layer, labels_layer

COUNTRIES_FILE = "ne_50m_admin_0_countries.geojson"
PLACES_FILE = "ne_10m_populated_places_simple_aoi.geojson"

# (west, south, east, north) in degrees.
REGION = (-20.0, 2.0, 32.0, 40.0)  # the atlas's area of interest: labels come from here
EXTENT = (-30.0, -5.0, 50.0, 50.0)  # land drawn, so the default view has no holes at its edges

# Countries the corpus is about: their big towns are labelled, not just their capitals.
FOCUS = frozenset({"MLI", "NER", "BFA", "MRT", "DZA", "LBY", "TCD", "TUN", "MAR", "SEN", "SAH"})
COUNTRY_LABEL_MAX_MIN_LABEL = 4.0  # NE's MIN_LABEL (zoom at which a name fits); smaller ones unnamed
FOCUS_TOWN_MAX_SCALERANK = 4
OTHER_TOWN_MAX_SCALERANK = 2

# Where a country's name reads best when the centroid of its largest part is a poor spot
# (the middle of Mali is next to Timbuktu; Morocco's centroid sits in the Atlas).
COUNTRY_LABEL_POINTS: dict[str, tuple[float, float]] = {
    "MLI": (-5.6, 20.6),
    "DZA": (2.2, 29.0),
    "NER": (10.0, 17.8),
    "MRT": (-10.6, 20.6),
    "LBY": (17.5, 27.0),
    "TCD": (18.6, 16.0),
    "MAR": (-6.6, 32.2),
    "SAH": (-12.9, 24.6),
    "BFA": (-1.6, 12.6),
    "TUN": (9.4, 34.0),
    "SEN": (-14.6, 14.6),
}

WATER_POLYGON = [[-180.0, -85.0], [180.0, -85.0], [180.0, 85.0], [-180.0, 85.0]]


@dataclass(frozen=True)
class Basemap:
    countries: dict  # GeoJSON FeatureCollection; properties: name, code
    country_labels: tuple[dict, ...]  # {"text", "code", "position": [lon, lat]}
    town_labels: tuple[dict, ...]  # {"text", "capital", "rank", "position": [lon, lat]}


@functools.cache
def read_geojson(name: str) -> dict:
    """One file of `geo/`, parsed once per process."""
    return json.loads((GEO_DIR / name).read_text(encoding="utf-8"))


def inside(lon: float, lat: float, box: tuple[float, ...]) -> bool:
    """Whether the point lies in the (west, south, east, north) box, edges included."""
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def label_point(parts: list) -> tuple[float, float]:
    """The centroid of the largest polygon part's outer ring."""
    largest = max((shapely.Polygon(part[0]) for part in parts), key=lambda shell: shell.area)
    return round(largest.centroid.x, 3), round(largest.centroid.y, 3)


def _parts_in_extent(geometry: dict) -> list:
    """The polygon parts (lists of rings) whose bounding box meets `EXTENT`."""
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    extent = shapely.box(*EXTENT)
    return [p for p in parts if extent.intersects(shapely.Polygon(p[0]).envelope)]


def _country_feature(name: str, code: str, parts: list) -> dict:
    """A GeoJSON country with only its name, its code and its parts in the extent."""
    geometry = (
        {"type": "Polygon", "coordinates": parts[0]}
        if len(parts) == 1
        else {"type": "MultiPolygon", "coordinates": parts}
    )
    return {"type": "Feature", "properties": {"name": name, "code": code}, "geometry": geometry}


def _country_label(name: str, code: str, props: dict, parts: list) -> dict | None:
    """The label of a focus country or one big enough to name, if its point is in the region."""
    min_label = props.get("MIN_LABEL")
    labelled = code in FOCUS or (
        min_label is not None and float(min_label) <= COUNTRY_LABEL_MAX_MIN_LABEL
    )
    position = COUNTRY_LABEL_POINTS.get(code) or label_point(parts)
    if labelled and inside(*position, REGION):
        return {"text": name, "code": code, "position": list(position)}
    return None


def _countries() -> tuple[dict, list[dict]]:
    features = []
    labels = []
    for feature in read_geojson(COUNTRIES_FILE)["features"]:
        parts = _parts_in_extent(feature["geometry"]) if feature["geometry"] else []
        if not parts:
            continue
        props = feature["properties"]
        code = props.get("ADM0_A3") or props.get("ISO_A3") or ""
        name = props.get("NAME") or props.get("ADMIN") or code
        features.append(_country_feature(name, code, parts))
        label = _country_label(name, code, props, parts)
        if label is not None:
            labels.append(label)
    features.sort(key=lambda f: f["properties"]["code"])
    labels.sort(key=lambda label: label["code"])
    return {"type": "FeatureCollection", "features": features}, labels


def _towns() -> list[dict]:
    towns = []
    for feature in read_geojson(PLACES_FILE)["features"]:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        if not inside(lon, lat, REGION) or not props.get("name"):
            continue
        rank = int(props.get("scalerank") or 10)
        capital = bool(props.get("adm0cap"))
        limit = FOCUS_TOWN_MAX_SCALERANK if props.get("adm0_a3") in FOCUS else OTHER_TOWN_MAX_SCALERANK
        if capital or rank <= limit:
            towns.append(
                {"text": props["name"], "capital": capital, "rank": rank, "position": [lon, lat]}
            )
    towns.sort(key=lambda t: (t["rank"], t["text"]))
    return towns


@functools.cache
def basemap() -> Basemap:
    """The trimmed countries and the label points, built once per process."""
    countries, country_labels = _countries()
    return Basemap(countries, tuple(country_labels), tuple(_towns()))


def _water_and_land() -> list[pdk.Layer]:
    """The sea under everything, and the countries' land with their borders."""
    return [
        pdk.Layer(
            "SolidPolygonLayer",
            id="basemap-water",
            data=[{"polygon": WATER_POLYGON}],
            get_polygon="polygon",
            get_fill_color=palette.rgb(palette.WATER),
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="basemap-countries",
            data=basemap().countries,
            stroked=True,
            filled=True,
            get_fill_color=palette.rgb(palette.LAND),
            get_line_color=palette.rgb(palette.BORDER),
            get_line_width=1,
            line_width_units="'pixels'",
            line_width_min_pixels=1,
            pickable=False,
        ),
    ]


def _town_layers(towns: list[dict], text_scale: float) -> list[pdk.Layer]:
    """The reference towns: a small grey dot and a muted name beside it."""
    return [
        dots_layer("basemap-towns", towns, radius=2.5 * text_scale,
                   fill=palette.rgb(palette.BORDER)),
        labels_layer("basemap-town-labels", towns, text="text", size=11 * text_scale,
                     color=palette.rgb("#6E6E68"), get_text_anchor="anchor",
                     get_alignment_baseline="'center'", get_pixel_offset="offset"),
    ]


def _country_label_layer(countries: list[dict], text_scale: float) -> pdk.Layer:
    """The countries' names, muted, on top of the basemap."""
    return labels_layer("basemap-country-labels", countries, text="text", size=14 * text_scale,
                        color=palette.rgb("#8A8A84"), font_weight=600)


def basemap_layers(
    *,
    text_scale: float = 1.0,
    towns: Iterable[dict] | None = None,
    countries: Iterable[dict] | None = None,
) -> list[pdk.Layer]:
    """Water, land with borders, and muted country and town labels, bottom to top.

    `towns` and `countries` replace the labels (the Map page passes the ones that leave room
    for its own); each needs "text" and "position"; towns may set "anchor" and "offset".
    """
    bm = basemap()
    country_labels = list(bm.country_labels if countries is None else countries)
    towns = [
        {"anchor": "start", "offset": [round(5 * text_scale, 1), 0], **t}
        for t in (bm.town_labels if towns is None else towns)
    ]
    return [
        *_water_and_land(),
        *_town_layers(towns, text_scale),
        _country_label_layer(country_labels, text_scale),
    ]


def payload_bytes(layers: Iterable[pdk.Layer] | None = None) -> int:
    """Size in bytes of the basemap layers as they travel to the browser (compact JSON)."""
    deck = pdk.Deck(layers=list(layers if layers is not None else basemap_layers()), map_provider=None)
    compact = json.dumps(json.loads(deck.to_json())["layers"], separators=(",", ":"), ensure_ascii=False)
    return len(compact.encode("utf-8"))
