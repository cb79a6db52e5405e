"""The benchmark's baseline: the filters the way a plain Streamlit app runs them, in pandas.

`pd.read_parquet` of events.parquet on every rerun, boolean masks (`.apply` for list
membership, `str.contains` for text), the count and the first page of rows. It runs in a
child process (`time_naive`) so that its memory is not counted in the benchmark's own.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from pathlib import Path

from sahel_atlas.devtools.child import run_json
from sahel_atlas.query.model import Filters

PAGE_SIZE = 100  # the first page of rows, read by the naive path and the engine alike


def ms(seconds: float) -> float:
    """Seconds as milliseconds, to 0.01 ms."""
    return round(seconds * 1000.0, 2)


def _naive_once(data: Path, spec: dict) -> int:
    import pandas as pd

    events = pd.read_parquet(data / "events.parquet")  # on every rerun, as a plain app does
    mask = pd.Series(True, index=events.index)
    if spec.get("date_to"):
        mask &= pd.to_datetime(events["date_start"]) <= pd.Timestamp(spec["date_to"])
    if spec.get("date_from"):
        end = pd.to_datetime(events["date_end"].fillna(events["date_start"]))
        mask &= end >= pd.Timestamp(spec["date_from"])
    if spec.get("actors"):
        wanted = set(spec["actors"])
        mask &= events["actor_ids"].apply(lambda ids: ids is not None and bool(wanted & set(ids)))
    if spec.get("types"):
        mask &= events["event_type"].isin(spec["types"]) | events["sub_event_type"].isin(spec["types"])
    if spec.get("places"):
        locations = pd.read_parquet(data / "locations.parquet", columns=["location_id", "country_iso3"])
        in_country = locations.loc[locations["country_iso3"].isin(spec["places"]), "location_id"]
        mask &= events["location_id"].isin(spec["places"]) | events["location_id"].isin(in_country)
    if spec.get("statuses"):
        mask &= events["status"].isin(spec["statuses"])
    if spec.get("q"):
        text = events["title"].fillna("") + "\n" + events["description"].fillna("")
        mask &= text.str.contains(spec["q"], case=False, regex=False)
    selected = events[mask].sort_values(["date_start", "event_id"])
    selected.head(PAGE_SIZE)
    return int(len(selected))


def naive_main(data: str, specs_json: str, repeat: int) -> None:
    """Child process entry: time each naive filter, print JSON (name -> p50 etc.)."""
    specs = json.loads(specs_json)
    out = {}
    for name, spec in specs.items():
        times, rows = [], 0
        for _ in range(max(repeat, 1)):
            t = time.perf_counter()
            rows = _naive_once(Path(data), spec)
            times.append(time.perf_counter() - t)
        out[name] = {"p50_ms": ms(statistics.median(times)), "rows": rows}
    out["_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out))


def _spec(f: Filters) -> dict:
    return {
        "date_from": f.date_from.isoformat() if f.date_from else None,
        "date_to": f.date_to.isoformat() if f.date_to else None,
        "actors": list(f.actors), "types": list(f.types), "places": list(f.places),
        "statuses": list(f.statuses), "q": f.q,
    }


def time_naive(data: Path, filters: dict[str, Filters], repeat: int) -> dict:
    """Each filter's naive p50 and rows, and the child's `_peak_rss_mb` (or an "error")."""
    specs = json.dumps({name: _spec(f) for name, f in filters.items()})
    code = ("import sys; from sahel_atlas.devtools.naive import naive_main; "
            "naive_main(sys.argv[1], sys.argv[2], int(sys.argv[3]))")
    return run_json(["-c", code, str(data), specs, str(repeat)])
