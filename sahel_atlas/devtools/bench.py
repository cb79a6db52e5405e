"""`sahel-atlas bench`: the dashboard's representative filters, timed; one JSON object out.

A benchmark, not a test: it measures, on the dataset given, the figures the scale issue sets
targets for (see docs/performance.md):

- `load_s`: opening the dataset as the app does (`load_dataset` + its DuckDB database);
- `queries`: for each filter, what one page rerun asks the engine for a new filter: the
  count (the sentence), the first page of 100 rows (the table), the counts per month (the
  timeline) and the grid cells (the map), through `sahel_atlas.query.run` / `aggregate`. p50 and
  p95 of the total over `repeat` runs, and the p50 of each part;
- `naive`: the same filters the way a plain Streamlit app does it, in a child process so that
  its memory is not counted in ours: `pd.read_parquet` of events.parquet on every rerun,
  boolean masks (`.apply` for list membership, `str.contains` for text), the count and the
  first 100 rows;
- `map_payload_bytes`: the size of the map's deck JSON for the unfiltered view, as the Map
  page draws it (grid cells above `aggregate.DETAIL_LIMIT` events, else places);
- `page_run_s`: each page's script run under Streamlit's `AppTest`, cold (a new session, no
  cached filter results) and warm (the same session run again); `profile` is the most active
  curated group's profile (with every imported event resolved to it), `actors` the Actors page;
- `peak_rss_mb`: this process's peak resident memory (`resource.getrusage`), at the end;
  `peak_rss_mb_engine` the same after the queries (before the map summary and the pages).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT, Dataset, load_dataset
from sahel_atlas.query.model import Filters

PAGES = {
    "map": "app_pages/map.py",
    "timeline": "app_pages/timeline.py",
    "data": "app_pages/data.py",
    "sources": "app_pages/sources.py",
    "disagreements": "app_pages/disagreements.py",
    "actors": "app_pages/actors.py",
    # The profile of the most active curated group, by its URL path (see `_profile_path`).
    "profile": "profile",
}
PAGE_SIZE = 100
SEARCH_WORD = "hostage"
# Above this many events the naive path is not run by default (it needs ~1 GB per 100k).
NAIVE_MAX_EVENTS = 2_000_000


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 2)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def representative_filters(ds: Dataset) -> dict[str, Filters]:
    """The dashboard's typical filters, chosen from the data so they select something.

    One actor is the most active; three actors are the 2nd, 5th and 16th (a mix of sizes);
    one place is the busiest; the narrow date range is one month around the median event.
    """
    con = ds.con.cursor()
    top = [
        a
        for (a,) in con.execute(
            "SELECT actor_id FROM _event_actor GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 16"
        ).fetchall()
    ]
    place = con.execute(
        "SELECT location_id FROM events WHERE location_id IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchall()
    median = con.execute("SELECT quantile_disc(date_start, 0.5) FROM events").fetchall()[0][0]
    median = median or dt.date(2015, 6, 15)
    month = dt.date(median.year, median.month, 1)
    month_end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
    three = [top[i] for i in (1, 4, 15) if i < len(top)] or top[:3]
    busiest = top[:1]
    return {
        "no_filter": Filters(),
        "date_range": Filters(month, month_end),
        "one_actor": Filters(actors=busiest),
        "three_actors": Filters(actors=three),
        "one_place": Filters(places=[place[0][0]] if place else []),
        "event_type": Filters(types=("Battles",)),
        "text_search": Filters(q=SEARCH_WORD),
        "combination": Filters(
            dt.date(median.year - 3, 1, 1),
            dt.date(median.year + 2, 12, 31),
            actors=top[:2],
            types=("Violence against civilians", "Battles"),
            statuses=("confirmed",),
        ),
    }


def dashboard_query(ds: Dataset, filters: Filters) -> dict[str, float]:
    """What a page rerun asks the engine for a new filter; seconds per part, and the count."""
    from sahel_atlas.query import aggregate
    from sahel_atlas.query import run as query

    parts: dict[str, float] = {}
    t = time.perf_counter()
    rows = query.count(ds, filters)
    parts["count"] = time.perf_counter() - t
    t = time.perf_counter()
    aggregate.page_of_events(ds, filters, 0, PAGE_SIZE)
    parts["page"] = time.perf_counter() - t
    t = time.perf_counter()
    aggregate.counts_per_period(ds, filters, "month")
    parts["per_month"] = time.perf_counter() - t
    t = time.perf_counter()
    aggregate.grid_cells(ds, filters, zoom=3.6)
    parts["grid"] = time.perf_counter() - t
    parts["rows"] = rows
    return parts


def time_queries(ds: Dataset, filters: dict[str, Filters], repeat: int) -> dict[str, dict]:
    out = {}
    for name, f in filters.items():
        totals, per_part, rows = [], {}, 0
        for _ in range(max(repeat, 1)):
            ds.memo.clear()  # a new filter each time: the search is not reused between runs
            parts = dashboard_query(ds, f)
            rows = int(parts.pop("rows"))
            totals.append(sum(parts.values()))
            for key, value in parts.items():
                per_part.setdefault(key, []).append(value)
        out[name] = {
            "p50_ms": _ms(statistics.median(totals)),
            "p95_ms": _ms(_p(totals, 95)),
            "rows": rows,
            "parts_p50_ms": {k: _ms(statistics.median(v)) for k, v in per_part.items()},
        }
    return out


# --- naive: a plain Streamlit app's way ----------------------------------------------------


def _naive_once(data: Path, spec: dict) -> int:
    import numpy as np
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
    del np
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
        out[name] = {"p50_ms": _ms(statistics.median(times)), "rows": rows}
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
    specs = json.dumps({name: _spec(f) for name, f in filters.items()})
    code = "import sys; from sahel_atlas.devtools.bench import naive_main; naive_main(sys.argv[1], sys.argv[2], int(sys.argv[3]))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", code, str(data), specs, str(repeat)],
        capture_output=True, text=True, env=env, check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- map payload and pages -----------------------------------------------------------------


def map_payload_bytes(ds: Dataset) -> int:
    """The deck JSON the Map page sends for the unfiltered view: places, or grid cells."""
    from sahel_atlas.query.aggregate import DETAIL_LIMIT, grid_cells
    from sahel_atlas.store.dataset import to_frame
    from sahel_atlas.views.map_cells import DEFAULT_CELL_DEG, cells_summary
    from sahel_atlas.views.map_view import build_deck, place_summary
    from sahel_atlas.query.run import count, select

    if count(ds, Filters()) > DETAIL_LIMIT:
        summary = cells_summary(grid_cells(ds, Filters(), cell_deg=DEFAULT_CELL_DEG))
    else:
        needed = ["event_id", "location_id", "actor_ids", "date_start", "date_end", "date_precision"]
        summary = place_summary(ds, to_frame(select(ds, Filters(), columns=needed)))
    return len(build_deck(ds, summary).to_json().encode("utf-8"))


def _profile_path(data: Path) -> str:
    """The URL path of the most active curated group's profile (AQIM on the atlas's data)."""
    from sahel_atlas.query.actor_index import actor_index

    index = actor_index(load_dataset(data))
    groups = index[(index["kind"] == "group") & (index["origin"] == "curated")]
    groups = groups if not groups.empty else index
    return str(groups.sort_values(["events", "actor_id"], ascending=[False, True])["url_path"].iloc[0])


def page_runs(data: Path, pages: dict[str, str] = PAGES, timeout: float = 120) -> dict[str, dict]:
    """Each page's script run under AppTest, cold then warm, in seconds."""
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    import streamlit as st

    previous = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(data)
    app = str(PROJECT_ROOT / "app.py")
    out: dict[str, dict] = {}
    try:
        first = AppTest.from_file(app, default_timeout=timeout)
        t = time.perf_counter()
        first.run()  # opens the dataset (a server's first visitor); not a page's own cost
        out["_first_open"] = {"s": round(time.perf_counter() - t, 3)}
        for name, page in pages.items():
            st.cache_data.clear()  # a filter nobody has asked for yet
            at = AppTest.from_file(app, default_timeout=timeout)
            if page == "profile":
                at._page_hash = calc_hash(_profile_path(data))  # one file, a path per actor
            else:
                at.switch_page(page)
            runs = {}
            for label in ("cold", "warm"):
                t = time.perf_counter()
                at.run()
                runs[label] = round(time.perf_counter() - t, 3)
            errors = [e.value for e in at.exception] + [e.value for e in at.error]
            if errors:
                runs["errors"] = [str(e)[:200] for e in errors]
            out[name] = runs
    finally:
        if previous is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = previous
    return out


def run(
    data: str | Path,
    repeat: int = 20,
    naive_repeat: int | None = None,
    pages: bool = True,
    naive: bool | None = None,
    map_payload: bool = True,
    log: Callable[[str], None] | None = None,
) -> dict:
    """Every figure of the benchmark as one dict (see the module's docstring)."""
    data = Path(data).expanduser().resolve()
    say = log or (lambda _m: None)
    t = time.perf_counter()
    ds = load_dataset(data)
    ds.con  # noqa: B018 - the database is part of opening the dataset
    load_s = time.perf_counter() - t
    n = ds.count("events")
    say(f"loaded {n:,} events in {load_s:.2f} s")
    filters = representative_filters(ds)
    result: dict = {"events": n, "load_s": round(load_s, 3)}
    result["queries"] = time_queries(ds, filters, repeat)
    # The engine's own footprint: before the map summary and the pages build pandas frames.
    result["peak_rss_mb_engine"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    say("queries timed")
    if naive is None:
        naive = n <= NAIVE_MAX_EVENTS
    if naive:
        raw = time_naive(data, filters, naive_repeat or max(1, min(repeat, 3)))
        result["naive_peak_rss_mb"] = raw.pop("_peak_rss_mb", None)
        result["naive"] = raw
        ratios = [
            raw[k]["p50_ms"] / result["queries"][k]["p50_ms"]
            for k in filters
            if k in raw and isinstance(raw[k], dict) and result["queries"][k]["p50_ms"] > 0
        ]
        result["speedup_median"] = round(statistics.median(ratios), 1) if ratios else None
    else:
        result["naive"] = {"skipped": f"more than {NAIVE_MAX_EVENTS:,} events (use --naive)"}
    say("naive timed")
    result["map_payload_bytes"] = map_payload_bytes(ds) if map_payload else None
    say("map payload measured")
    result["page_run_s"] = page_runs(data) if pages else {"skipped": "--no-pages"}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main(args) -> int:
    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    result = run(
        args.data, repeat=args.repeat, naive_repeat=args.naive_repeat,
        pages=not args.no_pages, naive=True if args.naive else None,
        map_payload=not args.no_map, log=log,
    )
    print(json.dumps(result))
    return 0
