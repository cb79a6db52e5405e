"""`sahel-atlas bench` on a tiny synthetic dataset: what its JSON holds and means, not a timing."""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

import pandas as pd
import pytest

from sahel_atlas.devtools import bench
from sahel_atlas.devtools.bench import representative_filters
from sahel_atlas.devtools.cli import add_bench_parser, add_synth_parser
from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.devtools.synth.dataset import synthesize


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="sahel-atlas")
    commands = top.add_subparsers(dest="command", required=True)
    add_synth_parser(commands)
    add_bench_parser(commands)
    return top


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(300, tmp_path_factory.mktemp("bench") / "data", seed=3)


def test_synth_command_writes_a_dataset(tmp_path: Path, capsys) -> None:
    args = parser().parse_args(["synth", "--events", "120", "--out", str(tmp_path / "d"), "--seed", "4"])
    assert args.run(args) == 0
    assert (tmp_path / "d" / "events.parquet").is_file()
    assert "120" in capsys.readouterr().out


def _expected_rows(data: Path) -> dict[str, int]:
    """What some representative filters select, counted with plain pandas from the Parquet."""
    events = pd.read_parquet(data / "events.parquet")
    filters = representative_filters(load_dataset(data))
    month = filters["date_range"]
    end = events["date_end"].fillna(events["date_start"])
    actor = filters["one_actor"].actors[0]
    return {
        "no_filter": len(events),
        "date_range": int(((events["date_start"] <= month.date_to) & (end >= month.date_from)).sum()),
        "one_actor": int(events["actor_ids"].apply(lambda ids: actor in list(ids)).sum()),
        "one_place": int((events["location_id"] == filters["one_place"].places[0]).sum()),
        "event_type": int((events["event_type"] == "Battles").sum()),
    }


def test_bench_prints_one_json_object_whose_figures_agree_with_the_dataset(small: Path, capsys) -> None:
    args = parser().parse_args(["bench", "--data", str(small), "--repeat", "2"])
    assert args.run(args) == 0
    out = capsys.readouterr().out.strip()
    result = json.loads(out)  # one JSON object, nothing else on stdout
    assert {"events", "load_s", "queries", "naive", "speedup_median", "map_payload_bytes",
            "page_run_s", "peak_rss_mb", "peak_rss_mb_engine", "naive_peak_rss_mb"} <= set(result)
    assert result["events"] == 300
    names = {"no_filter", "date_range", "one_actor", "three_actors", "one_place", "event_type",
             "text_search", "combination"}
    assert set(result["queries"]) == names
    queries = result["queries"]

    # Counts: what each filter selects in this dataset, and no filter selects all of it.
    for name, rows in _expected_rows(small).items():
        assert queries[name]["rows"] == rows, name
    assert all(0 < q["rows"] <= 300 for q in queries.values()), queries  # each selects something
    # The combination narrows the two most active actors (the 1st is one_actor, the 2nd is
    # among three_actors) by date, type and status.
    assert queries["combination"]["rows"] <= queries["one_actor"]["rows"] + queries["three_actors"]["rows"]

    # Timings: a run's total is the sum of its four parts; with --repeat 2 the median of the
    # totals is their mean, so it is the sum of the parts' medians (to the 0.01 ms rounding).
    for name, timing in queries.items():
        parts = timing["parts_p50_ms"]
        assert set(parts) == {"count", "page", "per_month", "grid"}, name
        assert all(v > 0 for v in parts.values()), (name, parts)
        assert sum(parts.values()) == pytest.approx(timing["p50_ms"], abs=0.05), name
        assert timing["p50_ms"] <= timing["p95_ms"], name  # not swapped

    # The naive baseline runs the same filters and finds the same rows (its search covers less
    # text); the speed-up is the median, over the filters, of naive p50 / engine p50.
    assert names <= set(result["naive"])
    for name in names - {"text_search"}:
        assert result["naive"][name]["rows"] == queries[name]["rows"], name
    ratios = [result["naive"][n]["p50_ms"] / queries[n]["p50_ms"] for n in sorted(names)]
    assert result["speedup_median"] == round(statistics.median(ratios), 1)
    assert result["naive_peak_rss_mb"] > 0

    assert result["map_payload_bytes"] > 1000
    for page in ("map", "timeline", "data", "sources", "disagreements", "actors", "profile"):
        runs = result["page_run_s"][page]
        assert set(runs) == {"cold", "warm"}, runs  # and no "errors"
        assert runs["cold"] > 0 and runs["warm"] > 0, runs
    # Peak memory only grows: the end of the run is at least the peak after the queries.
    assert result["peak_rss_mb"] >= result["peak_rss_mb_engine"] > 0
    # The pages ran in their own process (scripts/bench_pages.py), which reports its peak.
    assert result["page_peak_rss_mb"] > 0


def test_without_the_page_script_bench_says_where_it_looked(small: Path, monkeypatch) -> None:
    missing = small / "no-such-checkout" / "scripts" / "bench_pages.py"
    monkeypatch.setattr(bench, "PAGES_SCRIPT", missing)
    runs, peak = bench.time_pages(small)
    assert peak is None
    assert str(missing) in runs["skipped"] and "SAHEL_ATLAS_ROOT" in runs["skipped"]
