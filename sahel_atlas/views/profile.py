"""Actor profiles (a page per group, profiles for persons and others): pure logic, no Streamlit.

Modelled on the profiles of Stanford's Mapping Militant Organizations: a fact box, a short
narrative, the relationships as a link chart, the events, and every excerpt that mentions the
actor. `components/profile.py` renders what these functions return.

Everything here returns raw (unescaped) text from the dataset, except where a function says it
builds Markdown (`highlight_markdown`) or a Plotly figure (`link_figure`, whose texts are
escaped for Plotly's pseudo-HTML).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from sahel_atlas.views import palette
from sahel_atlas.text.dates import date_label
from sahel_atlas.query.filters import short_name
from sahel_atlas.views.reader import RELIABILITY_WORDS, published_label
from sahel_atlas.views.timeline_view import esc
from sahel_atlas.text.values import text as _str, str_list as _list

# --- URL paths ----------------------------------------------------------------------------

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


def directory(ds) -> list[DirectoryEntry]:
    """Every actor with its profile's URL path, groups first, each part sorted by title."""
    actors = ds.actors
    paths = profile_paths(actors["actor_id"])
    entries = []
    for row in actors.itertuples(index=False):
        actor_id = str(row.actor_id)
        name = _str(row.name) or actor_id
        kind = _str(row.kind)
        title = display_label(name, kind, _list(row.aliases), actor_id)
        entries.append(DirectoryEntry(actor_id, paths[actor_id], title, name, kind))
    return sorted(entries, key=lambda e: (e.kind != "group", e.title.casefold(), e.actor_id))


# --- small helpers ------------------------------------------------------------------------


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _start_label(day: dt.date) -> str:
    if (day.month, day.day) == (1, 1):
        return str(day.year)
    if day.day == 1:
        return day.strftime("%B %Y")
    return day.isoformat()


def _end_label(day: dt.date) -> str:
    if (day.month, day.day) == (12, 31):
        return str(day.year)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return day.strftime("%B %Y")
    return day.isoformat()


def period_label(start: object, end: object, precision: object) -> str:
    """A relation's or event's dates as a reader writes them: `2004–2020-06-03`, `March 2017`.

    A day, a month or a year is `date_label`'s; a span is written with each end at the
    precision it shows (1 January and 31 December mean a year, whole months a month).
    """
    start, end, precision = _date(start), _date(end), _str(precision)
    if start is None and end is None:
        return "undated"
    if start is None:
        return f"until {_end_label(end)}"
    if end is None:
        return f"from {_start_label(start)}"
    if precision in ("day", "month", "year"):
        return date_label(start, end, precision)
    left, right = _start_label(start), _end_label(end)
    return left if left == right else f"{left}–{right}"


PREDICATE_PHRASES = {
    "leads": "leads",
    "member_of": "is a member of",
    "founded": "founded",
    "merged_into": "merged into",
    "split_from": "split from",
    "pledged_allegiance_to": "pledged allegiance to",
    "allied_with": "is allied with",
    "rival_of": "is a rival of",
    "succeeded": "succeeded",
    "mentored": "mentored",
    "part_of": "is part of",
    "supported": "supported",
    "fought": "fought",
}
# The relationship sections of a profile, in reading order, and the predicates in each.
RELATION_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Lineage, mergers and splits", ("founded", "merged_into", "split_from", "succeeded", "mentored")),
    ("Leadership, membership and allegiance", ("leads", "member_of", "part_of", "pledged_allegiance_to")),
    ("Alliances and support", ("allied_with", "supported")),
    ("Rivalries and fighting", ("rival_of", "fought")),
)
AFFILIATION_PREDICATES = ("pledged_allegiance_to", "part_of", "member_of", "merged_into")
STATUS_DASH = {"confirmed": "solid", "claimed": "dash", "disputed": "dot"}
KIND_SYMBOLS = {
    "group": "circle",
    "person": "diamond",
    "state": "square",
    "force": "triangle-up",
    "organisation": "hexagon",
}
KIND_LABELS = {
    "group": "armed group",
    "person": "person",
    "state": "state",
    "force": "military force or operation",
    "organisation": "organisation",
}


def predicate_label(predicate: object) -> str:
    return _str(predicate).replace("_", " ")


# --- lookups --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    short: str
    kind: str
    family: str
    aliases: tuple[str, ...]
    summary: str
    excerpt_ids: tuple[str, ...]


def actors_by_id(ds) -> dict[str, Actor]:
    out = {}
    for row in ds.actors.itertuples(index=False):
        actor_id = str(row.actor_id)
        name = _str(row.name) or actor_id
        kind = _str(row.kind)
        aliases = tuple(_list(row.aliases))
        family = _str(getattr(row, "family", None))
        out[actor_id] = Actor(
            actor_id,
            name,
            display_label(name, kind, aliases, actor_id),
            kind,
            family if family in palette.FAMILY_COLOURS else "other",
            aliases,
            _str(getattr(row, "summary", None)),
            tuple(_list(getattr(row, "excerpt_ids", None))),
        )
    return out


def display_label(name: str, kind: str, aliases: Sequence[str], actor_id: str = "") -> str:
    """The dashboard's short name (AQIM, JNIM), but the name itself when the short name is
    a bare two-letter acronym (AQ, IS) that reads as a word."""
    short = short_name(name, kind, aliases) or name or actor_id
    return short if len(short) >= 3 or not name else name


def _label(actors: dict[str, Actor], actor_id: str) -> str:
    actor = actors.get(actor_id)
    return actor.short if actor else actor_id


def _roles(ds, event_ids: list[str]) -> dict[tuple[str, str], str]:
    """(event id, actor id) -> role, for the given events only."""
    if hasattr(ds, "rows_by_id"):
        frame = ds.rows_by_id("event_actors", "event_id", event_ids)
    else:
        frame = getattr(ds, "event_actors", None)
    if frame is None or not len(frame):
        return {}
    roles: dict[tuple[str, str], str] = {}
    for event_id, actor_id, role in zip(frame["event_id"], frame["actor_id"], frame["role"]):
        roles.setdefault((str(event_id), str(actor_id)), _str(role))
    return roles


def involves(events: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """The events whose `actor_ids` name the actor."""
    if events is None or events.empty:
        return events.iloc[0:0] if events is not None else pd.DataFrame()
    mask = [actor_id in _list(ids) for ids in events["actor_ids"]]
    return events[mask]


def _events_of(ds, actor_id: str) -> pd.DataFrame:
    """Every event naming the actor, asked of DuckDB when the dataset can (it may be large)."""
    if hasattr(ds, "rows"):
        return ds.rows("events", "list_contains(actor_ids, ?)", [actor_id])
    return involves(ds.events, actor_id)


def _excerpts(ds, excerpt_ids: list[str]) -> pd.DataFrame:
    if hasattr(ds, "rows_by_id"):
        return ds.rows_by_id("excerpts", "excerpt_id", excerpt_ids)
    table = ds.excerpts
    return table[table["excerpt_id"].isin(excerpt_ids)]


def _is_subject(roles: dict, event_id: str, actor_ids: Sequence[str], actor_id: str) -> bool:
    """The event is about this actor: its role is `subject`, or (no roles) it is named first."""
    role = roles.get((event_id, actor_id))
    if role is not None:
        return role == "subject"
    has_roles = any((event_id, a) in roles for a in actor_ids)
    return not has_roles and bool(actor_ids) and actor_ids[0] == actor_id


# --- the fact box ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One dated line of the fact box: what, which other actor (for a link), when, how sure."""

    text: str  # raw sentence, e.g. "merged into JNIM" or an event's title
    date: str  # a period label, or "undated"
    status: str = "confirmed"
    other_id: str | None = None  # the other actor, when there is one
    start: dt.date | None = None
    excerpt_ids: tuple[str, ...] = ()
    origin: str = ""  # "relation <id>" or "event <id>"


@dataclass(frozen=True)
class Citation:
    source_id: str
    title: str
    publisher: str
    published: str
    reliability: str
    reliability_words: str


@dataclass(frozen=True)
class Strength:
    event_id: str
    title: str
    description: str
    date: str
    status: str
    citations: tuple[Citation, ...]
    excerpt_ids: tuple[str, ...]


@dataclass(frozen=True)
class FactBox:
    actor: Actor
    formed: tuple[Fact, ...] = ()
    ended: tuple[Fact, ...] = ()
    affiliations: tuple[Fact, ...] = ()
    components: tuple[Fact, ...] = ()  # members and sub-units: X is part of / member of it
    leaders: tuple[Fact, ...] = ()
    led: tuple[Fact, ...] = ()  # for a person: what they lead(ing)
    strengths: tuple[Strength, ...] = ()
    events: int = 0  # every event involving it, all dates
    by_origin: tuple[tuple[str, int], ...] = ()  # ("curated", 16), ("acled", 355): events.origin
    first_year: int | None = None
    last_year: int | None = None


def citations(ds) -> dict[str, Citation]:
    out = {}
    for row in ds.sources.to_dict("records"):
        grade = _str(row.get("reliability")) or "F"
        out[str(row["source_id"])] = Citation(
            str(row["source_id"]),
            _str(row.get("title")) or str(row["source_id"]),
            _str(row.get("publisher")) or "unknown",
            published_label(_date(row.get("published")), _str(row.get("published_precision"))),
            grade,
            RELIABILITY_WORDS.get(grade, "unknown grade"),
        )
    return out


def _relation_fact(row: dict, text: str, other_id: str | None) -> Fact:
    return Fact(
        text=text,
        date=period_label(row.get("date_start"), row.get("date_end"), row.get("date_precision")),
        status=_str(row.get("status")) or "confirmed",
        other_id=other_id,
        start=_date(row.get("date_start")),
        excerpt_ids=tuple(_list(row.get("excerpt_ids"))),
        origin=f"relation {row.get('relation_id')}",
    )


def _event_fact(row: dict, text: str | None = None) -> Fact:
    return Fact(
        text=text or _str(row.get("title")) or str(row.get("event_id")),
        date=period_label(row.get("date_start"), row.get("date_end"), row.get("date_precision")),
        status=_str(row.get("status")) or "confirmed",
        start=_date(row.get("date_start")),
        excerpt_ids=tuple(_list(row.get("excerpt_ids"))),
        origin=f"event {row.get('event_id')}",
    )


def _by_date(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple(sorted(facts, key=lambda f: (f.start is None, f.start or dt.date.min, f.text)))


def _origin_counts(events: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    """(origin, events) in reading order: the curated sources first, then each import."""
    origins = events["origin"] if "origin" in events else pd.Series([None] * len(events))
    counts = Counter(_str(o) or "curated" for o in origins)
    return tuple(sorted(counts.items(), key=lambda kv: (ORIGIN_RANK.get(kv[0], 9), kv[0])))


ORIGIN_RANK = {"curated": 0, "acled": 1, "ucdp": 2}
ORIGIN_PHRASES = {"curated": "from the sources", "acled": "from ACLED", "ucdp": "from UCDP"}


def origin_phrase(by_origin: Iterable[tuple[str, int]]) -> str:
    """'16 from the sources, 355 from ACLED'."""
    return ", ".join(f"{n:,} {ORIGIN_PHRASES.get(o, 'from ' + o)}" for o, n in by_origin if n)


def actor_events(ds, filters, actor_id: str) -> pd.DataFrame:
    """The events involving the actor that match `filters`, every one, asked of DuckDB (the
    page's own filtered frame holds only the first DETAIL_LIMIT events of a large import)."""
    from sahel_atlas.store.dataset import to_frame  # noqa: PLC0415 - keeps this module light
    from sahel_atlas.query.run import ORDER, prepare  # noqa: PLC0415

    cursor, clause, args = prepare(ds, filters)
    sql = f"SELECT * FROM events WHERE ({clause}) AND list_contains(actor_ids, ?) {ORDER}"
    return to_frame(cursor.sql(sql, params=[*args, actor_id]).to_arrow_table())


def fact_box(ds, actor_id: str) -> FactBox:
    """The profile's fact box, from every relation and event (the filters do not apply)."""
    actors = actors_by_id(ds)
    actor = actors[actor_id]
    name = lambda a: _label(actors, a)  # noqa: E731
    relations = ds.relations.to_dict("records")
    formed, ended, affiliations, components, leaders, led = [], [], [], [], [], []
    for row in relations:
        subject, obj, predicate = str(row["subject_id"]), str(row["object_id"]), _str(row["predicate"])
        if obj == actor_id:
            if predicate == "founded":
                formed.append(_relation_fact(row, f"founded by {name(subject)}", subject))
            elif predicate == "leads":
                leaders.append(_relation_fact(row, name(subject), subject))
            elif predicate in ("part_of", "member_of", "merged_into"):
                components.append(
                    _relation_fact(row, f"{name(subject)} {PREDICATE_PHRASES[predicate]} it", subject)
                )
        if subject == actor_id:
            if predicate == "merged_into":
                ended.append(_relation_fact(row, f"merged into {name(obj)}", obj))
            if predicate == "split_from" and actor.kind != "person":
                formed.append(_relation_fact(row, f"split from {name(obj)}", obj))
            if predicate in AFFILIATION_PREDICATES:
                affiliations.append(
                    _relation_fact(row, f"{PREDICATE_PHRASES[predicate]} {name(obj)}", obj)
                )
            if predicate == "leads":
                led.append(_relation_fact(row, name(obj), obj))

    own = _events_of(ds, actor_id)
    roles = _roles(ds, [str(e) for e in own["event_id"]])
    strengths = []
    cites = citations(ds)
    for row in own.to_dict("records"):
        event_id, actor_ids = str(row["event_id"]), _list(row.get("actor_ids"))
        kind = _str(row.get("sub_event_type"))
        about = _is_subject(roles, event_id, actor_ids, actor_id)
        if kind == "Group founded":
            if about:
                formed.append(_event_fact(row))
        elif kind == "Merger":
            (formed if about else ended).append(_event_fact(row))
        elif kind == "Strength estimate":
            if roles.get((event_id, actor_id)) in ("source", "announcer"):
                continue  # it reported the estimate; the estimate is not about it
            strengths.append(
                Strength(
                    event_id,
                    _str(row.get("title")) or event_id,
                    _str(row.get("description")),
                    period_label(row.get("date_start"), row.get("date_end"), row.get("date_precision")),
                    _str(row.get("status")) or "confirmed",
                    tuple(cites[s] for s in _list(row.get("source_ids")) if s in cites),
                    tuple(_list(row.get("excerpt_ids"))),
                )
            )
    starts = [d for d in (_date(v) for v in own.get("date_start", [])) if d is not None]
    ends = [d for d in (_date(v) for v in own.get("date_end", [])) if d is not None]
    return FactBox(
        actor=actor,
        formed=_by_date(formed),
        ended=_by_date(ended),
        affiliations=_by_date(affiliations),
        components=_by_date(components),
        leaders=_by_date(leaders),
        led=_by_date(led),
        strengths=tuple(sorted(strengths, key=lambda s: s.date)),
        events=len(own),
        by_origin=_origin_counts(own),
        first_year=min(starts).year if starts else None,
        last_year=max(ends + starts).year if starts else None,
    )


# --- relations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    relation_id: str
    subject_id: str
    predicate: str
    object_id: str
    other_id: str  # the actor at the other end from the profile's
    sentence: str  # "AQIM is part of Al-Qaeda", raw
    date: str
    status: str
    note: str
    excerpt_ids: tuple[str, ...]
    start: dt.date | None = None


def relations_of(ds, actor_id: str) -> list[tuple[str, list[Relation]]]:
    """The actor's relations in the profile's sections (lineage, allegiance, ...), dated order."""
    actors = actors_by_id(ds)
    found: dict[str, list[Relation]] = {title: [] for title, _ in RELATION_GROUPS}
    section = {p: title for title, preds in RELATION_GROUPS for p in preds}
    for row in ds.relations.to_dict("records"):
        subject, obj = str(row["subject_id"]), str(row["object_id"])
        if actor_id not in (subject, obj):
            continue
        predicate = _str(row["predicate"])
        phrase = PREDICATE_PHRASES.get(predicate, predicate_label(predicate))
        relation = Relation(
            relation_id=_str(row.get("relation_id")),
            subject_id=subject,
            predicate=predicate,
            object_id=obj,
            other_id=obj if subject == actor_id else subject,
            sentence=f"{_label(actors, subject)} {phrase} {_label(actors, obj)}",
            date=period_label(row.get("date_start"), row.get("date_end"), row.get("date_precision")),
            status=_str(row.get("status")) or "confirmed",
            note=_str(row.get("note")),
            excerpt_ids=tuple(_list(row.get("excerpt_ids"))),
            start=_date(row.get("date_start")),
        )
        found.setdefault(section.get(predicate, "Other relations"), []).append(relation)
    return [
        (title, sorted(items, key=lambda r: (r.start is None, r.start or dt.date.min, r.sentence)))
        for title, items in found.items()
        if items
    ]


# --- the link chart -------------------------------------------------------------------------


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


RING_RADII = (0.0, 1.0, 1.85)
# The order of the first ring round the circle: leaders and members, then affiliation, then
# alliances, then rivals and enemies, so that kindred relations sit together.
_RING_ORDER = {p: i for i, (_, preds) in enumerate(RELATION_GROUPS) for p in preds}


def _ring_angles(count: int) -> list[float]:
    """Evenly spread angles, clockwise from the top."""
    return [math.pi / 2 - 2 * math.pi * i / count for i in range(count)] if count else []


def _circular_mean(angles: Sequence[float]) -> float:
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


def link_chart(ds, actor_id: str, *, second_ring: bool = True, max_second: int = 12) -> LinkChart:
    """The actor in the centre, its direct neighbours round it, and (optionally) the groups
    linked to those neighbours on an outer ring; one edge per pair, direction and status."""
    actors = actors_by_id(ds)
    relations = [
        (str(r["subject_id"]), _str(r["predicate"]), str(r["object_id"]), _str(r["status"]) or "confirmed")
        for r in ds.relations.to_dict("records")
    ]
    relations = [r for r in relations if r[0] in actors and r[2] in actors and r[0] != r[2]]
    first: dict[str, int] = {}
    for subject, predicate, obj, _ in relations:
        if actor_id in (subject, obj):
            other = obj if subject == actor_id else subject
            first[other] = min(first.get(other, 99), _RING_ORDER.get(predicate, 9))
    ring1 = sorted(first, key=lambda a: (first[a], _label(actors, a).casefold(), a))
    angles = dict(zip(ring1, _ring_angles(len(ring1))))

    ring2: list[str] = []
    if second_ring:
        links: dict[str, set[str]] = {}
        for subject, _, obj, _ in relations:
            for near, far in ((subject, obj), (obj, subject)):
                if near in first and far != actor_id and far not in first:
                    if actors[far].kind == "group":
                        links.setdefault(far, set()).add(near)
        ranked = sorted(links, key=lambda a: (-len(links[a]), _label(actors, a).casefold()))
        ring2 = ranked[:max_second]
        # Half a step off their inner neighbours, so an outer node does not sit on the label
        # of the inner node it is linked to.
        half = math.pi / max(len(ring1), 1)
        preferred = {a: _circular_mean([angles[n] for n in links[a]]) - half for a in ring2}
        ring2.sort(key=lambda a: (-preferred[a]) % (2 * math.pi))  # clockwise from the right
        gap = 2 * math.pi / max(len(ring2), 16)
        placed: list[float] = []
        for a in ring2:
            angle = preferred[a]
            if placed and (placed[-1] - angle) % (2 * math.pi) < gap:
                angle = placed[-1] - gap  # clockwise is decreasing
            placed.append(angle)
            angles[a] = angle

    nodes = [_node(actors, actor_id, 0, 0.0)]
    nodes += [_node(actors, a, 1, angles[a]) for a in ring1]
    nodes += [_node(actors, a, 2, angles[a]) for a in ring2]
    shown = {n.actor_id for n in nodes}
    pairs: dict[tuple[str, str, str], list[str]] = {}
    for subject, predicate, obj, status in relations:
        if subject not in shown or obj not in shown:
            continue
        if subject in ring2 and obj in ring2:
            continue  # the outer ring only says how it reaches the inner one
        pairs.setdefault((subject, obj, status), [])
        if predicate not in pairs[(subject, obj, status)]:
            pairs[(subject, obj, status)].append(predicate)
    edges = tuple(Edge(s, o, tuple(p), st) for (s, o, st), p in pairs.items())
    return LinkChart(actor_id, tuple(nodes), edges)


def _node(actors: dict[str, Actor], actor_id: str, ring: int, angle: float) -> Node:
    actor = actors[actor_id]
    radius = RING_RADII[ring]
    return Node(
        actor_id,
        actor.short,
        actor.name,
        actor.kind,
        actor.family,
        ring,
        round(radius * math.cos(angle), 6),
        round(radius * math.sin(angle), 6),
    )


NODE_SIZES = {0: 38, 1: 22, 2: 15}


def _text_position(node: Node) -> str:
    if node.ring == 0:
        return "bottom center"
    if node.x > 0.25:
        return "middle right"
    if node.x < -0.25:
        return "middle left"
    return "top center" if node.y > 0 else "bottom center"


def _upright(degrees: float) -> float:
    while degrees > 90:
        degrees -= 180
    while degrees < -90:
        degrees += 180
    return degrees


def link_figure(chart: LinkChart, *, present: bool = False) -> go.Figure:
    """The link chart as a Plotly figure: lines per status (solid confirmed, dashed claimed,
    dotted disputed) with an arrowhead at the object and the predicate along the line; nodes
    coloured by family, shaped by kind. customdata[0] of every node is its actor id."""
    scale = 1.4 if present else 1.0
    font = 18 if present else 12
    fig = go.Figure()
    positions = {n.actor_id: n for n in chart.nodes}
    annotations = []
    for status, dash in STATUS_DASH.items():
        xs: list[float | None] = []
        ys: list[float | None] = []
        for edge in chart.edges:
            if edge.dash != dash:
                continue
            a, b = positions[edge.subject_id], positions[edge.object_id]
            xs += [a.x, b.x, None]
            ys += [a.y, b.y, None]
            dx, dy = b.x - a.x, b.y - a.y
            length = math.hypot(dx, dy) or 1.0
            ux, uy = dx / length, dy / length
            back = 0.06 + NODE_SIZES[b.ring] * scale / 2 / 150
            hx, hy = b.x - ux * back, b.y - uy * back
            annotations.append(  # the arrowhead, at the object's edge
                dict(x=hx, y=hy, ax=hx - ux * 0.015, ay=hy - uy * 0.015, xref="x", yref="y",
                     axref="x", ayref="y", text="", showarrow=True, arrowhead=2,
                     arrowsize=1.3, arrowwidth=1.4 * scale, arrowcolor="#666666")
            )
            where = 0.55 if edge.subject_id == chart.centre or edge.object_id == chart.centre else 0.5
            mx, my = a.x + dx * where, a.y + dy * where
            annotations.append(
                dict(x=mx, y=my, xref="x", yref="y", text=esc(edge.label, 40), showarrow=False,
                     textangle=_upright(-math.degrees(math.atan2(dy, dx))),
                     font=dict(size=font - 3, color="#444444"), bgcolor="rgba(255,255,255,0.7)")
            )
        if xs or status == "confirmed":
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="lines", name=f"{status} relation",
                    line=dict(color="#8A8A8A", width=1.6 * scale, dash=dash),
                    hoverinfo="skip", legendgroup="edges",
                )
            )
    for family, colour in palette.FAMILY_COLOURS.items():
        nodes = [n for n in chart.nodes if n.family == family]
        if not nodes:
            continue
        fig.add_trace(
            go.Scatter(
                x=[n.x for n in nodes],
                y=[n.y for n in nodes],
                mode="markers+text",
                name=palette.FAMILY_LABELS[family],
                text=["" if n.ring == 0 else esc(n.label, 36) for n in nodes],
                textposition=[_text_position(n) for n in nodes],
                textfont=dict(size=[font + 3 if n.ring == 0 else font if n.ring == 1 else font - 1
                                    for n in nodes], color=palette.TEXT),
                customdata=[[n.actor_id] for n in nodes],
                hovertext=[
                    f"{esc(n.name, 80)}<br>{esc(KIND_LABELS.get(n.kind, n.kind))}"
                    + ("" if n.ring == 0 else "<br>click to open its profile")
                    for n in nodes
                ],
                hoverinfo="text",
                marker=dict(
                    size=[NODE_SIZES[n.ring] * scale for n in nodes],
                    color=colour,
                    symbol=[KIND_SYMBOLS.get(n.kind, "circle") for n in nodes],
                    opacity=[1.0 if n.ring < 2 else 0.7 for n in nodes],
                    line=dict(color="#FFFFFF", width=1.5),
                ),
                legendgroup="families",
            )
        )
    centre = positions[chart.centre]
    annotations.append(  # the centre's name, on a white label so that the lines do not cross it
        dict(x=centre.x, y=centre.y - 0.2, xref="x", yref="y", showarrow=False, yanchor="top",
             text=f"<b>{esc(centre.label, 40)}</b>", font=dict(size=font + 4, color=palette.TEXT),
             bgcolor="rgba(255,255,255,0.92)", borderpad=2)
    )
    reach = RING_RADII[2] if any(n.ring == 2 for n in chart.nodes) else RING_RADII[1]
    span = reach + 0.3
    height = 900 if reach > 1.5 else 640
    fig.update_layout(
        annotations=annotations,
        showlegend=True,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=font)),
        height=int(height * (1.2 if present else 1.0)),
        margin=dict(l=10, r=10, t=40, b=10),
        # Equal scales (a circle stays a circle); the x range is widened to the chart's width.
        xaxis=dict(visible=False, range=[-span * 1.25, span * 1.25], constrain="domain"),
        yaxis=dict(visible=False, range=[-span, span], scaleanchor="x", scaleratio=1),
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        dragmode=False,
        hovermode="closest",
        clickmode="event+select",
        font=dict(size=font, color=palette.TEXT),
    )
    return fig


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


# --- the narrative --------------------------------------------------------------------------


def narrative(ds, box: FactBox) -> list[str]:
    """One to three sentences generated from the facts (raw text; the page labels them)."""
    actor = box.actor
    actors = actors_by_id(ds)
    family = palette.FAMILY_LABELS.get(actor.family, actor.family).replace(" and affiliates", "")
    kind = KIND_LABELS.get(actor.kind, actor.kind or "actor")
    who = actor.short if actor.short == actor.name else f"{actor.short} ({actor.name})"
    it = actor.short if actor.kind == "person" else "it"
    first = f"{who} is recorded as {'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    first += f" of the {family} family" if actor.family != "other" else ""
    if box.events:
        years = box.first_year if box.first_year == box.last_year else f"{box.first_year} to {box.last_year}"
        verb = "involves" if box.events == 1 else "involve"
        first += f"; {box.events} event{'s' if box.events != 1 else ''} {verb} {it}, dated {years}."
    else:
        first += f"; no event involves {it}."
    sentences = [first]
    if box.leaders:
        names = [f"{f.text} ({f.date})" if f.date != "undated" else f.text for f in box.leaders]
        sentences.append(f"Its leaders in the sources: {', '.join(names)}.")
    elif box.led:
        names = [f"{f.text} ({f.date})" if f.date != "undated" else f.text for f in box.led]
        sentences.append(f"{actor.short} leads or led: {', '.join(names)}.")
    rel = [(r.predicate, r.other_id) for _, items in relations_of(ds, actor.actor_id) for r in items]
    if rel:
        others = {o for _, o in rel}
        counts = Counter(p for p, _ in rel)
        top = ", ".join(f"{n} {predicate_label(p)}" for p, n in counts.most_common(3))
        rivals = sorted({_label(actors, o) for p, o in rel if p in ("rival_of", "fought")})
        text = f"The sources link {it} to {len(others)} actor{'s' if len(others) != 1 else ''} by {len(rel)} relation{'s' if len(rel) != 1 else ''} (most: {top})"
        if rivals:
            text += f"; rivals and enemies: {', '.join(rivals[:6])}{' and others' if len(rivals) > 6 else ''}"
        sentences.append(text + ".")
    return sentences


# --- excerpts that mention the actor ---------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    excerpt_id: str
    source_id: str
    char_start: int
    char_end: int
    text: str
    cited_by: tuple[str, ...]  # raw labels: "profile evidence", "event: …", "relation: …"


@dataclass(frozen=True)
class SourceMentions:
    citation: Citation
    mentions: tuple[Mention, ...] = field(default_factory=tuple)


def mentions(
    ds,
    actor_id: str,
    events: pd.DataFrame,
    *,
    everything: bool = True,
    sources: Sequence[str] = (),
) -> list[SourceMentions]:
    """Every excerpt that mentions the actor, grouped by source, in reading order.

    The excerpts of the (filtered) `events` that involve the actor, and, when `everything`
    (no filter narrows the view), the actor's own evidence and its relations'. `sources`, when
    given, keeps only those sources' excerpts.
    """
    actors = actors_by_id(ds)
    cited: dict[str, list[str]] = {}

    def add(excerpt_ids: Iterable[str], why: str) -> None:
        for excerpt_id in excerpt_ids:
            reasons = cited.setdefault(str(excerpt_id), [])
            if why not in reasons:
                reasons.append(why)

    if everything:
        add(actors[actor_id].excerpt_ids, "profile evidence")
        for title, items in relations_of(ds, actor_id):
            for r in items:
                add(r.excerpt_ids, f"relation: {r.sentence}")
    for row in involves(events, actor_id).to_dict("records"):
        add(_list(row.get("excerpt_ids")), f"event: {_str(row.get('title')) or row.get('event_id')}")

    rows = _excerpts(ds, sorted(cited))
    if sources:
        rows = rows[rows["source_id"].isin(list(sources))]
    cites = citations(ds)
    grouped: dict[str, list[Mention]] = {}
    for row in rows.sort_values(["source_id", "char_start", "char_end"]).itertuples(index=False):
        grouped.setdefault(str(row.source_id), []).append(
            Mention(str(row.excerpt_id), str(row.source_id), int(row.char_start),
                    int(row.char_end), _str(row.text), tuple(cited[str(row.excerpt_id)]))
        )
    order = list(ds.sources["source_id"])
    result = []
    for source_id in sorted(grouped, key=lambda s: (order.index(s) if s in order else len(order), s)):
        citation = cites.get(source_id) or Citation(source_id, source_id, "unknown", "unknown", "F",
                                                    RELIABILITY_WORDS["F"])
        result.append(SourceMentions(citation, tuple(grouped[source_id])))
    return result


_CASE_SENSITIVE = re.compile(r"^[A-Z0-9&.\-]{1,5}s?$")  # AQ, IS, AQIM, EIGS, AQs: exact case


def alias_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A regex that finds any of the names as whole words, longest first.

    Short capitalised acronyms (IS, AQ, US) match with their case only, so the English word
    "is" is not taken for the Islamic State; every other name ignores case.
    """
    unique = sorted({n.strip() for n in names if n and n.strip()}, key=lambda n: (-len(n), n))
    if not unique:
        return None
    parts = []
    for name in unique:
        body = re.escape(name)
        parts.append(body if _CASE_SENSITIVE.match(name) else f"(?i:{body})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def mention_spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if pattern is None or not text:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


def highlight_markdown(text: str, pattern: re.Pattern[str] | None, escape) -> str:
    """`text` as Markdown with every match of `pattern` in bold; `escape` (components.text's
    md_escape) is applied to every piece of the text before any Markdown is added, so the
    source's own characters never become formatting, links or HTML."""
    out: list[str] = []
    position = 0
    for start, end in mention_spans(text, pattern):
        out.append(escape(text[position:start]))
        out.append(f"**{escape(text[start:end])}**")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)
