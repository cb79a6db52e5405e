"""When events happen: a daily intensity over 1990-2022, dates at every precision, date phrases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.arrays import as_strings, cdf, join, pick, take

EPOCH = dt.date(1970, 1, 1)
DAY0 = (dt.date(schema.YEAR_MIN, 1, 1) - EPOCH).days
DAY1 = (dt.date(schema.YEAR_MAX, 12, 31) - EPOCH).days
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# Date precisions are drawn as indices into schema.DATE_PRECISIONS: day, month, year, span.
PRECISION_WEIGHTS = np.array([0.72, 0.17, 0.08, 0.03])


@dataclass(frozen=True)
class Dates:
    """Every event's day, precision and bounds (days since 1970), in time order."""

    days: np.ndarray
    precision: np.ndarray
    start: np.ndarray
    end: np.ndarray


def draw_dates(rng: np.random.Generator, n: int) -> Dates:
    """Dates for `n` events, sorted, so that events (and their digests) run in time order."""
    days = event_days(rng, n)
    precision = pick(rng, cdf(PRECISION_WEIGHTS), n).astype(np.int8)
    span_years = rng.integers(1, 5, n).astype(np.int16)
    start, end = date_bounds(days, precision, span_years)
    order = np.lexsort((days, start))
    return Dates(days[order], precision[order], start[order], end[order])


def event_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Event days (days since 1970) over 1990-2022: growth, the 1990s in Algeria, bursts."""
    days = np.arange(DAY0, DAY1 + 1)
    years = (days - DAY0) / 365.25
    intensity = np.exp(0.095 * years) + 5.0 * np.exp(-0.5 * ((years - 6.5) / 2.2) ** 2)
    intensity *= 1.0 + 0.15 * np.sin(2 * np.pi * years)  # a season
    trend = intensity.copy()
    for _ in range(60):
        centre = int(pick(rng, cdf(trend), 1)[0])
        width = rng.uniform(2, 25)
        amplitude = rng.uniform(1.5, 6.0) * trend[centre]
        intensity += amplitude * np.exp(-0.5 * ((np.arange(len(days)) - centre) / width) ** 2)
    return (DAY0 + pick(rng, cdf(intensity), n)).astype(np.int32)


def date_bounds(days: np.ndarray, precision: np.ndarray,
                span_years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """date_start, date_end (days since 1970) of each event at its precision."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    year = d.astype("datetime64[Y]")
    month_start = month.astype("datetime64[D]").astype(np.int32)
    month_end = ((month + 1).astype("datetime64[D]") - 1).astype(np.int32)
    year_start = year.astype("datetime64[D]").astype(np.int32)
    year_end = ((year + 1).astype("datetime64[D]") - 1).astype(np.int32)
    span_end = (np.minimum(year + span_years.astype("timedelta64[Y]") + 1,
                           np.datetime64(f"{schema.YEAR_MAX + 1}", "Y")).astype("datetime64[D]") - 1)
    start = np.select([precision == 0, precision == 1], [days, month_start], year_start)
    end = np.select([precision == 0, precision == 1, precision == 2],
                    [days, month_end, year_end], span_end.astype(np.int32))
    return start.astype(np.int32), end.astype(np.int32)


def date_phrases(start: np.ndarray, end: np.ndarray, precision: np.ndarray) -> pa.Array:
    """'On 3 June 2020', 'In June 2020', 'During 2020', 'Between 2010 and 2014'."""
    d = start.astype("datetime64[D]")
    years = d.astype("datetime64[Y]").astype(int) + 1970
    months = d.astype("datetime64[M]").astype(int) % 12
    day = (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
    end_years = end.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    year_s, month_s, day_s = as_strings(years), take(list(MONTHS), months), as_strings(day)
    return pc.case_when(
        pc.make_struct(pa.array(precision == 0), pa.array(precision == 1), pa.array(precision == 2)),
        join("On ", day_s, " ", month_s, " ", year_s),
        join("In ", month_s, " ", year_s),
        join("During ", year_s),
        join("Between ", year_s, " and ", as_strings(end_years)),
    )


def day_of(days: int) -> dt.date:
    """A day number (days since 1970) as a date."""
    return EPOCH + dt.timedelta(days=int(days))
