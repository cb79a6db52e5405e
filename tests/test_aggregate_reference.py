"""The map's grid cells and the timeline's counts equal their definition, computed in pandas
from the filtered events (the engine groups on hidden integer columns: `_spot`, `_family`,
`_month`)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from sahel_atlas.contract.schema import ACTOR_FAMILIES
from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.query import aggregate as ag
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import apply
from sahel_atlas.store.dataset import Dataset, load_dataset

D = dt.date
FILTERS = [
    Filters(),
    Filters(actors=("jnim",)),
    Filters(D(2012, 1, 1), D(2016, 6, 30)),
    Filters(types=("Battles",), statuses=("confirmed",)),
    Filters(q="mali"),
    Filters(q="nothing matches this"),
]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_dataset(synthesize(4000, tmp_path_factory.mktemp("ref") / "data", seed=11))


def _families(ds: Dataset) -> dict[str, str]:
    actors = ds.actors
    return {a: (f if f in ACTOR_FAMILIES else "other") for a, f in zip(actors["actor_id"], actors["family"])}


def _first_family(events: pd.DataFrame, families: dict[str, str]) -> pd.Series:
    return pd.Series(
        [families.get(ids[0], "other") if len(ids) else "other" for ids in events["actor_ids"]],
        index=events.index, dtype=object,
    )


def _reference_grid(ds: Dataset, filters: Filters, cell: float) -> pd.DataFrame:
    events = apply(ds, filters)
    events = events.assign(family=_first_family(events, _families(ds)))
    placed = events[events["longitude"].notna() & events["latitude"].notna()]
    rows = []
    cells = placed.groupby([placed["longitude"].map(lambda v: math.floor(v / cell)),
                            placed["latitude"].map(lambda v: math.floor(v / cell))])
    for (cx, cy), group in cells:
        tally = group["family"].value_counts()
        family = min(tally.index, key=lambda f: (-tally[f], ACTOR_FAMILIES.index(f)))
        rows.append((round(group["longitude"].mean(), 6), round(group["latitude"].mean(), 6),
                     len(group), family, cx * cell, cy * cell))
    frame = pd.DataFrame(rows, columns=["lon", "lat", "events", "family", "cell_lon", "cell_lat"])
    return frame.sort_values(["events", "cell_lon", "cell_lat"], ascending=[False, True, True],
                             ignore_index=True)


@pytest.mark.parametrize("cell", [0.5, 2.3])
@pytest.mark.parametrize("filters", FILTERS)
def test_grid_cells_are_their_definition(big, filters, cell) -> None:
    got = ag.grid_cells(big, filters, cell_deg=cell)
    expected = _reference_grid(big, filters, cell)
    assert got.attrs["unplaced_events"] == len(apply(big, filters)) - int(expected["events"].sum())
    pd.testing.assert_frame_equal(
        got.drop(columns="cell_deg"), expected, check_dtype=False, atol=2e-6, rtol=0
    )


def _reference_counts(ds: Dataset, filters: Filters, period: str, by: str | None) -> pd.DataFrame:
    events = apply(ds, filters)
    events = events[events["date_start"].notna()]
    start = [D(d.year, d.month if period == "month" else 1, 1) for d in events["date_start"]]
    events = events.assign(period=start, family=_first_family(events, _families(ds)))
    keys = sorted(set(events[by].dropna())) if by else [None]
    tally = events.groupby(["period", by] if by else ["period"], dropna=False).size()
    if not len(events):
        return pd.DataFrame(columns=["period", "key", "events"])
    lo, hi = min(start), max(start)
    periods = [p.date() for p in pd.date_range(lo, hi, freq="MS" if period == "month" else "YS")]
    rows = [(p, k, int(tally.get((p, k) if by else p, 0))) for p in periods for k in keys]
    return pd.DataFrame(rows, columns=["period", "key", "events"])


@pytest.mark.parametrize(("period", "by"), [("month", None), ("year", None), ("month", "family"),
                                            ("year", "event_type"), ("month", "status")])
@pytest.mark.parametrize("filters", FILTERS)
def test_counts_per_period_are_their_definition(big, filters, period, by) -> None:
    got = ag.counts_per_period(big, filters, period, by=by)
    expected = _reference_counts(big, filters, period, by)
    if by is None:
        expected = expected[["period", "events"]]
    assert got.to_dict("list") == expected.to_dict("list")
