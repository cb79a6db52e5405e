"""The place summary of the filtered events: one row per place, with its hover box's lines."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from sahel_atlas.contract.schema import ACTOR_FAMILIES
from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.countries import country_name
from sahel_atlas.text.dates import as_date, date_label
from sahel_atlas.text.names import short_name
from sahel_atlas.text.strings import clean

IMPRECISE = ("area", "region")
# Used when an imprecise place has no radius: a town's surroundings, a region.
DEFAULT_RADIUS_KM = {"area": 25.0, "region": 150.0}
MAIN_ACTORS = 3

SUMMARY_COLUMNS = [
    "location_id",
    "name",
    "country_iso3",
    "latitude",
    "longitude",
    "precision",
    "radius_km",
    "events",
    "main_actors",
    "main_actors_label",
    "family",
    "first_date",
    "last_date",
    "date_span",
    "tip_name",
    "tip_country",
    "tip_events",
    "tip_actors",
    "tip_dates",
]

def actor_display_names(ds: Dataset) -> dict[str, str]:
    """Actor id -> short display name: a group's shortest all-capitals alias, else its name."""
    names: dict[str, str] = {}
    for row in ds.actors.itertuples(index=False):
        name = clean(getattr(row, "name", None)) or row.actor_id
        aliases = getattr(row, "aliases", None) or []
        names[row.actor_id] = short_name(name, getattr(row, "kind", None), aliases)
    return names


def actor_families(ds: Dataset) -> dict[str, str]:
    """Actor id -> family; unknown or missing families count as 'other'."""
    actors = ds.actors
    if "family" not in actors:
        return {a: "other" for a in actors["actor_id"]}
    return {
        a: (f if f in ACTOR_FAMILIES else "other")
        for a, f in zip(actors["actor_id"], actors["family"])
    }


def event_date_label(row) -> str:
    """An event's date at its precision (2020-06-03, June 2020, 2019, 2010–2014)."""
    start = as_date(getattr(row, "date_start", None))
    end = as_date(getattr(row, "date_end", None))
    return date_label(start, end, getattr(row, "date_precision", None))


def _span_label(first: tuple, last: tuple) -> str:
    """'first–last' from the earliest and the latest event's own (start, end, precision) labels."""
    first_label = date_label(first[0], first[1], first[2])
    last_label = date_label(last[0], last[1], last[2])
    if first_label == last_label:
        return first_label
    # Spans have their own en dash; keep the outer range readable with spaces.
    return f"{first_label.split('–')[0]} – {last_label.split('–')[-1]}"


def _has_location(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def unplaced_events(summary: pd.DataFrame) -> int:
    """How many of the summarised events have no known place (kept in `summary.attrs`)."""
    return int(summary.attrs.get("unplaced_events", 0))


def _events_by_place(events: pd.DataFrame, known: set[str]) -> tuple[dict[str, list], int]:
    """Each known place's events (each event once), and how many events have no known place."""
    by_place: dict[str, list] = {}
    unplaced = 0
    seen: set[str] = set()
    for row in events.itertuples(index=False):
        event_id = getattr(row, "event_id", None)
        if event_id in seen:
            continue
        seen.add(event_id)
        loc = getattr(row, "location_id", None)
        if _has_location(loc) and loc in known:
            by_place.setdefault(loc, []).append(row)
        else:
            unplaced += 1
    return by_place, unplaced


def _main_actors_and_family(
    place_events: list, names: dict[str, str], families: dict[str, str]
) -> tuple[list[str], str]:
    """The (up to three) actors with most events here, and the family found in most events."""
    actor_counts: Counter[str] = Counter()
    family_counts: Counter[str] = Counter()
    for ev in place_events:
        actor_ids = list(dict.fromkeys(getattr(ev, "actor_ids", None) or []))
        actor_counts.update(actor_ids)
        family_counts.update({families.get(a, "other") for a in actor_ids})
    ranked = sorted(
        actor_counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0]).casefold())
    )
    main = [names.get(a, a) for a, _ in ranked[:MAIN_ACTORS]]
    family = (
        min(family_counts, key=lambda f: (-family_counts[f], ACTOR_FAMILIES.index(f)))
        if family_counts
        else "other"
    )
    return main, family


def _date_span(place_events: list) -> tuple[str, object, object]:
    """The span label, first and last date of a place's events ('undated' without any)."""
    dated = []
    for ev in place_events:
        start, end = as_date(ev.date_start), as_date(getattr(ev, "date_end", None))
        if start is not None:
            dated.append((start, end or start, getattr(ev, "date_precision", None)))
    if not dated:
        return "undated", None, None
    first = min(dated, key=lambda d: (d[0], d[1]))
    last = max(dated, key=lambda d: (d[1], d[0]))
    return _span_label(first, last), first[0], last[1]


def _precision_and_radius(place: pd.Series) -> tuple[str, float | None]:
    """'point', 'area' or 'region' (anything else counts as an area), and the radius in km."""
    precision = place["precision"] if place["precision"] in ("point", *IMPRECISE) else "area"
    radius = place.get("radius_km")
    if radius is None or pd.isna(radius) or radius <= 0:
        radius = DEFAULT_RADIUS_KM.get(precision, 0.0) if precision in IMPRECISE else None
    return precision, None if radius is None else float(radius)


def _place_row(loc: str, place: pd.Series, place_events: list, names: dict, families: dict) -> dict:
    """One summary row (see `SUMMARY_COLUMNS`)."""
    main, family = _main_actors_and_family(place_events, names, families)
    span, first_date, last_date = _date_span(place_events)
    precision, radius = _precision_and_radius(place)
    name = clean(place["name"]) or loc
    iso3 = clean(place["country_iso3"])
    count = len(place_events)
    where = "" if radius is None else f" ({precision}, ±{radius:g} km)"
    return {
        "location_id": loc,
        "name": name,
        "country_iso3": iso3,
        "latitude": float(place["latitude"]),
        "longitude": float(place["longitude"]),
        "precision": precision,
        "radius_km": radius,
        "events": count,
        "main_actors": main,
        "main_actors_label": ", ".join(main),
        "family": family,
        "first_date": first_date,
        "last_date": last_date,
        "date_span": span,
        "tip_name": name + where,
        "tip_country": country_name(iso3) if iso3 else "Country unknown",
        "tip_events": f"{count} event" if count == 1 else f"{count} events",
        "tip_actors": ("Main actors: " + ", ".join(main)) if main else "No actor named",
        "tip_dates": span,
    }


def place_summary(ds: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """One row per place that has filtered events, most events first.

    Columns: see `SUMMARY_COLUMNS`. `main_actors` is a list of up to three display names (most
    events there first); `family` is the family found in the most of the place's events (ties:
    al-qaeda, islamic-state, state-forces, other; no actors: other); `tip_*` are the hover
    box's lines as plain text. Events without a place, or naming a place the dataset does not
    have, are left out and counted in `summary.attrs["unplaced_events"]`.
    """
    locations = ds.locations.set_index("location_id", drop=False)
    by_place, unplaced = _events_by_place(events, set(locations.index))
    names, families = actor_display_names(ds), actor_families(ds)
    rows = [
        _place_row(loc, locations.loc[loc], place_events, names, families)
        for loc, place_events in by_place.items()
    ]
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    summary = summary.sort_values(["events", "name"], ascending=[False, True], kind="stable")
    summary = summary.reset_index(drop=True)
    summary.attrs["unplaced_events"] = unplaced
    return summary
