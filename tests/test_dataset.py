"""The committed dataset: valid, in the contract, and up to date with the annotations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sahel_atlas.kb.build import Paths, compile_tables
from sahel_atlas.store.dataset import PROJECT_ROOT, load_dataset
from sahel_atlas.contract.schema import TABLES
from sahel_atlas.contract.validate import validate

DATA = PROJECT_ROOT / "data"
SHARED_SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


def test_committed_dataset_is_valid() -> None:
    assert [str(p) for p in validate(DATA)] == []


@pytest.mark.parametrize("name", list(TABLES))
def test_committed_tables_match_the_annotations(name: str) -> None:
    """Fails when someone edits the YAML and forgets `sahel-atlas build`."""
    fresh = compile_tables(Paths())[name]
    committed = pq.read_table(DATA / f"{name}.parquet")
    assert committed.schema.equals(fresh.schema), f"{name}: run `sahel-atlas build`"
    assert committed.to_pylist() == fresh.to_pylist(), f"{name}: run `sahel-atlas build`"


SEED_NAMES = sorted(p.name for p in (PROJECT_ROOT / "seeds").glob("*.txt"))


def test_the_five_seeds_are_the_shared_documents() -> None:
    """The shared folder is always beside the clone: its absence fails, it never skips."""
    assert len(SEED_NAMES) == 5, SEED_NAMES
    assert sorted(p.name for p in SHARED_SEEDS.glob("*.txt")) == SEED_NAMES, SHARED_SEEDS


@pytest.mark.parametrize("source", SEED_NAMES)
def test_seeds_are_byte_identical_to_the_shared_documents(source: str) -> None:
    assert (PROJECT_ROOT / "seeds" / source).read_bytes() == (SHARED_SEEDS / source).read_bytes()


def test_every_source_is_in_the_dataset_with_metadata() -> None:
    ds = load_dataset(DATA)
    stems = sorted(p.stem for p in (PROJECT_ROOT / "seeds").glob("*.txt"))
    assert sorted(ds.sources["source_id"]) == stems
    for row in ds.sources.to_dict("records"):
        assert row["reliability"] in "ABCDEF" and row["reliability_reason"], row["source_id"]
        assert row["kind"] and row["language"] and row["published_note"], row["source_id"]


def test_lists_are_never_empty_where_the_contract_says() -> None:
    ds = load_dataset(DATA)
    for table in ("actors", "locations", "events", "relations"):
        frame = getattr(ds, table)
        assert frame["excerpt_ids"].map(len).min() >= 1, table
    assert ds.events["actor_ids"].map(len).min() >= 1


def test_the_places_the_analysts_ask_for_are_there() -> None:
    names = set(load_dataset(DATA).locations["name"])
    for place in ("Tessalit", "Talhandak", "Timbuktu", "Ménaka", "Kabylia"):
        assert place in names


def test_disagreements_are_kept_with_each_source() -> None:
    ds = load_dataset(DATA)
    disputed = ds.events[ds.events["status"] == "disputed"]
    assert len(disputed) >= 2
    for event_id in disputed["event_id"]:
        claims = ds.claims[ds.claims["event_id"] == event_id]
        by_aspect = claims.groupby("aspect")["value"].nunique()
        assert (by_aspect > 1).any(), event_id
    killed = ds.events[ds.events["event_id"].str.contains("droukdel") & (ds.events["status"] == "disputed")]
    assert len(killed) == 1 and len(killed.iloc[0]["source_ids"]) >= 3


def test_validate_reports_a_tampered_copy(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("annotations"))
    shutil.copytree(PROJECT_ROOT / "seeds", tmp_path / "seeds")
    text = (tmp_path / "seeds" / "001_993296d95b73e933.txt")
    text.write_text(text.read_text(encoding="utf-8").replace("Talhandak", "Talhandaq"), encoding="utf-8")
    problems = [str(p) for p in validate(copy)]
    assert any("sha256 differs" in p for p in problems)
    assert any("not verbatim" in p for p in problems)
