"""The small text helpers every layer shares: one line, truncation, escaping, folding, short
names, cell dates and period labels."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sahel_atlas.text.dates import as_date, end_label, start_label
from sahel_atlas.text.names import fold, short_name
from sahel_atlas.text.strings import clean, esc, truncate

D = dt.date


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("AQIM", 4, "AQIM"),
        ("Al-Qaeda in the Islamic Maghreb", 10, "Al-Qaeda…"),  # the space before … goes
        ("abcdef", 3, "ab…"),
        ("", 5, ""),
    ],
)
def test_truncate_cuts_to_the_limit_with_an_ellipsis(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected
    assert len(truncate(text, limit)) <= limit


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ('<img src=x onerror="alert(1)">', None, '&lt;img src=x onerror="alert(1)"&gt;'),
        ("Ménaka &\n\tTessalit", None, "Ménaka &amp; Tessalit"),
        ("<b>" + "x" * 20, 8, "&lt;b&gt;xxxx…"),  # cut before escaping: no half entity
        (None, None, ""),
        (2020, None, "2020"),
    ],
)
def test_esc_folds_cuts_then_escapes(text: object, limit: int | None, expected: str) -> None:
    assert esc(text, limit) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (D(2020, 6, 3), D(2020, 6, 3)),
        (dt.datetime(2020, 6, 3, 23, 59), D(2020, 6, 3)),
        (pd.Timestamp("2013-01-11"), D(2013, 1, 11)),
        (np.datetime64("2004-02-29"), D(2004, 2, 29)),
        ("2019-01-31", D(2019, 1, 31)),
        ("2019-01-31T12:00:00", D(2019, 1, 31)),
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
    ],
)
def test_as_date_reads_any_cell(value: object, expected: dt.date | None) -> None:
    assert as_date(value) == expected


def test_as_date_refuses_text_that_is_not_a_day() -> None:
    with pytest.raises(ValueError):
        as_date("June 2020")


@pytest.mark.parametrize(
    "start, precision, expected",
    [
        (D(2004, 1, 1), "year", "2004"),
        (D(2004, 6, 1), "month", "June 2004"),
        (D(2004, 6, 3), "day", "2004-06-03"),
        (D(2004, 1, 1), "span", "2004"),
        (D(2004, 6, 1), "span", "June 2004"),
        (D(2004, 6, 3), "span", "2004-06-03"),
    ],
)
def test_start_label_writes_the_start_at_its_precision(
    start: dt.date, precision: str, expected: str
) -> None:
    assert start_label(start, precision) == expected


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("Jihadist groups in northern Mali: a chronology", 24, "Jihadist groups in…"),
        ("Mali: a chronology", 7, "Mali…"),  # the colon the cut leaves goes too
        ("Supercalifragilistic", 8, "Superca…"),  # one word longer than the limit is cut
    ],
)
def test_truncate_at_whole_words(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit, whole_words=True) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(" Ménaka\n\t(Mali) ", "Ménaka (Mali)"), (None, ""), (float("nan"), ""), (2020, "2020")],
)
def test_clean_makes_one_line(value: object, expected: str) -> None:
    assert clean(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [(" MÉNAKA ", "menaka"), ("Tillabéri   region", "tillaberi region"), (None, ""),
     ("Kidal", "kidal")],
)
def test_fold_ignores_case_accents_and_runs_of_spaces(text: object, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    "name, kind, aliases, expected",
    [
        ("Al-Qaeda", "group", ["Al Qaeda", "AQ"], "Al-Qaeda"),  # two capitals read as a word
        ("Islamic State", "group", ["IS", "ISIS", "DAESH"], "Islamic State"),
        ("", "group", ["IS"], "IS"),  # no name to fall back on
        ("Jama'at Nusrat al-Islam wal-Muslimin", "group", ["JNIM", "GSIM"], "JNIM"),
    ],
)
def test_short_name_keeps_the_name_of_a_two_letter_acronym(name, kind, aliases, expected) -> None:
    assert short_name(name, kind, aliases) == expected


def test_as_date_not_strict_reads_unreadable_text_as_missing() -> None:
    assert as_date("June 2020", strict=False) is None
    assert as_date("2020-06-03", strict=False) == D(2020, 6, 3)


def test_as_date_reads_nat_as_missing() -> None:
    assert as_date(pd.NaT) is None


@pytest.mark.parametrize(
    "end, precision, expected",
    [(D(2020, 12, 31), "year", "2020"), (D(2020, 6, 30), "month", "June 2020"),
     (D(2020, 6, 3), "day", "2020-06-03"), (D(2020, 12, 31), "span", "2020"),
     (D(2020, 2, 29), "span", "February 2020"), (D(2020, 6, 3), "span", "2020-06-03")],
)
def test_end_label_writes_the_end_at_its_precision(end: dt.date, precision: str, expected: str) -> None:
    assert end_label(end, precision) == expected
