"""The trigram text index answers every search exactly as the `contains` scan it replaces,
and the cached database reports each step of its build."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sahel_atlas.devtools.synth.dataset import synthesize
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import count, search_hits, select
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
    # A search alone is counted from its hits, without a scan: the same number as through
    # the rows it selects.
    for q in ("hostage", "zzzq", "kidal"):
        for ds in (on_disk, in_memory):
            ds.memo.clear()
            assert count(ds, Filters(q=q)) == select(ds, Filters(q=q), columns=["event_id"]).num_rows


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
    assert "Numbering the busiest actors (step 4 of 12)" in messages
    assert "Reading the events (step 5 of 12)" in messages
    assert "Writing the database to disk (step 12 of 12)" in messages
    # The texts are folded after the first open, in the background (see below).
    assert not any(m.startswith("Folding") for m in messages)
    assert messages[-1] == "Database ready"
    assert [p.name for p in cached.iterdir()] and not list(cached.glob(".*"))  # no staging left
    again: list[tuple[float, str]] = []
    load_dataset(synthetic).connect(lambda f, m: again.append((f, m)))
    assert again == []  # nothing built, nothing to say


def _search_all(ds: Dataset) -> dict[str, list[int]]:
    ds.memo.clear()
    return {q: sorted(search_hits(ds, q)["ev"].to_pylist()) for q in QUERIES + ["attack", "kidal"]}


def test_a_search_before_the_texts_are_folded_finds_the_same_events(
    synthetic: Path, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 10**9)
    in_memory = load_dataset(synthetic)
    expected = _search_all(in_memory)
    assert in_memory.text_folded and sum(map(len, expected.values())) > 1000
    monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 1000)
    started = []
    monkeypatch.setattr(dataset, "_index_in_background", lambda *a, **k: started.append(a))
    early = load_dataset(synthetic)
    early.con  # noqa: B018 - builds the cache; its texts are not folded yet
    assert started and not early.text_folded
    with pytest.raises(Exception, match="_folded"):
        early.con.cursor().execute("SELECT count(*) FROM _event_text").fetchall()
    assert _search_all(early) == expected
    # Folded (here, as the background thread does), the search reads `_event_text`.
    _ds, _cursor, _index, text, _with_index = started[0]
    dataset.fold_text(dataset._cache_files(synthetic)[0], text)
    assert early.text_folded
    assert _search_all(early) == expected
    lines = "SELECT ev, list_sort(string_split(text, chr(10))) FROM _event_text ORDER BY ev"
    assert early.con.cursor().execute(lines).fetchall() == in_memory.con.execute(lines).fetchall()


def test_the_fold_of_each_field_is_the_fold_of_the_whole_text(synthetic: Path) -> None:
    ds = load_dataset(synthetic)
    whole = fold_sql("concat_ws(chr(10), e.title, e.description, "
                     "(SELECT string_agg(x.text, chr(10)) FROM excerpts x "
                     "WHERE list_contains(e.excerpt_ids, x.excerpt_id)))")
    lines = "list_sort(string_split({}, chr(10)))"  # the quotes' order is the join's
    differ = ds.con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {lines.format('t.text')} <> "
        f"{lines.format(whole)}) FROM events e JOIN _event_text t ON t.ev = e.rowid"
    ).fetchall()[0]
    accented = ds.con.execute("SELECT count(*) FROM _event_text t JOIN events e ON t.ev = e.rowid "
                              "WHERE strlen(e.description) <> length(e.description)").fetchall()[0][0]
    assert differ[0] == 3000 and differ[1] == 0 and accented > 0


def _shuffled(synthetic: Path, tmp: Path) -> Path:
    """The synthetic dataset with its events in a random order, in small row groups."""
    import shutil

    import pyarrow.parquet as pq

    out = tmp / "shuffled"
    shutil.copytree(synthetic, out)
    events = pq.read_table(synthetic / "events.parquet")
    order = list(range(events.num_rows))
    random.Random(3).shuffle(order)
    pq.write_table(events.take(order), out / "events.parquet", row_group_size=500)
    return out


@pytest.mark.parametrize("on_disk", [False, True])
@pytest.mark.parametrize("shuffled", [False, True])
def test_events_are_in_display_order_whatever_the_files_order(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_disk: bool, shuffled: bool
) -> None:
    monkeypatch.setattr(dataset, "DISK_FROM_EVENTS", 1000 if on_disk else 10**9)
    monkeypatch.setenv(dataset.CACHE_ENV_VAR, str(tmp_path / "cache"))
    data = _shuffled(synthetic, tmp_path) if shuffled else synthetic
    ds = load_dataset(data)
    ds.index_text = False
    rows = ds.con.cursor().execute("SELECT date_start, event_id FROM events ORDER BY rowid").fetchall()
    assert len(rows) == 3000 and rows == sorted(rows)



def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


@pytest.mark.parametrize("holder", ["dead", "alive", "empty, old", "empty, new"])
def test_a_lock_left_by_a_dead_process_is_taken_over(synthetic: Path, cached: Path, holder: str) -> None:
    import os
    import socket

    first = load_dataset(synthetic)
    first.index_text = False
    first.con  # noqa: B018 - the cache file, its texts folded in a thread
    first.indexing.join(timeout=120)
    database = next(f for f in cached.glob("*.duckdb") if not f.name.endswith(".text.duckdb"))
    index = database.with_suffix(".trigram.sqlite")
    lock = index.with_suffix(".lock")
    pid = _dead_pid() if holder == "dead" else os.getpid()
    lock.write_text("" if "empty" in holder else f"{socket.gethostname()} {pid}", encoding="utf-8")
    if holder == "empty, old":  # an earlier version's lock (an empty file), two minutes old
        os.utime(lock, (lock.stat().st_atime - 120, lock.stat().st_mtime - 120))
    (cached / f".{index.stem}.half").mkdir()  # a half-written index of the dead process
    later = load_dataset(synthetic)
    later.con  # noqa: B018
    if holder in ("alive", "empty, new"):  # another process is building it: left alone
        assert later.indexing is None and lock.exists()
        return
    assert later.indexing is not None
    later.indexing.join(timeout=120)
    assert later.text_index is not None and not lock.exists()
    assert not list(cached.glob(".*"))
