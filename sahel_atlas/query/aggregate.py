"""Server-side aggregates, so that nothing the browser receives grows with the dataset.

Pure functions over a `Dataset` and its DuckDB connection (no Streamlit): the map's grid
cells, the timeline's counts per month or year, one page of the table, and the CSV of every
filtered row streamed in chunks. Each runs one query with the same WHERE clause as
`query.select`, so the numbers agree with the sentence above the page.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from sahel_atlas.export.csv_file import EVENT_COLUMNS, to_csv_bytes
from sahel_atlas.export.csv_rows import event_lookups, event_rows
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import ORDER, count, prepare, select, where
from sahel_atlas.query.sql import TRUE, Clause, and_, compose
from sahel_atlas.store.dataset import (
    FAMILY_COLUMN,
    MONTH_COLUMN,
    PUBLIC_EVENTS_SQL,
    SPOT_COLUMN,
    Dataset,
    family_name_sql,
    month_start_sql,
    to_frame,
)

# Above this many matching events, the app draws these aggregates instead of single events,
# so that nothing the browser receives grows with the dataset.
DETAIL_LIMIT = 2_000
# A grid cell spans about this many screen pixels at the zoom it is drawn for.
CELL_PX = 40
# deck.gl's world is 512 px wide at zoom 0.
WORLD_PX = 512
PERIODS = ("month", "year")
BY = ("family", "event_type", "status")
# Rows per CSV chunk. A chunk is formatted in Arrow (`export.csv_rows`), a few arrays of its
# size at a time; 10,000 rows keep that to tens of MB at full speed (docs/performance.md).
CSV_CHUNK_ROWS = 10_000
# Grid cells of at most this many degrees (zoomed far out) and at least this few.
MAX_CELL_DEG = 10.0
MIN_CELL_DEG = 0.01

def _prepare(
    source: Dataset | duckdb.DuckDBPyConnection, filters: Filters
) -> tuple[duckdb.DuckDBPyConnection, Clause]:
    """A cursor and the WHERE clause: `query.prepare` for a Dataset, plain SQL for a connection
    (which must hold a `Dataset.con`'s tables)."""
    if isinstance(source, Dataset):
        return prepare(source, filters)
    return source.cursor(), where(filters)


def cell_size_for_zoom(zoom: float, px: float = CELL_PX) -> float:
    """Degrees of longitude that `px` screen pixels cover at a deck.gl zoom level."""
    deg = px * 360.0 / (WORLD_PX * 2.0 ** float(zoom))
    return float(min(MAX_CELL_DEG, max(MIN_CELL_DEG, deg)))


def grid_cells(
    source: Dataset | duckdb.DuckDBPyConnection,
    filters: Filters,
    zoom: float | None = None,
    *,
    cell_deg: float | None = None,
    within: Clause = TRUE,
) -> pd.DataFrame:
    """The filtered events counted per square grid cell, most events first.

    Give the map's `zoom` (a cell is then about `CELL_PX` pixels wide) or `cell_deg` directly.
    Columns: `lon`, `lat` (the mean position of the cell's events, so a cell of one town sits
    on the town), `events`, `family` (the family of the most events' first-named actor; ties
    in the contract's order), `cell_lon`, `cell_lat` (the cell's south-west corner), and
    `cell_deg` (its size). Events without coordinates are left out; their number is in
    `frame.attrs["unplaced_events"]`, the cell size in `frame.attrs["cell_deg"]`. `within`
    narrows the events further (a profile's `list_contains(actor_ids, ?)`).
    """
    if cell_deg is None:
        cell_deg = cell_size_for_zoom(3.6 if zoom is None else zoom)
    cell_deg = float(cell_deg)
    if not (cell_deg > 0 and math.isfinite(cell_deg)):
        raise ValueError(f"cell size must be a positive number of degrees, not {cell_deg}")
    con, clause = _prepare(source, filters)
    query = _grid_sql(and_(clause, within), cell_deg)
    return _grid_frame(con.execute(query.sql, query.params).df(), cell_deg)


def _grid_sql(clause: Clause, cell_deg: float) -> Clause:
    """Counts per (spot, family) over the filtered events, two small integers (one scan);
    then the few thousand spots placed in cells, with their mean position, and per cell."""
    return compose(
        """
        WITH by_spot AS (
            SELECT {spot} AS spot, {family} AS family, count(*) AS n
            FROM events WHERE {where} GROUP BY ALL
        ),
        by_family AS (
            SELECT floor(s.lon / {cell})::BIGINT AS cx, floor(s.lat / {cell})::BIGINT AS cy,
                   b.family, sum(b.n) AS n, sum(s.lon * b.n) AS slon, sum(s.lat * b.n) AS slat
            FROM by_spot b LEFT JOIN _spot s ON s.spot = b.spot
            GROUP BY ALL
        )
        SELECT sum(slon) / sum(n) AS lon, sum(slat) / sum(n) AS lat, sum(n) AS events,
               {family_name} AS family,
               cx * {cell} AS cell_lon, cy * {cell} AS cell_lat
        FROM by_family
        GROUP BY cx, cy
        ORDER BY events DESC, cell_lon, cell_lat
        """,
        where=clause,
        spot=SPOT_COLUMN,
        family=FAMILY_COLUMN,
        cell=Clause("?", (cell_deg,)),
        # The family of most events; ties in the contract's order (the codes' order).
        family_name=family_name_sql("arg_min(family, (-n, family))"),
    )


def _grid_frame(frame: pd.DataFrame, cell_deg: float) -> pd.DataFrame:
    """The grid query's rows as `grid_cells` returns them, the unplaced events apart."""
    unplaced = frame["cell_lon"].isna() | frame["cell_lat"].isna()
    unplaced_events = int(frame.loc[unplaced, "events"].sum())
    frame = frame[~unplaced].reset_index(drop=True)
    frame["events"] = frame["events"].astype("int64")
    frame[["lon", "lat"]] = frame[["lon", "lat"]].round(6)  # 0.1 m; sums run in parallel
    frame["cell_deg"] = cell_deg
    frame = frame[["lon", "lat", "events", "family", "cell_lon", "cell_lat", "cell_deg"]]
    frame.attrs["unplaced_events"] = unplaced_events
    frame.attrs["cell_deg"] = cell_deg
    return frame


def counts_per_period(
    ds: Dataset | duckdb.DuckDBPyConnection,
    filters: Filters,
    period: str = "month",
    by: str | None = None,
    within: Clause = TRUE,
) -> pd.DataFrame:
    """How many filtered events start in each month or year, with empty periods as zeros.

    Columns: `period` (the period's first day, a `datetime.date`), `events`, and `key` when
    `by` is one of `BY` ("family" is the family of the event's first-named actor). An event
    is counted once, in the period of its `date_start`; an event known only to the year or
    as a span counts in the period where it starts (its first possible day). `within` narrows
    the events further (a profile's `list_contains(actor_ids, ?)`).
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    if by is not None and by not in BY:
        raise ValueError(f"by must be one of {BY} or None, not {by!r}")
    con, clause = _prepare(ds, filters)
    query = _counts_sql(and_(clause, within), period, by)
    frame = con.execute(query.sql, query.params).df()
    frame["events"] = frame["events"].astype("int64")
    frame["period"] = [p.date() if hasattr(p, "date") else p for p in frame["period"]]
    if by is None:
        return frame[["period", "events"]]
    return frame[["period", "key", "events"]]


# What `by` groups on (SQL written here, chosen by a checked name).
_KEYS: dict[str | None, str] = {
    None: "NULL",
    "family": FAMILY_COLUMN,
    "event_type": "event_type",
    "status": "status",
}
# A period as a `MONTH_COLUMN` value: the month itself, or the year's first month.
_PERIOD_MONTHS = {"month": MONTH_COLUMN, "year": f"{MONTH_COLUMN} // 12 * 12"}


def _counts_sql(clause: Clause, period: str, by: str | None) -> Clause:
    """Counts per period (and key), every period between the first and last as a row.

    The scan groups on small integers (`MONTH_COLUMN`, `FAMILY_COLUMN`); dates and family
    names are made only for the few rows of the result."""
    key = _KEYS[by]
    step = "1 month" if period == "month" else "1 year"
    # `period` is one of PERIODS, checked by the caller: SQL text of this module, not a user's.
    return compose(
        """
        WITH counted AS (
            SELECT {month} AS m, {key} AS k, count(*) AS events
            FROM events WHERE {month} IS NOT NULL AND ({where}) GROUP BY ALL
        ),
        named AS (SELECT {start} AS period, {name} AS key, events FROM counted),
        bounds AS (SELECT min(period) AS lo, max(period) AS hi FROM named),
        periods AS (
            SELECT unnest(generate_series(lo, hi, INTERVAL {step}))::DATE AS period
            FROM bounds WHERE lo IS NOT NULL
        ),
        keys AS (SELECT DISTINCT key FROM named)
        SELECT p.period, k.key, coalesce(c.events, 0) AS events
        FROM periods p CROSS JOIN keys k
        LEFT JOIN named c ON c.period = p.period AND c.key IS NOT DISTINCT FROM k.key
        ORDER BY p.period, k.key
        """,
        where=clause,
        month=_PERIOD_MONTHS[period],
        key=key,
        start=month_start_sql("m"),
        name=family_name_sql("k") if by == "family" else "k",
        step=step,
    )


def page_of_events(ds: Dataset, filters: Filters, offset: int = 0, limit: int = 100) -> pd.DataFrame:
    """One page of the filtered events, oldest first, as a frame like `query.apply`'s.

    The total is `query.count(ds, filters)`; a page costs the same at any offset near the
    start, and at most one scan of the filtered rows further on.
    """
    table = select(ds, filters, offset=offset, limit=limit)
    frame = to_frame(table)
    if frame.empty:
        lists = [c.name for c in table.schema if pa.types.is_list(c.type)]
        frame[lists] = frame[lists].astype(object)
    return frame


def count_events(ds: Dataset, filters: Filters) -> int:
    """How many events match: the number in the sentence above every page."""
    return count(ds, filters)


def stream_csv(ds: Dataset, filters: Filters, chunk_rows: int = CSV_CHUNK_ROWS) -> Iterator[bytes]:
    """The CSV of every filtered event, as `export` writes it, in chunks of `chunk_rows` rows.

    The same bytes as `export.to_csv_bytes(export.readable_events(ds, query.apply(ds, f)))`:
    UTF-8 with one BOM at the start, one header line, ISO dates, lists joined with "; ",
    formulas defused. Memory stays at one chunk whatever the number of rows. Each chunk is
    formatted column by column (`export.csv_rows.event_rows`), not cell by cell.
    """
    con, clause = _prepare(ds, filters)
    query = compose("SELECT {names} FROM events WHERE {where} {order}", names=PUBLIC_EVENTS_SQL,
                    where=clause, order=ORDER)
    reader = con.sql(query.sql, params=query.params).to_arrow_reader(max(int(chunk_rows), 1))
    # The BOM and the header line, once: `to_csv_bytes` of no rows.
    yield to_csv_bytes(pd.DataFrame(columns=list(EVENT_COLUMNS)))
    lookups = event_lookups(ds)
    for batch in reader:
        if batch.num_rows:
            yield event_rows(lookups, batch)


def write_csv(ds: Dataset, filters: Filters, out, chunk_rows: int = CSV_CHUNK_ROWS) -> int:
    """Write `stream_csv` to a binary file object; the number of bytes written."""
    written = 0
    for chunk in stream_csv(ds, filters, chunk_rows):
        out.write(chunk)
        written += len(chunk)
    return written


def csv_bytes(ds: Dataset, filters: Filters, chunk_rows: int = CSV_CHUNK_ROWS) -> bytes:
    """Every filtered event as one CSV `bytes`, the type a download button's callable returns."""
    # Streamlit 1.67 accepts str, bytes, BytesIO, BufferedReader, RawIOBase or TextIOWrapper
    # and refuses a spooled or random-access temp file. The chunks go to an unnamed file on
    # disk and are read back in one call: memory holds one chunk while writing, then the
    # finished bytes once (Streamlit keeps that very object, uncopied).
    with tempfile.TemporaryFile() as spool:
        write_csv(ds, filters, spool, chunk_rows)
        spool.seek(0)
        return spool.read()
