"""The same event in several exports: one event, its newest version, the changes listed.

ACLED revises its data every week, so analysts download overlapping exports. An event id in
several files is one event: the version with the highest ACLED `timestamp` wins, and where
the timestamps are equal or absent, the later file on the command line. What the older
versions said differently goes into the report (dates are compared as dates, so
"29-Jul-18" and "29 July 2018" are the same day; ACLED's 2019 type renames show as changes).
"""

from __future__ import annotations

import duckdb

from sahel_atlas.importers.report import Report
from sahel_atlas.importers.staging import EVENT_COLUMNS

MAX_LISTED = 200  # changes listed one by one in the report file; the rest are counted


def keep_newest(con: duckdb.DuckDBPyConnection, report: Report, labels: dict[int, str],
                source_column: dict[str, str]) -> None:
    """Delete every staged row of an event that is not of its newest file; report changes."""
    con.execute(
        """
        CREATE TEMP TABLE versions AS
        SELECT event_id, file_no, ref, min(seq) AS seq, max(version) AS version,
               row_number() OVER (PARTITION BY event_id
                                  ORDER BY coalesce(max(version), -1) DESC, file_no DESC) AS rank
        FROM staged WHERE event_id IN
            (SELECT event_id FROM staged GROUP BY event_id HAVING count(DISTINCT file_no) > 1)
        GROUP BY event_id, file_no, ref
        """
    )
    events, older = con.execute(
        "SELECT count(DISTINCT event_id), count(*) FILTER (WHERE rank > 1) FROM versions").fetchall()[0]
    if not events:
        con.execute("DROP TABLE versions")
        return
    _list_changes(con, report, labels, source_column)
    con.execute("DELETE FROM staged WHERE (event_id, file_no) IN "
                "(SELECT event_id, file_no FROM versions WHERE rank > 1)")
    report.note(f"{events} event(s) are in several files: the newest version of each is kept "
                f"({older} older version(s) set aside; what changed is listed below)")
    con.execute("DROP TABLE versions")


def _list_changes(con: duckdb.DuckDBPyConnection, report: Report, labels: dict[int, str],
                  source_column: dict[str, str]) -> None:
    parts = [
        f"SELECT o.ref, '{c}' AS col, o.{c}::VARCHAR AS was, n.{c}::VARCHAR AS now, o.file_no AS ofile, "
        f"n.file_no AS nfile FROM pairs JOIN staged o ON o.seq = pairs.old_seq "
        f"JOIN staged n ON n.seq = pairs.new_seq WHERE o.{c} IS DISTINCT FROM n.{c}"
        for c in EVENT_COLUMNS
    ]
    con.execute(
        "CREATE TEMP TABLE pairs AS SELECT o.event_id, o.seq AS old_seq, n.seq AS new_seq "
        "FROM versions o JOIN versions n ON n.event_id = o.event_id AND n.rank = 1 WHERE o.rank > 1"
    )
    changes = con.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 2").fetchall()
    con.execute("DROP TABLE pairs")
    lines = [
        f"{ref}, {source_column.get(col, col)}: {was!r} in {labels[ofile]} -> {now!r} in {labels[nfile]}"
        for ref, col, was, now, ofile, nfile in changes[:MAX_LISTED]
    ]
    if len(changes) > MAX_LISTED:
        lines.append(f"... and {len(changes) - MAX_LISTED} more changes")
    report.section("changes between versions of the same event (the newest kept)", lines)
