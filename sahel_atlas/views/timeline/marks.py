"""How one event is drawn: a marker when its day is known, else a pale bar over its period.

Bars are translucent so an imprecise date reads as a period of uncertainty, not a duration;
bars of claimed or disputed events are hatched (markers use palette.STATUS_SYMBOLS).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from sahel_atlas.contract import schema
from sahel_atlas.text.strings import esc
from sahel_atlas.views import palette
from sahel_atlas.views.timeline.labels import HOVER_TITLE_CHARS
from sahel_atlas.views.timeline.layout import legend_marker, ms, rgba

BAR_ALPHA = 0.35
STATUS_PATTERNS = {"confirmed": "", "claimed": "/", "disputed": "x"}

HOVER = (
    "<b>%{customdata[1]}</b><br>"
    "%{customdata[2]}<br>"
    "Place: %{customdata[3]}<br>"
    "Actors: %{customdata[4]}<br>"
    "Sources: %{customdata[5]}<br>"
    "Status: %{customdata[6]}"
    "<extra>%{customdata[7]}</extra>"
)


def customdata(frame: pd.DataFrame) -> list[list[str]]:
    """[event_id, then escaped title, date, place, actors, sources, status, lane] per row."""
    return [
        [
            str(r.event_id),
            esc(r.title, HOVER_TITLE_CHARS),
            esc(r.date_label),
            esc(r.place),
            esc(r.actors),
            esc(r.sources),
            esc(r.status),
            esc(r.lane, 40),
        ]
        for r in frame.itertuples(index=False)
    ]


def period_bars(bars: pd.DataFrame, colour: str, status: str, name: str, family: str) -> go.Bar:
    """Events known to a month, year or span: bars from their first to their last day."""
    return go.Bar(
        orientation="h",
        base=[d.isoformat() for d in bars["start"]],
        x=[ms(s, e + dt.timedelta(days=1)) for s, e in zip(bars["start"], bars["end"])],
        y=[esc(lane) for lane in bars["lane"]],
        width=0.6,
        marker={
            "color": rgba(colour, BAR_ALPHA),
            "line": {"color": colour, "width": 1},
            "pattern": {
                "shape": STATUS_PATTERNS.get(status, ""),
                "fgcolor": colour,
                "size": 6,
                "solidity": 0.25,
            },
        },
        customdata=customdata(bars),
        hovertemplate=HOVER,
        name=name,
        legendgroup=family,
        showlegend=False,
    )


def day_markers(
    points: pd.DataFrame, colour: str, status: str, name: str, family: str, size: int
) -> go.Scatter:
    """Events known to the day: one marker each, its symbol saying its status."""
    return go.Scatter(
        mode="markers",
        x=[d.isoformat() for d in points["start"]],
        y=[esc(lane) for lane in points["lane"]],
        marker={
            "symbol": palette.STATUS_SYMBOLS.get(status, "circle"),
            "size": size,
            "color": colour,
            "line": {"color": colour, "width": 2},
        },
        customdata=customdata(points),
        hovertemplate=HOVER,
        name=name,
        legendgroup=family,
        showlegend=False,
    )


def status_legend(fig: go.Figure, size: int) -> None:
    """Legend entries for the status symbols, and for a bar of an imprecise date."""
    for status in schema.STATUSES:
        marker = {
            "symbol": palette.STATUS_SYMBOLS[status],
            "size": size,
            "color": palette.TEXT,
            "line": {"color": palette.TEXT, "width": 2},
        }
        fig.add_trace(
            legend_marker(
                f"{status} (day known)", marker, "status", legendgrouptitle={"text": "Status"}
            )
        )
    bar = {"symbol": "square", "size": size + 2, "color": rgba(palette.TEXT, 0.3)}
    fig.add_trace(legend_marker("bar: only month, year<br>or span known", bar, "status"))
