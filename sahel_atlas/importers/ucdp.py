"""UCDP Georeferenced Event Dataset (GED) exports to staged rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sahel_atlas.text import countries
from sahel_atlas.importers.parsing import (
    missing,
    WHITESPACE,
    clean,
    codes,
    month_bounds,
    one_line,
    parse_dates,
    parse_numbers,
    stripped,
    year_bounds,
)
from sahel_atlas.importers.report import Report

ORIGIN = "ucdp"
MARKS = ("type_of_violence", "side_a", "side_b", "where_prec", "date_prec")
REQUIRED = (
    "id", "date_start", "date_end", "date_prec", "where_prec", "side_a", "side_b",
    "type_of_violence", "best", "latitude", "longitude", "country",
)
OPTIONAL = (
    "low", "high", "source_article", "where_description", "where_coordinates", "adm_1",
    "adm_2", "country_id", "event_clarity", "source_headline", "dyad_name",
)
SOURCE_COLUMN = {
    "event_type": "type_of_violence", "sub_event_type": "type_of_violence",
    "date_text": "date_start", "date_start": "date_start", "date_end": "date_end", "date_precision": "date_prec",
    "iso3": "country", "admin1": "adm_1", "admin2": "adm_2", "place": "where_coordinates",
    "latitude": "latitude", "longitude": "longitude", "place_precision": "where_prec",
    "fatalities": "best", "fatalities_low": "low", "fatalities_high": "high",
    "notes": "where_description",
}
# type_of_violence -> (ACLED-style event type, UCDP's own name kept as the sub-type)
VIOLENCE = {
    "1": ("Battles", "State-based conflict"),
    "2": ("Battles", "Non-state conflict"),
    "3": ("Violence against civilians", "One-sided violence"),
}
DATE_PREC = {str(n): str(n) for n in range(1, 6)}
# where_prec -> (place precision, radius in km): 1 the exact place, 2 within 25 km, 3 a
# second-order division, 4 a first-order one, 5 part of a country, 6 the country,
# 7 international waters or airspace.
WHERE_PREC = {
    "1": ("point", np.nan), "2": ("area", 25.0), "3": ("area", 50.0), "4": ("region", 150.0),
    "5": ("region", 300.0), "6": ("region", 500.0), "7": ("region", np.nan),
}


def detect_layout(columns: list[str]) -> tuple[str | None, list[str]]:
    have = set(columns)
    if not have & set(MARKS):
        return None, []
    return "GED", [c for c in REQUIRED if c not in have]


def layout_hint() -> str:
    return f"not a UCDP GED export: none of the columns {', '.join(MARKS)}"


def _precision(start: pd.Series, end: pd.Series, prec: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dates widened to their precision when a single day is given for a coarser one."""
    single = start.eq(end)
    start = start.mask(single & prec.isin(["2", "3"]), start - pd.Timedelta(days=3))
    end = end.mask(single & prec.isin(["2", "3"]), end + pd.Timedelta(days=3))
    month, year = single & prec.eq("4"), single & prec.eq("5")
    month_first, month_last = month_bounds(start)
    year_first, year_last = year_bounds(start)
    start = start.mask(month, month_first).mask(year, year_first)
    end = end.mask(month, month_last).mask(year, year_last)
    whole_month = start.eq(month_bounds(start)[0]) & end.eq(month_bounds(start)[1])
    whole_year = (start.dt.month.eq(1) & start.dt.day.eq(1) & end.dt.month.eq(12) & end.dt.day.eq(31)
                  & start.dt.year.eq(end.dt.year))
    label = np.select(
        [start.eq(end), whole_year & prec.eq("5"), whole_month & prec.isin(["4", "5"])],
        ["day", "year", "month"], "span",
    )
    return start, end, pd.Series(label, index=start.index)


def _kind(name: pd.Series) -> tuple[pd.Series, pd.Series]:
    government = name.str.lower().str.startswith("government of")
    return (pd.Series(np.where(government, "state", "group"), index=name.index),
            pd.Series(np.where(government, "state-forces", None), index=name.index))


def map_chunk(frame: pd.DataFrame, rows: pd.Series, label: str, report: Report) -> pd.DataFrame:
    """The good rows of one chunk as staged rows (see staging.STAGED); bad rows reported."""
    for column in OPTIONAL:
        if column not in frame:
            frame[column] = ""
    problems: dict[str, pd.Series] = {}
    ref = frame["id"].str.strip().str.replace(r"\.0$", "", regex=True)
    problems["id"] = missing(ref, "missing event id")
    start, problems["date_start"] = parse_dates(frame["date_start"])
    end, problems["date_end"] = parse_dates(frame["date_end"])
    backwards = (end < start).fillna(False)
    problems["date_end"] = problems["date_end"].mask(backwards, "ends before it starts: "
                                                     + frame["date_end"].map(repr))
    prec, problems["date_prec"] = codes(frame["date_prec"], DATE_PREC, "date_prec")
    where, problems["where_prec"] = codes(frame["where_prec"], {k: k for k in WHERE_PREC}, "where_prec")
    violence, problems["type_of_violence"] = codes(frame["type_of_violence"], {k: k for k in VIOLENCE},
                                                   "type_of_violence")
    latitude, problems["latitude"] = parse_numbers(frame["latitude"], -90, 90, what="latitude")
    longitude, problems["longitude"] = parse_numbers(frame["longitude"], -180, 180, what="longitude")
    best, problems["best"] = parse_numbers(frame["best"], 0, 1e9, whole=True, what="death count")
    low, problems["low"] = parse_numbers(frame["low"], 0, 1e9, whole=True, required=False, what="death count")
    high, problems["high"] = parse_numbers(frame["high"], 0, 1e9, whole=True, required=False, what="death count")
    side_a, side_b = one_line(frame["side_a"]), one_line(frame["side_b"])
    problems["side_a"] = missing(side_a, "missing actor")
    problems["side_b"] = missing(side_b, "missing actor")

    good = report.keep_good(label, rows, problems)
    if not good.any():
        return pd.DataFrame(columns=[])
    f = frame[good]
    start, end, precision = _precision(start[good], end[good], prec[good])
    violence = violence[good]
    kind_a, hint_a = _kind(side_a[good])
    kind_b, hint_b = _kind(side_b[good])
    one_sided = violence.eq("3")
    iso3 = f["country_id"].str.strip().str.replace(r"\.0$", "", regex=True).map(countries.by_gwno())
    iso3 = iso3.fillna(countries.iso3_of(f["country"]))
    unknown = f["country"][iso3.isna()].unique().tolist()
    if unknown:
        report.unknown(f"{label}: countries without a known ISO3 code (country_iso3 left empty)", unknown)
    place_prec = where[good].map({k: v[0] for k, v in WHERE_PREC.items()})
    adm1, adm2 = stripped(f["adm_1"]), stripped(f["adm_2"])
    place = stripped(f["where_coordinates"])
    place = place.where(place.ne(""), adm2.where(adm2.ne(""), adm1.where(adm1.ne(""), stripped(f["country"]))))
    event_type = violence.map({k: v[0] for k, v in VIOLENCE.items()})
    sub = violence.map({k: v[1] for k, v in VIOLENCE.items()})
    notes = clean(f["where_description"])
    best_text = best[good].astype("int64").astype(str)
    deaths = "; deaths: best " + best_text
    spread = (" (low " + low[good].astype("Int64").astype(str) + ", high "
              + high[good].astype("Int64").astype(str) + ")").where(low[good].notna() & high[good].notna(), "")
    headline = stripped(f["source_headline"])
    description = (sub + " between " + side_a[good] + " and " + side_b[good] + deaths + spread + "."
                   + (" " + headline).where(headline.ne(""), ""))
    return pd.DataFrame(
        {
            "event_id": ORIGIN + "-" + ref[good],
            "version": pd.Series(pd.NA, index=f.index, dtype="Int64"),  # the later file wins
            "ref": "UCDP GED " + ref[good],
            "title": side_a[good] + " vs " + side_b[good] + " in " + place,
            "event_type": event_type,
            "sub_event_type": sub,
            "date_text": stripped(f["date_start"]).str.slice(0, 10) + ".."
                         + stripped(f["date_end"]).str.slice(0, 10),
            "date_start": start,
            "date_end": end,
            "date_precision": precision,
            "country": stripped(f["country"]),
            "iso3": iso3,
            "admin1": adm1,
            "admin2": adm2,
            "admin3": "",
            "place": place,
            "latitude": latitude[good],
            "longitude": longitude[good],
            "place_precision": place_prec,
            "radius_km": where[good].map({k: v[1] for k, v in WHERE_PREC.items()}).astype("float64"),
            "fatalities": best[good].astype("Int64"),
            "fatalities_low": low[good].astype("Int64"),
            "fatalities_high": high[good].astype("Int64"),
            "status": pd.Series(np.where(f["event_clarity"].str.strip().eq("2"), "claimed", "confirmed"),
                                index=f.index),
            "notes": notes,
            "description": description,
            "citation": clean(f["source_article"]).str.replace(WHITESPACE, " ", regex=True),
            "actor1": side_a[good],
            "actor1_kind": kind_a,
            "actor1_hint": hint_a,
            "actor1_role": pd.Series(np.where(one_sided, "perpetrator", "participant"), index=f.index),
            "assoc1": "",
            "actor2": side_b[good],
            "actor2_kind": kind_b,
            "actor2_hint": hint_b,
            "actor2_role": pd.Series(np.where(one_sided, "victim", "participant"), index=f.index),
            "assoc2": "",
        }
    )
