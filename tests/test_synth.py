"""The synthetic dataset: deterministic, valid, and shaped like the real thing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.contract.validate import validate

N = 2000


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(N, tmp_path_factory.mktemp("synth") / "data", seed=7)


def _files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def q(directory: Path, sql: str) -> list[tuple]:
    con = duckdb.connect()
    for name in schema.TABLES:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{directory / name}.parquet')")
    return con.execute(sql).fetchall()


def test_same_seed_same_bytes(synth_dir: Path, tmp_path: Path) -> None:
    again = synthesize(N, tmp_path / "again", seed=7)
    assert _files(again) == _files(synth_dir)


def test_another_seed_another_dataset(synth_dir: Path, tmp_path: Path) -> None:
    other = synthesize(N, tmp_path / "other", seed=8)
    assert _files(other)["events.parquet"] != _files(synth_dir)["events.parquet"]


def test_the_dataset_is_valid(synth_dir: Path) -> None:
    assert [str(p) for p in validate(synth_dir)] == []


def test_every_table_of_the_contract_with_its_schema(synth_dir: Path) -> None:
    import pyarrow.parquet as pq

    for name, want in schema.TABLES.items():
        assert pq.read_schema(synth_dir / f"{name}.parquet").equals(want), name
    assert q(synth_dir, "SELECT count(*) FROM events") == [(N,)]
    assert q(synth_dir, "SELECT count(DISTINCT event_id) FROM events") == [(N,)]


def test_sources_are_files_in_texts(synth_dir: Path) -> None:
    paths = [p for (p,) in q(synth_dir, "SELECT path FROM sources")]
    assert paths and all(p.startswith("texts/") for p in paths)
    assert all((synth_dir / p).is_file() for p in paths)


def test_all_precisions_and_statuses(synth_dir: Path) -> None:
    precisions = {p for (p,) in q(synth_dir, "SELECT DISTINCT date_precision FROM events")}
    assert precisions == set(schema.DATE_PRECISIONS)
    statuses = {s for (s,) in q(synth_dir, "SELECT DISTINCT status FROM events")}
    assert statuses == set(schema.STATUSES)
    places = {p for (p,) in q(synth_dir, "SELECT DISTINCT precision FROM locations")}
    assert places == set(schema.PRECISIONS)
    radius = q(synth_dir, "SELECT count(*) FROM locations WHERE precision <> 'point' AND radius_km > 0")
    assert radius[0][0] > 10
    # Every disputed or claimed event has its claims; disputed ones from two sources.
    assert q(synth_dir, "SELECT count(*) FROM events WHERE status <> 'confirmed' AND event_id NOT IN "
             "(SELECT event_id FROM claims)") == [(0,)]
    assert q(synth_dir, "SELECT min(n) FROM (SELECT count(DISTINCT c.source_id) n FROM claims c "
             "JOIN events e USING (event_id) WHERE e.status = 'disputed' GROUP BY c.event_id)") == [(2,)]


def test_dates_within_the_contract_and_growing(synth_dir: Path) -> None:
    lo, hi = q(synth_dir, "SELECT min(date_start), max(date_end) FROM events")[0]
    assert dt.date(1990, 1, 1) <= lo and hi <= dt.date(2022, 12, 31)
    assert q(synth_dir, "SELECT count(*) FROM events WHERE date_end < date_start") == [(0,)]
    early, late = q(synth_dir, "SELECT count(*) FILTER (year(date_start) < 2000), "
                    "count(*) FILTER (year(date_start) >= 2013) FROM events")[0]
    assert late > 3 * early > 0


def test_actors_follow_a_long_tail(synth_dir: Path) -> None:
    counts = [n for (n,) in q(synth_dir, "SELECT count(*) n FROM (SELECT unnest(actor_ids) a "
                                          "FROM events) GROUP BY a ORDER BY n DESC")]
    total = sum(counts)
    # Zipf-ish: the top actor dominates, the top five hold a large share, and a tail exists.
    assert counts[0] > 5 * counts[len(counts) // 2]
    assert sum(counts[:5]) > 0.3 * total
    assert len(counts) > 30
    assert q(synth_dir, "SELECT min(len(actor_ids)), max(len(actor_ids)) FROM events") == [(1, 3)]
    assert q(synth_dir, "SELECT count(*) FROM events WHERE len(actor_ids) <> len(list_distinct(actor_ids))") == [(0,)]


def test_places_cluster(synth_dir: Path) -> None:
    counts = [n for (n,) in q(synth_dir, "SELECT count(*) n FROM events WHERE location_id IS NOT NULL "
                                          "GROUP BY location_id ORDER BY n DESC")]
    assert sum(counts[:20]) > 0.25 * sum(counts)
    names = {n for (n,) in q(synth_dir, "SELECT name FROM locations")}
    assert {"Tessalit", "Timbuktu", "Ménaka", "Kabylia"} <= names


def test_texts_have_realistic_lengths(synth_dir: Path) -> None:
    title, description = q(synth_dir, "SELECT avg(length(title)), avg(length(description)) FROM events")[0]
    assert 30 < title < 120
    assert 150 < description < 600


def test_progress_is_reported(tmp_path: Path) -> None:
    seen = []
    synthesize(300, tmp_path / "p", seed=1, progress=lambda label, done, total: seen.append((label, done, total)))
    assert seen and seen[-1][1:] == (300, 300)


def test_replacing_a_dataset_is_atomic(tmp_path: Path) -> None:
    out = synthesize(200, tmp_path / "d", seed=1)
    (out / "stale.txt").write_text("old")
    synthesize(150, out, seed=2)
    assert not (out / "stale.txt").exists()
    assert q(out, "SELECT count(*) FROM events") == [(150,)]
    assert [p.name for p in tmp_path.iterdir()] == ["d"]  # no staging folder left behind
