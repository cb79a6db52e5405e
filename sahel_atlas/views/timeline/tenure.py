"""Leadership tenures (`leads` relations) and group lifetimes (founding to merger), as bars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import as_date, date_label, start_label
from sahel_atlas.text.strings import truncate
from sahel_atlas.text.values import str_list as _list
from sahel_atlas.text.values import text as _str
from sahel_atlas.views import palette
from sahel_atlas.views.timeline.labels import LANE_LABEL_CHARS, source_titles
from sahel_atlas.views.timeline.layout import AXIS_END
from sahel_atlas.views.timeline.lookups import Lookups

ONGOING = "ongoing as of the sources"
PERIOD_PREDICATES = ("leads", "founded", "merged_into")
PERIOD_EVENTS = ("Group founded", "Merger")

TENURE_COLUMNS = (
    "bar_id",
    "kind",  # "leads" | "lifetime"
    "label",
    "group_id",
    "family",
    "colour",
    "start",
    "end",  # last day (inclusive); None when open-ended
    "open_ended",
    "date_label",
    "status",
    "sources",
    "note",
    "group_order",
)


@dataclass(frozen=True)
class TenureBars:
    rows: pd.DataFrame  # TENURE_COLUMNS, in drawing order
    undated: int  # leads/founded/merged_into relations skipped for want of a date


@dataclass
class _Periods:
    """What the relations and events say about when groups began, ended and were led."""

    founded: dict[str, list[dt.date]] = field(default_factory=dict)  # group -> founding days
    ended: dict[str, list[dt.date]] = field(default_factory=dict)  # group -> merger days
    leads: list[dict[str, Any]] = field(default_factory=list)  # dated `leads` relations
    undated_mergers: list[tuple[str, str]] = field(default_factory=list)  # (group, into)
    dated_mergers: set[tuple[str, str]] = field(default_factory=set)  # dated by an event
    undated: int = 0  # undated leads/founded relations

    def first_day(self, group: str) -> dt.date:
        """The group's founding, else its first leader's start (for the order of groups)."""
        days = self.founded.get(group) or [
            r["start"] for r in self.leads if r.get("object_id") == group
        ]
        return min(days) if days else AXIS_END


def _read_relation(rel: Mapping[str, Any], periods: _Periods, wanted: set[str] | None) -> None:
    predicate = rel.get("predicate")
    subject, obj = _str(rel.get("subject_id")), _str(rel.get("object_id"))
    start, end = as_date(rel.get("date_start")), as_date(rel.get("date_end"))
    if predicate == "merged_into":
        if start is None and end is None:
            periods.undated_mergers.append((subject, obj))
        else:
            periods.ended.setdefault(subject, []).append(start or end)
    elif start is None:
        periods.undated += 1
    elif predicate == "founded":
        periods.founded.setdefault(obj, []).append(start)
    elif wanted is None or subject in wanted or obj in wanted:
        periods.leads.append({**rel, "start": start, "end": end})


def _read_event(ev: Mapping[str, Any], periods: _Periods, look: Lookups) -> None:
    """A "Group founded" event dates its subject (else its first group); a "Merger" event
    dates an undated `merged_into` relation between two of its groups."""
    sub_type = _str(ev.get("sub_event_type"))
    start = as_date(ev.get("date_start"))
    if sub_type not in PERIOD_EVENTS or start is None:
        return
    event_id = _str(ev.get("event_id"))
    groups = [a for a in _list(ev.get("actor_ids")) if look.kinds.get(a) == "group"]
    if sub_type == "Group founded":
        subjects = [g for g in groups if look.roles.get((event_id, g)) == "subject"]
        for group in subjects or groups[:1]:
            periods.founded.setdefault(group, []).append(start)
        return
    for pair in periods.undated_mergers:
        if pair[0] in groups and pair[1] in groups:
            periods.ended.setdefault(pair[0], []).append(start)
            periods.dated_mergers.add(pair)


def _lifetime_row(group: str, periods: _Periods, look: Lookups) -> dict[str, Any]:
    start = min(periods.founded[group])
    ends = [d for d in periods.ended.get(group, []) if d >= start]
    end = min(ends) if ends else None
    return {
        "bar_id": f"lifetime:{group}",
        "kind": "lifetime",
        "label": f"{look.label(group)} (group lifetime)",
        "start": start,
        "end": end,
        "date_label": f"founded {start.isoformat()}, "
        + (f"merged into another group {end.isoformat()}" if end else ONGOING),
        "status": "",
        "sources": "",
        "note": "",
    }


def _tenure_label(start: dt.date, end: dt.date | None, precision: str) -> str:
    if end is None:
        return f"since {start_label(start, precision)}, {ONGOING}"
    return date_label(start, end, "day" if start == end else "span")


def _lead_row(rel: Mapping[str, Any], group: str, look: Lookups) -> dict[str, Any]:
    start, end = rel["start"], rel["end"]
    if end is not None and end < start:
        end = start
    person = look.label(_str(rel.get("subject_id")))
    excerpt_ids = _list(rel.get("excerpt_ids"))
    cited = [look.excerpts[e][0] for e in excerpt_ids if e in look.excerpts]
    return {
        "bar_id": _str(rel.get("relation_id")) or f"leads:{person}:{group}",
        "kind": "leads",
        "label": f"{truncate(person, LANE_LABEL_CHARS)} leads {look.label(group)}",
        "start": start,
        "end": end,
        "date_label": _tenure_label(start, end, _str(rel.get("date_precision")) or "day"),
        "status": _str(rel.get("status")),
        "sources": source_titles(dict.fromkeys(cited), look),
        "note": _str(rel.get("note")),
    }


def _group_rows(group: str, rank: int, periods: _Periods, look: Lookups) -> list[dict]:
    """The group's lifetime bar (if founded), then its leaders' bars by start date."""
    rows = [_lifetime_row(group, periods, look)] if group in periods.founded else []
    led = sorted(
        (r for r in periods.leads if _str(r.get("object_id")) == group), key=lambda r: r["start"]
    )
    rows += [_lead_row(rel, group, look) for rel in led]
    for row in rows:
        row.update(group_id=group, family=look.family(group), group_order=rank)
        row["open_ended"] = row["end"] is None
    return rows


def _shown_groups(periods: _Periods, wanted: set[str] | None) -> set[str]:
    """Groups founded or led; with `wanted`, those wanted or led by someone wanted."""
    led = {_str(r.get("object_id")) for r in periods.leads}
    groups = set(periods.founded) | led
    return groups if wanted is None else {g for g in groups if g in wanted or g in led}


def _period_events(ds: Dataset) -> pd.DataFrame:
    """Only the founding and merger events, not every event."""
    return ds.rows("events", "sub_event_type IN ('Group founded', 'Merger')")


def tenure_bars(ds: Dataset, actor_ids: Iterable[str] | None = None) -> TenureBars:
    """Leadership tenures (`leads` relations) and group lifetimes, as bars to draw.

    A group's lifetime starts at its earliest founding date: a dated `founded` relation
    whose object is the group, or a "Group founded" event naming it (its "subject" when the
    event has roles, else its first group actor). It ends at a `merged_into` relation whose
    subject is the group (dated by the relation, else by a "Merger" event naming both
    groups); with no end it runs to the end of the axis, "ongoing as of the sources".
    Relations without a start date are skipped and counted in `undated`.
    """
    wanted = set(actor_ids) if actor_ids is not None else None
    relations = ds.relations
    events = _period_events(ds)
    cited = [x for ids in relations.get("excerpt_ids", []) for x in _list(ids)]
    look = Lookups.from_dataset(ds, events, cited)
    periods = _Periods()
    for rel in relations.to_dict("records"):
        if rel.get("predicate") in PERIOD_PREDICATES:
            _read_relation(rel, periods, wanted)
    for ev in events.to_dict("records"):
        _read_event(ev, periods, look)
    undated = periods.undated + sum(
        1 for pair in periods.undated_mergers if pair not in periods.dated_mergers
    )
    ordered = sorted(
        _shown_groups(periods, wanted), key=lambda g: (periods.first_day(g), look.label(g))
    )
    rows = [row for rank, g in enumerate(ordered) for row in _group_rows(g, rank, periods, look)]
    frame = pd.DataFrame(rows, columns=list(TENURE_COLUMNS))
    frame["colour"] = [palette.FAMILY_COLOURS[f] for f in frame["family"]]
    return TenureBars(frame, undated)
