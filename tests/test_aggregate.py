"""Server-side aggregates: grid cells, counts per period, pages, and the streamed CSV."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from sahel_atlas.query import aggregate as ag
from sahel_atlas.store.dataset import Dataset, load_dataset
from sahel_atlas.export.csv_file import readable_events, to_csv_bytes
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import apply, count, select
from sahel_atlas.devtools.synth.dataset import synthesize

from export_data import FORMULA_DESCRIPTIONS, FORMULA_TITLES, write_export_dataset

D = dt.date


@pytest.fixture(scope="module")
def ds(tiny_data: Path) -> Dataset:
    return load_dataset(tiny_data)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_dataset(synthesize(3000, tmp_path_factory.mktemp("agg") / "data", seed=5))


FILTERS = [
    Filters(),
    Filters(actors=("aqim", "jnim")),
    Filters(D(2012, 1, 1), D(2018, 12, 31)),
    Filters(q="menaka"),
    Filters(places=("MLI",), statuses=("disputed",)),
    Filters(q="nothing matches this"),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_count_and_select_agree_with_apply(ds, filters) -> None:
    frame = apply(ds, filters)
    assert count(ds, filters) == len(frame)
    assert select(ds, filters, columns=["event_id"])["event_id"].to_pylist() == frame["event_id"].tolist()


@pytest.mark.parametrize("filters", FILTERS)
def test_grid_cells_count_every_placed_event(ds, filters) -> None:
    cells = ag.grid_cells(ds, filters, cell_deg=1.0)
    assert list(cells.columns) == ["lon", "lat", "events", "family", "cell_lon", "cell_lat", "cell_deg"]
    placed = apply(ds, filters)["latitude"].notna().sum()
    assert cells["events"].sum() == placed
    assert cells["events"].sum() + cells.attrs["unplaced_events"] == count(ds, filters)
    assert cells["events"].is_monotonic_decreasing
    assert set(cells["family"]) <= {"al-qaeda", "islamic-state", "state-forces", "other"}
    # A cell's mean position lies inside the cell.
    for row in cells.itertuples():
        assert row.cell_lon <= row.lon < row.cell_lon + 1.0 + 1e-9
        assert row.cell_lat <= row.lat < row.cell_lat + 1.0 + 1e-9


def test_grid_cells_follow_the_zoom(big: Dataset) -> None:
    far = ag.grid_cells(big, Filters(), zoom=2)
    near = ag.grid_cells(big, Filters(), zoom=7)
    assert far.attrs["cell_deg"] > near.attrs["cell_deg"]
    assert len(far) < len(near)
    assert far["events"].sum() == near["events"].sum()
    assert ag.cell_size_for_zoom(0) == ag.MAX_CELL_DEG
    assert ag.cell_size_for_zoom(30) == ag.MIN_CELL_DEG


def test_grid_cells_accept_a_connection(big: Dataset) -> None:
    by_ds = ag.grid_cells(big, Filters(actors=("jnim",)), cell_deg=2.0)
    by_con = ag.grid_cells(big.con, Filters(actors=("jnim",)), cell_deg=2.0)
    pd.testing.assert_frame_equal(by_ds, by_con, check_exact=False)


def test_grid_cells_reject_a_bad_size(ds) -> None:
    with pytest.raises(ValueError):
        ag.grid_cells(ds, Filters(), cell_deg=0)


@pytest.mark.parametrize("filters", FILTERS)
def test_counts_per_year_add_up(ds, filters) -> None:
    per_year = ag.counts_per_period(ds, filters, "year")
    events = apply(ds, filters)
    assert per_year["events"].sum() == len(events)
    if len(events):
        years = [p.year for p in per_year["period"]]
        assert years == list(range(min(years), max(years) + 1))  # empty years are zeros
        assert all(p.month == 1 and p.day == 1 for p in per_year["period"])
        first = min(events["date_start"]).year
        assert per_year.loc[per_year["period"] == D(first, 1, 1), "events"].iloc[0] >= 1


def test_counts_per_month_by_family(big: Dataset) -> None:
    frame = ag.counts_per_period(big, Filters(), "month", by="family")
    assert list(frame.columns) == ["period", "key", "events"]
    assert frame["events"].sum() == count(big, Filters())
    months = sorted(set(frame["period"]))
    assert all(m.day == 1 for m in months)
    assert len(months) == (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
    with pytest.raises(ValueError):
        ag.counts_per_period(big, Filters(), "week")
    with pytest.raises(ValueError):
        ag.counts_per_period(big, Filters(), "month", by="colour")


def test_pages_cover_every_row_once(big: Dataset) -> None:
    f = Filters(types=("Battles",))
    total = count(big, f)
    ids = []
    for offset in range(0, total, 250):
        page = ag.page_of_events(big, f, offset, 250)
        assert len(page) == min(250, total - offset)
        ids += page["event_id"].tolist()
    assert ids == apply(big, f)["event_id"].tolist()
    assert isinstance(page.iloc[0]["actor_ids"], list)
    assert ag.page_of_events(big, f, total + 10, 50).empty


def test_an_empty_page_keeps_the_columns(ds) -> None:
    page = ag.page_of_events(ds, Filters(q="nothing matches this"), 0, 10)
    assert page.empty and "actor_ids" in page.columns


@pytest.mark.parametrize("filters", FILTERS)
def test_streamed_csv_is_the_export(ds, filters) -> None:
    expected = to_csv_bytes(readable_events(ds, apply(ds, filters)))
    assert b"".join(ag.stream_csv(ds, filters, chunk_rows=3)) == expected


def test_streamed_csv_in_chunks_on_a_bigger_dataset(big: Dataset) -> None:
    f = Filters(actors=("fama",))
    chunks = list(ag.stream_csv(big, f, chunk_rows=200))
    assert len(chunks) > 2
    data = b"".join(chunks)
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert data == to_csv_bytes(readable_events(big, apply(big, f)))
    out = io.BytesIO()
    assert ag.write_csv(big, f, out, chunk_rows=500) == len(data)


@pytest.fixture(scope="module")
def formulas(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """More events than DETAIL_LIMIT, a few of them with formula-like titles and descriptions."""
    return load_dataset(write_export_dataset(tmp_path_factory.mktemp("export"), n_events=3_000))


@pytest.mark.parametrize("chunk_rows", [250, 1_000, ag.CSV_CHUNK_ROWS])
@pytest.mark.parametrize(
    "filters", [Filters(), Filters(D(2005, 1, 1), None), Filters(q="menaka")],
    ids=["all", "from-2005", "search"],
)
def test_the_large_export_is_the_small_export_byte_for_byte(
    formulas: Dataset, filters: Filters, chunk_rows: int
) -> None:
    expected = to_csv_bytes(readable_events(formulas, apply(formulas, filters)))
    data = ag.csv_bytes(formulas, filters, chunk_rows=chunk_rows)
    assert type(data) is bytes  # what a download button's callable may return
    assert data == expected
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1


def test_the_large_export_guards_formulas_and_keeps_every_row(formulas: Dataset) -> None:
    filters = Filters(D(2005, 1, 1), None)
    assert count(formulas, filters) > ag.DETAIL_LIMIT  # the aggregated path, not the small one
    data = ag.csv_bytes(formulas, filters, chunk_rows=500)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back["Event ID"]) == list(apply(formulas, filters)["event_id"])
    for text in FORMULA_TITLES:
        assert list(back["Title"]).count("'" + text) == 1
    for text in FORMULA_DESCRIPTIONS:
        assert list(back["Description"]).count("'" + text) == 1
    # Numbers are data: a negative longitude or a count is never prefixed.
    assert not back["Longitude"].str.startswith("'").any()


def test_a_large_dataset_is_cached_on_disk_and_answers_the_same(
    big: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sahel_atlas.store import dataset

    monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 1000)
    monkeypatch.setenv(dataset.CACHE_ENV_VAR, str(tmp_path / "cache"))
    on_disk = load_dataset(big.path)
    f = Filters(D(2010, 1, 1), D(2020, 12, 31), actors=("jnim", "fama"), q="near")
    assert count(on_disk, f) == count(big, f) > 0
    assert len(list((tmp_path / "cache").glob("*.duckdb"))) == 1
    again = load_dataset(big.path)  # reuses the file, read-only
    assert ag.page_of_events(again, f, 5, 20)["event_id"].tolist() == (
        ag.page_of_events(big, f, 5, 20)["event_id"].tolist()
    )
    pd.testing.assert_frame_equal(
        ag.grid_cells(again, f, cell_deg=1.5), ag.grid_cells(big, f, cell_deg=1.5), check_exact=False
    )


@pytest.mark.parametrize("rule", ["overlap", "within"])
def test_aggregates_follow_the_date_rule(big: Dataset, rule: str) -> None:
    """The >2,000-event path counts exactly the events the sentence and the table count."""
    filters = Filters(D(2013, 1, 1), D(2013, 12, 31), dates=rule)
    total = count(big, filters)
    assert total == len(apply(big, filters))
    assert ag.counts_per_period(big, filters, "month")["events"].sum() == total
    cells = ag.grid_cells(big, filters, cell_deg=2.0)
    assert cells["events"].sum() + cells.attrs["unplaced_events"] == total
    csv = b"".join(ag.stream_csv(big, filters, chunk_rows=100))
    assert len(pd.read_csv(io.BytesIO(csv))) == total


def test_within_counts_fewer_and_only_events_inside_the_window(big: Dataset) -> None:
    window = Filters(D(2013, 1, 1), D(2013, 12, 31))
    within = Filters(D(2013, 1, 1), D(2013, 12, 31), dates="within")
    assert 0 < count(big, within) < count(big, window)
    rows = apply(big, within)
    assert rows["date_start"].min() >= D(2013, 1, 1) and rows["date_end"].max() <= D(2013, 12, 31)
    per_month = ag.counts_per_period(big, within, "month")
    assert {p.year for p in per_month["period"]} == {2013}
