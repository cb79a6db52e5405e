"""`sahel-atlas import acled`: every layout, the mapping field by field, bad input, atomicity."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from fixture_data import write_dataset
from sahel_atlas.cli import main
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT, load_dataset
from sahel_atlas.importers import ACLED, ImportRefused, output, reading, run_import
from sahel_atlas.devtools.fake_exports import write_acled
from sahel_atlas.contract.validate import validate
from parquet_sql import one, rows

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "acled"
GOOD = ["current.csv", "older.csv", "older_no_subtype.csv", "per_actor.csv", "acled_2016.csv",
        "latin1.csv", "cp1252.csv"]
D = dt.date


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every good fixture layout, imported together."""
    out = tmp_path_factory.mktemp("acled") / "dataset"
    outcome = run_import(ACLED, [FIXTURES / f for f in GOOD], out)
    assert outcome.written, outcome.report.lines()
    return out


def test_the_import_is_a_valid_dataset(imported: Path) -> None:
    assert validate(imported) == []


@pytest.mark.parametrize("name", GOOD)
def test_each_layout_imports_on_its_own(tmp_path: Path, name: str) -> None:
    outcome = run_import(ACLED, [FIXTURES / name], tmp_path / "out")
    assert outcome.written and outcome.report.total == 0, outcome.report.lines()
    assert validate(tmp_path / "out") == []


@pytest.mark.parametrize(
    ("event", "column", "expected"),
    [
        # event_type and sub_event_type kept; the older layouts' types mapped to today's
        ("MLI90001", "event_type", "Battles"),
        ("MLI90001", "sub_event_type", "Armed clash"),
        ("MLI70001", "event_type", "Battles"),  # "Battle-No change of territory"
        ("MLI70001", "sub_event_type", "Armed clash"),
        ("MLI70002", "event_type", "Explosions/Remote violence"),  # "Remote violence"
        ("MLI70002", "sub_event_type", None),
        ("NER70003", "event_type", "Riots/Protests"),  # kept as given
        ("MRT80003", "event_type", "Riots"),
        # event_date in each format, time_precision 1/2/3 -> day / week-long span / month
        ("MLI90001", "date_start", D(2018, 10, 27)),  # "27 October 2018", precision 1
        ("MLI90001", "date_end", D(2018, 10, 27)),
        ("MLI90001", "date_precision", "day"),
        ("MLI90002", "date_start", D(2018, 10, 31)),  # precision 2: the week around it
        ("MLI90002", "date_end", D(2018, 11, 6)),
        ("MLI90002", "date_precision", "span"),
        ("BFA90003", "date_start", D(2020, 3, 1)),  # precision 3: the month
        ("BFA90003", "date_end", D(2020, 3, 31)),
        ("BFA90003", "date_precision", "month"),
        ("MLI80001", "date_start", D(2018, 10, 6)),  # "6-Oct-18"
        ("MRT80003", "date_start", D(1998, 2, 1)),  # "20-Feb-98", precision 3
        ("MRT80003", "date_end", D(1998, 2, 28)),
        ("MLI70001", "date_start", D(2016, 7, 2)),  # "2016-07-02"
        ("NIG6002", "date_start", D(2016, 10, 3)),  # 2016 layout "6-Oct-16", precision 2
        ("NIG6002", "date_end", D(2016, 10, 9)),
        ("BFO6003", "date_precision", "month"),  # 2016 layout "15 January 2016", precision 3
        ("NER90004", "date_start", D(2023, 1, 2)),  # past 2022: kept
        # fatalities kept (empty stays unknown)
        ("MLI90001", "fatalities", 3),
        ("NER80002", "fatalities", 71),
        ("MLI80007", "fatalities", None),
        # source and source_scale are the citation
        ("MLI90001", "citation", "Studio Kalangou; Local Source (Local partner-National)"),
        ("NER80002", "citation", "ActuNiger (National)"),
        ("MLI6001", "citation", "Reuters"),  # 2016: no source_scale
        ("NER90004", "citation", None),
        # the rest
        ("MLI90001", "title", "Armed clash in Ménaka"),
        ("MLI90001", "status", "confirmed"),
        ("MLI90001", "latitude", 15.918),
        ("MLI90001", "longitude", 2.402),
        ("MLI90001", "origin", "acled"),
        ("MLI90001", "source_ids", ["acled-current"]),
        ("NER90004", "description", None),  # no notes: the header line describes it (below)
    ],
)
def test_event_fields(imported: Path, event: str, column: str, expected: object) -> None:
    value = one(imported, f"SELECT {column} FROM events WHERE event_id = 'acled-{event}'")
    if column == "description" and expected is None:
        assert value.startswith("NER90004 | 2 January 2023 | Protests: Peaceful protest")
    else:
        assert value == expected


@pytest.mark.parametrize(
    ("event", "name", "country", "precision", "radius"),
    [
        ("MLI90001", "Ménaka", "MLI", "point", None),  # geo_precision 1; iso 466
        ("MLI90002", "Ouattagouna", "MLI", "area", 25.0),  # 2
        ("BFA90003", "Djibo", "BFA", "region", 100.0),  # 3; iso 854
        ("NER80002", "Inates", "NER", "area", 25.0),  # older layout: iso3
        ("NIG6002", "Tazalit", "NER", "area", 25.0),  # 2016 layout: gwno 436
        ("MLI60001", "Diafarabé", "MLI", "point", None),  # Latin-1 file
    ],
)
def test_places(imported: Path, event: str, name: str, country: str, precision: str,
                radius: float | None) -> None:
    found = one(
        imported,
        "SELECT l.name, l.country_iso3, l.precision, l.radius_km, l.origin FROM events e "
        f"JOIN locations l USING (location_id) WHERE e.event_id = 'acled-{event}'",
    )
    assert found == (name, country, precision, radius, "acled")


def test_one_place_per_distinct_location(imported: Path) -> None:
    # MLI70004 (older layout) and MLI80007 share Timbuktu at the same coordinates and precision
    ids = rows(imported, "SELECT location_id FROM events WHERE event_id IN "
                         "('acled-MLI70004', 'acled-MLI80007')")
    assert len({i for (i,) in ids}) == 1


@pytest.mark.parametrize(
    ("name", "kind", "family"),
    [
        ("JNIM: Group for Support of Islam and Muslims", "group", "al-qaeda"),
        ("AQIM: Al Qaeda in the Islamic Maghreb", "group", "al-qaeda"),
        ("Al Mourabitoune", "group", "al-qaeda"),
        ("Islamic State (Greater Sahara)", "group", "islamic-state"),
        ("Islamic State West Africa Province (ISWAP)", "group", "islamic-state"),
        # "(2021-)" (inter "State forces") and "(2002-2012)" (inter 8): one force, its periods
        ("Military Forces of Mali", "force", "state-forces"),
        ("Military Forces of France", "force", "state-forces"),  # "External/Other forces"
        ("Police Forces of Mauritania", "force", "state-forces"),  # inter 1
        ("Government of Mali (2021-)", "state", "state-forces"),
        ("MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali "
         "(2013-)", "organisation", "state-forces"),
        ("Civilians (Mali)", "group", "other"),  # inter 7
        ("Rioters (Mauritania)", "group", "other"),  # inter 5
        ("Protesters (Niger)", "group", "other"),  # "Protesters" and 6
        ("Communal Militia (Mali)", "group", "other"),  # inter 4
        ("Katiba Macina", "group", "al-qaeda"),  # a 2016 ally_actor
        ("Dozo Communal Militia (Mali)", "force", "state-forces"),  # assoc of a state force
    ],
)
def test_actors(imported: Path, name: str, kind: str, family: str) -> None:
    found = one(imported, f"SELECT kind, family, origin FROM actors WHERE name = '{name}'")
    assert found == (kind, family, "acled")


def test_actors_are_deduplicated_by_name(imported: Path) -> None:
    names = [n for (n,) in rows(imported, "SELECT name FROM actors")]
    assert len(names) == len(set(names))
    assert one(imported, "SELECT count(*) FROM actors WHERE name LIKE 'JNIM%'") == 1


@pytest.mark.parametrize(
    ("event", "actor", "role"),
    [
        ("MLI90001", "JNIM: Group for Support of Islam and Muslims", "participant"),  # battle
        ("MLI90001", "Military Forces of Mali", "participant"),
        ("MLI90001", "Wagner Group", "supporter"),  # assoc_actor_2, a ';' list
        ("BFA90003", "Unidentified Armed Group (Burkina Faso)", "perpetrator"),
        ("BFA90003", "Civilians (Burkina Faso)", "victim"),
        ("MLI80005", "Communal Militia (Mali)", "target"),
        ("MLI6001", "Katiba Macina", "supporter"),  # 2016: ally_actor_1
    ],
)
def test_roles(imported: Path, event: str, actor: str, role: str) -> None:
    roles = rows(imported, "SELECT ea.role FROM event_actors ea JOIN actors a USING (actor_id) "
                           f"WHERE ea.event_id = 'acled-{event}' AND a.name = '{actor}'")
    assert (role,) in roles


def test_one_row_per_actor_exports_merge_into_one_event(imported: Path) -> None:
    assert one(imported, "SELECT count(*) FROM events WHERE event_id = 'acled-BFA91001'") == 1
    names = rows(imported, "SELECT a.name FROM (SELECT unnest(actor_ids) AS actor_id FROM events "
                           "WHERE event_id = 'acled-BFA91001') JOIN actors a USING (actor_id)")
    assert sorted(n for (n,) in names) == [
        "Ansarul Islam",
        "JNIM: Group for Support of Islam and Muslims",
        "Military Forces of Burkina Faso",
        "VDP: Volunteers for the Defense of the Homeland",
    ]


def test_notes_are_excerpts_of_a_text_the_dataset_keeps(imported: Path) -> None:
    excerpt_ids = one(imported, "SELECT excerpt_ids FROM events WHERE event_id = 'acled-MLI90002'")
    texts = dict(rows(imported, "SELECT excerpt_id, text FROM excerpts"))
    header, notes = (texts[x] for x in excerpt_ids)
    assert notes.endswith('"believed" planted by ISGS near Ouattagouna.\nTwo passengers were injured.')
    assert "Islamic State (Greater Sahara); Civilians (Mali)" in header
    assert "Source: Malijet (National)" in header
    source = (imported / "texts" / "acled-current.txt").read_text(encoding="utf-8")
    for excerpt_id in excerpt_ids:
        start, end = (int(n) for n in excerpt_id.rsplit(":", 1)[1].split("-"))
        assert source[start:end] == texts[excerpt_id]
    # a place and an actor cite the header line that names them
    place = one(imported, "SELECT l.excerpt_ids[1] FROM locations l JOIN events e "
                          "USING (location_id) WHERE e.event_id = 'acled-MLI90002'")
    assert "Ouattagouna" in texts[place]


def test_an_event_without_notes_cites_its_header_line(imported: Path) -> None:
    (excerpt_id,) = one(imported, "SELECT excerpt_ids FROM events WHERE event_id = 'acled-NER90004'")
    assert one(imported, f"SELECT text FROM excerpts WHERE excerpt_id = '{excerpt_id}'").startswith(
        "NER90004 | 2 January 2023")


def test_one_source_per_file(imported: Path) -> None:
    found = rows(imported, "SELECT source_id, path, publisher, origin FROM sources ORDER BY 1")
    assert [r[0] for r in found] == sorted(f"acled-{Path(f).stem.replace('_', '-')}" for f in GOOD)
    assert all(r[1] == f"texts/{r[0]}.txt" and r[3] == "acled" for r in found)
    assert all(r[2].startswith("ACLED") for r in found)


def test_latin1_and_windows_1252_are_detected_and_read(tmp_path: Path) -> None:
    outcome = run_import(ACLED, [FIXTURES / "latin1.csv", FIXTURES / "cp1252.csv"], tmp_path / "o")
    notices = "\n".join(outcome.report.notices)
    assert "latin1.csv: not UTF-8; read as Latin-1" in notices
    assert "cp1252.csv: not UTF-8; read as Windows-1252" in notices
    texts = [t for (t,) in rows(tmp_path / "o", "SELECT text FROM excerpts")]
    assert "Affrontement près de Diafarabé; l'armée a repoussé les assaillants." in texts
    assert "Les assaillants ’ont’ fui – selon l’armée." in texts


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_missing_column.csv", [(1, "event_date", "missing required column"),
                                    (1, "latitude", "missing required column")]),
        ("bad_unknown_layout.csv", [(1, "", "unknown layout")]),
        ("empty.csv", [(0, "", "empty file")]),
        ("header_only.csv", [(0, "", "empty file: a header but no rows")]),
        ("bad_dates.csv", [(3, "event_date", "unparseable date: '32 October 2018'"),
                           (4, "event_date", "unparseable date: 'sometime in 2019'"),
                           (5, "event_date", "missing date")]),
        ("bad_coordinates.csv", [(3, "latitude", "latitude out of range (-90..90): '95.2'"),
                                 (4, "longitude", "longitude out of range (-180..180): '-200'"),
                                 (5, "latitude", "not a latitude: 'north'")]),
        # (BFA90003's '15 March 2020' and '16 March 2020' at month precision are one date now)
        ("bad_duplicates.csv", [(4, "fatalities", "duplicate id MLI90001 disagrees: '4' here, '3' in row 2")]),
        ("bad_codes.csv", [(3, "time_precision", "unknown time_precision: '4'"),
                           (4, "geo_precision", "unknown geo_precision: '0'"),
                           (5, "fatalities", "not a fatality count: 'many'"),
                           (6, "actor1", "missing actor")]),
        ("bad_malformed.csv", [(3, "", "malformed row: 5 fields, expected 31"),
                               (4, "", "malformed row: 4 fields, expected 31")]),
    ],
)
def test_bad_input_is_reported_and_nothing_written(tmp_path: Path, name: str,
                                                   expected: list[tuple[int, str, str]]) -> None:
    out = tmp_path / "out"
    outcome = run_import(ACLED, [FIXTURES / name], out)
    assert not outcome.written and not out.exists()
    assert [p.file for p in outcome.report.problems] == [str(FIXTURES / name)] * len(expected)
    got = [(p.row, p.column, p.reason) for p in sorted(outcome.report.problems)]
    assert len(got) == len(expected), got
    for (row, column, reason), want in zip(got, expected):
        assert (row, column) == want[:2] and reason.startswith(want[2]), (row, column, reason)
    assert list(tmp_path.iterdir()) == []  # no staging folder left behind


def test_the_command_prints_file_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["import", "acled", str(FIXTURES / "bad_dates.csv"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 1 and not (tmp_path / "o").exists()
    assert f"{FIXTURES / 'bad_dates.csv'}: row 3, column event_date: unparseable date" in err
    assert "nothing written" in err and "--skip-bad" in err


def test_skip_bad_imports_the_good_rows_and_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = [FIXTURES / "bad_dates.csv", FIXTURES / "bad_coordinates.csv", FIXTURES / "empty.csv",
             FIXTURES / "bad_duplicates.csv", FIXTURES / "current.csv"]
    code = main(["import", "acled", *map(str, files), "--out", str(out), "--skip-bad"])
    assert code == 0
    assert validate(out) == []
    report = (out / output.REPORT_NAME).read_text(encoding="utf-8")
    assert "bad_dates.csv: row 3, column event_date: unparseable date" in report
    assert "empty.csv: file: empty file" in report
    assert "bad_duplicates.csv: row 4, column fatalities: duplicate id MLI90001" in report
    # MLI90001 disagrees within bad_duplicates.csv, so that version is dropped; the version in
    # current.csv (a later file) is the event, and everything else stays
    events = {e for (e,) in rows(out, "SELECT event_id FROM events")}
    assert {"acled-MLI90001", "acled-BFA90003", "acled-MLI90002", "acled-NER90004",
            "acled-MLI90005", "acled-MLI90006"} <= events
    assert one(out, "SELECT fatalities FROM events WHERE event_id = 'acled-MLI90001'") == 3


def test_a_failure_mid_write_leaves_the_dataset_untouched(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_import(ACLED, [FIXTURES / "older.csv"], out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = output.copy_tables

    def crash(con, directory, parts):  # noqa: ANN001 - the same signature as copy_tables
        real(con, directory, {"sources": parts["sources"]})  # half the tables written...
        raise OSError("disk full")  # ... then the disk fills up

    monkeypatch.setattr(output, "copy_tables", crash)
    with pytest.raises(OSError, match="disk full"):
        run_import(ACLED, [FIXTURES / "current.csv"], out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_import_replaces_an_earlier_import(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_import(ACLED, [FIXTURES / "older.csv"], out)
    run_import(ACLED, [FIXTURES / "current.csv"], out)
    assert [s for (s,) in rows(out, "SELECT source_id FROM sources")] == ["acled-current"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_import_never_overwrites_a_folder_that_is_not_an_import(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ImportRefused, match="not written by an import"):
        run_import(ACLED, [FIXTURES / "current.csv"], tmp_path)
    with pytest.raises(ImportRefused, match="is the --with dataset"):
        run_import(ACLED, [FIXTURES / "current.csv"], tmp_path / "d", with_dir=tmp_path / "d")


# --- --with: the curated dataset merged in ---------------------------------------------


def test_with_merges_the_curated_dataset(tmp_path: Path) -> None:
    curated = write_dataset(tmp_path / "curated")
    out = tmp_path / "out"
    code = main(["import", "acled", str(FIXTURES / "current.csv"), "--out", str(out),
                 "--with", str(curated)])
    assert code == 0
    assert validate(out) == []
    for table in ("sources", "actors", "locations", "events", "relations"):
        got = dict(rows(out, f"SELECT origin, count(*) FROM {table} GROUP BY origin"))
        want = len(load_dataset(curated).arrow[table])
        assert got.get("curated") == want, table
        assert set(got) <= {"curated", "acled"}, table
    assert one(out, "SELECT count(*) FROM events WHERE origin = 'acled'") == 6
    assert (out / "texts" / "src-a.txt").read_bytes() == (curated / "texts" / "src-a.txt").read_bytes()
    assert one(out, "SELECT count(*) FROM claims") == len(load_dataset(curated).arrow["claims"])


def test_with_the_project_data_keeps_the_seed_texts(tmp_path: Path) -> None:
    # data/ is committed: its absence is a broken checkout, not a reason to skip.
    assert (PROJECT_ROOT / "data" / "events.parquet").is_file(), "data/ is not built"
    out = tmp_path / "out"
    assert run_import(ACLED, [FIXTURES / "older.csv"], out, with_dir=PROJECT_ROOT / "data").written
    assert validate(out) == []
    assert any((out / "seeds").glob("*.txt"))


def test_with_refuses_ids_already_in_the_other_dataset(tmp_path: Path) -> None:
    first = tmp_path / "first"
    run_import(ACLED, [FIXTURES / "current.csv"], first)
    outcome = run_import(ACLED, [FIXTURES / "current.csv"], tmp_path / "second", with_dir=first,
                         skip_bad=True)
    assert not outcome.written
    assert any("'acled-current' is in both datasets" in p.reason for p in outcome.report.problems)


# --- scale, and the date check of validate ---------------------------------------------


def test_a_large_export_streams_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "BLOCK_BYTES", 1 << 20)  # ~2,000 rows a chunk
    source = write_acled(tmp_path / "big.csv", 20_000)
    seen: list[int] = []
    outcome = run_import(ACLED, [source], tmp_path / "out", progress=lambda _, n: seen.append(n))
    assert outcome.written and outcome.report.total == 0
    assert len(seen) > 5 and seen == sorted(seen) and seen[-1] == 20_000
    assert outcome.counts["events"] == 19_800  # 1% of events come on two rows
    assert validate(tmp_path / "out") == []


def test_validate_keeps_1990_2022_for_curated_rows_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_import(ACLED, [FIXTURES / "current.csv", FIXTURES / "older.csv"], out)
    assert validate(out) == []  # 1998 and 2023 are fine for imported rows
    con = duckdb.connect()
    events = out / "events.parquet"
    for origin, year, complaint in (("acled", 1850, "outside 1900-2100"),
                                    ("curated", 2023, "outside 1990-2022"), (None, 2023, "outside 1990-2022")):
        shutil.copy(events, tmp_path / "events.bak")
        con.execute(
            f"COPY (SELECT * REPLACE (CASE WHEN event_id = 'acled-MLI90001' THEN DATE '{year}-01-01' "
            f"ELSE date_start END AS date_start, CASE WHEN event_id = 'acled-MLI90001' THEN "
            f"DATE '{year}-01-01' ELSE date_end END AS date_end, CASE WHEN event_id = 'acled-MLI90001' THEN "
            f"{'NULL' if origin is None else repr(origin)} ELSE origin END AS origin) "
            f"FROM read_parquet('{tmp_path / 'events.bak'}')) TO '{events}' (FORMAT parquet)"
        )
        problems = [str(p) for p in validate(out)]
        assert any("acled-MLI90001" in p and complaint in p for p in problems), problems
        shutil.copy(tmp_path / "events.bak", events)


def test_the_app_opens_an_imported_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    out = tmp_path / "out"
    run_import(ACLED, [FIXTURES / f for f in GOOD], out, with_dir=write_dataset(tmp_path / "cur"))
    monkeypatch.setenv(ENV_VAR, str(out))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
