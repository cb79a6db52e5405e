"""The actors as a profile names them: full name, short label, kind, family, evidence."""

from __future__ import annotations

from dataclasses import dataclass

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.names import short_name
from sahel_atlas.text.values import str_list, text
from sahel_atlas.views import palette


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    short: str
    kind: str
    family: str
    aliases: tuple[str, ...]
    summary: str
    excerpt_ids: tuple[str, ...]


def actors_by_id(ds: Dataset) -> dict[str, Actor]:
    """actor id -> Actor, for every actor of the dataset (a family outside the palette is "other").

    Kept in `ds.memo` (read-only for callers): a profile asks for it five times and an import
    has thousands of actors (0.3-0.5 s each time at 1M events)."""
    if "actors_by_id" not in ds.memo:
        ds.memo["actors_by_id"] = _actors_by_id(ds)
    return ds.memo["actors_by_id"]


def _actors_by_id(ds: Dataset) -> dict[str, Actor]:
    # From Arrow's columns as Python lists: no pandas row tuples (and fewer objects for the
    # garbage collector, whose full passes over a 1M-event heap were most of this at 1M).
    table = ds.arrow["actors"]
    names = set(table.column_names)

    def column(name: str) -> list:
        return table.column(name).to_pylist() if name in names else [None] * table.num_rows

    out = {}
    for actor_id, name, kind, aliases, family, summary, excerpt_ids in zip(
        column("actor_id"), column("name"), column("kind"), column("aliases"),
        column("family"), column("summary"), column("excerpt_ids"),
    ):
        actor_id = str(actor_id)
        name = text(name) or actor_id
        kind = text(kind)
        aliases = tuple(str_list(aliases))
        family = text(family)
        out[actor_id] = Actor(
            actor_id,
            name,
            short_name(name, kind, aliases),
            kind,
            family if family in palette.FAMILY_COLOURS else "other",
            aliases,
            text(summary),
            tuple(str_list(excerpt_ids)),
        )
    return out


def label(actors: dict[str, Actor], actor_id: str) -> str:
    """The actor's short label, or its id when it is not in the dataset."""
    actor = actors.get(actor_id)
    return actor.short if actor else actor_id
