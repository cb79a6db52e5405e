"""A relation's or an event's dates written as a reader writes them, at the precision they show."""

from __future__ import annotations

from sahel_atlas.text.dates import as_date, date_label, end_label, start_label
from sahel_atlas.text.values import text


def period_label(start: object, end: object, precision: object) -> str:
    """A relation's or event's dates as a reader writes them: `2004–2020-06-03`, `March 2017`.

    A day, a month or a year is `date_label`'s; a span is written with each end at the
    precision it shows (1 January and 31 December mean a year, whole months a month).
    """
    start, end, precision = as_date(start, strict=False), as_date(end, strict=False), text(precision)
    if start is None and end is None:
        return "undated"
    if start is None:
        return f"until {end_label(end, 'span')}"
    if end is None:
        return f"from {start_label(start, 'span')}"
    if precision in ("day", "month", "year"):
        return date_label(start, end, precision)
    left, right = start_label(start, "span"), end_label(end, "span")
    return left if left == right else f"{left}–{right}"


def row_period(row: dict) -> str:
    """The period label of a relation's or event's record."""
    return period_label(row.get("date_start"), row.get("date_end"), row.get("date_precision"))
