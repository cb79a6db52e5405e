"""The hidden codes of `events` as lookups that keep the rows' order, and whether a Parquet
file's order can be kept as it is (see docs/performance.md, "Session 5: the first open").

Writing `events` in display order used to mean a join per code table, which does not keep
the source's order, and then an ORDER BY that carried every column, long texts included:
16 of the 30 s of writing 10M events. Casting a value to an ENUM is a lookup inside a
projection, which DuckDB keeps in order; a file already in display order is then copied as
it comes.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from sahel_atlas.contract.schema import ACTOR_FAMILIES

# DuckDB's row group (rows): a file whose row groups are multiples of it is copied in whole
# row groups as it is read; others leave a partial group per file group, which the
# checkpoint rewrites (10M events in groups of 131,072 rows: 19 s more than sorting them).
DUCKDB_ROW_GROUP = 122_880

KIND_TYPE = "_kind_key"
SPOT_TYPE = "_spot_key"
PLACE_TYPE = "_place_key"
ACTOR_TYPE = "_actor_key"
# Actors ordered by family, then id: an actor's code says its family (`family_sql`).
ACTOR_FAMILY_TABLE = "_actor_family"
_OTHER = ACTOR_FAMILIES.index("other")
# The families as a DuckDB list: a family's index in it is its code.
FAMILIES_SQL = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in ACTOR_FAMILIES) + "]"
# An absent value in a kind's key, and the separator of its parts (neither is in a type name).
_NULL = "chr(1)"
_SEP = "chr(31)"


def kind_key_sql(alias: str) -> str:
    """One string per (event_type, sub_event_type, status), NULLs included."""
    parts = (f"coalesce({alias}.{c}, {_NULL})" for c in ("event_type", "sub_event_type", "status"))
    return f" || {_SEP} || ".join(parts)


def spot_key_sql(lon: str, lat: str) -> str:
    """One string per coordinate pair (DuckDB writes a double exactly, -0.0 as 0.0)."""
    return f"{lon}::VARCHAR || ' ' || {lat}::VARCHAR"


def lookup_types_sql() -> str:
    """ENUM types over `_kind`, `_spot` and `_place` (in id order, so a value's code is its id
    minus one) and over the actors by family; the tables' keys are distinct by construction."""
    return f"""
CREATE TYPE {KIND_TYPE} AS ENUM (SELECT {kind_key_sql('k')} FROM _kind k ORDER BY kind);
CREATE TYPE {SPOT_TYPE} AS ENUM (SELECT {spot_key_sql('s.lon', 's.lat')} FROM _spot s ORDER BY spot);
CREATE TYPE {PLACE_TYPE} AS ENUM (SELECT location_id FROM _place ORDER BY place);
CREATE TABLE {ACTOR_FAMILY_TABLE} AS SELECT actor_id,
    coalesce(list_position({FAMILIES_SQL}, min(family)), {_OTHER + 1}) - 1 AS family
FROM actors WHERE actor_id IS NOT NULL GROUP BY actor_id ORDER BY family, actor_id;
CREATE TYPE {ACTOR_TYPE} AS ENUM (SELECT actor_id FROM {ACTOR_FAMILY_TABLE} ORDER BY family, actor_id);
"""


def drop_lookup_types_sql() -> str:
    """What `lookup_types_sql` made, once `events` is written (its columns are integers)."""
    types = (KIND_TYPE, SPOT_TYPE, PLACE_TYPE, ACTOR_TYPE)
    return f"DROP TABLE {ACTOR_FAMILY_TABLE}; " + "; ".join(f"DROP TYPE {t}" for t in types)


def _code(value: str, enum: str) -> str:
    """The 1-based id of `value` in `enum`, NULL when it is NULL or not in it."""
    return f"(enum_code(TRY_CAST({value} AS {enum})) + 1)"


def family_sql(con: duckdb.DuckDBPyConnection, first_actor: str) -> str:
    """The family index of an event's first actor ("other" when it is unknown), from the
    range of actor codes each family holds."""
    counts = dict(con.execute(f"SELECT family, count(*) FROM {ACTOR_FAMILY_TABLE} GROUP BY 1").fetchall())
    code = _code(first_actor, ACTOR_TYPE)
    arms, end = [], 0
    for family in range(len(ACTOR_FAMILIES)):
        end += counts.get(family, 0)
        arms.append(f"WHEN {code} <= {end} THEN {family}")
    return f"CASE WHEN {code} IS NULL THEN {_OTHER} {' '.join(arms)} ELSE {_OTHER} END"


def spot_sql(alias: str) -> str:
    return _code(spot_key_sql(f"{alias}.longitude", f"{alias}.latitude"), SPOT_TYPE)


def kind_sql(alias: str) -> str:
    return _code(kind_key_sql(alias), KIND_TYPE)


def place_sql(alias: str) -> str:
    return _code(f"{alias}.location_id", PLACE_TYPE)


_OUT_OF_ORDER_SQL = """
SELECT count(*) FROM (
    SELECT date_start AS d, event_id AS i, lag(date_start) OVER () AS pd, lag(event_id) OVER () AS pi
    FROM {source})
WHERE d IS NULL OR i IS NULL OR d < pd OR (d = pd AND i <= pi)
"""


def in_display_order(con: duckdb.DuckDBPyConnection, file: Path, source: str) -> bool:
    """Whether `events` can be copied from the Parquet `file` (read as the SQL `source`) as
    it comes: its rows are in display order (by date_start, then event_id, none missing or
    repeated) and its row groups line up with DuckDB's. 0.3 s at 10M events; a file that
    fails is sorted instead."""
    try:
        meta = pq.ParquetFile(file).metadata
    except (OSError, pa.ArrowInvalid):
        return False
    groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    if any(rows % DUCKDB_ROW_GROUP for rows in groups[:-1]):
        return False
    return con.execute(_OUT_OF_ORDER_SQL.format(source=source)).fetchone()[0] == 0
