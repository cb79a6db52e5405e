"""`sahel-atlas build`: the YAML annotations and the seed texts to the Parquet tables.

The steps live beside this module: `reading` (YAML, checked by `fields`), `seeds` (the sources
and their texts), `quotes` (each quote found verbatim, with its offsets), `entities` and `events`
(a table's rows), `output` (Arrow tables, written atomically); `report` collects the problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.kb.entities import build_actors, build_locations, build_relations
from sahel_atlas.kb.events import build_events
from sahel_atlas.kb.output import to_table, write_tables
from sahel_atlas.kb.quotes import Quotes
from sahel_atlas.kb.reading import Records, load_records
from sahel_atlas.kb.report import Report
from sahel_atlas.kb.rows import unlabelled
from sahel_atlas.kb.seeds import build_sources
from sahel_atlas.store.paths import PROJECT_ROOT

ANNOTATION_FILES = ("actors", "locations", "events", "relations")


@dataclass
class Paths:
    """Where a build reads from and writes to."""

    root: Path = PROJECT_ROOT
    out: Path | None = None

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def annotations(self) -> Path:
        return self.root / "data" / "annotations"

    @property
    def output(self) -> Path:
        return self.out if self.out is not None else self.root / "data"


def compile_tables(paths: Paths) -> dict[str, pa.Table]:
    """Read and check every annotation; the tables, or ProblemsError listing every problem.

    Every record is first checked field by field (`fields.RECORDS`); only records that pass
    are built, but references to any declared id resolve, so one bad field is one problem.
    """
    quotes = Quotes(Report(paths.root))
    sources = build_sources(quotes, paths.seeds)
    files = {name: paths.annotations / f"{name}.yaml" for name in ANNOTATION_FILES}
    records = {name: load_records(quotes.report, file, name) for name, file in files.items()}
    rows = _build_rows(quotes, records, files)
    quotes.report.raise_if_any()
    rows = {"sources": sources, **rows, "excerpts": list(quotes.excerpts.values())}
    tables = {name: to_table(name, rows[name]) for name in rows}
    tables["crosswalk"] = schema.TABLES["crosswalk"].empty_table()  # filled only by imports
    return tables


def _build_rows(
    quotes: Quotes, records: dict[str, Records], files: dict[str, Path]
) -> dict[str, list[dict[str, Any]]]:
    """The rows of every annotated table, in the order the tables are written."""
    actors = build_actors(quotes, records["actors"].valid, files["actors"])
    locations = build_locations(quotes, records["locations"].valid, files["locations"])
    actor_ids = records["actors"].ids
    # Every declared location resolves, even one whose record failed (it has no coordinates).
    places: dict[str, dict[str, Any]] = {i: {} for i in records["locations"].ids}
    places.update({row["location_id"]: row for _, row in locations})
    events = build_events(quotes, records["events"].valid, files["events"], actor_ids, places)
    relations = build_relations(quotes, records["relations"].valid, files["relations"], actor_ids)
    return {
        "actors": unlabelled(actors),
        "locations": unlabelled(locations),
        "events": unlabelled(events.events),
        "event_actors": events.roles,
        "claims": events.claims,
        "relations": unlabelled(relations),
    }


def build(paths: Paths | None = None) -> dict[str, pa.Table]:
    """Compile the annotations and write the tables; returns them."""
    paths = paths or Paths()
    tables = compile_tables(paths)
    write_tables(tables, paths.output)
    return tables
