"""The link chart's graph: the actor in the centre, its neighbours round it, theirs outside."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.values import text
from sahel_atlas.views import palette
from sahel_atlas.views.profile.actors import Actor, actors_by_id, label
from sahel_atlas.views.profile.relations import relation_records
from sahel_atlas.views.profile.vocabulary import RELATION_GROUPS, STATUS_DASH, predicate_label

RING_RADII = (0.0, 1.0, 1.85)
# The order of the first ring round the circle: leaders and members, then affiliation, then
# alliances, then rivals and enemies, so that kindred relations sit together.
_RING_ORDER = {p: i for i, (_, preds) in enumerate(RELATION_GROUPS) for p in preds}


@dataclass(frozen=True)
class Node:
    actor_id: str
    label: str  # short name, raw
    name: str  # full name, raw
    kind: str
    family: str
    ring: int  # 0 the profile's actor, 1 its direct neighbours, 2 theirs
    x: float
    y: float

    @property
    def colour(self) -> str:
        return palette.FAMILY_COLOURS.get(self.family, palette.FAMILY_COLOURS["other"])


@dataclass(frozen=True)
class Edge:
    subject_id: str
    object_id: str
    predicates: tuple[str, ...]  # every predicate of this pair, direction and status
    status: str

    @property
    def dash(self) -> str:
        return STATUS_DASH.get(self.status, "dash")

    @property
    def label(self) -> str:
        return ", ".join(predicate_label(p) for p in self.predicates)


@dataclass(frozen=True)
class LinkChart:
    centre: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, actor_id: str) -> Node | None:
        return next((n for n in self.nodes if n.actor_id == actor_id), None)


def relation_graph(ds: Dataset, actors: dict[str, Actor]) -> nx.MultiDiGraph:
    """Every relation between two different known actors; an edge's key is its row number,
    so the data's order is kept and no two relations share a key."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(actors)
    for key, row in enumerate(relation_records(ds)):
        subject, obj = str(row["subject_id"]), str(row["object_id"])
        if subject in actors and obj in actors and subject != obj:
            graph.add_edge(subject, obj, key=key, predicate=text(row["predicate"]),
                           status=text(row["status"]) or "confirmed")
    return graph


def _first_ring(graph: nx.MultiDiGraph, centre: str, actors: dict[str, Actor]) -> list[str]:
    """The centre's neighbours, ordered round the circle by their closest kind of relation."""
    undirected = graph.to_undirected(as_view=True)
    rank = {
        other: min(_RING_ORDER.get(data["predicate"], 9) for data in undirected[centre][other].values())
        for other in undirected[centre]
    }
    return sorted(rank, key=lambda a: (rank[a], label(actors, a).casefold(), a))


def _outer_links(graph: nx.MultiDiGraph, centre: str, actors: dict[str, Actor]) -> dict[str, set[str]]:
    """The groups two steps from the centre -> their neighbours on the first ring."""
    undirected = graph.to_undirected(as_view=True)
    shells = nx.single_source_shortest_path_length(undirected, centre, cutoff=2)
    return {
        far: {near for near in undirected[far] if shells.get(near) == 1}
        for far, steps in shells.items()
        if steps == 2 and actors[far].kind == "group"
    }


def _ring_angles(count: int) -> list[float]:
    """Evenly spread angles, clockwise from the top."""
    return [math.pi / 2 - 2 * math.pi * i / count for i in range(count)] if count else []


def _circular_mean(angles: Sequence[float]) -> float:
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


def _outer_angles(links: dict[str, set[str]], inner: dict[str, float]) -> dict[str, float]:
    """Each outer node near its inner neighbours, clockwise, at least a sixteenth apart."""
    # Half a step off their inner neighbours, so an outer node does not sit on the label
    # of the inner node it is linked to.
    half = math.pi / max(len(inner), 1)
    preferred = {a: _circular_mean([inner[n] for n in near]) - half for a, near in links.items()}
    order = sorted(preferred, key=lambda a: (-preferred[a]) % (2 * math.pi))  # clockwise from the right
    gap = 2 * math.pi / max(len(order), 16)
    placed: dict[str, float] = {}
    previous: float | None = None
    for actor_id in order:
        angle = preferred[actor_id]
        if previous is not None and (previous - angle) % (2 * math.pi) < gap:
            angle = previous - gap  # clockwise is decreasing
        placed[actor_id] = previous = angle
    return placed


def _node(actor: Actor, ring: int, angle: float) -> Node:
    radius = RING_RADII[ring]
    x, y = round(radius * math.cos(angle), 6), round(radius * math.sin(angle), 6)
    return Node(actor.actor_id, actor.short, actor.name, actor.kind, actor.family, ring, x, y)


def _edges(graph: nx.MultiDiGraph, shown: Iterable[str], outer: set[str]) -> tuple[Edge, ...]:
    """One edge per pair, direction and status among the shown actors, with its predicates."""
    pairs: dict[tuple[str, str, str], list[str]] = {}
    shown = set(shown)
    # The shown actors' own out-edges, not a subgraph view of the whole graph (networkx's
    # views filter every edge in Python: a tenth of a second for a busy group at 1M events).
    within = [e for e in graph.out_edges(shown, keys=True, data=True) if e[1] in shown]
    for subject, obj, _, data in sorted(within, key=lambda e: e[2]):
        if subject in outer and obj in outer:
            continue  # the outer ring only says how it reaches the inner one
        predicates = pairs.setdefault((subject, obj, data["status"]), [])
        if data["predicate"] not in predicates:
            predicates.append(data["predicate"])
    return tuple(Edge(s, o, tuple(p), st) for (s, o, st), p in pairs.items())


def link_chart(
    ds: Dataset, actor_id: str, *, second_ring: bool = True, max_second: int = 12
) -> LinkChart:
    """The actor in the centre, its direct neighbours round it, and (optionally) the groups
    linked to those neighbours on an outer ring; one edge per pair, direction and status."""
    actors = actors_by_id(ds)
    if "relation_graph" not in ds.memo:  # every actor's chart reads the same graph (read-only)
        ds.memo["relation_graph"] = relation_graph(ds, actors)
    graph = ds.memo["relation_graph"]
    ring1 = _first_ring(graph, actor_id, actors)
    angles = dict(zip(ring1, _ring_angles(len(ring1))))
    links = _outer_links(graph, actor_id, actors) if second_ring else {}
    ranked = sorted(links, key=lambda a: (-len(links[a]), label(actors, a).casefold(), a))
    outer = _outer_angles({a: links[a] for a in ranked[:max_second]}, angles)
    nodes = [_node(actors[actor_id], 0, 0.0)]
    nodes += [_node(actors[a], 1, angles[a]) for a in ring1]
    nodes += [_node(actors[a], 2, angle) for a, angle in outer.items()]
    edges = _edges(graph, [n.actor_id for n in nodes], set(outer))
    return LinkChart(actor_id, tuple(nodes), edges)


def selected_actor(selection: object, known: Iterable[str]) -> str | None:
    """The actor id of a clicked node (Streamlit's `event.selection`), if it is a known actor."""
    known = set(known)
    try:
        points = selection.get("points") or []  # type: ignore[union-attr]
    except AttributeError:
        return None
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        value = data[0] if isinstance(data, (list, tuple)) and data else data
        if isinstance(value, str) and value in known:
            return value
    return None
