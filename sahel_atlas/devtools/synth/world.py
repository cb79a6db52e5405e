"""What every chunk of events is drawn from: places, actors, their documents and the clusters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from sahel_atlas.devtools.synth.actors import Actors, cast
from sahel_atlas.devtools.synth.clustering import Clusters, clusters
from sahel_atlas.devtools.synth.places import Places, gazetteer
from sahel_atlas.devtools.synth.texts import Texts, gazetteer_document, profiles_document
from sahel_atlas.text.countries import country_name


@dataclass(frozen=True)
class World:
    """Places and actors (with the excerpts that cite them), and their columns as Arrow arrays."""

    places: Places
    actors: Actors
    clusters: Clusters
    place_excerpts: list[str]
    actor_summaries: list[str]
    actor_excerpts: list[str]
    actor_ids: pa.Array
    actor_names: pa.Array
    place_ids: pa.Array
    place_names: pa.Array
    countries: pa.Array  # each place's country name
    latitude: np.ndarray
    longitude: np.ndarray

    @property
    def n_actors(self) -> int:
        return len(self.actors.actor_id)


def n_actors_for(n_events: int) -> int:
    """How many actors a dataset of `n_events` has: 80 to 20,000."""
    return int(np.clip(n_events // 150, 80, 20_000))


def build_world(rng: np.random.Generator, n_events: int, texts: Texts) -> World:
    """Draw the places and actors, and write the gazetteer and the actors' profiles."""
    places = gazetteer(rng, n_events)
    points = [i for i, pr in enumerate(places.precision) if pr == "point"]
    actors = cast(rng, n_actors_for(n_events), [places.name[i] for i in points],
                  [places.country_iso3[i] for i in points])
    country_names = [country_name(c) for c in places.country_iso3]
    place_excerpts = gazetteer_document(texts, places, country_names)
    summaries, actor_excerpts = profiles_document(texts, actors)
    return World(
        places=places, actors=actors, clusters=clusters(places, actors),
        place_excerpts=place_excerpts, actor_summaries=summaries, actor_excerpts=actor_excerpts,
        actor_ids=pa.array(actors.actor_id, pa.string()),
        actor_names=pa.array(actors.name, pa.string()),
        place_ids=pa.array(places.location_id, pa.string()),
        place_names=pa.array(places.name, pa.string()),
        countries=pa.array(country_names, pa.string()),
        latitude=places.latitude, longitude=places.longitude,
    )
