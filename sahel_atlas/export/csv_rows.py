"""The CSV rows of many events at once, formatted column by column in Arrow.

The same bytes as `csv_file.to_csv_bytes(csv_file.readable_events(ds, events))` without its
header, for a streamed export of a million events: no cell goes through Python, only the
distinct date triples (for their labels) and the dataset's places (for their countries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sahel_atlas.export.csv_file import EVENT_COLUMNS, LIST_SEPARATOR, guard_texts, may_contain
from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.countries import country_name
from sahel_atlas.text.dates import date_label

TEXT = pa.large_string()
EPOCH = dt.date(1970, 1, 1)
NO_DATE = np.iinfo(np.int64).min
# A cell holding one of these is quoted (Python's csv writer, QUOTE_MINIMAL, LF line ends).
NEEDS_QUOTES = '[,"\n]'


def _type(column: pd.Series) -> pa.DataType:
    return pa.float64() if pd.api.types.is_float_dtype(column) else TEXT


@dataclass(frozen=True)
class Lookup:
    """Ids and what each stands for, as arrays: `values[c].take(index(ids))`."""

    ids: pa.Array
    values: dict[str, pa.Array]

    @classmethod
    def of(cls, ids: pd.Series, **columns: pd.Series) -> Lookup:
        """Columns by id; for a repeated id its last row, as `dict(zip(ids, column))` keeps."""
        last = ~ids.duplicated(keep="last").to_numpy()
        arrays = {
            # from_pandas: NaN, None and NA alike are missing.
            name: pa.array(column[last], _type(column), from_pandas=True)
            for name, column in columns.items()
        }
        return cls(pa.array(ids[last], TEXT, from_pandas=True), arrays)

    def index(self, ids: pa.Array) -> pa.Array:
        """Each id's row, null for an id not in the lookup."""
        return pc.index_in(pc.cast(ids, TEXT), value_set=self.ids)


@dataclass(frozen=True)
class EventLookups:
    """Names of the dataset's actors, sources and places, built once per export."""

    actors: Lookup
    sources: Lookup
    places: Lookup
    # `date_label` of each (start, end, precision) seen so far: the export's triples repeat.
    date_labels: dict[tuple[int, int, str | None], str] = field(default_factory=dict)


def event_lookups(ds: Dataset) -> EventLookups:
    """The lookups of `readable_events`: actor names, source titles, places and countries."""
    actors, sources, places = ds.actors, ds.sources, ds.locations
    iso3 = places["country_iso3"]
    return EventLookups(
        Lookup.of(actors["actor_id"], name=actors["name"]),
        Lookup.of(sources["source_id"], name=sources["title"]),
        Lookup.of(
            places["location_id"],
            name=places["name"],
            country=iso3.map(lambda c: country_name(c) if isinstance(c, str) else None),
            latitude=places["latitude"].astype("float64"),
            longitude=places["longitude"].astype("float64"),
        ),
    )


def _texts(values: pa.Array) -> pa.Array:
    return pc.cast(values, TEXT)


def _named(ids: pa.Array, lookup: Lookup) -> pa.Array:
    """Each id's name, or the id itself when the lookup does not know it."""
    found = lookup.index(ids)
    names = lookup.values["name"].take(found)
    return pc.if_else(pc.is_null(found), _texts(ids), names)


def _joined(lists: pa.Array, lookup: Lookup | None = None) -> pa.Array:
    """Each list (of ids, named through `lookup`) joined with `LIST_SEPARATOR`, nulls left out."""
    values = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists)
    values = _named(values, lookup) if lookup is not None else _texts(values)
    keep = pc.is_valid(values)
    counts = np.bincount(parents.filter(keep).to_numpy(), minlength=len(lists))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    kept = pa.LargeListArray.from_arrays(pa.array(offsets), values.filter(keep))
    return pc.binary_join(kept, pa.scalar(LIST_SEPARATOR, TEXT))


def _days(dates: pa.Array) -> np.ndarray:
    """Days since 1970 as int64, a missing date as `NO_DATE`."""
    days = pc.cast(pc.cast(dates, pa.date32()), pa.int32()).to_numpy(zero_copy_only=False)
    missing = pc.is_null(dates).to_numpy(zero_copy_only=False)
    return np.where(missing, NO_DATE, days).astype(np.int64)


def _date(days: int) -> dt.date | None:
    return None if days == NO_DATE else EPOCH + dt.timedelta(days=int(days))


def _date_labels(labels: dict, starts: pa.Array, ends: pa.Array, precisions: pa.Array) -> pa.Array:
    """`date_label` of each event, computed once per distinct (start, end, precision)."""
    coded = pc.dictionary_encode(_texts(precisions))
    names = coded.dictionary.to_pylist()
    codes = pc.fill_null(coded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    keys = np.stack([_days(starts), _days(ends), codes], axis=1)
    distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
    texts = []
    for start, end, code in distinct.tolist():
        # The dictionary's codes differ between batches: the key holds the precision's name.
        key = (start, end, names[code] if code >= 0 else None)
        if key not in labels:
            labels[key] = date_label(_date(start), _date(end), key[2])
        texts.append(labels[key])
    return pa.array(texts, TEXT).take(pa.array(inverse.reshape(-1)))


def _numbers(values: np.ndarray) -> pa.Array:
    """Floats as pandas' csv writer spells them (numpy's shortest repr), NaN as null."""
    missing = np.isnan(values)
    return pa.array(values.astype(str), TEXT, mask=missing)


def _coordinate(events: pa.RecordBatch, places: pa.Array, lookup: Lookup, axis: str) -> pa.Array:
    """The event's own coordinate, else its place's (as `readable_events` falls back)."""
    own = pc.cast(events[axis], pa.float64()).to_numpy(zero_copy_only=False)
    own = np.where(pc.is_null(events[axis]).to_numpy(zero_copy_only=False), np.nan, own)
    placed = lookup.values[axis].take(places).to_numpy(zero_copy_only=False)
    placed = np.where(pc.is_null(places).to_numpy(zero_copy_only=False), np.nan, placed)
    return _numbers(np.where(np.isnan(own), placed, own))


def _fatalities(events: pa.RecordBatch) -> pa.Array:
    if "fatalities" not in events.column_names:
        return pa.nulls(events.num_rows, TEXT)
    counts = events["fatalities"]
    if pa.types.is_floating(counts.type):
        counts = pc.cast(counts, pa.int64())  # a fraction raises, as `astype("Int64")` does
    return _texts(counts)


def _quoted(cells: pa.Array) -> pa.Array:
    """Quote a cell the way Python's csv writer does: when it holds a comma, a quote or LF."""
    needs = pc.match_substring_regex(cells, NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return cells
    doubled = pc.replace_substring(cells, '"', '""') if may_contain(cells, '"') else cells
    quote = pa.scalar('"', TEXT)
    quoted = pc.binary_join_element_wise(quote, doubled, quote, pa.scalar("", TEXT))
    return pc.if_else(needs, quoted, cells)


def _columns(lookups: EventLookups, events: pa.RecordBatch) -> dict[str, tuple[pa.Array, bool]]:
    """Each CSV column's cells as text, and whether they are text to guard and quote."""
    places = lookups.places.index(events["location_id"])
    text = lambda name: (_texts(events[name]), True)  # noqa: E731
    dates = events["date_start"], events["date_end"], events["date_precision"]
    return {
        "Event ID": text("event_id"),
        "Date": (_date_labels(lookups.date_labels, *dates), True),
        "Date start": (_texts(events["date_start"]), False),
        "Date end": (_texts(events["date_end"]), False),
        "Date precision": text("date_precision"),
        "Title": text("title"),
        "Type": text("event_type"),
        "Sub-type": text("sub_event_type"),
        "Place": (lookups.places.values["name"].take(places), True),
        "Country": (lookups.places.values["country"].take(places), True),
        "Latitude": (_coordinate(events, places, lookups.places, "latitude"), False),
        "Longitude": (_coordinate(events, places, lookups.places, "longitude"), False),
        "Actors": (_joined(events["actor_ids"], lookups.actors), True),
        "Status": text("status"),
        "Fatalities": (_fatalities(events), False),
        "Description": text("description"),
        "Sources": (_joined(events["source_ids"], lookups.sources), True),
        "Excerpt IDs": (_joined(events["excerpt_ids"]), True),
    }


def event_rows(lookups: EventLookups, events: pa.Table | pa.RecordBatch) -> bytes:
    """The CSV lines (UTF-8, each ending in LF, no header) of `events`, a table of the
    events' schema, in the columns and cell rules of `readable_events` and `to_csv_bytes`."""
    if events.num_rows == 0:
        return b""
    if isinstance(events, pa.Table):  # one array per column: the kernels below take arrays
        events = events.combine_chunks().to_batches()[0]
    columns = _columns(lookups, events)
    empty = pa.scalar("", TEXT)
    cells = []
    for name in EVENT_COLUMNS:  # the header's order; a column missing here is a KeyError
        values, is_text = columns[name]
        cells.append(pc.fill_null(_quoted(guard_texts(values)) if is_text else values, empty))
    lines = pc.binary_join_element_wise(*cells, pa.scalar(",", TEXT))
    lines = pc.binary_join_element_wise(lines, pa.scalar("\n", TEXT), empty)
    # The lines lie end to end in the array's data buffer: those bytes are the chunk.
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
    first, last = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return lines.buffers()[2].slice(first, last - first).to_pybytes()
