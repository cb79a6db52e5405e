"""The data contract: table names, column types and allowed values."""

from __future__ import annotations

import pyarrow as pa

YEAR_MIN = 1990
YEAR_MAX = 2022

ACTOR_KINDS = ("group", "person", "state", "force", "organisation")
# Families colour the map and timeline; every actor belongs to exactly one.
ACTOR_FAMILIES = ("al-qaeda", "islamic-state", "state-forces", "other")
PRECISIONS = ("point", "area", "region")
DATE_PRECISIONS = ("day", "month", "year", "span")
STATUSES = ("confirmed", "claimed", "disputed")
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
# Where a row came from: the curated annotations or an imported dataset (`sahel-atlas import`).
ORIGIN_CURATED = "curated"
ORIGIN_ACLED = "acled"
ORIGIN_UCDP = "ucdp"
ORIGINS = (ORIGIN_CURATED, ORIGIN_ACLED, ORIGIN_UCDP)
ROLES = (
    "perpetrator",
    "target",
    "victim",
    "participant",
    "supporter",
    "leader",
    "subject",
    "announcer",
    "source",
)
PREDICATES = (
    "leads",
    "member_of",
    "founded",
    "merged_into",
    "split_from",
    "pledged_allegiance_to",
    "allied_with",
    "rival_of",
    "succeeded",
    "mentored",
    "part_of",
    "supported",
    "fought",
)

# ACLED's event_type / sub_event_type taxonomy, plus the strategic-development kinds this
# corpus needs. Annotations name the sub-type; the build derives the top-level type.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Suicide bomb",
        "Remote explosive/landmine/IED",
        "Shelling/artillery/missile attack",
    ),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Other",
        # Corpus-specific kinds (not in ACLED):
        "Targeted killing",
        "Capture",
        "Hostage-taking",
        "Military intervention",
        "Deployment",
        "Withdrawal",
        "Group founded",
        "Merger",
        "Pledge of allegiance",
        "Leadership change",
        "Statement",
        "Announcement",
        "Strength estimate",
        "Show of force",
        "Defection",
        "Negotiation",
        "Sentence",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: top for top, subs in EVENT_TYPES.items() for sub in subs}

TABLES: dict[str, pa.Schema] = {
    "sources": pa.schema(
        [
            ("source_id", pa.string()),
            ("title", pa.string()),
            ("publisher", pa.string()),
            ("author", pa.string()),
            ("published", pa.date32()),
            ("published_precision", pa.string()),
            ("published_note", pa.string()),
            ("language", pa.string()),
            ("machine_translated", pa.bool_()),
            ("kind", pa.string()),
            ("reliability", pa.string()),
            ("reliability_reason", pa.string()),
            ("path", pa.string()),
            ("sha256", pa.string()),
            ("chars", pa.int64()),
            ("origin", pa.string()),
        ]
    ),
    "actors": pa.schema(
        [
            ("actor_id", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("family", pa.string()),
            ("aliases", pa.list_(pa.string())),
            ("summary", pa.string()),
            ("excerpt_ids", pa.list_(pa.string())),
            ("origin", pa.string()),
        ]
    ),
    "locations": pa.schema(
        [
            ("location_id", pa.string()),
            ("name", pa.string()),
            ("country_iso3", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("precision", pa.string()),
            ("radius_km", pa.float64()),
            ("aliases", pa.list_(pa.string())),
            ("excerpt_ids", pa.list_(pa.string())),
            ("origin", pa.string()),
        ]
    ),
    "events": pa.schema(
        [
            ("event_id", pa.string()),
            ("title", pa.string()),
            ("event_type", pa.string()),
            ("sub_event_type", pa.string()),
            ("date_start", pa.date32()),
            ("date_end", pa.date32()),
            ("date_precision", pa.string()),
            ("location_id", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("actor_ids", pa.list_(pa.string())),
            ("status", pa.string()),
            ("description", pa.string()),
            ("fatalities", pa.int64()),
            ("source_ids", pa.list_(pa.string())),
            ("excerpt_ids", pa.list_(pa.string())),
            ("origin", pa.string()),
        ]
    ),
    "event_actors": pa.schema(
        [("event_id", pa.string()), ("actor_id", pa.string()), ("role", pa.string())]
    ),
    "claims": pa.schema(
        [
            ("claim_id", pa.string()),
            ("event_id", pa.string()),
            ("aspect", pa.string()),
            ("value", pa.string()),
            ("source_id", pa.string()),
            ("excerpt_ids", pa.list_(pa.string())),
        ]
    ),
    "relations": pa.schema(
        [
            ("relation_id", pa.string()),
            ("subject_id", pa.string()),
            ("predicate", pa.string()),
            ("object_id", pa.string()),
            ("date_start", pa.date32()),
            ("date_end", pa.date32()),
            ("date_precision", pa.string()),
            ("status", pa.string()),
            ("note", pa.string()),
            ("excerpt_ids", pa.list_(pa.string())),
            ("origin", pa.string()),
        ]
    ),
    "excerpts": pa.schema(
        [
            ("excerpt_id", pa.string()),
            ("source_id", pa.string()),
            ("char_start", pa.int64()),
            ("char_end", pa.int64()),
            ("text", pa.string()),
        ]
    ),
    # Every actor and place name an import saw, and the atlas id it was given (issue 10).
    "crosswalk": pa.schema(
        [
            ("entity", pa.string()),
            ("origin", pa.string()),
            ("source_name", pa.string()),
            ("entity_id", pa.string()),
            ("method", pa.string()),
            ("detail", pa.string()),
        ]
    ),
}
CROSSWALK_ENTITIES = ("actor", "location")
# exact/alias: a curated name or alias (case and accents folded); rule: an export's naming
# convention; manual: data/crosswalk/*.yaml; new: no match, the name keeps its own row.
CROSSWALK_METHODS = ("exact", "alias", "rule", "manual", "new")

# The columns every consumer may rely on (issue 2's contract); the rest are additions.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("source_id", "title", "publisher", "published", "path", "sha256"),
    "actors": ("actor_id", "name", "kind", "aliases", "summary", "excerpt_ids"),
    "locations": (
        "location_id",
        "name",
        "country_iso3",
        "latitude",
        "longitude",
        "precision",
        "excerpt_ids",
    ),
    "events": (
        "event_id",
        "title",
        "event_type",
        "date_start",
        "date_end",
        "date_precision",
        "location_id",
        "latitude",
        "longitude",
        "actor_ids",
        "status",
        "description",
        "source_ids",
        "excerpt_ids",
    ),
    "relations": (
        "relation_id",
        "subject_id",
        "predicate",
        "object_id",
        "date_start",
        "date_end",
        "excerpt_ids",
    ),
    "excerpts": ("excerpt_id", "source_id", "char_start", "char_end", "text"),
}
