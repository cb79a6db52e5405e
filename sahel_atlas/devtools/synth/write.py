"""Writing the synthetic tables: the event tables row group by row group, the others at the end."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.arrays import table
from sahel_atlas.devtools.synth.world import World
from sahel_atlas.store.event_codes import DUCKDB_ROW_GROUP

# DuckDB's own row group: a file in whole groups of it is copied into the cache as it is read
# (see store/event_codes.py), so chunks are buffered and written in whole groups.
ROW_GROUP = DUCKDB_ROW_GROUP
# The tables written chunk by chunk, as the events are generated.
STREAMED = ("events", "event_actors", "claims", "excerpts")


class StreamedTables:
    """One open Parquet writer per streamed table, each written in whole row groups of
    ROW_GROUP rows but the last; close it (or use `with`) to finish the files."""

    def __init__(self, directory: Path) -> None:
        self.writers = {
            name: pq.ParquetWriter(directory / f"{name}.parquet", schema.TABLES[name], compression="zstd")
            for name in STREAMED
        }
        self.pending: dict[str, list[pa.Table]] = {name: [] for name in STREAMED}

    def write(self, name: str, rows: pa.Table) -> None:
        pending = self.pending[name]
        pending.append(rows)
        held = sum(t.num_rows for t in pending)
        if held >= ROW_GROUP:
            whole = pa.concat_tables(pending)
            cut = held // ROW_GROUP * ROW_GROUP
            self.writers[name].write_table(whole.slice(0, cut), row_group_size=ROW_GROUP)
            self.pending[name] = [whole.slice(cut)]

    def close(self) -> None:
        for name, writer in self.writers.items():
            rest = [t for t in self.pending[name] if t.num_rows]
            if rest:
                writer.write_table(pa.concat_tables(rest), row_group_size=ROW_GROUP)
            writer.close()

    def __enter__(self) -> StreamedTables:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_parquet(rows: pa.Table, path: Path) -> None:
    """One whole table, as the streamed ones are written (zstd, the same row groups)."""
    pq.write_table(rows, path, compression="zstd", row_group_size=ROW_GROUP)


def write_reference_tables(directory: Path, world: World, relations: pa.Table,
                           source_rows: list[dict]) -> None:
    """locations, actors, relations and sources: what the events point to."""
    places, actors = world.places, world.actors
    write_parquet(table("locations", {
        "location_id": places.location_id, "name": places.name,
        "country_iso3": places.country_iso3, "latitude": places.latitude,
        "longitude": places.longitude, "precision": places.precision,
        "radius_km": places.radius_km, "aliases": places.aliases,
        "excerpt_ids": [[x] for x in world.place_excerpts],
    }), directory / "locations.parquet")
    write_parquet(table("actors", {
        "actor_id": actors.actor_id, "name": actors.name, "kind": actors.kind,
        "family": actors.family, "aliases": actors.aliases, "summary": world.actor_summaries,
        "excerpt_ids": [[x] for x in world.actor_excerpts],
    }), directory / "actors.parquet")
    write_parquet(relations, directory / "relations.parquet")
    write_parquet(table("sources", {k: [row.get(k) for row in source_rows] for k in schema.TABLES["sources"].names}),
                  directory / "sources.parquet")
    # A synthetic dataset has no import, so no names to cross-walk.
    write_parquet(schema.TABLES["crosswalk"].empty_table(), directory / "crosswalk.parquet")
