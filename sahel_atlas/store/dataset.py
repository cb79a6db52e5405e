"""Loading a built dataset: the Parquet tables of the data contract, read once."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sahel_atlas.contract.schema import TABLES
from sahel_atlas.store import event_codes
from sahel_atlas.store.text_index import TextIndex, build_text_index
from sahel_atlas.store.atomic import staging_folder
from sahel_atlas.store.paths import PROJECT_ROOT

_log = logging.getLogger(__name__)
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
ENV_VAR = "SAHEL_ATLAS_DATA"
# Tables a dataset may omit (older or imported datasets); they load as empty tables.
OPTIONAL_TABLES = ("event_actors", "claims", "crosswalk")  # older datasets lack them


class DatasetError(Exception):
    """A data directory that cannot be read as a dataset; the message says what and where."""


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the argument, else $SAHEL_ATLAS_DATA, else the project's data/."""
    chosen = path if path is not None else os.environ.get(ENV_VAR) or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().resolve()


def read_table(directory: Path, name: str) -> pa.Table:
    """One table of the contract as Arrow, or an empty one when an optional table is absent."""
    file = directory / f"{name}.parquet"
    if not file.exists():
        if name in OPTIONAL_TABLES:
            return TABLES[name].empty_table()
        raise DatasetError(f"{file}: missing table '{name}'")
    try:
        return pq.read_table(file)
    except (OSError, pa.ArrowInvalid) as exc:
        raise DatasetError(f"{file}: cannot read as Parquet ({exc})") from exc


def resolve_source_path(directory: Path, relative: str) -> Path:
    """A source file named in `sources.path`: relative to the dataset, else to its parent."""
    for base in (directory, directory.parent):
        candidate = base / relative
        if candidate.exists():
            return candidate
    return directory.parent / relative


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas with dates as `datetime.date` and list columns as Python lists."""
    frame = table.to_pandas(date_as_object=True)
    for column in table.schema:
        if pa.types.is_list(column.type):
            frame[column.name] = [list(v) if v is not None else [] for v in frame[column.name]]
    return frame


class LazyTables(Mapping[str, pa.Table]):
    """The tables of one data directory, each read from its Parquet file on first use.

    Every way of reading a table (`[]`, `get`, `items`, `values`) loads it; only asking which
    tables there are (`in`, `keys`, `len`) does not. Pages that need only the small tables
    (actors, places, sources) never read the events; the DuckDB connection reads the Parquet
    files itself and never needs these copies.
    """

    def __init__(self, directory: Path, names: tuple[str, ...]) -> None:
        self._directory = directory
        self._names = names
        self._read: dict[str, pa.Table] = {}

    def __getitem__(self, name: str) -> pa.Table:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._read:
            self._read[name] = read_table(self._directory, name)
        return self._read[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def loaded(self, name: str) -> bool:
        """The table has been read into Arrow already."""
        return name in self._read


# From this many events on, the DuckDB database lives in a cache file (compressed on disk,
# paged in by DuckDB's buffer manager, reused by the next process) instead of in memory.
DISK_FROM_EVENTS = 200_000
CACHE_ENV_VAR = "SAHEL_ATLAS_CACHE"
# DuckDB's buffer pool for a cached database (building may spill to the cache folder).
MEMORY_ENV_VAR = "SAHEL_ATLAS_DB_MEMORY"
DEFAULT_DB_MEMORY = "1GB"
# Bump when the layout of the DuckDB database below changes: older cache files are ignored.
DB_LAYOUT = 7
# The busiest actors (by events, ties by id) get one bit each of `events._actor_bits`, a
# UBIGINT: an actor filter on them is one AND per event, not a semi-join of rowids.
ACTOR_BITS = 64
BITS_COLUMN = "_actor_bits"
# Each event's month as one small integer (year * 12 + month - 1): the timeline groups on it
# instead of truncating every date (measured 2-3x faster at 1M events).
MONTH_COLUMN = "_month"
# The family of an event's first-named actor, as its index in `ACTOR_FAMILIES` (any other
# family counts as "other", as the map's legend does).
FAMILY_COLUMN = "_family"
# Each event's point on the map, an id into `_spot(spot, lon, lat)` (NULL without
# coordinates): the map's grid counts events per point and family on two small integers,
# then places the few thousand points in cells of any size.
SPOT_COLUMN = "_spot"
# Each event's (event_type, sub_event_type, status) as an id into `_kind`: a filter on types
# and statuses is resolved to a short list of ids first (`Dataset.kinds`), and tested on one
# small integer instead of three texts (measured 12 -> 3 ms per query at 1M events).
KIND_COLUMN = "_kind"
# Each event's place as an id into `_place`, numbered by country then location id: one place
# or one country is one range of ids, which DuckDB pushes into the scan (`Dataset.places`).
PLACE_COLUMN = "_place"
# Columns of `events` in `Dataset.con` that are not in the data contract.
HIDDEN_COLUMNS = (BITS_COLUMN, MONTH_COLUMN, FAMILY_COLUMN, SPOT_COLUMN, KIND_COLUMN, PLACE_COLUMN)
# The select list of the contract's columns of `events` in `Dataset.con`: every `SELECT *`
# of events reads this, so that exports, tables and frames never see `HIDDEN_COLUMNS`.
PUBLIC_EVENTS_SQL = f"* EXCLUDE ({', '.join(HIDDEN_COLUMNS)})"


def public_columns(table: str) -> str:
    """The select list of a table's columns in the data contract (`*` but for events)."""
    return PUBLIC_EVENTS_SQL if table == "events" else "*"


def fold_sql(expr: str) -> str:
    """`expr` case- and accent-insensitive in DuckDB ("menaka" finds "Ménaka"): what
    `_event_text.text` holds, and what every search folds its needle and texts with."""
    return f"strip_accents(lower({expr}))"


def fast_fold_sql(column: str) -> str:
    """`fold_sql(column)` for a column: the same text, but ASCII values (as many bytes as
    characters, nothing to strip) skip `strip_accents`, 5x the cost of `lower` (measured)."""
    return f"CASE WHEN strlen({column}) = length({column}) THEN lower({column}) ELSE {fold_sql(column)} END"


def _cache_dir() -> Path:
    chosen = os.environ.get(CACHE_ENV_VAR)
    base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sahel-atlas"
    return base.expanduser()


def _fingerprint(directory: Path) -> str:
    """Changes when any table file of the dataset changes (path, size, modification time)."""
    parts = [str(directory), str(DB_LAYOUT)]
    for name in TABLES:
        file = directory / f"{name}.parquet"
        if file.exists():
            stat = file.stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _event_rows(directory: Path) -> int:
    file = directory / "events.parquet"
    try:
        return pq.ParquetFile(file).metadata.num_rows if file.exists() else 0
    except (OSError, pa.ArrowInvalid):
        return 0


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# What a slow step of building the database says while it runs: (fraction done, in words).
Progress = Callable[[float, str], None]


def _quiet(_fraction: float, _message: str) -> None:
    """The progress callback when nobody is watching."""


# Each table's share of a build (seconds per step at 10M events, see docs/performance.md).
_WEIGHTS = {"events": 0.58, "excerpts": 0.19, "event_actors": 0.002, "claims": 0.04}
# A cached build's last step, its checkpoint (writing what is left to the file), in shares of
# the whole build (10M events: 0.2 s of 27: each table is written as it is copied).
_CHECKPOINT_SHARE = 0.02
# Tables read in place from their Parquet file (a view) instead of copied: they are only
# looked up by id, as fast from the file (2,000 events' roles at 10M: 305 ms against 302),
# and copying them was 2.5-3.8 s of a 30 s first open. Not the excerpts: 1 s from the file
# against 0.35 s for a busy actor's 2,882, their texts decoded in full.
_IN_PLACE = ("event_actors",)
# Long texts are stored with zstd: DuckDB's default (trying FSST and dictionaries on every
# segment) made writing them 3-4x slower and the file 3x larger (10M events' titles and
# descriptions: 2.6 GB, 75 s). Short repeated strings keep their dictionaries (filters).
_ZSTD_COLUMNS = {"events": ("title", "description"), "excerpts": ("text",), "claims": ("value",)}


class _Step(NamedTuple):
    """One statement of `_fill`: what it says, its share of the time, its SQL (or what writes
    it, given the connection), and the Arrow table it reads as `_incoming` (None when it reads
    the Parquet file or other tables)."""

    message: str
    weight: float
    sql: str | Callable[[duckdb.DuckDBPyConnection], str]
    incoming: pa.Table | None = None


def _month_sql(date: str) -> str:
    """The `MONTH_COLUMN` value of a date expression (NULL for a NULL date)."""
    return f"(year({date}) * 12 + month({date}) - 1)::USMALLINT"


def month_start_sql(month: str) -> str:
    """The first day of a `MONTH_COLUMN` value, as a DATE."""
    return f"make_date(({month}) // 12, ({month}) % 12 + 1, 1)"


_FAMILIES_SQL = event_codes.FAMILIES_SQL


def family_name_sql(code: str) -> str:
    """The family name of a `FAMILY_COLUMN` value."""
    return f"{_FAMILIES_SQL}[({code}) + 1]"


def actors_once_sql(source: str, carry: str = "") -> str:
    """One row per (event, actor) of `source`: `actor_id` and the columns `carry` adds
    (", origin AS o"), an actor named twice by one event counted where it is named first.
    (`list_distinct` of every list, or a DISTINCT of the pairs, cost 2.5-8x this at 10M.)"""
    return (
        "SELECT * EXCLUDE (i, actor_ids) FROM (SELECT unnest(actor_ids) AS actor_id, "
        f"generate_subscripts(actor_ids, 1) AS i, actor_ids{carry} FROM {source}) "
        "WHERE actor_id IS NOT NULL AND list_position(actor_ids, actor_id) = i"
    )


def _actor_bits_sql(source: str) -> str:
    """`_actor_bit(actor_id, bit)` for the ACTOR_BITS busiest actors of the events in
    `source` (by events naming them, ties by id), before `events` exists: `events` is then
    written with each event's bits of them (0 when it names none), in one pass (an UPDATE
    of 10M rows afterwards took 15 s)."""
    return (
        "CREATE TABLE _actor_bit AS SELECT actor_id, bit::UTINYINT AS bit FROM ("
        "SELECT actor_id, row_number() OVER (ORDER BY count(*) DESC, actor_id) - 1 AS bit FROM "
        f"({actors_once_sql(source)}) GROUP BY actor_id) WHERE bit < {ACTOR_BITS} ORDER BY bit"
    )


def _bits_sql(con: duckdb.DuckDBPyConnection) -> str:
    """An event's `BITS_COLUMN` from its `actor_ids`, with `_actor_bit` written into the SQL
    as a MAP literal (64 entries at most)."""
    rows = con.execute("SELECT actor_id, bit FROM _actor_bit ORDER BY bit").fetchall()
    if not rows:
        return "0::UBIGINT"
    entries = ", ".join(f"{_sql_string(a)}: {1 << int(b)}::UBIGINT" for a, b in rows)
    return (f"coalesce(list_aggregate(list_transform(e.actor_ids, lambda x: MAP {{{entries}}}[x]), "
            "'bit_or'), 0)::UBIGINT")


def _hidden_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """Each hidden column of `events` (see `HIDDEN_COLUMNS`): its name, type and value in
    the SELECT of `_create_sql` (source aliased `e`), as lookups that keep the source's
    order (`event_codes`)."""
    return [
        (BITS_COLUMN, "UBIGINT", _bits_sql(con)),
        (MONTH_COLUMN, "USMALLINT", _month_sql("e.date_start")),
        (FAMILY_COLUMN, "UTINYINT", event_codes.family_sql(con, "e.actor_ids[1]")),
        (SPOT_COLUMN, "UINTEGER", event_codes.spot_sql("e")),
        (KIND_COLUMN, "UINTEGER", event_codes.kind_sql("e")),
        (PLACE_COLUMN, "UINTEGER", event_codes.place_sql("e")),
    ]


def _codes_sql(source: str) -> str:
    """`_spot` from the events' distinct coordinates, `_kind` from their distinct types and
    statuses and `_place` from their places, and the lookups of `event_codes` over them,
    before `events` is written with their ids."""
    return f"""
CREATE TABLE _spot AS SELECT row_number() OVER (ORDER BY lon, lat)::UINTEGER AS spot, lon, lat
FROM (SELECT DISTINCT longitude AS lon, latitude AS lat FROM {source}
      WHERE longitude IS NOT NULL AND latitude IS NOT NULL);
CREATE TABLE _kind AS SELECT
    row_number() OVER (ORDER BY event_type, sub_event_type, status)::UINTEGER AS kind,
    event_type, sub_event_type, status
FROM (SELECT DISTINCT event_type, sub_event_type, status FROM {source});
CREATE TABLE _place AS SELECT
    row_number() OVER (ORDER BY l.country_iso3 NULLS LAST, e.location_id)::UINTEGER AS place,
    e.location_id, l.country_iso3
FROM (SELECT DISTINCT location_id FROM {source} WHERE location_id IS NOT NULL) e
LEFT JOIN (SELECT location_id, min(country_iso3) AS country_iso3 FROM locations GROUP BY 1) l
    USING (location_id);
""" + event_codes.lookup_types_sql()


def _create_sql(con: duckdb.DuckDBPyConnection, name: str, source: str, file: Path | None = None) -> str:
    """`CREATE TABLE name` with the source's columns (long texts with zstd, see
    `_ZSTD_COLUMNS`), then an INSERT of the source's rows; `events` with its hidden columns,
    in display order: as the Parquet `file` comes when it is in that order already
    (`event_codes.in_display_order`), else sorted."""
    columns = [(c, t) for c, t, *_ in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    select, after = f"SELECT * FROM {source}", ""
    if name == "events":
        hidden = _hidden_columns(con)
        columns += [(c, t) for c, t, _ in hidden]
        values = ", ".join(f"({v})::{t}" for _, t, v in hidden)
        in_order = file is not None and event_codes.in_display_order(con, file, source)
        select = (f"SELECT e.*, {values} FROM {source} e"
                  + ("" if in_order else " ORDER BY e.date_start, e.event_id"))
        after = "; " + event_codes.drop_lookup_types_sql()
    zstd = _ZSTD_COLUMNS.get(name, ())
    defs = ", ".join(
        f'"{c}" {t}' + (" USING COMPRESSION zstd" if c in zstd and t == "VARCHAR" else "")
        for c, t in columns
    )
    # One transaction, as CREATE TABLE AS is: its rows are written as they come, and the
    # checkpoint has little left to do (1M events: 7.7 s, against 13.4 s in two).
    return f'BEGIN; CREATE TABLE "{name}" ({defs}); INSERT INTO "{name}" {select}{after}; COMMIT'


# The folded text of every event (see `_fill`), read from `events` and `excerpts`. Each
# field is folded on its own (`fast_fold_sql`): folding is per character and the separator
# folds to itself, so this is `fold_sql` of the whole text (compared in a test).
_SEP = "chr(10)"
EVENT_TEXT_SQL = (
    "WITH cited AS (SELECT e.ev, string_agg(x.folded, chr(10)) AS quotes FROM "
    "(SELECT rowid AS ev, unnest(excerpt_ids) AS excerpt_id FROM events) e "
    f"JOIN (SELECT excerpt_id, {fast_fold_sql('text')} AS folded FROM excerpts) x "
    "ON x.excerpt_id = e.excerpt_id GROUP BY e.ev) "
    f"SELECT e.rowid AS ev, concat_ws({_SEP}, {fast_fold_sql('e.title')}, "
    f"{fast_fold_sql('e.description')}, c.quotes) AS text "
    "FROM events e LEFT JOIN cited c ON c.ev = e.rowid ORDER BY ev"
)
# The catalog the folded text of a cached database is attached as (its own file, built in
# the background after the first open); `_event_text` in the cache is a view of it.
TEXT_CATALOG = "_folded"


def _steps(directory: Path, arrow: Mapping[str, pa.Table], fold: bool = True) -> list[_Step]:
    """Each step of `_fill`, in order (without folding the texts unless `fold`).

    The shares were measured at 10M events (see docs/performance.md); they only set how far
    the progress bar moves per step.
    """
    steps = []
    for name in TABLES:
        file = directory / f"{name}.parquet"
        given = not isinstance(arrow, LazyTables) or arrow.loaded(name)
        # An explicit Arrow table (or an absent optional one) is copied in; else DuckDB reads
        # the Parquet file itself.
        incoming = arrow[name] if given or not file.exists() else None
        source = "_incoming" if incoming is not None else f"read_parquet({_sql_string(str(file))})"
        weight = _WEIGHTS.get(name, 0.002)
        message = f"Reading the {name.replace('_', ' ')}"
        if name in _IN_PLACE and incoming is None:
            steps.append(_Step(message, weight, f'CREATE VIEW "{name}" AS SELECT * FROM {source}'))
            continue
        if name != "events":
            steps.append(_Step(message, weight, functools.partial(_create_sql, name=name,
                                                                  source=source), incoming))
            continue
        # The actors' bits and the codes tables (`_codes_sql`, a few columns each) are read
        # first, so that `events` is written once with every hidden column.
        steps.append(_Step("Numbering the busiest actors", 0.04,
                           _actor_bits_sql(source) + ";" + _codes_sql(source), incoming))
        steps.append(_Step(message, weight, functools.partial(
            _create_sql, name=name, source=source, file=None if incoming is not None else file),
            incoming))
    # Sorted by actor only: it is read as a set of events per actor (`rowid IN (...)`), and
    # sorting each actor's events too cost 1 of 4 s at 10M events.
    steps.append(_Step("Indexing the actors of every event", 0.1,
        "CREATE TABLE _event_actor AS SELECT actor_id, ev FROM "
        "(SELECT unnest(actor_ids) AS actor_id, rowid AS ev FROM events) "
        "WHERE actor_id IS NOT NULL ORDER BY actor_id"))
    if fold:
        steps.append(_Step("Folding the texts for search", 0.33,
                           f"CREATE TABLE _event_text AS {EVENT_TEXT_SQL}"))
    return steps


def _fill(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    arrow: Mapping[str, pa.Table],
    progress: Progress = _quiet,
    steps_after: int = 0,
    fold: bool = True,
) -> None:
    """Create every table of the contract, then the search structures over `events`.

    `progress` hears each step as it starts ("step 3 of 13"; `steps_after` more follow).

    - `events` is sorted by (date_start, event_id), the order every page shows, so its
      `rowid` is the display position and date filters skip whole blocks (zone maps);
    - `event_actors` is a view of its Parquet file when DuckDB reads the files (`_IN_PLACE`);
    - `_event_actor(actor_id, ev)`: one row per actor of an event, sorted by actor, so that an
      actor filter reads a few blocks instead of every event's list (`ev` = events.rowid);
    - `_actor_bit(actor_id, bit)` and `events._actor_bits`: the busiest actors' bits, so
      that a filter on them is `(_actor_bits & mask) <> 0` (see `public_columns`);
    - `_event_text(ev, text)`: an event's title, description and excerpts, folded once
      (lower case, no accents), so that a search is one `contains` per event; not with
      `fold=False` (a cached database: `fold_text` writes it beside, in the background);
    - `_spot(spot, lon, lat)`: the distinct coordinates of the events, `_kind(kind,
      event_type, sub_event_type, status)` their distinct types and statuses, and in `events`
      the hidden `_month`, `_family`, `_spot`, `_kind` and `_place` of each event, for the
      timeline, the map's grid cells and the type, status and place filters (`_place(place,
      location_id, country_iso3)`; see `HIDDEN_COLUMNS`).
    """
    steps = _steps(directory, arrow, fold)
    total = sum(step.weight for step in steps)
    done = 0.0
    for number, step in enumerate(steps, 1):
        progress(done / total, f"{step.message} (step {number} of {len(steps) + steps_after})")
        if step.incoming is not None:
            con.register("_incoming", step.incoming)
        con.execute(step.sql if isinstance(step.sql, str) else step.sql(con))
        if step.incoming is not None:
            con.unregister("_incoming")
        done += step.weight
    progress(1.0, "Database ready" if not steps_after else "Tables ready")


def _cache_files(directory: Path) -> tuple[Path, Path]:
    """The cache's database file for this dataset version, and its text index beside it."""
    stem = _fingerprint(directory)
    cache = _cache_dir()
    return cache / f"{stem}.duckdb", cache / f"{stem}.trigram.sqlite"


def _folded_file(index: Path) -> Path:
    """The folded texts of a cached database (`_event_text`), beside its text index."""
    return index.with_name(index.name.replace(".trigram.sqlite", ".text.duckdb"))


def _text_view(con: duckdb.DuckDBPyConnection, staging: Path) -> None:
    """`_event_text` in a cached database: a view of the folded texts' own file, which
    answers once that file is attached as `TEXT_CATALOG` (an empty one stands in here)."""
    placeholder = staging / "placeholder.duckdb"
    con.execute(f"ATTACH {_sql_string(str(placeholder))} AS {TEXT_CATALOG}")
    con.execute(f"CREATE TABLE {TEXT_CATALOG}._event_text (ev BIGINT, text VARCHAR)")
    con.execute(f"CREATE VIEW _event_text AS SELECT ev, text FROM {TEXT_CATALOG}._event_text")
    con.execute(f"DETACH {TEXT_CATALOG}")


def fold_text(database: Path, out: Path) -> None:
    """Write the folded texts of the cached database file `database` to `out`, a new DuckDB
    file, in a DuckDB instance of its own: one thread, so that pages keep the other core, and
    a memory limit of its own (at 1M events, sharing the pages' 1 GB, the fold's join ran out
    of it). It spills beside `out`."""
    con = duckdb.connect(config={"memory_limit": _db_memory(), "threads": 1})
    try:
        con.execute("SET enable_progress_bar = false")  # a thread's work: nothing to print
        con.execute(f"SET temp_directory = {_sql_string(str(out.parent / 'spill'))}")
        con.execute(f"ATTACH {_sql_string(str(database))} AS _cache (READ_ONLY)")
        con.execute(f"ATTACH {_sql_string(str(out))} AS _folding")
        con.execute("USE _cache")
        con.execute(f"CREATE TABLE _folding._event_text AS {EVENT_TEXT_SQL}")
    finally:
        con.close()


def _build_cache(directory: Path, arrow: Mapping[str, pa.Table], progress: Progress) -> None:
    """Build the database in a staging folder beside the cache, then rename it in, so that a
    process opening the cache meanwhile never sees half of it."""
    file, _ = _cache_files(directory)
    with staging_folder(file.parent, f".{file.stem}.") as staging:
        partial = staging / file.name
        con = duckdb.connect(str(partial), config={"memory_limit": _db_memory()})
        con.execute(f"SET temp_directory = {_sql_string(str(staging / 'spill'))}")
        share = 1.0 - _CHECKPOINT_SHARE
        _fill(con, directory, arrow, lambda f, m: progress(f * share, m), steps_after=1, fold=False)
        _text_view(con, staging)
        steps = len(_steps(directory, arrow, fold=False)) + 1
        progress(share, f"Writing the database to disk (step {steps} of {steps})")
        con.execute("CHECKPOINT")
        con.close()
        os.replace(partial, file)
    progress(1.0, "Database ready")


def _cached_connection(
    directory: Path, arrow: Mapping[str, pa.Table], progress: Progress = _quiet
) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A read-only connection to this dataset's cache file (built first if there is none),
    and where its text index is (or will be)."""
    file, index_file = _cache_files(directory)
    file.parent.mkdir(parents=True, exist_ok=True)
    if not file.exists():
        _build_cache(directory, arrow, progress)
    con = duckdb.connect(str(file), read_only=True, config={"memory_limit": _db_memory()})
    return con, index_file


# A build of the text index younger than this is left to the process that started it.
_INDEX_LOCK_S = 3600
_UNREADABLE_LOCK_S = 60


def _stale(lock: Path) -> bool:
    """The lock was left by a process that is gone: one of this host that no longer runs,
    an unreadable one, or any older than `_INDEX_LOCK_S` (a host's processes cannot be seen
    from another)."""
    try:
        age = time.time() - lock.stat().st_mtime
        host, _, pid = lock.read_text(encoding="utf-8").partition(" ")
    except OSError:
        return False
    if age > _INDEX_LOCK_S:
        return True
    if not pid.isdigit():
        # Written in the same instant as it is made: an unreadable lock of a minute is one
        # of an earlier version (an empty file) or of a process killed in that instant.
        return age > _UNREADABLE_LOCK_S
    if host != socket.gethostname():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, another user's
    return False


def _index_in_background(
    ds: Dataset, con: duckdb.DuckDBPyConnection, file: Path, text: Path, index: bool = True
) -> None:
    """Fold the texts of `ds` into `text` (unless there) and build their trigram index into
    `file` (if `index`) in a thread, handing each to `ds` when it is ready.

    Not part of the first open: folding costs ~12 s and FTS5 ~110 CPU-seconds per million
    events (measured), so searches fold as they scan, then scan the folded texts, then use
    the index: the same results, faster at each stage. One process builds them (a lock file
    beside the index); the others pick them up when they search or next open the dataset.
    """
    lock = file.with_suffix(".lock")
    database, _ = _cache_files(ds.path)
    try:
        if lock.exists() and _stale(lock):
            lock.unlink(missing_ok=True)  # left by a process that died while building
            for folder in (text, file):  # and its half-written files
                for left in folder.parent.glob(f".{folder.stem}.*"):
                    shutil.rmtree(left, ignore_errors=True)
        with open(lock, "x", encoding="utf-8") as claimed:
            claimed.write(f"{socket.gethostname()} {os.getpid()}")
    except OSError:
        return  # another process is building it, or the cache folder is not writable

    def build() -> None:
        try:
            if not text.exists():
                with staging_folder(text.parent, f".{text.stem}.") as staging:
                    fold_text(database, staging / text.name)
                    os.replace(staging / text.name, text)
            ds.attach_text()
            if index:
                with staging_folder(file.parent, f".{file.stem}.") as staging:
                    build_text_index(con, staging / file.name)
                    os.replace(staging / file.name, file)
                ds.text_index = TextIndex(file)
        except (OSError, sqlite3.Error, duckdb.Error):
            # Searches keep scanning: slower, never wrong; the log says why.
            _log.warning("the text index of %s was not built", ds.path, exc_info=True)
        finally:
            lock.unlink(missing_ok=True)

    ds.indexing = threading.Thread(target=build, name="sahel-atlas-text-index", daemon=True)
    ds.indexing.start()


# Group keys of up to this many bits are counted in a perfect hash table (an array), not a
# hash table: the map's (spot, family) of 2,000-100,000 points and the timeline's months fit.
# DuckDB's default, 12 bits, sends 2,000 spots x 4 families to the hash table (measured at 1M
# events: the grid's grouping 33 -> 15 ms).
PERFECT_HASH_BITS = 20


def _tune(con: duckdb.DuckDBPyConnection) -> None:
    """Settings for every cursor of the dataset's connection."""
    con.execute(f"SET GLOBAL perfect_ht_threshold = {PERFECT_HASH_BITS}")


def _db_memory() -> str:
    return os.environ.get(MEMORY_ENV_VAR) or DEFAULT_DB_MEMORY


@dataclass
class Dataset:
    """The interface every layer reads a dataset through: one data directory's tables as
    pandas frames (`ds.events`, ...), as Arrow (`ds.arrow`), and a DuckDB connection over them."""

    path: Path
    arrow: Mapping[str, pa.Table]  # a `LazyTables` when loaded from a directory
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    _con: duckdb.DuckDBPyConnection | None = None
    # Small results worth keeping for the life of the dataset (e.g. a search's matching rows).
    memo: dict = field(default_factory=dict, repr=False)
    # Sessions run in threads: one of them builds the database, the others wait for it.
    _connecting: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _attaching: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # The substring index of a cached database (None in memory: a scan is fast there).
    text_index: TextIndex | None = field(default=None, repr=False)
    # Whether opening a cached database without an index starts building one, and the thread
    # that builds it (join it to wait for the index).
    index_text: bool = True
    indexing: threading.Thread | None = field(default=None, repr=False)
    # The cached database's folded texts (`_event_text`), once attached (see `text_folded`).
    _text_file: Path | None = field(default=None, repr=False)
    _text_attached: bool = field(default=False, repr=False)
    _bits: dict[str, int] | None = field(default=None, repr=False)
    _kinds: tuple[tuple[int, str | None, str | None, str | None], ...] | None = field(
        default=None, repr=False
    )
    _places: tuple[tuple[int, str, str | None], ...] | None = field(default=None, repr=False)

    def frame(self, name: str) -> pd.DataFrame:
        """One table of the contract as pandas, converted from Arrow once."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r} in the data contract")
        if name not in self.frames:
            self.frames[name] = to_frame(self.arrow[name])
        return self.frames[name]

    # The contract's tables (`contract.schema.TABLES`), one typed property each.
    @property
    def sources(self) -> pd.DataFrame:
        """The documents the facts cite."""
        return self.frame("sources")

    @property
    def actors(self) -> pd.DataFrame:
        """Groups, people, states and organisations."""
        return self.frame("actors")

    @property
    def locations(self) -> pd.DataFrame:
        """The places events happen at."""
        return self.frame("locations")

    @property
    def events(self) -> pd.DataFrame:
        """Every event, oldest first in `con`; here in file order."""
        return self.frame("events")

    @property
    def event_actors(self) -> pd.DataFrame:
        """Each actor's role in an event."""
        return self.frame("event_actors")

    @property
    def claims(self) -> pd.DataFrame:
        """Competing claims about a fact, each with its source."""
        return self.frame("claims")

    @property
    def relations(self) -> pd.DataFrame:
        """Who founded, led, joined or fought whom."""
        return self.frame("relations")

    @property
    def excerpts(self) -> pd.DataFrame:
        """The verbatim quotes every fact cites."""
        return self.frame("excerpts")

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB database holding every table; use `.cursor()` per thread (see `connect`)."""
        return self.connect()

    def connect(self, progress: Progress = _quiet) -> duckdb.DuckDBPyConnection:
        """The DuckDB database, built on first use; `progress` hears each step of a build.

        Read from the Parquet files by DuckDB itself (no Arrow copy in Python). Small datasets
        live in memory; from `DISK_FROM_EVENTS` events on, in a cache file that the next
        process reuses (see `SAHEL_ATLAS_CACHE`). Besides the contract's tables it holds
        `_event_actor` and `_event_text`, which `query.sql.to_sql(..., indexed=True)` uses.
        """
        with self._connecting:
            if self._con is None:
                self._con = self._open(progress)
        return self._con

    @property
    def connected(self) -> bool:
        """The DuckDB database is open (built or read from the cache): `con` is instant."""
        return self._con is not None

    def _open(self, progress: Progress) -> duckdb.DuckDBPyConnection:
        """`_connection`, tuned for the app's aggregates (`_tune`)."""
        con = self._connection(progress)
        _tune(con)
        return con

    def _connection(self, progress: Progress) -> duckdb.DuckDBPyConnection:
        """The cache file for a large dataset read from a directory, else a new in-memory one."""
        if isinstance(self.arrow, LazyTables) and _event_rows(self.path) >= DISK_FROM_EVENTS:
            try:
                con, index_file = _cached_connection(self.path, self.arrow, progress)
            except (OSError, duckdb.IOException):
                con = None  # no writable cache folder: build in memory instead
            if con is not None:
                self._use_index(con, index_file)
                return con
        con = duckdb.connect()
        _fill(con, self.path, self.arrow, progress)
        return con

    def _use_index(self, con: duckdb.DuckDBPyConnection, file: Path) -> None:
        """Use the folded texts and the text index beside the cache file, or start building
        what is missing (the texts always; the index if `index_text`)."""
        self._text_file = _folded_file(file)
        self._attach(con)
        if file.exists():
            self.text_index = TextIndex(file)
        elif self.index_text or not self._text_attached:
            _index_in_background(self, con.cursor(), file, self._text_file, self.index_text)

    def _attach(self, con: duckdb.DuckDBPyConnection) -> bool:
        with self._attaching:
            if not self._text_attached and self._text_file is not None and self._text_file.exists():
                # Datasets of one cache file in one process share its DuckDB instance: the
                # first of them attaches the texts for all.
                attached = con.execute("SELECT count(*) FROM duckdb_databases() "
                                       "WHERE database_name = ?", [TEXT_CATALOG]).fetchall()[0][0]
                if not attached:
                    con.execute(f"ATTACH {_sql_string(str(self._text_file))} AS {TEXT_CATALOG} (READ_ONLY)")
                self._text_attached = True
        return self._text_attached

    def attach_text(self) -> bool:
        """Attach the folded texts if their file is there now; whether they are attached."""
        return self._attach(self.con)

    @property
    def text_folded(self) -> bool:
        """`con` holds `_event_text`: always in memory; a cache once its texts are folded
        (possibly by another process: their file is looked for again on each call)."""
        return self._text_file is None or self._text_attached or self.attach_text()

    @property
    def actor_bits(self) -> dict[str, int]:
        """actor id -> its bit in `events._actor_bits`, for the `ACTOR_BITS` busiest actors."""
        if self._bits is None:
            rows = self.con.cursor().execute("SELECT actor_id, bit FROM _actor_bit").fetchall()
            self._bits = {str(actor_id): int(bit) for actor_id, bit in rows}
        return self._bits

    @property
    def kinds(self) -> tuple[tuple[int, str | None, str | None, str | None], ...]:
        """Every `_kind` row: (kind, event_type, sub_event_type, status)."""
        if self._kinds is None:
            rows = self.con.cursor().execute(
                "SELECT kind, event_type, sub_event_type, status FROM _kind ORDER BY kind"
            ).fetchall()
            self._kinds = tuple((int(k), t, s, st) for k, t, s, st in rows)
        return self._kinds

    @property
    def places(self) -> tuple[tuple[int, str, str | None], ...]:
        """Every `_place` row: (place, location_id, country_iso3)."""
        if self._places is None:
            rows = self.con.cursor().execute(
                "SELECT place, location_id, country_iso3 FROM _place ORDER BY place"
            ).fetchall()
            self._places = tuple((int(p), str(l), c) for p, l, c in rows)
        return self._places

    def count(self, table: str = "events") -> int:
        """Rows in one table, without reading it into Python."""
        return int(self.con.cursor().execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])

    def rows(self, table: str, where: str = "TRUE", args: list | None = None) -> pd.DataFrame:
        """The rows of one table that match a SQL condition, read by DuckDB, as a frame.

        For lookups on tables that may be large (excerpts, claims, events): only the
        matching rows ever reach Python.
        """
        sql = f'SELECT {public_columns(table)} FROM "{table}" WHERE {where}'
        return to_frame(self.con.cursor().sql(sql, params=args or []).to_arrow_table())

    def rows_by_id(self, table: str, key: str, ids: list[str]) -> pd.DataFrame:
        """The rows of one table whose `key` is among `ids`, in the table's order.

        The matching rowids are found from the key column alone, then only those rows are
        read: a filter on the full scan decodes every column of nearly every block (the
        excerpts of a busy actor at 1M events: 115 -> 53 ms; `IN (SELECT unnest(?))`, a
        join over every column, was 210 ms)."""
        found = f'list_contains(?::VARCHAR[], "{key}")'
        if self._in_place(table):  # a view of a Parquet file: no rowid, the file's order kept
            sql = f'SELECT {public_columns(table)} FROM "{table}" WHERE {found}'
        else:
            sql = (f'SELECT {public_columns(table)} FROM "{table}" WHERE rowid IN '
                   f'(SELECT rowid FROM "{table}" WHERE {found}) ORDER BY rowid')
        return to_frame(self.con.cursor().sql(sql, params=[list(ids)]).to_arrow_table())

    def _in_place(self, table: str) -> bool:
        """`table` is read from its Parquet file in place (see `_IN_PLACE`), not a copy."""
        key = ("in place", table)
        if key not in self.memo:
            self.memo[key] = table in _IN_PLACE and bool(self.con.cursor().execute(
                "SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [table]).fetchone()[0])
        return self.memo[key]

    def source_text(self, source_id: str) -> str:
        """The full text of one source document."""
        return _source_text(self.path, self.source_paths()[source_id])

    def source_paths(self) -> dict[str, str]:
        """source id -> its file, as `sources.path` gives it (see `resolve_source_path`)."""
        sources = self.arrow["sources"]
        return dict(
            zip(sources.column("source_id").to_pylist(), sources.column("path").to_pylist())
        )


@functools.lru_cache(maxsize=64)
def _source_text(directory: Path, relative: str) -> str:
    return resolve_source_path(directory, relative).read_text(encoding="utf-8")


def load_dataset(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Read every table of a data directory (see `data_dir` for the default)."""
    directory = data_dir(path)
    if not directory.is_dir():
        raise DatasetError(f"{directory}: no such data directory")
    for name in TABLES:  # fail now, not on a page, when a table is missing or unreadable
        file = directory / f"{name}.parquet"
        if not file.exists():
            if name not in OPTIONAL_TABLES:
                raise DatasetError(f"{file}: missing table '{name}'")
            continue
        try:
            pq.read_schema(file)
        except (OSError, pa.ArrowInvalid) as exc:
            raise DatasetError(f"{file}: cannot read as Parquet ({exc})") from exc
    return Dataset(directory, LazyTables(directory, tuple(TABLES)))


@functools.lru_cache(maxsize=8)
def cached_dataset(path: str | None = None) -> Dataset:
    """`load_dataset`, once per directory for the life of the process."""
    return load_dataset(path)
