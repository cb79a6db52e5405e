"""`sahel-atlas bench`: the dashboard's representative filters, timed; one JSON object out.

A benchmark, not a test: it measures, on the dataset given, the figures the scale issue sets
targets for (see docs/performance.md):

- `load_s`: opening the dataset as the app does (`load_dataset` + its DuckDB database);
  `first_open_steps_s` the seconds of each step when the database was built by this run
  (empty when the cache had it); `text_index_s` the wait for what a first open leaves to
  a background thread: folding the texts, then (unless `--no-text-index`) their trigram
  index (None when the cache had them);
- `queries`: for each filter, what one page rerun asks the engine for a new filter: the
  count (the sentence), the first page of 100 rows (the table), the counts per month (the
  timeline) and the grid cells (the map), through `sahel_atlas.query.run` / `aggregate`. p50 and
  p95 of the total over `repeat` runs, and the p50 of each part;
- `naive`: the same filters the way a plain Streamlit app does it (devtools/naive.py), in a
  child process whose peak memory is `naive_peak_rss_mb`;
- `map_payload_bytes`: the size of the map's deck JSON for the unfiltered view, as the Map
  page draws it (grid cells above `aggregate.DETAIL_LIMIT` events, else places);
- `page_run_s`: each page's script run under Streamlit's `AppTest`, cold and warm, timed by
  `scripts/bench_pages.py` in a child process (this package never imports Streamlit); its
  peak memory is `page_peak_rss_mb`;
- `peak_rss_mb`: this process's peak resident memory (`resource.getrusage`), at the end;
  `peak_rss_mb_engine` the same after the queries (before the map summary);
- `text_search_scan`: the text search again without the index, in the same run;
- `targets`: issue 12's targets for the dataset's size and whether each was met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sahel_atlas.devtools.child import run_json
from sahel_atlas.devtools.naive import PAGE_SIZE, ms, time_naive
from sahel_atlas.query.model import Filters
from sahel_atlas.store.dataset import Dataset, load_dataset
from sahel_atlas.store.paths import PROJECT_ROOT, ROOT_ENV_VAR

# Times each page under Streamlit's AppTest, outside the package (see its docstring).
PAGES_SCRIPT = PROJECT_ROOT / "scripts" / "bench_pages.py"
SEARCH_WORD = "hostage"
# Above this many events the naive path is not run by default (it needs ~1 GB per 100k).
NAIVE_MAX_EVENTS = 2_000_000


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
    """Each filter's p50 and p95 over `repeat` runs, its rows, and the p50 of each part."""
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
            "p50_ms": ms(statistics.median(totals)),
            "p95_ms": ms(_p(totals, 95)),
            "rows": rows,
            "parts_p50_ms": {k: ms(statistics.median(v)) for k, v in per_part.items()},
        }
    return out


# --- map payload and pages -----------------------------------------------------------------


def map_payload_bytes(ds: Dataset) -> int:
    """The deck JSON the Map page sends for the unfiltered view: places, or grid cells."""
    from sahel_atlas.query.aggregate import DETAIL_LIMIT, grid_cells
    from sahel_atlas.store.dataset import to_frame
    from sahel_atlas.views.map.cells import DEFAULT_CELL_DEG, cells_summary
    from sahel_atlas.views.map.deck import build_deck
    from sahel_atlas.views.map.places import place_summary
    from sahel_atlas.query.run import count, select

    if count(ds, Filters()) > DETAIL_LIMIT:
        summary = cells_summary(grid_cells(ds, Filters(), cell_deg=DEFAULT_CELL_DEG))
    else:
        needed = ["event_id", "location_id", "actor_ids", "date_start", "date_end", "date_precision"]
        summary = place_summary(ds, to_frame(select(ds, Filters(), columns=needed)))
    return len(build_deck(ds, summary).to_json().encode("utf-8"))


def time_pages(data: Path) -> tuple[dict, int | None]:
    """Each page's cold and warm script run, from scripts/bench_pages.py; and its peak RSS."""
    if not PAGES_SCRIPT.is_file():
        return {"skipped": f"{PAGES_SCRIPT} not found: set {ROOT_ENV_VAR} to the checkout"}, None
    runs = run_json([str(PAGES_SCRIPT), "--data", str(data)])
    return runs, runs.pop("_peak_rss_mb", None)


def _rss_mb() -> int:
    """This process's peak resident memory so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _open(data: Path, text_index: bool = True) -> tuple[Dataset, float, dict[str, float]]:
    """The dataset opened as the app opens it, the seconds that took, and the seconds of each
    step of building its database (empty when the cache had it already)."""
    heard: list[tuple[float, str]] = []
    t = time.perf_counter()
    ds = load_dataset(data)
    ds.index_text = text_index
    ds.connect(lambda _f, message: heard.append((time.perf_counter() - t, message)))
    took = time.perf_counter() - t
    ends = [at for at, _ in heard[1:]] + [took]
    steps = {message: round(end - at, 2) for (at, message), end in zip(heard, ends)}
    return ds, took, steps


def _text_index(ds: Dataset) -> float | None:
    """Wait for the text index the open started building; the seconds waited (None: none)."""
    if ds.indexing is None:
        return None
    t = time.perf_counter()
    ds.indexing.join()
    return round(time.perf_counter() - t, 2)


# Issue 12's targets by dataset size: every filter's p50, the text search's p50 (ms).
TARGETS = {1_000_000: (50.0, 100.0), 10_000_000: (150.0, 250.0)}
SPEEDUP_TARGET = 10.0
FIRST_OPEN_TARGET_S = 30.0  # building the database of 10M events
LATER_OPEN_TARGET_S = 1.0


def targets(result: dict) -> dict:
    """The targets for this dataset's size (the nearest of 1M and 10M) and whether each is met."""
    size = min(TARGETS, key=lambda k: abs(k - result["events"]))
    filter_ms, search_ms = TARGETS[size]
    queries = result["queries"]
    met = {name: q["p50_ms"] <= (search_ms if name == "text_search" else filter_ms)
           for name, q in queries.items()}
    out = {"for_events": size, "filter_p50_ms": filter_ms, "search_p50_ms": search_ms, "met": met}
    if result.get("speedup_median") is not None:
        out["speedup_min"] = SPEEDUP_TARGET
        met["speedup"] = result["speedup_median"] >= SPEEDUP_TARGET
    if result.get("first_open_steps_s"):
        out["first_open_s"] = FIRST_OPEN_TARGET_S
        met["first_open"] = result["load_s"] <= FIRST_OPEN_TARGET_S
    else:
        out["later_open_s"] = LATER_OPEN_TARGET_S
        met["later_open"] = result["load_s"] < LATER_OPEN_TARGET_S
    return out


def naive_figures(data: Path, filters: dict[str, Filters], queries: dict, repeat: int) -> dict:
    """`naive_peak_rss_mb`, `naive` and `speedup_median`: naive p50 / engine p50, the median."""
    raw = time_naive(data, filters, repeat)
    peak = raw.pop("_peak_rss_mb", None)
    ratios = [
        raw[k]["p50_ms"] / queries[k]["p50_ms"]
        for k in filters
        if k in raw and isinstance(raw[k], dict) and queries[k]["p50_ms"] > 0
    ]
    return {"naive_peak_rss_mb": peak, "naive": raw,
            "speedup_median": round(statistics.median(ratios), 1) if ratios else None}


def run(
    data: str | Path,
    repeat: int = 20,
    naive_repeat: int | None = None,
    pages: bool = True,
    naive: bool | None = None,
    map_payload: bool = True,
    log: Callable[[str], None] | None = None,
    text_index: bool = True,
) -> dict:
    """Every figure of the benchmark as one dict (see the module's docstring)."""
    data = Path(data).expanduser().resolve()
    say = log or (lambda _m: None)
    ds, load_s, steps = _open(data, text_index)
    n = ds.count("events")
    say(f"loaded {n:,} events in {load_s:.2f} s")
    result: dict = {"events": n, "load_s": round(load_s, 3), "first_open_steps_s": steps}
    result["text_index_s"] = _text_index(ds)
    say(f"text index: {result['text_index_s']} s" if ds.text_index else "no text index")
    filters = representative_filters(ds)
    result["queries"] = time_queries(ds, filters, repeat)
    if ds.text_index is not None:
        # The same search without the index, in the same run: the before/after ratio.
        index, ds.text_index = ds.text_index, None
        result["text_search_scan"] = time_queries(ds, {"text_search": filters["text_search"]},
                                                  repeat)["text_search"]
        ds.text_index = index
    # The engine's own footprint: before the map summary builds pandas frames.
    result["peak_rss_mb_engine"] = _rss_mb()
    say("queries timed")
    if naive if naive is not None else n <= NAIVE_MAX_EVENTS:
        result |= naive_figures(data, filters, result["queries"], naive_repeat or max(1, min(repeat, 3)))
    else:
        result["naive"] = {"skipped": f"more than {NAIVE_MAX_EVENTS:,} events (use --naive)"}
    say("naive timed")
    result["map_payload_bytes"] = map_payload_bytes(ds) if map_payload else None
    say("map payload measured")
    if pages:
        result["page_run_s"], result["page_peak_rss_mb"] = time_pages(data)
        say("pages timed")
    else:
        result["page_run_s"] = {"skipped": "--no-pages"}
    result["peak_rss_mb"] = _rss_mb()
    result["targets"] = targets(result)
    return result


def main(args: argparse.Namespace) -> int:
    """`sahel-atlas bench`: the figures as one JSON object on stdout, progress on stderr."""
    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    result = run(
        args.data, repeat=args.repeat, naive_repeat=args.naive_repeat,
        pages=not args.no_pages, naive=True if args.naive else None,
        map_payload=not args.no_map, log=log, text_index=not args.no_text_index,
    )
    print(json.dumps(result))
    return 0
