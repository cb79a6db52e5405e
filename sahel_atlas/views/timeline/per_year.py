"""Events per year (by the year each starts), stacked by the family of the main actor."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import as_date
from sahel_atlas.text.strings import esc
from sahel_atlas.text.values import str_list as _list
from sahel_atlas.text.values import text as _str
from sahel_atlas.views import palette
from sahel_atlas.views.timeline.layout import FAMILIES, axis_range, base_layout, known_family
from sahel_atlas.views.timeline.lookups import Lookups


def event_families(ds: Dataset, events: pd.DataFrame, lookups: Lookups | None = None) -> list[str]:
    """The family of each event's first perpetrator (else first actor), in row order."""
    look = lookups or Lookups.from_dataset(ds, events)
    return [
        look.family(look.main_actor(_str(e), _list(a)))
        for e, a in zip(events["event_id"], events["actor_ids"])
    ]


def _families(events: pd.DataFrame, ds: Dataset | None) -> Sequence[str | None]:
    """From an events column "family", else from `ds`; without either, None for each."""
    if "family" in events.columns:
        return [known_family(f) for f in events["family"]]
    if ds is not None and len(events):
        return event_families(ds, events)
    return [None] * len(events)


def _year_bar(family: str | None, years: list[int], counts: Counter) -> go.Bar:
    colour = palette.FAMILY_COLOURS[family] if family else palette.BORDER
    label = palette.FAMILY_LABELS[family] if family else "Events"
    return go.Bar(
        x=years,
        y=[counts.get((family, y), 0) for y in years],
        name=label,
        marker={"color": colour, "line": {"color": "white", "width": 0.5}},
        legendgroup=family or "events",
        hovertemplate=f"%{{x}}: %{{y}} event(s)<extra>{esc(label)}</extra>",
    )


def _year_axes(fig: go.Figure, years: list[int], stacked_most: int) -> None:
    fig.update_xaxes(
        title_text="Year",
        type="linear",
        range=[years[0] - 0.5, years[-1] + 0.5],
        tickmode="linear",
        tick0=years[0],
        dtick=5,
        ticks="outside",
        linecolor=palette.BORDER,
    )
    fig.update_yaxes(
        title_text="Events",
        rangemode="tozero",
        gridcolor="#E6E6E6",
        tickformat="d",
        # Whole events only: no 0.5 ticks on a small count.
        dtick=1 if stacked_most <= 8 else None,
    )


def per_year_figure(
    events: pd.DataFrame, present: bool = False, ds: Dataset | None = None
) -> go.Figure:
    """Events per year (by start year), 1990..2022 including empty years, stacked by family.

    The family comes from an events column "family" if present, else from `ds` (the first
    perpetrator's family); without either, the bars are one colour.
    """
    events = events if events is not None else pd.DataFrame(columns=["date_start"])
    starts = [as_date(d) for d in events.get("date_start", pd.Series(dtype=object))]
    lo, hi = axis_range(starts)
    years = list(range(lo.year, hi.year + 1))
    families = _families(events, ds)
    counts = Counter((f, d.year) for f, d in zip(families, starts) if d is not None)
    groups = [f for f in FAMILIES if any(k[0] == f for k in counts)]
    if None in {k[0] for k in counts} or not groups:
        groups = [None]
    fig = go.Figure([_year_bar(family, years, counts) for family in groups])
    base_layout(fig, f"Events per year ({sum(counts.values())})", present, height=380 if present else 300)
    fig.update_layout(barmode="stack", bargap=0.15, showlegend=groups != [None])
    stacked_most = max((sum(counts.get((f, y), 0) for f in groups) for y in years), default=0)
    _year_axes(fig, years, stacked_most)
    return fig
