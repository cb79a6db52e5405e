"""Loading a built dataset: the Parquet tables of the data contract, read once."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sahel_atlas.schema import TABLES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
ENV_VAR = "SAHEL_ATLAS_DATA"
# Tables a dataset may omit (older or imported datasets); they load as empty tables.
OPTIONAL_TABLES = ("event_actors", "claims")


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


@dataclass
class Dataset:
    """The tables of one data directory as pandas frames, plus a DuckDB connection over them."""

    path: Path
    arrow: dict[str, pa.Table]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    _con: duckdb.DuckDBPyConnection | None = None

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            if name not in self.frames:
                self.frames[name] = to_frame(self.arrow[name])
            return self.frames[name]
        raise AttributeError(name)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB database holding every table; use `.cursor()` per thread."""
        if self._con is None:
            con = duckdb.connect()
            for name, table in self.arrow.items():
                # Copied into DuckDB's own storage: registered Arrow objects are not
                # visible to cursors, and native tables query faster.
                con.register("_incoming", table)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
                con.unregister("_incoming")
            self._con = con
        return self._con

    def source_text(self, source_id: str) -> str:
        """The full text of one source document."""
        return _source_text(self.path, self.source_paths()[source_id])

    def source_paths(self) -> dict[str, str]:
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
    return Dataset(directory, {name: read_table(directory, name) for name in TABLES})


@functools.lru_cache(maxsize=8)
def cached_dataset(path: str | None = None) -> Dataset:
    """`load_dataset`, once per directory for the life of the process."""
    return load_dataset(path)
