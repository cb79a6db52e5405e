"""The page per actor: its URL path (never one of the app's own paths) and the directory of all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.names import short_name, slug
from sahel_atlas.text.values import str_list, text

# The dashboard's own pages, and the paths Streamlit's server answers itself.
RESERVED_PATHS = frozenset(
    {"map", "timeline", "data", "sources", "disagreements", "actors", "briefings", "static", "media", "_stcore",
     "app", "component", "healthz", "health"}
)
PATH_PREFIX = "actor-"


def profile_paths(actor_ids: Iterable[str], reserved: Iterable[str] = RESERVED_PATHS) -> dict[str, str]:
    """actor id -> the URL path of its profile, unique, never one of the `reserved` paths.

    An id that is already a slug keeps it (`aqim` -> `/aqim`); one that collides with a page
    or another actor is prefixed (`map` -> `/actor-map`), then numbered if need be.
    """
    taken = {p.casefold() for p in reserved}
    paths: dict[str, str] = {}
    for actor_id in sorted({str(a) for a in actor_ids}):
        base = slug(actor_id, "actor")
        candidate = base if base not in taken else PATH_PREFIX + base
        number = 2
        while candidate in taken:
            candidate = f"{PATH_PREFIX}{base}-{number}"
            number += 1
        taken.add(candidate)
        paths[actor_id] = candidate
    return paths


@dataclass(frozen=True)
class DirectoryEntry:
    actor_id: str
    url_path: str
    title: str  # the short name (AQIM), raw
    name: str  # the full name, raw
    kind: str


def directory(ds: Dataset) -> list[DirectoryEntry]:
    """Every actor with its profile's URL path, groups first, each part sorted by title."""
    actors = ds.actors
    paths = profile_paths(actors["actor_id"])
    entries = []
    for row in actors.itertuples(index=False):
        actor_id = str(row.actor_id)
        name = text(row.name) or actor_id
        kind = text(row.kind)
        title = short_name(name, kind, str_list(row.aliases))
        entries.append(DirectoryEntry(actor_id, paths[actor_id], title, name, kind))
    return sorted(entries, key=lambda e: (e.kind != "group", e.title.casefold(), e.actor_id))
