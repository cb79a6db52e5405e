"""`sahel-atlas import ucdp`: UCDP GED exports, the mapping field by field, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fixture_data import write_dataset
from sahel_atlas.cli import main
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT
from sahel_atlas.importers import UCDP, output, run_import
from sahel_atlas.contract.validate import validate
from parquet_sql import one, rows

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ucdp"
D = dt.date


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ucdp") / "dataset"
    outcome = run_import(UCDP, [FIXTURES / "ged.csv"], out)
    assert outcome.written and outcome.report.total == 0, outcome.report.lines()
    return out


def test_the_import_is_a_valid_dataset(imported: Path) -> None:
    assert validate(imported) == []


@pytest.mark.parametrize(
    ("event", "column", "expected"),
    [
        # type_of_violence -> an ACLED-style type; UCDP's own name kept as the sub-type
        ("900001", "event_type", "Battles"),
        ("900001", "sub_event_type", "State-based conflict"),
        ("900002", "sub_event_type", "Non-state conflict"),
        ("900003", "event_type", "Violence against civilians"),
        ("900003", "sub_event_type", "One-sided violence"),
        # date_prec 1..5 with date_start/date_end ("2018-10-27 00:00:00.000" read as a date)
        ("900001", "date_start", D(2018, 10, 27)),  # 1: the day
        ("900001", "date_precision", "day"),
        ("900002", "date_start", D(2020, 3, 8)),  # 2: a few days, as given
        ("900002", "date_end", D(2020, 3, 12)),
        ("900002", "date_precision", "span"),
        ("900003", "date_precision", "span"),  # 3: a week
        ("900004", "date_start", D(2018, 6, 1)),  # 4: the month, as given
        ("900004", "date_end", D(2018, 6, 30)),
        ("900004", "date_precision", "month"),
        ("900007", "date_start", D(2021, 7, 1)),  # 4 with a single day: widened to the month
        ("900007", "date_end", D(2021, 7, 31)),
        ("900007", "date_precision", "month"),
        ("900005", "date_start", D(1989, 1, 1)),  # 5: the year, before 1990: kept
        ("900005", "date_precision", "year"),
        ("900006", "date_start", D(2023, 1, 1)),  # 5 with a single day: widened to the year
        ("900006", "date_end", D(2023, 12, 31)),
        ("900006", "date_precision", "year"),
        # best/low/high
        ("900002", "fatalities", 12),
        ("900002", "fatalities_low", 10),
        ("900002", "fatalities_high", 20),
        # source_article is the citation; event_clarity 2 is "claimed"
        ("900001", "citation", "Studio Tamani, 2018-10-27, 'Attaque près de Ménaka'"),
        ("900001", "status", "confirmed"),
        ("900003", "status", "claimed"),
        ("900001", "title", "Government of Mali vs JNIM in Ménaka town"),
        ("900001", "origin", "ucdp"),
        ("900001", "description", "State-based conflict between Government of Mali and JNIM; "
                                  "deaths: best 3 (low 3, high 5). Three soldiers killed near Ménaka"),
    ],
)
def test_event_fields(imported: Path, event: str, column: str, expected: object) -> None:
    assert one(imported, f"SELECT {column} FROM events WHERE event_id = 'ucdp-{event}'") == expected


@pytest.mark.parametrize(
    ("event", "name", "country", "precision", "radius"),
    [
        ("900001", "Ménaka town", "MLI", "point", None),  # where_prec 1
        ("900002", "Ndaki village", "MLI", "area", 25.0),  # 2
        ("900003", "Ouallam department", "NER", "area", 50.0),  # 3
        ("900004", "Sahel region", "BFA", "region", 150.0),  # 4
        ("900005", "northern Mali", "MLI", "region", 300.0),  # 5
        ("900006", "Chad", "TCD", "region", 500.0),  # 6
        ("900007", "Lake Chad", "NGA", "region", None),  # 7
    ],
)
def test_places(imported: Path, event: str, name: str, country: str, precision: str,
                radius: float | None) -> None:
    found = one(imported, "SELECT l.name, l.country_iso3, l.precision, l.radius_km FROM events e "
                          f"JOIN locations l USING (location_id) WHERE e.event_id = 'ucdp-{event}'")
    assert found == (name, country, precision, radius)


@pytest.mark.parametrize(
    ("name", "kind", "family"),
    [
        ("Government of Mali", "state", "state-forces"),
        ("JNIM", "group", "al-qaeda"),
        ("AQIM", "group", "al-qaeda"),
        ("IS", "group", "islamic-state"),
        ("Civilians", "group", "other"),
        ("FACT", "group", "other"),
    ],
)
def test_actors(imported: Path, name: str, kind: str, family: str) -> None:
    assert one(imported, f"SELECT kind, family FROM actors WHERE name = '{name}'") == (kind, family)


@pytest.mark.parametrize(
    ("event", "actor", "role"),
    [
        ("900001", "Government of Mali", "participant"),
        ("900001", "JNIM", "participant"),
        ("900003", "IS", "perpetrator"),  # one-sided violence
        ("900003", "Civilians", "victim"),
    ],
)
def test_roles(imported: Path, event: str, actor: str, role: str) -> None:
    assert one(imported, "SELECT ea.role FROM event_actors ea JOIN actors a USING (actor_id) "
                         f"WHERE ea.event_id = 'ucdp-{event}' AND a.name = '{actor}'") == role


def test_where_description_is_the_excerpt(imported: Path) -> None:
    header, notes = one(imported, "SELECT excerpt_ids FROM events WHERE event_id = 'ucdp-900002'")
    texts = dict(rows(imported, "SELECT excerpt_id, text FROM excerpts"))
    assert texts[notes] == "near Ndaki, about 20 km from Gossi"
    assert texts[header] == ("UCDP GED 900002 | 2020-03-08..2020-03-12 | Battles: Non-state conflict "
                             "| IS; JNIM | Ndaki village, Tombouctou region, Mali | Source: AFP, 2020-03-10")


def test_a_latin1_export_is_read_and_said(tmp_path: Path) -> None:
    outcome = run_import(UCDP, [FIXTURES / "latin1.csv"], tmp_path / "o")
    assert outcome.written
    assert any("not UTF-8; read as Latin-1" in n for n in outcome.report.notices)
    assert one(tmp_path / "o", "SELECT name FROM locations WHERE name LIKE 'M%'") == "Ménaka town"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_missing_column.csv", [(1, "best", "missing required column"),
                                    (1, "side_b", "missing required column")]),
        ("empty.csv", [(0, "", "empty file")]),
        ("bad_rows.csv", [(3, "date_start", "unparseable date: '2020-13-45'"),
                          (4, "date_end", "ends before it starts: '2019-12-01'"),
                          (5, "latitude", "latitude out of range (-90..90): '-91'"),
                          (6, "where_prec", "unknown where_prec: '9'"),
                          (7, "date_prec", "unknown date_prec: '0'"),
                          (8, "type_of_violence", "unknown type_of_violence: '4'")]),
        ("bad_duplicates.csv", [(4, "best", "duplicate id UCDP GED 900001 disagrees: '30' here, '3' in row 2")]),
    ],
)
def test_bad_input_is_reported_and_nothing_written(tmp_path: Path, name: str,
                                                   expected: list[tuple[int, str, str]]) -> None:
    out = tmp_path / "out"
    outcome = run_import(UCDP, [FIXTURES / name], out)
    assert not outcome.written and not out.exists()
    got = [(p.file, p.row, p.column, p.reason) for p in sorted(outcome.report.problems)]
    assert len(got) == len(expected), got
    for (file, row, column, reason), want in zip(got, expected):
        assert file == str(FIXTURES / name)
        assert (row, column) == want[:2] and reason.startswith(want[2]), (row, column, reason)


def test_an_acled_file_is_an_unknown_layout_for_ucdp(tmp_path: Path) -> None:
    acled = PROJECT_ROOT / "tests" / "fixtures" / "acled" / "current.csv"
    outcome = run_import(UCDP, [acled], tmp_path / "out")
    assert not outcome.written
    assert outcome.report.problems[0].reason.startswith("unknown layout: not a UCDP GED export")


def test_skip_bad_imports_the_good_rows_and_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["import", "ucdp", str(FIXTURES / "bad_rows.csv"), "--out", str(out), "--skip-bad"]) == 0
    assert [e for (e,) in rows(out, "SELECT event_id FROM events")] == ["ucdp-900001"]
    report = (out / output.REPORT_NAME).read_text(encoding="utf-8")
    assert "bad_rows.csv: row 4, column date_end: ends before it starts" in report
    assert validate(out) == []


def test_with_merges_and_the_app_opens_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    out = tmp_path / "out"
    outcome = run_import(UCDP, [FIXTURES / "ged.csv"], out, with_dir=write_dataset(tmp_path / "cur"))
    assert outcome.written
    assert validate(out) == []
    origins = dict(rows(out, "SELECT origin, count(*) FROM events GROUP BY origin"))
    assert origins == {"curated": 10, "ucdp": 7}
    monkeypatch.setenv(ENV_VAR, str(out))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
