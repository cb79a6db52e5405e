"""`events` is written in display order with the hidden codes its joins used to give, whether
the Parquet file is copied as it comes or sorted (`store/event_codes.py`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.store import event_codes
from sahel_atlas.store.dataset import (
    FAMILY_COLUMN, KIND_COLUMN, PLACE_COLUMN, SPOT_COLUMN, Dataset, load_dataset,
)
from sahel_atlas.store.event_codes import DUCKDB_ROW_GROUP, in_display_order

# The joins that gave the codes before the ENUM lookups (DB layout 6, session 4).
REFERENCE_SQL = f"""
SELECT e.event_id,
    coalesce(list_position({event_codes.FAMILIES_SQL}, a.family), 4) - 1 AS {FAMILY_COLUMN},
    s.spot AS {SPOT_COLUMN}, k.kind AS {KIND_COLUMN}, p.place AS {PLACE_COLUMN}
FROM events e
LEFT JOIN (SELECT actor_id, min(family) AS family FROM actors GROUP BY actor_id) a
    ON a.actor_id = e.actor_ids[1]
LEFT JOIN _spot s ON s.lon = e.longitude AND s.lat = e.latitude
LEFT JOIN _place p ON p.location_id = e.location_id
LEFT JOIN _kind k ON k.event_type IS NOT DISTINCT FROM e.event_type
    AND k.sub_event_type IS NOT DISTINCT FROM e.sub_event_type
    AND k.status IS NOT DISTINCT FROM e.status
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(2500, tmp_path_factory.mktemp("codes") / "data", seed=3)


def _in_order(file: Path) -> bool:
    return in_display_order(duckdb.connect(), file, f"read_parquet('{file}')")


def _edge_rows(events: pa.Table) -> pa.Table:
    """Copies of the first rows with what the lookups must treat as the joins did: missing
    types, statuses and coordinates, -0.0, an unknown or missing first actor, an unknown or
    missing place."""
    rows = events.slice(0, 8).to_pylist()
    edits = [
        {"event_type": None}, {"sub_event_type": None, "status": None},
        {"latitude": None, "longitude": None}, {"longitude": -0.0, "latitude": 0.0},
        {"actor_ids": ["no-such-actor"]}, {"actor_ids": []},
        {"location_id": "no-such-place"}, {"location_id": None},
    ]
    for i, (row, edit) in enumerate(zip(rows, edits)):
        row.update(edit, event_id=f"edge-{i}")
    return pa.Table.from_pylist(rows, schema=events.schema)


def _write_events(data: Path, out: Path, order: str, row_group: int) -> Path:
    """`data` with its events file rewritten: in display order or shuffled, in row groups of
    `row_group` rows."""
    out.mkdir()
    for file in data.iterdir():
        if file.is_file():
            (out / file.name).write_bytes(file.read_bytes())
    events = pq.read_table(data / "events.parquet")
    events = pa.concat_tables([events, _edge_rows(events)])
    keys = [("date_start", "ascending"), ("event_id", "ascending")]
    events = events.take(pc.sort_indices(events, sort_keys=keys))
    if order == "shuffled":
        events = events.take(pa.array(list(range(events.num_rows))[::-1]))
    pq.write_table(events, out / "events.parquet", row_group_size=row_group)
    return out


# (order, row group, copied as it comes): 700-row groups are sorted like a shuffled file.
CASES = [("display", 10_000, True), ("shuffled", 10_000, False), ("display", 700, False)]


@pytest.mark.parametrize(("order", "row_group", "as_it_comes"), CASES)
def test_codes_equal_the_joins_and_rows_are_in_display_order(synthetic, tmp_path, order, row_group,
                                                                   as_it_comes) -> None:
    data = _write_events(synthetic, tmp_path / "data", order, row_group)
    assert _in_order(data / "events.parquet") is as_it_comes
    ds: Dataset = load_dataset(data)
    con = ds.con.cursor()
    columns = [FAMILY_COLUMN, SPOT_COLUMN, KIND_COLUMN, PLACE_COLUMN]
    got = con.execute(f"SELECT event_id, {', '.join(columns)} FROM events ORDER BY event_id").fetchall()
    expected = con.execute(f"SELECT * FROM ({REFERENCE_SQL}) ORDER BY event_id").fetchall()
    assert got == expected
    edges = dict(con.execute(f"SELECT event_id, [{', '.join(columns)}] FROM events "
                             "WHERE event_id LIKE 'edge-%'").fetchall())
    assert edges["edge-2"][1] is None  # no coordinates, no spot
    assert edges["edge-4"][0] == edges["edge-5"][0] == 3  # "other"
    assert edges["edge-6"][3] is not None and edges["edge-7"][3] is None
    ids = [i for (i,) in con.execute("SELECT event_id FROM events ORDER BY rowid").fetchall()]
    shown = con.execute("SELECT event_id FROM events ORDER BY date_start, event_id").fetchall()
    assert ids == [i for (i,) in shown]


def _dates_file(path: Path, rows: int, row_group: int, edit: str = "") -> Path:
    start = dt.date(2000, 1, 1)
    dates = [start + dt.timedelta(days=i // 50) for i in range(rows)]
    ids = [f"e{i:07d}" for i in range(rows)]
    if edit == "swap":
        ids[rows // 2], ids[rows // 2 + 1] = ids[rows // 2 + 1], ids[rows // 2]
    if edit == "repeat":
        ids[rows // 2 + 1] = ids[rows // 2]
    if edit == "null date":
        dates[rows - 1] = None
    table = pa.table({"event_id": ids, "date_start": pa.array(dates, pa.date32())})
    pq.write_table(table, path, row_group_size=row_group)
    return path


@pytest.mark.parametrize(("rows", "row_group", "edit", "expected"), [
    (1000, 1000, "", True),
    (2 * DUCKDB_ROW_GROUP + 5, DUCKDB_ROW_GROUP, "", True),
    (2 * DUCKDB_ROW_GROUP + 5, 2 * DUCKDB_ROW_GROUP, "", True),
    (2 * DUCKDB_ROW_GROUP + 5, 131_072, "", False),  # a partial DuckDB group per file group
    (1000, 1000, "swap", False),
    (1000, 1000, "repeat", False),
    (1000, 1000, "null date", False),
])
def test_a_file_is_copied_as_it_comes_only_in_display_order_and_whole_groups(
        tmp_path, rows, row_group, edit, expected) -> None:
    file = _dates_file(tmp_path / "events.parquet", rows, row_group, edit)
    assert _in_order(file) is expected
