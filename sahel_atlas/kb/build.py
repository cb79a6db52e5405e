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

from sahel_atlas.kb import fields
from sahel_atlas.contract import schema
from sahel_atlas.store.atomic import write_files_atomically
from sahel_atlas.store.dataset import PROJECT_ROOT
from sahel_atlas.text.dates import DateRange, parse_date
from sahel_atlas.contract.problems import Problem, ProblemsError

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


Labelled = list[tuple[str, dict[str, Any]]]


@dataclass
class Records:
    """One file's records: all of them, and those whose every field passed `fields`."""

    every: Labelled
    valid: Labelled

    @property
    def ids(self) -> set[str]:
        """Every id the file declares, valid record or not, so references to it resolve."""
        return {rec["id"] for _, rec in self.every if isinstance(rec.get("id"), str)}


@dataclass
class Builder:
    """Collects rows and problems; every check adds a problem rather than stopping."""

    paths: Paths
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    excerpts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def problem(self, file: Path, record: str, reason: str) -> None:
        self.problems.append(Problem(self.paths.display(file), record, reason))

    # -- reading ------------------------------------------------------------------------

    def load(self, file: Path, kind: str) -> Records:
        """The records of one file, each checked against its declared fields (`fields.RECORDS`)."""
        every = self.load_yaml(file)
        valid = []
        for label, rec in every:
            reasons = fields.problems(kind, rec)
            for reason in reasons:
                self.problem(file, label, reason)
            if not reasons:
                valid.append((label, rec))
        return Records(every, valid)

    def read_text(self, file: Path, record: str = "") -> str | None:
        """A file's text, or None with a problem when it is missing or not UTF-8."""
        try:
            return file.read_bytes().decode("utf-8")
        except FileNotFoundError:
            self.problem(file, record, "file not found")
        except UnicodeDecodeError as exc:
            self.problem(file, record, _not_utf8(exc))
        except OSError as exc:
            self.problem(file, record, f"cannot read the file: {exc.strerror}")
        return None

    def load_yaml(self, file: Path) -> Labelled:
        """The records of one annotation file, each with a label naming it in messages."""
        text = self.read_text(file)
        if text is None:
            return []
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
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

    # -- evidence -----------------------------------------------------------------------

    def cite(self, file: Path, label: str, evidence: list[dict[str, Any]]) -> list[str]:
        """Find each quote verbatim in its source; return the excerpt ids, in order given."""
        ids: list[str] = []
        for item in evidence:
            excerpt_id = self.locate(file, label, item)
            if excerpt_id and excerpt_id not in ids:
                ids.append(excerpt_id)
        return ids

    def locate(self, file: Path, label: str, item: dict[str, Any]) -> str | None:
        source, quote = item["source"], item["quote"]
        if source in self.unreadable:
            return None  # already reported once, on the source's file
        if source not in self.texts:
            self.problem(file, label, f"unknown source {source!r} for quote {quote!r}")
            return None
        text = self.texts[source]
        starts = _occurrences(text, quote)
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
        if occurrence is not None and occurrence > len(starts):
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


def _not_utf8(exc: UnicodeDecodeError) -> str:
    byte = exc.object[exc.start : exc.start + 1].hex()
    return f"not UTF-8 text (byte 0x{byte} at offset {exc.start}); save the file as UTF-8"


def _occurrences(text: str, quote: str) -> list[int]:
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def _unique(b: Builder, file: Path, rows: Labelled, key: str) -> None:
    seen: set[str] = set()
    for label, row in rows:
        if row[key] in seen:
            b.problem(file, label, f"duplicate id {row[key]!r}")
        seen.add(row[key])


def _date(value: Any) -> DateRange | None:
    """A date field already checked by `fields`; None when the field is absent."""
    return parse_date(value) if value not in (None, "") else None


def read_seed(b: Builder, file: Path, label: str, source_id: str) -> bytes | None:
    """The bytes of a source's text, kept in `b.texts`; a problem when missing or not UTF-8."""
    text_file = b.paths.seeds / f"{source_id}.txt"
    if not text_file.exists():
        b.problem(file, label, f"no source file {b.paths.display(text_file)}")
        return None
    text = b.read_text(text_file, label)
    if text is None:
        b.unreadable.add(source_id)
        return None
    b.texts[source_id] = text
    return text_file.read_bytes()


def build_sources(b: Builder) -> list[dict[str, Any]]:
    file = b.paths.seeds / "sources.yaml"
    records = b.load(file, "sources")
    valid = {id(rec) for _, rec in records.valid}
    rows: Labelled = []
    # Every named source's text is read, even a record with a bad field, so its quotes resolve.
    for label, rec in records.every:
        if not isinstance(rec.get("id"), str):
            continue
        source_id = rec["id"]
        raw = read_seed(b, file, label, source_id)
        if raw is None or id(rec) not in valid:
            continue
        published = _date(rec.get("published"))
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
                    "path": f"seeds/{source_id}.txt",
                    "sha256": hashlib.sha256(raw).hexdigest(),
                    "chars": len(b.texts[source_id]),
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "source_id")
    return [row for _, row in rows]


def build_actors(b: Builder, records: Labelled, file: Path) -> Labelled:
    rows = []
    for label, rec in records:
        rows.append(
            (
                label,
                {
                    "actor_id": rec["id"],
                    "name": rec["name"],
                    "kind": rec["kind"],
                    "family": rec["family"],
                    "aliases": list(rec.get("aliases") or []),
                    "summary": rec.get("summary") or "",
                    "excerpt_ids": b.cite(file, label, rec["evidence"]),
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "actor_id")
    return rows


def build_locations(b: Builder, records: Labelled, file: Path) -> Labelled:
    rows = []
    for label, rec in records:
        radius = rec.get("radius_km")
        rows.append(
            (
                label,
                {
                    "location_id": rec["id"],
                    "name": rec["name"],
                    "country_iso3": rec["country"],
                    "latitude": float(rec["lat"]),
                    "longitude": float(rec["lon"]),
                    "precision": rec["precision"],
                    "radius_km": float(radius) if radius is not None else None,
                    "aliases": list(rec.get("aliases") or []),
                    "excerpt_ids": b.cite(file, label, rec["evidence"]),
                    "origin": schema.ORIGIN_CURATED,
                },
            )
        )
    _unique(b, file, rows, "location_id")
    return rows


def _event_actors(
    b: Builder, file: Path, label: str, event_id: str, entries: list, actors: set[str]
) -> tuple[list[str], list[dict]]:
    """The event's actor ids in order given, and its rows of event_actors."""
    actor_ids, roles = [], []
    for entry in entries:
        # A bare id is a participant; `{id, role}` names the role.
        actor_id = entry["id"] if isinstance(entry, dict) else entry
        role = (entry.get("role") if isinstance(entry, dict) else None) or "participant"
        if actor_id not in actors:
            b.problem(file, label, f"unknown actor id {actor_id!r}")
        if actor_id not in actor_ids:
            actor_ids.append(actor_id)
        roles.append({"event_id": event_id, "actor_id": actor_id, "role": role})
    return actor_ids, roles


def build_events(
    b: Builder,
    records: Labelled,
    file: Path,
    actors: set[str],
    locations: dict[str, dict[str, Any]],
) -> tuple[Labelled, list[dict], list[dict]]:
    rows, roles, claims = [], [], []
    for label, rec in records:
        event_id = rec["id"]
        when = parse_date(rec["date"])
        location = rec.get("location")
        if location is not None and location not in locations:
            b.problem(file, label, f"unknown location id {location!r}")
        place = locations.get(location, {})
        actor_ids, event_roles = _event_actors(b, file, label, event_id, rec["actors"], actors)
        roles.extend(event_roles)
        excerpt_ids = b.cite(file, label, rec["evidence"])
        event_claims = build_claims(b, file, label, event_id, rec.get("claims") or [])
        if rec["status"] == "disputed" and not _has_disagreement(event_claims):
            b.problem(file, label, "status disputed needs two claims on one aspect that differ")
        claims.extend(event_claims)
        for claim in event_claims:
            excerpt_ids += [e for e in claim["excerpt_ids"] if e not in excerpt_ids]
        rows.append(
            (
                label,
                {
                    "event_id": event_id,
                    "title": rec["title"],
                    "event_type": schema.SUB_EVENT_TYPES[rec["type"]],
                    "sub_event_type": rec["type"],
                    "date_start": when.start,
                    "date_end": when.end,
                    "date_precision": when.precision,
                    "location_id": location,
                    "latitude": place.get("latitude"),
                    "longitude": place.get("longitude"),
                    "actor_ids": actor_ids,
                    "status": rec["status"],
                    "description": rec.get("description") or "",
                    "fatalities": rec.get("fatalities"),
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
        excerpt_ids = b.cite(file, where, item["evidence"])
        for source_id in b.sources_of(excerpt_ids) or [None]:
            claims.append(
                {
                    "claim_id": f"{event_id}-c{number}" + (f"-{source_id[:3]}" if source_id else ""),
                    "event_id": event_id,
                    "aspect": item["aspect"],
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


def build_relations(b: Builder, records: Labelled, file: Path, actors: set[str]) -> Labelled:
    rows = []
    for label, rec in records:
        for key in ("subject", "object"):
            if rec[key] not in actors:
                b.problem(file, label, f"unknown actor id {rec[key]!r} as {key}")
        when = _date(rec.get("date"))
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
                    "status": rec.get("status") or "confirmed",
                    "note": rec.get("note"),
                    "excerpt_ids": b.cite(file, label, rec["evidence"]),
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
    """Read and check every annotation; the tables, or ProblemsError listing every problem.

    Every record is first checked field by field (`fields.RECORDS`); only records that pass
    are built, but references to any declared id resolve, so one bad field is one problem.
    """
    b = Builder(paths)
    sources = build_sources(b)
    files = {name: paths.annotations / f"{name}.yaml" for name in ANNOTATION_FILES}
    records = {name: b.load(file, name) for name, file in files.items()}
    actor_rows = build_actors(b, records["actors"].valid, files["actors"])
    location_rows = build_locations(b, records["locations"].valid, files["locations"])
    actor_ids = records["actors"].ids
    locations: dict[str, dict[str, Any]] = {i: {} for i in records["locations"].ids}
    locations.update({row["location_id"]: row for _, row in location_rows})
    event_rows, roles, claims = build_events(
        b, records["events"].valid, files["events"], actor_ids, locations
    )
    relation_rows = build_relations(b, records["relations"].valid, files["relations"], actor_ids)
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
