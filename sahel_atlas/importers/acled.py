"""ACLED exports (current, older, one-row-per-actor and 2016 layouts) to staged rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sahel_atlas.text import countries
from sahel_atlas.importers.cells import Cells, Values, map_rows, note_unknown_countries
from sahel_atlas.importers.parsing import WHITESPACE, clean, month_bounds, one_line, stripped
from sahel_atlas.importers.report import Report

ORIGIN = "acled"
# Columns that tell the layouts apart, checked in this order (the 2016 layout also has
# event_id_no_cnty, so it goes first).
LAYOUTS: dict[str, tuple[str, ...]] = {
    "2016": ("ally_actor_1", "ally_actor_2", "gwno"),
    "current": ("disorder_type", "civilian_targeting", "tags"),
    "older": ("data_id", "event_id_no_cnty", "iso3"),
}
REQUIRED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "actor1", "country",
    "location", "latitude", "longitude", "geo_precision", "fatalities",
)
OPTIONAL = (
    "sub_event_type", "actor2", "inter1", "inter2", "assoc_actor_1", "assoc_actor_2",
    "ally_actor_1", "ally_actor_2", "admin1", "admin2", "admin3", "notes", "source",
    "source_scale", "iso3", "iso", "gwno", "timestamp",
)
# Staged column -> the export column a problem about it names.
SOURCE_COLUMN = {
    "event_type": "event_type", "sub_event_type": "sub_event_type", "date_text": "event_date", "date_start": "event_date",
    "date_end": "event_date", "date_precision": "time_precision", "iso3": "country",
    "admin1": "admin1", "admin2": "admin2", "admin3": "admin3", "place": "location",
    "latitude": "latitude", "longitude": "longitude", "place_precision": "geo_precision",
    "fatalities": "fatalities", "fatalities_low": "fatalities", "fatalities_high": "fatalities",
    "notes": "notes",
}

# ACLED's actor types ("inter" codes): numbers in older exports, words in newer ones.
INTER_NAMES = {
    "state force": "1", "rebel group": "2", "political militia": "3", "identity militia": "4",
    "rioter": "5", "protester": "6", "civilian": "7", "external/other force": "8",
}
INTER_KIND = {"1": "force", "2": "group", "3": "group", "4": "group", "5": "group", "6": "group",
              "7": "group", "8": "force", "0": "group", "": "group"}
INTER_HINT = {"1": "state-forces", "8": "state-forces"}
TIME_PRECISION = {"1": "day", "2": "span", "3": "month"}
GEO_PRECISION = {"1": "point", "2": "area", "3": "region"}
RADIUS_KM = {"point": np.nan, "area": 25.0, "region": 100.0}
# Types of the layouts before 2019, mapped to today's type and, where it says, sub-type.
OLD_TYPES: dict[str, tuple[str, str | None]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "remote violence": ("Explosions/Remote violence", None),
    "strategic development": ("Strategic developments", None),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
}


def detect_layout(columns: list[str]) -> tuple[str | None, list[str]]:
    """(layout name or None if unknown, required columns missing)."""
    have = set(columns)
    layout = next((name for name, marks in LAYOUTS.items() if have & set(marks)), None)
    if layout is None:
        return None, []
    return layout, [c for c in REQUIRED if c not in have]


def layout_hint() -> str:
    marks = "; ".join(f"{name}: {', '.join(cols)}" for name, cols in LAYOUTS.items())
    return f"not an ACLED export: none of the columns that mark a layout ({marks})"


def _inter(text: pd.Series, report: Report, column: str) -> pd.Series:
    """ACLED actor-type codes as '1'..'8' ('' when none), from numbers or words."""
    key = text.str.strip().str.lower().str.replace(WHITESPACE, " ", regex=True)
    key = key.str.replace(r"\.0$", "", regex=True).str.replace(r"s$", "", regex=True)
    code = key.where(key.str.fullmatch(r"\d?"), key.map(INTER_NAMES))
    unknown = text[code.isna()].unique().tolist()
    if unknown:
        report.unknown(f"{column}: unknown actor types (read as 'group', family 'other')", unknown)
    return code.fillna("")


def _iso3(frame: pd.DataFrame) -> pd.Series:
    iso3 = pd.Series(None, index=frame.index, dtype="object")
    if "iso3" in frame:
        given = frame["iso3"].str.strip().str.upper()
        iso3 = iso3.fillna(given.where(given.isin(countries.iso3_codes())))
    if "iso" in frame:
        iso3 = iso3.fillna(frame["iso"].str.strip().str.replace(r"\.0$", "", regex=True).map(countries.by_numeric()))
    if "gwno" in frame:
        iso3 = iso3.fillna(frame["gwno"].str.strip().str.replace(r"\.0$", "", regex=True).map(countries.by_gwno()))
    return iso3.fillna(countries.iso3_of(frame["country"]))


def _dates(day: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ACLED records the middle of a week or month when that is all the source gives."""
    week = precision.eq("span")
    month = precision.eq("month")
    start = day.mask(week, day - pd.Timedelta(days=3))
    end = day.mask(week, day + pd.Timedelta(days=3))
    first, last = month_bounds(day)
    return start.mask(month, first), end.mask(month, last)


def _roles(event_type: pd.Series, code2: pd.Series) -> tuple[pd.Series, pd.Series]:
    kind = event_type.str.lower()
    battle = kind.str.startswith("battle")
    crowd = kind.str.contains("protest|riot", regex=True)
    role1 = pd.Series(np.where(battle | crowd, "participant", "perpetrator"), index=kind.index)
    role2 = pd.Series(
        np.where(battle, "participant", np.where(code2.eq("7"), "victim", "target")), index=kind.index
    )
    return role1, role2


def map_chunk(frame: pd.DataFrame, rows: pd.Series, label: str, report: Report) -> pd.DataFrame:
    """The good rows of one chunk as staged rows (see staging.STAGED); bad rows reported."""
    return map_rows(frame, rows, label, report, OPTIONAL, _read, _stage)


def _read(cells: Cells) -> Values:
    """The cells a row cannot do without, parsed; a problem for each bad one."""
    frame = cells.frame
    latitude, longitude = cells.coordinates()
    return {
        "ref": cells.required("event_id_cnty", frame["event_id_cnty"].str.strip(), "missing event id"),
        "day": cells.date("event_date"),
        "precision": cells.code("time_precision", TIME_PRECISION),
        "place_precision": cells.code("geo_precision", GEO_PRECISION),
        "latitude": latitude,
        "longitude": longitude,
        "fatalities": cells.count("fatalities", "fatality count", required=False),
        "actor1": cells.required("actor1", one_line(frame["actor1"]), "missing actor"),
        "raw_type": cells.required("event_type", stripped(frame["event_type"]), "missing event type"),
    }


def _stage(f: pd.DataFrame, v: Values, label: str, report: Report) -> pd.DataFrame:
    """The good rows in the staged form: what, when, where, who and the words quoted."""
    event_type, sub = _types(f, v["raw_type"])
    notes = clean(f["notes"])
    source, scale = stripped(f["source"]), stripped(f["source_scale"])
    return pd.DataFrame(
        {
            "event_id": ORIGIN + "-" + v["ref"],
            # When ACLED last changed the row: the newest version of an event wins (versions.py).
            "version": pd.to_numeric(f["timestamp"].str.strip(), errors="coerce").astype("Int64"),
            "ref": v["ref"],
            "title": sub.fillna(event_type) + " in " + stripped(f["location"]),
            "event_type": event_type,
            "sub_event_type": sub,
            **_when(f, v),
            **_where(f, v, label, report),
            "fatalities": v["fatalities"].astype("Int64"),
            "fatalities_low": pd.Series(pd.NA, index=f.index, dtype="Int64"),
            "fatalities_high": pd.Series(pd.NA, index=f.index, dtype="Int64"),
            "status": "confirmed",
            "notes": notes,
            "description": notes,
            "citation": source.where(scale.eq(""), source + " (" + scale + ")"),
            **_who(f, v["actor1"], event_type, label, report),
        }
    )


def _types(f: pd.DataFrame, raw_type: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(event type, sub-type or None): the older layouts' types in today's words."""
    key = raw_type.str.lower()
    event_type = key.map({k: v[0] for k, v in OLD_TYPES.items()}).fillna(raw_type)
    old_sub = key.map({k: v[1] for k, v in OLD_TYPES.items() if v[1]})
    sub = stripped(f["sub_event_type"])
    return event_type, sub.where(sub.ne(""), old_sub).replace("", None)


def _when(f: pd.DataFrame, v: Values) -> Values:
    start, end = _dates(v["day"], v["precision"])
    return {"date_text": stripped(f["event_date"]), "date_start": start, "date_end": end,
            "date_precision": v["precision"]}


def _where(f: pd.DataFrame, v: Values, label: str, report: Report) -> Values:
    """The place's names, country code, coordinates and how precise they are."""
    iso3 = _iso3(f)
    note_unknown_countries(f["country"], iso3, label, report)
    precision = v["place_precision"]
    return {
        "country": stripped(f["country"]),
        "iso3": iso3,
        "admin1": stripped(f["admin1"]),
        "admin2": stripped(f["admin2"]),
        "admin3": stripped(f["admin3"]),
        "place": stripped(f["location"]),
        "latitude": v["latitude"],
        "longitude": v["longitude"],
        "place_precision": precision,
        "radius_km": precision.map(RADIUS_KM).astype("float64"),
    }


def _who(f: pd.DataFrame, actor1: pd.Series, event_type: pd.Series, label: str,
         report: Report) -> Values:
    """Both actor slots: name, kind, family hint, role and associated actors."""
    code1 = _inter(f["inter1"], report, f"{label}: inter1")
    code2 = _inter(f["inter2"], report, f"{label}: inter2")
    role1, role2 = _roles(event_type, code2)
    assoc1 = one_line(f["assoc_actor_1"].where(f["assoc_actor_1"].ne(""), f["ally_actor_1"]))
    assoc2 = one_line(f["assoc_actor_2"].where(f["assoc_actor_2"].ne(""), f["ally_actor_2"]))
    return {
        "actor1": actor1,
        "actor1_kind": code1.map(INTER_KIND).fillna("group"),
        "actor1_hint": code1.map(INTER_HINT),
        "actor1_role": role1,
        "assoc1": assoc1,
        "actor2": one_line(f["actor2"]),
        "actor2_kind": code2.map(INTER_KIND).fillna("group"),
        "actor2_hint": code2.map(INTER_HINT),
        "actor2_role": role2,
        "assoc2": assoc2,
    }
