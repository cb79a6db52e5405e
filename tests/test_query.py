"""Running the filters on the fixture dataset: which events a user sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sahel_atlas.store.dataset import Dataset, load_dataset
from sahel_atlas.query.model import Filters, Vocabulary
from sahel_atlas.query.sentence import describe
from sahel_atlas.query.url import parse_query_params
from sahel_atlas.query.run import apply, touched
from sahel_atlas.contract.schema import TABLES
from sahel_atlas.contract.validate import validate

D = dt.date


@pytest.fixture(scope="module")
def ds(tiny_data: Path) -> Dataset:
    return load_dataset(tiny_data)


def ids(ds: Dataset, filters: Filters) -> list[str]:
    return apply(ds, filters)["event_id"].tolist()


def test_the_fixture_dataset_is_valid(tiny_data: Path) -> None:
    assert validate(tiny_data) == []


def test_no_filter_returns_every_event_oldest_first(ds: Dataset) -> None:
    frame = apply(ds, Filters())
    assert len(frame) == len(ds.events) == 10
    assert list(frame.columns) == TABLES["events"].names
    assert frame["date_start"].is_monotonic_increasing
    assert frame.loc[0, "event_id"] == "aqim-base-talhandak"
    assert isinstance(frame.loc[0, "actor_ids"], list)
    assert isinstance(frame.loc[0, "date_start"], dt.date)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Overlap: the 2010-2014 span belongs to any range that touches it.
        (Filters(D(2013, 1, 1), D(2013, 12, 31)), ["aqim-base-talhandak", "timbuktu-retaken-2013"]),
        (Filters(date_from=D(2014, 12, 31), date_to=D(2015, 6, 1)), ["aqim-base-talhandak"]),
        (Filters(date_from=D(2015, 1, 1), date_to=D(2015, 12, 31)), []),
        (Filters(date_to=D(2009, 12, 31)), []),
        # A month-precision event (April 2012) matches a day inside that month.
        (Filters(D(2012, 4, 15), D(2012, 4, 15)), ["aqim-base-talhandak", "timbuktu-taken-2012"]),
        # A span ending in June 2018 matches from June, not from July.
        (Filters(date_from=D(2018, 6, 30), date_to=D(2018, 12, 31)), ["menaka-attacks-2018"]),
        (Filters(date_from=D(2018, 7, 1), date_to=D(2018, 12, 31)), []),
        (Filters(date_from=D(2020, 6, 1)), ["droukdel-killed-2020"]),
    ],
)
def test_dates_match_by_overlap(ds, filters, expected) -> None:
    assert ids(ds, filters) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(actors=("jnim",)), ["jnim-founded-2017", "isgs-jnim-clash-2020"]),
        (
            Filters(actors=("fama", "abdelmalek-droukdel")),
            ["timbuktu-retaken-2013", "statement-2016", "droukdel-killed-2020"],
        ),
        (Filters(types=("Armed clash",)), ["tillaberi-ambushes-2019", "isgs-jnim-clash-2020"]),
        (
            Filters(types=("Battles",)),
            ["timbuktu-taken-2012", "timbuktu-retaken-2013", "tillaberi-ambushes-2019",
             "isgs-jnim-clash-2020"],
        ),
        (
            Filters(types=("Targeted killing", "Attack")),
            ["menaka-attacks-2018", "droukdel-killed-2020"],
        ),
        (Filters(places=("NER",)), ["niamey-abduction-2011", "tillaberi-ambushes-2019"]),
        (
            Filters(places=("menaka", "timbuktu")),
            ["timbuktu-taken-2012", "timbuktu-retaken-2013", "menaka-attacks-2018",
             "isgs-jnim-clash-2020"],
        ),
        (
            Filters(places=("niamey", "MLI")),
            ["aqim-base-talhandak", "niamey-abduction-2011", "timbuktu-taken-2012",
             "timbuktu-retaken-2013", "menaka-attacks-2018", "isgs-jnim-clash-2020",
             "droukdel-killed-2020"],
        ),
        (Filters(sources=("src-c",)), ["statement-2016", "menaka-attacks-2018"]),
        (Filters(statuses=("disputed",)), ["menaka-attacks-2018", "droukdel-killed-2020"]),
        (
            Filters(D(2012, 1, 1), D(2020, 12, 31), actors=("aqim", "jnim"), statuses=("confirmed",)),
            ["aqim-base-talhandak", "timbuktu-taken-2012", "jnim-founded-2017",
             "isgs-jnim-clash-2020"],
        ),
        (Filters(actors=("no-such-actor",)), []),
    ],
)
def test_each_filter_narrows_the_events(ds, filters, expected) -> None:
    assert ids(ds, filters) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("menaka", ["menaka-attacks-2018", "isgs-jnim-clash-2020"]),  # title "Ménaka", place
        ("MÉNAKA", ["menaka-attacks-2018", "isgs-jnim-clash-2020"]),
        ("inates", ["tillaberi-ambushes-2019"]),  # only in an excerpt: "near Inatès"
        ("hostage", ["niamey-abduction-2011"]),  # description
        ("daech", ["menaka-attacks-2018", "tillaberi-ambushes-2019", "isgs-jnim-clash-2020"]),
        ("Abu Musab", ["statement-2016", "droukdel-killed-2020"]),  # an actor's alias
        ("tombouctou", ["timbuktu-taken-2012", "timbuktu-retaken-2013"]),  # a place's alias
        ("menaçant la", ["statement-2016"]),
        ("100%", []),  # LIKE wildcards are plain characters
        ("_", []),
        ("x'); DROP TABLE events; --", []),
    ],
)
def test_search_ignores_case_and_accents(ds, q, expected) -> None:
    assert ids(ds, Filters(q=q)) == expected


def test_an_empty_result_keeps_the_columns(ds: Dataset) -> None:
    frame = apply(ds, Filters(q="nothing matches this"))
    assert frame.empty
    assert list(frame.columns) == TABLES["events"].names
    assert frame["actor_ids"].dtype == object


def test_url_to_sentence_and_rows_agree(ds: Dataset) -> None:
    vocab = Vocabulary.from_dataset(ds)
    filters, notices = parse_query_params(
        {"from": "2018", "to": "2020", "actor": ["ISGS", "bogus"], "place": "mli"}, vocab
    )
    frame = apply(ds, filters)
    assert notices == ["Ignored actor=bogus: no such actor."]
    assert frame["event_id"].tolist() == ["menaka-attacks-2018", "isgs-jnim-clash-2020"]
    assert describe(filters, len(frame), vocab) == "2 events, 2018-2020, ISGS, in Mali"


def test_touched_lists_what_the_events_involve(ds: Dataset) -> None:
    events = apply(ds, Filters(actors=("iyad-ag-ghaly",)))
    found = touched(ds, events)
    assert set(found) == {"actors", "locations", "relations", "excerpts"}
    assert sorted(found["actors"]["actor_id"]) == ["aqim", "iyad-ag-ghaly", "jnim"]
    assert found["locations"]["location_id"].tolist() == ["timbuktu"]
    # "Either" end: Droukdel and ISGS are not in these events, their relations to AQIM and
    # JNIM still are; Barkhane-ISGS touches neither.
    assert sorted(found["relations"]["relation_id"]) == [
        "droukdel-leads-aqim",
        "isgs-rival-jnim",
        "iyad-leads-jnim",
    ]
    cited = {x for ids_ in events["excerpt_ids"] for x in ids_}
    assert set(found["excerpts"]["excerpt_id"]) == cited


def test_touched_by_no_events_is_empty_frames(ds: Dataset) -> None:
    found = touched(ds, apply(ds, Filters(q="nothing matches this")))
    assert all(frame.empty for frame in found.values())
    assert list(found["actors"].columns) == TABLES["actors"].names


def test_filter_options_offer_what_the_data_uses(tiny_data) -> None:
    from sahel_atlas.store.dataset import load_dataset
    from sahel_atlas.query.options import filter_options

    ds = load_dataset(tiny_data)
    options = filter_options(ds)
    counts = ds.events["actor_ids"].explode().value_counts()
    assert options["actors"][0] == counts.idxmax()  # the most active actor first
    assert set(options["actors"]) == set(ds.actors["actor_id"])
    assert set(ds.events["sub_event_type"]) <= set(options["types"])
    countries = sorted(set(ds.locations["country_iso3"]))
    assert sorted(options["places"][: len(countries)]) == countries
    assert set(options["places"][len(countries):]) == set(ds.locations["location_id"])
    assert options["sources"] == sorted(ds.sources["source_id"])


# --- The date rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # The 2010-2014 base overlaps 2013 but is not known to lie in it.
        (Filters(D(2013, 1, 1), D(2013, 12, 31)), ["aqim-base-talhandak", "timbuktu-retaken-2013"]),
        (Filters(D(2013, 1, 1), D(2013, 12, 31), dates="within"), ["timbuktu-retaken-2013"]),
        # The 2018 span (January-June) lies within 2018, the whole year 2019 within 2019.
        (Filters(D(2018, 1, 1), D(2019, 12, 31), dates="within"),
         ["menaka-attacks-2018", "tillaberi-ambushes-2019"]),
        (Filters(D(2018, 3, 1), D(2019, 6, 30)),
         ["menaka-attacks-2018", "tillaberi-ambushes-2019"]),
        (Filters(D(2018, 3, 1), D(2019, 6, 30), dates="within"), []),
        (Filters(date_to=D(2011, 12, 31), dates="within"), ["niamey-abduction-2011"]),
        (Filters(date_from=D(2020, 1, 1), dates="within"),
         ["isgs-jnim-clash-2020", "droukdel-killed-2020"]),
    ],
)
def test_the_date_rule_selects_the_events(ds: Dataset, filters: Filters, expected) -> None:
    assert ids(ds, filters) == expected


def test_within_keeps_only_events_whose_every_possible_day_is_in_the_window(ds: Dataset) -> None:
    window = (D(2010, 6, 1), D(2018, 12, 31))
    overlap = apply(ds, Filters(*window))
    within = apply(ds, Filters(*window, dates="within"))
    assert set(within["event_id"]) < set(overlap["event_id"])
    spans = zip(within["date_start"], within["date_end"])
    assert all(window[0] <= s and e <= window[1] for s, e in spans)
    left_out = overlap[~overlap["event_id"].isin(within["event_id"])]
    spans = zip(left_out["date_start"], left_out["date_end"])
    assert all(s < window[0] or e > window[1] for s, e in spans)
