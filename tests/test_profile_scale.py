"""What makes a profile cheap at 1M events: its excerpts a page at a time (every one on exactly
one page, in order) and its link chart's spec made once, equal to the checked figure."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io
import pytest
from test_profile import _dataset

from sahel_atlas.views.profile.citations import unknown_source
from sahel_atlas.views.profile.excerpts import (
    Mention,
    SourceMentions,
    mention_count,
    page_of_mentions,
)
from sahel_atlas.views.profile.link_figure import link_figure, link_spec
from sahel_atlas.views.profile.links import link_chart


def _groups(*sizes: int) -> list[SourceMentions]:
    """Sources s0, s1, ... with `size` mentions each, e0, e1, ... numbered across them."""
    out, n = [], 0
    for i, size in enumerate(sizes):
        items = tuple(Mention(f"e{n + j}", f"s{i}", j, j + 1, "text", ("event: x",))
                      for j in range(size))
        out.append(SourceMentions(unknown_source(f"s{i}"), items))
        n += size
    return out


def _ids(groups: list[SourceMentions]) -> list[str]:
    return [m.excerpt_id for g in groups for m in g.mentions]


@pytest.mark.parametrize(
    ("sizes", "start", "size", "expected", "sources"),
    [
        ((3, 4), 0, 2, ["e0", "e1"], ["s0"]),
        ((3, 4), 2, 3, ["e2", "e3", "e4"], ["s0", "s1"]),
        ((3, 4), 3, 10, ["e3", "e4", "e5", "e6"], ["s1"]),
        ((3, 4), 7, 5, [], []),
        ((0, 2), 0, 5, ["e0", "e1"], ["s1"]),
    ],
)
def test_a_page_keeps_its_excerpts_in_their_sources(sizes, start, size, expected, sources) -> None:
    page = page_of_mentions(_groups(*sizes), start, size)
    assert _ids(page) == expected
    assert [g.citation.source_id for g in page] == sources


@pytest.mark.parametrize("size", [1, 3, 5, 100])
def test_the_pages_together_hold_every_excerpt_once(size: int) -> None:
    groups = _groups(5, 1, 7, 2)
    total = mention_count(groups)
    assert total == 15
    pages = [page_of_mentions(groups, start, size) for start in range(0, total, size)]
    assert [i for p in pages for i in _ids(p)] == _ids(groups)


def _angles(figure: dict) -> list:
    """The annotations' text angles to 1e-9 degree, then dropped from them: plotly wraps each
    onto [-180, 180), which moves the last bits of a float."""
    out = []
    for note in figure["layout"]["annotations"]:
        out.append(round(note.pop("textangle", 0.0), 9))
    return out


def test_the_link_chart_spec_is_the_figure_streamlit_would_send(tmp_path: Path) -> None:
    """The spec made without plotly's checks is the validated figure's JSON, annotations too."""
    chart = link_chart(_dataset(tmp_path), "aqim")
    for present in (False, True):
        figure = json.loads(plotly.io.to_json(link_figure(chart, present=present), validate=False))
        spec = json.loads(plotly.io.to_json(link_spec(chart, present=present), validate=False))
        assert figure["layout"]["annotations"]
        assert _angles(spec) == _angles(figure)
        assert spec == figure
