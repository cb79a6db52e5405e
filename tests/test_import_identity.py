"""Overlapping ACLED exports imported beside the curated data: one atlas, one id per actor and place."""

from pathlib import Path

import pytest

from parquet_sql import one, rows
from sahel_atlas.store.dataset import PROJECT_ROOT
from sahel_atlas.importers import ACLED, UCDP, output, run_import
from sahel_atlas.contract.validate import validate

VERSIONS = Path(__file__).parent / "fixtures" / "acled" / "versions"
UCDP_GED = Path(__file__).parent / "fixtures" / "ucdp" / "ged.csv"
CURATED = PROJECT_ROOT / "data"
EXPORTS = [VERSIONS / "export_2019.csv", VERSIONS / "export_2023.csv"]


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("identity") / "dataset"
    outcome = run_import(ACLED, EXPORTS, out, with_dir=CURATED)
    assert outcome.written, outcome.report.lines()
    return out


def report(directory: Path) -> str:
    return (directory / output.REPORT_NAME).read_text(encoding="utf-8")


def actors_of(directory: Path, event: str) -> list[str]:
    return one(directory, f"SELECT actor_ids FROM events WHERE event_id = 'acled-{event}'")


def test_the_merged_import_is_a_valid_dataset(merged: Path) -> None:
    assert validate(merged) == []


def test_every_distinct_event_is_kept_once(merged: Path) -> None:
    ids = [e for (e,) in rows(merged, "SELECT event_id FROM events WHERE origin = 'acled'")]
    assert sorted(ids) == sorted(f"acled-{e}" for e in (
        "MLI70001", "MLI70002", "MLI70003", "MLI70004", "BFA70005", "NGA70006", "MLI70008"))


def test_the_newest_version_wins_and_the_changes_are_reported(merged: Path) -> None:
    found = one(merged, "SELECT event_type, sub_event_type FROM events WHERE event_id = 'acled-MLI70001'")
    assert found == ("Protests", "Peaceful protest")  # ACLED's 2019 rename, from the 2023 export
    text = report(merged)
    assert "MLI70001, event_type: 'Riots/Protests' in " in text and "-> 'Protests' in " in text
    assert "MLI70001, admin1: 'Tombouctou'" in text  # an admin name ACLED corrected
    assert "MLI70002, event_date" not in text  # '2-Aug-18' and '2 August 2018': the same day


@pytest.mark.parametrize(("event", "actor"), [
    ("MLI70002", "jnim"),  # "JNIM: Group for Support of Islam and Muslims"
    ("MLI70002", "malian-army"),  # "Military Forces of Mali (2013-2020)"
    ("MLI70004", "malian-army"),  # "Military Forces of Mali (2021-)": the same force
    ("MLI70008", "isgs"),  # "Islamic State (Greater Sahara)", by hand in data/crosswalk/actors.yaml
])
def test_resolved_actors_are_the_curated_actor(merged: Path, event: str, actor: str) -> None:
    assert actor in actors_of(merged, event)
    assert one(merged, f"SELECT count(*) FROM event_actors WHERE event_id = 'acled-{event}' "
                       f"AND actor_id = '{actor}'") >= 1


def test_a_resolved_actor_gets_no_row_of_its_own(merged: Path) -> None:
    assert one(merged, "SELECT count(*) FROM actors WHERE name LIKE 'JNIM: Group%Muslims'") == 0
    assert one(merged, "SELECT count(*) FROM actors WHERE name LIKE 'Military Forces of Mali%'") == 0
    assert one(merged, "SELECT origin FROM actors WHERE actor_id = 'jnim'") == "curated"


def test_per_origin_counts_come_from_events(merged: Path) -> None:
    counts = dict(rows(merged, "SELECT origin, count(*) FROM events WHERE list_contains(actor_ids, "
                               "'malian-army') GROUP BY origin"))
    assert counts["acled"] == 2 and counts["curated"] >= 1


@pytest.mark.parametrize(("name", "must_not"), [
    ("Katiba Serma", "katiba-macina"),
    ("Ansaroul Islam", "ansar-dine"),
    ("Islamic State (West Africa)", "isgs"),
    ("Civilians (Mali)", "mali"),
    ("Military Forces of Nigeria", "niger"),
    ("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)", "jnim"),
])
def test_look_alikes_keep_their_own_row(merged: Path, name: str, must_not: str) -> None:
    actor_id, origin = one(merged, f"SELECT actor_id, origin FROM actors WHERE name = '{name}'")
    assert origin == "acled" and actor_id != must_not
    # (the crosswalk has the name as spelled: "Military Forces of Nigeria (2015-2023)")
    assert one(merged, f"SELECT DISTINCT method FROM crosswalk WHERE source_name LIKE '{name}%'") == "new"


def test_an_and_or_actor_lists_both_candidates(merged: Path) -> None:
    detail = one(merged, "SELECT detail FROM crosswalk WHERE source_name LIKE 'JNIM%and/or%'")
    assert "jnim (" in detail and "isgs (" in detail and "never merged" in detail  # isgs: by hand
    assert "jnim" not in actors_of(merged, "MLI70004")


@pytest.mark.parametrize(("source_name", "entity_id", "method"), [
    ("JNIM: Group for Support of Islam and Muslims", "jnim", "rule"),
    ("Military Forces of Mali (2013-2020)", "malian-army", "rule"),
    ("Military Forces of Mali (2021-)", "malian-army", "rule"),
    ("Islamic State (Greater Sahara)", "isgs", "manual"),
    ("Katiba Serma", "acled-katiba-serma", "new"),
])
def test_the_crosswalk_records_every_actor_name(merged: Path, source_name: str, entity_id: str,
                                                method: str) -> None:
    found = one(merged, "SELECT entity_id, method, origin FROM crosswalk "
                        f"WHERE entity = 'actor' AND source_name = '{source_name}'")
    assert found == (entity_id, method, "acled")


@pytest.mark.parametrize(("event", "place", "method"), [
    ("MLI70001", "timbuktu", "exact"),
    ("MLI70002", "menaka", "exact"),  # "Menaka"
    ("MLI70004", "menaka", "exact"),  # "Ménaka": one place for both spellings
    ("MLI70003", "timbuktu", "manual"),  # "Tombouctou", by hand in data/crosswalk/places.yaml
])
def test_resolved_places_are_the_curated_place(merged: Path, event: str, place: str, method: str) -> None:
    assert one(merged, f"SELECT location_id FROM events WHERE event_id = 'acled-{event}'") == place
    name = one(merged, "SELECT l.name FROM events e JOIN locations l USING (location_id) "
                       f"WHERE e.event_id = 'acled-{event}'")
    assert name == one(merged, f"SELECT name FROM locations WHERE location_id = '{place}'")
    assert (method,) in rows(merged, "SELECT method FROM crosswalk WHERE entity = 'location' "
                                     f"AND entity_id = '{place}'")


def test_one_row_per_place(merged: Path) -> None:
    names = [n for (n,) in rows(merged, "SELECT name FROM locations")]
    assert names.count("Timbuktu") == 1 and names.count("Ménaka") == 1 and "Menaka" not in names


def test_the_report_lists_matches_and_what_is_left(merged: Path) -> None:
    text = report(merged)
    assert "actors matched to the --with dataset" in text
    assert "'JNIM: Group for Support of Islam and Muslims' (1 events) -> jnim [rule]" in text
    assert "'Katiba Serma' (1 events) -> acled-katiba-serma: no curated name or alias matches; " \
           "candidates: katiba-macina (Katiba Macina)" in text
    assert "Islamic State (West Africa)" in text and "refused in" in text


def test_ucdp_names_resolve_too(tmp_path: Path) -> None:
    out = tmp_path / "ucdp"
    assert run_import(UCDP, [UCDP_GED], out, with_dir=CURATED).written
    assert validate(out) == []
    found = dict(rows(out, "SELECT source_name, entity_id FROM crosswalk WHERE entity = 'actor'"))
    assert found["Government of Mali"] == "mali" and found["JNIM"] == "jnim"


def test_an_import_without_with_records_every_name_as_new(tmp_path: Path) -> None:
    out = tmp_path / "alone"
    assert run_import(ACLED, EXPORTS, out).written
    methods = {m for (m,) in rows(out, "SELECT DISTINCT method FROM crosswalk")}
    assert methods == {"new"}
    assert one(out, "SELECT count(*) FROM actors WHERE name = 'Military Forces of Mali'") == 1


def test_the_curated_dataset_has_an_empty_crosswalk() -> None:
    assert one(CURATED, "SELECT count(*) FROM crosswalk") == 0
