"""The date rule on every page: a window lists the events that may fall in it, and says so;
`dates=within` keeps only the events known to lie inside it (AppTest)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import components.context
from app_runs import assert_no_error, open_file
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT
from sahel_atlas.views.map.layers import PLACES_LAYER_ID

PAGES = ("app_pages/data.py", "app_pages/timeline.py", "app_pages/map.py")
YEAR = {"from": "2013", "to": "2013"}
WITHIN = {**YEAR, "dates": "within"}
# In the fixture, 2013 holds one event known to the day and overlaps the 2010-2014 base.
BASE, RETAKEN = "aqim-base-talhandak", "timbuktu-retaken-2013"
OVERLAP_SENTENCE = "**2 events, 2013, of which 1 only may fall in 2013**"
WITHIN_SENTENCE = "**1 event known to lie in 2013, leaving out 1 that only may fall in 2013**"


def run(page: str, params: dict[str, str]) -> AppTest:
    return assert_no_error(open_file(page, params))


def header(at: AppTest) -> str:
    return at.markdown[0].value


def shown_event_ids(at: AppTest, page: str) -> set[str]:
    """The fixture's 2013 candidates that the page draws (table rows, timeline, map places)."""
    if page.endswith("data.py"):
        return set(at.dataframe[0].value["Event ID"])
    if page.endswith("timeline.py"):
        spec = at.get("plotly_chart")[0].proto.spec
        return {e for e in (BASE, RETAKEN) if e in spec}
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layer = next(x for x in deck["layers"] if x.get("id") == PLACES_LAYER_ID)
    drawn = {place["location_id"] for place in layer["data"]}
    return {e for e, place in {BASE: "talhandak", RETAKEN: "timbuktu"}.items() if place in drawn}


@pytest.fixture
def fixture_app(tiny_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tiny_data))


@pytest.mark.usefixtures("fixture_app")
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("params", "sentence", "shown"),
    [(YEAR, OVERLAP_SENTENCE, {BASE, RETAKEN}), (WITHIN, WITHIN_SENTENCE, {RETAKEN})],
    ids=["overlap", "within"],
)
def test_every_page_follows_and_states_the_date_rule(page, params, sentence, shown) -> None:
    at = run(page, params)
    assert header(at) == sentence
    assert shown_event_ids(at, page) == shown
    assert at.radio(key="f_dates").value == params.get("dates", "overlap")
    assert dict(at.query_params) == params  # the link keeps the rule, the default stays out
    assert not at.warning


@pytest.mark.usefixtures("fixture_app")
def test_the_switch_writes_the_rule_to_the_url_and_the_sentence() -> None:
    at = run("app_pages/data.py", YEAR)
    at.radio(key="f_dates").set_value("within").run()
    assert at.query_params["dates"] == "within"
    assert header(at) == WITHIN_SENTENCE
    assert set(at.dataframe[0].value["Event ID"]) == {RETAKEN}
    at.radio(key="f_dates").set_value("overlap").run()
    assert "dates" not in at.query_params
    assert header(at) == OVERLAP_SENTENCE


@pytest.mark.usefixtures("fixture_app")
@pytest.mark.parametrize("page", PAGES)
def test_a_bad_date_rule_is_dropped_with_a_notice(page: str) -> None:
    at = run(page, {**YEAR, "dates": "inside"})
    assert [w.value for w in at.warning] == ["Ignored dates=inside: not one of overlap, within."]
    assert header(at) == OVERLAP_SENTENCE
    assert "dates" not in at.query_params


@pytest.mark.usefixtures("fixture_app")
@pytest.mark.parametrize("page", PAGES)
def test_aggregated_pages_follow_the_rule_too(monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """Above the detail limit the pages draw aggregates, counted under the same rule."""
    monkeypatch.setattr(components.context, "DETAIL_LIMIT", 1)
    overlap = run(page, YEAR)
    assert header(overlap) == OVERLAP_SENTENCE
    assert "2 events match" in " ".join(c.value for c in overlap.caption)
    within = run(page, WITHIN)  # 1 event: single events again
    assert header(within) == WITHIN_SENTENCE
    assert shown_event_ids(within, page) == {RETAKEN}


# --- The curated dataset (its dates are being corrected: no exact numbers) -----------------


def count_in(sentence: str) -> int:
    return int(sentence.strip("*").split(" ", 1)[0].replace(",", ""))


def test_on_the_curated_data_within_keeps_fewer_events_all_inside_2013(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_VAR, str(PROJECT_ROOT / "data"))
    overlap = run("app_pages/data.py", YEAR)
    within = run("app_pages/data.py", WITHIN)
    assert 0 < count_in(header(within)) < count_in(header(overlap))
    assert "only may fall in 2013" in header(overlap)
    events = within.dataframe[0].value
    assert len(events) == count_in(header(within))
    assert events["Date start"].min() >= dt.date(2013, 1, 1)
    assert events["Date end"].max() <= dt.date(2013, 12, 31)
    # The spans the issue named are listed under overlap only.
    listed = set(overlap.dataframe[0].value["Title"])
    spans = {"Droukdel sentenced to death in absentia by Algerian courts",
             "AQIM extends its sway to the Sahel through the Sahara"}
    assert spans <= listed and not spans & set(events["Title"])
