"""The Timeline page's charts: pure functions from the dataset and the filtered events to
Plotly figures (no Streamlit here, so they can be tested and reused).

Dates are drawn at their real precision: an event known to the day is a marker; one known
only to a month, a year or a span is a translucent bar over the whole period it may lie in,
so an imprecise date looks imprecise. Every text that comes from the data is HTML-escaped
before it reaches a hover label or a tick label, because Plotly renders some HTML tags there.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from sahel_atlas.views import palette
from sahel_atlas.contract import schema
from sahel_atlas.text.dates import date_label
from sahel_atlas.text.names import short_name
from sahel_atlas.text.values import text as _str, str_list as _list

AXIS_START = dt.date(schema.YEAR_MIN, 1, 1)
AXIS_END = dt.date(schema.YEAR_MAX, 12, 31)
TOP_ACTORS = 15
OTHER_ACTORS = "Other actors"
NO_ACTOR = "No actor named"
UNKNOWN_TYPE = "Unknown type"
FAMILIES = tuple(palette.FAMILY_COLOURS)
DEFAULT_FAMILY = "other"
ONGOING = "ongoing as of the sources"
# Bars are translucent so an imprecise date reads as a period of uncertainty, not a duration.
BAR_ALPHA = 0.35
TENURE_ALPHA = 0.8
LIFETIME_ALPHA = 0.45
# Bars of claimed or disputed events are hatched (markers use palette.STATUS_SYMBOLS).
STATUS_PATTERNS = {"confirmed": "", "claimed": "/", "disputed": "x"}
MS_PER_DAY = 86_400_000
# Hover labels stay readable however long the underlying text is.
HOVER_TITLE_CHARS = 90
HOVER_NAMES = 5
HOVER_SOURCES = 3
HOVER_SOURCE_CHARS = 60
LANE_LABEL_CHARS = 32
DECADES = (("1990s", 1990, 1999), ("2000s", 2000, 2009), ("2010s", 2010, 2019))


Lanes = Literal["actor", "type"]

LANE_COLUMNS = (
    "event_id",
    "lane",
    "lane_order",
    "family",
    "colour",
    "start",
    "end",
    "precision",
    "status",
    "title",
    "date_label",
    "place",
    "actors",
    "sources",
)


# --- small helpers ---------------------------------------------------------------------


def esc(text: object, limit: int | None = None) -> str:
    """Untrusted text made safe for Plotly's pseudo-HTML: whitespace folded, cut, escaped.

    Only &, < and > are escaped: Plotly decodes &amp;/&lt;/&gt; and numeric entities in text
    nodes but shows &quot; literally, and without < no tag can be formed.
    """
    value = " ".join(("" if text is None else str(text)).split())
    if limit is not None and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return html.escape(value, quote=False)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(values: Sequence[str], most: int) -> str:
    values = [v for v in values if v]
    if len(values) > most:
        return ", ".join(values[:most]) + f" and {len(values) - most} more"
    return ", ".join(values)


def _as_date(value: object) -> dt.date | None:
    if value is None or (not isinstance(value, (dt.date, str)) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b, _ = palette.rgb(hex_colour)
    return f"rgba({r},{g},{b},{alpha})"


def _family(value: object) -> str:
    value = _str(value)
    return value if value in palette.FAMILY_COLOURS else DEFAULT_FAMILY


def _font_size(present: bool) -> int:
    return 18 if present else 13


def _table(ds: Any, name: str) -> pd.DataFrame | None:
    try:
        frame = getattr(ds, name)
    except (AttributeError, KeyError):
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


# --- lookups from the dataset ----------------------------------------------------------


def _place_labels(ds: Any) -> dict[str, str]:
    """location id -> "Name, ISO3"; kept in `ds.memo` (an import has thousands of places)."""
    memo = getattr(ds, "memo", None)
    if isinstance(memo, dict) and "place_labels" in memo:
        return memo["place_labels"]
    places: dict[str, str] = {}
    locations = _table(ds, "locations")
    if locations is not None:
        iso3s = locations["country_iso3"] if "country_iso3" in locations else [None] * len(locations)
        for location_id, raw, iso in zip(locations["location_id"], locations["name"], iso3s):
            name = _str(raw) or str(location_id)
            iso3 = _str(iso)
            places[str(location_id)] = f"{name}, {iso3}" if iso3 else name
    if isinstance(memo, dict):
        memo["place_labels"] = places
    return places


@dataclass(frozen=True)
class Lookups:
    """Display names and families, read once from a dataset."""

    labels: dict[str, str]  # actor id -> short label (AQIM)
    names: dict[str, str]  # actor id -> full name
    families: dict[str, str]  # actor id -> family
    kinds: dict[str, str]  # actor id -> kind
    places: dict[str, str]  # location id -> "Name, ISO3"
    sources: dict[str, str]  # source id -> title
    excerpts: dict[str, tuple[str, str]]  # excerpt id -> (source id, text)
    perpetrators: dict[str, list[str]]  # event id -> perpetrators in order
    roles: dict[tuple[str, str], str]  # (event id, actor id) -> role

    @classmethod
    def from_dataset(
        cls, ds: Any, events: pd.DataFrame | None = None, excerpt_ids: Iterable[str] = ()
    ) -> Lookups:
        """Names, families and places; excerpts and roles only of `events` when given.

        The excerpt and event-actor tables can hold millions of rows: with `events` (and any
        further `excerpt_ids`), only the rows these need are read from DuckDB.
        """
        actors = _table(ds, "actors")
        labels, names, families, kinds = {}, {}, {}, {}
        if actors is not None:
            has_family = "family" in actors.columns
            has_kind = "kind" in actors.columns
            for row in actors.itertuples(index=False):
                actor_id = str(row.actor_id)
                name = _str(row.name) or actor_id
                names[actor_id] = name
                kinds[actor_id] = _str(row.kind) if has_kind else ""
                aliases = _list(getattr(row, "aliases", None))
                # The same short names as the filters and the sentence use.
                labels[actor_id] = short_name(name, kinds[actor_id], aliases)
                families[actor_id] = _family(row.family if has_family else None)
        places = _place_labels(ds)
        sources = {}
        frame = _table(ds, "sources")
        if frame is not None:
            sources = {
                str(s): _str(t) or str(s) for s, t in zip(frame["source_id"], frame["title"])
            }
        excerpts = {}
        scoped = events is not None and hasattr(ds, "rows_by_id")
        if scoped:
            wanted = {str(x) for ids in events["excerpt_ids"] for x in _list(ids)}
            wanted |= {str(x) for x in excerpt_ids}
            frame = ds.rows_by_id("excerpts", "excerpt_id", sorted(wanted))
        else:
            frame = _table(ds, "excerpts")
        if frame is not None and len(frame):
            excerpts = {
                str(e): (str(s), _str(t))
                for e, s, t in zip(frame["excerpt_id"], frame["source_id"], frame["text"])
            }
        perpetrators: dict[str, list[str]] = {}
        roles: dict[tuple[str, str], str] = {}
        if scoped:
            frame = ds.rows_by_id("event_actors", "event_id", [str(e) for e in events["event_id"]])
        else:
            frame = _table(ds, "event_actors")
        if frame is not None and len(frame):
            for event_id, actor_id, role in zip(
                frame["event_id"], frame["actor_id"], frame["role"]
            ):
                roles.setdefault((str(event_id), str(actor_id)), _str(role))
                if role == "perpetrator":
                    perpetrators.setdefault(str(event_id), []).append(str(actor_id))
        return cls(labels, names, families, kinds, places, sources, excerpts, perpetrators, roles)

    def label(self, actor_id: str) -> str:
        return self.labels.get(actor_id, actor_id)

    def name(self, actor_id: str) -> str:
        """The full name, with the short label when it differs: 'Al-Qaeda ... (AQIM)'."""
        name, label = self.names.get(actor_id, actor_id), self.label(actor_id)
        return name if label == name else f"{name} ({label})"

    def family(self, actor_id: str | None) -> str:
        return self.families.get(actor_id or "", DEFAULT_FAMILY)

    def main_actor(self, event_id: str, actor_ids: Sequence[str]) -> str | None:
        """The event's first perpetrator, else its first actor."""
        for actor_id in self.perpetrators.get(event_id, []):
            if actor_id in actor_ids or not actor_ids:
                return actor_id
        return actor_ids[0] if actor_ids else None


# --- lanes -----------------------------------------------------------------------------


def _event_fields(row: Mapping[str, Any], look: Lookups) -> dict[str, Any] | None:
    start = _as_date(row.get("date_start"))
    if start is None:
        return None  # an undated event has no place on a time axis
    end = _as_date(row.get("date_end")) or start
    if end < start:
        end = start
    precision = _str(row.get("date_precision")) or "day"
    actor_ids = _list(row.get("actor_ids"))
    place = look.places.get(_str(row.get("location_id")), "")
    return {
        "event_id": _str(row.get("event_id")),
        "start": start,
        "end": end,
        "precision": precision,
        "status": _str(row.get("status")) or "confirmed",
        "title": _str(row.get("title")) or _str(row.get("event_id")),
        "date_label": f"{date_label(start, end, precision)} ({precision})",
        "place": place or "place unknown",
        "actors": _names([look.name(a) for a in actor_ids], HOVER_NAMES) or "none named",
        "sources": _names(
            [
                _cut(look.sources.get(s, s), HOVER_SOURCE_CHARS)
                for s in _list(row.get("source_ids"))
            ],
            HOVER_SOURCES,
        )
        or "none",
        "actor_ids": actor_ids,
        "sub_type": _str(row.get("sub_event_type")) or _str(row.get("event_type")) or UNKNOWN_TYPE,
    }


def _type_order(types: Iterable[str]) -> list[str]:
    """Sub-types in the contract's order (so they group by top-level type), others after."""
    known = list(schema.SUB_EVENT_TYPES)
    known_top = list(schema.EVENT_TYPES)

    def key(t: str) -> tuple[int, int, str]:
        if t in known:
            return (0, known.index(t), t)
        if t in known_top:
            return (1, known_top.index(t), t)
        return (2, 0, t)

    return sorted(set(types), key=key)


def _unique_labels(actor_ids: Sequence[str], look: Lookups) -> dict[str, str]:
    """Lane labels for these actors, cut to fit, and never two actors on one label."""
    labels = {a: _cut(look.label(a), LANE_LABEL_CHARS) for a in actor_ids}
    counts = Counter(labels.values())
    reserved = {OTHER_ACTORS, NO_ACTOR}
    return {
        a: f"{label} ({a})" if counts[label] > 1 or label in reserved else label
        for a, label in labels.items()
    }


def lanes(
    ds: Any,
    events: pd.DataFrame,
    by: Lanes = "actor",
    top: int = TOP_ACTORS,
    lookups: Lookups | None = None,
) -> pd.DataFrame:
    """One row per (event, lane), ready to draw.

    by="actor": one lane per actor among the `top` actors with the most events here, then an
    "Other actors" lane (each event at most once in it) and, if any, a "No actor named" lane;
    colour is the lane actor's family. by="type": one lane per sub-event type, coloured by the
    family of the event's first perpetrator (else its first actor).

    `start`/`end` are the event's first and last possible days (dates); `lane_order` ranks
    the lanes from the top of the chart. Hover columns hold raw text (escape before drawing).
    Events without a start date are left out.
    """
    look = lookups or Lookups.from_dataset(ds, events)
    records = events.to_dict("records") if events is not None and len(events) else []
    fields = [f for f in (_event_fields(r, look) for r in records) if f is not None]
    rows: list[dict[str, Any]] = []

    def add(f: dict[str, Any], lane: str, family: str) -> None:
        row = {k: f[k] for k in LANE_COLUMNS if k in f}
        row.update(lane=lane, family=family, colour=palette.FAMILY_COLOURS[family])
        rows.append(row)

    if by == "actor":
        activity = Counter(a for f in fields for a in dict.fromkeys(f["actor_ids"]))
        ranked = sorted(activity, key=lambda a: (-activity[a], look.label(a).casefold(), a))
        kept = ranked[: max(top, 0)]
        labels = _unique_labels(kept, look)
        order = [labels[a] for a in kept]
        for f in fields:
            actor_ids = list(dict.fromkeys(f["actor_ids"]))
            if not actor_ids:
                add(f, NO_ACTOR, DEFAULT_FAMILY)
                continue
            others = [a for a in actor_ids if a not in labels]
            for actor_id in actor_ids:
                if actor_id in labels:
                    add(f, labels[actor_id], look.family(actor_id))
            if others:
                add(f, OTHER_ACTORS, look.family(others[0]))
        order += [lane for lane in (OTHER_ACTORS, NO_ACTOR) if any(r["lane"] == lane for r in rows)]
    elif by == "type":
        for f in fields:
            main = look.main_actor(f["event_id"], f["actor_ids"])
            add(f, f["sub_type"], look.family(main))
        order = _type_order(r["lane"] for r in rows)
    else:
        raise ValueError(f"lanes: by must be 'actor' or 'type', not {by!r}")

    frame = pd.DataFrame(rows, columns=list(LANE_COLUMNS))
    rank = {lane: i for i, lane in enumerate(order)}
    frame["lane_order"] = frame["lane"].map(rank).astype("int64")
    return frame.sort_values(["lane_order", "start", "event_id"], kind="stable").reset_index(
        drop=True
    )


# --- shared figure styling -------------------------------------------------------------


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


def _base_layout(fig: go.Figure, title: str, present: bool, height: int) -> None:
    size = _font_size(present)
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


def _date_axis(
    fig: go.Figure, start: dt.date, end: dt.date, *, buttons: bool, slider: bool
) -> None:
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
        # Decades are absolute ranges, which rangeselector buttons (relative steps) cannot
        # express; relayout buttons can.
        choices = [(label, dt.date(a, 1, 1), dt.date(b, 12, 31)) for label, a, b in DECADES]
        choices.append(("All", start, end))
        fig.update_layout(
            updatemenus=[
                {
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
                            "args": [
                                {
                                    "xaxis.range": [lo.isoformat(), hi.isoformat()],
                                    "xaxis.autorange": False,
                                }
                            ],
                        }
                        for label, lo, hi in choices
                    ],
                }
            ]
        )


def _family_legend(fig: go.Figure, families: Iterable[str], present: bool) -> None:
    """One legend entry per family shown, in the palette's order; clicking one toggles it."""
    shown = set(families)
    for family in FAMILIES:
        if family not in shown:
            continue
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "symbol": "square",
                    "size": 14 if present else 11,
                    "color": palette.FAMILY_COLOURS[family],
                },
                name=palette.FAMILY_LABELS[family],
                legendgroup=family,
                showlegend=True,
                hoverinfo="skip",
            )
        )


def _ms(start: dt.date, end_exclusive: dt.date) -> int:
    return (end_exclusive - start).days * MS_PER_DAY


# --- the timeline ----------------------------------------------------------------------

HOVER = (
    "<b>%{customdata[1]}</b><br>"
    "%{customdata[2]}<br>"
    "Place: %{customdata[3]}<br>"
    "Actors: %{customdata[4]}<br>"
    "Sources: %{customdata[5]}<br>"
    "Status: %{customdata[6]}"
    "<extra>%{customdata[7]}</extra>"
)


def _customdata(frame: pd.DataFrame) -> list[list[str]]:
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


def timeline_figure(
    ds: Any, events: pd.DataFrame, by: Lanes = "actor", present: bool = False, top: int = TOP_ACTORS
) -> go.Figure:
    """Events on a date axis, one lane per actor (or per event type), coloured by family.

    Day-precise events are markers (symbol by status); month/year/span events are
    translucent horizontal bars from date_start to date_end + 1 day (hatched when claimed,
    crossed when disputed). customdata[0] of every point is its event_id.
    """
    frame = lanes(ds, events, by=by, top=top)
    order = list(dict.fromkeys(frame["lane"]))
    shown = [esc(lane) for lane in order]
    start, end = axis_range([*frame["start"], *frame["end"]])
    fig = go.Figure()
    marker_size = 13 if present else 9
    for family in FAMILIES:
        of_family = frame[frame["family"] == family]
        colour = palette.FAMILY_COLOURS[family]
        for status in (*schema.STATUSES, *sorted(set(of_family["status"]) - set(schema.STATUSES))):
            part = of_family[of_family["status"] == status]
            points = part[part["precision"] == "day"]
            bars = part[part["precision"] != "day"]
            name = f"{palette.FAMILY_LABELS[family]} · {status}"
            if len(bars):
                fig.add_trace(
                    go.Bar(
                        orientation="h",
                        base=[d.isoformat() for d in bars["start"]],
                        x=[
                            _ms(s, e + dt.timedelta(days=1))
                            for s, e in zip(bars["start"], bars["end"])
                        ],
                        y=[esc(lane) for lane in bars["lane"]],
                        width=0.6,
                        marker={
                            "color": _rgba(colour, BAR_ALPHA),
                            "line": {"color": colour, "width": 1},
                            "pattern": {
                                "shape": STATUS_PATTERNS.get(status, ""),
                                "fgcolor": colour,
                                "size": 6,
                                "solidity": 0.25,
                            },
                        },
                        customdata=_customdata(bars),
                        hovertemplate=HOVER,
                        name=name,
                        legendgroup=family,
                        showlegend=False,
                    )
                )
            if len(points):
                fig.add_trace(
                    go.Scatter(
                        mode="markers",
                        x=[d.isoformat() for d in points["start"]],
                        y=[esc(lane) for lane in points["lane"]],
                        marker={
                            "symbol": palette.STATUS_SYMBOLS.get(status, "circle"),
                            "size": marker_size,
                            "color": colour,
                            "line": {"color": colour, "width": 2},
                        },
                        customdata=_customdata(points),
                        hovertemplate=HOVER,
                        name=name,
                        legendgroup=family,
                        showlegend=False,
                    )
                )
    _family_legend(fig, frame["family"], present)
    for status in schema.STATUSES:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "symbol": palette.STATUS_SYMBOLS[status],
                    "size": marker_size,
                    "color": palette.TEXT,
                    "line": {"color": palette.TEXT, "width": 2},
                },
                name=f"{status} (day known)",
                legendgroup="status",
                legendgrouptitle={"text": "Status"},
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": marker_size + 2, "color": _rgba(palette.TEXT, 0.3)},
            name="bar: only month, year<br>or span known",
            legendgroup="status",
            hoverinfo="skip",
        )
    )
    noun = "actor" if by == "actor" else "event type"
    count = frame["event_id"].nunique()
    title = f"{count} event{'s' if count != 1 else ''} by {noun}, {start.year}–{end.year}"
    per_lane = 38 if present else 28
    _base_layout(fig, title, present, height=max(360, 200 + per_lane * max(len(order), 1)))
    _date_axis(fig, start, end, buttons=True, slider=True)
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
    fig.update_yaxes(
        title_text="Actor" if by == "actor" else "Event type",
        type="category",
        categoryorder="array",
        categoryarray=shown,
        range=[len(shown) - 0.5, -0.5],  # the most active lane on top
        automargin=True,
        showgrid=True,
        gridcolor="#F0F0F0",
    )
    return fig


def selected_event_ids(selection: Mapping[str, Any] | None) -> list[str]:
    """The event ids of a Plotly selection (Streamlit's `event.selection`), in order, once."""
    if not selection:
        return []
    points = selection.get("points") or []
    ids: list[str] = []
    for point in points:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, (list, tuple)) and data:
            ids.append(str(data[0]))
        elif isinstance(data, str):
            ids.append(data)
    return list(dict.fromkeys(ids))


# --- events per year -------------------------------------------------------------------


def event_families(ds: Any, events: pd.DataFrame, lookups: Lookups | None = None) -> list[str]:
    """The family of each event's first perpetrator (else first actor), in row order."""
    look = lookups or Lookups.from_dataset(ds, events)
    return [
        look.family(look.main_actor(_str(e), _list(a)))
        for e, a in zip(events["event_id"], events["actor_ids"])
    ]


def per_year_figure(events: pd.DataFrame, present: bool = False, ds: Any = None) -> go.Figure:
    """Events per year (by start year), 1990..2022 including empty years, stacked by family.

    The family comes from an events column "family" if present, else from `ds` (the first
    perpetrator's family); without either, the bars are one colour.
    """
    events = events if events is not None else pd.DataFrame(columns=["date_start"])
    starts = [_as_date(d) for d in events.get("date_start", pd.Series(dtype=object))]
    lo, hi = axis_range(starts)
    years = list(range(lo.year, hi.year + 1))
    if "family" in events.columns:
        families = [_family(f) for f in events["family"]]
    elif ds is not None and len(events):
        families = event_families(ds, events)
    else:
        families = [None] * len(events)
    counts = Counter((f, d.year) for f, d in zip(families, starts) if d is not None)
    fig = go.Figure()
    groups = [f for f in FAMILIES if any(k[0] == f for k in counts)]
    if None in {k[0] for k in counts} or not groups:
        groups = [None]
    for family in groups:
        colour = palette.FAMILY_COLOURS[family] if family else palette.BORDER
        label = palette.FAMILY_LABELS[family] if family else "Events"
        fig.add_trace(
            go.Bar(
                x=years,
                y=[counts.get((family, y), 0) for y in years],
                name=label,
                marker={"color": colour, "line": {"color": "white", "width": 0.5}},
                legendgroup=family or "events",
                hovertemplate=f"%{{x}}: %{{y}} event(s)<extra>{esc(label)}</extra>",
            )
        )
    total = sum(counts.values())
    _base_layout(fig, f"Events per year ({total})", present, height=380 if present else 300)
    fig.update_layout(barmode="stack", bargap=0.15, showlegend=groups != [None])
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
    stacked_most = max(
        (sum(counts.get((f, y), 0) for f in groups) for y in years), default=0
    )
    fig.update_yaxes(
        title_text="Events",
        rangemode="tozero",
        gridcolor="#E6E6E6",
        tickformat="d",
        # Whole events only: no 0.5 ticks on a small count.
        dtick=1 if stacked_most <= 8 else None,
    )
    return fig


# --- leadership tenures and group lifetimes ----------------------------------------------


TENURE_COLUMNS = (
    "bar_id",
    "kind",  # "leads" | "lifetime"
    "label",
    "group_id",
    "family",
    "colour",
    "start",
    "end",  # last day (inclusive); None when open-ended
    "open_ended",
    "date_label",
    "status",
    "sources",
    "note",
    "group_order",
)


@dataclass(frozen=True)
class TenureBars:
    rows: pd.DataFrame  # TENURE_COLUMNS, in drawing order
    undated: int  # leads/founded/merged_into relations skipped for want of a date


def _start_label(start: dt.date, precision: str) -> str:
    """The start of an open-ended period at its precision: 2004, June 2004 or 2004-06-03."""
    if precision == "year" or (precision == "span" and (start.month, start.day) == (1, 1)):
        return str(start.year)
    if precision == "month" or (precision == "span" and start.day == 1):
        return start.strftime("%B %Y")
    return start.isoformat()


def _relation_sources(excerpt_ids: Sequence[str], look: Lookups) -> str:
    ids = [look.excerpts[e][0] for e in excerpt_ids if e in look.excerpts]
    titles = [_cut(look.sources.get(s, s), HOVER_SOURCE_CHARS) for s in dict.fromkeys(ids)]
    return _names(titles, HOVER_SOURCES) or "none"


def tenure_bars(ds: Any, actor_ids: Iterable[str] | None = None) -> TenureBars:
    """Leadership tenures (`leads` relations) and group lifetimes, as bars to draw.

    A group's lifetime starts at its earliest founding date: a dated `founded` relation
    whose object is the group, or a "Group founded" event naming it (its "subject" when the
    event has roles, else its first group actor). It ends at a `merged_into` relation whose
    subject is the group (dated by the relation, else by a "Merger" event naming both
    groups); with no end it runs to the end of the axis, "ongoing as of the sources".
    Relations without a start date are skipped and counted in `undated`.
    """
    wanted = set(actor_ids) if actor_ids is not None else None
    relations = _table(ds, "relations")
    relations = relations if relations is not None else pd.DataFrame(columns=["predicate"])
    if hasattr(ds, "rows"):  # only the founding and merger events, not every event
        events = ds.rows("events", "sub_event_type IN ('Group founded', 'Merger')")
    else:
        events = _table(ds, "events")
    cited = [x for ids in relations.get("excerpt_ids", []) for x in _list(ids)]
    look = Lookups.from_dataset(ds, events, cited) if events is not None else Lookups.from_dataset(ds)
    undated = 0
    founded: dict[str, list[dt.date]] = {}
    ended: dict[str, list[dt.date]] = {}
    undated_mergers: list[tuple[str, str]] = []
    dated_mergers: set[tuple[str, str]] = set()
    leads: list[dict[str, Any]] = []

    for rel in relations.to_dict("records"):
        predicate = rel.get("predicate")
        if predicate not in ("leads", "founded", "merged_into"):
            continue
        subject, obj = _str(rel.get("subject_id")), _str(rel.get("object_id"))
        start, end = _as_date(rel.get("date_start")), _as_date(rel.get("date_end"))
        if predicate == "merged_into":
            if start is None and end is None:
                undated_mergers.append((subject, obj))
            else:
                ended.setdefault(subject, []).append(start or end)
            continue
        if start is None:
            undated += 1
            continue
        if predicate == "founded":
            founded.setdefault(obj, []).append(start)
            continue
        if wanted is not None and subject not in wanted and obj not in wanted:
            continue
        leads.append({**rel, "start": start, "end": end})

    if events is not None and len(events):
        for ev in events.to_dict("records"):
            sub_type = _str(ev.get("sub_event_type"))
            if sub_type not in ("Group founded", "Merger"):
                continue
            start = _as_date(ev.get("date_start"))
            if start is None:
                continue
            event_id = _str(ev.get("event_id"))
            groups = [a for a in _list(ev.get("actor_ids")) if look.kinds.get(a) == "group"]
            if sub_type == "Group founded":
                subjects = [g for g in groups if look.roles.get((event_id, g)) == "subject"]
                for group in subjects or groups[:1]:
                    founded.setdefault(group, []).append(start)
            else:
                for pair in undated_mergers:
                    if pair[0] in groups and pair[1] in groups:
                        ended.setdefault(pair[0], []).append(start)
                        dated_mergers.add(pair)
    undated += sum(1 for pair in undated_mergers if pair not in dated_mergers)

    rows: list[dict[str, Any]] = []
    groups = set(founded) | {_str(r.get("object_id")) for r in leads}
    if wanted is not None:
        led = {_str(r.get("object_id")) for r in leads}
        groups = {g for g in groups if g in wanted or g in led}

    def first_day(group: str) -> dt.date:
        days = founded.get(group) or [r["start"] for r in leads if r.get("object_id") == group]
        return min(days) if days else AXIS_END

    for rank, group in enumerate(sorted(groups, key=lambda g: (first_day(g), look.label(g)))):
        family = look.family(group)
        if group in founded:
            start = min(founded[group])
            ends = [d for d in ended.get(group, []) if d >= start]
            end = min(ends) if ends else None
            rows.append(
                {
                    "bar_id": f"lifetime:{group}",
                    "kind": "lifetime",
                    "label": f"{look.label(group)} (group lifetime)",
                    "group_id": group,
                    "family": family,
                    "start": start,
                    "end": end,
                    "open_ended": end is None,
                    "date_label": f"founded {start.isoformat()}, "
                    + (f"merged into another group {end.isoformat()}" if end else ONGOING),
                    "status": "",
                    "sources": "",
                    "note": "",
                    "group_order": rank,
                }
            )
        for rel in sorted(
            (r for r in leads if _str(r.get("object_id")) == group), key=lambda r: r["start"]
        ):
            start, end = rel["start"], rel["end"]
            precision = _str(rel.get("date_precision")) or "day"
            if end is not None and end < start:
                end = start
            if end is None:
                when = f"since {_start_label(start, precision)}, {ONGOING}"
            elif start == end:
                when = date_label(start, end, "day")
            else:
                when = date_label(start, end, "span")
            person = look.label(_str(rel.get("subject_id")))
            rows.append(
                {
                    "bar_id": _str(rel.get("relation_id")) or f"leads:{person}:{group}",
                    "kind": "leads",
                    "label": f"{_cut(person, LANE_LABEL_CHARS)} leads {look.label(group)}",
                    "group_id": group,
                    "family": family,
                    "start": start,
                    "end": end,
                    "open_ended": end is None,
                    "date_label": when,
                    "status": _str(rel.get("status")),
                    "sources": _relation_sources(_list(rel.get("excerpt_ids")), look),
                    "note": _str(rel.get("note")),
                    "group_order": rank,
                }
            )
    frame = pd.DataFrame(rows, columns=list(TENURE_COLUMNS))
    frame["colour"] = [palette.FAMILY_COLOURS[f] for f in frame["family"]]
    return TenureBars(frame, undated)


TENURE_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
    "Status: %{customdata[3]}<br>Sources: %{customdata[4]}%{customdata[5]}<extra></extra>"
)


def tenure_figure(
    ds: Any, actor_ids: Iterable[str] | None = None, present: bool = False
) -> go.Figure:
    """Leadership tenures ("X leads AQIM") and group lifetimes as horizontal bars, coloured by
    the group's family. Open-ended bars run to the end of the axis and say "ongoing as of the
    sources" in their hover. `fig.layout.meta["undated"]` counts relations skipped for want
    of a date (see `tenure_bars`)."""
    bars = tenure_bars(ds, actor_ids)
    frame = bars.rows
    start, end = axis_range([*frame["start"], *(d for d in frame["end"] if d is not None)])
    fig = go.Figure()
    order = list(dict.fromkeys(frame["label"]))
    labels_shown = [esc(label) for label in order]
    for kind, alpha in (("lifetime", LIFETIME_ALPHA), ("leads", TENURE_ALPHA)):
        for family in FAMILIES:
            part = frame[(frame["kind"] == kind) & (frame["family"] == family)]
            if not len(part):
                continue
            colour = palette.FAMILY_COLOURS[family]
            stops = [
                (e if e is not None else end) + dt.timedelta(days=1) for e in part["end"]
            ]
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    base=[d.isoformat() for d in part["start"]],
                    x=[_ms(s, e) for s, e in zip(part["start"], stops)],
                    y=[esc(label) for label in part["label"]],
                    width=0.6,
                    marker={
                        "color": _rgba(colour, alpha),
                        "line": {"color": colour, "width": 1},
                        "pattern": {"shape": "." if kind == "lifetime" else ""},
                    },
                    customdata=[
                        [
                            str(r.bar_id),
                            esc(r.label),
                            esc(r.date_label),
                            esc(r.status or "—"),
                            esc(r.sources or "—"),
                            f"<br>Note: {esc(r.note, 160)}" if r.note else "",
                        ]
                        for r in part.itertuples(index=False)
                    ],
                    hovertemplate=TENURE_HOVER,
                    name=f"{palette.FAMILY_LABELS[family]} · {kind}",
                    legendgroup=family,
                    showlegend=False,
                )
            )
    _family_legend(fig, frame["family"], present)
    per_lane = 36 if present else 26
    title = "Leaders and group lifetimes"
    if bars.undated:
        title += f" ({bars.undated} undated relation{'s' if bars.undated != 1 else ''} not shown)"
    _base_layout(fig, title, present, height=max(260, 170 + per_lane * max(len(order), 1)))
    _date_axis(fig, start, end, buttons=False, slider=False)
    fig.update_layout(barmode="overlay", meta={"undated": bars.undated, "bars": len(frame)})
    fig.update_yaxes(
        title_text="Leader or group",
        type="category",
        categoryorder="array",
        categoryarray=labels_shown,
        range=[len(labels_shown) - 0.5, -0.5],
        automargin=True,
    )
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


# --- details of selected events ----------------------------------------------------------


def event_details(ds: Any, events: pd.DataFrame, event_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Raw (unescaped) details of the given events, in the given order: title, date label,
    place, actors, status, description and [(source title, excerpt text)]."""
    chosen = events[events["event_id"].isin(set(event_ids))] if len(events) else events
    look = Lookups.from_dataset(ds, chosen)
    by_id = {str(r["event_id"]): r for r in chosen.to_dict("records")} if len(chosen) else {}
    details = []
    for event_id in event_ids:
        row = by_id.get(event_id)
        if row is None:
            continue
        start = _as_date(row.get("date_start"))
        end = _as_date(row.get("date_end")) or start
        precision = _str(row.get("date_precision")) or "day"
        excerpts = []
        for excerpt_id in _list(row.get("excerpt_ids")):
            if excerpt_id in look.excerpts:
                source_id, text = look.excerpts[excerpt_id]
                excerpts.append((look.sources.get(source_id, source_id), text))
        details.append(
            {
                "event_id": event_id,
                "title": _str(row.get("title")) or event_id,
                "date": f"{date_label(start, end, precision)} ({precision})",
                "place": look.places.get(_str(row.get("location_id")), "place unknown"),
                "actors": [look.name(a) for a in _list(row.get("actor_ids"))],
                "status": _str(row.get("status")),
                "type": _str(row.get("sub_event_type")) or _str(row.get("event_type")),
                "description": _str(row.get("description")),
                "sources": [look.sources.get(s, s) for s in _list(row.get("source_ids"))],
                "excerpts": excerpts,
            }
        )
    return details
