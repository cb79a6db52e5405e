"""The built rows as Arrow tables of the contract, sorted, and written to Parquet atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sahel_atlas.contract import schema
from sahel_atlas.store.atomic import write_files_atomically

# The sort key of each table, so that builds are deterministic.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("source_id",),
    "actors": ("actor_id",),
    "locations": ("location_id",),
    "events": ("event_id",),
    "event_actors": ("event_id", "actor_id", "role"),
    "claims": ("claim_id",),
    "relations": ("relation_id",),
    "excerpts": ("source_id", "char_start", "char_end"),
}


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table of the contract's schema, sorted by the table's key."""
    keys = SORT_KEYS[name]
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in keys))
    return pa.Table.from_pylist(ordered, schema=schema.TABLES[name])


def write_tables(tables: dict[str, pa.Table], out: Path) -> None:
    """Write every table at once: on any error the output directory is untouched."""
    writers = {
        f"{name}.parquet": (lambda path, t=table: pq.write_table(t, path, compression="zstd"))
        for name, table in tables.items()
    }
    write_files_atomically(out, writers)
