"""`event_actors` is read in place from its Parquet file (a view), with the same rows, in the
same order, as a copy of it (`store/dataset._IN_PLACE`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_atlas.contract.schema import TABLES
from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.store import dataset
from sahel_atlas.store.dataset import Dataset, load_dataset, read_table


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(2000, tmp_path_factory.mktemp("in-place") / "data", seed=5)


def _copied(data: Path) -> Dataset:
    """The same dataset given as Arrow tables: every table is copied in."""
    return Dataset(data, {name: read_table(data, name) for name in TABLES})


@pytest.fixture(params=["memory", "cache"])
def in_place(request, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    if request.param == "cache":
        monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 1000)
        monkeypatch.setenv(dataset.CACHE_ENV_VAR, str(tmp_path / "cache"))
    ds = load_dataset(data)
    ds.index_text = False
    return ds


def _kind(ds: Dataset, table: str) -> str:
    rows = ds.con.cursor().execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = ?", [table]).fetchall()
    return rows[0][0]


def test_event_actors_is_a_view_of_the_file_and_the_others_are_copies(in_place, data) -> None:
    assert _kind(in_place, "event_actors") == "VIEW"
    assert _kind(in_place, "excerpts") == _kind(in_place, "events") == "BASE TABLE"
    assert _kind(_copied(data), "event_actors") == "BASE TABLE"


def test_lookups_by_id_give_the_rows_of_a_copy_in_its_order(in_place, data) -> None:
    copied = _copied(data)
    ids = list(copied.event_actors["event_id"].drop_duplicates().sample(300, random_state=1))
    ids += ["no-such-event", "' OR 1=1 --"]
    got = in_place.rows_by_id("event_actors", "event_id", ids)
    expected = copied.rows_by_id("event_actors", "event_id", ids)
    assert len(got) > 300
    assert got.to_dict("records") == expected.to_dict("records")
    assert in_place.count("event_actors") == copied.count("event_actors")
