"""Profiles' pure logic (sahel_atlas/views/profile/) on a small hand-made dataset."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from components.text import md_escape
from fixture_data import write_dataset
from sahel_atlas.store.dataset import Dataset, load_dataset
from sahel_atlas.views.profile.directory import RESERVED_PATHS, directory, profile_paths
from sahel_atlas.views.profile.excerpts import mentions
from sahel_atlas.views.profile.facts import fact_box
from sahel_atlas.views.profile.highlight import alias_pattern, highlight_markdown, mention_spans
from sahel_atlas.views.profile.link_figure import link_figure
from sahel_atlas.views.profile.links import RING_RADII, link_chart, selected_actor
from sahel_atlas.views.profile.periods import period_label
from sahel_atlas.views.profile.relations import relations_of
from sahel_atlas.views.profile.summary import narrative

D = dt.date


def _actor(actor_id, name, kind="group", family="al-qaeda", aliases=(), excerpts=()):
    return {
        "actor_id": actor_id, "name": name, "kind": kind, "family": family,
        "aliases": list(aliases), "summary": f"About {name}.", "excerpt_ids": list(excerpts),
    }


def _relation(rid, subject, predicate, obj, start=None, end=None, precision=None,
              status="confirmed", excerpts=("s1:0-10",)):
    return {
        "relation_id": rid, "subject_id": subject, "predicate": predicate, "object_id": obj,
        "date_start": start, "date_end": end, "date_precision": precision, "status": status,
        "note": None, "excerpt_ids": list(excerpts),
    }


def _event(eid, title, sub_type, actors, start, end, precision="day", excerpts=(), sources=("s1",)):
    return {
        "event_id": eid, "title": title, "event_type": "Strategic developments",
        "sub_event_type": sub_type, "date_start": start, "date_end": end,
        "date_precision": precision, "location_id": None, "latitude": None, "longitude": None,
        "actor_ids": list(actors), "status": "confirmed", "description": f"{title}.",
        "fatalities": None, "source_ids": list(sources), "excerpt_ids": list(excerpts),
    }


TEXT_1 = "The AQIM emir <script>alert(1)</script> met **JNIM** in [Kidal](http://x)."
TEXT_2 = "Al-Qaeda in the Islamic Maghreb is said to number 1,000 men; IS is its rival."


def _rows() -> dict[str, list[dict]]:
    """The hand-made dataset's rows, table by table (a fresh copy each call)."""
    actors = [
        _actor("aqim", "Al-Qaeda in the Islamic Maghreb", aliases=["AQIM", "Aqim"],
               excerpts=["s1:0-74"]),
        _actor("gspc", "Salafist Group for Preaching and Combat", aliases=["GSPC"]),
        _actor("jnim", "Group to Support Islam and Muslims", aliases=["JNIM"]),
        _actor("al-qaeda", "Al-Qaeda", aliases=["AQ"]),
        _actor("droukdel", "Abdelmalek Droukdel", kind="person"),
        _actor("okacha", "Djamel Okacha", kind="person"),
        _actor("islamic-state", "Islamic State", family="islamic-state", aliases=["IS"]),
        _actor("algeria", "Algeria", kind="state", family="state-forces"),
        _actor("map", "A group called map"),
    ]
    relations = [
        _relation("r1", "droukdel", "founded", "aqim", D(2007, 1, 1), D(2007, 1, 31), "month"),
        _relation("r2", "droukdel", "leads", "aqim", D(2004, 1, 1), D(2020, 6, 3), "span"),
        _relation("r3", "okacha", "leads", "aqim", None, None, None),
        _relation("r4", "aqim", "part_of", "al-qaeda", D(2006, 1, 1), D(2020, 12, 31), "span"),
        _relation("r5", "gspc", "merged_into", "aqim", D(2007, 1, 1), D(2007, 12, 31), "year"),
        _relation("r6", "aqim", "merged_into", "jnim", D(2017, 3, 1), D(2017, 3, 31), "month",
                  status="claimed"),
        _relation("r7", "islamic-state", "rival_of", "aqim", status="disputed"),
        _relation("r8", "algeria", "fought", "aqim"),
        _relation("r9", "gspc", "pledged_allegiance_to", "al-qaeda", D(2006, 1, 1), D(2006, 12, 31), "year"),
    ]
    events = [
        _event("aqim-founded", "AQIM founded", "Group founded", ["aqim", "gspc"],
               D(2007, 1, 24), D(2007, 1, 24), excerpts=["s2:0-80"]),
        _event("jnim-founded", "JNIM founded", "Group founded", ["jnim", "aqim"],
               D(2017, 3, 1), D(2017, 3, 31), "month", excerpts=["s1:0-74"]),
        _event("aqim-strength", "AQIM about 1,000 men", "Strength estimate", ["aqim", "algeria"],
               D(2010, 1, 1), D(2010, 12, 31), "year", excerpts=["s2:0-80"], sources=["s2"]),
    ]
    event_actors = [
        {"event_id": "aqim-founded", "actor_id": "aqim", "role": "subject"},
        {"event_id": "aqim-founded", "actor_id": "gspc", "role": "participant"},
        {"event_id": "jnim-founded", "actor_id": "jnim", "role": "subject"},
        {"event_id": "jnim-founded", "actor_id": "aqim", "role": "participant"},
        {"event_id": "aqim-strength", "actor_id": "aqim", "role": "subject"},
        {"event_id": "aqim-strength", "actor_id": "algeria", "role": "source"},
    ]
    excerpts = [
        {"excerpt_id": "s1:0-74", "source_id": "s1", "char_start": 0, "char_end": 74, "text": TEXT_1},
        {"excerpt_id": "s1:0-10", "source_id": "s1", "char_start": 0, "char_end": 10, "text": TEXT_1[:10]},
        {"excerpt_id": "s2:0-80", "source_id": "s2", "char_start": 0, "char_end": 80, "text": TEXT_2},
    ]
    sources = [
        {"source_id": "s1", "title": "A <b>report</b>", "publisher": "Agency", "published": D(2020, 6, 5),
         "published_precision": "day", "reliability": "B"},
        {"source_id": "s2", "title": "An assessment", "publisher": "unknown", "published": D(2013, 4, 1),
         "published_precision": "month", "reliability": "C"},
    ]
    return {"actors": actors, "relations": relations, "events": events,
            "event_actors": event_actors, "excerpts": excerpts, "sources": sources,
            "locations": [], "claims": [], "crosswalk": []}


def _dataset(directory: Path, **changes: list[dict]) -> Dataset:
    """The hand-made dataset written as Parquet and loaded, with some tables' rows replaced."""
    return load_dataset(write_dataset(directory, **{**_rows(), **changes}))


@pytest.fixture
def ds(tmp_path: Path) -> Dataset:
    return _dataset(tmp_path)


# --- URL paths ------------------------------------------------------------------------------


def test_profile_paths_are_the_ids_unless_they_collide_with_a_page() -> None:
    paths = profile_paths(["aqim", "map", "sources", "Odd Name/é", "actor-map"])
    assert paths["aqim"] == "aqim"
    assert paths["actor-map"] == "actor-map" and paths["map"] == "actor-map-2"
    assert paths["sources"] == "actor-sources"
    assert "/" not in paths["Odd Name/é"]
    assert paths["Odd Name/é"] == "odd-name-e"  # accents folded, as every slug folds them
    assert len(set(paths.values())) == len(paths)
    assert not set(paths.values()) & RESERVED_PATHS


def test_directory_lists_groups_first(ds) -> None:
    entries = directory(ds)
    kinds = [e.kind for e in entries]
    assert kinds == sorted(kinds, key=lambda k: k != "group")
    by_id = {e.actor_id: e for e in entries}
    assert by_id["aqim"].title == "AQIM" and by_id["aqim"].url_path == "aqim"
    assert by_id["al-qaeda"].title == "Al-Qaeda"  # not the bare acronym AQ
    assert by_id["map"].url_path == "actor-map"


def test_period_labels() -> None:
    assert period_label(D(2004, 1, 1), D(2020, 6, 3), "span") == "2004–2020-06-03"
    assert period_label(D(2017, 3, 1), D(2017, 3, 31), "month") == "March 2017"
    assert period_label(D(2013, 1, 1), D(2020, 6, 30), "span") == "2013–June 2020"
    assert period_label(None, None, None) == "undated"
    assert period_label(D(2013, 1, 1), None, "span") == "from 2013"


# --- fact box -------------------------------------------------------------------------------


def test_fact_box_formed_ended_and_affiliation(ds) -> None:
    box = fact_box(ds, "aqim")
    formed = [(f.text, f.date) for f in box.formed]
    assert ("founded by Abdelmalek Droukdel", "January 2007") in formed
    assert ("AQIM founded", "2007-01-24") in formed  # the Group founded event it is the subject of
    assert all("JNIM" not in text for text, _ in formed)  # a participant in JNIM's founding
    assert [(f.text, f.date, f.status, f.other_id) for f in box.ended] == [
        ("merged into JNIM", "March 2017", "claimed", "jnim")
    ]
    assert [(f.text, f.other_id) for f in box.affiliations] == [
        ("is part of Al-Qaeda", "al-qaeda"), ("merged into JNIM", "jnim")
    ]
    assert [(f.text, f.other_id) for f in box.components] == [("GSPC merged into it", "gspc")]
    assert box.events == 3 and (box.first_year, box.last_year) == (2007, 2017)


def test_fact_box_leaders_with_tenures_dated_first(ds) -> None:
    box = fact_box(ds, "aqim")
    assert [(f.text, f.date, f.other_id) for f in box.leaders] == [
        ("Abdelmalek Droukdel", "2004–2020-06-03", "droukdel"),
        ("Djamel Okacha", "undated", "okacha"),
    ]
    person = fact_box(ds, "droukdel")
    assert [(f.text, f.date) for f in person.led] == [("AQIM", "2004–2020-06-03")]
    assert person.formed == ()  # a person is not "founded by"


def test_fact_box_strength_estimates_with_date_and_source(ds) -> None:
    box = fact_box(ds, "aqim")
    (strength,) = box.strengths
    assert strength.title == "AQIM about 1,000 men" and strength.date == "2010"
    (cite,) = strength.citations
    assert (cite.title, cite.publisher, cite.published, cite.reliability) == (
        "An assessment", "unknown", "April 2013", "C"
    )
    assert cite.reliability_words == "fairly reliable"
    # The actor that reported the estimate is not its subject.
    assert fact_box(ds, "algeria").strengths == ()


def test_narrative_is_generated_from_the_facts(ds) -> None:
    text = " ".join(narrative(ds, fact_box(ds, "aqim")))
    assert "AQIM (Al-Qaeda in the Islamic Maghreb)" in text
    assert "3 events" in text and "2007 to 2017" in text
    assert "Abdelmalek Droukdel (2004–2020-06-03)" in text


def test_relations_are_grouped_in_sections(ds) -> None:
    sections = dict(relations_of(ds, "aqim"))
    assert [r.sentence for r in sections["Lineage, mergers and splits"]] == [
        "Abdelmalek Droukdel founded AQIM", "GSPC merged into AQIM", "AQIM merged into JNIM"
    ]
    rivals = sections["Rivalries and fighting"]
    assert {r.other_id for r in rivals} == {"islamic-state", "algeria"}


# --- link chart -----------------------------------------------------------------------------


def test_link_chart_centre_ring_and_edges(ds) -> None:
    chart = link_chart(ds, "aqim")
    centre = chart.node("aqim")
    assert (centre.ring, centre.x, centre.y) == (0, 0.0, 0.0)
    ring1 = {n.actor_id for n in chart.nodes if n.ring == 1}
    assert ring1 == {"droukdel", "okacha", "al-qaeda", "gspc", "jnim", "islamic-state", "algeria"}
    for node in chart.nodes:
        if node.ring == 1:
            assert math.isclose(math.hypot(node.x, node.y), 1.0, abs_tol=1e-5)
    edges = {(e.subject_id, e.object_id): e for e in chart.edges}
    assert edges[("aqim", "jnim")].dash == "dash"  # claimed
    assert edges[("islamic-state", "aqim")].dash == "dot"  # disputed
    assert edges[("droukdel", "aqim")].dash == "solid"
    assert edges[("droukdel", "aqim")].label == "founded, leads"  # one edge per pair
    # A relation between two neighbours is drawn too (GSPC pledged allegiance to al-Qaeda).
    assert ("gspc", "al-qaeda") in edges
    assert chart.node("map") is None


def test_link_chart_second_ring_only_groups(tmp_path: Path) -> None:
    ds = _dataset(tmp_path, relations=[
        *_rows()["relations"],
        _relation("r10", "jnim", "allied_with", "map"),
        _relation("r11", "okacha", "member_of", "jnim"),
    ])
    chart = link_chart(ds, "aqim")
    outer = {n.actor_id: n for n in chart.nodes if n.ring == 2}
    assert set(outer) == {"map"}
    assert math.isclose(math.hypot(outer["map"].x, outer["map"].y), RING_RADII[2], abs_tol=1e-5)
    assert link_chart(ds, "aqim", second_ring=False).node("map") is None


def test_link_figure_draws_claimed_edges_dashed_and_nodes_clickable(tmp_path: Path) -> None:
    actors = _rows()["actors"]
    hostile = {"jnim": {"aliases": ["<img src=x onerror=alert(1)>"]},
               "okacha": {"name": "<script>alert(1)</script>"}}
    ds = _dataset(tmp_path, actors=[{**a, **hostile.get(a["actor_id"], {})} for a in actors])
    fig = link_figure(link_chart(ds, "aqim"))
    lines = {t.name: t for t in fig.data if t.mode == "lines"}
    assert lines["confirmed relation"].line.dash == "solid"
    assert lines["claimed relation"].line.dash == "dash"
    assert lines["disputed relation"].line.dash == "dot"
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    ids = [c[0] for t in nodes for c in t.customdata]
    assert "aqim" in ids and "jnim" in ids
    texts = " ".join(str(x) for t in nodes for x in (*t.text, *t.hovertext))
    texts += " ".join(str(a.text) for a in fig.layout.annotations)
    assert "<script>" not in texts and "&lt;script&gt;" in texts
    assert "<img" not in texts
    assert not fig.layout.geo.scope  # no geo chart: nothing fetched from a CDN


def test_selected_actor() -> None:
    selection = {"points": [{"customdata": ["jnim"], "point_index": 2}]}
    assert selected_actor(selection, {"jnim", "aqim"}) == "jnim"
    assert selected_actor(selection, {"aqim"}) is None
    assert selected_actor({"points": []}, {"aqim"}) is None
    assert selected_actor(None, {"aqim"}) is None


# --- excerpts -------------------------------------------------------------------------------


def test_mentions_grouped_by_source_with_what_cites_them(ds) -> None:
    groups = mentions(ds, "aqim", ds.events)
    assert [g.citation.source_id for g in groups] == ["s1", "s2"]
    s1 = groups[0]
    assert s1.citation.title == "A <b>report</b>" and s1.citation.reliability == "B"
    assert [m.excerpt_id for m in s1.mentions] == ["s1:0-10", "s1:0-74"]  # reading order
    cited = dict((m.excerpt_id, m.cited_by) for m in s1.mentions)
    assert "profile evidence" in cited["s1:0-74"] and "event: JNIM founded" in cited["s1:0-74"]
    assert any(c.startswith("relation: ") for c in cited["s1:0-10"])


def test_mentions_under_a_filter_are_the_filtered_events_only(ds) -> None:
    only = ds.events[ds.events["event_id"] == "aqim-strength"]
    groups = mentions(ds, "aqim", only, everything=False)
    assert [(g.citation.source_id, [m.excerpt_id for m in g.mentions]) for g in groups] == [
        ("s2", ["s2:0-80"])
    ]
    assert mentions(ds, "aqim", ds.events, sources=["s2"])[0].citation.source_id == "s2"
    assert mentions(ds, "aqim", ds.events.iloc[0:0], everything=False) == []


def test_highlight_bolds_aliases_and_escapes_everything_else() -> None:
    pattern = alias_pattern(["Al-Qaeda in the Islamic Maghreb", "AQIM", "Aqim"])
    out = highlight_markdown(TEXT_1, pattern, md_escape)
    assert out.startswith("The **AQIM** emir ")
    assert "<script>" not in out and "\\<script\\>" in out
    assert "\\*\\*JNIM\\*\\*" in out  # the source's own asterisks stay literal
    assert "\\[Kidal\\]\\(http" in out  # no link
    assert out.count("**") == 2
    out = highlight_markdown(TEXT_2, pattern, md_escape)
    assert out.startswith("**Al\\-Qaeda in the Islamic Maghreb** is said")


def test_short_acronyms_match_their_case_only() -> None:
    pattern = alias_pattern(["Islamic State", "IS"])
    assert mention_spans("This is IS, the Islamic state.", pattern) == [(8, 10), (16, 29)]
    assert mention_spans("ISIS and AQIS", pattern) == []  # whole words only
    assert alias_pattern([]) is None
    assert highlight_markdown("a <b>", None, md_escape) == "a \\<b\\>"


def test_link_chart_keeps_a_pair_linked_both_ways(tmp_path: Path) -> None:
    # JNIM fought AQIM, and AQIM merged into JNIM: both lines are drawn, and JNIM sits on the
    # first ring with the lineage (its closest relation), not with the rivals.
    fought = _relation("r10", "jnim", "fought", "aqim")
    ds = _dataset(tmp_path, relations=[*_rows()["relations"], fought])
    chart = link_chart(ds, "aqim")
    edges = {(e.subject_id, e.object_id): e.label for e in chart.edges}
    assert edges[("aqim", "jnim")] == "merged into" and edges[("jnim", "aqim")] == "fought"
    ring1 = [n.actor_id for n in chart.nodes if n.ring == 1]
    assert ring1 == ["droukdel", "gspc", "jnim", "al-qaeda", "okacha", "algeria", "islamic-state"]
