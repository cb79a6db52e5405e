"""The link chart's plain adjacency against the networkx graph it replaced: the same chart."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest

from fixture_data import write_dataset
from sahel_atlas.store.dataset import DEFAULT_DATA_DIR, Dataset, load_dataset
from sahel_atlas.text.values import text
from sahel_atlas.views.profile import links
from sahel_atlas.views.profile.actors import actors_by_id, label
from sahel_atlas.views.profile.relations import relation_records

PREDICATES = ("part_of", "merged_into", "leads", "allied_with", "fought", "split_from", "rival_of")


# --- the networkx path, as it was (the reference) ---------------------------------------------


def _nx_graph(ds, actors):
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(actors)
    for key, row in enumerate(relation_records(ds)):
        subject, obj = str(row["subject_id"]), str(row["object_id"])
        if subject in actors and obj in actors and subject != obj:
            graph.add_edge(subject, obj, key=key, predicate=text(row["predicate"]),
                           status=text(row["status"]) or "confirmed")
    return graph


def _nx_first_ring(graph, centre, actors):
    undirected = graph.to_undirected(as_view=True)
    rank = {
        other: min(links._RING_ORDER.get(d["predicate"], 9) for d in undirected[centre][other].values())
        for other in undirected[centre]
    }
    return sorted(rank, key=lambda a: (rank[a], label(actors, a).casefold(), a))


def _nx_outer_links(graph, centre, actors):
    undirected = graph.to_undirected(as_view=True)
    shells = nx.single_source_shortest_path_length(undirected, centre, cutoff=2)
    return {
        far: {near for near in undirected[far] if shells.get(near) == 1}
        for far, steps in shells.items()
        if steps == 2 and actors[far].kind == "group"
    }


def _nx_edges(graph, shown, outer):
    pairs: dict = {}
    shown = set(shown)
    within = [e for e in graph.out_edges(shown, keys=True, data=True) if e[1] in shown]
    for subject, obj, _, data in sorted(within, key=lambda e: e[2]):
        if subject in outer and obj in outer:
            continue
        predicates = pairs.setdefault((subject, obj, data["status"]), [])
        if data["predicate"] not in predicates:
            predicates.append(data["predicate"])
    return tuple(links.Edge(s, o, tuple(p), st) for (s, o, st), p in pairs.items())


def _networkx_chart(ds: Dataset, actor_id: str, monkeypatch, **options) -> links.LinkChart:
    with monkeypatch.context() as patch:
        patch.setattr(links, "relation_graph", _nx_graph)
        patch.setattr(links, "_first_ring", _nx_first_ring)
        patch.setattr(links, "_outer_links", _nx_outer_links)
        patch.setattr(links, "_edges", _nx_edges)
        ds.memo.pop("relation_graph", None)
        try:
            return links.link_chart(ds, actor_id, **options)
        finally:
            ds.memo.pop("relation_graph", None)


# --- datasets -----------------------------------------------------------------------------------


def _random_dataset(directory: Path, seed: int) -> Dataset:
    """Actors of every kind and relations between them: both ways, repeated, to itself, to an
    actor the dataset does not know, claimed or disputed."""
    rng = random.Random(seed)
    ids = [f"a{i:02d}" for i in range(40)]
    actors = [{"actor_id": a, "name": f"Actor {a}", "kind": rng.choice(["group", "group", "person", "state"]),
               "family": "other", "aliases": [], "summary": "", "excerpt_ids": []} for a in ids]
    relations = []
    for i in range(160):
        subject = rng.choice(ids)
        obj = rng.choice([*ids, subject, "unknown"])
        relations.append({
            "relation_id": f"r{i}", "subject_id": subject, "predicate": rng.choice(PREDICATES),
            "object_id": obj, "date_start": None, "date_end": None, "date_precision": None,
            "status": rng.choice(["confirmed", "claimed", "disputed", None]), "note": None,
            "excerpt_ids": [],
        })
    return load_dataset(write_dataset(directory, actors=actors, relations=relations, events=[],
                                      event_actors=[], excerpts=[], sources=[], locations=[],
                                      claims=[], crosswalk=[]))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("second_ring", [True, False])
def test_link_chart_matches_the_networkx_path_on_random_relations(tmp_path, monkeypatch, seed,
                                                                   second_ring) -> None:
    ds = _random_dataset(tmp_path, seed)
    # Every actor's chart from the one graph kept in `ds.memo`, then each against its own
    # reference: a chart never holds another actor's ring.
    charts = {a: links.link_chart(ds, a, second_ring=second_ring, max_second=5)
              for a in actors_by_id(ds)}
    for actor_id, chart in charts.items():
        assert chart.centre == actor_id
        assert chart == _networkx_chart(ds, actor_id, monkeypatch, second_ring=second_ring,
                                        max_second=5)


def test_link_chart_matches_the_networkx_path_on_the_atlas_data(monkeypatch) -> None:
    ds = load_dataset(DEFAULT_DATA_DIR)
    charts = 0
    for actor_id in actors_by_id(ds):
        expected = _networkx_chart(ds, actor_id, monkeypatch)
        chart = links.link_chart(ds, actor_id)
        assert chart == expected
        charts += len(chart.nodes) > 1
    assert charts > 10  # the comparison saw real charts, not only lone actors
