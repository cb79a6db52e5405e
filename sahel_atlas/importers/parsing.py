"""Vectorised parsing of export columns; each parser reports the rows it cannot read."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Every date format met in ACLED and UCDP exports; ISO dates may carry a time ("00:00:00.000").
DATE_FORMATS = ("%d %B %Y", "%d-%b-%y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y")
PLAUSIBLE_YEARS = (1900, 2100)
# Spelled out: `\s` would make pandas leave Arrow's fast regex engine for Python's.
WHITESPACE = r"[ \t\n\r\f\v]+"


def clean(text: pd.Series) -> pd.Series:
    """Strings stripped, with Windows and old-Mac line ends made `\\n` (offsets depend on it)."""
    return text.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False).str.strip()


def one_line(text: pd.Series) -> pd.Series:
    """Strings on one line, runs of white space collapsed (for names that are compared)."""
    return text.str.replace(WHITESPACE, " ", regex=True).str.strip()


def stripped(text: pd.Series) -> pd.Series:
    """Strings stripped; line ends inside become spaces (cheaper than `one_line`)."""
    return text.str.replace("\n", " ", regex=False).str.replace("\r", " ", regex=False).str.strip()


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(dates, reasons): datetime64 values, and a reason where a value is missing or unreadable."""
    text = text.str.strip()
    iso = text.str.match(r"^\d{4}-\d{2}-\d{2}(?:$|[ T])")
    dates = pd.to_datetime(text.str.slice(0, 10).where(iso), format="%Y-%m-%d", errors="coerce")
    for fmt in DATE_FORMATS:
        todo = dates.isna() & ~iso & text.ne("")
        if not todo.any():
            break
        dates = dates.mask(todo, pd.to_datetime(text.where(todo), format=fmt, errors="coerce"))
    reasons = pd.Series(None, index=text.index, dtype="object")
    reasons = reasons.mask(dates.isna(), "unparseable date: " + text.map(repr))
    reasons = reasons.mask(text.eq(""), "missing date")
    lo, hi = PLAUSIBLE_YEARS
    implausible = dates.notna() & ~dates.dt.year.between(lo, hi)
    reasons = reasons.mask(implausible, f"implausible date (outside {lo}-{hi}): " + text.map(repr))
    return dates.mask(implausible), reasons


def parse_numbers(text: pd.Series, lo: float | None = None, hi: float | None = None,
                  whole: bool = False, required: bool = True, what: str = "number"
                  ) -> tuple[pd.Series, pd.Series]:
    """(numbers, reasons): float64 values (NaN when empty), a reason where a value is bad."""
    text = text.str.strip()
    numbers = pd.to_numeric(text.where(text.ne("")), errors="coerce").astype("float64")
    reasons = pd.Series(None, index=text.index, dtype="object")
    reasons = reasons.mask(numbers.isna() & text.ne(""), f"not a {what}: " + text.map(repr))
    if required:
        reasons = reasons.mask(text.eq(""), f"missing {what}")
    bad = pd.Series(False, index=text.index)
    if lo is not None:
        bad |= numbers < lo
    if hi is not None:
        bad |= numbers > hi
    if whole:
        bad |= numbers.notna() & (numbers != numbers.round())
    limits = f"{lo:g}..{hi:g}" if lo is not None and hi is not None else "allowed values"
    reasons = reasons.mask(bad, f"{what} out of range ({limits}): " + text.map(repr))
    return numbers.mask(bad), reasons


def codes(text: pd.Series, allowed: dict[str, str], what: str) -> tuple[pd.Series, pd.Series]:
    """(values, reasons): `allowed[code]` per row ("1" and "1.0" alike), a reason if unknown."""
    key = text.str.strip().str.replace(r"\.0$", "", regex=True)
    values = key.map(allowed)
    reasons = pd.Series(None, index=text.index, dtype="object")
    reasons = reasons.mask(values.isna(), f"unknown {what}: " + text.map(repr))
    return values, reasons


def month_bounds(days: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The first and last day of each date's month (numpy month arithmetic: fast on millions)."""
    return _period_bounds(days, "M")


def year_bounds(days: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The first and last day of each date's year."""
    return _period_bounds(days, "Y")


def _period_bounds(days: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """The first and last day of each date's numpy period `unit` ("M" month, "Y" year)."""
    periods = days.to_numpy(dtype="datetime64[ns]").astype(f"datetime64[{unit}]")
    first = periods.astype("datetime64[D]")
    last = (periods + 1).astype("datetime64[D]") - 1
    return (pd.Series(first.astype("datetime64[ns]"), index=days.index),
            pd.Series(last.astype("datetime64[ns]"), index=days.index))


def missing(text: pd.Series, reason: str) -> pd.Series:
    """`reason` where a cleaned text cell is empty, else None: one column of problems."""
    return pd.Series(np.where(text.eq(""), reason, None), index=text.index)
