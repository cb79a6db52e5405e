"""Types, statuses, places and countries resolved to codes first (`_kind`, `_place`) select
the same events as the plain clause over the texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import select, where
from sahel_atlas.query.sql import compose, kinds_sql, to_sql
from sahel_atlas.store.dataset import KIND_COLUMN, Dataset, load_dataset


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_dataset(synthesize(3000, tmp_path_factory.mktemp("codes") / "data", seed=7))


def _plain(ds: Dataset, filters: Filters) -> list[str]:
    query = compose("SELECT event_id FROM events WHERE {where} ORDER BY date_start, event_id",
                    where=to_sql(filters))
    return [e for (e,) in ds.con.cursor().execute(query.sql, query.params).fetchall()]


FILTERS = [
    Filters(types=("Battles",)),
    Filters(types=("Armed clash",)),
    Filters(types=("Battles", "Remote explosive/landmine/IED")),
    Filters(statuses=("disputed",)),
    Filters(types=("Violence against civilians",), statuses=("confirmed", "claimed")),
    Filters(types=("No such type",)),
    Filters(places=("MLI",)),
    Filters(places=("MLI", "NER"), types=("Battles",)),
    Filters(places=("XXX",)),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_codes_select_the_same_events_as_the_texts(ds, filters) -> None:
    expected = _plain(ds, filters)
    assert select(ds, filters, columns=["event_id"])["event_id"].to_pylist() == expected
    clause = where(filters, ds)
    assert (KIND_COLUMN in clause.sql) is bool(filters.types or filters.statuses)
    assert "FROM locations" not in clause.sql  # a country is its list of places


@pytest.mark.parametrize("place", ["MLI", "NER", "first location"])
def test_one_place_or_one_country_is_one_range_of_ids(ds, place) -> None:
    if place == "first location":
        place = ds.places[0][1]
    clause = where(Filters(places=(place,)), ds)
    assert clause.sql == "_place BETWEEN ? AND ?"
    lo, hi = clause.params
    inside = [loc for code, loc, country in ds.places if lo <= code <= hi]
    assert inside and all(loc == place or country == place for code, loc, country in ds.places
                          if lo <= code <= hi)
    assert len(_plain(ds, Filters(places=(place,)))) == len(_plain(ds, Filters(places=tuple(inside))))


def test_every_event_has_its_place(ds) -> None:
    con = ds.con.cursor()
    assert con.execute("SELECT count(*) FROM events WHERE (_place IS NULL) <> (location_id IS NULL)"
                       ).fetchone()[0] == 0


def test_every_event_has_a_kind(ds) -> None:
    con = ds.con.cursor()
    assert con.execute(f"SELECT count(*) FROM events WHERE {KIND_COLUMN} IS NULL").fetchone()[0] == 0
    assert len(ds.kinds) == con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT event_type, sub_event_type, status FROM events)"
    ).fetchone()[0]


KINDS = [(1, "Battles", "Armed clash", "confirmed"), (2, "Battles", "Armed clash", "claimed"),
         (3, "Riots", None, "confirmed")]


@pytest.mark.parametrize(("filters", "sql", "params"), [
    (Filters(types=("Battles",)), "_kind BETWEEN ? AND ?", (1, 2)),
    (Filters(types=("Armed clash",), statuses=("claimed",)), "_kind BETWEEN ? AND ?", (2, 2)),
    (Filters(statuses=("confirmed",)), "((1::UBIGINT << (_kind - 1)) & ?::UBIGINT) <> 0", (0b101,)),
    (Filters(types=("Nothing",)), "((1::UBIGINT << (_kind - 1)) & ?::UBIGINT) <> 0", (0,)),
])
def test_kinds_keep_what_both_filters_keep(filters, sql, params) -> None:
    assert kinds_sql(filters, KINDS) == (sql, params)


def test_more_than_64_kinds_are_looked_up_in_a_list(ds) -> None:
    kinds = [(k, f"type {k % 3}", None, "confirmed") for k in range(1, 71)]
    clause = kinds_sql(Filters(types=("type 1",)), kinds)
    assert clause.sql == "list_extract(?::BOOLEAN[], _kind)"
    assert clause.params == ([k % 3 == 1 for k in range(1, 71)],)
    # and DuckDB reads it as meant: the kept kinds only
    got = ds.con.cursor().execute(
        f"SELECT k FROM range(1, 71) t(k) WHERE {clause.sql.replace('_kind', 'k')}", list(clause.params)
    ).fetchall()
    assert [k for (k,) in got] == [k for k in range(1, 71) if k % 3 == 1]
