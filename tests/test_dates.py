"""Dates at their real precision."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_atlas.text.dates import date_label, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2020-06-03", D(2020, 6, 3), D(2020, 6, 3), "day"),
        ("2020-06", D(2020, 6, 1), D(2020, 6, 30), "month"),
        ("2020-02", D(2020, 2, 1), D(2020, 2, 29), "month"),
        ("2004", D(2004, 1, 1), D(2004, 12, 31), "year"),
        (2004, D(2004, 1, 1), D(2004, 12, 31), "year"),
        (D(2013, 3, 31), D(2013, 3, 31), D(2013, 3, 31), "day"),
        ("1990..1994", D(1990, 1, 1), D(1994, 12, 31), "span"),
        ("2019-01..2019-03", D(2019, 1, 1), D(2019, 3, 31), "span"),
        ("2004..2020-06-03", D(2004, 1, 1), D(2020, 6, 3), "span"),
    ],
)
def test_parse_date(text, start, end, precision) -> None:
    assert tuple(parse_date(text)) == (start, end, precision)


@pytest.mark.parametrize("bad", ["June 2020", "2020-13", "2020-02-30", "1994..1990", "", None, True, "20"])
def test_parse_date_rejects(bad) -> None:
    with pytest.raises(ValueError, match="not a date|ends before"):
        parse_date(bad)


@pytest.mark.parametrize(
    ("start", "end", "precision", "label"),
    [
        (D(2020, 6, 3), D(2020, 6, 3), "day", "2020-06-03"),
        (D(2020, 6, 1), D(2020, 6, 30), "month", "June 2020"),
        (D(2004, 1, 1), D(2004, 12, 31), "year", "2004"),
        (D(1990, 1, 1), D(1994, 12, 31), "span", "1990–1994"),
        (D(2018, 1, 1), D(2018, 6, 30), "span", "Jan 2018–Jun 2018"),
        (D(2004, 1, 1), D(2020, 6, 3), "span", "2004-01-01–2020-06-03"),
        (None, None, None, "undated"),
    ],
)
def test_date_label(start, end, precision, label) -> None:
    assert date_label(start, end, precision) == label
