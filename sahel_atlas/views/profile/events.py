"""Reading an actor's events and their roles, asked of DuckDB when the dataset may be large."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import ORDER, prepare
from sahel_atlas.query.sql import Clause, actors_sql, compose
from sahel_atlas.store.dataset import PUBLIC_EVENTS_SQL, Dataset, to_frame
from sahel_atlas.text.values import str_list, text


def involves(events: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """The events whose `actor_ids` name the actor."""
    if events is None or events.empty:
        return events.iloc[0:0] if events is not None else pd.DataFrame()
    mask = [actor_id in str_list(ids) for ids in events["actor_ids"]]
    return events[mask]


def events_of(ds: Dataset, actor_id: str) -> pd.DataFrame:
    """Every event naming the actor, asked of DuckDB (the dataset may be large)."""
    actor = actor_clause(ds, actor_id)
    return ds.rows("events", actor.sql, list(actor.params))


# The only events the fact box reads one by one; every other event it only counts.
FACT_KINDS = ("Group founded", "Merger", "Strength estimate")


def fact_events(ds: Dataset, actor_id: str) -> pd.DataFrame:
    """The actor's foundings, mergers and strength estimates, asked of DuckDB."""
    # list_contains filters the scan; `IN (SELECT unnest(?))` joined every column of the
    # actor's events first (JNIM at 1M: 250 -> 16 ms).
    query = compose("{actor} AND list_contains(?::VARCHAR[], trim(sub_event_type))",
                    actor=actor_clause(ds, actor_id))
    return ds.rows("events", query.sql, [*query.params, list(FACT_KINDS)])


def origin_tally(ds: Dataset, actor_id: str) -> list[tuple[object, int, object, object, object]]:
    """(origin, events, first start, last start, last end) of the actor's events, per origin:
    one aggregate query instead of every event in Python."""
    query = compose(
        "SELECT origin, count(*), min(date_start), max(date_start), max(date_end) FROM events "
        "WHERE {actor} GROUP BY origin",
        actor=actor_clause(ds, actor_id),
    )
    return ds.con.cursor().execute(query.sql, query.params).fetchall()


def actor_clause(ds: Dataset, actor_id: str) -> Clause:
    """The events naming the actor, as a clause over `ds.con`'s `events` that composes with
    the filters' (its bit in `events._actor_bits` for a busy actor, see `actors_sql`)."""
    return actors_sql([actor_id], indexed=True, bits=ds.actor_bits)


def actor_event_count(ds: Dataset, filters: Filters, actor_id: str) -> int:
    """How many events involving the actor match `filters` (one count query, at any size)."""
    cursor, clause = prepare(ds, filters)
    query = compose("SELECT count(*) FROM events WHERE ({where}) AND {actor}", where=clause,
                    actor=actor_clause(ds, actor_id))
    return int(cursor.execute(query.sql, query.params).fetchone()[0])


def actor_events(
    ds: Dataset, filters: Filters, actor_id: str, limit: int | None = None
) -> pd.DataFrame:
    """The events involving the actor that match `filters`, oldest first, asked of DuckDB (the
    page's own filtered frame holds only the first DETAIL_LIMIT events of a large import):
    every one, or the first `limit`."""
    cursor, clause = prepare(ds, filters)
    tail = "" if limit is None else f" LIMIT {int(limit)}"
    query = compose("SELECT {names} FROM events WHERE ({where}) AND {actor} {order}{tail}",
                    names=PUBLIC_EVENTS_SQL, where=clause, actor=actor_clause(ds, actor_id),
                    order=ORDER, tail=tail)
    return to_frame(cursor.sql(query.sql, params=query.params).to_arrow_table())


Roles = dict[tuple[str, str], str]


def roles(ds: Dataset, event_ids: list[str]) -> Roles:
    """(event id, actor id) -> role, for the given events only."""
    frame = ds.rows_by_id("event_actors", "event_id", event_ids)
    if not len(frame):
        return {}
    found: Roles = {}
    for event_id, actor_id, role in zip(frame["event_id"], frame["actor_id"], frame["role"]):
        found.setdefault((str(event_id), str(actor_id)), text(role))
    return found


def is_subject(roles: Roles, event_id: str, actor_ids: Sequence[str], actor_id: str) -> bool:
    """The event is about this actor: its role is `subject`, or (no roles) it is named first."""
    role = roles.get((event_id, actor_id))
    if role is not None:
        return role == "subject"
    has_roles = any((event_id, a) in roles for a in actor_ids)
    return not has_roles and bool(actor_ids) and actor_ids[0] == actor_id
