"""`--with DIR`: a curated (or any valid) dataset merged into the import, its texts copied."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

import duckdb
import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.store.dataset import DatasetError, read_table, resolve_source_path
from sahel_atlas.importers.report import Report

_IDS = {"sources": "source_id", "actors": "actor_id", "locations": "location_id",
        "events": "event_id", "excerpts": "excerpt_id"}


def load_with(con: duckdb.DuckDBPyConnection, directory: Path, dataset: Path,
              report: Report) -> bool:
    """Register the dataset's tables as cur_<table> and copy its source files into `dataset`."""
    label = str(directory)
    if not directory.is_dir():
        report.add(label, 0, "", "--with: no such dataset folder")
        return False
    try:
        tables = {name: read_table(directory, name) for name in schema.TABLES}
    except DatasetError as exc:
        report.add(label, 0, "", f"--with: {exc}")
        return False
    tables["sources"] = _copy_texts(tables["sources"], directory, dataset, report)
    for name, table in tables.items():
        con.register(f"cur_{name}", table)
    return True


def _copy_texts(sources: pa.Table, directory: Path, dataset: Path, report: Report) -> pa.Table:
    """Copy every source file; a path that would leave the dataset is moved under texts/."""
    rows = sources.to_pylist()
    for row in rows:
        relative = PurePosixPath(row["path"])
        if relative.is_absolute() or ".." in relative.parts:
            row["path"] = f"texts/curated/{row['source_id']}{relative.suffix}"
        origin = resolve_source_path(directory, str(relative))
        if not origin.is_file():
            report.add(str(directory), 0, "sources.path", f"--with: source file {relative} not found")
            continue
        target = dataset / row["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)
    return pa.Table.from_pylist(rows, schema=sources.schema)


def check_collisions(con: duckdb.DuckDBPyConnection, label: str, report: Report) -> None:
    """Ids that both the import and the --with dataset use (importing a file twice, say)."""
    for name, key in _IDS.items():
        clashes = con.execute(
            f"SELECT i.{key} FROM imp_{name} i JOIN cur_{name} c USING ({key}) ORDER BY 1 LIMIT 5"
        ).fetchall()
        for (value,) in clashes:
            report.add(label, 0, key, f"--with: id {value!r} is in both datasets ({name})")
