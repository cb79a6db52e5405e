"""One atlas: overlapping ACLED exports and a UCDP export imported beside the curated data,
then opened as an analyst would (the import itself, not a hand-made merge)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from app_runs import open_url
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT

ACLED = PROJECT_ROOT / "tests" / "fixtures" / "acled"
UCDP = PROJECT_ROOT / "tests" / "fixtures" / "ucdp"
EXPORTS = [ACLED / "versions" / "export_2019.csv", ACLED / "versions" / "export_2023.csv",
           ACLED / "versions" / "export_2023_hdx.csv", ACLED / "current.csv"]


def _import(kind: str, files: list[Path], out: Path, with_dir: Path) -> None:
    command = [sys.executable, "-m", "sahel_atlas", "import", kind, *map(str, files),
               "--out", str(out), "--with", str(with_dir),
               "--crosswalk", str(PROJECT_ROOT / "data" / "crosswalk")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def atlas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ACLED's overlapping exports with the curated data, then UCDP's with that."""
    root = tmp_path_factory.mktemp("one-atlas")
    _import("acled", EXPORTS, root / "acled", PROJECT_ROOT / "data")
    _import("ucdp", [UCDP / "ged.csv"], root / "atlas", root / "acled")
    return root / "atlas"


@pytest.fixture(autouse=True)
def _on_the_import(monkeypatch: pytest.MonkeyPatch, atlas: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(atlas))


def _per_origin(atlas: Path, actor_id: str) -> dict[str, int]:
    rows = duckdb.sql(
        f"SELECT origin, count(*) FROM '{atlas}/events.parquet' "
        "WHERE list_contains(actor_ids, ?) GROUP BY origin", params=[actor_id]
    ).fetchall()
    return dict(rows)


def open_page(url_path: str, params: dict[str, str] | None = None) -> AppTest:
    at = open_url(url_path, params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_aqim_and_jnim_are_one_actor_each_with_their_imported_events(atlas: Path) -> None:
    actors = duckdb.sql(f"SELECT actor_id, name FROM '{atlas}/actors.parquet'").fetchall()
    names = [n for _, n in actors]
    assert not any(n.startswith(("AQIM:", "JNIM: Group for Support of Islam and Muslims"))
                   and "and/or" not in n for n in names), names
    for actor_id in ("aqim", "jnim"):
        counts = _per_origin(atlas, actor_id)
        assert counts.get("curated", 0) > 0 and counts.get("acled", 0) > 0, (actor_id, counts)


def test_the_aqim_profile_counts_its_events_per_origin(atlas: Path) -> None:
    counts = _per_origin(atlas, "aqim")
    at = open_page("aqim")
    assert f"{counts['curated']} from the sources" in text(at)
    assert f"{counts['acled']} from ACLED" in text(at)


def test_one_place_per_town_whatever_the_spelling(atlas: Path) -> None:
    places = duckdb.sql(f"SELECT name FROM '{atlas}/locations.parquet'").fetchall()
    folded = [n.casefold().replace("é", "e") for (n,) in places]
    for town in ("timbuktu", "menaka", "tessalit"):
        assert folded.count(town) == 1, (town, sorted(folded))
    assert "tombouctou" not in folded  # mapped by hand in data/crosswalk/places.yaml


def test_the_report_says_what_was_matched_and_what_is_left(atlas: Path) -> None:
    report = (atlas.parent / "acled" / "import-report.txt").read_text()
    assert "-> aqim [rule]" in report and "-> jnim [rule]" in report
    assert "actors left unmatched" in report and "and/or" in report


def test_the_actors_page_and_the_map_open_on_the_merged_atlas() -> None:
    at = open_page("actors", {"find": "AQIM"})
    assert "aqim" in {link.proto.page for link in at.get("page_link")}
    open_page("map")  # no exception on the merged data
