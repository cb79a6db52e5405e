"""Which lanes the timeline has (actors or event types), in which order, and their rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from sahel_atlas.contract import schema
from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import as_date
from sahel_atlas.text.strings import truncate
from sahel_atlas.text.values import str_list as _list
from sahel_atlas.text.values import text as _str
from sahel_atlas.views import palette
from sahel_atlas.views.timeline.labels import (
    HOVER_NAMES,
    LANE_LABEL_CHARS,
    dated,
    list_names,
    source_titles,
)
from sahel_atlas.views.timeline.layout import DEFAULT_FAMILY
from sahel_atlas.views.timeline.lookups import Lookups

TOP_ACTORS = 15
OTHER_ACTORS = "Other actors"
NO_ACTOR = "No actor named"
UNKNOWN_TYPE = "Unknown type"

Lanes = Literal["actor", "type"]

LANE_COLUMNS = (
    "event_id",
    "lane",
    "lane_order",
    "family",
    "colour",
    "start",
    "end",
    "precision",
    "status",
    "title",
    "date_label",
    "place",
    "actors",
    "sources",
)


def _event_fields(row: Mapping[str, Any], look: Lookups) -> dict[str, Any] | None:
    """What the chart needs of one event, in raw text; None for an undated event."""
    start = as_date(row.get("date_start"))
    if start is None:
        return None  # an undated event has no place on a time axis
    end = max(as_date(row.get("date_end")) or start, start)
    precision = _str(row.get("date_precision")) or "day"
    actor_ids = _list(row.get("actor_ids"))
    place = look.places.get(_str(row.get("location_id")), "")
    return {
        "event_id": _str(row.get("event_id")),
        "start": start,
        "end": end,
        "precision": precision,
        "status": _str(row.get("status")) or "confirmed",
        "title": _str(row.get("title")) or _str(row.get("event_id")),
        "date_label": dated(start, end, precision),
        "place": place or "place unknown",
        "actors": list_names([look.name(a) for a in actor_ids], HOVER_NAMES) or "none named",
        "sources": source_titles(_list(row.get("source_ids")), look),
        "actor_ids": actor_ids,
        "sub_type": _str(row.get("sub_event_type")) or _str(row.get("event_type")) or UNKNOWN_TYPE,
    }


def _type_order(types: Iterable[str]) -> list[str]:
    """Sub-types in the contract's order (so they group by top-level type), others after."""
    known = list(schema.SUB_EVENT_TYPES)
    known_top = list(schema.EVENT_TYPES)

    def key(t: str) -> tuple[int, int, str]:
        if t in known:
            return (0, known.index(t), t)
        if t in known_top:
            return (1, known_top.index(t), t)
        return (2, 0, t)

    return sorted(set(types), key=key)


def _unique_labels(actor_ids: Sequence[str], look: Lookups) -> dict[str, str]:
    """Lane labels for these actors, cut to fit, and never two actors on one label."""
    labels = {a: truncate(look.label(a), LANE_LABEL_CHARS) for a in actor_ids}
    counts = Counter(labels.values())
    reserved = {OTHER_ACTORS, NO_ACTOR}
    return {
        a: f"{label} ({a})" if counts[label] > 1 or label in reserved else label
        for a, label in labels.items()
    }


def _row(fields: dict[str, Any], lane: str, family: str) -> dict[str, Any]:
    row = {k: fields[k] for k in LANE_COLUMNS if k in fields}
    row.update(lane=lane, family=family, colour=palette.FAMILY_COLOURS[family])
    return row


def _actor_lanes(
    fields: list[dict[str, Any]], look: Lookups, top: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows and lane order: the `top` most active actors, then "Other actors", "No actor"."""
    activity = Counter(a for f in fields for a in dict.fromkeys(f["actor_ids"]))
    ranked = sorted(activity, key=lambda a: (-activity[a], look.label(a).casefold(), a))
    kept = ranked[: max(top, 0)]
    labels = _unique_labels(kept, look)
    rows: list[dict[str, Any]] = []
    for f in fields:
        actor_ids = list(dict.fromkeys(f["actor_ids"]))
        if not actor_ids:
            rows.append(_row(f, NO_ACTOR, DEFAULT_FAMILY))
            continue
        rows += [_row(f, labels[a], look.family(a)) for a in actor_ids if a in labels]
        others = [a for a in actor_ids if a not in labels]
        if others:  # each event at most once in the "Other actors" lane
            rows.append(_row(f, OTHER_ACTORS, look.family(others[0])))
    order = [labels[a] for a in kept]
    order += [lane for lane in (OTHER_ACTORS, NO_ACTOR) if any(r["lane"] == lane for r in rows)]
    return rows, order


def _type_lanes(
    fields: list[dict[str, Any]], look: Lookups
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows and lane order: one lane per sub-type, coloured by the event's main actor."""
    rows = [
        _row(f, f["sub_type"], look.family(look.main_actor(f["event_id"], f["actor_ids"])))
        for f in fields
    ]
    return rows, _type_order(r["lane"] for r in rows)


def lanes(
    ds: Dataset,
    events: pd.DataFrame,
    by: Lanes = "actor",
    top: int = TOP_ACTORS,
    lookups: Lookups | None = None,
) -> pd.DataFrame:
    """One row per (event, lane), ready to draw.

    by="actor": one lane per actor among the `top` actors with the most events here, then an
    "Other actors" lane (each event at most once in it) and, if any, a "No actor named" lane;
    colour is the lane actor's family. by="type": one lane per sub-event type, coloured by the
    family of the event's first perpetrator (else its first actor).

    `start`/`end` are the event's first and last possible days (dates); `lane_order` ranks
    the lanes from the top of the chart. Hover columns hold raw text (escape before drawing).
    Events without a start date are left out.
    """
    if by not in ("actor", "type"):
        raise ValueError(f"lanes: by must be 'actor' or 'type', not {by!r}")
    look = lookups or Lookups.from_dataset(ds, events)
    records = events.to_dict("records") if events is not None and len(events) else []
    fields = [f for f in (_event_fields(r, look) for r in records) if f is not None]
    rows, order = _actor_lanes(fields, look, top) if by == "actor" else _type_lanes(fields, look)
    frame = pd.DataFrame(rows, columns=list(LANE_COLUMNS))
    rank = {lane: i for i, lane in enumerate(order)}
    frame["lane_order"] = frame["lane"].map(rank).astype("int64")
    return frame.sort_values(["lane_order", "start", "event_id"], kind="stable").reset_index(
        drop=True
    )
