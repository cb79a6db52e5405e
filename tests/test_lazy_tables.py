"""A dataset's tables are read on first use, by whatever path a caller reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_atlas.contract.schema import TABLES
from sahel_atlas.store.dataset import LazyTables, load_dataset


@pytest.fixture()
def tables(tiny_data: Path) -> LazyTables:
    return load_dataset(tiny_data).arrow


@pytest.mark.parametrize(
    "read",
    [
        lambda t: t["actors"],
        lambda t: t.get("actors"),
        lambda t: dict(t.items())["actors"],
        lambda t: list(t.values())[list(t).index("actors")],
    ],
    ids=["getitem", "get", "items", "values"],
)
def test_every_way_of_reading_a_table_loads_it(tables: LazyTables, read) -> None:
    assert not tables.loaded("actors")
    table = read(tables)
    assert table is not None and table.num_rows > 0
    assert tables.loaded("actors")
    assert read(tables) is table  # read once


def test_asking_which_tables_there_are_reads_none(tables: LazyTables) -> None:
    assert "events" in tables and "no_such_table" not in tables
    assert len(tables) == len(list(tables.keys())) == len(TABLES)
    assert not any(tables.loaded(name) for name in tables)


def test_an_unknown_table_is_a_key_error(tables: LazyTables) -> None:
    assert tables.get("no_such_table") is None
    with pytest.raises(KeyError):
        tables["no_such_table"]


def test_each_table_is_a_typed_property(tiny_data: Path) -> None:
    ds = load_dataset(tiny_data)
    assert list(ds.actors.columns) == ds.arrow["actors"].schema.names
    assert ds.frame("actors") is ds.actors
    with pytest.raises(KeyError, match="no table 'nope'"):
        ds.frame("nope")
