"""The streamed export's column-wise CSV rows: exactly the bytes of a cell-by-cell formatting."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from sahel_atlas.export.csv_file import readable_events, to_csv_bytes
from sahel_atlas.export.csv_rows import event_lookups, event_rows
from sahel_atlas.store.dataset import Dataset, load_dataset, to_frame

D = dt.date
BOM = b"\xef\xbb\xbf"

BASE = {
    "event_id": "e1",
    "title": "A raid",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "date_start": D(2020, 6, 3),
    "date_end": D(2020, 6, 3),
    "date_precision": "day",
    "location_id": "menaka",
    "latitude": 15.92,
    "longitude": 2.4,
    "actor_ids": ["aqim", "jnim"],
    "status": "confirmed",
    "description": "Plain text.",
    "fatalities": 4,
    "source_ids": ["src-a"],
    "excerpt_ids": ["src-a:1-20"],
    "origin": None,
}

TRICKY = {
    "formula title": {"title": "=HYPERLINK(\"http://127.0.0.1/x\",\"Gao\")"},
    "plus": {"title": "+33 6 12"},
    "minus": {"description": "-2 dead"},
    "at": {"sub_event_type": "@SUM(A1)"},
    "tab start": {"title": "\tx"},
    "cr start": {"title": "\rx"},
    "bare cr": {"description": "one\rtwo"},
    "crlf": {"description": "one\r\ntwo\r\n"},
    "lf": {"description": "one\ntwo"},
    "quotes": {"title": 'He said "go"', "description": '"quoted", then a comma'},
    "comma id": {"event_id": "e,1"},
    "accents": {"title": "Ménaka — Tillabéri, Niger ✓", "description": "Kidal’s «market»"},
    "empty text": {"title": "", "description": None},
    "empty lists": {"actor_ids": [], "source_ids": [], "excerpt_ids": []},
    "null lists": {"actor_ids": None, "source_ids": None, "excerpt_ids": None},
    "none in lists": {"actor_ids": ["aqim", None, "isgs"], "excerpt_ids": [None]},
    "unknown ids": {"actor_ids": ["no-such-actor", "=evil"], "source_ids": ["src-zz"]},
    "list formula": {"actor_ids": ["-x", "aqim"], "excerpt_ids": ["+1"]},
    "missing fatalities": {"fatalities": None},
    "zero fatalities": {"fatalities": 0},
    "coordinates of the place": {"latitude": None, "longitude": None},
    "nan coordinates": {"latitude": math.nan, "longitude": math.nan},
    "no place, no coordinates": {"location_id": None, "latitude": None, "longitude": None},
    "unknown place": {"location_id": "atlantis", "latitude": None},
    "round coordinates": {"latitude": 16.0, "longitude": -3.5},
    "month": {"date_start": D(2020, 3, 1), "date_end": D(2020, 3, 31), "date_precision": "month"},
    "year": {"date_start": D(2016, 1, 1), "date_end": D(2016, 12, 31), "date_precision": "year"},
    "span of years": {"date_start": D(2010, 1, 1), "date_end": D(2014, 12, 31), "date_precision": "span"},
    "span of months": {"date_start": D(2019, 1, 1), "date_end": D(2019, 3, 31), "date_precision": "span"},
    "span of days": {"date_start": D(2019, 1, 5), "date_end": D(2019, 2, 9), "date_precision": "span"},
    "undated": {"date_start": None, "date_end": None, "date_precision": None},
    "no end": {"date_end": None, "date_precision": "span"},
    "no precision": {"date_precision": None},
    "old year": {"date_start": D(990, 1, 1), "date_end": D(990, 12, 31), "date_precision": "year"},
}


@pytest.fixture(scope="module")
def ds(tiny_data: Path) -> Dataset:
    return load_dataset(tiny_data)


def events_table(ds: Dataset, changes: list[dict]) -> pa.Table:
    rows = [{**BASE, "event_id": f"e{i}", **change} for i, change in enumerate(changes)]
    return pa.Table.from_pylist(rows, schema=ds.arrow["events"].schema)


def reference_cell(value: object) -> object:
    """The export's cell rules, spelled out one cell at a time."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value if v is not None)
    elif value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    elif isinstance(value, dt.date):
        return value.isoformat()
    elif not isinstance(value, str):
        return value
    guarded = "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
    return guarded.replace("\r\n", "\n").replace("\r", "\n")


def reference_rows(ds: Dataset, events: pa.Table) -> bytes:
    """`readable_events`' rows through Python's csv writer, cell by cell."""
    frame = readable_events(ds, to_frame(events))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in frame.astype(object).itertuples(index=False):
        writer.writerow([reference_cell(None if v is pd.NA else v) for v in row])
    return out.getvalue().encode()



@pytest.mark.parametrize("change", list(TRICKY.values()), ids=list(TRICKY))
def test_a_tricky_row_is_written_as_cell_by_cell(ds: Dataset, change: dict) -> None:
    events = events_table(ds, [change])
    data = event_rows(event_lookups(ds), events)
    assert data == reference_rows(ds, events)
    exported = to_csv_bytes(readable_events(ds, to_frame(events)))
    assert BOM + exported[len(BOM):].split(b"\n", 1)[0] + b"\n" + data == exported


def test_all_tricky_rows_in_one_batch_and_in_slices(ds: Dataset) -> None:
    events = events_table(ds, list(TRICKY.values()))
    lookups = event_lookups(ds)
    whole = event_rows(lookups, events)
    assert whole == reference_rows(ds, events)
    # A batch from a reader is a slice of bigger buffers: the bytes must not leak across.
    sliced = b"".join(event_rows(lookups, b) for b in events.to_batches(max_chunksize=7))
    assert sliced == whole
    assert event_rows(lookups, events.slice(3, 5)) == reference_rows(ds, events.slice(3, 5))


def test_the_written_cells_read_back(ds: Dataset) -> None:
    events = events_table(ds, [TRICKY["crlf"], TRICKY["quotes"], TRICKY["formula title"]])
    rows = list(csv.reader(io.StringIO(event_rows(event_lookups(ds), events).decode())))
    assert [r[15] for r in rows] == ["one\ntwo\n", '"quoted", then a comma', "Plain text."]
    assert rows[2][5] == "'=HYPERLINK(\"http://127.0.0.1/x\",\"Gao\")"
    assert rows[0][12] == "Al-Qaeda in the Islamic Maghreb; Jama'at Nusrat al-Islam wal-Muslimin"


def test_no_events_no_rows(ds: Dataset) -> None:
    assert event_rows(event_lookups(ds), events_table(ds, [])) == b""
