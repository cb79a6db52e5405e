"""Dates at their real precision: a day, a month, a year or a span between two of those."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

import pandas as pd

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateRange(NamedTuple):
    start: dt.date
    end: dt.date
    precision: str  # day | month | year | span


def _part(text: str) -> DateRange:
    match = _PART.match(text.strip())
    if not match:
        raise ValueError(f"not a date: {text!r} (write YYYY, YYYY-MM, YYYY-MM-DD or A..B)")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if not 1 <= month <= 12:
        raise ValueError(f"not a date: {text!r} (month {month})")
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return DateRange(dt.date(year, month, 1), dt.date(year, month, last), "month")
    try:
        return DateRange(dt.date(year, month, day), dt.date(year, month, day), "day")
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r} ({exc})") from exc


def parse_date(value: object) -> DateRange:
    """Parse an annotation's date: `2020-06-03`, `2020-06`, `2020` or a span `1990..1994`."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateRange(value, value, "day")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    if ".." in value:
        left, _, right = value.partition("..")
        start, end = _part(left).start, _part(right).end
        if start > end:
            raise ValueError(f"span {value!r} ends before it starts")
        return DateRange(start, end, "span")
    return _part(value)


def date_label(start: dt.date | None, end: dt.date | None, precision: str | None) -> str:
    """A date as a reader would write it at its precision: 2020-06-03, June 2020, 2020, 1990–1994."""
    if start is None:
        return "undated"
    if precision == "day" or end is None:
        return start.isoformat()
    if precision == "month":
        return start.strftime("%B %Y")
    if precision == "year":
        return str(start.year)
    return _span_label(start, end)


def _span_label(start: dt.date, end: dt.date) -> str:
    """Both ends at the coarsest precision they share: 1990–1994, Jan 2019–Mar 2019, or days."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}–{end.year}"
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        return f"{start.strftime('%b %Y')}–{end.strftime('%b %Y')}"
    return f"{start.isoformat()}–{end.isoformat()}"


def _missing(value: object) -> bool:
    """None, NaT, NaN or NA (a date or a text is never missing, a list is not either)."""
    if value is None or value is pd.NaT:  # NaT is a datetime: test it before the types
        return True
    if isinstance(value, (dt.date, str)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_date(value: object, strict: bool = True) -> dt.date | None:
    """A table cell (date, datetime, Timestamp or ISO text) as a date; missing is None.

    Text that is not an ISO day raises ValueError, or gives None when not `strict`.
    """
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):  # also a pandas Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        if strict:
            raise
        return None


def start_label(start: dt.date, precision: str) -> str:
    """The start of a period at its precision: 2004, June 2004 or 2004-06-03 (a span's start
    shows what it falls on: 1 January a year, the 1st a month)."""
    if precision == "year" or (precision == "span" and (start.month, start.day) == (1, 1)):
        return str(start.year)
    if precision == "month" or (precision == "span" and start.day == 1):
        return start.strftime("%B %Y")
    return start.isoformat()


def end_label(end: dt.date, precision: str) -> str:
    """The end of a period at its precision: 2020, June 2020 or 2020-06-03 (a span's end shows
    what it falls on: 31 December a year, a month's last day the month)."""
    last_day = calendar.monthrange(end.year, end.month)[1]
    if precision == "year" or (precision == "span" and (end.month, end.day) == (12, 31)):
        return str(end.year)
    if precision == "month" or (precision == "span" and end.day == last_day):
        return end.strftime("%B %Y")
    return end.isoformat()


def date_param(day: dt.date, end: bool) -> str:
    """A window's bound as the shortest text that parses back to it: `2012` for a whole year."""
    whole_year = (day.month, day.day) == ((12, 31) if end else (1, 1))
    return str(day.year) if whole_year else day.isoformat()
