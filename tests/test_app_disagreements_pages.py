"""The Disagreements page turns a long list of contested events a page at a time."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import components.disagreements
from app_runs import assert_no_error, open_file

PAGE = "app_pages/disagreements.py"


def headings(at: AppTest) -> list[str]:
    return [m.value[4:] for m in at.markdown if m.value.startswith("### ")]


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_the_curated_list_shows_every_contested_event_without_pages() -> None:
    at = assert_no_error(open_file(PAGE))
    assert len(headings(at)) == 9
    assert not [n for n in at.number_input if "contested" in n.label]
    assert "Showing events" not in captions(at)


@pytest.mark.parametrize("per_page", [2, 4, 8])
def test_every_contested_event_is_on_exactly_one_page_in_order(
    monkeypatch: pytest.MonkeyPatch, per_page: int
) -> None:
    everything = headings(assert_no_error(open_file(PAGE)))
    monkeypatch.setattr(components.disagreements, "EVENTS_PER_PAGE", per_page)
    at = assert_no_error(open_file(PAGE))
    pages = -(-len(everything) // per_page)
    control = next(n for n in at.number_input if "contested" in n.label)
    assert control.label == f"Page of contested events (1 to {pages})"
    seen: list[str] = []
    for page in range(1, pages + 1):
        control.set_value(page)
        at = assert_no_error(at.run())
        control = next(n for n in at.number_input if "contested" in n.label)
        shown = headings(at)
        start = (page - 1) * per_page + 1
        assert f"Showing events {start}–{start + len(shown) - 1} of {len(everything)}" in captions(at)
        assert len(shown) == min(per_page, len(everything) - start + 1)
        seen += shown
    assert seen == everything
