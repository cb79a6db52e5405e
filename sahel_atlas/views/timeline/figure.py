"""The timeline figure: events on a date axis, one lane per actor or per event type."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sahel_atlas.contract import schema
from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.strings import esc
from sahel_atlas.views import palette
from sahel_atlas.views.timeline.lanes import TOP_ACTORS, Lanes, lanes
from sahel_atlas.views.timeline.layout import (
    FAMILIES,
    axis_range,
    base_layout,
    date_axis,
    family_legend,
)
from sahel_atlas.views.timeline.marks import day_markers, period_bars, status_legend


def _add_marks(fig: go.Figure, frame: pd.DataFrame, marker_size: int) -> None:
    """One trace of bars and one of markers per (family, status), in the palette's order."""
    for family in FAMILIES:
        of_family = frame[frame["family"] == family]
        colour = palette.FAMILY_COLOURS[family]
        for status in (*schema.STATUSES, *sorted(set(of_family["status"]) - set(schema.STATUSES))):
            part = of_family[of_family["status"] == status]
            points = part[part["precision"] == "day"]
            bars = part[part["precision"] != "day"]
            name = f"{palette.FAMILY_LABELS[family]} · {status}"
            if len(bars):
                fig.add_trace(period_bars(bars, colour, status, name, family))
            if len(points):
                fig.add_trace(day_markers(points, colour, status, name, family, marker_size))


def _lane_axis(fig: go.Figure, lanes_shown: list[str], by: Lanes) -> None:
    fig.update_yaxes(
        title_text="Actor" if by == "actor" else "Event type",
        type="category",
        categoryorder="array",
        categoryarray=lanes_shown,
        range=[len(lanes_shown) - 0.5, -0.5],  # the most active lane on top
        automargin=True,
        showgrid=True,
        gridcolor="#F0F0F0",
    )


def timeline_figure(
    ds: Dataset,
    events: pd.DataFrame,
    by: Lanes = "actor",
    present: bool = False,
    top: int = TOP_ACTORS,
) -> go.Figure:
    """Events on a date axis, one lane per actor (or per event type), coloured by family.

    Day-precise events are markers (symbol by status); month/year/span events are
    translucent horizontal bars from date_start to date_end + 1 day (hatched when claimed,
    crossed when disputed). customdata[0] of every point is its event_id.
    """
    frame = lanes(ds, events, by=by, top=top)
    shown = [esc(lane) for lane in dict.fromkeys(frame["lane"])]
    start, end = axis_range([*frame["start"], *frame["end"]])
    marker_size = 13 if present else 9
    fig = go.Figure()
    _add_marks(fig, frame, marker_size)
    family_legend(fig, frame["family"], present)
    status_legend(fig, marker_size)
    noun = "actor" if by == "actor" else "event type"
    count = frame["event_id"].nunique()
    title = f"{count} event{'s' if count != 1 else ''} by {noun}, {start.year}–{end.year}"
    per_lane = 38 if present else 28
    base_layout(fig, title, present, height=max(360, 200 + per_lane * max(len(shown), 1)))
    date_axis(fig, start, end, buttons=True, slider=True)
    fig.update_layout(
        barmode="overlay",
        bargap=0.3,
        hovermode="closest",
        # On the right, so the key never collides with the title or the decade buttons.
        legend={
            "orientation": "v",
            "x": 1.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "tracegroupgap": 12,
        },
    )
    _lane_axis(fig, shown, by)
    return fig
