"""Running the shared filters against a dataset."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict

import duckdb
import pandas as pd
import pyarrow as pa

from sahel_atlas.query.model import Filters
from sahel_atlas.query.sql import (
    Clause, and_, compose, named_actors_sql, named_places_sql, place_ids, search_sql, to_sql,
)
from sahel_atlas.store.dataset import PUBLIC_EVENTS_SQL, Dataset, fold_sql, to_frame


ORDER = "ORDER BY date_start, event_id"


# How many searches keep their matching rows (a few hundred KB each at most).
SEARCHES_KEPT = 32
_HITS = "_search_hits"
_TEXT_HITS = "_text_hits"
# The events of the actors or places whose names a search matched.
_BY_ACTORS = "SELECT ev FROM _event_actor WHERE list_contains(?::VARCHAR[], actor_id)"
_BY_PLACES = "SELECT rowid AS ev FROM events WHERE list_contains(?::VARCHAR[], location_id)"
_lock = threading.Lock()


def where(filters: Filters, ds: Dataset | None = None) -> Clause:
    """The WHERE clause of `filters` for a `Dataset.con`: its search structures, and with
    `ds` its actor bitmap, its kinds and its places (see `to_sql`)."""
    if ds is None:
        return to_sql(filters, indexed=True)
    places = ds.memo.get("place_ids")
    if places is None:  # once per dataset (two threads may both make it: the same value)
        places = ds.memo["place_ids"] = place_ids(ds.places)
    return to_sql(filters, indexed=True, bits=ds.actor_bits, kinds=ds.kinds, places=places)


def search_hits(ds: Dataset, q: str) -> pa.Table:
    """The rowids (`ev`) of the events a search matches, computed once per dataset and text.

    A page rerun asks several questions of one filter (count, page, per month, grid); the
    search is the costly part, so it runs once and the others join its few rows.
    """
    key = ("search", q)
    with _lock:
        kept: OrderedDict = ds.memo.setdefault("searches", OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    hits = _search(ds, q)
    with _lock:
        kept[key] = hits
        while len(kept) > SEARCHES_KEPT:
            kept.popitem(last=False)
    return hits


def _search(ds: Dataset, q: str) -> pa.Table:
    """The search's rowids: the events' own text from the trigram index when there is one
    and the needle is long enough, else one `contains` per event; names from DuckDB."""
    cursor = ds.con.cursor()
    own = None
    if ds.text_index is not None:
        # Folded by DuckDB, the function that folded the indexed text: the same characters.
        folded = cursor.execute(f"SELECT {fold_sql('?')}", [q]).fetchall()[0][0]
        own = ds.text_index.matches(folded)
    if own is None:
        # Until a cache's texts are folded (in the background, after its first open), the
        # search folds the events' and excerpts' texts as it scans: the same rows, slower.
        hit = search_sql(q, indexed=True, folded=ds.text_folded)
        query = compose("SELECT rowid AS ev FROM events WHERE {hit}", hit=hit)
        return cursor.sql(query.sql, params=query.params).to_arrow_table()
    # The names are small tables: find the actors and places first, and read the events'
    # rows only for those (most searches name none, and then read no event row at all).
    parts = [f"SELECT ev FROM {_TEXT_HITS}"]
    params: list = []
    for named, sql in ((named_actors_sql(q), _BY_ACTORS), (named_places_sql(q), _BY_PLACES)):
        ids = [i for (i,) in cursor.execute(named.sql, named.params).fetchall()]
        if ids:
            parts.append(sql)
            params.append(ids)
    cursor.register(_TEXT_HITS, pa.table({"ev": pa.array(own, pa.int64())}))
    return cursor.sql(" UNION ".join(parts), params=params).to_arrow_table()


def prepare(ds: Dataset, filters: Filters) -> tuple[duckdb.DuckDBPyConnection, Clause]:
    """A fresh cursor (one per call: sessions run in threads) and the WHERE clause.

    A search is run once (see `search_hits`) and registered on the cursor: the clause then
    selects its rows by rowid.
    """
    cursor = ds.con.cursor()
    if not filters.q:
        return cursor, where(filters, ds)
    cursor.register(_HITS, search_hits(ds, filters.q))
    hits = Clause(f"rowid IN (SELECT ev FROM {_HITS})")
    return cursor, and_(where(dataclasses.replace(filters, q=""), ds), hits)


def count(ds: Dataset, filters: Filters) -> int:
    """How many events match `filters`."""
    if filters.q and dataclasses.replace(filters, q="").is_empty():
        return search_hits(ds, filters.q).num_rows  # a search alone: its rows, no scan
    cursor, clause = prepare(ds, filters)
    query = compose("SELECT count(*) FROM events WHERE {where}", where=clause)
    return int(cursor.execute(query.sql, query.params).fetchall()[0][0])


def select(
    ds: Dataset,
    filters: Filters,
    columns: list[str] | tuple[str, ...] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> pa.Table:
    """The matching events (oldest first) as Arrow: only `columns`, only one page if `limit`.

    A page is found on the narrow sort columns first, then only its rows are read in full.
    """
    cursor, clause = prepare(ds, filters)
    names = ", ".join(f'"{c}"' for c in columns) if columns else PUBLIC_EVENTS_SQL
    if limit is None:
        template = "SELECT {names} FROM events WHERE {where} {order}"
        page = ""
    else:
        # `events` is stored in ORDER's order (see `Dataset.con`): its rowid is the display
        # position, a top-N on one integer instead of a date and a text (measured 6 -> 1.5 ms
        # for the first page of 1M events).
        template = (
            "SELECT {names} FROM events WHERE rowid IN "
            "(SELECT rowid FROM events WHERE {where} ORDER BY rowid {page}) ORDER BY rowid"
        )
        # Whole numbers written into the SQL: a literal LIMIT lets DuckDB plan a top-N.
        page = f"LIMIT {max(int(limit), 0)} OFFSET {max(int(offset), 0)}"
    query = compose(template, names=names, where=clause, order=ORDER, page=page)
    return cursor.sql(query.sql, params=query.params).to_arrow_table()


def apply(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """The events matching `filters`, oldest first, as a frame like `ds.events`.

    Every matching row with every column: fine for the curated dataset, costly at a million
    events (seconds). Pages at that size use `count`, `select(..., limit=)` and the
    aggregates of `sahel_atlas.query.aggregate` instead.
    """
    table = select(ds, filters)
    frame = to_frame(table)
    if frame.empty:
        # No rows to infer from: keep list columns as object, like a non-empty result.
        lists = [c.name for c in table.schema if pa.types.is_list(c.type)]
        frame[lists] = frame[lists].astype(object)
    return frame


def _ids(frame: pd.DataFrame, column: str) -> set[str]:
    """The distinct values of a list column (or a scalar one)."""
    if frame.empty or column not in frame:
        return set()
    return set(frame[column].explode().dropna())


def touched(ds: Dataset, events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The actors, locations, relations and excerpts that the given events touch.

    A relation counts when *either* its subject or its object is a touched actor: filtering to
    JNIM's events should still show whom JNIM merged into or fought, even if that partner has
    no event in the selection.
    """
    actor_ids = _ids(events, "actor_ids")
    relations = ds.relations
    return {
        "actors": ds.actors[ds.actors["actor_id"].isin(actor_ids)].reset_index(drop=True),
        "locations": ds.locations[
            ds.locations["location_id"].isin(_ids(events, "location_id"))
        ].reset_index(drop=True),
        "relations": relations[
            relations["subject_id"].isin(actor_ids) | relations["object_id"].isin(actor_ids)
        ].reset_index(drop=True),
        "excerpts": ds.excerpts[
            ds.excerpts["excerpt_id"].isin(_ids(events, "excerpt_ids"))
        ].reset_index(drop=True),
    }
