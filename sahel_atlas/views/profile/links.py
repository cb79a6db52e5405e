"""The link chart's graph: the actor in the centre, its neighbours round it, theirs outside."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class RelationGraph:
    """Every relation between two different known actors, as plain adjacency (a graph
    library's import and its per-edge dicts were a third of a profile's first run at 1M)."""

    out: dict[str, list[tuple[int, str, str, str]]]  # subject -> (row, object, predicate, status)
    near: dict[str, dict[str, list[str]]]  # actor -> an actor it relates to, either way -> predicates

    def neighbours(self, actor_id: str) -> dict[str, list[str]]:
        return self.near.get(actor_id, {})


def relation_graph(ds: Dataset, actors: dict[str, Actor]) -> RelationGraph:
    """Every relation between two different known actors, in the data's order; an edge's
    row number keeps that order and no two relations share it."""
    out: dict[str, list[tuple[int, str, str, str]]] = {}
    near: dict[str, dict[str, list[str]]] = {}
    for key, row in enumerate(relation_records(ds)):
        subject, obj = str(row["subject_id"]), str(row["object_id"])
        if subject in actors and obj in actors and subject != obj:
            predicate = text(row["predicate"])
            out.setdefault(subject, []).append(
                (key, obj, predicate, text(row["status"]) or "confirmed"))
            near.setdefault(subject, {}).setdefault(obj, []).append(predicate)
            near.setdefault(obj, {}).setdefault(subject, []).append(predicate)
    return RelationGraph(out, near)


def _first_ring(graph: RelationGraph, centre: str, actors: dict[str, Actor]) -> list[str]:
    """The centre's neighbours, ordered round the circle by their closest kind of relation."""
    rank = {
        other: min(_RING_ORDER.get(predicate, 9) for predicate in predicates)
        for other, predicates in graph.neighbours(centre).items()
    }
    return sorted(rank, key=lambda a: (rank[a], label(actors, a).casefold(), a))


def _outer_links(graph: RelationGraph, centre: str, actors: dict[str, Actor]) -> dict[str, set[str]]:
    """The groups two steps from the centre -> their neighbours on the first ring."""
    ring1 = set(graph.neighbours(centre))
    ring2 = {far for near in ring1 for far in graph.neighbours(near)} - ring1 - {centre}
    return {
        far: {near for near in graph.neighbours(far) if near in ring1}
        for far in ring2
        if actors[far].kind == "group"
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
    # The inner neighbours in sorted order: a float sum in a set's order changed with the
    # process's string hashing, and a tie between two outer nodes with it.
    preferred = {a: _circular_mean([inner[n] for n in sorted(near)]) - half
                 for a, near in links.items()}
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


def _edges(graph: RelationGraph, shown: Iterable[str], outer: set[str]) -> tuple[Edge, ...]:
    """One edge per pair, direction and status among the shown actors, with its predicates."""
    pairs: dict[tuple[str, str, str], list[str]] = {}
    shown = set(shown)
    # The shown actors' own out-edges, in the data's order (not a scan of every relation).
    within = [(key, subject, obj, predicate, status)
              for subject in shown for key, obj, predicate, status in graph.out.get(subject, ())
              if obj in shown]
    for _, subject, obj, predicate, status in sorted(within):
        if subject in outer and obj in outer:
            continue  # the outer ring only says how it reaches the inner one
        predicates = pairs.setdefault((subject, obj, status), [])
        if predicate not in predicates:
            predicates.append(predicate)
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
