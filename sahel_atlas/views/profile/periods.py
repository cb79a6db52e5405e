"""A relation's or an event's dates written as a reader writes them, at the precision they show."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

from sahel_atlas.text.dates import date_label
from sahel_atlas.text.values import text


def as_date(value: object) -> dt.date | None:
    """A cell (date, datetime, Timestamp, ISO text) as a date; missing or unreadable is None."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _start_label(day: dt.date) -> str:
    if (day.month, day.day) == (1, 1):
        return str(day.year)
    if day.day == 1:
        return day.strftime("%B %Y")
    return day.isoformat()


def _end_label(day: dt.date) -> str:
    if (day.month, day.day) == (12, 31):
        return str(day.year)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return day.strftime("%B %Y")
    return day.isoformat()


def period_label(start: object, end: object, precision: object) -> str:
    """A relation's or event's dates as a reader writes them: `2004–2020-06-03`, `March 2017`.

    A day, a month or a year is `date_label`'s; a span is written with each end at the
    precision it shows (1 January and 31 December mean a year, whole months a month).
    """
    start, end, precision = as_date(start), as_date(end), text(precision)
    if start is None and end is None:
        return "undated"
    if start is None:
        return f"until {_end_label(end)}"
    if end is None:
        return f"from {_start_label(start)}"
    if precision in ("day", "month", "year"):
        return date_label(start, end, precision)
    left, right = _start_label(start), _end_label(end)
    return left if left == right else f"{left}–{right}"


def row_period(row: dict) -> str:
    """The period label of a relation's or event's record."""
    return period_label(row.get("date_start"), row.get("date_end"), row.get("date_precision"))
