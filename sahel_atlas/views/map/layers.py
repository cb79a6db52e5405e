"""The map's own layers over the basemap: uncertainty discs, place markers, their labels.

Places come as the rows of `places.place_summary` (or `cells.cells_summary`); `place_records`
turns them into the JSON-ready dicts the layers draw and the selection returns.
"""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from sahel_atlas.views import palette
from sahel_atlas.views.map.places import IMPRECISE
from sahel_atlas.views.map.primitives import dots_layer, labels_layer

PLACES_LAYER_ID = "places"  # pickable; Streamlit's selection is keyed by this id
AREAS_LAYER_ID = "place-areas"
LABELS_LAYER_ID = "place-labels"
NAMED_LAYER_ID = "named-places"
NAMED_LABELS_LAYER_ID = "named-place-labels"

MARKER_MIN_PX = 5.0
MARKER_MAX_PX = 26.0
# Disc opacity falls with size, so that country-sized regions do not hide what lies under them.
DISC_ALPHA = (12, 56)  # alpha of the biggest and of the smallest discs
DISC_LINE_ALPHA = (70, 160)


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


def _colours(family: str, imprecise: bool, radius_km: float | None) -> dict:
    """A marker's fill and ring, and its disc's fill and edge, in the family's colour."""
    colour = palette.FAMILY_COLOURS.get(family, palette.FAMILY_COLOURS["other"])
    return {
        # Precise places are solid; imprecise ones a white ring at the disc's centre.
        "fill": palette.rgb("#FFFFFF", 235) if imprecise else palette.rgb(colour, 235),
        "line": palette.rgb(colour, 255) if imprecise else palette.rgb("#FFFFFF", 255),
        "disc_fill": palette.rgb(colour, disc_alpha(radius_km, DISC_ALPHA)),
        "disc_line": palette.rgb(colour, disc_alpha(radius_km, DISC_LINE_ALPHA)),
    }


def place_records(summary: pd.DataFrame, scale: float) -> list[dict]:
    """The places as plain JSON-ready dicts for the deck (the selection returns these)."""
    out = []
    for row in summary.itertuples(index=False):
        imprecise = row.precision in IMPRECISE
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
                "marker_px": marker_px(int(row.events), scale),
                "line_px": round((2.5 if imprecise else 1.2) * scale, 2),
                **_colours(row.family, imprecise, row.radius_km),
                "tip_name": row.tip_name,
                "tip_country": row.tip_country,
                "tip_events": row.tip_events,
                "tip_actors": row.tip_actors,
                "tip_dates": row.tip_dates,
            }
        )
    return out


def discs_layer(records: list[dict]) -> pdk.Layer:
    """The translucent uncertainty discs of imprecise places, in metres, biggest first."""
    # Biggest discs first, so that smaller ones are drawn on top of them.
    imprecise = sorted(
        (r for r in records if r["precision"] in IMPRECISE), key=lambda r: -r["radius_m"]
    )
    return dots_layer(AREAS_LAYER_ID, imprecise, radius="radius_m", units="meters",
                      fill="disc_fill", line="disc_line", filled=True, line_width_min_pixels=1)


def named_dots_layer(named_labels: list[dict], dot_px: float) -> pdk.Layer:
    """Named places without a filtered event still get a small neutral dot under their label."""
    return dots_layer(NAMED_LAYER_ID, [r for r in named_labels if not r["has_events"]],
                      radius=dot_px, fill=palette.rgb(palette.TEXT, 200), line=[255, 255, 255, 255])


def markers_layer(records: list[dict]) -> pdk.Layer:
    """The pickable place markers, sized in pixels by their number of events."""
    return dots_layer(PLACES_LAYER_ID, records, radius="marker_px", fill="fill", line="line",
                      line_width="line_px", filled=True, pickable=True, auto_highlight=True,
                      highlight_color=[255, 200, 0, 160])


def text_layer(layer_id: str, data: list[dict], size: float, *, bold: bool) -> pdk.Layer:
    """Dark labels with a white halo, beside their marker (see `labels.label_sides`)."""
    return labels_layer(
        layer_id, data, text="label", size=size, color=palette.rgb(palette.TEXT),
        get_text_anchor="anchor", get_alignment_baseline="baseline",
        get_pixel_offset="label_offset", font_weight=700 if bold else 600,
        font_settings={"sdf": True, "fontSize": 64, "buffer": 8, "radius": 12},
        outline_width=4, outline_color=[255, 255, 255, 255], billboard=True,
    )
