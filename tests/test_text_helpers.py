"""The small text helpers every view shares: truncation, escaping, cell dates, start labels."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sahel_atlas.text.dates import as_date, start_label
from sahel_atlas.text.strings import esc, truncate

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
