"""The Map page: places of the filtered events over an offline basemap; click one to read it."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from components.context import (
    DETAIL_LIMIT,
    Key,
    View,
    dataset,
    filter_cache,
    filter_key,
    filtered_events,
    filters_of,
)
from components.charts import picture_name
from components.map_picture import render_map_png
from components.text import html_escape, md_escape
from sahel_atlas.query.aggregate import grid_cells
from sahel_atlas.text.strings import clean
from sahel_atlas.views.map.cells import CELL_SIZES, DEFAULT_CELL_DEG, cells_summary
from sahel_atlas.views.map.deck import DeckSpec, build_deck, deck_spec
from sahel_atlas.views.map.layers import PLACES_LAYER_ID
from sahel_atlas.views.map.legend import IMPRECISE_LEGEND, legend_items
from sahel_atlas.views.map.places import IMPRECISE, event_date_label, place_summary, unplaced_events

MAP_KEY = "map"
MAX_EVENTS_LISTED = 200
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _swatch(colour: str, disc: bool) -> str:
    colour = colour if _HEX.match(colour) else "#999999"
    if disc:
        style = (
            f"display:inline-block;width:0.95em;height:0.95em;border-radius:50%;"
            f"background:{colour}55;border:1px solid {colour};vertical-align:-0.12em"
        )
    else:
        style = (
            f"display:inline-block;width:0.85em;height:0.85em;background:{colour};"
            "border:1px solid #FFFFFF;outline:1px solid #BBBBBB;vertical-align:-0.08em"
        )
    return f'<span style="{style}"></span>'


def render_legend(summary: pd.DataFrame) -> None:
    """Coloured swatches and their meaning; every text is escaped, colours are checked hex."""
    items = legend_items(summary)
    if not items:
        return
    parts = [
        f"{_swatch(colour, label == IMPRECISE_LEGEND)}&nbsp;{html_escape(label)}"
        for label, colour in items
    ]
    parts.append(
        html_escape("solid dot: exact place; a bigger dot means more events. "
                    "Colour: the family of the actors most involved there.")
    )
    st.markdown(
        '<div style="font-size:0.9em;line-height:1.9">'
        + " &nbsp;&nbsp; ".join(parts)
        + "</div>",
        unsafe_allow_html=True,
    )


def caption_text(summary: pd.DataFrame, total_events: int) -> str:
    unplaced = unplaced_events(summary)
    text = f"{_plural(len(summary), 'place')}, {_plural(total_events, 'event')}"
    if unplaced:
        has, is_ = ("has", "is") if unplaced == 1 else ("have", "are")
        text += f"; {_plural(unplaced, 'event')} {has} no known place and {is_} not on the map"
    return text + "."


def selected_location(state, summary: pd.DataFrame) -> str | None:
    """The location id of the clicked place, if it is still on the map."""
    try:
        objects = state.selection["objects"].get(PLACES_LAYER_ID) or []
    except (AttributeError, KeyError, TypeError):
        return None
    for obj in objects:
        loc = obj.get("location_id") if isinstance(obj, dict) else None
        if loc in set(summary["location_id"]):
            return loc
    return None


def _lookups(view: View, events: pd.DataFrame) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """excerpt id -> (source id, text) for these events; source id -> 'Title, Publisher'."""
    cited = sorted({x for ids in events["excerpt_ids"] for x in ids})
    ex = view.ds.rows_by_id("excerpts", "excerpt_id", cited)
    excerpts = {e: (s, t) for e, s, t in zip(ex["excerpt_id"], ex["source_id"], ex["text"])}
    src = view.ds.sources
    sources = {}
    for sid, title, publisher in zip(src["source_id"], src["title"], src["publisher"]):
        bits = [b for b in (title, publisher) if isinstance(b, str) and b.strip()]
        sources[sid] = ", ".join(bits) or sid
    return excerpts, sources


def render_place_events(view: View, location_id: str, summary: pd.DataFrame) -> None:
    """The selected place's filtered events, each with its quoted excerpts and their sources."""
    place = summary.loc[summary["location_id"] == location_id].iloc[0]
    events = view.events[view.events["location_id"] == location_id]
    events = events.sort_values(["date_start", "event_id"], kind="stable")
    where = ""
    if place["precision"] in IMPRECISE:
        where = f" ({place['precision']}, ±{place['radius_km']:g} km)"
    st.subheader(
        f"{md_escape(place['name'])}{md_escape(where)} · {md_escape(place['tip_country'])}"
    )
    st.caption(f"{md_escape(_plural(len(events), 'event'))} here under the current filters.")
    excerpts, sources = _lookups(view, events.head(MAX_EVENTS_LISTED))
    for row in events.head(MAX_EVENTS_LISTED).itertuples(index=False):
        with st.container(border=True):
            status = clean(getattr(row, "status", "")) or "status unknown"
            st.markdown(
                f"**{md_escape(event_date_label(row))}** · {md_escape(clean(row.title))} "
                f"· *{md_escape(status)}*"
            )
            quoted_sources: set[str] = set()
            for excerpt_id in getattr(row, "excerpt_ids", None) or []:
                if excerpt_id not in excerpts:
                    continue
                source_id, text = excerpts[excerpt_id]
                quoted_sources.add(source_id)
                source = sources.get(source_id, source_id)
                st.markdown(f"> {md_escape(clean(text))}\n>\n> — *{md_escape(source)}*")
            others = [s for s in (getattr(row, "source_ids", None) or []) if s not in quoted_sources]
            if others:
                names = "; ".join(sources.get(s, s) for s in others)
                st.caption(f"Also reported by: {md_escape(names)}")
    if len(events) > MAX_EVENTS_LISTED:
        st.caption(
            f"Showing the first {MAX_EVENTS_LISTED} of {len(events):,}; narrow the filters to see "
            "the rest, or use the Data page."
        )


@filter_cache(max_entries=64)
def _cells(path: str, key: Key, cell_deg: float) -> pd.DataFrame:
    return cells_summary(grid_cells(dataset(path), filters_of(path, key), cell_deg=cell_deg))


def _aggregated_summary(view: View) -> pd.DataFrame:
    """Grid cells of counts: the map's payload stays the same size at any number of events."""
    cell_deg = st.select_slider(
        "Cell size (degrees)",
        options=CELL_SIZES,
        value=DEFAULT_CELL_DEG,
        key="map_cell_deg",
        help="Smaller cells show more detail when you zoom in.",
    )
    summary = _cells(str(view.ds.path), filter_key(view.filters), float(cell_deg))
    st.caption(
        f"{view.count:,} events match: too many to draw one by one, so each circle counts the "
        f"events in a grid cell of {cell_deg:g}° (its size follows the count; its colour is "
        f"the family most involved). Narrow the filters below {DETAIL_LIMIT:,} events to see "
        "single places."
    )
    return summary


@filter_cache(max_entries=32)
def _place_map(path: str, key: Key, present: bool) -> tuple[pd.DataFrame, DeckSpec]:
    """The places of a filter and their deck (labels laid out once per filter, not per run)."""
    ds = dataset(path)
    summary = place_summary(ds, filtered_events(path, key, None))
    return summary, deck_spec(build_deck(ds, summary, present=present))


@filter_cache(max_entries=32)
def _cells_deck(path: str, key: Key, cell_deg: float, present: bool) -> DeckSpec:
    return deck_spec(build_deck(dataset(path), _cells(path, key, cell_deg), present=present))


def render_map(view: View) -> None:
    aggregated = not view.detailed
    path, key = str(view.ds.path), filter_key(view.filters)
    if aggregated:
        summary = _aggregated_summary(view)
        deck = _cells_deck(path, key, float(st.session_state["map_cell_deg"]), view.present)
    else:
        summary, deck = _place_map(path, key, view.present)
    state = st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key=MAP_KEY,
        width="stretch",
        height=720 if view.present else 600,
        alt=f"Map of the places of the filtered events: {_plural(len(summary), 'place')}.",
    )
    render_legend(summary)
    if not view.present:
        render_map_png(picture_name("map", view))
    if aggregated:
        unplaced = int(summary.attrs.get("unplaced_events", 0))
        st.caption(f"{len(summary):,} grid cells; {unplaced:,} events have no known place.")
        return
    st.caption(md_escape(caption_text(summary, len(view.events))))
    location_id = selected_location(state, summary)
    if location_id is None:
        if not summary.empty:
            st.caption("Click a place on the map to list its events with the sources' own words.")
        return
    render_place_events(view, location_id, summary)
