"""`sahel-atlas build`: the YAML annotations and the seed texts to the Parquet tables."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from sahel_atlas import schema
from sahel_atlas.atomic import write_files_atomically
from sahel_atlas.dataset import PROJECT_ROOT
from sahel_atlas.dates import DateRange, parse_date
from sahel_atlas.problems import Problem, ProblemsError

ANNOTATION_FILES = ("actors", "locations", "events", "relations")


@dataclass
class Paths:
    """Where a build reads from and writes to."""

    root: Path = PROJECT_ROOT
    out: Path | None = None

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def annotations(self) -> Path:
        return self.root / "data" / "annotations"

    @property
    def output(self) -> Path:
        return self.out if self.out is not None else self.root / "data"

    def display(self, path: Path) -> str:
        """A path as the user knows it: relative to the project where possible."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


@dataclass
class Builder:
    """Collects rows and problems; every check adds a problem rather than stopping."""

    paths: Paths
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    excerpts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def problem(self, file: Path, record: str, reason: str) -> None:
        self.problems.append(Problem(self.paths.display(file), record, reason))

    # -- reading ------------------------------------------------------------------------

    def load_yaml(self, file: Path) -> list[tuple[str, dict[str, Any]]]:
        """The records of one annotation file, each with a label naming it in messages."""
        if not file.exists():
            self.problem(file, "", "file not found")
            return []
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.problem(file, "", f"not valid YAML: {exc}")
            return []
        if data is None:
            return []
        if not isinstance(data, list):
            self.problem(file, "", "expected a list of records")
            return []
        records = []
        for index, item in enumerate(data, start=1):
            label = f"record #{index}"
            if not isinstance(item, dict):
                self.problem(file, label, "expected a mapping of fields")
                continue
            if isinstance(item.get("id"), str):
                label = f"record #{index} '{item['id']}'"
            records.append((label, item))
        return records

    def require(self, file: Path, label: str, record: dict[str, Any], *keys: str) -> bool:
        missing = [k for k in keys if record.get(k) in (None, "", [])]
        for key in missing:
            self.problem(file, label, f"missing field '{key}'")
        return not missing

    def choice(self, file: Path, label: str, key: str, value: Any, allowed: Iterable[str]) -> Any:
        allowed = tuple(allowed)
        if value not in allowed:
            self.problem(file, label, f"{key} {value!r} is not one of {', '.join(allowed)}")
        return value

    def date(self, file: Path, label: str, value: Any) -> DateRange | None:
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(file, label, f"bad date: {exc}")
            return None

    # -- evidence -----------------------------------------------------------------------

    def cite(self, file: Path, label: str, evidence: Any) -> list[str]:
        """Find each quote verbatim in its source; return the excerpt ids, in order given."""
        if not isinstance(evidence, list) or not evidence:
            self.problem(file, label, "no evidence: every fact needs at least one quote")
            return []
        ids: list[str] = []
        for item in evidence:
            excerpt_id = self.locate(file, label, item)
            if excerpt_id and excerpt_id not in ids:
                ids.append(excerpt_id)
        return ids

    def locate(self, file: Path, label: str, item: Any) -> str | None:
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
            self.problem(file, label, f"evidence item {item!r} needs 'source' and 'quote'")
            return None
        source, quote = item.get("source"), item["quote"]
        if source not in self.texts:
            self.problem(file, label, f"unknown source {source!r} for quote {quote!r}")
            return None
        text = self.texts[source]
        starts = _occurrences(text, quote) if quote else []
        occurrence = item.get("occurrence")
        if not starts:
            self.problem(file, label, f"quote not found verbatim in {source}: {quote!r}")
            return None
        if occurrence is None and len(starts) > 1:
            self.problem(
                file,
                label,
                f"quote found {len(starts)} times in {source}, lengthen it or give "
                f"'occurrence': {quote!r}",
            )
            return None
        if occurrence is not None and not (
            isinstance(occurrence, int) and 1 <= occurrence <= len(starts)
        ):
            self.problem(
                file, label, f"occurrence {occurrence!r} of {quote!r}: found {len(starts)} times"
            )
            return None
        start = starts[(occurrence or 1) - 1]
        end = start + len(quote)
        excerpt_id = f"{source}:{start}-{end}"
        self.excerpts[excerpt_id] = {
            "excerpt_id": excerpt_id,
            "source_id": source,
            "char_start": start,
            "char_end": end,
            "text": quote,
        }
        return excerpt_id

    def sources_of(self, excerpt_ids: Iterable[str]) -> list[str]:
        return sorted({self.excerpts[e]["source_id"] for e in excerpt_ids if e in self.excerpts})


def _occurrences(text: str, quote: str) -> list[int]:
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def _unique(b: Builder, file: Path, rows: list[tuple[str, dict[str, Any]]], key: str) -> None:
    seen: set[str] = set()
    for label, row in rows:
        if row[key] in seen:
            b.problem(file, label, f"duplicate id {row[key]!r}")
        seen.add(row[key])


def build_sources(b: Builder) -> list[dict[str, Any]]:
    file = b.paths.seeds / "sources.yaml"
    rows: list[tuple[str, dict[str, Any]]] = []
    for label, rec in b.load_yaml(file):
        if not b.require(file, label, rec, "id", "title", "publisher", "reliability"):
            continue
        source_id = str(rec["id"])
        text_file = b.paths.seeds / f"{source_id}.txt"
        if not text_file.exists():
            b.problem(file, label, f"no source file {b.paths.display(text_file)}")
            continue
        raw = text_file.read_bytes()
        b.texts[source_id] = raw.decode("utf-8")
        published = b.date(file, label, rec["published"]) if rec.get("published") else None
        b.choice(file, label, "reliability", rec["reliability"], schema.RELIABILITY_GRADES)
        rows.append(
            (
                label,
                {
                    "source_id": source_id,
                    "title": rec["title"],
                    "publisher": rec["publisher"],
                    "author": rec.get("author"),
                    "published": published.start if published else None,
                    "published_precision": published.precision if published else None,
                    "published_note": rec.get("published_note"),
                    "language": rec.get("language"),
                    "machine_translated": rec.get("machine_translated"),
                    "kind": rec.get("kind"),
                    "reliability": rec["reliability"],
                    "reliability_reason": rec.get("reliability_reason"),
                    "path": f"seeds/{text_file.name}",
                    "sha256": hashlib.sha256(raw).hexdigest(),
                    "chars": len(b.texts[source_id]),
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "source_id")
    return [row for _, row in rows]


def build_actors(b: Builder, records: list[tuple[str, dict[str, Any]]], file: Path) -> list:
    rows = []
    for label, rec in records:
        if not b.require(file, label, rec, "id", "name", "kind", "family"):
            continue
        b.choice(file, label, "kind", rec["kind"], schema.ACTOR_KINDS)
        b.choice(file, label, "family", rec["family"], schema.ACTOR_FAMILIES)
        rows.append(
            (
                label,
                {
                    "actor_id": rec["id"],
                    "name": rec["name"],
                    "kind": rec["kind"],
                    "family": rec["family"],
                    "aliases": [str(a) for a in rec.get("aliases") or []],
                    "summary": rec.get("summary") or "",
                    "excerpt_ids": b.cite(file, label, rec.get("evidence")),
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "actor_id")
    return rows


def _coordinate(b: Builder, file: Path, label: str, rec: dict, key: str, limit: float) -> float:
    value = rec.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not -limit <= value <= limit:
        b.problem(file, label, f"coordinates out of range: {key} {value!r} (allowed ±{limit:g})")
        return float("nan")
    return float(value)


def build_locations(b: Builder, records: list[tuple[str, dict[str, Any]]], file: Path) -> list:
    rows = []
    for label, rec in records:
        if not b.require(file, label, rec, "id", "name", "country", "precision"):
            continue
        b.choice(file, label, "precision", rec["precision"], schema.PRECISIONS)
        radius = rec.get("radius_km")
        rows.append(
            (
                label,
                {
                    "location_id": rec["id"],
                    "name": rec["name"],
                    "country_iso3": rec["country"],
                    "latitude": _coordinate(b, file, label, rec, "lat", 90),
                    "longitude": _coordinate(b, file, label, rec, "lon", 180),
                    "precision": rec["precision"],
                    "radius_km": float(radius) if radius is not None else None,
                    "aliases": [str(a) for a in rec.get("aliases") or []],
                    "excerpt_ids": b.cite(file, label, rec.get("evidence")),
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "location_id")
    return rows


def _in_years(b: Builder, file: Path, label: str, when: DateRange | None) -> None:
    if when and not (
        schema.YEAR_MIN <= when.start.year and when.end.year <= schema.YEAR_MAX
    ):
        b.problem(
            file, label, f"date {when.start}..{when.end} outside {schema.YEAR_MIN}-{schema.YEAR_MAX}"
        )


def build_events(
    b: Builder,
    records: list[tuple[str, dict[str, Any]]],
    file: Path,
    actors: set[str],
    locations: dict[str, dict[str, Any]],
) -> tuple[list, list[dict], list[dict]]:
    rows, roles, claims = [], [], []
    for label, rec in records:
        if not b.require(file, label, rec, "id", "title", "type", "date", "status", "actors"):
            continue
        event_id = rec["id"]
        sub_type = b.choice(file, label, "type", rec["type"], schema.SUB_EVENT_TYPES)
        b.choice(file, label, "status", rec["status"], schema.STATUSES)
        when = b.date(file, label, rec["date"])
        _in_years(b, file, label, when)
        location = rec.get("location")
        if location is not None and location not in locations:
            b.problem(file, label, f"unknown location id {location!r}")
        place = locations.get(location, {})
        actor_ids = []
        for entry in rec["actors"] if isinstance(rec["actors"], list) else []:
            actor_id = entry.get("id") if isinstance(entry, dict) else entry
            role = entry.get("role", "participant") if isinstance(entry, dict) else "participant"
            if actor_id not in actors:
                b.problem(file, label, f"unknown actor id {actor_id!r}")
            b.choice(file, label, "role", role, schema.ROLES)
            if actor_id not in actor_ids:
                actor_ids.append(actor_id)
            roles.append({"event_id": event_id, "actor_id": actor_id, "role": role})
        excerpt_ids = b.cite(file, label, rec.get("evidence"))
        event_claims = build_claims(b, file, label, event_id, rec.get("claims") or [])
        if rec["status"] == "disputed" and not _has_disagreement(event_claims):
            b.problem(file, label, "status disputed needs two claims on one aspect that differ")
        claims.extend(event_claims)
        for claim in event_claims:
            excerpt_ids += [e for e in claim["excerpt_ids"] if e not in excerpt_ids]
        fatalities = rec.get("fatalities")
        rows.append(
            (
                label,
                {
                    "event_id": event_id,
                    "title": rec["title"],
                    "event_type": schema.SUB_EVENT_TYPES.get(sub_type),
                    "sub_event_type": sub_type,
                    "date_start": when.start if when else None,
                    "date_end": when.end if when else None,
                    "date_precision": when.precision if when else None,
                    "location_id": location,
                    "latitude": place.get("latitude"),
                    "longitude": place.get("longitude"),
                    "actor_ids": actor_ids,
                    "status": rec["status"],
                    "description": rec.get("description") or "",
                    "fatalities": int(fatalities) if fatalities is not None else None,
                    "source_ids": b.sources_of(excerpt_ids),
                    "excerpt_ids": excerpt_ids,
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "event_id")
    return rows, roles, claims


def build_claims(b: Builder, file: Path, label: str, event_id: str, items: list) -> list[dict]:
    claims = []
    for number, item in enumerate(items, start=1):
        where = f"{label} claim #{number}"
        if not isinstance(item, dict) or not b.require(file, where, item, "aspect", "value"):
            continue
        excerpt_ids = b.cite(file, where, item.get("evidence"))
        for source_id in b.sources_of(excerpt_ids) or [None]:
            claims.append(
                {
                    "claim_id": f"{event_id}-c{number}" + (f"-{source_id[:3]}" if source_id else ""),
                    "event_id": event_id,
                    "aspect": str(item["aspect"]),
                    "value": str(item["value"]),
                    "source_id": source_id,
                    "excerpt_ids": [
                        e for e in excerpt_ids if b.excerpts[e]["source_id"] == source_id
                    ],
                }
            )
    return claims


def _has_disagreement(claims: list[dict]) -> bool:
    values: dict[str, set[str]] = {}
    for claim in claims:
        values.setdefault(claim["aspect"], set()).add(claim["value"])
    return any(len(v) > 1 for v in values.values())


def build_relations(
    b: Builder, records: list[tuple[str, dict[str, Any]]], file: Path, actors: set[str]
) -> list:
    rows = []
    for label, rec in records:
        if not b.require(file, label, rec, "subject", "predicate", "object"):
            continue
        b.choice(file, label, "predicate", rec["predicate"], schema.PREDICATES)
        for key in ("subject", "object"):
            if rec[key] not in actors:
                b.problem(file, label, f"unknown actor id {rec[key]!r} as {key}")
        when = b.date(file, label, rec["date"]) if rec.get("date") is not None else None
        _in_years(b, file, label, when)
        status = rec.get("status", "confirmed")
        b.choice(file, label, "status", status, schema.STATUSES)
        relation_id = rec.get("id") or f"{rec['subject']}--{rec['predicate']}--{rec['object']}"
        rows.append(
            (
                label,
                {
                    "relation_id": relation_id,
                    "subject_id": rec["subject"],
                    "predicate": rec["predicate"],
                    "object_id": rec["object"],
                    "date_start": when.start if when else None,
                    "date_end": when.end if when else None,
                    "date_precision": when.precision if when else None,
                    "status": status,
                    "note": rec.get("note"),
                    "excerpt_ids": b.cite(file, label, rec.get("evidence")),
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "relation_id")
    return rows


def _table(name: str, rows: list[dict[str, Any]], key: str | tuple[str, ...]) -> pa.Table:
    """Rows as an Arrow table of the contract's schema, sorted so builds are deterministic."""
    keys = (key,) if isinstance(key, str) else key
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in keys))
    return pa.Table.from_pylist(ordered, schema=schema.TABLES[name])


def compile_tables(paths: Paths) -> dict[str, pa.Table]:
    """Read and check every annotation; the tables, or ProblemsError listing every problem."""
    b = Builder(paths)
    sources = build_sources(b)
    files = {name: paths.annotations / f"{name}.yaml" for name in ANNOTATION_FILES}
    records = {name: b.load_yaml(file) for name, file in files.items()}
    actor_rows = build_actors(b, records["actors"], files["actors"])
    location_rows = build_locations(b, records["locations"], files["locations"])
    actor_ids = {row["actor_id"] for _, row in actor_rows}
    locations = {row["location_id"]: row for _, row in location_rows}
    event_rows, roles, claims = build_events(
        b, records["events"], files["events"], actor_ids, locations
    )
    relation_rows = build_relations(b, records["relations"], files["relations"], actor_ids)
    if b.problems:
        raise ProblemsError(sorted(set(b.problems), key=b.problems.index))
    return {
        "sources": _table("sources", sources, "source_id"),
        "actors": _table("actors", [r for _, r in actor_rows], "actor_id"),
        "locations": _table("locations", [r for _, r in location_rows], "location_id"),
        "events": _table("events", [r for _, r in event_rows], "event_id"),
        "event_actors": _table("event_actors", roles, ("event_id", "actor_id", "role")),
        "claims": _table("claims", claims, "claim_id"),
        "relations": _table("relations", [r for _, r in relation_rows], "relation_id"),
        "excerpts": _table(
            "excerpts", list(b.excerpts.values()), ("source_id", "char_start", "char_end")
        ),
        "crosswalk": schema.TABLES["crosswalk"].empty_table(),  # filled only by imports
    }


def write_tables(tables: dict[str, pa.Table], out: Path) -> None:
    """Write every table at once: on any error the output directory is untouched."""
    writers = {
        f"{name}.parquet": (lambda path, t=table: pq.write_table(t, path, compression="zstd"))
        for name, table in tables.items()
    }
    write_files_atomically(out, writers)


def build(paths: Paths | None = None) -> dict[str, pa.Table]:
    """Compile the annotations and write the tables; returns them."""
    paths = paths or Paths()
    tables = compile_tables(paths)
    write_tables(tables, paths.output)
    return tables
