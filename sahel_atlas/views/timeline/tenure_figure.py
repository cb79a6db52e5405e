"""Leadership tenures and group lifetimes drawn as horizontal bars, coloured by family."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.strings import esc
from sahel_atlas.views import palette
from sahel_atlas.views.timeline.layout import (
    FAMILIES,
    axis_range,
    base_layout,
    date_axis,
    family_legend,
    ms,
    rgba,
)
from sahel_atlas.views.timeline.tenure import tenure_bars

TENURE_ALPHA = 0.8
LIFETIME_ALPHA = 0.45
TENURE_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
    "Status: %{customdata[3]}<br>Sources: %{customdata[4]}%{customdata[5]}<extra></extra>"
)


def _customdata(part: pd.DataFrame) -> list[list[str]]:
    """[bar id, then escaped label, dates, status, sources and note] per bar."""
    return [
        [
            str(r.bar_id),
            esc(r.label),
            esc(r.date_label),
            esc(r.status or "—"),
            esc(r.sources or "—"),
            f"<br>Note: {esc(r.note, 160)}" if r.note else "",
        ]
        for r in part.itertuples(index=False)
    ]


def _bars(part: pd.DataFrame, kind: str, family: str, axis_end: dt.date) -> go.Bar:
    """One family's bars of one kind; an open-ended bar runs to the end of the axis."""
    colour = palette.FAMILY_COLOURS[family]
    alpha = LIFETIME_ALPHA if kind == "lifetime" else TENURE_ALPHA
    stops = [(e if e is not None else axis_end) + dt.timedelta(days=1) for e in part["end"]]
    return go.Bar(
        orientation="h",
        base=[d.isoformat() for d in part["start"]],
        x=[ms(s, e) for s, e in zip(part["start"], stops)],
        y=[esc(label) for label in part["label"]],
        width=0.6,
        marker={
            "color": rgba(colour, alpha),
            "line": {"color": colour, "width": 1},
            "pattern": {"shape": "." if kind == "lifetime" else ""},
        },
        customdata=_customdata(part),
        hovertemplate=TENURE_HOVER,
        name=f"{palette.FAMILY_LABELS[family]} · {kind}",
        legendgroup=family,
        showlegend=False,
    )


def _title(undated: int) -> str:
    title = "Leaders and group lifetimes"
    if undated:
        title += f" ({undated} undated relation{'s' if undated != 1 else ''} not shown)"
    return title


def _bar_axis(fig: go.Figure, labels_shown: list[str]) -> None:
    fig.update_yaxes(
        title_text="Leader or group",
        type="category",
        categoryorder="array",
        categoryarray=labels_shown,
        range=[len(labels_shown) - 0.5, -0.5],
        automargin=True,
    )


def tenure_figure(
    ds: Dataset, actor_ids: Iterable[str] | None = None, present: bool = False
) -> go.Figure:
    """Leadership tenures ("X leads AQIM") and group lifetimes as horizontal bars, coloured by
    the group's family. Open-ended bars run to the end of the axis and say "ongoing as of the
    sources" in their hover. `fig.layout.meta["undated"]` counts relations skipped for want
    of a date (see `tenure_bars`)."""
    bars = tenure_bars(ds, actor_ids)
    frame = bars.rows
    start, end = axis_range([*frame["start"], *(d for d in frame["end"] if d is not None)])
    fig = go.Figure()
    for kind in ("lifetime", "leads"):
        for family in FAMILIES:
            part = frame[(frame["kind"] == kind) & (frame["family"] == family)]
            if len(part):
                fig.add_trace(_bars(part, kind, family, end))
    family_legend(fig, frame["family"], present)
    labels_shown = [esc(label) for label in dict.fromkeys(frame["label"])]
    per_lane = 36 if present else 26
    height = max(260, 170 + per_lane * max(len(labels_shown), 1))
    base_layout(fig, _title(bars.undated), present, height=height)
    date_axis(fig, start, end, buttons=False, slider=False)
    fig.update_layout(barmode="overlay", meta={"undated": bars.undated, "bars": len(frame)})
    _bar_axis(fig, labels_shown)
    if not len(frame):
        fig.add_annotation(
            text="No dated leadership or group lifetime in the sources",
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
        )
    return fig
