"""The page per actor: its URL path (never one of the app's own paths) and the directory of all."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.values import str_list, text
from sahel_atlas.views.profile.actors import display_label

# The dashboard's own pages, and the paths Streamlit's server answers itself.
RESERVED_PATHS = frozenset(
    {"map", "timeline", "data", "sources", "disagreements", "actors", "briefings", "static", "media", "_stcore",
     "app", "component", "healthz", "health"}
)
PATH_PREFIX = "actor-"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def url_slug(actor_id: object) -> str:
    """An actor id as a URL path segment: lower case letters, digits and single hyphens."""
    slug = _NOT_SLUG.sub("-", str(actor_id).casefold()).strip("-")
    return slug or "actor"


def profile_paths(actor_ids: Iterable[str], reserved: Iterable[str] = RESERVED_PATHS) -> dict[str, str]:
    """actor id -> the URL path of its profile, unique, never one of the `reserved` paths.

    An id that is already a slug keeps it (`aqim` -> `/aqim`); one that collides with a page
    or another actor is prefixed (`map` -> `/actor-map`), then numbered if need be.
    """
    taken = {p.casefold() for p in reserved}
    paths: dict[str, str] = {}
    for actor_id in sorted({str(a) for a in actor_ids}):
        slug = url_slug(actor_id)
        candidate = slug if slug not in taken else PATH_PREFIX + slug
        number = 2
        while candidate in taken:
            candidate = f"{PATH_PREFIX}{slug}-{number}"
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
        title = display_label(name, kind, str_list(row.aliases), actor_id)
        entries.append(DirectoryEntry(actor_id, paths[actor_id], title, name, kind))
    return sorted(entries, key=lambda e: (e.kind != "group", e.title.casefold(), e.actor_id))
