"""The page per actor: its URL path (never one of the app's own paths) and the directory of all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.names import slug
from sahel_atlas.views.profile.actors import actors_by_id

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
    # From the profiles' own actors (`actors_by_id`, kept for the server): the navigation's
    # first run makes them once for both (ids are unique: validated at build).
    actors = actors_by_id(ds)
    paths = profile_paths(actors)
    entries = [DirectoryEntry(a.actor_id, paths[a.actor_id], a.short, a.name, a.kind)
               for a in actors.values()]
    return sorted(entries, key=lambda e: (e.kind != "group", e.title.casefold(), e.actor_id))
