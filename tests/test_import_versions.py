"""Overlapping exports: every distinct event once, its newest version; HDX's HXL-tagged copies."""

from pathlib import Path

import pytest

from parquet_sql import one, rows
from sahel_atlas.importers import ACLED, output, run_import
from sahel_atlas.importers.hxl import is_tag_row
from sahel_atlas.contract.validate import validate

VERSIONS = Path(__file__).parent / "fixtures" / "acled" / "versions"
OLD, NEW, HDX = (VERSIONS / n for n in ("export_2019.csv", "export_2023.csv", "export_2023_hdx.csv"))


def event_type(directory: Path, event: str) -> str:
    return one(directory, f"SELECT event_type FROM events WHERE event_id = 'acled-{event}'")


@pytest.mark.parametrize("order", [[OLD, NEW], [NEW, OLD]])
def test_the_newest_timestamp_wins_whatever_the_file_order(tmp_path: Path, order: list[Path]) -> None:
    out = tmp_path / "out"
    outcome = run_import(ACLED, order, out)
    assert outcome.written and outcome.report.total == 0, outcome.report.lines()
    assert event_type(out, "MLI70001") == "Protests"
    assert one(out, "SELECT count(*) FROM events") == 7
    source = one(out, "SELECT source_ids FROM events WHERE event_id = 'acled-MLI70001'")
    assert source == ["acled-export-2023"]  # the event cites the file its version came from


def test_without_timestamps_the_later_file_wins(tmp_path: Path) -> None:
    stripped = []
    for path in (NEW, OLD):  # the 2023 export first: the 2019 one is now "later"
        target = tmp_path / path.name
        lines = path.read_text(encoding="utf-8").splitlines()
        target.write_text("\n".join(lines).replace("1690000000", "").replace("1560000000", "") + "\n",
                          encoding="utf-8")
        stripped.append(target)
    out = tmp_path / "out"
    assert run_import(ACLED, stripped, out).written
    assert event_type(out, "MLI70001") == "Riots/Protests"


def test_the_report_lists_what_changed_between_versions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_import(ACLED, [OLD, NEW], out)
    text = (out / output.REPORT_NAME).read_text(encoding="utf-8")
    assert "2 event(s) are in several files: the newest version of each is kept" in text
    assert "MLI70001, sub_event_type: None in" in text and "'Peaceful protest'" in text


def test_an_hdx_copy_skips_and_reports_its_tag_row(tmp_path: Path) -> None:
    plain, tagged = tmp_path / "plain", tmp_path / "tagged"
    run_import(ACLED, [NEW], plain)
    outcome = run_import(ACLED, [HDX], tagged)
    assert outcome.written and outcome.report.total == 0, outcome.report.lines()
    assert validate(tagged) == []
    query = "SELECT event_id, event_type, date_start, fatalities FROM events ORDER BY 1"
    assert rows(tagged, query) == rows(plain, query)
    text = (tagged / output.REPORT_NAME).read_text(encoding="utf-8")
    assert "row 2 is an HXL hashtag row" in text and "#affected+killed" in text


def test_rows_of_an_hdx_copy_keep_their_spreadsheet_numbers(tmp_path: Path) -> None:
    lines = HDX.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2 August 2018", "32 August 2018")  # row 4 of the file
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_import(ACLED, [broken], tmp_path / "out")
    assert [(p.row, p.column) for p in outcome.report.problems] == [(4, "event_date")]


@pytest.mark.parametrize(("cells", "tags"), [
    (["#date+year", "", "#affected+killed"], True),
    (["#event+code"], True),
    (["MLI70001", "#date"], False),
    (["", ""], False),
    (["#", "#x"], False),
    (["2018", "3"], False),
])
def test_hxl_tag_rows(cells: list[str], tags: bool) -> None:
    assert is_tag_row(cells) is tags


def test_an_hdx_copy_of_ucdp_is_read_too(tmp_path: Path) -> None:
    from sahel_atlas.importers import UCDP

    ged = Path(__file__).parent / "fixtures" / "ucdp" / "ged.csv"
    header, *body = ged.read_text(encoding="utf-8").split("\n", 1)
    tags = ",".join({"id": "#event+code", "best": "#affected+killed", "year": "#date+year"}.get(c, "")
                    for c in header.split(","))
    tagged = tmp_path / "ged_hdx.csv"
    tagged.write_text(header + "\n" + tags + "\n" + "".join(body), encoding="utf-8")
    plain, out = tmp_path / "plain", tmp_path / "out"
    run_import(UCDP, [ged], plain)
    outcome = run_import(UCDP, [tagged], out)
    assert outcome.written and outcome.report.total == 0, outcome.report.lines()
    assert rows(out, "SELECT event_id, fatalities FROM events ORDER BY 1") == \
        rows(plain, "SELECT event_id, fatalities FROM events ORDER BY 1")


def test_a_malformed_row_of_an_hdx_copy_is_numbered_like_a_spreadsheet(tmp_path: Path) -> None:
    lines = HDX.read_text(encoding="utf-8").splitlines()
    lines[4] = "MLI70004,3 March 2021,2021"  # row 5: too few fields (Python's reader takes over)
    broken = tmp_path / "malformed.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_import(ACLED, [broken], tmp_path / "out", skip_bad=True)
    assert [(p.row, p.reason.split(":")[0]) for p in outcome.report.problems] == [(5, "malformed row")]
    assert one(tmp_path / "out", "SELECT count(*) FROM events") == 5  # six events, less the malformed one
