"""Shared filters: URL parameters in and out, the sentence, the SQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fixture_data import default_rows, write_dataset
from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.query.model import Filters, Vocabulary, is_empty, widen_bounds
from sahel_atlas.query.sentence import describe
from sahel_atlas.query.sql import to_sql
from sahel_atlas.query.url import parse_query_params, to_query_params
from sahel_atlas.text.names import short_name, short_title

D = dt.date


@pytest.fixture(scope="module")
def vocab(tiny_data: Path) -> Vocabulary:
    return Vocabulary.from_dataset(load_dataset(tiny_data))


# --- Vocabulary ----------------------------------------------------------------------------


def test_vocabulary_reads_the_dataset(vocab: Vocabulary) -> None:
    assert vocab.actors["aqim"] == "AQIM"
    assert vocab.actors["jnim"] == "JNIM"
    assert vocab.actors["isgs"] == "ISGS"  # ISGS and EIGS tie: the first listed wins
    assert vocab.actors["abdelmalek-droukdel"] == "Abdelmalek Droukdel"
    assert vocab.actors["fama"] == "Malian Armed Forces"  # "FAMa" is not all capitals
    assert "Daech" in vocab.aliases["isgs"]
    assert vocab.locations["menaka"] == "Ménaka"
    assert vocab.countries == {"MLI", "NER"}
    assert vocab.sources["src-c"] == "Ménaka sous pression"
    assert "Battles" in vocab.event_types and "Targeted killing" in vocab.event_types
    assert vocab.statuses == ("confirmed", "claimed", "disputed")
    assert vocab.bounds == (D(1990, 1, 1), D(2022, 12, 31))


@pytest.mark.parametrize(
    ("name", "kind", "aliases", "expected"),
    [
        ("Al-Qaeda in the Islamic Maghreb", "group", ["Aqim", "AQMI", "AQIM"], "AQMI"),
        ("Jama'at Nusrat al-Islam wal-Muslimin", "group", ["GSIM", "JNIM", "Nusrat"], "GSIM"),
        ("Islamic State West Africa", "group", ["ISWAP", "IS-WA", "ISWA"], "ISWA"),
        ("Ansar Dine", "group", ["Ansar Eddine"], "Ansar Dine"),
        ("Mokhtar Belmokhtar", "person", ["MBM"], "Mokhtar Belmokhtar"),
        ("Some group", "group", [], "Some group"),
    ],
)
def test_short_name_prefers_a_groups_shortest_acronym(name, kind, aliases, expected) -> None:
    assert short_name(name, kind, aliases) == expected


def test_short_title_cuts_at_a_word() -> None:
    title = "Jihadist groups in northern Mali: a chronology of two decades"
    assert short_title(title) == "Jihadist groups in northern Mali: a…"
    assert short_title("Short") == "Short"


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        (D(1995, 3, 1), D(2020, 1, 1), (D(1990, 1, 1), D(2022, 12, 31))),
        (D(1985, 6, 1), D(2020, 1, 1), (D(1985, 1, 1), D(2022, 12, 31))),
        (D(1995, 3, 1), D(2024, 2, 1), (D(1990, 1, 1), D(2024, 12, 31))),
        (None, None, (D(1990, 1, 1), D(2022, 12, 31))),
    ],
)
def test_bounds_widen_to_whole_years_of_the_events(lo, hi, expected) -> None:
    assert widen_bounds((D(1990, 1, 1), D(2022, 12, 31)), lo, hi) == expected


def test_bounds_follow_a_dataset_that_reaches_past_the_contract(tmp_path: Path) -> None:
    events = default_rows()["events"]
    events[0]["date_start"] = D(1987, 5, 1)
    ds = load_dataset(write_dataset(tmp_path, events=events))
    vocab = Vocabulary.from_dataset(ds)
    assert vocab.bounds == (D(1987, 1, 1), D(2022, 12, 31))
    assert parse_query_params({"from": "1987"}, vocab) == (Filters(date_from=D(1987, 1, 1)), [])


# --- Parsing URL parameters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Filters()),
        ({"from": "2012"}, Filters(date_from=D(2012, 1, 1))),
        ({"to": "2020"}, Filters(date_to=D(2020, 12, 31))),
        ({"from": "2013-03-01", "to": "2013-04-30"}, Filters(D(2013, 3, 1), D(2013, 4, 30))),
        ({"from": "2013-02", "to": "2013-02"}, Filters(D(2013, 2, 1), D(2013, 2, 28))),
        ({"from": " 2012 ", "to": "2012"}, Filters(D(2012, 1, 1), D(2012, 12, 31))),
        ({"actor": ["aqim", "jnim"]}, Filters(actors=("aqim", "jnim"))),
        ({"actor": "JNIM"}, Filters(actors=("jnim",))),
        ({"actor": ["Aqim", "aqim", "AQIM"]}, Filters(actors=("aqim",))),
        ({"type": ["targeted killing", "BATTLES"]}, Filters(types=("Targeted killing", "Battles"))),
        ({"place": ["mli", "Menaka"]}, Filters(places=("MLI", "menaka"))),
        ({"source": "SRC-B"}, Filters(sources=("src-b",))),
        ({"status": ["Claimed", "disputed"]}, Filters(statuses=("claimed", "disputed"))),
        ({"q": "  hostage  "}, Filters(q="hostage")),
        ({"actor": ["", "  "], "q": ""}, Filters()),
        ({"tab": "map", "event": "x"}, Filters()),  # other pages' parameters are not ours
    ],
)
def test_valid_parameters_become_filters(params, expected, vocab) -> None:
    assert parse_query_params(params, vocab) == (expected, [])


@pytest.mark.parametrize(
    ("params", "expected", "notices"),
    [
        ({"actor": ["xyz", "aqim"]}, Filters(actors=("aqim",)), ["Ignored actor=xyz: no such actor."]),
        ({"from": "20x2"}, Filters(), ["Ignored from=20x2: not a year or an ISO date."]),
        ({"from": "1850"}, Filters(), ["Ignored from=1850: outside 1990-2022."]),
        ({"to": "2031-01-01"}, Filters(), ["Ignored to=2031-01-01: outside 1990-2022."]),
        ({"to": "2013-02-30"}, Filters(), ["Ignored to=2013-02-30: not a year or an ISO date."]),
        (
            {"from": "2020", "to": "2012"},
            Filters(date_from=D(2020, 1, 1)),
            ["Ignored to=2012: before from=2020."],
        ),
        (
            {"from": ["2012", "2014"]},
            Filters(date_from=D(2012, 1, 1)),
            ["Ignored from=2014: only one 'from' is used."],
        ),
        ({"type": "Picnic"}, Filters(), ["Ignored type=Picnic: no such event type."]),
        ({"place": "FRA"}, Filters(), ["Ignored place=FRA: no such place or country code."]),
        ({"source": "src-z"}, Filters(), ["Ignored source=src-z: no such source."]),
        (
            {"status": "rumoured"},
            Filters(),
            ["Ignored status=rumoured: not one of confirmed, claimed, disputed."],
        ),
        (
            {"q": "x" * 250},
            Filters(q="x" * 200),
            ["Shortened q to its first 200 characters."],
        ),
    ],
)
def test_invalid_values_are_dropped_with_a_notice(params, expected, notices, vocab) -> None:
    assert parse_query_params(params, vocab) == (expected, notices)


ODD = ["", " ", "\x00", "'; DROP TABLE events; --", "%00", "ﬁ", "🙂", "9" * 40, "-1", "0000",
       "2012-13-01", "2012-00", "+2012", "2012.5", "1e3", "None", "[]", "\n\t", "é" * 5000]


@pytest.mark.parametrize("odd", ODD)
def test_parsing_never_raises_and_keeps_only_known_values(odd, vocab) -> None:
    params = {key: [odd, odd.upper()] for key in
              ("from", "to", "actor", "type", "place", "source", "status", "q")}
    filters, notices = parse_query_params(params, vocab)
    assert set(filters.actors) <= set(vocab.actors)
    assert set(filters.statuses) <= set(vocab.statuses)
    assert all(len(n) < 200 for n in notices)  # a notice echoes the value, not 5000 of it
    to_sql(filters)


@pytest.mark.parametrize(
    ("params", "expected", "notices"),
    [
        # A missing value is dropped silently; one that names nothing is said.
        ({"actor": ("aqim", None, 7)}, Filters(actors=("aqim",)), ["Ignored actor=7: no such actor."]),
        ({"actor": b"aqim"}, Filters(actors=("aqim",)), []),
        ({"from": 2012}, Filters(date_from=D(2012, 1, 1)), []),
        ({"q": None}, Filters(), []),
        (
            {"status": [["claimed"]]},
            Filters(),
            ["Ignored status=['claimed']: not one of confirmed, claimed, disputed."],
        ),
    ],
    ids=["tuple-with-none-and-int", "bytes", "int-year", "none", "nested-list"],
)
def test_odd_shapes_of_parameter_values_keep_what_they_name(params, expected, notices, vocab) -> None:
    assert parse_query_params(params, vocab) == (expected, notices)


def test_a_mapping_with_get_all_keeps_repeated_values(vocab) -> None:
    class QueryParams(dict):
        """Like st.query_params: item access gives the last value, get_all gives them all."""

        def __init__(self, pairs):
            super().__init__({k: v for k, v in pairs})
            self.pairs = pairs

        def get_all(self, key):
            return [v for k, v in self.pairs if k == key]

    params = QueryParams([("actor", "aqim"), ("actor", "jnim"), ("from", "2012")])
    assert parse_query_params(params, vocab) == (
        Filters(date_from=D(2012, 1, 1), actors=("aqim", "jnim")),
        [],
    )


def test_an_unreadable_mapping_gives_a_notice(vocab) -> None:
    class Broken(dict):
        def items(self):
            raise RuntimeError("boom")

    assert parse_query_params(Broken(), vocab) == (
        Filters(),
        ["Ignored the URL's parameters: not readable."],
    )


# --- Writing URL parameters ----------------------------------------------------------------


def test_query_params_are_written_short() -> None:
    filters = Filters(D(2012, 1, 1), D(2020, 12, 31), actors=("aqim", "jnim"), q="hostage")
    assert to_query_params(filters) == {
        "from": ["2012"],
        "to": ["2020"],
        "actor": ["aqim", "jnim"],
        "q": ["hostage"],
    }
    assert to_query_params(Filters()) == {}


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(date_from=D(2012, 1, 1)),
        Filters(date_to=D(2020, 12, 31)),
        Filters(D(2013, 3, 1), D(2013, 4, 30)),
        Filters(D(2012, 12, 31), D(2013, 1, 1)),  # day bounds that look like year ends
        Filters(D(1990, 1, 1), D(2022, 12, 31), actors=("jnim", "aqim")),
        Filters(types=("Battles", "Targeted killing"), places=("MLI", "menaka")),
        Filters(sources=("src-a",), statuses=("claimed", "disputed"), q="Ménaka attaque"),
    ],
)
def test_query_params_round_trip(filters, vocab) -> None:
    assert parse_query_params(to_query_params(filters), vocab) == (filters, [])


def test_filters_accept_lists_and_stay_hashable() -> None:
    filters = Filters(actors=["aqim"], q="  x ")  # type: ignore[arg-type]
    assert filters == Filters(actors=("aqim",), q="x")
    assert hash(filters) == hash(Filters(actors=("aqim",), q="x"))


@pytest.mark.parametrize(
    ("filters", "empty"),
    [(Filters(), True), (Filters(q=" "), True), (Filters(q="x"), False),
     (Filters(statuses=("claimed",)), False), (Filters(date_to=D(2020, 1, 1)), False)],
)
def test_is_empty(filters, empty) -> None:
    assert filters.is_empty() is empty
    assert is_empty(filters) is empty


# --- The sentence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "count", "sentence"),
    [
        (Filters(), 87, "All 87 events"),
        (Filters(), 1, "1 event"),
        (Filters(), 1234, "All 1,234 events"),
        (
            Filters(D(2012, 1, 1), D(2020, 12, 31), actors=("aqim", "jnim"), q="hostage"),
            14,
            "14 events, 2012-2020, AQIM or JNIM, containing 'hostage'",
        ),
        (Filters(date_from=D(2012, 1, 1)), 1, "1 event, from 2012"),
        (Filters(date_to=D(2020, 12, 31)), 0, "0 events, until 2020"),
        (Filters(D(2013, 1, 1), D(2013, 12, 31)), 3, "3 events, 2013"),
        (Filters(D(2013, 3, 1), D(2013, 4, 30)), 2, "2 events, 2013-03-01 to 2013-04-30"),
        (Filters(D(2012, 1, 1), D(2013, 4, 30)), 2, "2 events, 2012 to 2013-04-30"),
        (
            Filters(types=("Targeted killing", "Attack")),
            5,
            "5 events, of type Targeted killing or Attack",
        ),
        (Filters(places=("MLI", "timbuktu")), 5, "5 events, in Mali or Timbuktu"),
        (Filters(places=("menaka",)), 2, "2 events, in Ménaka"),
        (Filters(sources=("src-c",)), 2, "2 events, reported by Ménaka sous pression"),
        (Filters(statuses=("claimed", "disputed")), 4, "4 events, claimed or disputed"),
        (
            Filters(actors=("aqim", "jnim", "isgs", "fama", "barkhane")),
            9,
            "9 events, AQIM or JNIM or ISGS or 2 more actors",
        ),
        (Filters(actors=("abdelmalek-droukdel",)), 2, "2 events, Abdelmalek Droukdel"),
    ],
)
def test_describe_says_what_is_shown(filters, count, sentence, vocab) -> None:
    assert describe(filters, count, vocab) == sentence


# --- SQL -----------------------------------------------------------------------------------


def test_no_filter_is_true() -> None:
    assert to_sql(Filters()) == ("TRUE", ())


def test_values_are_parameters_never_sql_text() -> None:
    evil = "x'); DROP TABLE events; --"
    filters = Filters(actors=(evil,), places=(evil,), types=(evil,), statuses=(evil,), q=evil)
    sql, args = to_sql(filters)
    assert evil not in sql
    assert sql.count("?") == len(args)


def test_date_overlap_uses_both_ends() -> None:
    sql, args = to_sql(Filters(D(2012, 1, 1), D(2013, 12, 31)))
    assert sql == "date_start <= ? AND coalesce(date_end, date_start) >= ?"
    assert args == (D(2013, 12, 31), D(2012, 1, 1))


# --- The date rule: overlap (the default) or within -----------------------------------------

Y2013 = (D(2013, 1, 1), D(2013, 12, 31))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2013", "to": "2013", "dates": "within"}, Filters(*Y2013, dates="within")),
        ({"from": "2013", "to": "2013", "dates": " WITHIN "}, Filters(*Y2013, dates="within")),
        ({"from": "2013", "to": "2013", "dates": "overlap"}, Filters(*Y2013)),
        ({"from": "2013", "dates": "within"}, Filters(date_from=D(2013, 1, 1), dates="within")),
        # Without a window the rule changes nothing, so it is not kept.
        ({"dates": "within"}, Filters()),
    ],
)
def test_the_date_rule_is_read_from_the_url(params, expected, vocab) -> None:
    assert parse_query_params(params, vocab) == (expected, [])


@pytest.mark.parametrize(
    ("params", "expected", "notices"),
    [
        (
            {"from": "2013", "to": "2013", "dates": "inside"},
            Filters(*Y2013),
            ["Ignored dates=inside: not one of overlap, within."],
        ),
        (
            {"from": "2013", "to": "2013", "dates": ["within", "overlap"]},
            Filters(*Y2013, dates="within"),
            ["Ignored dates=overlap: only one 'dates' is used."],
        ),
        ({"dates": "'; DROP TABLE events; --"}, Filters(),
         ["Ignored dates='; DROP TABLE events; --: not one of overlap, within."]),
    ],
)
def test_a_bad_date_rule_is_dropped_with_a_notice(params, expected, notices, vocab) -> None:
    assert parse_query_params(params, vocab) == (expected, notices)


@pytest.mark.parametrize(
    ("filters", "params"),
    [
        (Filters(*Y2013), {"from": ["2013"], "to": ["2013"]}),
        (Filters(*Y2013, dates="within"), {"from": ["2013"], "to": ["2013"], "dates": ["within"]}),
        (
            Filters(date_to=D(2020, 6, 30), dates="within"),
            {"to": ["2020-06-30"], "dates": ["within"]},
        ),
        (Filters(actors=("aqim",), dates="within"), {"actor": ["aqim"]}),
    ],
)
def test_the_date_rule_is_written_only_when_it_matters(filters, params, vocab) -> None:
    assert to_query_params(filters) == params
    assert parse_query_params(params, vocab) == (filters, [])


def test_an_unknown_date_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="dates must be one of overlap, within"):
        Filters(*Y2013, dates="inside")


@pytest.mark.parametrize(
    ("filters", "empty"),
    [(Filters(dates="within"), True), (Filters(*Y2013, dates="within"), False)],
)
def test_a_date_rule_without_window_filters_nothing(filters, empty) -> None:
    assert filters.is_empty() is empty


@pytest.mark.parametrize(
    ("filters", "count", "uncertain", "sentence"),
    [
        (Filters(*Y2013), 19, 5, "19 events, 2013, of which 5 only may fall in 2013"),
        (Filters(*Y2013), 14, 0, "14 events, 2013"),
        (Filters(*Y2013, dates="within"), 14, 5,
         "14 events known to lie in 2013, leaving out 5 that only may fall in 2013"),
        (Filters(*Y2013, dates="within"), 1, 0, "1 event known to lie in 2013"),
        (
            Filters(D(2012, 1, 1), D(2020, 12, 31), actors=("aqim",)),
            30,
            2,
            "30 events, 2012-2020, AQIM, of which 2 only may fall in 2012-2020",
        ),
        (
            Filters(D(2013, 3, 1), D(2013, 4, 30), dates="within"),
            3,
            1,
            "3 events known to lie between 2013-03-01 and 2013-04-30, leaving out 1 that only "
            "may fall between 2013-03-01 and 2013-04-30",
        ),
        (Filters(date_from=D(2013, 1, 1)), 40, 2, "40 events, from 2013, of which 2 only may "
         "fall from 2013 on"),
        (Filters(date_to=D(2013, 12, 31), dates="within"), 9, 0,
         "9 events known to lie up to 2013"),
        # Without a window there is no rule to state, whatever the caller passes.
        (Filters(actors=("aqim",)), 16, 3, "16 events, AQIM"),
    ],
)
def test_describe_says_which_date_rule_is_in_force(
    filters, count, uncertain, sentence, vocab
) -> None:
    assert describe(filters, count, vocab, uncertain=uncertain) == sentence


@pytest.mark.parametrize(
    ("filters", "sql", "args"),
    [
        (
            Filters(*Y2013),
            "date_start <= ? AND coalesce(date_end, date_start) >= ?",
            [D(2013, 12, 31), D(2013, 1, 1)],
        ),
        (
            Filters(*Y2013, dates="within"),
            "coalesce(date_end, date_start) <= ? AND date_start >= ?",
            [D(2013, 12, 31), D(2013, 1, 1)],
        ),
        (Filters(date_from=D(2013, 1, 1), dates="within"), "date_start >= ?", [D(2013, 1, 1)]),
        (
            Filters(date_to=D(2013, 12, 31), dates="within"),
            "coalesce(date_end, date_start) <= ?",
            [D(2013, 12, 31)],
        ),
    ],
)
def test_the_date_rule_sql(filters, sql, args) -> None:
    assert to_sql(filters) == (sql, tuple(args))
    assert to_sql(filters, indexed=True) == (sql, tuple(args))
