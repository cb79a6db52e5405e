"""The trigram text index answers every search exactly as the `contains` scan it replaces,
and the cached database reports each step of its build."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import count, search_hits
from sahel_atlas.store import dataset
from sahel_atlas.store.dataset import Dataset, fold_sql, load_dataset
from sahel_atlas.store.text_index import MIN_CHARS, TextIndex, build_text_index

QUERIES = [
    "menaka", "MÉNAKA", "Ménaka", "inates", "hostage", "daech", "abu musab", "tombouctou",
    "menaçant la", "100%", "x'); drop", 'say "no"', "ost", "e l", "ka\n", "zzzq", "é", "ts",
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(3000, tmp_path_factory.mktemp("idx") / "data", seed=7)


def _scan(ds: Dataset, q: str) -> set[int]:
    """What the search read before the index: one `contains` per event's folded text."""
    sql = f"SELECT ev FROM _event_text WHERE contains(text, {fold_sql('?')})"
    return {ev for (ev,) in ds.con.cursor().execute(sql, [q]).fetchall()}


def _indexed(ds: Dataset, tmp: Path) -> TextIndex:
    file = tmp / "t.sqlite"
    if not file.exists():
        build_text_index(ds.con.cursor(), file)
    return TextIndex(file)


@pytest.mark.parametrize("which", ["curated", "synthetic"])
@pytest.mark.parametrize("q", QUERIES)
def test_the_index_finds_what_the_scan_finds(
    which: str, q: str, tiny_data: Path, synthetic: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ds = load_dataset(tiny_data if which == "curated" else synthetic)
    index = _indexed(ds, tmp_path_factory.mktemp(which))
    folded = ds.con.cursor().execute(f"SELECT {fold_sql('?')}", [q]).fetchall()[0][0]
    found = index.matches(folded)
    if len(folded) < MIN_CHARS:
        assert found is None  # too short for trigrams: the caller scans
    else:
        assert set(found) == _scan(ds, q)


def test_the_synthetic_queries_do_find_events(synthetic: Path, tmp_path: Path) -> None:
    """The comparison above is not between two empty answers."""
    ds = load_dataset(synthetic)
    index = _indexed(ds, tmp_path)
    assert all(len(index.matches(q)) > 10 for q in ("ost", "e l", "attack"))


@pytest.fixture()
def cached(synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Datasets of this size get a cache file (and its index) in a fresh folder."""
    monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 1000)
    monkeypatch.setenv(dataset.CACHE_ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_cached_dataset_searches_through_its_index_with_the_same_results(
    synthetic: Path, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 10**9)
    in_memory = load_dataset(synthetic)
    in_memory.con  # noqa: B018 - built in memory, without an index
    monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 1000)
    on_disk = load_dataset(synthetic)
    on_disk.con  # noqa: B018 - builds the cache file, then its index in a thread
    assert on_disk.indexing is not None
    on_disk.indexing.join(timeout=120)
    assert on_disk.text_index is not None and in_memory.text_index is None
    later = load_dataset(synthetic)
    later.con  # noqa: B018 - the next process finds the index and builds nothing
    assert later.text_index is not None and later.indexing is None
    for q in ("hostage", "MÉNAKA", "attack", "e l", "ts", "zzzq", "aqim", "kidal", "Tombouctou"):
        hits = sorted(search_hits(on_disk, q)["ev"].to_pylist())
        assert hits == sorted(search_hits(in_memory, q)["ev"].to_pylist()), q
    f = Filters(actors=("aqim", "jnim"), q="attack")
    assert count(on_disk, f) == count(in_memory, f) > 0


def test_the_first_open_says_each_step_and_later_opens_build_nothing(
    synthetic: Path, cached: Path
) -> None:
    heard: list[tuple[float, str]] = []
    first = load_dataset(synthetic)
    first.connect(lambda f, m: heard.append((f, m)))
    if first.indexing is not None:  # the text index is built in the background: await it
        first.indexing.join()
    fractions = [f for f, _ in heard]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    messages = [m for _, m in heard]
    assert "Reading the events (step 4 of 12)" in messages
    assert "Numbering the busiest actors (step 11 of 12)" in messages
    assert "Folding the texts for search (step 12 of 12)" in messages
    assert messages[-1] == "Database ready"
    assert [p.name for p in cached.iterdir()] and not list(cached.glob(".*"))  # no staging left
    again: list[tuple[float, str]] = []
    load_dataset(synthetic).connect(lambda f, m: again.append((f, m)))
    assert again == []  # nothing built, nothing to say
