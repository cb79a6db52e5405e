"""The values each filter control offers: those the dataset uses, in a useful order."""

from __future__ import annotations

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.countries import country_name


def filter_options(ds: Dataset) -> dict[str, list[str]]:
    """Actors (the curated ones, then the imported ones, each by number of events), the event
    types in use, countries then places, sources.

    Computed in DuckDB so that it costs the same on a million events as on seventy.
    """
    con = ds.con.cursor()
    columns = {row[0] for row in con.execute('DESCRIBE "actors"').fetchall()}
    imported = "coalesce(a.origin, 'curated') <> 'curated'" if "origin" in columns else "FALSE"
    actors = [
        a
        for (a,) in con.execute(
            "SELECT a.actor_id FROM actors a LEFT JOIN "
            "(SELECT unnest(actor_ids) AS actor_id, count(*) AS n FROM events GROUP BY 1) c "
            f"USING (actor_id) ORDER BY {imported}, coalesce(c.n, 0) DESC, a.actor_id"
        ).fetchall()
    ]
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
