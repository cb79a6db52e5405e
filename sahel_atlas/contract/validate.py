"""`sahel-atlas validate`: check any dataset against the data contract."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.store.dataset import Dataset, DatasetError, load_dataset, resolve_source_path
from sahel_atlas.contract.problems import Problem

# How many offending rows a check lists before it summarises; a broken import can have millions.
MAX_LISTED = 20

# Each check is a query returning (record id, reason) for every offending row. Written in SQL
# so that the same checks run on a million-row dataset without Python loops.
_CITED = ("actors", "locations", "events", "relations")
_KEYS = {
    "sources": "source_id",
    "actors": "actor_id",
    "locations": "location_id",
    "events": "event_id",
    "relations": "relation_id",
    "excerpts": "excerpt_id",
    "claims": "claim_id",
}


def _enum(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


# Imported rows (origin acled, ucdp...) may fall outside 1990-2022; they need a plausible date.
IMPORTED_YEAR_MIN, IMPORTED_YEAR_MAX = 1900, 2100


def _date_checks(table: str, key: str, with_origin: bool) -> list[tuple[str, str]]:
    """Curated rows (origin curated or missing) within 1990-2022; imported ones in 1900-2100."""
    y0, y1 = f"DATE '{schema.YEAR_MIN}-01-01'", f"DATE '{schema.YEAR_MAX}-12-31'"
    i0, i1 = f"DATE '{IMPORTED_YEAR_MIN}-01-01'", f"DATE '{IMPORTED_YEAR_MAX}-12-31'"
    dates = "' || coalesce(date_start::VARCHAR, '') || '..' || coalesce(date_end::VARCHAR, '')"
    curated = f"coalesce(origin, '{schema.ORIGIN_CURATED}') = '{schema.ORIGIN_CURATED}'"
    checks = [
        (table, f"SELECT {key}, 'date {dates} || ' outside {schema.YEAR_MIN}-{schema.YEAR_MAX}' "
         f"FROM {table} WHERE {curated if with_origin else 'true'} "
         f"AND (date_start < {y0} OR date_end > {y1})"),
    ]
    if with_origin:
        checks.append(
            (table, f"SELECT {key}, 'date {dates} || ' outside {IMPORTED_YEAR_MIN}-"
             f"{IMPORTED_YEAR_MAX}' FROM {table} WHERE NOT ({curated}) "
             f"AND (date_start < {i0} OR date_end > {i1})")
        )
    return checks


def _id_checks(table: str, key: str) -> list[tuple[str, str]]:
    """Every row has an id, and no two share one."""
    return [
        (table, f"SELECT {key}, 'duplicate id' FROM {table} GROUP BY {key} HAVING count(*) > 1"),
        (table, f"SELECT '?', 'missing id' FROM {table} WHERE {key} IS NULL"),
    ]


def _citation_checks(table: str, key: str) -> list[tuple[str, str]]:
    """Provenance: every row cites at least one excerpt, and only excerpts that exist."""
    return [
        (table, f"SELECT {key}, 'cites no excerpt' FROM {table} "
         f"WHERE excerpt_ids IS NULL OR len(excerpt_ids) = 0"),
        (table, f"SELECT t.{key}, 'unknown excerpt id ' || x FROM "
         f"(SELECT {key}, unnest(excerpt_ids) AS x FROM {table}) t "
         f"WHERE x NOT IN (SELECT excerpt_id FROM excerpts)"),
    ]


# Stands in a table's checks for its date-range checks, which depend on its `origin` column.
DATES = "dates"
# Each table's own checks, in the order they are reported: references to other tables,
# ranges and allowed values.
_TABLE_CHECKS: dict[str, tuple[str, ...]] = {
    "excerpts": (
        "SELECT excerpt_id, 'unknown source ' || source_id FROM excerpts "
        "WHERE source_id NOT IN (SELECT source_id FROM sources)",
        "SELECT excerpt_id, 'bad offsets ' || char_start || '-' || char_end "
        "FROM excerpts WHERE char_start < 0 OR char_end <= char_start",
    ),
    "actors": (
        f"SELECT actor_id, 'kind ' || coalesce(kind, 'null') || ' not allowed' "
        f"FROM actors WHERE kind IS NULL OR kind NOT IN ({_enum(schema.ACTOR_KINDS)})",
    ),
    "locations": (
        "SELECT location_id, 'coordinates out of range or missing' FROM locations "
        "WHERE latitude IS NULL OR longitude IS NULL OR isnan(latitude) OR isnan(longitude) "
        "OR abs(latitude) > 90 OR abs(longitude) > 180",
        f"SELECT location_id, 'precision ' || coalesce(precision, 'null') || "
        f"' not allowed' FROM locations WHERE precision IS NULL "
        f"OR precision NOT IN ({_enum(schema.PRECISIONS)})",
    ),
    "events": (
        "SELECT event_id, 'no actor' FROM events "
        "WHERE actor_ids IS NULL OR len(actor_ids) = 0",
        "SELECT t.event_id, 'unknown actor id ' || a FROM "
        "(SELECT event_id, unnest(actor_ids) AS a FROM events) t "
        "WHERE a NOT IN (SELECT actor_id FROM actors)",
        "SELECT t.event_id, 'unknown source id ' || s FROM "
        "(SELECT event_id, unnest(source_ids) AS s FROM events) t "
        "WHERE s NOT IN (SELECT source_id FROM sources)",
        "SELECT event_id, 'unknown location id ' || location_id FROM events "
        "WHERE location_id IS NOT NULL "
        "AND location_id NOT IN (SELECT location_id FROM locations)",
        "SELECT event_id, 'coordinates out of range or half missing' FROM events "
        "WHERE (latitude IS NULL) <> (longitude IS NULL) "
        "OR abs(latitude) > 90 OR abs(longitude) > 180",
        "SELECT event_id, 'missing date' FROM events "
        "WHERE date_start IS NULL OR date_end IS NULL",
        "SELECT event_id, 'ends before it starts' FROM events "
        "WHERE date_end < date_start",
        DATES,
        f"SELECT event_id, 'date_precision ' || coalesce(date_precision, 'null') || "
        f"' not allowed' FROM events WHERE date_precision IS NULL "
        f"OR date_precision NOT IN ({_enum(schema.DATE_PRECISIONS)})",
        f"SELECT event_id, 'status ' || coalesce(status, 'null') || ' not allowed' "
        f"FROM events WHERE status IS NULL OR status NOT IN ({_enum(schema.STATUSES)})",
        "SELECT event_id, 'cites excerpts of a source it does not list' FROM "
        "(SELECT event_id, source_ids, unnest(excerpt_ids) AS x FROM events) t "
        "JOIN excerpts e ON e.excerpt_id = t.x WHERE NOT list_contains(t.source_ids, e.source_id)",
    ),
    "relations": (
        "SELECT relation_id, 'unknown actor id ' || subject_id FROM relations "
        "WHERE subject_id NOT IN (SELECT actor_id FROM actors)",
        "SELECT relation_id, 'unknown actor id ' || object_id FROM relations "
        "WHERE object_id NOT IN (SELECT actor_id FROM actors)",
        "SELECT relation_id, 'ends before it starts' FROM relations "
        "WHERE date_end < date_start",
        DATES,
    ),
    "event_actors": (
        "SELECT event_id, 'unknown event or actor in event_actors' "
        "FROM event_actors WHERE event_id NOT IN (SELECT event_id FROM events) "
        "OR actor_id NOT IN (SELECT actor_id FROM actors)",
    ),
    "claims": (
        "SELECT claim_id, 'unknown event ' || event_id FROM claims "
        "WHERE event_id NOT IN (SELECT event_id FROM events)",
    ),
    "crosswalk": (
        "SELECT source_name, 'entity ' || coalesce(entity, 'missing') || ', method '"
        " || coalesce(method, 'missing') || ': not in the contract' FROM crosswalk WHERE entity "
        f"IS NULL OR entity NOT IN ({_enum(schema.CROSSWALK_ENTITIES)}) OR method IS NULL OR "
        f"method NOT IN ({_enum(schema.CROSSWALK_METHODS)})",
        "SELECT source_name, 'unknown ' || entity || ' ' || coalesce(entity_id, '(none)') "
        "FROM crosswalk WHERE (entity = 'actor' AND entity_id NOT IN (SELECT actor_id FROM actors)) "
        "OR (entity = 'location' AND entity_id NOT IN (SELECT location_id FROM locations)) "
        "OR entity_id IS NULL",
    ),
}


def _checks(with_origin: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The row checks; `with_origin` names the tables that have an `origin` column."""
    checks = [check for table, key in _KEYS.items() for check in _id_checks(table, key)]
    checks += [check for table in _CITED for check in _citation_checks(table, _KEYS[table])]
    for table, sqls in _TABLE_CHECKS.items():
        for sql in sqls:
            if sql == DATES:
                checks += _date_checks(table, _KEYS[table], table in with_origin)
            else:
                checks.append((table, sql))
    return checks


def check_columns(ds: Dataset) -> list[Problem]:
    """Every required column is present with the contract's type (string widths aside)."""
    problems = []
    for table, columns in schema.REQUIRED_COLUMNS.items():
        have = ds.arrow[table].schema
        for column in columns:
            want = schema.TABLES[table].field(column).type
            if column not in have.names:
                problems.append(Problem(f"{table}.parquet", "", f"missing column '{column}'"))
            elif not _same_type(have.field(column).type, want):
                got = have.field(column).type
                problems.append(
                    Problem(f"{table}.parquet", column, f"type {got}, expected {want}")
                )
    return problems


def _same_type(got: pa.DataType, want: pa.DataType) -> bool:
    if pa.types.is_list(want) or pa.types.is_large_list(want):
        is_list = pa.types.is_list(got) or pa.types.is_large_list(got)
        return is_list and _same_type(got.value_type, want.value_type)
    strings = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view)
    if any(check(want) for check in strings):
        return any(check(got) for check in strings)
    return got == want


def check_rows(ds: Dataset) -> list[Problem]:
    problems = []
    con = ds.con.cursor()
    with_origin = frozenset(name for name, t in ds.arrow.items() if "origin" in t.schema.names)
    for table, sql in _checks(with_origin):
        rows = con.execute(sql).fetchall()
        for record, reason in rows[:MAX_LISTED]:
            problems.append(Problem(f"{table}.parquet", str(record), reason))
        if len(rows) > MAX_LISTED:
            problems.append(
                Problem(f"{table}.parquet", "", f"... and {len(rows) - MAX_LISTED} more: {sql}")
            )
    return problems


def check_excerpts(ds: Dataset) -> list[Problem]:
    """Every excerpt is verbatim in its source file, and the file is the one recorded."""
    problems = []
    texts: dict[str, str] = {}
    for source_id, relative, sha in ds.con.cursor().execute(
        "SELECT source_id, path, sha256 FROM sources"
    ).fetchall():
        file = resolve_source_path(ds.path, relative)
        if not file.exists():
            problems.append(Problem("sources.parquet", source_id, f"source file {relative} not found"))
            continue
        raw = file.read_bytes()
        if sha and hashlib.sha256(raw).hexdigest() != sha:
            problems.append(Problem("sources.parquet", source_id, f"{relative}: sha256 differs"))
        texts[source_id] = raw.decode("utf-8", errors="replace")
    listed = 0
    excerpts = ds.arrow["excerpts"]
    columns = [excerpts.column(c).to_pylist() for c in ("excerpt_id", "source_id", "char_start", "char_end", "text")]
    for excerpt_id, source_id, start, end, text in zip(*columns):
        source = texts.get(source_id)
        if source is None or source[start:end] == text:
            continue
        listed += 1
        if listed <= MAX_LISTED:
            problems.append(
                Problem("excerpts.parquet", excerpt_id, f"text is not verbatim in {source_id} at {start}-{end}")
            )
    if listed > MAX_LISTED:
        problems.append(Problem("excerpts.parquet", "", f"... and {listed - MAX_LISTED} more not verbatim"))
    return problems


def check_crosswalk_files(ds: Dataset) -> list[Problem]:
    """The analyst's decisions (DIR/crosswalk/*.yaml) name ids this dataset has."""
    from sahel_atlas.importers import crosswalk_file

    folder = ds.path / "crosswalk"
    known = {"actor": set(ds.arrow["actors"].column("actor_id").to_pylist()),
             "location": set(ds.arrow["locations"].column("location_id").to_pylist())}
    problems = []
    for entity, name in crosswalk_file.FILES.items():
        try:
            decisions = crosswalk_file.load(folder, entity)
        except crosswalk_file.CrosswalkError as exc:
            problems.append(Problem(f"crosswalk/{name}", "", str(exc)))
            continue
        for entity_id, where in decisions.ids():
            if entity_id not in known[entity]:
                problems.append(Problem(f"crosswalk/{name}", where.rsplit(", ", 1)[-1],
                                        f"unknown {entity} {entity_id!r}"))
    return problems


def validate(directory: str | Path | None = None) -> list[Problem]:
    """Every problem of a dataset against the contract; an empty list means it is valid."""
    try:
        ds = load_dataset(directory)
    except DatasetError as exc:
        return [Problem(str(directory or "data"), "", str(exc))]
    problems = check_columns(ds)
    if problems:  # Row checks would only fail in confusing ways on the wrong columns.
        return problems
    try:
        return check_rows(ds) + check_excerpts(ds) + check_crosswalk_files(ds)
    except duckdb.Error as exc:
        return [Problem(str(ds.path), "", f"cannot check rows: {exc}")]
