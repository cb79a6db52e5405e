"""The timeline above DETAIL_LIMIT events: counts per month or year, stacked by family."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sahel_atlas.contract import schema
from sahel_atlas.views import palette
from sahel_atlas.views.timeline.layout import font_size


def counts_figure(counts: pd.DataFrame, period: str, present: bool = False) -> go.Figure:
    """Stacked bars of `aggregate.counts_per_period(..., by="family")`, with labelled axes."""
    fig = go.Figure()
    for family in schema.ACTOR_FAMILIES:
        rows = counts[counts["key"].fillna("other") == family] if "key" in counts else counts
        if rows.empty or int(rows["events"].sum()) == 0:
            continue
        fig.add_trace(
            go.Bar(
                x=pd.to_datetime(rows["period"]),
                y=rows["events"],
                name=palette.FAMILY_LABELS[family],
                marker_color=palette.FAMILY_COLOURS[family],
                hovertemplate=f"%{{x|{'%B %Y' if period == 'month' else '%Y'}}}: "
                "%{y:,} events<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        title=f"Events per {period}, by family of the first-named actor",
        xaxis_title="Date (start of the event's possible dates)",
        yaxis_title=f"Events per {period}",
        font={"size": font_size(present)},
        legend={"orientation": "h", "y": -0.25},
        dragmode="zoom",
        margin={"t": 60, "l": 70, "r": 20, "b": 40},
        bargap=0.05,
    )
    fig.update_xaxes(rangeslider={"visible": True})
    return fig
