"""`sahel-atlas bench` on a tiny synthetic dataset: a smoke test of its JSON, not a timing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from sahel_atlas.cli_extra import add_bench_parser, add_synth_parser
from sahel_atlas.synth import synthesize


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


def test_bench_prints_one_json_object_with_every_key(small: Path, capsys) -> None:
    args = parser().parse_args(["bench", "--data", str(small), "--repeat", "2"])
    assert args.run(args) == 0
    out = capsys.readouterr().out.strip()
    result = json.loads(out)  # one JSON object, nothing else on stdout
    assert {"events", "load_s", "queries", "naive", "map_payload_bytes", "page_run_s",
            "peak_rss_mb"} <= set(result)
    assert result["events"] == 300
    names = {"no_filter", "date_range", "one_actor", "three_actors", "one_place", "event_type",
             "text_search", "combination"}
    assert set(result["queries"]) == names
    for timing in result["queries"].values():
        assert timing["p50_ms"] >= 0 and timing["p95_ms"] >= timing["p50_ms"] * 0.999
    assert names <= set(result["naive"])
    # Same filters, same rows, whichever way they run (the naive search covers less text).
    for name in names - {"text_search"}:
        assert result["naive"][name]["rows"] == result["queries"][name]["rows"], name
    assert result["map_payload_bytes"] > 1000
    for page in ("map", "timeline", "data", "sources", "disagreements", "actors", "profile"):
        assert set(result["page_run_s"][page]) >= {"cold", "warm"}, result["page_run_s"][page]
        assert "errors" not in result["page_run_s"][page]
    assert result["peak_rss_mb"] > 0
