"""Each page's script run under Streamlit's AppTest, cold then warm; one JSON object out.

    .venv/bin/python scripts/bench_pages.py --data DIR [--timeout S]

`sahel-atlas bench` runs it in a child process and reports its figures as `page_run_s` (and
its peak memory as `page_peak_rss_mb`): the page timing runs the app, so it lives here,
outside the `sahel_atlas` package, which never imports Streamlit. Cold is a new session with
no cached filter results; warm is the same session run again. `_first_open` is the first
run of the app (opening the dataset, as a server's first visitor does): not a page's own cost.
`profile` is the most active curated group's profile, `actors` the Actors page.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

import streamlit as st

from sahel_atlas.views.actors import actor_index
from sahel_atlas.store.dataset import ENV_VAR, load_dataset
from sahel_atlas.store.paths import PROJECT_ROOT

PAGES = {
    "map": "app_pages/map.py",
    "timeline": "app_pages/timeline.py",
    "data": "app_pages/data.py",
    "sources": "app_pages/sources.py",
    "disagreements": "app_pages/disagreements.py",
    "actors": "app_pages/actors.py",
    # The profile of the most active curated group, by its URL path (see `profile_path`).
    "profile": "profile",
}
APP = str(PROJECT_ROOT / "app.py")


def profile_path(data: Path) -> str:
    """The URL path of the most active curated group's profile (AQIM on the atlas's data)."""
    index = actor_index(load_dataset(data))
    groups = index[(index["kind"] == "group") & (index["origin"] == "curated")]
    groups = groups if not groups.empty else index
    return str(groups.sort_values(["events", "actor_id"], ascending=[False, True])["url_path"].iloc[0])


def clear_caches() -> None:
    """Forget every filter's results, as for a filter nobody has asked for yet.

    The app keeps them in st.cache_data and in its shared filter caches
    (`components.context.clear_filter_caches`, loaded once the app has run); the dataset
    stays open.
    """
    st.cache_data.clear()
    context = sys.modules.get("components.context")
    clear = getattr(context, "clear_filter_caches", None)
    if clear is not None:
        clear()


def time_page(data: Path, page: str, timeout: float) -> dict:
    """One page's cold and warm runs in seconds, and its errors if it showed any."""
    clear_caches()
    at = AppTest.from_file(APP, default_timeout=timeout)
    if page == "profile":
        at._page_hash = calc_hash(profile_path(data))  # one file, a path per actor
    else:
        at.switch_page(page)
    runs: dict = {}
    for label in ("cold", "warm"):
        t = time.perf_counter()
        at.run()
        runs[label] = round(time.perf_counter() - t, 3)
    errors = [e.value for e in at.exception] + [e.value for e in at.error]
    if errors:
        runs["errors"] = [str(e)[:200] for e in errors]
    return runs


def page_runs(data: Path, timeout: float = 120) -> dict[str, dict]:
    """`_first_open`, then each page's runs, on the dataset `data`."""
    os.environ[ENV_VAR] = str(data)
    first = AppTest.from_file(APP, default_timeout=timeout)
    t = time.perf_counter()
    first.run()  # opens the dataset (a server's first visitor); not a page's own cost
    out: dict[str, dict] = {"_first_open": {"s": round(time.perf_counter() - t, 3)}}
    for name, page in PAGES.items():
        out[name] = time_page(data, page, timeout)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, metavar="DIR", help="dataset folder")
    parser.add_argument("--timeout", type=float, default=120, metavar="S",
                        help="longest script run allowed, in seconds (default 120)")
    args = parser.parse_args(argv)
    result = page_runs(args.data.expanduser().resolve(), args.timeout)
    result["_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
