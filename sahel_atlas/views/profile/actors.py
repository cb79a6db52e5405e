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
    out = {}
    for row in ds.actors.itertuples(index=False):
        actor_id = str(row.actor_id)
        name = text(row.name) or actor_id
        kind = text(row.kind)
        aliases = tuple(str_list(row.aliases))
        family = text(getattr(row, "family", None))
        out[actor_id] = Actor(
            actor_id,
            name,
            short_name(name, kind, aliases),
            kind,
            family if family in palette.FAMILY_COLOURS else "other",
            aliases,
            text(getattr(row, "summary", None)),
            tuple(str_list(getattr(row, "excerpt_ids", None))),
        )
    return out


def label(actors: dict[str, Actor], actor_id: str) -> str:
    """The actor's short label, or its id when it is not in the dataset."""
    actor = actors.get(actor_id)
    return actor.short if actor else actor_id
