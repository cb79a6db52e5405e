"""The synthetic relations between actors, each quoted from a chronology of alliances and rivalries."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.actors import Actors
from sahel_atlas.devtools.synth.arrays import cdf, pick, table
from sahel_atlas.devtools.synth.texts import META, Texts
from sahel_atlas.devtools.synth.vocab import NAMED_RELATIONS, PREDICATE_PHRASES


def relations(rng: np.random.Generator, actors: Actors, texts: Texts) -> pa.Table:
    """The corpus's relations, then random ones (subjects and objects Zipf by rank)."""
    triples = _triples(rng, actors)
    names, first, last = actors.name, actors.first, actors.last
    starts, ends, lines = [], [], []
    for s, p, o in triples:
        y0 = int(max(first[s], first[o]))
        y1 = max(y0, int(min(last[s], last[o])))
        starts.append(dt.date(y0, 1, 1))
        ends.append(dt.date(y1, 12, 31))
        lines.append(f"{names[s]} {PREDICATE_PHRASES[p]} {names[o]} from {y0} to {y1}.")
    ids = texts.document("syn-relations", "[Synthetic chronology of alliances and rivalries]", lines,
                         {**META, "kind": "chronology"})
    status = rng.choice(list(schema.STATUSES), size=len(triples), p=[0.85, 0.1, 0.05])
    return table("relations", {
        "relation_id": [f"rel-{i:06d}" for i in range(len(triples))],
        "subject_id": [actors.actor_id[s] for s, _, _ in triples],
        "predicate": [p for _, p, _ in triples],
        "object_id": [actors.actor_id[o] for _, _, o in triples],
        "date_start": starts, "date_end": ends,
        "date_precision": ["year"] * len(triples),
        "status": status.tolist(),
        "excerpt_ids": [[x] for x in ids],
    })


def _triples(rng: np.random.Generator, actors: Actors) -> list[tuple[int, str, int]]:
    """(subject, predicate, object) by actor index: the named relations, then random ones, unique."""
    n_actors = len(actors.actor_id)
    index = {a: i for i, a in enumerate(actors.actor_id)}
    triples = [(index[s], p, index[o]) for s, p, o in NAMED_RELATIONS]
    predicates = list(schema.PREDICATES)
    weights = cdf(1.0 / np.arange(1, n_actors + 1) ** 0.9)
    subjects = pick(rng, weights, n_actors)
    objects_ = pick(rng, weights, n_actors)
    for s, o, p in zip(subjects, objects_, rng.integers(len(predicates), size=n_actors)):
        if s != o:
            triples.append((int(s), predicates[p], int(o)))
    return list(dict.fromkeys(triples))
