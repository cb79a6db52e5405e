"""Who acts where and when: place weights per era, actors Zipf by rank, active in the era and country."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.actors import Actors
from sahel_atlas.devtools.synth.arrays import cdf, pick
from sahel_atlas.devtools.synth.places import Places
from sahel_atlas.devtools.synth.vocab import ERA_COUNTRY, ERA_OTHER, ERAS

ZIPF_EXPONENT = 1.07
# How much less likely an actor is outside its years, and outside its countries.
INACTIVE_FACTOR = 0.002
ELSEWHERE_FACTOR = 0.003


@dataclass(frozen=True)
class Clusters:
    """The cumulative weights events are drawn from: places per era, actors per (era, country)."""

    place_cdfs: list[np.ndarray]
    actor_cdfs: dict[tuple[int, int], np.ndarray]
    n_countries: int
    place_country_idx: np.ndarray  # each place's index into the sorted country codes

    def places_for(self, rng: np.random.Generator, era: np.ndarray) -> np.ndarray:
        """A place for each event, drawn by the weights of its era."""
        loc = np.empty(len(era), np.int64)
        for e in range(len(ERAS)):
            mask = era == e
            k = int(mask.sum())
            if k:
                loc[mask] = pick(rng, self.place_cdfs[e], k)
        return loc

    def actors_for(self, rng: np.random.Generator, era: np.ndarray,
                   loc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Three candidate actors for each event, drawn by its era and its place's country."""
        picks = (np.empty(len(era), np.int64), np.empty(len(era), np.int64), np.empty(len(era), np.int64))
        group = era * self.n_countries + self.place_country_idx[loc]
        for g in np.unique(group):
            mask = group == g
            k = int(mask.sum())
            weights = self.actor_cdfs[divmod(int(g), self.n_countries)]
            for column in picks:
                column[mask] = pick(rng, weights, k)
        return picks


def clusters(places: Places, actors: Actors) -> Clusters:
    """Era-dependent place weights, and actor weights per era and country."""
    place_country = np.array(places.country_iso3)
    place_cdfs = []
    for era in range(len(ERAS)):
        factor = np.array([ERA_COUNTRY.get(c, ERA_OTHER)[era] for c in place_country])
        place_cdfs.append(cdf(places.weight * factor))
    country_codes = sorted(set(places.country_iso3))
    country_index = {c: i for i, c in enumerate(country_codes)}
    return Clusters(
        place_cdfs=place_cdfs,
        actor_cdfs=_actor_cdfs(actors, country_index),
        n_countries=len(country_codes),
        place_country_idx=np.array([country_index[c] for c in place_country]),
    )


def _actor_cdfs(actors: Actors, country_index: dict[str, int]) -> dict[tuple[int, int], np.ndarray]:
    """(era, country) -> cdf over actors: active there and then, Zipf by rank."""
    n_actors = len(actors.actor_id)
    zipf = 1.0 / np.arange(1, n_actors + 1) ** ZIPF_EXPONENT
    acts_in = np.zeros((len(country_index), n_actors), dtype=bool)
    for j, codes in enumerate(actors.countries):
        for code in codes:
            if code in country_index:
                acts_in[country_index[code], j] = True
    first, last = actors.first, actors.last
    era_end = (*ERAS[1:], schema.YEAR_MAX + 1)
    out = {}
    for era, (y0, y1) in enumerate(zip(ERAS, era_end)):
        active = (first < y1) & (last >= y0)
        for c in range(len(country_index)):
            out[era, c] = cdf(zipf * np.where(active, 1.0, INACTIVE_FACTOR)
                              * np.where(acts_in[c], 1.0, ELSEWHERE_FACTOR))
    return out


def eras(start: np.ndarray) -> np.ndarray:
    """Each event's era (an index into ERAS) from its first day."""
    year = start.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    return np.searchsorted(np.array(ERAS), year, side="right") - 1
