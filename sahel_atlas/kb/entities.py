"""The actors, locations and relations tables, one row per valid annotation record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sahel_atlas.contract import schema
from sahel_atlas.kb.quotes import Quotes
from sahel_atlas.kb.reading import Labelled
from sahel_atlas.kb.rows import check_unique, optional_date


def build_actors(quotes: Quotes, records: Labelled, file: Path) -> Labelled:
    rows = [(label, _actor_row(quotes, file, label, rec)) for label, rec in records]
    check_unique(quotes.report, file, rows, "actor_id")
    return rows


def _actor_row(quotes: Quotes, file: Path, label: str, rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_id": rec["id"],
        "name": rec["name"],
        "kind": rec["kind"],
        "family": rec["family"],
        "aliases": list(rec.get("aliases") or []),
        "summary": rec.get("summary") or "",
        "excerpt_ids": quotes.cite(file, label, rec["evidence"]),
        "origin": schema.ORIGIN_CURATED,
    }


def build_locations(quotes: Quotes, records: Labelled, file: Path) -> Labelled:
    rows = [(label, _location_row(quotes, file, label, rec)) for label, rec in records]
    check_unique(quotes.report, file, rows, "location_id")
    return rows


def _location_row(quotes: Quotes, file: Path, label: str, rec: dict[str, Any]) -> dict[str, Any]:
    radius = rec.get("radius_km")
    return {
        "location_id": rec["id"],
        "name": rec["name"],
        "country_iso3": rec["country"],
        "latitude": float(rec["lat"]),
        "longitude": float(rec["lon"]),
        "precision": rec["precision"],
        "radius_km": float(radius) if radius is not None else None,
        "aliases": list(rec.get("aliases") or []),
        "excerpt_ids": quotes.cite(file, label, rec["evidence"]),
        "origin": schema.ORIGIN_CURATED,
    }


def build_relations(quotes: Quotes, records: Labelled, file: Path, actors: set[str]) -> Labelled:
    """Relation rows; a problem for every subject or object that is no declared actor."""
    rows = []
    for label, rec in records:
        for key in ("subject", "object"):
            if rec[key] not in actors:
                quotes.report.problem(file, label, f"unknown actor id {rec[key]!r} as {key}")
        rows.append((label, _relation_row(quotes, file, label, rec)))
    check_unique(quotes.report, file, rows, "relation_id")
    return rows


def _relation_row(quotes: Quotes, file: Path, label: str, rec: dict[str, Any]) -> dict[str, Any]:
    when = optional_date(rec.get("date"))
    return {
        "relation_id": rec.get("id") or f"{rec['subject']}--{rec['predicate']}--{rec['object']}",
        "subject_id": rec["subject"],
        "predicate": rec["predicate"],
        "object_id": rec["object"],
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_precision": when.precision if when else None,
        "status": rec.get("status") or "confirmed",
        "note": rec.get("note"),
        "excerpt_ids": quotes.cite(file, label, rec["evidence"]),
        "origin": schema.ORIGIN_CURATED,
    }
