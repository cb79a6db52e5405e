"""SQL over a dataset folder's Parquet tables, for tests that check what was written."""

from __future__ import annotations

from pathlib import Path

import duckdb

from sahel_atlas.contract import schema


def rows(directory: Path, sql: str) -> list[tuple]:
    """Query the dataset's Parquet tables by name (events, actors, ...)."""
    con = duckdb.connect()
    for name in schema.TABLES:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{directory / name}.parquet')")
    return con.execute(sql).fetchall()


def one(directory: Path, sql: str):
    """The single row (or single value) a query must return."""
    found = rows(directory, sql)
    assert len(found) == 1, found
    return found[0][0] if len(found[0]) == 1 else found[0]
