"""The events a viewer selects on the timeline, and what the page shows of each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import as_date
from sahel_atlas.text.values import str_list as _list
from sahel_atlas.text.values import text as _str
from sahel_atlas.views.timeline.labels import dated
from sahel_atlas.views.timeline.lookups import Lookups


def selected_event_ids(selection: Mapping[str, Any] | None) -> list[str]:
    """The event ids of a Plotly selection (Streamlit's `event.selection`), in order, once."""
    if not selection:
        return []
    points = selection.get("points") or []
    ids: list[str] = []
    for point in points:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, (list, tuple)) and data:
            ids.append(str(data[0]))
        elif isinstance(data, str):
            ids.append(data)
    return list(dict.fromkeys(ids))


def _excerpts(excerpt_ids: list[str], look: Lookups) -> list[tuple[str, str]]:
    """[(source title, excerpt text)] of the excerpts the dataset holds."""
    quoted = [look.excerpts[e] for e in excerpt_ids if e in look.excerpts]
    return [(look.sources.get(source_id, source_id), text) for source_id, text in quoted]


def _details(row: Mapping[str, Any], event_id: str, look: Lookups) -> dict[str, Any]:
    start = as_date(row.get("date_start"))
    end = as_date(row.get("date_end")) or start
    return {
        "event_id": event_id,
        "title": _str(row.get("title")) or event_id,
        "date": dated(start, end, _str(row.get("date_precision")) or "day"),
        "place": look.places.get(_str(row.get("location_id")), "place unknown"),
        "actors": [look.name(a) for a in _list(row.get("actor_ids"))],
        "status": _str(row.get("status")),
        "type": _str(row.get("sub_event_type")) or _str(row.get("event_type")),
        "description": _str(row.get("description")),
        "sources": [look.sources.get(s, s) for s in _list(row.get("source_ids"))],
        "excerpts": _excerpts(_list(row.get("excerpt_ids")), look),
    }


def event_details(
    ds: Dataset, events: pd.DataFrame, event_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """Raw (unescaped) details of the given events, in the given order: title, date label,
    place, actors, status, description and [(source title, excerpt text)]."""
    chosen = events[events["event_id"].isin(set(event_ids))] if len(events) else events
    look = Lookups.from_dataset(ds, chosen)
    by_id = {str(r["event_id"]): r for r in chosen.to_dict("records")} if len(chosen) else {}
    return [_details(by_id[e], e, look) for e in event_ids if e in by_id]
