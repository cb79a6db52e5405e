"""Running the shared filters against a dataset."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from sahel_atlas.dataset import Dataset, to_frame
from sahel_atlas.filters import Filters, to_sql


def apply(ds: Dataset, filters: Filters) -> pd.DataFrame:
    """The events matching `filters`, oldest first, as a frame like `ds.events`."""
    where, args = to_sql(filters)
    sql = f"SELECT * FROM events WHERE {where} ORDER BY date_start, event_id"
    # A cursor per call: Streamlit runs sessions in threads and a connection is not thread-safe.
    table = ds.con.cursor().sql(sql, params=args).to_arrow_table()
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
