"""The Timeline page's figures: dates drawn at their precision, lanes, colours, safe hovers,
tenures and per-year counts; and the page itself, driven by Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from fixture_data import default_rows, write_dataset
from sahel_atlas.views import palette
from sahel_atlas.text.strings import esc
from sahel_atlas.views.timeline.figure import timeline_figure
from sahel_atlas.views.timeline.lanes import NO_ACTOR, OTHER_ACTORS
from sahel_atlas.views.timeline.lanes import lanes as lane_rows
from sahel_atlas.views.timeline.layout import MS_PER_DAY
from sahel_atlas.views.timeline.per_year import per_year_figure
from sahel_atlas.views.timeline.selection import selected_event_ids
from sahel_atlas.views.timeline.tenure import ONGOING, tenure_bars
from sahel_atlas.views.timeline.tenure_figure import tenure_figure
from sahel_atlas.store.dataset import load_dataset

D = dt.date
MS = MS_PER_DAY


@pytest.fixture(scope="module")
def ds(tiny_data: Path):
    return load_dataset(tiny_data)


def _dataset(tmp_path: Path, **tables):
    return load_dataset(write_dataset(tmp_path, **tables))


def _points(fig) -> dict[str, dict]:
    """event id -> how it is drawn: kind (marker|bar), start, end (exclusive), lane, trace."""
    drawn = {}
    for trace in fig.data:
        if trace.customdata is None:
            continue
        for i, data in enumerate(trace.customdata):
            start = D.fromisoformat(trace.base[i] if trace.type == "bar" else trace.x[i])
            entry = {
                "kind": "bar" if trace.type == "bar" else "marker",
                "start": start,
                "lane": trace.y[i],
                "trace": trace,
                "data": list(data),
            }
            if trace.type == "bar":
                entry["end"] = start + dt.timedelta(milliseconds=trace.x[i])
            drawn.setdefault(data[0], []).append(entry)
    return drawn


def _busy_events(counts: dict[str, int]) -> tuple[list[dict], list[dict]]:
    """Actors and day-precise events: actor a<i> appears in counts[a<i>] events of its own."""
    actors = [
        {"actor_id": a, "name": f"Group {a}", "kind": "group", "family": "other", "aliases": [],
         "summary": "", "excerpt_ids": []}
        for a in counts
    ]
    events = []
    for actor_id, n in counts.items():
        for k in range(n):
            events.append(
                {"event_id": f"{actor_id}-{k}", "title": f"{actor_id} event {k}",
                 "event_type": "Battles", "sub_event_type": "Armed clash",
                 "date_start": D(2000 + k, 1, 1), "date_end": D(2000 + k, 1, 1),
                 "date_precision": "day", "actor_ids": [actor_id], "status": "confirmed",
                 "source_ids": [], "excerpt_ids": []}
            )
    return actors, events


# --- dates at their precision ------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_id", "kind", "start", "end"),
    [
        ("niamey-abduction-2011", "marker", D(2011, 1, 7), None),
        ("droukdel-killed-2020", "marker", D(2020, 6, 3), None),
        ("timbuktu-taken-2012", "bar", D(2012, 4, 1), D(2012, 5, 1)),  # month
        ("statement-2016", "bar", D(2016, 1, 1), D(2017, 1, 1)),  # year
        ("aqim-base-talhandak", "bar", D(2010, 1, 1), D(2015, 1, 1)),  # span of years
        ("menaka-attacks-2018", "bar", D(2018, 1, 1), D(2018, 7, 1)),  # span to a day
    ],
)
@pytest.mark.parametrize("by", ["actor", "type"])
def test_day_events_are_markers_and_others_bars_to_the_day_after_their_end(
    ds, event_id, kind, start, end, by
) -> None:
    drawn = _points(timeline_figure(ds, ds.events, by=by))[event_id]
    for entry in drawn:
        assert entry["kind"] == kind
        assert entry["start"] == start
        if kind == "bar":
            assert entry["end"] == end
            assert "rgba(" in entry["trace"].marker.color  # translucent
        else:
            status = ds.events.set_index("event_id").loc[event_id, "status"]
            assert entry["trace"].marker.symbol == palette.STATUS_SYMBOLS[status]


def test_lanes_frame_keeps_first_and_last_day_and_labels_the_precision(ds) -> None:
    frame = lane_rows(ds, ds.events, "type").set_index("event_id")
    row = frame.loc["timbuktu-taken-2012"]
    assert (row["start"], row["end"], row["precision"]) == (D(2012, 4, 1), D(2012, 4, 30), "month")
    assert row["date_label"] == "April 2012 (month)"
    assert row["place"] == "Timbuktu, MLI"
    assert "Al-Qaeda in the Islamic Maghreb (AQIM)" in row["actors"]
    assert row["sources"].startswith("Jihadist groups in northern Mali")


def test_every_drawn_point_carries_its_event_id(ds) -> None:
    fig = timeline_figure(ds, ds.events)
    assert set(_points(fig)) == set(ds.events["event_id"])


def test_a_selection_maps_back_to_event_ids_once_each() -> None:
    selection = {
        "points": [
            {"curve_number": 0, "customdata": ["a", "t"]},
            {"curve_number": 2, "customdata": ["b"]},
            {"curve_number": 1, "customdata": ["a", "t"]},
            {"curve_number": 3},  # a legend-only trace: no customdata
        ],
        "box": [],
    }
    assert selected_event_ids(selection) == ["a", "b"]
    assert selected_event_ids(None) == []


# --- lanes -------------------------------------------------------------------------------


@pytest.mark.parametrize("top", [1, 3, 15])
def test_actor_lanes_are_limited_to_the_most_active_plus_other_actors(tmp_path, top) -> None:
    counts = {f"a{i:02d}": 1 + i % 7 for i in range(20)}
    actors, events = _busy_events(counts)
    # One event shared by two of the least active actors: once in "Other actors".
    events.append({**events[0], "event_id": "shared", "actor_ids": ["a00", "a07"]})
    counts["a00"] += 1
    counts["a07"] += 1
    ds = _dataset(tmp_path, actors=actors, events=events, event_actors=[])
    frame = lane_rows(ds, ds.events, "actor", top=top)
    lanes = list(dict.fromkeys(frame["lane"]))
    assert len(lanes) == top + 1 and lanes[-1] == OTHER_ACTORS
    ranked = sorted(counts, key=lambda a: (-counts[a], a))
    assert lanes[:top] == [f"Group {a}" for a in ranked[:top]]
    others = frame[frame["lane"] == OTHER_ACTORS]
    assert not others["event_id"].duplicated().any()
    assert "shared" in set(others["event_id"])
    fig = timeline_figure(ds, ds.events, top=top)
    assert list(fig.layout.yaxis.categoryarray) == lanes


def test_actor_lanes_use_the_shortest_all_caps_alias(ds) -> None:
    lanes = set(lane_rows(ds, ds.events, "actor")["lane"])
    # AQIM over AQMI (same length, first), ISGS over "Islamic State..."; FAMa is not all caps.
    assert {"AQIM", "ISGS", "JNIM", "Malian Armed Forces", "Abdelmalek Droukdel"} <= lanes


def test_events_without_actors_get_their_own_lane(tmp_path) -> None:
    rows = default_rows()
    rows["events"][0]["actor_ids"] = []
    ds = _dataset(tmp_path, events=rows["events"])
    frame = lane_rows(ds, ds.events, "actor")
    assert list(frame[frame["lane"] == NO_ACTOR]["event_id"]) == [rows["events"][0]["event_id"]]


def test_an_empty_selection_of_events_draws_no_points(ds) -> None:
    empty = ds.events.iloc[0:0]
    assert lane_rows(ds, empty, "actor").empty
    fig = timeline_figure(ds, empty)
    assert _points(fig) == {}
    assert tuple(fig.layout.xaxis.range) == ("1990-01-01", "2022-12-31")


# --- colours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "lane", "family"),
    [
        ("actor", "AQIM", "al-qaeda"),
        ("actor", "ISGS", "islamic-state"),
        ("actor", "Operation Barkhane", "state-forces"),
        # Type lanes: the first perpetrator's family, else the first actor's.
        ("type", "Targeted killing", "state-forces"),
        ("type", "Attack", "islamic-state"),
        ("type", "Statement", "al-qaeda"),
        ("type", "Government regains territory", "state-forces"),
    ],
)
def test_points_take_their_family_colour_from_the_palette(ds, by, lane, family) -> None:
    frame = lane_rows(ds, ds.events, by)
    rows = frame[frame["lane"] == lane]
    assert len(rows) and set(rows["family"]) == {family}
    assert set(rows["colour"]) == {palette.FAMILY_COLOURS[family]}
    colour = palette.FAMILY_COLOURS[family]
    for entries in _points(timeline_figure(ds, ds.events, by=by)).values():
        for entry in entries:
            if entry["lane"] == lane:
                marker = entry["trace"].marker
                drawn = marker.color if entry["kind"] == "marker" else marker.line.color
                assert drawn == colour


def test_the_legend_names_the_families_shown(ds) -> None:
    fig = timeline_figure(ds, ds.events)
    names = {t.name for t in fig.data if t.showlegend is not False}
    shown = ("al-qaeda", "islamic-state", "state-forces")
    assert {palette.FAMILY_LABELS[f] for f in shown} <= names
    assert palette.FAMILY_LABELS["other"] not in names  # no actor of that family here


# --- escaping ----------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize(
    ("field", "poison", "escaped"),
    [
        ("title", SCRIPT, "&lt;script&gt;"),
        ("actor", SCRIPT, "&lt;script&gt;"),  # a lane label and a hover name
        ("alias", "AT&T", "AT&amp;T"),  # an all-caps alias becomes the lane label
        ("place", SCRIPT, "&lt;script&gt;"),
        ("source", SCRIPT, "&lt;script&gt;"),
    ],
)
@pytest.mark.parametrize("by", ["actor", "type"])
def test_hover_and_lane_labels_escape_untrusted_text(tmp_path, field, poison, escaped, by) -> None:
    rows = default_rows()
    event = next(e for e in rows["events"] if e["event_id"] == "droukdel-killed-2020")
    barkhane = next(a for a in rows["actors"] if a["actor_id"] == "barkhane")
    if field == "title":
        event["title"] = poison
    elif field == "actor":
        barkhane["name"] = poison
    elif field == "alias":  # only a group's acronym becomes its short name
        barkhane["kind"] = "group"
        barkhane["aliases"] = [poison]
    elif field == "place":
        next(p for p in rows["locations"] if p["location_id"] == "talhandak")["name"] = poison
    else:
        next(s for s in rows["sources"] if s["source_id"] == "src-b")["title"] = poison
    ds = _dataset(tmp_path, **rows)
    fig = timeline_figure(ds, ds.events, by=by)
    drawn = [event_points["data"] for event_points in _points(fig)["droukdel-killed-2020"]]
    labels = list(fig.layout.yaxis.categoryarray)
    text = json.dumps([drawn, labels, [list(t.y) for t in fig.data if t.y]])
    assert "<script" not in text and poison not in text
    if field != "alias" or by == "actor":
        assert escaped in text


def test_esc_escapes_tags_but_keeps_quotes_plotly_would_show_literally() -> None:
    assert esc('<b>"AQIM" & co</b>') == '&lt;b&gt;"AQIM" &amp; co&lt;/b&gt;'
    assert esc("a\n  b", limit=None) == "a b"
    assert esc("x" * 10, limit=5) == "xxxx…"


# --- axes and layout ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "x_title", "y_title"),
    [
        (lambda ds, p: timeline_figure(ds, ds.events, "actor", present=p), "Date", "Actor"),
        (lambda ds, p: timeline_figure(ds, ds.events, "type", present=p), "Date", "Event type"),
        (lambda ds, p: per_year_figure(ds.events, present=p, ds=ds), "Year", "Events"),
        (lambda ds, p: tenure_figure(ds, present=p), "Date", "Leader or group"),
    ],
    ids=["timeline-actor", "timeline-type", "per-year", "tenure"],
)
@pytest.mark.parametrize("present", [False, True])
def test_figures_have_titles_axis_titles_and_bigger_fonts_when_presenting(
    ds, make, x_title, y_title, present
) -> None:
    fig = make(ds, present)
    assert fig.layout.xaxis.title.text == x_title
    assert fig.layout.yaxis.title.text == y_title
    assert fig.layout.title.text
    assert fig.layout.font.size == (18 if present else 13)
    spec = fig.to_json()
    assert "http://" not in spec and "https://" not in spec
    assert not any(t.type.startswith(("scattergeo", "choropleth")) for t in fig.data)


def test_timeline_axis_defaults_to_1990_2022_zooms_and_offers_decades(ds) -> None:
    fig = timeline_figure(ds, ds.events)
    assert tuple(fig.layout.xaxis.range) == ("1990-01-01", "2022-12-31")
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.dragmode == "zoom"
    assert fig.layout.xaxis.rangeslider.visible
    labels = [b.label for b in fig.layout.updatemenus[0].buttons]
    assert labels == ["1990s", "2000s", "2010s", "All"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(1985, 6, 1), D(1985, 6, 30), ("1985-01-01", "2022-12-31")),
        (D(2024, 2, 1), D(2024, 2, 1), ("1990-01-01", "2024-12-31")),
        (D(2022, 1, 1), D(2022, 12, 31), ("1990-01-01", "2022-12-31")),
    ],
)
def test_timeline_axis_widens_to_cover_events_beyond_it(tmp_path, start, end, expected) -> None:
    rows = default_rows()
    rows["events"][0].update(date_start=start, date_end=end, date_precision="month")
    ds = _dataset(tmp_path, events=rows["events"])
    assert tuple(timeline_figure(ds, ds.events).layout.xaxis.range) == expected


# --- tenures and lifetimes -----------------------------------------------------------------


def test_leads_relations_become_tenure_bars(ds) -> None:
    fig = tenure_figure(ds)
    bars = {}
    for trace in fig.data:
        for i, data in enumerate(trace.customdata or []):
            start = D.fromisoformat(trace.base[i])
            bars[trace.y[i]] = (start, start + dt.timedelta(milliseconds=trace.x[i]), data)
    start, end, data = bars["Abdelmalek Droukdel leads AQIM"]
    assert (start, end) == (D(2004, 1, 1), D(2020, 6, 4))
    assert data[0] == "droukdel-leads-aqim"
    assert trace_colour(fig, "Abdelmalek Droukdel leads AQIM") == palette.FAMILY_COLOURS["al-qaeda"]
    # Open-ended: to the end of the axis, and said so.
    start, end, data = bars["Iyad Ag Ghaly leads JNIM"]
    assert (start, end) == (D(2017, 3, 2), D(2023, 1, 1))
    assert ONGOING in data[2]
    # JNIM's lifetime from its "Group founded" event; non-leads relations draw nothing.
    assert bars["JNIM (group lifetime)"][0] == D(2017, 3, 2)
    assert len(bars) == 3
    assert fig.layout.meta["undated"] == 0


def trace_colour(fig, label: str) -> str:
    return next(t.marker.line.color for t in fig.data if t.y and label in t.y)


def test_lifetimes_end_at_mergers_and_undated_relations_are_counted(tmp_path) -> None:
    rows = default_rows()
    rows["actors"].append(
        {"actor_id": "ansar-dine", "name": "Ansar Dine", "kind": "group", "family": "al-qaeda",
         "aliases": [], "summary": "", "excerpt_ids": []}
    )
    rows["actors"].append(
        {"actor_id": "mujao", "name": "Movement for Oneness and Jihad in West Africa",
         "kind": "group", "family": "al-qaeda", "aliases": ["MUJAO"], "summary": "",
         "excerpt_ids": []}
    )

    def rel(rid, s, p, o, start=None, end=None):
        return {"relation_id": rid, "subject_id": s, "predicate": p, "object_id": o,
                "date_start": start, "date_end": end, "date_precision": "day",
                "status": "confirmed", "note": "<i>note</i>", "excerpt_ids": []}

    rows["relations"] += [
        rel("iyad-founded-ad", "iyad-ag-ghaly", "founded", "ansar-dine", D(2011, 12, 1)),
        rel("ad-merged", "ansar-dine", "merged_into", "jnim", D(2017, 3, 2)),
        rel("mujao-founded", "iyad-ag-ghaly", "founded", "mujao", D(2011, 10, 1)),
        rel("mujao-merged", "mujao", "merged_into", "jnim"),  # dated by the Merger event
        rel("someone-leads", "iyad-ag-ghaly", "leads", "ansar-dine"),  # undated: skipped
        rel("never-merged", "ansar-dine", "merged_into", "aqim"),  # undated, no event
    ]
    rows["events"].append(
        {"event_id": "merger-2013", "title": "Merger", "event_type": "Strategic developments",
         "sub_event_type": "Merger", "date_start": D(2013, 8, 22), "date_end": D(2013, 8, 22),
         "date_precision": "day", "actor_ids": ["mujao", "jnim"], "status": "confirmed",
         "source_ids": [], "excerpt_ids": []}
    )
    ds = _dataset(tmp_path, **rows)
    bars = tenure_bars(ds)
    frame = bars.rows.set_index("label")
    ad = frame.loc["Ansar Dine (group lifetime)"]
    assert (ad["start"], ad["end"], ad["open_ended"]) == (D(2011, 12, 1), D(2017, 3, 2), False)
    mujao = frame.loc["MUJAO (group lifetime)"]
    assert (mujao["start"], mujao["end"]) == (D(2011, 10, 1), D(2013, 8, 22))
    assert frame.loc["JNIM (group lifetime)"]["open_ended"]
    assert bars.undated == 2
    fig = tenure_figure(ds)
    assert fig.layout.meta["undated"] == 2
    assert "2 undated relations" in fig.layout.title.text
    # Restricting to some actors keeps their bars only.
    only = tenure_bars(ds, actor_ids={"abdelmalek-droukdel"}).rows
    assert list(only["label"]) == ["Abdelmalek Droukdel leads AQIM"]


# --- events per year -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "count"), [(1990, 0), (2005, 0), (2010, 1), (2015, 0), (2020, 2), (2022, 0)]
)
def test_per_year_bins_every_year_including_empty_ones(ds, year, count) -> None:
    fig = per_year_figure(ds.events, ds=ds)
    for trace in fig.data:
        assert list(trace.x) == list(range(1990, 2023))
    assert sum(t.y[year - 1990] for t in fig.data) == count
    assert sum(sum(t.y) for t in fig.data) == len(ds.events)
    assert fig.layout.barmode == "stack"


def test_per_year_stacks_by_family_colour(ds) -> None:
    fig = per_year_figure(ds.events, ds=ds)
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours == {
        palette.FAMILY_LABELS[f]: palette.FAMILY_COLOURS[f]
        for f in ("al-qaeda", "islamic-state", "state-forces")
    }
    # 2020: one al-Qaeda-family event (the ISGS/JNIM clash is ISGS's: islamic-state) and one
    # state-forces event (Droukdel's killing, perpetrated by Barkhane).
    by_name = {t.name: t.y[2020 - 1990] for t in fig.data}
    assert by_name[palette.FAMILY_LABELS["state-forces"]] == 1
    assert by_name[palette.FAMILY_LABELS["islamic-state"]] == 1


def test_per_year_without_families_is_one_series_and_survives_no_events() -> None:
    events = pd.DataFrame({"event_id": ["a"], "date_start": [D(1999, 5, 1)]})
    fig = per_year_figure(events)
    assert len(fig.data) == 1 and fig.data[0].y[1999 - 1990] == 1
    empty = per_year_figure(events.iloc[0:0])
    assert sum(empty.data[0].y) == 0 and len(empty.data[0].x) == 33


# --- the page ------------------------------------------------------------------------------


def _page(data_dir: str, empty: bool) -> None:
    import streamlit as st

    from components.context import View
    from components.timeline import render_timeline
    from sahel_atlas.store.dataset import load_dataset
    from sahel_atlas.query.model import Filters

    ds = load_dataset(data_dir)
    events = ds.events.iloc[0:0] if empty else ds.events
    st.session_state["events_shown"] = len(events)
    render_timeline(View(ds, None, Filters(), events, False))


@pytest.mark.parametrize("lanes", [None, "type", "nonsense"])
def test_page_draws_three_charts_and_keeps_lanes_in_the_url(tiny_data, lanes) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_page, args=(str(tiny_data), False), default_timeout=30)
    if lanes:
        at.query_params["lanes"] = lanes
    at.run()
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 3
    assert charts[0]["layout"]["yaxis"]["title"]["text"] == (
        "Event type" if lanes == "type" else "Actor"
    )
    assert at.query_params.get("lanes") == ("type" if lanes == "type" else None)
    configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    for config in configs:
        assert config["displaylogo"] is False
        assert not any("url" in key.lower() for key in config)
    assert not at.info


def test_page_says_so_when_no_event_matches(tiny_data) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_page, args=(str(tiny_data), True), default_timeout=30).run()
    assert not at.exception
    assert "No events match" in at.info[0].value
    assert not at.get("plotly_chart")
