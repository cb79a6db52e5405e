"""The Timeline page: events on a date axis by actor or by type, events per year, leaders and
group lifetimes, and the details of the events a viewer selects."""

from __future__ import annotations

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
from components.charts import picture_name, plotly_chart
from components.text import md_escape
from sahel_atlas.query.aggregate import counts_per_period
from sahel_atlas.views.timeline.counts import counts_figure
from sahel_atlas.views.timeline.figure import timeline_figure
from sahel_atlas.views.timeline.per_year import per_year_figure
from sahel_atlas.views.timeline.selection import event_details, selected_event_ids
from sahel_atlas.views.timeline.tenure import tenure_bars
from sahel_atlas.views.timeline.tenure_figure import tenure_figure

LANES_PARAM = "lanes"
LANES_KEY = "timeline_lanes"
LANE_CHOICES = {"actor": "by actor", "type": "by event type"}
MOST_DETAILS = 20


def _lanes_from_url() -> str:
    return "type" if st.query_params.get(LANES_PARAM) == "type" else "actor"


def _write_lanes(value: str) -> None:
    """The URL says `lanes=type` when not the default, and nothing when it is."""
    if value == "type":
        if st.query_params.get(LANES_PARAM) != "type":
            st.query_params[LANES_PARAM] = "type"
    elif LANES_PARAM in st.query_params:
        del st.query_params[LANES_PARAM]


def _on_lanes_change() -> None:
    _write_lanes(st.session_state.get(LANES_KEY) or "actor")


def _lanes_control() -> str:
    by = st.segmented_control(
        "Lanes",
        list(LANE_CHOICES),
        default=_lanes_from_url(),
        format_func=LANE_CHOICES.get,
        key=LANES_KEY,
        on_change=_on_lanes_change,
        required=True,
        help="One lane per actor (the most active ones, then the others), or one per type "
        "of event.",
    ) or "actor"
    _write_lanes(by)  # also drops an invalid `lanes=` value from a hand-edited link
    return by


def _render_details(view: View, event_ids: list[str]) -> None:
    details = event_details(view.ds, view.events, event_ids[:MOST_DETAILS])
    if not details:
        return
    st.subheader(f"Selected event{'s' if len(event_ids) != 1 else ''} ({len(event_ids)})")
    if len(event_ids) > MOST_DETAILS:
        st.caption(f"The first {MOST_DETAILS} are shown; select fewer to see the others.")
    for item in details:
        with st.container(border=True):
            st.markdown(f"**{md_escape(item['title'])}**")
            facts = [
                item["date"],
                item["place"],
                item["type"],
                f"status: {item['status']}" if item["status"] else "",
            ]
            st.caption(md_escape(" · ".join(f for f in facts if f)))
            if item["actors"]:
                st.markdown(f"Actors: {md_escape(', '.join(item['actors']))}")
            if item["description"]:
                st.markdown(md_escape(item["description"]))
            for title, text in item["excerpts"]:
                quoted = "\n".join(f"> {md_escape(line)}" for line in text.splitlines() or [""])
                st.markdown(f"{quoted}\n>\n> — *{md_escape(title)}*")
            if not item["excerpts"] and item["sources"]:
                st.caption(md_escape("Sources: " + "; ".join(item["sources"])))


@filter_cache(max_entries=64)
def _counts(path: str, key: Key, period: str) -> pd.DataFrame:
    return counts_per_period(dataset(path), filters_of(path, key), period=period, by="family")


def render_counts(view: View) -> None:
    """Above DETAIL_LIMIT events: counts per period instead of single events."""
    period = st.segmented_control(
        "Counts per", ["month", "year"], default="month", key="timeline_period", required=True
    )
    st.caption(
        f"{view.count:,} events match: too many to draw one by one, so the timeline counts "
        f"them per {period}. Narrow the filters below {DETAIL_LIMIT:,} events to see single "
        "events with their date precision."
    )
    counts = _counts(str(view.ds.path), filter_key(view.filters), period)
    plotly_chart(
        counts_figure(counts, period, present=view.present),
        key="timeline-counts",
        alt=f"Events per {period}, stacked by family",
        filename=picture_name(f"timeline-per-{period}", view),
    )


# The figures of one filter are built once for the server (they are the page's costliest
# work), from the same cached events the page's view holds when it lists every event.
@filter_cache(max_entries=32)
def _events_figure(path: str, key: Key, by: str, present: bool):
    return timeline_figure(dataset(path), filtered_events(path, key, None), by=by, present=present)


@filter_cache(max_entries=32)
def _per_year_figure(path: str, key: Key, present: bool):
    events = filtered_events(path, key, None)
    return per_year_figure(events, present=present, ds=dataset(path))


@filter_cache(max_entries=32)
def _tenures(path: str, key: Key, present: bool):
    """The tenure bars and their figure (None when no bar is drawn)."""
    ds = dataset(path)
    events = filtered_events(path, key, None)
    everything = filters_of(path, key).is_empty()
    actor_ids = None if everything else {a for ids in events["actor_ids"] for a in ids}
    bars = tenure_bars(ds, actor_ids)
    figure = None if bars.rows.empty else tenure_figure(ds, actor_ids, present=present)
    return bars, figure


def _render_events(view: View, events: pd.DataFrame, by: str) -> None:
    """The timeline of single events, and the details of those the viewer selects."""
    fig = _events_figure(str(view.ds.path), filter_key(view.filters), by, view.present)
    st.caption(
        "A marker is an event known to the day (filled: confirmed, open: claimed, diamond: "
        "disputed). A pale bar is an event known only to a month, a year or a span: it could "
        "lie anywhere along the bar (hatched: claimed, crossed: disputed). Click or box-select "
        "events to read their details below; drag to zoom, double-click to reset."
    )
    state = plotly_chart(
        fig,
        on_select="rerun",
        selection_mode=("points", "box"),
        key="timeline",
        alt=f"Timeline of {len(events)} events, one lane per "
        + ("actor" if by == "actor" else "event type"),
        filename=picture_name("timeline", view),
    )
    known = set(events["event_id"])
    selection = state.get("selection") if state else None
    selected = [e for e in selected_event_ids(selection) if e in known]
    if selected:
        _render_details(view, selected)


def _render_per_year(view: View) -> None:
    plotly_chart(
        _per_year_figure(str(view.ds.path), filter_key(view.filters), view.present),
        key="timeline-per-year",
        alt="Events per year, stacked by family of the main actor",
        filename=picture_name("timeline-per-year", view),
    )
    st.caption("An event whose date is a span is counted in the year it starts.")


def _render_tenures(view: View) -> None:
    """Leaders and group lifetimes: of the filtered events' actors, or all without a filter."""
    bars, figure = _tenures(str(view.ds.path), filter_key(view.filters), view.present)
    if figure is None:
        st.caption("No dated leadership or group lifetime is recorded for these actors.")
    else:
        plotly_chart(
            figure,
            key="timeline-tenures",
            alt="Leadership tenures and group lifetimes",
            filename=picture_name("timeline-tenures", view),
        )
        st.caption(
            "Bars from the sources' `leads` relations and from founding and merger dates; an "
            "open-ended bar runs to the end of the axis (ongoing as of the sources)."
        )
    if bars.undated:
        st.caption(
            f"{bars.undated} leadership, founding or merger relation"
            f"{'s are' if bars.undated != 1 else ' is'} undated in the sources and not drawn."
        )


def render_timeline(view: View) -> None:
    """The page's charts: counts above DETAIL_LIMIT events, else events, years and tenures."""
    if not view.detailed:
        render_counts(view)
        return
    by = _lanes_control()
    events = view.events
    if events is None or events.empty:
        st.info(
            "No events match these filters, so there is no timeline to draw. Widen the dates "
            "or remove a filter."
        )
        return
    _render_events(view, events, by)
    _render_per_year(view)
    _render_tenures(view)
