"""CPU time of each page's script run under AppTest: cold, then the median of warm reruns.

    .venv/bin/python scripts/rerun_cost.py --data DIR [--reruns 5] [--profile PAGE]

A rerun's CPU time (time.process_time around `at.run()`, every thread of this process) is
what a shared server spends per click, whatever else the machine runs; wall time is quoted
too. Cold is a new session on a filter nobody has asked for yet (st.cache_data cleared);
warm is the same session run again, as a click that changes nothing the caches key on.
A second session's first run on the same page and filter is timed too (the shared caches
warm). `--actor URL_PATH` times that actor's profile. `--profile PAGE` prints a pyinstrument
profile of that page's warm reruns (`--cold`: of its cold run).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import APP, PAGES, clear_caches, profile_path  # noqa: E402

from sahel_atlas.store.dataset import ENV_VAR  # noqa: E402


def _timed(at: AppTest) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    at.run()
    return time.process_time() - cpu, time.perf_counter() - wall


@contextlib.contextmanager
def _profiling(profiler):
    """Profile the script thread: AppTest runs the page in a thread of its own."""
    if profiler is None:
        yield
        return
    original = ScriptRunner._run_script

    def run_script(self, rerun_data):
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            profiler.stop()

    ScriptRunner._run_script = run_script
    try:
        yield
    finally:
        ScriptRunner._run_script = original


def _session(data: Path, page: str, timeout: float, actor: str | None) -> AppTest:
    """A new session on the page (a profile: `actor`'s, by URL path, or the busiest group's)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if page == "profile":
        at._page_hash = calc_hash(actor or profile_path(data))
    else:
        at.switch_page(page)
    return at


def page_cost(data: Path, page: str, reruns: int, timeout: float, profiler=None,
              cold: bool = False, actor: str | None = None) -> dict:
    """Cold CPU / wall seconds, the median CPU / wall of `reruns` warm reruns, and a second
    session's first run on the same filter (the profiler, if any, records the warm reruns,
    or the cold run when `cold`)."""
    clear_caches()
    at = _session(data, page, timeout, actor)
    with _profiling(profiler if cold else None):
        cold_cpu, cold_wall = _timed(at)
    warm = []
    with _profiling(None if cold else profiler):
        for _ in range(reruns):
            warm.append(_timed(at))
    errors = [str(e.value)[:200] for e in [*at.exception, *at.error]]
    second_cpu, second_wall = _timed(_session(data, page, timeout, actor))
    out = {
        "cold_cpu_ms": round(cold_cpu * 1000),
        "cold_wall_ms": round(cold_wall * 1000),
        "warm_cpu_ms": round(statistics.median(c for c, _ in warm) * 1000),
        "warm_wall_ms": round(statistics.median(w for _, w in warm) * 1000),
        "second_session_cpu_ms": round(second_cpu * 1000),
        "second_session_wall_ms": round(second_wall * 1000),
    }
    if errors:
        out["errors"] = errors
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, metavar="DIR")
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    parser.add_argument("--profile", metavar="PAGE", help="profile this page's warm reruns")
    parser.add_argument("--cold", action="store_true", help="profile its cold run instead")
    parser.add_argument("--actor", metavar="URL_PATH",
                        help="the profile to time (default: the most active curated group's)")
    args = parser.parse_args(argv)
    data = args.data.expanduser().resolve()
    os.environ[ENV_VAR] = str(data)
    first = AppTest.from_file(APP, default_timeout=args.timeout)
    cpu, wall = _timed(first)  # opens the dataset: a server's first visitor, not a rerun
    result: dict = {"_first_open": {"cpu_ms": round(cpu * 1000), "wall_ms": round(wall * 1000)}}
    for name in args.pages:
        profiler = None
        if name == args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
        try:
            result[name] = page_cost(data, PAGES[name], args.reruns, args.timeout, profiler,
                                     args.cold, args.actor)
        except RuntimeError as exc:  # AppTest's timeout: say so and time the other pages
            result[name] = {"errors": [str(exc)[:200]]}
        print(name, result[name], file=sys.stderr, flush=True)
        if profiler is not None:
            print(profiler.output_text(unicode=False, show_all=False), file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
