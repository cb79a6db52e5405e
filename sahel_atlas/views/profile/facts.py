"""The fact box: formation and end, affiliations, members, leaders, strength, events per origin."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import as_date
from sahel_atlas.text.values import str_list, text
from sahel_atlas.views.profile.actors import Actor, actors_by_id, label
from sahel_atlas.views.profile.citations import Citation, citations
from sahel_atlas.views.profile.events import Roles, fact_events, is_subject, origin_tally, roles
from sahel_atlas.views.profile.periods import row_period
from sahel_atlas.views.profile.relations import relation_records
from sahel_atlas.views.profile.vocabulary import AFFILIATION_PREDICATES, PREDICATE_PHRASES

ORIGIN_RANK = {"curated": 0, "acled": 1, "ucdp": 2}
ORIGIN_PHRASES = {"curated": "from the sources", "acled": "from ACLED", "ucdp": "from UCDP"}
_MEMBERSHIP = ("part_of", "member_of", "merged_into")  # X <predicate> it: X is a component


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


def origin_phrase(by_origin: Iterable[tuple[str, int]]) -> str:
    """'16 from the sources, 355 from ACLED'."""
    return ", ".join(f"{n:,} {ORIGIN_PHRASES.get(o, 'from ' + o)}" for o, n in by_origin if n)


def _relation_fact(row: dict, sentence: str, other_id: str | None) -> Fact:
    return Fact(
        text=sentence,
        date=row_period(row),
        status=text(row.get("status")) or "confirmed",
        other_id=other_id,
        start=as_date(row.get("date_start"), strict=False),
        excerpt_ids=tuple(str_list(row.get("excerpt_ids"))),
        origin=f"relation {row.get('relation_id')}",
    )


def _event_fact(row: dict) -> Fact:
    return Fact(
        text=text(row.get("title")) or str(row.get("event_id")),
        date=row_period(row),
        status=text(row.get("status")) or "confirmed",
        start=as_date(row.get("date_start"), strict=False),
        excerpt_ids=tuple(str_list(row.get("excerpt_ids"))),
        origin=f"event {row.get('event_id')}",
    )


Facts = dict[str, list[Fact]]  # fact box field ("formed", "leaders", ...) -> its facts


def _facts_as_object(facts: Facts, row: dict, predicate: str, subject: str, name: str) -> None:
    """The facts of a relation whose object is the profile's actor (someone founded, leads it)."""
    if predicate == "founded":
        facts["formed"].append(_relation_fact(row, f"founded by {name}", subject))
    elif predicate == "leads":
        facts["leaders"].append(_relation_fact(row, name, subject))
    elif predicate in _MEMBERSHIP:
        sentence = f"{name} {PREDICATE_PHRASES[predicate]} it"
        facts["components"].append(_relation_fact(row, sentence, subject))


def _facts_as_subject(facts: Facts, row: dict, predicate: str, obj: str, name: str, kind: str) -> None:
    """The facts of a relation whose subject is the profile's actor (it merged, leads, ...)."""
    if predicate == "merged_into":
        facts["ended"].append(_relation_fact(row, f"merged into {name}", obj))
    if predicate == "split_from" and kind != "person":
        facts["formed"].append(_relation_fact(row, f"split from {name}", obj))
    if predicate in AFFILIATION_PREDICATES:
        facts["affiliations"].append(_relation_fact(row, f"{PREDICATE_PHRASES[predicate]} {name}", obj))
    if predicate == "leads":
        facts["led"].append(_relation_fact(row, name, obj))


def _relation_facts(ds: Dataset, actor: Actor, actors: dict[str, Actor]) -> Facts:
    """The fact box's lines drawn from every relation of the actor."""
    facts: Facts = defaultdict(list)
    for row in relation_records(ds):
        subject, obj, predicate = str(row["subject_id"]), str(row["object_id"]), text(row["predicate"])
        if obj == actor.actor_id:
            _facts_as_object(facts, row, predicate, subject, label(actors, subject))
        if subject == actor.actor_id:
            _facts_as_subject(facts, row, predicate, obj, label(actors, obj), actor.kind)
    return facts


def _strength(row: dict, cites: dict[str, Citation]) -> Strength:
    event_id = str(row["event_id"])
    return Strength(
        event_id,
        text(row.get("title")) or event_id,
        text(row.get("description")),
        row_period(row),
        text(row.get("status")) or "confirmed",
        tuple(cites[s] for s in str_list(row.get("source_ids")) if s in cites),
        tuple(str_list(row.get("excerpt_ids"))),
    )


def _event_facts(ds: Dataset, actor_id: str, own: pd.DataFrame, facts: Facts) -> list[Strength]:
    """Add the founding and merger events to `facts`; return the strength estimates."""
    found: Roles = roles(ds, [str(e) for e in own["event_id"]])
    cites = citations(ds)
    strengths = []
    for row in own.to_dict("records"):
        event_id, kind = str(row["event_id"]), text(row.get("sub_event_type"))
        about = is_subject(found, event_id, str_list(row.get("actor_ids")), actor_id)
        if kind == "Group founded" and about:
            facts["formed"].append(_event_fact(row))
        elif kind == "Merger":
            facts["formed" if about else "ended"].append(_event_fact(row))
        elif kind == "Strength estimate" and found.get((event_id, actor_id)) not in ("source", "announcer"):
            strengths.append(_strength(row, cites))  # (a source or announcer only reported it)
    return strengths


def _by_date(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple(sorted(facts, key=lambda f: (f.start is None, f.start or dt.date.min, f.text)))


def _origin_counts(tally: Iterable[tuple]) -> tuple[tuple[str, int], ...]:
    """(origin, events) in reading order: the curated sources first, then each import."""
    counts: Counter[str] = Counter()
    for origin, events, *_ in tally:
        counts[text(origin) or "curated"] += int(events)
    return tuple(sorted(counts.items(), key=lambda kv: (ORIGIN_RANK.get(kv[0], 9), kv[0])))


def _dates(cells: Iterable[object]) -> list[dt.date]:
    """The cells that hold a date, as dates."""
    return [d for d in (as_date(v, strict=False) for v in cells) if d is not None]


def _years(tally: Iterable[tuple]) -> tuple[int | None, int | None]:
    """The first start year and the last end (or start) year of the events."""
    rows = list(tally)
    starts = _dates(r[2] for r in rows) + _dates(r[3] for r in rows)
    ends = _dates(r[4] for r in rows)
    return (min(starts).year, max(ends + starts).year) if starts else (None, None)


def fact_box(ds: Dataset, actor_id: str) -> FactBox:
    """The profile's fact box, from every relation and event (the filters do not apply)."""
    actors = actors_by_id(ds)
    actor = actors[actor_id]
    facts = _relation_facts(ds, actor, actors)
    tally = origin_tally(ds, actor_id)
    strengths = _event_facts(ds, actor_id, fact_events(ds, actor_id), facts)
    first_year, last_year = _years(tally)
    return FactBox(
        actor=actor,
        **{name: _by_date(facts[name]) for name in
           ("formed", "ended", "affiliations", "components", "leaders", "led")},
        strengths=tuple(sorted(strengths, key=lambda s: s.date)),
        events=sum(int(row[1]) for row in tally),
        by_origin=_origin_counts(tally),
        first_year=first_year,
        last_year=last_year,
    )
