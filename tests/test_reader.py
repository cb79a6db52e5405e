"""The source reader's pure logic: segments, excerpt ids, the document HTML, facts citing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from fixture_data import SOURCE_TEXTS, excerpt_id
from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.views.reader import (
    ExcerptRef,
    Segment,
    anchor_id,
    document_excerpts,
    document_html,
    fact_lines,
    facts_citing,
    parse_excerpt_id,
    published_label,
    resolve_request,
    segments,
    sources_table,
)


@pytest.fixture(scope="module")
def ds(tiny_data: Path):
    return load_dataset(tiny_data)


def rejoin(text: str, segs: list[Segment]) -> str:
    return "".join(text[s.start : s.end] for s in segs)


# --- segments ---------------------------------------------------------------------------------


def test_segments_without_excerpts_is_the_whole_text() -> None:
    assert segments("hello", []) == [Segment(0, 5, ())]
    assert segments("", []) == []


def test_segments_disjoint_excerpts() -> None:
    text = "abcdefghij"
    segs = segments(text, [("a", 1, 3), ("b", 5, 7)])
    assert segs == [
        Segment(0, 1, ()),
        Segment(1, 3, ("a",)),
        Segment(3, 5, ()),
        Segment(5, 7, ("b",)),
        Segment(7, 10, ()),
    ]
    assert rejoin(text, segs) == text


def test_segments_overlapping_and_nested_excerpts() -> None:
    text = "0123456789ABCDEF"
    # a: 2-8, b: 5-12 (overlaps a), c: 6-7 (inside both), d: 12-14 (touches b's end)
    segs = segments(text, [("b", 5, 12), ("a", 2, 8), ("c", 6, 7), ("d", 12, 14)])
    assert segs == [
        Segment(0, 2, ()),
        Segment(2, 5, ("a",)),
        Segment(5, 6, ("a", "b")),
        Segment(6, 7, ("a", "b", "c")),
        Segment(7, 8, ("a", "b")),
        Segment(8, 12, ("b",)),
        Segment(12, 14, ("d",)),
        Segment(14, 16, ()),
    ]
    assert rejoin(text, segs) == text


def test_segments_identical_spans_and_same_start() -> None:
    text = "abcdefgh"
    segs = segments(text, [("x", 0, 4), ("y", 0, 4), ("z", 0, 6)])
    assert segs == [Segment(0, 4, ("x", "y", "z")), Segment(4, 6, ("z",)), Segment(6, 8, ())]


def test_segments_clip_out_of_range_and_drop_empty() -> None:
    text = "abcdef"
    segs = segments(text, [("a", -3, 2), ("b", 4, 99), ("e", 3, 3)])
    assert segs == [Segment(0, 2, ("a",)), Segment(2, 4, ()), Segment(4, 6, ("b",))]


def test_segments_accept_an_excerpts_frame(ds) -> None:
    text = ds.source_text("src-b")
    frame = document_excerpts(ds, "src-b")
    segs = segments(text, frame)
    assert rejoin(text, segs) == text
    # 'droukdel-killed' and 'talhandak' overlap on "near Talhandak".
    both = [s for s in segs if len(s.excerpt_ids) == 2]
    assert both and text[both[0].start : both[0].end] == "near Talhandak"
    assert set(both[0].excerpt_ids) == {excerpt_id("droukdel-killed"), excerpt_id("talhandak")}
    # Every excerpt is covered exactly by the segments that list it.
    for row in frame.itertuples():
        covered = [s for s in segs if row.excerpt_id in s.excerpt_ids]
        assert (covered[0].start, covered[-1].end) == (row.char_start, row.char_end)
        assert all(a.end == b.start for a, b in zip(covered, covered[1:]))


# --- excerpt ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("001_993296d95b73e933:120-245", ExcerptRef("001_993296d95b73e933", 120, 245)),
        ("src-a:0-5", ExcerptRef("src-a", 0, 5)),
        (" src-a:0-5 ", ExcerptRef("src-a", 0, 5)),
        ("a:b:3-4", ExcerptRef("a:b", 3, 4)),
    ],
)
def test_parse_excerpt_id(value: str, expected: ExcerptRef) -> None:
    assert parse_excerpt_id(value) == expected


@pytest.mark.parametrize(
    "value", ["", "src-a", "src-a:5", "src-a:9-3", ":1-2", "src-a:1-x", "<script>", None, 12]
)
def test_parse_excerpt_id_rejects(value: object) -> None:
    assert parse_excerpt_id(value) is None


# --- the document HTML ------------------------------------------------------------------------


def test_document_html_escapes_every_piece_of_text() -> None:
    text = "Intro <script>alert(1)</script> and <img src=x onerror=alert(1)> & \"quotes\"\nend"
    img = "<img src=x onerror=alert(1)>"
    start, end = text.index(img), text.index(img) + len(img)
    # One excerpt cuts the <script> tag in two, another holds the whole <img> tag.
    excerpts = [("doc:0-9", 0, 9), (f"doc:{start}-{end}", start, end)]
    page = document_html(text, excerpts, selected=f"doc:{start}-{end}", title="<b>T</b>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.replace("</mark>", "")
    assert "&lt;sc</mark>ript&gt;" in page
    assert "<script>alert" not in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;</mark>" in page
    assert "&amp; \"quotes\"" in page
    assert "<b>T</b>" not in page and "&lt;b&gt;T&lt;/b&gt;" in page
    # The only script is the scroll script, and nothing is loaded from anywhere.
    assert page.count("<script>") == 1
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert "http" not in page


def test_document_html_marks_excerpts_and_selection() -> None:
    text = "one two three four five"
    excerpts = [("d:4-13", 4, 13), ("d:8-18", 8, 18)]
    page = document_html(text, excerpts, selected="d:8-18")
    assert '<mark id="x-4" class="n1 start" data-excerpts="d:4-13"' in page
    assert 'id="x-8" class="n2 start sel sel-start"' in page
    assert 'id="x-13" class="n1 sel"' in page
    assert "getElementById(\"x-8\")" in page and 'scrollIntoView({block:"center"})' in page
    assert "white-space: pre-wrap" in page
    # The visible text is intact once the tags are removed.
    assert re.sub(r"<[^>]+>", "", page.split('<div class="doc">')[1].split("</div>")[0]) == text


def test_document_html_without_selection_has_no_script() -> None:
    page = document_html("abc", [("d:0-1", 0, 1)], selected=None)
    assert "<script" not in page
    page = document_html("abc", [("d:0-1", 0, 1)], selected="d:9-10")  # not in this document
    assert "<script" not in page


def test_anchor_id() -> None:
    assert anchor_id(42) == "x-42"


# --- metadata and requests --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "precision", "label"),
    [
        (dt.date(2020, 6, 5), "day", "2020-06-05"),
        (dt.date(2020, 6, 1), "month", "June 2020"),
        (dt.date(2013, 1, 1), "year", "2013"),
        (None, None, "unknown"),
        (dt.date(2019, 1, 1), "span", "around 2019 (a span from 2019-01-01)"),
    ],
)
def test_published_label(date, precision, label) -> None:
    assert published_label(date, precision) == label


def test_sources_table(ds) -> None:
    table = sources_table(ds)
    assert list(table["Source ID"]) == ["src-a", "src-b", "src-c"]
    counts = dict(zip(table["Source ID"], table["Excerpts"]))
    assert counts == ds.excerpts["source_id"].value_counts().to_dict()
    assert table.loc[0, "Reliability"] == "B (usually reliable)"
    for column in ("Title", "Publisher", "Published", "Language", "Machine-translated", "Kind"):
        assert column in table


def test_resolve_request_defaults_to_the_first_document(ds) -> None:
    request = resolve_request(ds, None, None)
    assert (request.source_id, request.excerpt_id, request.notices) == ("src-a", None, [])
    assert resolve_request(ds, None, None, fallback_sources=["src-c"]).source_id == "src-c"


def test_resolve_request_doc_and_excerpt(ds) -> None:
    x = excerpt_id("tessalit")
    assert resolve_request(ds, "src-b", x).excerpt_id == x
    # Without doc, the excerpt's own document opens (the ?source=&excerpt= form).
    request = resolve_request(ds, None, x, fallback_sources=["src-a"])
    assert (request.source_id, request.excerpt_id, request.notices) == ("src-b", x, [])
    assert resolve_request(ds, ["src-b"], [x]).excerpt_id == x


@pytest.mark.parametrize(
    ("doc", "excerpt", "source", "notice"),
    [
        ("nope", None, "src-a", "doc=nope"),
        ("<script>", None, "src-a", "doc=<script>"),
        (None, "garbage", "src-a", "excerpt=garbage"),
        (None, "src-b:1-2", "src-b", "no such excerpt"),
        (None, "nowhere:1-2", "src-a", "no source 'nowhere'"),
        ("src-a", "TESSALIT", "src-a", "excerpt=TESSALIT"),
    ],
)
def test_resolve_request_bad_values_become_notices(ds, doc, excerpt, source, notice) -> None:
    request = resolve_request(ds, doc, excerpt)
    assert request.source_id == source
    assert request.excerpt_id is None
    assert any(notice in n for n in request.notices), request.notices


def test_resolve_request_excerpt_of_another_document(ds) -> None:
    request = resolve_request(ds, "src-a", excerpt_id("tessalit"))
    assert request.source_id == "src-a" and request.excerpt_id is None
    assert "not an excerpt of src-a" in request.notices[0]


# --- facts citing -----------------------------------------------------------------------------


def test_facts_citing_finds_every_kind(ds) -> None:
    facts = facts_citing(ds, excerpt_id("jnim-founded"))
    assert set(facts) == {"events", "claims", "actors", "locations", "relations"}
    assert list(facts["events"]["event_id"]) == ["jnim-founded-2017"]
    assert set(facts["actors"]["actor_id"]) == {"jnim", "iyad-ag-ghaly"}
    assert list(facts["relations"]["relation_id"]) == ["iyad-leads-jnim"]
    assert facts["claims"].empty and facts["locations"].empty


def test_facts_citing_claims_and_places(ds) -> None:
    facts = facts_citing(ds, excerpt_id("talhandak"))
    assert list(facts["claims"]["claim_id"]) == ["droukdel-killed-2020-c1"]
    assert list(facts["locations"]["location_id"]) == ["talhandak"]
    assert facts["events"].empty  # the event cites 'droukdel-killed', not this excerpt


def test_facts_citing_restricted_to_filtered_events(ds) -> None:
    x = excerpt_id("tessalit")
    assert len(facts_citing(ds, x)["events"]) == 1
    others = ds.events[ds.events["event_id"] != "droukdel-killed-2020"]
    facts = facts_citing(ds, x, events=others)
    assert facts["events"].empty and facts["claims"].empty


def test_facts_citing_unknown_excerpt_is_empty(ds) -> None:
    facts = facts_citing(ds, "src-a:0-1")
    assert all(frame.empty for frame in facts.values())


def test_fact_lines_are_readable(ds) -> None:
    facts = facts_citing(ds, excerpt_id("tessalit"))
    lines = fact_lines(ds, facts)
    assert lines["events"] == [
        "Abdelmalek Droukdel killed by French forces · 2020-06-03 · disputed"
    ]
    assert lines["claims"][0].startswith("Abdelmalek Droukdel killed by French forces: location")
    lines = fact_lines(ds, facts_citing(ds, excerpt_id("rivalry")))
    assert lines["relations"] == [
        "Islamic State in the Greater Sahara rival of Jama'at Nusrat al-Islam wal-Muslimin"
    ]


def test_fixture_texts_match(ds) -> None:
    for source_id, text in SOURCE_TEXTS.items():
        assert ds.source_text(source_id) == text
    assert isinstance(document_excerpts(ds, "src-a"), pd.DataFrame)
