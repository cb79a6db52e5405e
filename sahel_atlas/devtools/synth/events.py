"""One chunk of synthetic events: what is drawn for each, its sentence, and its table rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.arrays import as_strings, cdf, join, list_array, pick, table, take
from sahel_atlas.devtools.synth.clustering import eras
from sahel_atlas.devtools.synth.days import date_phrases
from sahel_atlas.devtools.synth.vocab import BATTLE_LIKE, CLOSING, CONTEXT, SUB_TYPES
from sahel_atlas.devtools.synth.world import World

SUB_NAMES = [s[0] for s in SUB_TYPES]
SUB_CDF = cdf(np.array([s[1] for s in SUB_TYPES], dtype=float))
SUB_TOP = [schema.SUB_EVENT_TYPES[s] for s in SUB_NAMES]
VERBS = [s[2] for s in SUB_TYPES]
OBJECTS = [s[3] for s in SUB_TYPES]
IS_BATTLE = np.array([s in BATTLE_LIKE for s in SUB_NAMES])
ACTOR_COUNT_CDF = cdf(np.array([0.45, 0.42, 0.13]))  # one, two or three actors
STATUS_CDF = cdf(np.array([0.84, 0.10, 0.06]))  # confirmed, claimed, disputed
ROLES = np.array(["participant", "target", "perpetrator", "supporter"])


@dataclass(frozen=True)
class Chunk:
    """Events `a` to `b` (exclusive), with their dates (days since 1970) and precisions."""

    a: int
    b: int
    start: np.ndarray
    end: np.ndarray
    precision: np.ndarray

    @property
    def size(self) -> int:
        return self.b - self.a

    @property
    def index(self) -> np.ndarray:
        return np.arange(self.a, self.b)


@dataclass(frozen=True)
class Draws:
    """What is drawn for each event of a chunk (indices into the world's places and actors)."""

    loc: np.ndarray
    a1: np.ndarray
    a2: np.ndarray
    a3: np.ndarray
    n_act: np.ndarray
    sub: np.ndarray
    status: np.ndarray  # an index into schema.STATUSES
    unplaced: np.ndarray
    fatal: np.ndarray  # -1 where unknown
    corroborated: np.ndarray  # a counter-bulletin mentions it
    ctx: np.ndarray
    closing: np.ndarray

    @property
    def actor_index(self) -> np.ndarray:
        """The event's actors, flat, event by event (1 to 3 each)."""
        keep = np.arange(3)[None, :] < self.n_act[:, None]
        return np.stack([self.a1, self.a2, self.a3], axis=1)[keep]


def draw(rng: np.random.Generator, world: World, chunk: Chunk) -> Draws:
    """Place, actors, type, status and the rest for each event (in a fixed order of draws)."""
    m, n_actors = chunk.size, world.n_actors
    era = eras(chunk.start)
    loc = world.clusters.places_for(rng, era)
    a1, a2, a3 = world.clusters.actors_for(rng, era, loc)
    n_act = pick(rng, ACTOR_COUNT_CDF, m) + 1
    a2 = np.where(a2 == a1, (a1 + 1) % n_actors, a2)
    for _ in range(3):
        clash = (a3 == a1) | (a3 == a2)
        a3 = np.where(clash, (a3 + 1) % n_actors, a3)
    sub = pick(rng, SUB_CDF, m)
    status = pick(rng, STATUS_CDF, m)
    unplaced = rng.random(m) < 0.006
    fatal = np.where(rng.random(m) < 0.6, np.floor(rng.lognormal(0.8, 1.1, m)), -1).astype(np.int64)
    corroborated = (status == 2) | (rng.random(m) < 0.15)
    ctx = rng.integers(len(CONTEXT), size=m)
    closing = rng.integers(len(CLOSING), size=m)
    return Draws(loc, a1, a2, a3, n_act, sub, status, unplaced, fatal, corroborated, ctx, closing)


@dataclass(frozen=True)
class Phrases:
    """Each event's id, names and texts, as Arrow string arrays."""

    event_id: pa.Array
    actor_name: pa.Array  # the first actor's
    place_name: pa.Array
    sentence: pa.Array  # what the digest says, quoted as the event's excerpt
    title: pa.Array
    description: pa.Array


def phrases(world: World, chunk: Chunk, d: Draws) -> Phrases:
    """'On 3 June 2020, X attacked civilians near Gao, Mali, leaving 2 dead.' and the rest."""
    event_id = join("ev-", pc.utf8_lpad(as_strings(chunk.index), 8, "0"))
    name1, name2 = world.actor_names.take(pa.array(d.a1)), world.actor_names.take(pa.array(d.a2))
    place_name = world.place_names.take(pa.array(d.loc))
    country = world.countries.take(pa.array(d.loc))
    unplaced = pa.array(d.unplaced)
    battle_between_two = pc.and_(pa.array(IS_BATTLE[d.sub]), pa.array(d.n_act >= 2))
    obj = pc.if_else(battle_between_two, name2, take(OBJECTS, d.sub))
    verb = pc.if_else(pa.array(d.status == 1), join("claimed to have ", take(VERBS, d.sub)), take(VERBS, d.sub))
    killed = pc.if_else(pa.array(d.fatal >= 0), join(", leaving ", as_strings(np.maximum(d.fatal, 0)), " dead"), "")
    where = pc.if_else(unplaced, " in an unnamed locality", join(" near ", place_name, ", ", country))
    date_phrase = date_phrases(chunk.start, chunk.end, chunk.precision)
    sentence = join(date_phrase, ", ", name1, " ", verb, " ", obj, where, killed, ".")
    ctx_place = pc.if_else(unplaced, "the area", place_name)
    context = join(take([c[0] for c in CONTEXT], d.ctx), ctx_place, take([c[1] for c in CONTEXT], d.ctx))
    description = join(sentence, " ", context, " ", take(list(CLOSING), d.closing))
    title = join(take(SUB_NAMES, d.sub), " by ", name1, pc.if_else(unplaced, "", join(" near ", place_name)))
    return Phrases(event_id, name1, place_name, sentence, title, description)


def events_table(world: World, chunk: Chunk, d: Draws, p: Phrases,
                 sources: pa.Array, excerpts: pa.Array) -> pa.Table:
    """The chunk's rows of `events`, citing the given lists of sources and excerpts."""
    act_offsets = np.zeros(chunk.size + 1, np.int32)
    act_offsets[1:] = np.cumsum(d.n_act)
    null_loc = pa.array(d.unplaced)
    return table("events", {
        "event_id": p.event_id,
        "title": p.title,
        "event_type": take(SUB_TOP, d.sub),
        "sub_event_type": take(SUB_NAMES, d.sub),
        "date_start": pa.array(chunk.start, pa.date32()),
        "date_end": pa.array(chunk.end, pa.date32()),
        "date_precision": take(list(schema.DATE_PRECISIONS), chunk.precision),
        "location_id": pc.if_else(null_loc, pa.scalar(None, pa.string()), world.place_ids.take(pa.array(d.loc))),
        "latitude": pc.if_else(null_loc, pa.scalar(None, pa.float64()), pa.array(world.latitude[d.loc])),
        "longitude": pc.if_else(null_loc, pa.scalar(None, pa.float64()), pa.array(world.longitude[d.loc])),
        "actor_ids": list_array(act_offsets, world.actor_ids.take(pa.array(d.actor_index))),
        "status": take(list(schema.STATUSES), d.status),
        "description": p.description,
        "fatalities": pa.array(d.fatal, mask=d.fatal < 0),
        "source_ids": sources,
        "excerpt_ids": excerpts,
    })


def event_actors_table(world: World, chunk: Chunk, d: Draws, p: Phrases) -> pa.Table:
    """The chunk's rows of `event_actors`: a battle's sides are participants, else perpetrator and target."""
    battle = IS_BATTLE[d.sub]
    role2 = np.where(battle, 0, 1)  # participant, or target
    role_idx = np.stack([np.where(battle, 0, 2), role2, np.full(chunk.size, 3)], axis=1)
    keep = np.arange(3)[None, :] < d.n_act[:, None]
    return table("event_actors", {
        "event_id": p.event_id.take(pa.array(np.repeat(np.arange(chunk.size), d.n_act))),
        "actor_id": world.actor_ids.take(pa.array(d.actor_index)),
        "role": pa.array(ROLES[role_idx[keep]]),
    })
