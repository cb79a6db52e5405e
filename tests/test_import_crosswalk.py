"""The analyst's crosswalk files: read strictly, applied by the import, checked by validate."""

from pathlib import Path

import pytest

from fixture_data import write_dataset
from parquet_sql import one, rows
from sahel_atlas.store.dataset import PROJECT_ROOT
from sahel_atlas.importers import ACLED, output, run_import
from sahel_atlas.importers.crosswalk_file import CrosswalkError, load
from sahel_atlas.contract.validate import validate

VERSIONS = Path(__file__).parent / "fixtures" / "acled" / "versions"
CURATED = PROJECT_ROOT / "data"


def decide(folder: Path, actors: str = "", places: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.yaml").write_text(actors, encoding="utf-8")
    (folder / "places.yaml").write_text(places, encoding="utf-8")
    return folder


def test_the_shipped_crosswalk_names_existing_ids() -> None:
    assert validate(CURATED) == []
    assert load(CURATED / "crosswalk", "actor").entries  # not an empty file that tests nothing


def test_round_trip_decide_in_the_file_reimport_see_it_applied(tmp_path: Path) -> None:
    files = [VERSIONS / "export_2023.csv"]
    first = tmp_path / "first"
    run_import(ACLED, files, first, with_dir=CURATED, crosswalk_dir=decide(tmp_path / "none"))
    assert "'Islamic State (Greater Sahara)' (1 events) -> acled-islamic-state-greater-sahara: " \
           "no curated name or alias matches; candidates: isgs" in \
           (first / output.REPORT_NAME).read_text(encoding="utf-8")
    assert "isgs" not in one(first, "SELECT actor_ids FROM events WHERE event_id = 'acled-MLI70008'")

    folder = decide(tmp_path / "decided",
                    "- name: islamic state (greater sahara)\n  actor: isgs\n"
                    "- name: Military Forces of Mali (2021-)\n  refuse: malian-army\n  origin: acled\n",
                    "- name: Djibo\n  refuse: [burkina-faso]\n")
    second = tmp_path / "second"
    assert run_import(ACLED, files, second, with_dir=CURATED, crosswalk_dir=folder).written
    assert "isgs" in one(second, "SELECT actor_ids FROM events WHERE event_id = 'acled-MLI70008'")
    found = one(second, "SELECT method, detail FROM crosswalk WHERE source_name = 'Islamic State (Greater Sahara)'")
    assert found[0] == "manual" and "entry 1" in found[1]
    refused = one(second, "SELECT entity_id, method, detail FROM crosswalk "
                          "WHERE source_name = 'Military Forces of Mali (2021-)'")
    assert refused[0] != "malian-army" and refused[1] == "new" and "refused" in refused[2]
    assert "malian-army" not in one(second, "SELECT actor_ids FROM events WHERE event_id = 'acled-MLI70004'")


def test_a_decision_naming_an_unknown_actor_stops_the_import(tmp_path: Path) -> None:
    folder = decide(tmp_path / "bad", "- name: Ansaroul Islam\n  actor: ansaroul-islam\n")
    outcome = run_import(ACLED, [VERSIONS / "export_2023.csv"], tmp_path / "out", with_dir=CURATED,
                         crosswalk_dir=folder)
    assert not outcome.written
    assert any("unknown actor 'ansaroul-islam'" in p.reason for p in outcome.report.problems)


def test_validate_checks_that_the_crosswalk_names_existing_actors(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "d")
    decide(dataset / "crosswalk", "- name: AQIM\n  actor: aqim\n- name: X\n  refuse: [no-such-actor]\n",
           "- name: Nowhere\n  place: no-such-place\n")
    problems = [str(p) for p in validate(dataset)]
    assert any("actors.yaml" in p and "unknown actor 'no-such-actor'" in p for p in problems), problems
    assert any("places.yaml" in p and "unknown location 'no-such-place'" in p for p in problems)
    assert not any("'aqim'" in p for p in problems)


@pytest.mark.parametrize(("text", "says"), [
    ("name: AQIM\nactor: aqim\n", "expected a list"),
    ("- AQIM\n", "expected a mapping"),
    ("- name: AQIM\n", "either 'actor'"),
    ("- name: AQIM\n  actor: aqim\n  refuse: [jnim]\n", "either 'actor'"),
    ("- name: ''\n  actor: aqim\n", "'name' must be"),
    ("- name: AQIM\n  actor: [aqim]\n", "'actor' must be one id"),
    ("- name: AQIM\n  actor: aqim\n  origin: gdelt\n", "origin 'gdelt'"),
    ("- name: AQIM\n  actr: aqim\n", "unknown key(s) actr"),
    ("- name: [unclosed\n", "cannot read"),
])
def test_a_broken_crosswalk_file_is_named_with_its_entry(tmp_path: Path, text: str, says: str) -> None:
    decide(tmp_path, text)
    with pytest.raises(CrosswalkError, match="actors.yaml") as raised:
        load(tmp_path, "actor")
    assert says in str(raised.value)


def test_an_entry_for_one_origin_beats_one_for_every_origin(tmp_path: Path) -> None:
    decide(tmp_path, "- name: JNIM\n  refuse: [jnim]\n- name: jnim\n  actor: jnim\n  origin: ucdp\n")
    decisions = load(tmp_path, "actor")
    assert decisions.find("JNIM", "ucdp").target == "jnim"
    assert decisions.find("JNIM", "acled").refuse == ("jnim",)
    assert decisions.find("AQIM", "acled") is None


def test_no_folder_means_no_decisions(tmp_path: Path) -> None:
    assert load(tmp_path / "missing", "actor").entries == ()
    assert load(None, "location").entries == ()


def test_an_older_dataset_without_a_crosswalk_table_still_opens(tmp_path: Path) -> None:
    from sahel_atlas.store.dataset import load_dataset

    dataset = write_dataset(tmp_path / "old")
    (dataset / "crosswalk.parquet").unlink()
    assert load_dataset(dataset).arrow["crosswalk"].num_rows == 0
    assert validate(dataset) == []
