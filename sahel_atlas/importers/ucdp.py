"""UCDP Georeferenced Event Dataset (GED) exports to staged rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sahel_atlas.text import countries
from sahel_atlas.importers.cells import Cells, Values, map_rows, note_unknown_countries
from sahel_atlas.importers.parsing import WHITESPACE, clean, month_bounds, one_line, stripped, year_bounds
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
    return map_rows(frame, rows, label, report, OPTIONAL, _read, _stage)


def _read(cells: Cells) -> Values:
    """The cells a row cannot do without, parsed; a problem for each bad one."""
    frame = cells.frame
    ref = frame["id"].str.strip().str.replace(r"\.0$", "", regex=True)
    values = {"ref": cells.required("id", ref, "missing event id"),
              "start": cells.date("date_start"), "end": cells.date("date_end")}
    backwards = (values["end"] < values["start"]).fillna(False)
    cells.problems["date_end"] = cells.problems["date_end"].mask(
        backwards, "ends before it starts: " + frame["date_end"].map(repr))
    values["prec"] = cells.code("date_prec", DATE_PREC)
    values["where"] = cells.code("where_prec", {k: k for k in WHERE_PREC})
    values["violence"] = cells.code("type_of_violence", {k: k for k in VIOLENCE})
    values["latitude"], values["longitude"] = cells.coordinates()
    values["best"] = cells.count("best", "death count")
    values["low"] = cells.count("low", "death count", required=False)
    values["high"] = cells.count("high", "death count", required=False)
    values["side_a"] = cells.required("side_a", one_line(frame["side_a"]), "missing actor")
    values["side_b"] = cells.required("side_b", one_line(frame["side_b"]), "missing actor")
    return values


def _stage(f: pd.DataFrame, v: Values, label: str, report: Report) -> pd.DataFrame:
    """The good rows in the staged form: what, when, where, who and the words quoted."""
    event_type = v["violence"].map({k: t[0] for k, t in VIOLENCE.items()})
    sub = v["violence"].map({k: t[1] for k, t in VIOLENCE.items()})
    where = _where(f, v, label, report)
    return pd.DataFrame(
        {
            "event_id": ORIGIN + "-" + v["ref"],
            "version": pd.Series(pd.NA, index=f.index, dtype="Int64"),  # the later file wins
            "ref": "UCDP GED " + v["ref"],
            "title": v["side_a"] + " vs " + v["side_b"] + " in " + where["place"],
            "event_type": event_type,
            "sub_event_type": sub,
            **_when(f, v),
            **where,
            "fatalities": v["best"].astype("Int64"),
            "fatalities_low": v["low"].astype("Int64"),
            "fatalities_high": v["high"].astype("Int64"),
            "status": pd.Series(np.where(f["event_clarity"].str.strip().eq("2"), "claimed", "confirmed"),
                                index=f.index),
            "notes": clean(f["where_description"]),
            "description": _description(f, v, sub),
            "citation": clean(f["source_article"]).str.replace(WHITESPACE, " ", regex=True),
            **_who(v),
        }
    )


def _when(f: pd.DataFrame, v: Values) -> Values:
    start, end, precision = _precision(v["start"], v["end"], v["prec"])
    text = stripped(f["date_start"]).str.slice(0, 10) + ".." + stripped(f["date_end"]).str.slice(0, 10)
    return {"date_text": text, "date_start": start, "date_end": end, "date_precision": precision}


def _where(f: pd.DataFrame, v: Values, label: str, report: Report) -> Values:
    """The place (its own name, else the finest division named), country code and precision."""
    iso3 = f["country_id"].str.strip().str.replace(r"\.0$", "", regex=True).map(countries.by_gwno())
    iso3 = iso3.fillna(countries.iso3_of(f["country"]))
    note_unknown_countries(f["country"], iso3, label, report)
    adm1, adm2 = stripped(f["adm_1"]), stripped(f["adm_2"])
    place = stripped(f["where_coordinates"])
    place = place.where(place.ne(""), adm2.where(adm2.ne(""), adm1.where(adm1.ne(""), stripped(f["country"]))))
    return {
        "country": stripped(f["country"]),
        "iso3": iso3,
        "admin1": adm1,
        "admin2": adm2,
        "admin3": "",
        "place": place,
        "latitude": v["latitude"],
        "longitude": v["longitude"],
        "place_precision": v["where"].map({k: p[0] for k, p in WHERE_PREC.items()}),
        "radius_km": v["where"].map({k: p[1] for k, p in WHERE_PREC.items()}).astype("float64"),
    }


def _description(f: pd.DataFrame, v: Values, sub: pd.Series) -> pd.Series:
    """What happened in words: the violence, both sides, the deaths and the headline."""
    deaths = "; deaths: best " + v["best"].astype("int64").astype(str)
    low, high = v["low"], v["high"]
    spread = (" (low " + low.astype("Int64").astype(str) + ", high "
              + high.astype("Int64").astype(str) + ")").where(low.notna() & high.notna(), "")
    headline = stripped(f["source_headline"])
    return (sub + " between " + v["side_a"] + " and " + v["side_b"] + deaths + spread + "."
            + (" " + headline).where(headline.ne(""), ""))


def _who(v: Values) -> Values:
    """Both sides: name, kind, family hint and role (one-sided violence has a victim)."""
    kind_a, hint_a = _kind(v["side_a"])
    kind_b, hint_b = _kind(v["side_b"])
    one_sided = v["violence"].eq("3")
    index = v["side_a"].index
    return {
        "actor1": v["side_a"],
        "actor1_kind": kind_a,
        "actor1_hint": hint_a,
        "actor1_role": pd.Series(np.where(one_sided, "perpetrator", "participant"), index=index),
        "assoc1": "",
        "actor2": v["side_b"],
        "actor2_kind": kind_b,
        "actor2_hint": hint_b,
        "actor2_role": pd.Series(np.where(one_sided, "victim", "participant"), index=index),
        "assoc2": "",
    }
