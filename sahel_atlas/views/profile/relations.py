"""An actor's relations as sentences, in the profile's sections (lineage, allegiance, ...)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import as_date
from sahel_atlas.text.values import str_list, text
from sahel_atlas.views.profile.actors import Actor, actors_by_id, label
from sahel_atlas.views.profile.periods import row_period
from sahel_atlas.views.profile.vocabulary import PREDICATE_PHRASES, RELATION_GROUPS, predicate_label

OTHER_SECTION = "Other relations"
_SECTION = {p: title for title, preds in RELATION_GROUPS for p in preds}


@dataclass(frozen=True)
class Relation:
    relation_id: str
    subject_id: str
    predicate: str
    object_id: str
    other_id: str  # the actor at the other end from the profile's
    sentence: str  # "AQIM is part of Al-Qaeda", raw
    date: str
    status: str
    note: str
    excerpt_ids: tuple[str, ...]
    start: dt.date | None = None


def _relation(row: dict, actor_id: str, actors: dict[str, Actor]) -> Relation:
    subject, obj = str(row["subject_id"]), str(row["object_id"])
    predicate = text(row["predicate"])
    phrase = PREDICATE_PHRASES.get(predicate, predicate_label(predicate))
    return Relation(
        relation_id=text(row.get("relation_id")),
        subject_id=subject,
        predicate=predicate,
        object_id=obj,
        other_id=obj if subject == actor_id else subject,
        sentence=f"{label(actors, subject)} {phrase} {label(actors, obj)}",
        date=row_period(row),
        status=text(row.get("status")) or "confirmed",
        note=text(row.get("note")),
        excerpt_ids=tuple(str_list(row.get("excerpt_ids"))),
        start=as_date(row.get("date_start"), strict=False),
    )


def relation_records(ds: Dataset) -> list[dict]:
    """The relations as records, kept in `ds.memo` (read-only): every profile reads them all."""
    if "relation_records" not in ds.memo:
        # From Arrow (a missing value is None, read as pandas' NaN is, by `text` and
        # `str_list`): a third of pandas' `to_dict` at 1M events.
        ds.memo["relation_records"] = ds.arrow["relations"].to_pylist()
    return ds.memo["relation_records"]


def relations_of(ds: Dataset, actor_id: str) -> list[tuple[str, list[Relation]]]:
    """The actor's relations in the profile's sections (lineage, allegiance, ...), dated order."""
    actors = actors_by_id(ds)
    found: dict[str, list[Relation]] = {title: [] for title, _ in RELATION_GROUPS}
    for row in relation_records(ds):
        if actor_id not in (str(row["subject_id"]), str(row["object_id"])):
            continue
        relation = _relation(row, actor_id, actors)
        found.setdefault(_SECTION.get(relation.predicate, OTHER_SECTION), []).append(relation)
    return [
        (title, sorted(items, key=lambda r: (r.start is None, r.start or dt.date.min, r.sentence)))
        for title, items in found.items()
        if items
    ]
