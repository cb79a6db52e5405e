"""The actor bitmap (`events._actor_bits`): the same rows as the list path, columns unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.export.csv_file import readable_events, to_csv_bytes
from sahel_atlas.query import aggregate as ag
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import count, select
from sahel_atlas.query.sql import actors_sql, compose, to_sql
from sahel_atlas.store.dataset import ACTOR_BITS, BITS_COLUMN, Dataset, load_dataset, to_frame
from sahel_atlas.views.profile.events import actor_clause, actor_event_count, actor_events, events_of, origin_tally

D = dt.date
# Events given no actor at all: an empty list and a missing one.
NO_ACTORS = (5, 11)


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    data = synthesize(10_000, tmp_path_factory.mktemp("bits") / "data", seed=3)
    path = data / "events.parquet"
    table = pq.read_table(path)
    ids = table["actor_ids"].to_pylist()
    ids[NO_ACTORS[0]], ids[NO_ACTORS[1]] = [], None
    index = table.schema.get_field_index("actor_ids")
    table = table.set_column(index, "actor_ids", pa.array(ids, table.schema.field("actor_ids").type))
    pq.write_table(table, path)
    return load_dataset(data)


@pytest.fixture(scope="module")
def ranked(ds: Dataset) -> list[str]:
    """Every actor of an event, most events first, ties by id (the bitmap's order)."""
    rows = ds.con.cursor().execute(
        "SELECT a, count(DISTINCT event_id) AS n FROM "
        "(SELECT event_id, unnest(actor_ids) AS a FROM events) WHERE a IS NOT NULL "
        "GROUP BY a ORDER BY n DESC, a"
    ).fetchall()
    return [a for a, _ in rows]


def _list_path(ds: Dataset, filters: Filters) -> list[str]:
    """The event ids the un-indexed clause (`list_has_any(actor_ids, ...)`) selects."""
    query = compose("SELECT event_id FROM events WHERE {where} ORDER BY date_start, event_id",
                    where=to_sql(filters))
    return [e for (e,) in ds.con.cursor().execute(query.sql, query.params).fetchall()]


def test_the_synthetic_dataset_has_more_actors_than_bits(ranked) -> None:
    assert len(ranked) > ACTOR_BITS + 5


def test_the_busiest_actors_are_numbered_by_events_then_id(ds, ranked) -> None:
    assert ds.actor_bits == {a: bit for bit, a in enumerate(ranked[:ACTOR_BITS])}


def test_an_event_without_actors_has_no_bits(ds) -> None:
    rows = ds.con.cursor().execute(
        f"SELECT rowid, {BITS_COLUMN} FROM events WHERE actor_ids IS NULL OR len(actor_ids) = 0"
    ).fetchall()
    assert len(rows) >= len(NO_ACTORS)
    assert all(bits == 0 for _, bits in rows)
    assert count(ds, Filters(actors=("nobody",))) == 0


# Which actors (by rank) a filter names: in the bitmap, the last bit, outside it, mixed.
PICKS = {
    "busiest": [0],
    "three in": [1, 4, 15],
    "last bit": [ACTOR_BITS - 1],
    "first outside": [ACTOR_BITS],
    "two outside": [ACTOR_BITS + 1, ACTOR_BITS + 4],
    "mixed": [2, ACTOR_BITS + 2],
    "mixed, unknown id": [0, "nobody"],
}
OTHERS = {
    "alone": Filters(),
    "dates": Filters(D(2005, 1, 1), D(2015, 12, 31)),
    "types and status": Filters(types=("Battles", "Violence against civilians"), statuses=("confirmed",)),
    "search": Filters(q="attack"),
}


def _filters(ranked: list[str], pick: list, others: Filters) -> Filters:
    actors = tuple(ranked[p] if isinstance(p, int) else p for p in pick)
    return dataclasses.replace(others, actors=actors)


@pytest.mark.parametrize("others", OTHERS.values(), ids=OTHERS.keys())
@pytest.mark.parametrize("pick", PICKS.values(), ids=PICKS.keys())
def test_the_bitmap_selects_exactly_the_rows_of_the_list_path(ds, ranked, pick, others) -> None:
    filters = _filters(ranked, pick, others)
    expected = _list_path(ds, filters)
    assert select(ds, filters, columns=["event_id"])["event_id"].to_pylist() == expected
    assert count(ds, filters) == len(expected)
    page = select(ds, filters, columns=["event_id"], offset=3, limit=20)["event_id"].to_pylist()
    assert page == expected[3:23]


@pytest.mark.parametrize("pick", PICKS.values(), ids=PICKS.keys())
def test_the_aggregates_agree_with_the_subquery_path(ds, ranked, pick) -> None:
    # On a bare connection the clause has no bits: today's `_event_actor` subquery.
    filters = _filters(ranked, pick, Filters(D(2000, 1, 1), D(2020, 12, 31)))
    grid = ag.grid_cells(ds, filters, cell_deg=1.0)
    assert grid.equals(ag.grid_cells(ds.con, filters, cell_deg=1.0))
    months = ag.counts_per_period(ds, filters, "month", by="family")
    assert months.equals(ag.counts_per_period(ds.con, filters, "month", by="family"))
    assert int(grid["events"].sum()) + grid.attrs["unplaced_events"] == len(_list_path(ds, filters))


@pytest.mark.parametrize(
    ("pick", "bits", "rowid"),
    [([0, 3], True, False), ([ACTOR_BITS], False, True), ([0, ACTOR_BITS], True, True)],
)
def test_the_clause_reads_the_bitmap_only_for_actors_in_it(ds, ranked, pick, bits, rowid) -> None:
    actors = tuple(ranked[p] for p in pick)
    clause = actors_sql(actors, indexed=True, bits=ds.actor_bits)
    assert (BITS_COLUMN in clause.sql) is bits
    assert ("_event_actor" in clause.sql) is rowid
    # Un-indexed (plain frames, any DuckDB database): the list path, unchanged.
    assert actors_sql(actors, indexed=False) == ("list_has_any(actor_ids, ?::VARCHAR[])", (list(actors),))


@pytest.mark.parametrize("rank", [0, ACTOR_BITS - 1, ACTOR_BITS, ACTOR_BITS + 3])
def test_a_profile_reads_the_same_events_of_its_actor(ds, ranked, rank) -> None:
    actor = ranked[rank]
    expected = _list_path(ds, Filters(actors=(actor,)))
    assert sorted(events_of(ds, actor)["event_id"]) == sorted(expected)
    filters = Filters(D(2005, 1, 1), D(2018, 12, 31))
    within = _list_path(ds, dataclasses.replace(filters, actors=(actor,)))
    assert actor_events(ds, filters, actor)["event_id"].tolist() == within
    assert actor_event_count(ds, filters, actor) == len(within)
    assert sum(n for _, n, *_ in origin_tally(ds, actor)) == len(expected)
    # The profile's charts: `within` its actor, as the filters' own actor clause would select.
    listed = dataclasses.replace(filters, actors=(actor,))
    cells = ag.grid_cells(ds, filters, cell_deg=1.0, within=actor_clause(ds, actor))
    assert cells.equals(ag.grid_cells(ds.con, listed, cell_deg=1.0))
    months = ag.counts_per_period(ds, filters, "year", by="family", within=actor_clause(ds, actor))
    assert months.equals(ag.counts_per_period(ds.con, listed, "year", by="family"))


def test_tables_and_frames_keep_the_contract_columns(ds) -> None:
    contract = pq.read_schema(ds.path / "events.parquet").names
    assert BITS_COLUMN not in contract
    assert select(ds, Filters()).column_names == contract
    assert select(ds, Filters(actors=("x",)), limit=5).column_names == contract
    assert list(ds.rows("events", "TRUE").columns) == contract
    actor = next(iter(ds.actor_bits))
    assert list(actor_events(ds, Filters(), actor, limit=3).columns) == contract
    assert list(events_of(ds, actor).columns) == contract


def test_the_export_keeps_its_columns_and_bytes(ds, ranked) -> None:
    filters = Filters(actors=(ranked[0], ranked[ACTOR_BITS]))
    out = io.BytesIO()
    ag.write_csv(ds, filters, out, chunk_rows=400)
    frame = to_frame(select(ds, filters))
    assert out.getvalue() == to_csv_bytes(readable_events(ds, frame))
    assert BITS_COLUMN not in out.getvalue().split(b"\n", 1)[0].decode("utf-8-sig")


def test_a_dataset_of_hundreds_of_actors_numbers_only_the_busiest() -> None:
    # 1,000 actors: more than a bit number's type could hold before the busiest are kept.
    # An actor named twice by one event counts once (a7 is listed twice in some events).
    import duckdb

    from sahel_atlas.store.dataset import _actor_bits_sql, _bits_sql

    con = duckdb.connect()
    con.execute("CREATE TABLE src AS SELECT i, ['a' || (i % 1000), 'a' || (i % 7), "
                "CASE WHEN i % 3 = 0 THEN 'a' || (i % 7) END, NULL] AS actor_ids "
                "FROM range(20000) t(i) ORDER BY i")
    con.execute(_actor_bits_sql("src"))
    con.execute(f"CREATE TABLE events AS SELECT *, {_bits_sql(con)} AS {BITS_COLUMN} FROM src e")
    bits = dict(con.execute("SELECT actor_id, bit FROM _actor_bit").fetchall())
    assert len(bits) == ACTOR_BITS and sorted(bits.values()) == list(range(ACTOR_BITS))
    assert [a for a, b in sorted(bits.items(), key=lambda x: x[1])][:7] == [f"a{i}" for i in range(7)]
    assert con.execute(f"SELECT count(*) FROM events WHERE {BITS_COLUMN} = 0").fetchone()[0] == 0
    # Each event's bits are exactly those of its actors that have one.
    expected = {i: sum({1 << bits[a] for a in (f"a{i % 1000}", f"a{i % 7}") if a in bits})
                for i in range(20000)}
    got = dict(con.execute(f"SELECT i, {BITS_COLUMN} FROM events").fetchall())
    assert got == expected
