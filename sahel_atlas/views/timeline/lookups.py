"""Display names, families, places, sources and excerpts, read once from a dataset."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.names import short_name
from sahel_atlas.text.values import str_list as _list
from sahel_atlas.text.values import text as _str
from sahel_atlas.views.timeline.layout import DEFAULT_FAMILY, known_family


def place_labels(ds: Dataset) -> dict[str, str]:
    """location id -> "Name, ISO3"; kept in `ds.memo` (an import has thousands of places)."""
    if "place_labels" in ds.memo:
        return ds.memo["place_labels"]
    places: dict[str, str] = {}
    locations = ds.locations
    iso3s = locations["country_iso3"] if "country_iso3" in locations else [None] * len(locations)
    for location_id, raw, iso in zip(locations["location_id"], locations["name"], iso3s):
        name = _str(raw) or str(location_id)
        iso3 = _str(iso)
        places[str(location_id)] = f"{name}, {iso3}" if iso3 else name
    ds.memo["place_labels"] = places
    return places


def _actor_maps(
    ds: Dataset,
) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(short labels, full names, families, kinds), each by actor id."""
    labels: dict[str, str] = {}
    names: dict[str, str] = {}
    families: dict[str, str] = {}
    kinds: dict[str, str] = {}
    actors = ds.actors
    has_family = "family" in actors.columns
    has_kind = "kind" in actors.columns
    for row in actors.itertuples(index=False):
        actor_id = str(row.actor_id)
        name = _str(row.name) or actor_id
        names[actor_id] = name
        kinds[actor_id] = _str(row.kind) if has_kind else ""
        aliases = _list(getattr(row, "aliases", None))
        # The same short names as the filters and the sentence use.
        labels[actor_id] = short_name(name, kinds[actor_id], aliases)
        families[actor_id] = known_family(row.family if has_family else None)
    return labels, names, families, kinds


def _source_titles(ds: Dataset) -> dict[str, str]:
    frame = ds.sources
    return {str(s): _str(t) or str(s) for s, t in zip(frame["source_id"], frame["title"])}


def _excerpt_texts(ds: Dataset, wanted: set[str] | None) -> dict[str, tuple[str, str]]:
    """excerpt id -> (source id, text): the `wanted` ones from DuckDB, else the whole table."""
    if wanted is not None:
        frame = ds.rows_by_id("excerpts", "excerpt_id", sorted(wanted))
    else:
        frame = ds.excerpts
    if not len(frame):
        return {}
    return {
        str(e): (str(s), _str(t))
        for e, s, t in zip(frame["excerpt_id"], frame["source_id"], frame["text"])
    }


def _event_roles(
    ds: Dataset, event_ids: list[str] | None
) -> tuple[dict[str, list[str]], dict[tuple[str, str], str]]:
    """(event id -> perpetrators in order, (event id, actor id) -> role)."""
    if event_ids is not None:
        frame = ds.rows_by_id("event_actors", "event_id", event_ids)
    else:
        frame = ds.event_actors
    perpetrators: dict[str, list[str]] = {}
    roles: dict[tuple[str, str], str] = {}
    if not len(frame):
        return perpetrators, roles
    for event_id, actor_id, role in zip(frame["event_id"], frame["actor_id"], frame["role"]):
        roles.setdefault((str(event_id), str(actor_id)), _str(role))
        if role == "perpetrator":
            perpetrators.setdefault(str(event_id), []).append(str(actor_id))
    return perpetrators, roles


@dataclass(frozen=True)
class Lookups:
    """Display names and families, read once from a dataset."""

    labels: dict[str, str]  # actor id -> short label (AQIM)
    names: dict[str, str]  # actor id -> full name
    families: dict[str, str]  # actor id -> family
    kinds: dict[str, str]  # actor id -> kind
    places: dict[str, str]  # location id -> "Name, ISO3"
    sources: dict[str, str]  # source id -> title
    excerpts: dict[str, tuple[str, str]]  # excerpt id -> (source id, text)
    perpetrators: dict[str, list[str]]  # event id -> perpetrators in order
    roles: dict[tuple[str, str], str]  # (event id, actor id) -> role

    @classmethod
    def from_dataset(
        cls, ds: Dataset, events: pd.DataFrame | None = None, excerpt_ids: Iterable[str] = ()
    ) -> Lookups:
        """Names, families and places; excerpts and roles only of `events` when given.

        The excerpt and event-actor tables can hold millions of rows: with `events` (and any
        further `excerpt_ids`), only the rows these need are read from DuckDB.
        """
        wanted, event_ids = None, None
        if events is not None:
            wanted = {str(x) for ids in events["excerpt_ids"] for x in _list(ids)}
            wanted |= {str(x) for x in excerpt_ids}
            event_ids = [str(e) for e in events["event_id"]]
        return cls(
            *_actor_maps(ds),
            place_labels(ds),
            _source_titles(ds),
            _excerpt_texts(ds, wanted),
            *_event_roles(ds, event_ids),
        )

    def label(self, actor_id: str) -> str:
        return self.labels.get(actor_id, actor_id)

    def name(self, actor_id: str) -> str:
        """The full name, with the short label when it differs: 'Al-Qaeda ... (AQIM)'."""
        name, label = self.names.get(actor_id, actor_id), self.label(actor_id)
        return name if label == name else f"{name} ({label})"

    def family(self, actor_id: str | None) -> str:
        return self.families.get(actor_id or "", DEFAULT_FAMILY)

    def main_actor(self, event_id: str, actor_ids: Sequence[str]) -> str | None:
        """The event's first perpetrator, else its first actor."""
        for actor_id in self.perpetrators.get(event_id, []):
            if actor_id in actor_ids or not actor_ids:
                return actor_id
        return actor_ids[0] if actor_ids else None
