"""From staged rows to the contract's tables, in SQL: events, actors, places, texts, excerpts.

Everything here runs in DuckDB over the staged table, so a million rows never become Python
objects; only the text files are written from Python, streamed in batches.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sahel_atlas.importers.report import Report
from sahel_atlas.importers.staging import EVENT_COLUMNS

# Families by name, in RE2 syntax, tried in this order before the actor type's family.
AL_QAEDA = (
    r"(?i)(\bjnim\b|\baqim\b|\bgsim\b|al[- ]?qa[e']?i?da|ansar (al[- ])?dine|ansar eddine|"
    r"katiba (macina|massina)|mourabitoun|\bmujao\b|\bmujwa\b|nusrat al[- ]islam|"
    r"support (group )?(of|for) islam and muslims)"
)
ISLAMIC_STATE = (
    r"(?i)(islamic state|\bisgs\b|\biswap\b|\bissp\b|\bis[- ]sahel\b|\beigs\b|\bdaesh\b|"
    r"\bdaech\b|^is$|^is[ :(-])"
)
ORGANISATION = (
    r"(?i)(united nations|^un:|\bminusma\b|\becowas\b|\bafrican union\b|\bred cross\b|"
    r"\bicrc\b|\bmsf\b|\bngo\b|\bg5 sahel\b)"
)
BATCH_ROWS = 100_000
# Actors are one per name (case and spaces aside); ACLED's "Military Forces of Mali (2013-2020)"
# and "(2021-)" are one force over two periods, so the period is left out of the key.
_PERIOD = r"\(\d{4}-(\d{4})?\)"
FORCE_KEY = rf"regexp_replace(lower(name), '^((military|police) forces of .+?) *{_PERIOD}$', '\1')"
# ... and such an actor is named without the period; its spellings become its aliases.
FORCE_NAME = (
    rf"CASE WHEN regexp_matches(lower(arg_min(name, ord)), '^(military|police) forces of .+{_PERIOD}$') "
    rf"THEN regexp_replace(arg_min(name, ord), ' *{_PERIOD}$', '') ELSE arg_min(name, ord) END"
)


def lit(text: str) -> str:
    """`text` as the body of a SQL string literal."""
    return text.replace("'", "''")


def slug(expr: str, fallback: str) -> str:
    """SQL for a lower-case ASCII slug of `expr`, at most 50 characters, else `fallback`.

    It mirrors `sahel_atlas.text.names.slug` in DuckDB, for ids made in bulk:
    `slug(text)[:50].rstrip("-") or fallback`; tests/test_slugs.py keeps the two in step.
    """
    inner = f"trim(regexp_replace(lower(strip_accents({expr})), '[^a-z0-9]+', '-', 'g'), '-')"
    return f"coalesce(nullif(rtrim(left({inner}, 50), '-'), ''), '{fallback}')"


@dataclass(frozen=True)
class SourceFile:
    """One input file, and the source (a text file in the dataset) its events cite."""

    file_no: int
    label: str  # the file as the report names it
    source_id: str
    title: str
    preamble: str


def find_conflicts(con: duckdb.DuckDBPyConnection, report: Report, files: list[SourceFile],
                   source_column: dict[str, str]) -> None:
    """Rows of one file sharing an event id but not its facts: reported, that version dropped.

    The same id in several files is several versions of the event (versions.py), not a conflict.
    """
    con.execute(
        "CREATE TEMP TABLE dup_first AS SELECT s.* FROM staged s JOIN (SELECT event_id, file_no, "
        "min(seq) AS seq FROM staged GROUP BY event_id, file_no HAVING count(*) > 1) d "
        "USING (event_id, file_no, seq)"
    )
    parts = [
        f"SELECT s.file_no, s.row, s.ref, '{c}' AS col, s.{c}::VARCHAR AS v, f.{c}::VARCHAR AS fv, "
        f"f.row AS frow FROM staged s JOIN dup_first f USING (event_id, file_no) "
        f"WHERE s.seq <> f.seq AND s.{c} IS DISTINCT FROM f.{c}"
        for c in EVENT_COLUMNS
    ]
    rows = con.execute(" UNION ALL ".join(parts) + " ORDER BY file_no, row, col").fetchall()
    labels = {f.file_no: f.label for f in files}
    for file_no, row, ref, column, value, first, first_row in rows:
        report.add(labels[file_no], row, source_column.get(column, column),
                   f"duplicate id {ref} disagrees: {value!r} here, {first!r} in row {first_row}")
    if rows:
        dropped = con.execute(
            "DELETE FROM staged WHERE (event_id, file_no) IN (SELECT DISTINCT s.event_id, s.file_no "
            "FROM staged s JOIN dup_first f USING (event_id, file_no) WHERE s.seq <> f.seq AND ("
            + " OR ".join(f"s.{c} IS DISTINCT FROM f.{c}" for c in EVENT_COLUMNS) + "))"
        ).fetchall()[0][0]
        report.bad_rows += int(dropped)
    con.execute("DROP TABLE dup_first")


def build_tables(con: duckdb.DuckDBPyConnection, origin: str, label: str,
                 files: list[SourceFile]) -> None:
    """Create the imp_<table> tables (events, actors, locations, event_actors, excerpts)."""
    con.execute("CREATE TEMP TABLE files (file_no INTEGER, source_id VARCHAR, preamble BIGINT)")
    con.executemany("INSERT INTO files VALUES (?, ?, ?)",
                    [(f.file_no, f.source_id, len(f.preamble)) for f in files])
    _actors(con, origin, label)
    _events(con, origin)
    _locations(con, origin)


def _actors(con: duckdb.DuckDBPyConnection, origin: str, label: str) -> None:
    """Actors as named in the staged rows: mentions, one actor per key, each event's actors."""
    _mentions(con)
    _actor_keys(con, origin)
    _event_actors(con)
    con.execute("CREATE TEMP TABLE label AS SELECT ? AS label", [label])


def _mentions(con: duckdb.DuckDBPyConnection) -> None:
    # Every mention of an actor: the two actor slots, then each associated actor. `ord` puts
    # main actors first, so an actor's name and type come from where it is a main actor.
    con.execute(
        f"""
        CREATE TEMP TABLE occ AS
        SELECT event_id, seq, slot, name, kind, hint, role, {FORCE_KEY} AS key,
               (slot > 2)::BIGINT * 1000000000000000 + seq * 4 + slot AS ord
        FROM (
            SELECT event_id, seq, slot, trim(name) AS name, kind, hint, role FROM (
                SELECT event_id, seq, 1 AS slot, actor1 AS name, actor1_kind AS kind,
                       actor1_hint AS hint, actor1_role AS role FROM staged
                UNION ALL SELECT event_id, seq, 2, actor2, actor2_kind, actor2_hint, actor2_role
                    FROM staged
                UNION ALL SELECT event_id, seq, 3, unnest(string_split(assoc1, ';')), actor1_kind,
                    actor1_hint, 'supporter' FROM staged WHERE assoc1 <> ''
                UNION ALL SELECT event_id, seq, 4, unnest(string_split(assoc2, ';')), actor2_kind,
                    actor2_hint, 'supporter' FROM staged WHERE assoc2 <> ''
            )
        ) WHERE name IS NOT NULL AND name <> ''
        """
    )


def _actor_keys(con: duckdb.DuckDBPyConnection, origin: str) -> None:
    """One actor per key: its name, id (the slug, numbered where slugs clash), kind and family."""
    con.execute(
        f"""
        CREATE TEMP TABLE act AS
        WITH grouped AS (
            SELECT key, {FORCE_NAME} AS name, arg_min(kind, ord) AS kind,
                   arg_min(hint, ord) AS hint, arg_min(event_id, seq) AS first_event,
                   list_sort(list(DISTINCT name)) AS names, count(DISTINCT event_id) AS n
            FROM occ GROUP BY key
        ), based AS (
            SELECT *, '{origin}-' || {slug('name', 'actor')} AS base FROM grouped
        )
        SELECT key, name, first_event, names, n,
               base || CASE WHEN row_number() OVER (PARTITION BY base ORDER BY key) > 1
                       THEN '-' || row_number() OVER (PARTITION BY base ORDER BY key) ELSE '' END
                   AS actor_id,
               CASE WHEN name ILIKE 'government of%' THEN 'state'
                    WHEN regexp_matches(name, '{lit(ORGANISATION)}') THEN 'organisation'
                    ELSE coalesce(kind, 'group') END AS kind,
               CASE WHEN regexp_matches(name, '{lit(AL_QAEDA)}') THEN 'al-qaeda'
                    WHEN regexp_matches(name, '{lit(ISLAMIC_STATE)}') THEN 'islamic-state'
                    WHEN hint = 'state-forces' OR name ILIKE 'government of%' THEN 'state-forces'
                    ELSE 'other' END AS family
        FROM based
        """
    )


def _event_actors(con: duckdb.DuckDBPyConnection) -> None:
    """Who took part in each event with which role, and each event's actors in order."""
    con.execute(
        "CREATE TEMP TABLE imp_event_actors AS SELECT DISTINCT o.event_id, a.actor_id, o.role "
        "FROM occ o JOIN act a USING (key)"
    )
    # Per event: its actors in order of mention, and their names as spelled there (the header).
    # (Sorting a small list per event is much cheaper than an ORDER BY inside the aggregate.)
    con.execute(
        """
        CREATE TEMP TABLE event_actor_ids AS
        SELECT event_id, list_transform(l, lambda x: x.actor_id) AS actor_ids,
               array_to_string(list_transform(l, lambda x: x.name), '; ') AS actors
        FROM (
            SELECT event_id, list_sort(list({'ord': ord, 'actor_id': actor_id, 'name': name})) AS l
            FROM (SELECT o.event_id, a.actor_id, arg_min(o.name, o.ord) AS name,
                         min(o.ord) AS ord
                  FROM occ o JOIN act a USING (key) GROUP BY ALL)
            GROUP BY event_id
        )
        """
    )


def _events(con: duckdb.DuckDBPyConnection, origin: str) -> None:
    """Events, their excerpts in the files' text, and the actors' table (which cites them)."""
    _first_rows(con, origin)
    _positions(con)
    _excerpts(con)
    _event_rows(con, origin)
    _actor_rows(con, origin)


def _first_rows(con: duckdb.DuckDBPyConnection, origin: str) -> None:
    # The first row of each event speaks for it; its block in the file's text is a header line
    # (id | date | type | actors | place | citation) then the notes, so the excerpts cite the
    # actors' and places' names as well as what happened.
    con.execute(
        f"""
        CREATE TEMP TABLE ev0 AS
        WITH firsts AS (
            SELECT s.* FROM staged s
            JOIN (SELECT event_id, min(seq) AS seq FROM staged GROUP BY event_id) m
            USING (event_id, seq)
        )
        SELECT f.*, n.actor_ids, files.source_id, files.preamble,
               concat_ws(' | ', f.ref, f.date_text,
                         f.event_type || coalesce(': ' || f.sub_event_type, ''), n.actors,
                         concat_ws(', ', nullif(f.place, ''), nullif(f.admin1, ''),
                                   nullif(f.country, '')),
                         'Source: ' || coalesce(nullif(f.citation, ''), 'not named')) AS header,
               '{origin}-' || {slug('f.place', 'place')} || '-' || left(md5(concat_ws('|',
                   coalesce(f.iso3, ''), f.country, f.admin1, f.admin2, f.admin3, f.place,
                   f.latitude::VARCHAR, f.longitude::VARCHAR, f.place_precision)), 8) AS location_id
        FROM firsts f JOIN event_actor_ids n USING (event_id) JOIN files USING (file_no)
        """
    )


def _positions(con: duckdb.DuckDBPyConnection) -> None:
    # Where each block starts in its file: a running sum over a narrow projection (a window
    # over the wide rows would drag every string through the sort).
    con.execute(
        """
        CREATE TEMP TABLE ev AS
        SELECT e.*, o.pos, o.pos + length(e.header) + 1 AS notes_pos FROM ev0 e JOIN (
            SELECT event_id, preamble + coalesce(sum(len) OVER (PARTITION BY file_no ORDER BY seq
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pos
            FROM (SELECT event_id, file_no, seq, preamble, length(header) + 2
                         + CASE WHEN notes <> '' THEN length(notes) + 1 ELSE 0 END AS len FROM ev0)
        ) o USING (event_id)
        """
    )
    con.execute("DROP TABLE ev0")


def _excerpts(con: duckdb.DuckDBPyConnection) -> None:
    """Two excerpts per event: its header line, and its notes when it has any."""
    con.execute(
        """
        CREATE TEMP TABLE imp_excerpts AS
        SELECT source_id || ':' || pos || '-' || (pos + length(header)) AS excerpt_id, source_id,
               pos AS char_start, pos + length(header) AS char_end, header AS text
        FROM ev
        UNION ALL
        SELECT source_id || ':' || notes_pos || '-' || (notes_pos + length(notes)), source_id,
               notes_pos, notes_pos + length(notes), notes
        FROM ev WHERE notes <> ''
        """
    )


def _event_rows(con: duckdb.DuckDBPyConnection, origin: str) -> None:
    """The events' table; each cites its header's excerpt, then its notes'."""
    header_id = "e.source_id || ':' || e.pos || '-' || (e.pos + length(e.header))"
    notes_id = "e.source_id || ':' || e.notes_pos || '-' || (e.notes_pos + length(e.notes))"
    con.execute(
        f"""
        CREATE TEMP TABLE imp_events AS
        SELECT e.event_id, e.title, e.event_type, e.sub_event_type, e.date_start, e.date_end,
               e.date_precision, e.location_id, e.latitude, e.longitude, e.actor_ids, e.status,
               CASE WHEN e.description <> '' THEN e.description ELSE e.header END AS description,
               e.fatalities, [e.source_id] AS source_ids,
               CASE WHEN e.notes <> '' THEN [{header_id}, {notes_id}] ELSE [{header_id}] END
                   AS excerpt_ids,
               '{origin}' AS origin, nullif(e.citation, '') AS citation, e.fatalities_low,
               e.fatalities_high
        FROM ev e
        """
    )


def _actor_rows(con: duckdb.DuckDBPyConnection, origin: str) -> None:
    """The actors' table: a summary of where each is named, citing its first event's header."""
    con.execute(
        f"""
        CREATE TEMP TABLE imp_actors AS
        SELECT a.actor_id, a.name, a.kind, a.family,
               list_filter(a.names, lambda x: x <> a.name) AS aliases,
               a.name || ': named in ' || a.n || ' ' || l.label || ' event'
                   || CASE WHEN a.n > 1 THEN 's' ELSE '' END || ', '
                   || CASE WHEN year(d.lo) = year(d.hi) THEN year(d.lo)::VARCHAR
                      ELSE year(d.lo) || '-' || year(d.hi) END || '.' AS summary,
               [x.excerpt_id] AS excerpt_ids, '{origin}' AS origin
        FROM act a CROSS JOIN label l
        JOIN (SELECT event_id, source_id || ':' || pos || '-' || (pos + length(header))
                  AS excerpt_id FROM ev) x ON x.event_id = a.first_event
        JOIN (SELECT ea.actor_id, min(e.date_start) AS lo, max(e.date_end) AS hi
              FROM imp_event_actors ea JOIN ev e USING (event_id) GROUP BY ea.actor_id) d
            USING (actor_id)
        """
    )


def _locations(con: duckdb.DuckDBPyConnection, origin: str) -> None:
    con.execute(
        f"""
        CREATE TEMP TABLE imp_locations AS
        SELECT e.location_id,
               arg_min(coalesce(nullif(e.place, ''), nullif(e.admin3, ''), nullif(e.admin2, ''),
                                nullif(e.admin1, ''), e.country), e.seq) AS name,
               arg_min(e.iso3, e.seq) AS country_iso3, arg_min(e.latitude, e.seq) AS latitude,
               arg_min(e.longitude, e.seq) AS longitude,
               arg_min(e.place_precision, e.seq) AS precision,
               arg_min(e.radius_km, e.seq) AS radius_km, []::VARCHAR[] AS aliases,
               [arg_min(e.source_id || ':' || e.pos || '-' || (e.pos + length(e.header)), e.seq)]
                   AS excerpt_ids, '{origin}' AS origin
        FROM ev e GROUP BY e.location_id
        """
    )


def write_texts(con: duckdb.DuckDBPyConnection, files: list[SourceFile], texts: Path
                ) -> dict[int, tuple[str, int]]:
    """Write each file's text (preamble, then its blocks in order); file_no -> (sha256, chars)."""
    texts.mkdir(parents=True, exist_ok=True)
    written = {}
    for f in files:
        digest, chars = hashlib.sha256(), 0
        with (texts / f"{f.source_id}.txt").open("wb") as handle:
            reader = con.sql(
                "SELECT header || chr(10) || CASE WHEN notes <> '' THEN notes || chr(10) ELSE '' "
                "END || chr(10) FROM ev WHERE file_no = $1 ORDER BY seq", params=[f.file_no]
            ).to_arrow_reader(BATCH_ROWS)
            for text in (f.preamble, *("".join(b.column(0).to_pylist()) for b in reader)):
                data = text.encode("utf-8")
                handle.write(data)
                digest.update(data)
                chars += len(text)
        written[f.file_no] = (digest.hexdigest(), chars)
    return written
