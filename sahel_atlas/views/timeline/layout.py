"""What every timeline figure shares: the date axis, fonts, colours and the family legend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import plotly.graph_objects as go

from sahel_atlas.contract import schema
from sahel_atlas.text.values import text as _str
from sahel_atlas.views import palette

AXIS_START = dt.date(schema.YEAR_MIN, 1, 1)
AXIS_END = dt.date(schema.YEAR_MAX, 12, 31)
FAMILIES = tuple(palette.FAMILY_COLOURS)
DEFAULT_FAMILY = "other"
MS_PER_DAY = 86_400_000
DECADES = (("1990s", 1990, 1999), ("2000s", 2000, 2009), ("2010s", 2010, 2019))


def rgba(hex_colour: str, alpha: float) -> str:
    """A palette colour at the given opacity, as Plotly's rgba() text."""
    r, g, b, _ = palette.rgb(hex_colour)
    return f"rgba({r},{g},{b},{alpha})"


def known_family(value: object) -> str:
    """A family from the data, or "other" when it is missing or unknown."""
    value = _str(value)
    return value if value in palette.FAMILY_COLOURS else DEFAULT_FAMILY


def font_size(present: bool) -> int:
    return 18 if present else 13


def ms(start: dt.date, end_exclusive: dt.date) -> int:
    """The length of a bar from `start` to `end_exclusive`, in Plotly's milliseconds."""
    return (end_exclusive - start).days * MS_PER_DAY


def axis_range(dates: Iterable[dt.date | None]) -> tuple[dt.date, dt.date]:
    """1990-01-01..2022-12-31, widened to whole years to cover any date given."""
    start, end = AXIS_START, AXIS_END
    for day in dates:
        if day is None:
            continue
        if day < start:
            start = dt.date(day.year, 1, 1)
        if day > end:
            end = dt.date(day.year, 12, 31)
    return start, end


def base_layout(fig: go.Figure, title: str, present: bool, height: int) -> None:
    """Title, readable fonts, white background and a legend above the plot."""
    size = font_size(present)
    # Streamlit's theme shrinks ticks and greys axis titles; readable sizes are set here.
    axis_font = {
        "tickfont": {"size": size, "color": palette.TEXT},
        "title_font": {"size": size + 1, "color": palette.TEXT},
    }
    fig.update_xaxes(**axis_font)
    fig.update_yaxes(**axis_font)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": size + 5}},
        font={"size": size, "color": palette.TEXT},
        hoverlabel={"font": {"size": size}, "align": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 90 if present else 80, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        dragmode="zoom",
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "left",
            "x": 0,
            "font": {"size": size},
        },
    )


def date_axis(
    fig: go.Figure, start: dt.date, end: dt.date, *, buttons: bool, slider: bool
) -> None:
    """A date x axis over start..end, with a range slider and decade buttons if asked."""
    fig.update_xaxes(
        type="date",
        title_text="Date",
        range=[start.isoformat(), end.isoformat()],
        showgrid=True,
        gridcolor="#E6E6E6",
        linecolor=palette.BORDER,
        ticks="outside",
        rangeslider={
            "visible": slider,
            "thickness": 0.06,
            "autorange": False,
            "range": [start.isoformat(), (end + dt.timedelta(days=1)).isoformat()],
        },
    )
    if buttons:
        fig.update_layout(updatemenus=[_decade_buttons(start, end)])


def _decade_buttons(start: dt.date, end: dt.date) -> dict:
    """One button per decade, and "All".

    Decades are absolute ranges, which rangeselector buttons (relative steps) cannot
    express; relayout buttons can.
    """
    choices = [(label, dt.date(a, 1, 1), dt.date(b, 12, 31)) for label, a, b in DECADES]
    choices.append(("All", start, end))
    return {
        "type": "buttons",
        "direction": "left",
        "showactive": False,
        "x": 1,
        "xanchor": "right",
        "y": 1.0,
        "yanchor": "bottom",
        "pad": {"b": 28},
        "bgcolor": "#F4F4F2",
        "bordercolor": palette.BORDER,
        "buttons": [
            {
                "label": label,
                "method": "relayout",
                "args": [{"xaxis.range": [lo.isoformat(), hi.isoformat()], "xaxis.autorange": False}],
            }
            for label, lo, hi in choices
        ],
    }


def legend_marker(name: str, marker: dict, group: str, **extra: object) -> go.Scatter:
    """A trace with no point, only a legend entry."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker=marker,
        name=name,
        legendgroup=group,
        hoverinfo="skip",
        **extra,
    )


def family_legend(fig: go.Figure, families: Iterable[str], present: bool) -> None:
    """One legend entry per family shown, in the palette's order; clicking one toggles it."""
    shown = set(families)
    for family_id in FAMILIES:
        if family_id in shown:
            marker = {
                "symbol": "square",
                "size": 14 if present else 11,
                "color": palette.FAMILY_COLOURS[family_id],
            }
            fig.add_trace(
                legend_marker(
                    palette.FAMILY_LABELS[family_id], marker, family_id, showlegend=True
                )
            )
