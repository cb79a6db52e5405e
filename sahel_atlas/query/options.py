"""The values each filter control offers: those the dataset uses, in a useful order."""

from __future__ import annotations

from sahel_atlas.store.dataset import Dataset, actors_once_sql
from sahel_atlas.text.countries import country_name


def _columns(con, table: str) -> set[str]:
    return {row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}


def actor_event_counts(ds: Dataset) -> dict[str, dict[str, int]]:
    """actor id -> {origin: events naming it}, once per dataset (the filter's order and the
    Actors page both read it)."""
    counts = ds.memo.get("actor_event_counts")
    if counts is None:  # two threads may both make it: the same value
        counts = ds.memo["actor_event_counts"] = _actor_event_counts(ds)
    return counts


def _actor_event_counts(ds: Dataset) -> dict[str, dict[str, int]]:
    con = ds.con.cursor()
    origin = "coalesce(origin, 'curated')" if "origin" in _columns(con, "events") else "'curated'"
    once = actors_once_sql("events", f", {origin} AS o")
    rows = con.execute(f"SELECT actor_id, o, count(*) FROM ({once}) GROUP BY ALL").fetchall()
    counts: dict[str, dict[str, int]] = {}
    for actor_id, o, n in rows:
        counts.setdefault(str(actor_id), {})[str(o)] = int(n)
    return counts


def filter_options(ds: Dataset) -> dict[str, list[str]]:
    """Actors (the curated ones, then the imported ones, each by number of events), the event
    types in use, countries then places, sources.

    Computed in DuckDB so that it costs the same on a million events as on seventy.
    """
    con = ds.con.cursor()
    has_origin = "origin" in _columns(con, "actors")
    imported = "coalesce(origin, 'curated') <> 'curated'" if has_origin else "FALSE"
    totals = {a: sum(by_origin.values()) for a, by_origin in actor_event_counts(ds).items()}
    listed = con.execute(
        f"SELECT actor_id, {imported} FROM actors WHERE actor_id IS NOT NULL").fetchall()
    actors = [a for a, later in sorted(listed, key=lambda r: (r[1], -totals.get(r[0], 0), r[0]))]
    types = [
        t
        for (t,) in con.execute(
            "SELECT DISTINCT t FROM (SELECT unnest([event_type, sub_event_type]) AS t FROM "
            "(SELECT DISTINCT event_type, sub_event_type FROM events)) WHERE t IS NOT NULL "
            "ORDER BY t"
        ).fetchall()
    ]
    countries = [
        c
        for (c,) in con.execute(
            "SELECT DISTINCT country_iso3 FROM locations WHERE country_iso3 IS NOT NULL "
            "AND country_iso3 <> ''"
        ).fetchall()
    ]
    places = [
        p
        for (p,) in con.execute(
            "SELECT location_id FROM locations ORDER BY lower(location_id)"
        ).fetchall()
    ]
    sources = [
        s for (s,) in con.execute("SELECT source_id FROM sources ORDER BY source_id").fetchall()
    ]
    return {
        "actors": actors,
        "types": types,
        "places": sorted(countries, key=country_name) + places,
        "sources": sources,
    }
