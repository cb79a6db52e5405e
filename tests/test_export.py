"""CSV export: what lands in a user's spreadsheet, and the file's name."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from sahel_atlas.store.dataset import Dataset, load_dataset
from sahel_atlas.export.csv_file import (
    EVENT_COLUMNS,
    export_filename,
    readable_events,
    to_csv_bytes,
)
from sahel_atlas.query.model import Filters, Vocabulary
from sahel_atlas.text.names import slug
from sahel_atlas.query.run import apply

D = dt.date
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def ds(tiny_data: Path) -> Dataset:
    return load_dataset(tiny_data)


@pytest.fixture(scope="module")
def vocab(ds: Dataset) -> Vocabulary:
    return Vocabulary.from_dataset(ds)


# --- CSV bytes -----------------------------------------------------------------------------


def two_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Event ID": ["e1", "e2"],
            "Date start": [D(2020, 6, 3), D(1990, 1, 1)],
            "Place": ["Ménaka", None],
            "Note": ["=1+1", "plain, with a comma"],
            "Longitude": [-3.5, None],
            "Fatalities": pd.array([4, None], dtype="Int64"),
            "Actors": [["AQIM", "JNIM"], []],
        }
    )


def test_csv_bytes_are_exact() -> None:
    assert to_csv_bytes(two_rows()) == (
        BOM
        + b"Event ID,Date start,Place,Note,Longitude,Fatalities,Actors\n"
        + "e1,2020-06-03,Ménaka,'=1+1,-3.5,4,AQIM; JNIM\n".encode()
        + b'e2,1990-01-01,,"plain, with a comma",,,\n'
    )


def test_csv_reads_back_in_a_spreadsheet_like_reader() -> None:
    back = pd.read_csv(io.BytesIO(to_csv_bytes(two_rows())), encoding="utf-8-sig")
    assert back.columns[0] == "Event ID"  # the BOM is not glued to the first header
    assert back.loc[0, "Place"] == "Ménaka"
    assert back.loc[0, "Longitude"] == -3.5


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2 dead", "'-2 dead"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\nx\""),  # a bare CR would split the row in most readers
        ("a\r\nb", "\"a\nb\""),
        ("a=b", "a=b"),
        ("Ménaka", "Ménaka"),
        ("", ""),
        (None, ""),
    ],
)
def test_formula_cells_are_defused(cell, written) -> None:
    body = to_csv_bytes(pd.DataFrame({"Text": [cell], "B": [1]})).decode("utf-8-sig")
    assert body == f"Text,B\n{written},1\n"


@pytest.mark.parametrize(
    ("values", "written"),
    [
        ([-3.5, 2.0], ["-3.5", "2.0"]),
        ([-12, 3], ["-12", "3"]),
        (pd.array([-1, None], dtype="Int64"), ["-1", ""]),
        ([[-3.5, "=x"], ["a", None]], ["'-3.5; =x", "a"]),  # a joined list is text, guarded
        (pd.to_datetime(["2020-06-03", None]), ["2020-06-03", ""]),
        ([dt.datetime(2020, 6, 3, 14, 30), None], ["2020-06-03T14:30:00", ""]),
    ],
)
def test_numbers_stay_numbers_and_dates_iso(values, written) -> None:
    body = to_csv_bytes(pd.DataFrame({"N": values, "B": [1, 2]})).decode("utf-8-sig")
    assert body == f"N,B\n{written[0]},1\n{written[1]},2\n"


# --- Readable events -----------------------------------------------------------------------


def test_readable_events_use_names_not_ids(ds: Dataset) -> None:
    frame = readable_events(ds, apply(ds, Filters(places=("menaka",))))
    assert list(frame.columns) == list(EVENT_COLUMNS)
    first = frame.iloc[0]
    assert first["Event ID"] == "menaka-attacks-2018"
    assert first["Place"] == "Ménaka"
    assert first["Country"] == "Mali"
    assert first["Actors"] == ["Islamic State in the Greater Sahara"]
    assert first["Sources"] == ["Ménaka sous pression"]
    assert first["Type"] == "Violence against civilians"
    assert first["Sub-type"] == "Attack"
    assert (first["Date start"], first["Date end"]) == (D(2018, 1, 1), D(2018, 6, 30))


@pytest.mark.parametrize(
    ("event_id", "label"),
    [
        ("droukdel-killed-2020", "2020-06-03"),
        ("isgs-jnim-clash-2020", "March 2020"),
        ("statement-2016", "2016"),
        ("aqim-base-talhandak", "2010–2014"),
    ],
)
def test_dates_read_at_their_precision(ds: Dataset, event_id, label) -> None:
    frame = readable_events(ds, apply(ds, Filters()))
    assert frame.set_index("Event ID").loc[event_id, "Date"] == label


def test_export_holds_exactly_the_filtered_rows(ds: Dataset) -> None:
    filters = Filters(D(2012, 1, 1), D(2020, 12, 31), actors=("aqim", "jnim"))
    events = apply(ds, filters)
    data = to_csv_bytes(readable_events(ds, events))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["Event ID"].tolist() == events["event_id"].tolist()
    row = back.set_index("Event ID").loc["jnim-founded-2017"]
    assert row["Description"] == "'=Several groups merged under one name."
    assert row["Actors"] == "Jama'at Nusrat al-Islam wal-Muslimin; Iyad Ag Ghaly; Al-Qaeda in the Islamic Maghreb"
    assert row["Place"] == ""  # no location: empty, not "nan" or "None"
    assert row["Date start"] == "2017-03-02"
    killed = readable_events(ds, apply(ds, Filters(q="droukdel killed")))
    text = to_csv_bytes(killed).decode("utf-8-sig")
    assert ",20.16,1.64," in text and ",disputed,4," in text


def test_an_empty_selection_exports_the_header(ds: Dataset) -> None:
    frame = readable_events(ds, apply(ds, Filters(q="nothing matches this")))
    assert to_csv_bytes(frame) == BOM + (",".join(EVENT_COLUMNS) + "\n").encode()


# --- File names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "name"),
    [
        (Filters(), "sahel-atlas_events_all.csv"),
        (
            Filters(D(2012, 1, 1), D(2020, 12, 31), actors=("aqim", "jnim")),
            "sahel-atlas_events_2012-2020-overlap_aqim-jnim.csv",
        ),
        (
            Filters(D(2012, 1, 1), D(2020, 12, 31), actors=("aqim",), dates="within"),
            "sahel-atlas_events_2012-2020-within_aqim.csv",
        ),
        (Filters(date_from=D(2013, 1, 1)), "sahel-atlas_events_from-2013-overlap.csv"),
        (
            Filters(date_to=D(2013, 12, 31), dates="within"),
            "sahel-atlas_events_until-2013-within.csv",
        ),
        (
            Filters(D(2013, 3, 1), D(2013, 4, 30)),
            "sahel-atlas_events_2013-03-01-to-2013-04-30-overlap.csv",
        ),
        (Filters(actors=("aqim",), dates="within"), "sahel-atlas_events_aqim.csv"),
        (Filters(places=("menaka", "NER")), "sahel-atlas_events_menaka-niger.csv"),
        (
            Filters(types=("Targeted killing",), statuses=("claimed",), q="Otage à Niamey!"),
            "sahel-atlas_events_targeted-killing_claimed_q-otage-a-niamey.csv",
        ),
        (Filters(sources=("src-c",)), "sahel-atlas_events_menaka-sous-pression.csv"),
        (Filters(q="🙂"), "sahel-atlas_events_all.csv"),
    ],
)
def test_export_filename_says_what_was_exported(filters, name, vocab) -> None:
    assert export_filename("events", filters, vocab) == name


def test_export_filename_is_capped(vocab: Vocabulary) -> None:
    filters = Filters(actors=tuple(vocab.actors), types=("Attack", "Armed clash", "Statement"),
                      places=tuple(vocab.locations))
    name = export_filename("events", filters, vocab)
    assert name.endswith("_and-more.csv")
    assert len(name) <= 120 + len(".csv")
    assert name.isascii()
    assert name.startswith("sahel-atlas_events_abdelmalek-droukdel-aqim")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ménaka", "menaka"), ("Tillabéri region", "tillaberi-region"), ("Côte d'Ivoire", "cote-d-ivoire"),
     ("  --  ", ""), ("JNIM/AQIM", "jnim-aqim")],
)
def test_slug_is_ascii(text, expected) -> None:
    assert slug(text) == expected
