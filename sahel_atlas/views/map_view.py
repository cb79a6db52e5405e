"""The Map page's data and deck, as pure functions (no Streamlit here).

`place_summary` turns filtered events into one row per place; `build_deck` draws those places
over the offline Natural Earth basemap; `legend_items` says what the colours and discs mean.
The deck never names a tile server or map style: `map_provider=None` and no `map_style`, so the
browser makes no request for a basemap.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from sahel_atlas.views import palette
from sahel_atlas.views.labels import Board, one_label_per_place
from sahel_atlas.views.basemap import FONT, basemap_layers
from sahel_atlas.views.basemap import basemap as basemap_data
from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import date_label
from sahel_atlas.text.names import country_name, short_name
from sahel_atlas.contract.schema import ACTOR_FAMILIES

PLACES_LAYER_ID = "places"  # pickable; Streamlit's selection is keyed by this id
AREAS_LAYER_ID = "place-areas"
LABELS_LAYER_ID = "place-labels"
NAMED_LAYER_ID = "named-places"
NAMED_LABELS_LAYER_ID = "named-place-labels"

# Places that are always labelled when the dataset knows them, whatever the filters.
NAMED_PLACES = ("Tessalit", "Talhandak", "Timbuktu", "Ménaka", "Kabylia")
IMPRECISE = ("area", "region")
# Used when an imprecise place has no radius: a town's surroundings, a region.
DEFAULT_RADIUS_KM = {"area": 25.0, "region": 150.0}
MAIN_ACTORS = 3
PRESENT_SCALE = 1.6

# Frames Kabylia (36.5N 4.3E) down to Ménaka (15.9N 2.4E) and Timbuktu (16.8N 3.0W) on a map
# about 1200 x 600 px (lat ~10..40, lon ~-34..36), with room for Burkina Faso and Niger.
# deck.gl's world is 512 px wide at zoom 0.
DEFAULT_VIEW = {"latitude": 25.5, "longitude": 1.0, "zoom": 3.6, "pitch": 0, "bearing": 0}

# Where else a country's name may go (degrees) when a place's label sits on its usual spot.
COUNTRY_LABEL_NUDGES = ((0, 0), (0, -1.5), (0, 1.5), (-3, 0), (3, 0), (0, -3), (0, 3))

MARKER_MIN_PX = 5.0
MARKER_MAX_PX = 26.0
# Disc opacity falls with size, so that country-sized regions do not hide what lies under them.
DISC_ALPHA = (12, 56)  # alpha of the biggest and of the smallest discs
DISC_LINE_ALPHA = (70, 160)

IMPRECISE_LEGEND = "translucent disc: place known only as an area or region, radius ≈ uncertainty"
IMPRECISE_LEGEND_COLOUR = palette.BORDER

SUMMARY_COLUMNS = [
    "location_id",
    "name",
    "country_iso3",
    "latitude",
    "longitude",
    "precision",
    "radius_km",
    "events",
    "main_actors",
    "main_actors_label",
    "family",
    "first_date",
    "last_date",
    "date_span",
    "tip_name",
    "tip_country",
    "tip_events",
    "tip_actors",
    "tip_dates",
]

# The hover box. Plain text, not HTML: deck.gl sets it with `innerText`, so a name such as
# "<script>" shows as typed and runs nothing, in any Streamlit version. (Streamlit 1.67 also
# escapes values put into an "html" template, so values escaped here would show as "&lt;".)
TOOLTIP = {
    "text": "{tip_name}\n{tip_country}\n{tip_events}\n{tip_actors}\n{tip_dates}",
    "style": {
        "backgroundColor": "#FFFFFF",
        "color": palette.TEXT,
        "fontFamily": "sans-serif",
        "fontSize": "13px",
        "lineHeight": "1.35",
        "padding": "6px 9px",
        "border": f"1px solid {palette.BORDER}",
        "borderRadius": "4px",
        "maxWidth": "340px",
        "whiteSpace": "pre-line",
    },
}


class OfflineDeck(pdk.Deck):
    """A `pdk.Deck` whose JSON is compact: pydeck indents it, which makes the spec Streamlit
    sends to the browser about six times bigger (2.7 MB instead of 0.45 MB here)."""

    def to_json(self) -> str:
        return json.dumps(
            self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False
        )


# --- helpers -------------------------------------------------------------------------------


def fold(text: object) -> str:
    """Lower case without accents or surrounding space: 'Ménaka ' -> 'menaka'."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _clean(value: object) -> str:
    """One line of text from an untrusted value (None and NaN are empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())


def actor_display_names(ds: Dataset) -> dict[str, str]:
    """Actor id -> short display name: a group's shortest all-capitals alias, else its name."""
    actors = ds.actors
    names: dict[str, str] = {}
    for row in actors.itertuples(index=False):
        name = _clean(getattr(row, "name", None)) or row.actor_id
        aliases = getattr(row, "aliases", None) or []
        names[row.actor_id] = short_name(name, getattr(row, "kind", None), aliases)
    return names


def actor_families(ds: Dataset) -> dict[str, str]:
    """Actor id -> family; unknown or missing families count as 'other'."""
    actors = ds.actors
    if "family" not in actors:
        return {a: "other" for a in actors["actor_id"]}
    return {
        a: (f if f in ACTOR_FAMILIES else "other")
        for a, f in zip(actors["actor_id"], actors["family"])
    }


def event_date_label(row) -> str:
    """An event's date at its precision (2020-06-03, June 2020, 2019, 2010–2014)."""
    start = _date(getattr(row, "date_start", None))
    end = _date(getattr(row, "date_end", None))
    return date_label(start, end, getattr(row, "date_precision", None))


def _date(value):
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "date") and callable(value.date):  # Timestamp / datetime
        return value.date()
    return value


def _span_label(first: tuple, last: tuple) -> str:
    """'first–last' from the earliest event's and the latest event's own date labels."""
    first_label = date_label(first[0], first[1], first[2])
    last_label = date_label(last[0], last[1], last[2])
    if first_label == last_label:
        return first_label
    # Spans have their own en dash; keep the outer range readable with spaces.
    return f"{first_label.split('–')[0]} – {last_label.split('–')[-1]}"


def _has_location(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def unplaced_events(summary: pd.DataFrame) -> int:
    """How many of the summarised events have no known place (kept in `summary.attrs`)."""
    return int(summary.attrs.get("unplaced_events", 0))


# --- the summary ---------------------------------------------------------------------------


def place_summary(ds: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """One row per place that has filtered events, most events first.

    Columns: see `SUMMARY_COLUMNS`. `main_actors` is a list of up to three display names (most
    events there first); `family` is the family found in the most of the place's events (ties:
    al-qaeda, islamic-state, state-forces, other; no actors: other); `tip_*` are the hover
    box's lines as plain text. Events without a place, or naming a place the dataset does not
    have, are left out and counted in `summary.attrs["unplaced_events"]`.
    """
    locations = ds.locations.set_index("location_id", drop=False)
    known = set(locations.index)
    names = actor_display_names(ds)
    families = actor_families(ds)

    by_place: dict[str, list] = {}
    unplaced = 0
    seen: set[str] = set()
    for row in events.itertuples(index=False):
        event_id = getattr(row, "event_id", None)
        if event_id in seen:
            continue
        seen.add(event_id)
        loc = getattr(row, "location_id", None)
        if _has_location(loc) and loc in known:
            by_place.setdefault(loc, []).append(row)
        else:
            unplaced += 1

    rows = []
    for loc, place_events in by_place.items():
        place = locations.loc[loc]
        actor_counts: Counter[str] = Counter()
        family_counts: Counter[str] = Counter()
        dated = []
        for ev in place_events:
            actor_ids = list(dict.fromkeys(getattr(ev, "actor_ids", None) or []))
            actor_counts.update(actor_ids)
            family_counts.update({families.get(a, "other") for a in actor_ids})
            start, end = _date(ev.date_start), _date(getattr(ev, "date_end", None))
            if start is not None:
                dated.append((start, end or start, getattr(ev, "date_precision", None)))
        ranked = sorted(
            actor_counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0]).casefold())
        )
        main = [names.get(a, a) for a, _ in ranked[:MAIN_ACTORS]]
        family = (
            min(family_counts, key=lambda f: (-family_counts[f], ACTOR_FAMILIES.index(f)))
            if family_counts
            else "other"
        )
        if dated:
            first = min(dated, key=lambda d: (d[0], d[1]))
            last = max(dated, key=lambda d: (d[1], d[0]))
            span = _span_label(first, last)
            first_date, last_date = first[0], last[1]
        else:
            span, first_date, last_date = "undated", None, None

        precision = place["precision"] if place["precision"] in ("point", *IMPRECISE) else "area"
        radius = place.get("radius_km")
        if radius is None or pd.isna(radius) or radius <= 0:
            radius = DEFAULT_RADIUS_KM.get(precision, 0.0) if precision in IMPRECISE else None
        name = _clean(place["name"]) or loc
        iso3 = _clean(place["country_iso3"])
        count = len(place_events)
        where = "" if radius is None else f" ({precision}, ±{radius:g} km)"
        rows.append(
            {
                "location_id": loc,
                "name": name,
                "country_iso3": iso3,
                "latitude": float(place["latitude"]),
                "longitude": float(place["longitude"]),
                "precision": precision,
                "radius_km": None if radius is None else float(radius),
                "events": count,
                "main_actors": main,
                "main_actors_label": ", ".join(main),
                "family": family,
                "first_date": first_date,
                "last_date": last_date,
                "date_span": span,
                "tip_name": name + where,
                "tip_country": country_name(iso3) if iso3 else "Country unknown",
                "tip_events": f"{count} event" if count == 1 else f"{count} events",
                "tip_actors": ("Main actors: " + ", ".join(main)) if main else "No actor named",
                "tip_dates": span,
            }
        )

    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    summary = summary.sort_values(["events", "name"], ascending=[False, True], kind="stable")
    summary = summary.reset_index(drop=True)
    summary.attrs["unplaced_events"] = unplaced
    return summary


# --- the deck ------------------------------------------------------------------------------


def marker_px(count: int, scale: float = 1.0) -> float:
    """A point marker's radius in pixels: square-root scale (area ~ events), never too small."""
    radius = MARKER_MIN_PX + 3.0 * (math.sqrt(max(count, 1)) - 1.0)
    return round(min(radius, MARKER_MAX_PX) * scale, 2)


def disc_alpha(radius_km: float | None, bounds: tuple[int, int]) -> int:
    """Opacity for an uncertainty disc: the bigger the disc, the fainter (alpha ∝ 1/sqrt(r))."""
    low, high = bounds
    if radius_km is None or not radius_km > 0:
        return high
    return int(max(low, min(high, round(high * math.sqrt(40.0 / radius_km)))))


def named_places(ds: Dataset) -> pd.DataFrame:
    """The dataset's locations whose name (or an alias) is one of `NAMED_PLACES`.

    Kept in `ds.memo`: an import has thousands of places and every map asks for these."""
    memo = getattr(ds, "memo", None)
    if memo is not None and "named_places" in memo:
        return memo["named_places"]
    wanted = {fold(n) for n in NAMED_PLACES}
    locations = ds.locations
    if locations.empty:
        return locations.iloc[0:0]
    aliases = locations["aliases"] if "aliases" in locations else [[]] * len(locations)
    mask = [
        any(fold(n) in wanted for n in [name, *(extra if isinstance(extra, list) else [])])
        for name, extra in zip(locations["name"], aliases)
    ]
    found = locations[mask].sort_values("location_id").reset_index(drop=True)
    if memo is not None:
        memo["named_places"] = found
    return found


def _records(summary: pd.DataFrame, scale: float) -> list[dict]:
    """The places as plain JSON-ready dicts for the deck (the selection returns these)."""
    out = []
    for row in summary.itertuples(index=False):
        colour = palette.FAMILY_COLOURS.get(row.family, palette.FAMILY_COLOURS["other"])
        imprecise = row.precision in IMPRECISE
        px = marker_px(int(row.events), scale)
        out.append(
            {
                "location_id": row.location_id,
                "name": row.name,
                "country_iso3": row.country_iso3,
                "precision": row.precision,
                "events": int(row.events),
                "family": row.family,
                "position": [float(row.longitude), float(row.latitude)],
                "radius_m": (
                    float(row.radius_km) * 1000.0 if imprecise and row.radius_km > 0 else 0.0
                ),
                "marker_px": px,
                # Precise places are solid; imprecise ones a white ring at the disc's centre.
                "fill": palette.rgb("#FFFFFF", 235) if imprecise else palette.rgb(colour, 235),
                "line": palette.rgb(colour, 255) if imprecise else palette.rgb("#FFFFFF", 255),
                "line_px": round((2.5 if imprecise else 1.2) * scale, 2),
                "disc_fill": palette.rgb(colour, disc_alpha(row.radius_km, DISC_ALPHA)),
                "disc_line": palette.rgb(colour, disc_alpha(row.radius_km, DISC_LINE_ALPHA)),
                "tip_name": row.tip_name,
                "tip_country": row.tip_country,
                "tip_events": row.tip_events,
                "tip_actors": row.tip_actors,
                "tip_dates": row.tip_dates,
            }
        )
    return out


# --- labels --------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in screen pixels at one zoom


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates (y grows southwards) at `zoom`, deck.gl's 512 px tiles."""
    size = 512 * 2**zoom
    lat = max(min(lat, 85.0), -85.0)
    x = (lon + 180.0) / 360.0 * size
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * size
    return x, y


def text_box_size(text: str, size: float) -> tuple[float, float]:
    """A generous estimate of a label's width and height in pixels."""
    return 0.6 * size * max(len(text), 1) + 4, 1.25 * size


# (anchor, baseline, dx, dy in units of the gap): right of the marker first, then left,
# above, below, then the four corners.
_SIDES = (
    ("start", "center", 1, 0), ("end", "center", -1, 0),
    ("middle", "bottom", 0, -1), ("middle", "top", 0, 1),
    ("start", "bottom", 0.8, -0.4), ("start", "top", 0.8, 0.4),
    ("end", "bottom", -0.8, -0.4), ("end", "top", -0.8, 0.4),
)


def label_sides(text: str, x: float, y: float, gap: float, size: float) -> list[tuple[dict, Box]]:
    """The TextLayer fields ("anchor", "baseline", "label_offset") and box of every side of a
    marker where its label may go, in order of preference."""
    w, h = text_box_size(text, size)
    sides = []
    for anchor, baseline, sx, sy in _SIDES:
        dx, dy = sx * gap, sy * gap
        cx, cy = x + dx, y + dy
        x0 = cx if anchor == "start" else cx - w if anchor == "end" else cx - w / 2
        y0 = cy - h / 2 if baseline == "center" else cy - h if baseline == "bottom" else cy
        fields = {"anchor": anchor, "baseline": baseline, "label_offset": [round(dx, 1), round(dy, 1)]}
        sides.append((fields, (x0, y0, x0 + w, y0 + h)))
    return sides


def place_label(
    text: str, x: float, y: float, gap: float, size: float, taken: list[Box]
) -> tuple[dict, Box, bool]:
    """The first side of a marker where the label overlaps nothing in `taken`.

    Returns the TextLayer fields ("anchor", "baseline", "label_offset"), the box, and whether
    it fits; when no side fits, the side that covers least is returned with False.
    """
    sides = label_sides(text, x, y, gap, size)
    board = Board([*taken, *(box for _, box in sides)])
    for k in range(len(taken)):
        board.take(k)
    fields, n, fits = _choose(board, len(taken), len(sides), [f for f, _ in sides])
    return fields, sides[n][1], fits


def _choose(board: Board, first: int, count: int, fields: list[dict]) -> tuple[dict, int, bool]:
    """Take the first free one of boxes first..first+count-1, else the least covered one."""
    for n in range(count):
        if board.free(first + n):
            board.take(first + n)
            return fields[n], n, True
    n = min(range(count), key=lambda i: board.covered(first + i))
    board.take(first + n)
    return fields[n], n, False


def _marker_box(x: float, y: float, radius: float) -> Box:
    return (x - radius, y - radius, x + radius, y + radius)


def _text_layer(layer_id: str, data: list[dict], size: float, *, bold: bool) -> pdk.Layer:
    """Dark labels with a white halo, beside their marker (see `place_label`)."""
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=data,
        get_position="position",
        get_text="label",
        get_size=size,
        size_units="'pixels'",
        get_color=palette.rgb(palette.TEXT),
        get_text_anchor="anchor",
        get_alignment_baseline="baseline",
        get_pixel_offset="label_offset",
        font_family=FONT,
        font_weight=700 if bold else 600,
        font_settings={"sdf": True, "fontSize": 64, "buffer": 8, "radius": 12},
        outline_width=4,
        outline_color=[255, 255, 255, 255],
        character_set="'auto'",
        billboard=True,
        pickable=False,
    )


def _layout(
    ds: Dataset, records: list[dict], named: pd.DataFrame, zoom: float, scale: float
) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """The labels of the named places, the places, the countries and the basemap's towns.

    Laid out for the opening zoom, most important first: the named places, then places by
    number of events (one label per town: a place of the same name a few km from one already
    labelled gets none), then the countries and the towns, dropped where there is no room.
    Every box that may be placed is indexed once (`labels.Board`); every marker is reserved
    before any label is placed.
    """
    named_size, label_size, town_size = 14 * scale, 12.5 * scale, 11 * scale
    dot_px = 3.5 * scale
    by_id = {r["location_id"]: r for r in records}
    # Of two named places of one town (the curated one and an import's), the curated one,
    # else the one with more events, keeps the label.
    named_rows = sorted(
        named.itertuples(index=False),
        key=lambda row: (_clean(getattr(row, "origin", None)) not in ("", "curated"),
                         -by_id.get(row.location_id, {}).get("events", 0), row.location_id),
    )
    named_ids = {row.location_id for row in named_rows}
    places = [r for r in records if r["location_id"] not in named_ids]
    texts = [_clean(row.name) or row.location_id for row in named_rows] + [r["name"] for r in places]
    keep = one_label_per_place(
        [fold(t) for t in texts],
        [float(row.longitude) for row in named_rows] + [r["position"][0] for r in places],
        [float(row.latitude) for row in named_rows] + [r["position"][1] for r in places],
    )
    boxes: list[Box] = []
    fields: list[dict] = []

    def add(options: list[tuple[dict, Box]]) -> int:
        start = len(boxes)
        for f, box in options:
            fields.append(f)
            boxes.append(box)
        return start

    markers = [add([({}, _marker_box(*project(*r["position"], zoom), r["marker_px"]))]) for r in records]
    markers += [add([({}, _marker_box(*project(row.longitude, row.latitude, zoom), dot_px))])
                for row in named_rows if row.location_id not in by_id]
    named_slots = []
    for row, text, kept in zip(named_rows, texts, keep):
        if not kept:
            named_slots.append(None)
            continue
        record = by_id.get(row.location_id)
        x, y = project(float(row.longitude), float(row.latitude), zoom)
        gap = (record["marker_px"] if record else dot_px) + 4 * scale
        named_slots.append(add(label_sides(text, x, y, gap, named_size)))
    place_slots = []
    for r, kept in zip(places, keep[len(named_rows):]):
        x, y = project(*r["position"], zoom)
        place_slots.append(add(label_sides(r["name"], x, y, r["marker_px"] + 4 * scale, label_size)) if kept else None)
    basemap = basemap_data()
    country_slots = []
    for country in basemap.country_labels:
        lon, lat = country["position"]
        w, h = text_box_size(country["text"], 14 * scale)
        nudges = []
        for dlon, dlat in COUNTRY_LABEL_NUDGES:
            x, y = project(lon + dlon, lat + dlat, zoom)
            nudges.append(({"position": [lon + dlon, lat + dlat]}, (x - w / 2, y - h / 2, x + w / 2, y + h / 2)))
        country_slots.append(add(nudges))
    town_slots = []
    for town in basemap.town_labels:
        x, y = project(*town["position"], zoom)
        dot = add([({}, _marker_box(x, y, 3 * scale))])
        town_slots.append((dot, add(label_sides(town["text"], x, y, 5 * scale, town_size))))

    board = Board(boxes)
    for k in markers:
        board.take(k)
    sides = len(_SIDES)
    named_records = []
    for row, text, k in zip(named_rows, texts, named_slots):
        if k is None:
            continue  # the same town is labelled already
        chosen, _, _ = _choose(board, k, sides, fields[k:k + sides])
        named_records.append(
            {"location_id": row.location_id, "label": text,
             "position": [float(row.longitude), float(row.latitude)],
             "has_events": row.location_id in by_id, **chosen}
        )
    labels = []
    for r, k in zip(places, place_slots):
        if k is None:
            continue  # the same town is labelled already
        chosen, _, _ = _choose(board, k, sides, fields[k:k + sides])
        labels.append({"location_id": r["location_id"], "label": r["name"],
                       "position": r["position"], **chosen})
    countries = []
    for country, k in zip(basemap.country_labels, country_slots):
        # The country's own point, else nudged a little; a name with no room is left out.
        free = next((n for n in range(len(COUNTRY_LABEL_NUDGES)) if board.free(k + n)), None)
        if free is not None:
            board.take(k + free)
            countries.append({**country, **fields[k + free]})
    towns = []
    for town, (dot, k) in zip(basemap.town_labels, town_slots):
        if not board.free(dot):
            continue
        free = next((n for n in range(sides) if board.free(k + n)), None)
        if free is not None and fields[k + free]["anchor"] != "middle":  # towns: beside the dot only
            board.take(dot)
            board.take(k + free)
            towns.append({**town, "anchor": fields[k + free]["anchor"],
                          "offset": fields[k + free]["label_offset"]})
    return named_records, labels, countries, towns


VIEWPORT_PX = (1000.0, 600.0)  # the map's usual size on a laptop: what the first view must fit
FIT_ZOOM = (2.0, 7.0)
FIT_MARGIN = 0.1  # of the span, on each side


def _unproject(x: float, y: float, zoom: float) -> tuple[float, float]:
    size = 512 * 2**zoom
    lon = x / size * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return lon, lat


def view_bounds(view: dict, viewport: tuple[float, float] = VIEWPORT_PX) -> tuple[float, float, float, float]:
    """The (west, south, east, north) a view shows in a viewport of that many pixels."""
    x, y = project(view["longitude"], view["latitude"], view["zoom"])
    west, north = _unproject(x - viewport[0] / 2, y - viewport[1] / 2, view["zoom"])
    east, south = _unproject(x + viewport[0] / 2, y + viewport[1] / 2, view["zoom"])
    return west, south, east, north


def initial_view(points: list[list[float]], viewport: tuple[float, float] = VIEWPORT_PX) -> dict:
    """The first view: the atlas's own framing when it shows every point, else one that fits
    them all (an import reaching beyond the Sahel opens on all of its places)."""
    if not points:
        return dict(DEFAULT_VIEW)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, south, east, north = view_bounds(DEFAULT_VIEW, viewport)
    if west <= min(lons) and max(lons) <= east and south <= min(lats) and max(lats) <= north:
        return dict(DEFAULT_VIEW)
    x0, y1 = project(min(lons), min(lats), 0)
    x1, y0 = project(max(lons), max(lats), 0)
    width, height = (x1 - x0) * (1 + 2 * FIT_MARGIN), (y1 - y0) * (1 + 2 * FIT_MARGIN)
    zoom = min(math.log2(viewport[0] / max(width, 1e-6)), math.log2(viewport[1] / max(height, 1e-6)))
    zoom = round(min(max(zoom, FIT_ZOOM[0]), FIT_ZOOM[1]), 2)
    lon, lat = _unproject((x0 + x1) / 2, (y0 + y1) / 2, 0)
    return {**DEFAULT_VIEW, "longitude": round(lon, 4), "latitude": round(lat, 4), "zoom": zoom}


def build_deck(
    ds: Dataset,
    summary: pd.DataFrame,
    *,
    present: bool = False,
    view_state: pdk.ViewState | dict | None = None,
) -> OfflineDeck:
    """The map: offline basemap, uncertainty discs, place markers and labels, hover box."""
    scale = PRESENT_SCALE if present else 1.0
    records = _records(summary, scale)
    named = named_places(ds)
    if view_state is None:
        points = [r["position"] for r in records]
        points += [[float(x), float(y)] for x, y in zip(named["longitude"], named["latitude"])]
        view_state = pdk.ViewState(**initial_view(points))
    elif isinstance(view_state, dict):
        view_state = pdk.ViewState(**view_state)
    zoom = float(getattr(view_state, "zoom", None) or DEFAULT_VIEW["zoom"])
    named_size, label_size = 14 * scale, 12.5 * scale
    dot_px = 3.5 * scale

    named_records, labels, countries, towns = _layout(ds, records, named, zoom, scale)
    # Biggest discs first, so that smaller ones are drawn on top of them.
    imprecise = sorted(
        (r for r in records if r["precision"] in IMPRECISE), key=lambda r: -r["radius_m"]
    )
    layers = basemap_layers(text_scale=scale, towns=towns, countries=countries)
    layers += [
        pdk.Layer(
            "ScatterplotLayer",
            id=AREAS_LAYER_ID,
            data=imprecise,
            get_position="position",
            get_radius="radius_m",
            radius_units="'meters'",
            get_fill_color="disc_fill",
            get_line_color="disc_line",
            stroked=True,
            filled=True,
            line_width_units="'pixels'",
            get_line_width=1,
            line_width_min_pixels=1,
            pickable=False,
        ),
        # Named places without a filtered event still get a small neutral dot under their label.
        pdk.Layer(
            "ScatterplotLayer",
            id=NAMED_LAYER_ID,
            data=[r for r in named_records if not r["has_events"]],
            get_position="position",
            get_radius=dot_px,
            radius_units="'pixels'",
            get_fill_color=palette.rgb(palette.TEXT, 200),
            get_line_color=[255, 255, 255, 255],
            stroked=True,
            line_width_units="'pixels'",
            get_line_width=1,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id=PLACES_LAYER_ID,
            data=records,
            get_position="position",
            get_radius="marker_px",
            radius_units="'pixels'",
            get_fill_color="fill",
            get_line_color="line",
            get_line_width="line_px",
            line_width_units="'pixels'",
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
            highlight_color=[255, 200, 0, 160],
        ),
        _text_layer(LABELS_LAYER_ID, labels, label_size, bold=False),
        _text_layer(NAMED_LABELS_LAYER_ID, named_records, named_size, bold=True),
    ]
    # No map_style argument at all: with map_provider=None that is what keeps Streamlit from
    # loading a Carto style (map_style=None makes it pick one for the theme).
    return OfflineDeck(
        layers=layers,
        initial_view_state=view_state,
        map_provider=None,
        tooltip=TOOLTIP,
        height=720 if present else 600,
    )


# --- the legend ----------------------------------------------------------------------------


def legend_items(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, hex colour) for each family on the map, in palette order, then the discs."""
    present = set(summary["family"]) if not summary.empty else set()
    items = [
        (palette.FAMILY_LABELS[f], palette.FAMILY_COLOURS[f]) for f in ACTOR_FAMILIES if f in present
    ]
    if not summary.empty and summary["precision"].isin(IMPRECISE).any():
        items.append((IMPRECISE_LEGEND, IMPRECISE_LEGEND_COLOUR))
    return items
