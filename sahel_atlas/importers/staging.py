"""The staged rows: every export row mapped to one common form, held in DuckDB (on disk)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

MEMORY_VAR = "SAHEL_ATLAS_IMPORT_MEMORY"  # DuckDB's memory cap for an import, e.g. "512MB"
DEFAULT_MEMORY = "1GB"
S = pa.string()
# What a source mapper (acled.py, ucdp.py) returns per good row; `seq`, `file_no` and `row`
# are added here. Actors come in two slots, each with its associated actors as a `;` list.
STAGED = pa.schema(
    [
        ("seq", pa.int64()),  # order of reading, over every file: decides "first"
        ("file_no", pa.int32()),
        ("row", pa.int64()),  # spreadsheet row number in its file
        ("event_id", S),  # prefixed: acled-MLI1234, ucdp-123456
        ("version", pa.int64()),  # ACLED's `timestamp` (newest wins across files); null if none
        ("ref", S),  # the export's own id
        ("title", S),
        ("event_type", S),
        ("sub_event_type", S),
        ("date_text", S),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", S),
        ("country", S),
        ("iso3", S),
        ("admin1", S),
        ("admin2", S),
        ("admin3", S),
        ("place", S),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("place_precision", S),
        ("radius_km", pa.float64()),
        ("fatalities", pa.int64()),
        ("fatalities_low", pa.int64()),
        ("fatalities_high", pa.int64()),
        ("status", S),
        ("notes", S),  # the excerpt text: ACLED notes, UCDP where_description
        ("description", S),
        ("citation", S),
        ("actor1", S),
        ("actor1_kind", S),
        ("actor1_hint", S),  # family from the actor's type, e.g. state-forces; null if none
        ("actor1_role", S),
        ("assoc1", S),
        ("actor2", S),
        ("actor2_kind", S),
        ("actor2_hint", S),
        ("actor2_role", S),
        ("assoc2", S),
    ]
)
MAPPED = [name for name in STAGED.names if name not in ("seq", "file_no", "row")]
# Columns that must agree between rows sharing an event id in one file (actors may differ: one
# row per actor). Dates are compared as dates: "29-Jul-18" and "29 July 2018" are one day.
EVENT_COLUMNS = (
    "event_type", "sub_event_type", "date_start", "date_end", "date_precision", "iso3",
    "admin1", "admin2", "admin3", "place", "latitude", "longitude", "place_precision",
    "fatalities", "fatalities_low", "fatalities_high", "notes",
)


def _duck_type(t: pa.DataType) -> str:
    return {
        pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.int32(): "INTEGER",
        pa.float64(): "DOUBLE", pa.date32(): "DATE", pa.bool_(): "BOOLEAN",
    }[t]


class Stage:
    """A DuckDB database for one import; memory-capped, spilling to the work folder."""

    def __init__(self, work: Path, memory_limit: str | None = None):
        memory_limit = memory_limit or os.environ.get(MEMORY_VAR, DEFAULT_MEMORY)
        # In memory (faster than a database file here), but capped: past the cap DuckDB
        # spills to the work folder on disk.
        self.con = duckdb.connect()
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute(f"SET temp_directory = '{work / 'spill'}'")
        self.con.execute("SET preserve_insertion_order = false")
        columns = ", ".join(f'"{f.name}" {_duck_type(f.type)}' for f in STAGED)
        self.con.execute(f"CREATE TABLE staged ({columns})")
        self.seq = 0

    def add(self, frame: pd.DataFrame, file_no: int, rows: pd.Series) -> None:
        """Append a mapped chunk (columns MAPPED, good rows only)."""
        if frame.empty:
            return
        frame = frame[MAPPED].copy()
        frame.insert(0, "row", rows.loc[frame.index].to_numpy(dtype="int64"))
        frame.insert(0, "file_no", file_no)
        frame.insert(0, "seq", range(self.seq, self.seq + len(frame)))
        self.seq += len(frame)
        # Arrow casts midnight timestamps to dates in C; `.dt.date` would make a million objects.
        table = pa.Table.from_pandas(frame, preserve_index=False).cast(STAGED)
        self.con.register("_chunk", table)
        self.con.execute("INSERT INTO staged SELECT * FROM _chunk")
        self.con.unregister("_chunk")

    def close(self) -> None:
        self.con.close()
