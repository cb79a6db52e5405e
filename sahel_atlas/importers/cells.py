"""What every export mapper shares: a chunk's cells read with their problems, the good rows staged."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from sahel_atlas.importers.parsing import codes, missing, parse_dates, parse_numbers
from sahel_atlas.importers.report import Report

# Parsed columns by name, all on the chunk's index.
Values = dict[str, pd.Series]
Read = Callable[["Cells"], Values]
Stage = Callable[[pd.DataFrame, Values, str, Report], pd.DataFrame]
MAX_COUNT = 1e9


class Cells:
    """A chunk's cells read column by column; each bad cell's reason is kept under its column."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.problems: dict[str, pd.Series] = {}

    def required(self, column: str, text: pd.Series, reason: str) -> pd.Series:
        """`text` (a cleaned `column`), with `reason` where it is empty."""
        self.problems[column] = missing(text, reason)
        return text

    def date(self, column: str) -> pd.Series:
        day, self.problems[column] = parse_dates(self.frame[column])
        return day

    def code(self, column: str, allowed: dict[str, str]) -> pd.Series:
        value, self.problems[column] = codes(self.frame[column], allowed, column)
        return value

    def coordinates(self) -> tuple[pd.Series, pd.Series]:
        """Latitude and longitude, each within its range."""
        latitude, self.problems["latitude"] = parse_numbers(self.frame["latitude"], -90, 90, what="latitude")
        longitude, self.problems["longitude"] = parse_numbers(
            self.frame["longitude"], -180, 180, what="longitude"
        )
        return latitude, longitude

    def count(self, column: str, what: str, required: bool = True) -> pd.Series:
        """A whole number of people (deaths, fatalities), NaN when empty."""
        number, self.problems[column] = parse_numbers(
            self.frame[column], 0, MAX_COUNT, whole=True, required=required, what=what
        )
        return number


def map_rows(frame: pd.DataFrame, rows: pd.Series, label: str, report: Report,
             optional: tuple[str, ...], read: Read, stage: Stage) -> pd.DataFrame:
    """One chunk: optional columns filled, cells read, bad rows reported, the good rows staged."""
    for column in optional:
        if column not in frame:
            frame[column] = ""
    cells = Cells(frame)
    values = read(cells)
    good = report.keep_good(label, rows, cells.problems)
    if not good.any():
        return pd.DataFrame(columns=[])
    return stage(frame[good], {name: value[good] for name, value in values.items()}, label, report)


def note_unknown_countries(country: pd.Series, iso3: pd.Series, label: str, report: Report) -> None:
    """The country names no ISO3 code was found for, gathered into one notice."""
    unknown = country[iso3.isna()].unique().tolist()
    if unknown:
        report.unknown(f"{label}: countries without a known ISO3 code (country_iso3 left empty)", unknown)
