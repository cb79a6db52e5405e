"""Writing the dataset: typed Parquet tables from DuckDB (swapped into place by store/atomic.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.store.event_codes import DUCKDB_ROW_GROUP

REPORT_NAME = "import-report.txt"
# Columns an imported dataset adds to the contract's tables (null on curated rows).
EXTRA_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("citation", "VARCHAR"), ("fatalities_low", "BIGINT"), ("fatalities_high", "BIGINT")),
}
# Events in display order, in whole DuckDB row groups: the cache copies such a file as it comes
# instead of sorting it (store/event_codes.py).
SORT_KEYS = {
    "sources": "source_id", "actors": "actor_id", "locations": "location_id",
    "events": "date_start, event_id", "event_actors": "event_id, actor_id, role", "claims": "claim_id",
    "relations": "relation_id", "excerpts": "source_id, char_start, char_end",
    "crosswalk": "entity, origin, source_name, entity_id",
}


def duck_type(t: pa.DataType) -> str:
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return duck_type(t.value_type) + "[]"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "VARCHAR"
    return {pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.float64(): "DOUBLE",
            pa.date32(): "DATE", pa.bool_(): "BOOLEAN"}[t]


def columns(name: str) -> list[tuple[str, str]]:
    """(column, DuckDB type) of one output table: the contract's, then the import's extras."""
    fields = [(f.name, duck_type(f.type)) for f in schema.TABLES[name]]
    return fields + list(EXTRA_COLUMNS.get(name, ()))


def projection(name: str, have: set[str], default_origin: str | None) -> str:
    """A SELECT list giving a relation the output table's columns and types, in order."""
    parts = []
    for column, kind in columns(name):
        expr = f'"{column}"' if column in have else "NULL"
        if column == "origin" and default_origin:
            expr = f"coalesce({expr}, '{default_origin}')"
        parts.append(f'CAST({expr} AS {kind}) AS "{column}"')
    return ", ".join(parts)


def copy_tables(con: duckdb.DuckDBPyConnection, directory: Path,
                parts: dict[str, list[tuple[str, str | None]]]) -> None:
    """Write each table from its parts: (relation name, origin to fill where null)."""
    for name in schema.TABLES:
        selects = []
        for relation, default_origin in parts.get(name, []):
            have = {row[0] for row in con.execute(f"DESCRIBE {relation}").fetchall()}
            selects.append(f"SELECT {projection(name, have, default_origin)} FROM {relation}")
        if not selects:
            selects = [f"SELECT {projection(name, set(), None)} WHERE false"]
        union = " UNION ALL ".join(selects)
        target = str(directory / f"{name}.parquet").replace("'", "''")
        con.execute(
            f"COPY (SELECT * FROM ({union}) ORDER BY {SORT_KEYS[name]}) TO '{target}' "
            f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {DUCKDB_ROW_GROUP})"
        )


def replaceable(out: Path) -> bool:
    """Only an empty folder or an earlier import's output may be replaced."""
    return not out.exists() or (out.is_dir() and (not any(out.iterdir()) or (out / REPORT_NAME).exists()))

