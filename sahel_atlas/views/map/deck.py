"""The map's pydeck Deck, offline: basemap, uncertainty discs, markers, labels, hover box.

The deck never names a tile server or map style: `map_provider=None` and no `map_style`, so the
browser makes no request for a basemap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.views import palette
from sahel_atlas.views.map.basemap import basemap_layers
from sahel_atlas.views.map.layers import (
    LABELS_LAYER_ID,
    NAMED_LABELS_LAYER_ID,
    discs_layer,
    markers_layer,
    named_dots_layer,
    place_records,
    text_layer,
)
from sahel_atlas.views.map.layout import MapLabels, Sizes, layout
from sahel_atlas.views.map.named import named_places
from sahel_atlas.views.map.view import DEFAULT_VIEW, initial_view

PRESENT_SCALE = 1.6

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


@dataclass(frozen=True)
class DeckSpec:
    """A deck serialised once: what `st.pydeck_chart` sends, shared read-only by every session.

    Streamlit asks a deck only for `to_json()` and its `_tooltip` (and `layers`, to convert
    frames pydeck cannot serialise: there are none left here), so a cached spec skips
    rebuilding, copying and re-serialising a 2 MB deck on every rerun.
    """

    json: str
    _tooltip: dict = field(default_factory=lambda: dict(TOOLTIP))
    layers: tuple = ()

    def to_json(self) -> str:
        return self.json


def deck_spec(deck: OfflineDeck) -> DeckSpec:
    """The deck's JSON, made once."""
    return DeckSpec(deck.to_json(), dict(TOOLTIP))


def _view_state(
    view_state: pdk.ViewState | dict | None, records: list[dict], named: pd.DataFrame
) -> pdk.ViewState:
    """The given view, else the first view that shows every place and named place."""
    if isinstance(view_state, dict):
        return pdk.ViewState(**view_state)
    if view_state is not None:
        return view_state
    points = [r["position"] for r in records]
    points += [[float(x), float(y)] for x, y in zip(named["longitude"], named["latitude"])]
    return pdk.ViewState(**initial_view(points))


def _layers(records: list[dict], labels: MapLabels, size: Sizes) -> list[pdk.Layer]:
    """Bottom to top: basemap, discs, named places' dots, markers, labels, named labels."""
    return [
        *basemap_layers(text_scale=size.scale, towns=labels.towns, countries=labels.countries),
        discs_layer(records),
        named_dots_layer(labels.named, size.dot),
        markers_layer(records),
        text_layer(LABELS_LAYER_ID, labels.places, size.label, bold=False),
        text_layer(NAMED_LABELS_LAYER_ID, labels.named, size.named, bold=True),
    ]


def build_deck(
    ds: Dataset,
    summary: pd.DataFrame,
    *,
    present: bool = False,
    view_state: pdk.ViewState | dict | None = None,
) -> OfflineDeck:
    """The map: offline basemap, uncertainty discs, place markers and labels, hover box."""
    size = Sizes(PRESENT_SCALE if present else 1.0)
    records = place_records(summary, size.scale)
    named = named_places(ds)
    view = _view_state(view_state, records, named)
    zoom = float(getattr(view, "zoom", None) or DEFAULT_VIEW["zoom"])
    labels = layout(records, named, zoom, size.scale)
    # No map_style argument at all: with map_provider=None that is what keeps Streamlit from
    # loading a Carto style (map_style=None makes it pick one for the theme).
    return OfflineDeck(
        layers=_layers(records, labels, size),
        initial_view_state=view,
        map_provider=None,
        tooltip=TOOLTIP,
        height=720 if present else 600,
    )
