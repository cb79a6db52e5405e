"""The events table with its two companions: each event's actors with their roles, and claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahel_atlas.contract import schema
from sahel_atlas.kb.quotes import Quotes
from sahel_atlas.kb.reading import Labelled
from sahel_atlas.kb.rows import check_unique
from sahel_atlas.text.dates import parse_date


@dataclass
class EventTables:
    """The rows of events (labelled, for messages), event_actors and claims."""

    events: Labelled = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def build_events(
    quotes: Quotes,
    records: Labelled,
    file: Path,
    actors: set[str],
    locations: dict[str, dict[str, Any]],
) -> EventTables:
    """Rows for every valid event; `actors` and `locations` are the ids references may name."""
    out = EventTables()
    for label, rec in records:
        out.events.append((label, _event(quotes, file, label, rec, actors, locations, out)))
    check_unique(quotes.report, file, out.events, "event_id")
    return out


def _event(
    quotes: Quotes,
    file: Path,
    label: str,
    rec: dict[str, Any],
    actors: set[str],
    locations: dict[str, dict[str, Any]],
    out: EventTables,
) -> dict[str, Any]:
    """One event's row; its roles and claims are added to `out`."""
    place = _place(quotes, file, label, rec.get("location"), locations)
    actor_ids, roles = _event_actors(quotes, file, label, rec, actors)
    out.roles.extend(roles)
    excerpt_ids = quotes.cite(file, label, rec["evidence"])
    claims = build_claims(quotes, file, label, rec["id"], rec.get("claims") or [])
    if rec["status"] == "disputed" and not _has_disagreement(claims):
        quotes.report.problem(
            file, label, "status disputed needs two claims on one aspect that differ"
        )
    out.claims.extend(claims)
    for claim in claims:
        excerpt_ids += [e for e in claim["excerpt_ids"] if e not in excerpt_ids]
    return _event_row(rec, place, actor_ids, excerpt_ids, quotes.sources_of(excerpt_ids))


def _place(
    quotes: Quotes,
    file: Path,
    label: str,
    location: str | None,
    locations: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """The event's location row ({} when unnamed or not built); a problem if undeclared."""
    if location is not None and location not in locations:
        quotes.report.problem(file, label, f"unknown location id {location!r}")
    return locations.get(location, {})


def _event_actors(
    quotes: Quotes, file: Path, label: str, rec: dict[str, Any], actors: set[str]
) -> tuple[list[str], list[dict[str, Any]]]:
    """The event's actor ids in order given, and its rows of event_actors."""
    actor_ids, roles = [], []
    for entry in rec["actors"]:
        # A bare id is a participant; `{id, role}` names the role.
        actor_id = entry["id"] if isinstance(entry, dict) else entry
        role = (entry.get("role") if isinstance(entry, dict) else None) or "participant"
        if actor_id not in actors:
            quotes.report.problem(file, label, f"unknown actor id {actor_id!r}")
        if actor_id not in actor_ids:
            actor_ids.append(actor_id)
        roles.append({"event_id": rec["id"], "actor_id": actor_id, "role": role})
    return actor_ids, roles


def _event_row(
    rec: dict[str, Any],
    place: dict[str, Any],
    actor_ids: list[str],
    excerpt_ids: list[str],
    source_ids: list[str],
) -> dict[str, Any]:
    when = parse_date(rec["date"])
    return {
        "event_id": rec["id"],
        "title": rec["title"],
        "event_type": schema.SUB_EVENT_TYPES[rec["type"]],
        "sub_event_type": rec["type"],
        "date_start": when.start,
        "date_end": when.end,
        "date_precision": when.precision,
        "location_id": rec.get("location"),
        "latitude": place.get("latitude"),
        "longitude": place.get("longitude"),
        "actor_ids": actor_ids,
        "status": rec["status"],
        "description": rec.get("description") or "",
        "fatalities": rec.get("fatalities"),
        "source_ids": source_ids,
        "excerpt_ids": excerpt_ids,
        "origin": schema.ORIGIN_CURATED,
    }


def build_claims(
    quotes: Quotes, file: Path, label: str, event_id: str, items: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One claim row per claim and source: a claim quoting two sources is two claims."""
    claims = []
    for number, item in enumerate(items, start=1):
        excerpt_ids = quotes.cite(file, f"{label} claim #{number}", item["evidence"])
        for source_id in quotes.sources_of(excerpt_ids) or [None]:
            suffix = f"-{source_id[:3]}" if source_id else ""
            claims.append(
                {
                    "claim_id": f"{event_id}-c{number}{suffix}",
                    "event_id": event_id,
                    "aspect": item["aspect"],
                    "value": str(item["value"]),
                    "source_id": source_id,
                    "excerpt_ids": [e for e in excerpt_ids if quotes.source_of(e) == source_id],
                }
            )
    return claims


def _has_disagreement(claims: list[dict[str, Any]]) -> bool:
    """Two claims on one aspect with different values."""
    values: dict[str, set[str]] = {}
    for claim in claims:
        values.setdefault(claim["aspect"], set()).add(claim["value"])
    return any(len(v) > 1 for v in values.values())
