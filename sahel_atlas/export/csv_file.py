"""CSV export of exactly the filtered rows, readable by people and safe to open in Excel."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import date_label
from sahel_atlas.query.model import Filters, Vocabulary
from sahel_atlas.query.sentence import date_range_label
from sahel_atlas.text.countries import country_name
from sahel_atlas.text.names import slug

EVENT_COLUMNS = (
    "Event ID",
    "Date",
    "Date start",
    "Date end",
    "Date precision",
    "Title",
    "Type",
    "Sub-type",
    "Place",
    "Country",
    "Latitude",
    "Longitude",
    "Actors",
    "Status",
    "Fatalities",
    "Description",
    "Sources",
    "Excerpt IDs",
)
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FILENAME_PREFIX = "sahel-atlas"
MAX_STEM_CHARS = 120
MORE_SUFFIX = "_and-more"


def _names(ids: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(i, i) for i in ids]


def readable_events(ds: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """Events with human column names and names in place of ids; list columns stay lists."""
    if events.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    locations = ds.locations.set_index("location_id")
    actor_names = dict(zip(ds.actors["actor_id"], ds.actors["name"]))
    source_titles = dict(zip(ds.sources["source_id"], ds.sources["title"]))
    place = events["location_id"].map(locations["name"])
    iso3 = events["location_id"].map(locations["country_iso3"])
    # An event without its own coordinates is shown at its place's.
    latitude = events["latitude"].fillna(events["location_id"].map(locations["latitude"]))
    longitude = events["longitude"].fillna(events["location_id"].map(locations["longitude"]))
    fatalities = events["fatalities"] if "fatalities" in events else pd.Series(pd.NA, events.index)
    frame = pd.DataFrame(
        {
            "Event ID": events["event_id"],
            "Date": [
                date_label(start, end, precision)
                for start, end, precision in zip(
                    events["date_start"], events["date_end"], events["date_precision"]
                )
            ],
            "Date start": events["date_start"],
            "Date end": events["date_end"],
            "Date precision": events["date_precision"],
            "Title": events["title"],
            "Type": events["event_type"],
            "Sub-type": events["sub_event_type"],
            "Place": place,
            "Country": iso3.map(lambda c: country_name(c) if isinstance(c, str) else None),
            "Latitude": latitude.astype("float64"),
            "Longitude": longitude.astype("float64"),
            "Actors": [_names(ids, actor_names) for ids in events["actor_ids"]],
            "Status": events["status"],
            # Int64: a missing count must not turn the column into floats ("4.0").
            "Fatalities": fatalities.astype("Int64"),
            "Description": events["description"],
            "Sources": [_names(ids, source_titles) for ids in events["source_ids"]],
            "Excerpt IDs": [list(ids) for ids in events["excerpt_ids"]],
        }
    )
    return frame.reset_index(drop=True)


def _large(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def may_contain(texts: pa.Array, char: str) -> bool:
    """Whether any text of `texts` may hold `char`: one scan of the bytes behind them, far
    quicker than a search per text (a yes may come from bytes outside a sliced array)."""
    data = texts.buffers()[2]
    return data is not None and char.encode() in data.to_pybytes()


def guard_texts(texts: pa.Array) -> pa.Array:
    """Text cells as a spreadsheet may open them: formulas defused, CR and CRLF made LF.

    The one home of these rules, for `to_csv_bytes` and the streamed export alike.
    """
    texts = pc.cast(texts, pa.large_string())
    formula = pc.starts_with(texts, FORMULA_STARTS[0])
    for start in FORMULA_STARTS[1:]:
        formula = pc.or_(formula, pc.starts_with(texts, start))
    if pc.any(formula).as_py():
        prefixed = pc.binary_join_element_wise(_large("'"), texts, _large(""))
        texts = pc.if_else(formula, prefixed, texts)
    # With LF line ends the csv writer leaves a bare CR unquoted, which readers take for a
    # new row; as a line break inside the cell it gets quoted.
    if may_contain(texts, "\r"):
        texts = pc.replace_substring(pc.replace_substring(texts, "\r\n", "\n"), "\r", "\n")
    return texts


def join_list(values: object) -> str:
    """A list cell as one text: its values joined with `LIST_SEPARATOR`, missing ones left out."""
    return LIST_SEPARATOR.join(str(v) for v in values if v is not None and v == v)


def _cell(value: object) -> object:
    """One non-numeric cell as CSV text before `guard_texts`: lists joined, dates ISO."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return join_list(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value  # numbers inside a mixed column are data, not formulas


def _guarded(cells: pd.Series) -> pd.Series:
    """`cells` with every text guarded (an ISO date has nothing to guard); numbers untouched."""
    texts = cells.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    if texts.any():
        out = cells.copy()
        guarded = guard_texts(pa.array(cells[texts].tolist(), pa.large_string()))
        out[texts] = guarded.to_pylist()
        return out
    return cells


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with a BOM (so Excel reads accents), LF line ends, nulls empty."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            out[column] = series  # -3.5 is a longitude, not a formula
        elif pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.map(_cell).astype(object)
        else:
            out[column] = _guarded(series.astype(object).map(_cell))
    text = out.to_csv(index=False, lineterminator="\n", na_rep="")
    return text.encode("utf-8-sig")


def _slugs(names: list[str], limit: int | None = None) -> str:
    parts = [slug(n)[:limit].strip("-") if limit else slug(n) for n in names]
    return "-".join(p for p in parts if p)


def export_filename(table: str, filters: Filters, vocab: Vocabulary) -> str:
    """A file name saying what was exported: `sahel-atlas_events_2012-2020-overlap_aqim-jnim.csv`.

    A date window carries its rule: `-overlap` (events that may fall in it) or `-within`
    (only events known to lie inside it), so a file of "2013" never hides a 1990-2020 span.
    """
    window = slug(date_range_label(filters.date_from, filters.date_to))
    parts = [
        f"{window}-{filters.dates}" if window else "",
        _slugs([vocab.actors.get(a, a) for a in filters.actors]),
        _slugs(list(filters.types)),
        _slugs([vocab.place_name(p) for p in filters.places]),
        _slugs([vocab.sources.get(s, s) for s in filters.sources], limit=30),
        _slugs(list(filters.statuses)),
        f"q-{slug(filters.q)}" if slug(filters.q) else "",
    ]
    described = "_".join(p for p in parts if p) or "all"
    stem = f"{FILENAME_PREFIX}_{slug(table) or 'table'}_{described}"
    if len(stem) > MAX_STEM_CHARS:
        cut = stem[: MAX_STEM_CHARS - len(MORE_SUFFIX) + 1]
        # Cut at the last whole word so no name is left half-spelled.
        cut = re.sub(r"[-_][^-_]*$", "", cut).rstrip("-_")
        stem = cut + MORE_SUFFIX
    return f"{stem}.csv"
