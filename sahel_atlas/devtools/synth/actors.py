"""The synthetic actors: the corpus's groups, forces and leaders, then a long tail."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.vocab import ACTOR_COUNTRIES, ETHNIC, FIRST_NAMES, LAST_NAMES, NAMED_ACTORS
from sahel_atlas.text.countries import country_name
from sahel_atlas.text.names import slug


@dataclass
class Actors:
    """The actors, column by column: years active and the countries where they act."""

    actor_id: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)
    aliases: list[list[str]] = field(default_factory=list)
    first_years: list[int] = field(default_factory=list)
    last_years: list[int] = field(default_factory=list)
    countries: list[list[str]] = field(default_factory=list)

    def add(self, actor_id: str, name: str, kind: str, family: str, aliases: list[str],
            years: tuple[int, int], countries: list[str]) -> None:
        self.actor_id.append(actor_id)
        self.name.append(name)
        self.kind.append(kind)
        self.family.append(family)
        self.aliases.append(aliases)
        self.first_years.append(years[0])
        self.last_years.append(years[1])
        self.countries.append(countries)

    @property
    def first(self) -> np.ndarray:
        return np.array(self.first_years)

    @property
    def last(self) -> np.ndarray:
        return np.array(self.last_years)


def cast(rng: np.random.Generator, n_actors: int, place_names: list[str],
         place_countries: list[str]) -> Actors:
    """`n_actors` actors: the named ones, then made-up ones named after a place and a country."""
    actors = Actors()
    for actor_id, name, kind, family, alias, y0, y1 in NAMED_ACTORS:
        actors.add(actor_id, name, kind, family, list(alias), (y0, y1),
                   ACTOR_COUNTRIES.get(actor_id, "MLI").split())
    used = set(actors.actor_id)
    i = 0
    while len(actors.actor_id) < n_actors:
        i += 1
        pattern, p = int(rng.integers(7)), int(rng.integers(len(place_names)))  # in this order
        place, country_code = place_names[p], place_countries[p]
        name, kind, family = _tail_actor(rng, pattern, place, country_name(country_code))
        actor_id = slug(name)
        if actor_id in used:
            actor_id = f"{actor_id}-{i}"
            name = f"{name} #{i}"
        used.add(actor_id)
        y0 = int(rng.integers(schema.YEAR_MIN, schema.YEAR_MAX + 1))
        y1 = int(min(schema.YEAR_MAX, y0 + rng.integers(2, 20)))
        actors.add(actor_id, name, kind, family, [], (y0, y1), [country_code])
    return actors


def _tail_actor(rng: np.random.Generator, pattern: int, place: str, country: str) -> tuple[str, str, str]:
    """(name, kind, family) of a made-up actor of one of seven patterns."""
    if pattern == 0:
        return f"Communal militia ({ETHNIC[rng.integers(len(ETHNIC))]}, {place})", "group", "other"
    if pattern == 1:
        return f"Katiba {place}", "group", ("al-qaeda", "islamic-state")[rng.integers(2)]
    if pattern == 2:
        return f"Gendarmerie of {country} ({place} brigade)", "force", "state-forces"
    if pattern == 3:
        return f"Self-defence group of {place}", "group", "other"
    if pattern == 4:
        name = f"{FIRST_NAMES[rng.integers(len(FIRST_NAMES))]} {LAST_NAMES[rng.integers(len(LAST_NAMES))]}"
        return name, "person", ("al-qaeda", "islamic-state", "other")[rng.integers(3)]
    if pattern == 5:
        return f"Unidentified armed group ({country}, {place})", "group", "other"
    return f"Smuggling network of {place}", "organisation", "other"
