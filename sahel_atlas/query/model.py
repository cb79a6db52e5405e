"""The shared filters as a value (`Filters`) and the values they may take (`Vocabulary`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sahel_atlas.contract import schema
from sahel_atlas.text.countries import country_name
from sahel_atlas.text.names import short_name, short_title

if TYPE_CHECKING:
    from sahel_atlas.store.dataset import Dataset

# The URL's parameter for each repeatable filter field.
LIST_PARAMS: dict[str, str] = {
    "actors": "actor",
    "types": "type",
    "places": "place",
    "sources": "source",
    "statuses": "status",
}
PARAMS = ("from", "to", "dates", *LIST_PARAMS.values(), "q")
# How a date window selects events. OVERLAP (the default): every event whose possible dates
# overlap the window, so "2013" keeps a 1990-2020 span; WITHIN: only the events known to lie
# inside it. The URL says `dates=within`; the default is not written.
OVERLAP = "overlap"
WITHIN = "within"
DATE_RULES = (OVERLAP, WITHIN)


def _tuple(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(values)


@dataclass(frozen=True)
class Filters:
    """What the user has narrowed the events to; an empty field filters nothing."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    q: str = ""
    dates: str = OVERLAP  # one of DATE_RULES

    def __post_init__(self) -> None:
        # Lists passed by callers become tuples so that Filters stay hashable (cache keys).
        for name in LIST_PARAMS:
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        object.__setattr__(self, "q", (self.q or "").strip())
        if self.dates not in DATE_RULES:
            raise ValueError(f"dates must be one of {', '.join(DATE_RULES)}, not {self.dates!r}")
        if not self.has_window():
            # Without a window the rule selects nothing; one canonical form keeps equality,
            # cache keys and links free of a setting that changes nothing.
            object.__setattr__(self, "dates", OVERLAP)

    def has_window(self) -> bool:
        """A start or an end date is set, so the date rule matters."""
        return self.date_from is not None or self.date_to is not None

    def is_empty(self) -> bool:
        return self == Filters()


def is_empty(filters: Filters) -> bool:
    return filters.is_empty()


def _year_bounds(lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)


DEFAULT_BOUNDS = _year_bounds(dt.date(schema.YEAR_MIN, 1, 1), dt.date(schema.YEAR_MAX, 1, 1))


@dataclass(frozen=True)
class Vocabulary:
    """The values a filter may take, and their display names, as found in one dataset."""

    actors: dict[str, str] = field(default_factory=dict)  # actor id -> short display name
    actor_names: dict[str, str] = field(default_factory=dict)  # actor id -> full name
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    event_types: tuple[str, ...] = ()  # top-level types, then sub-types
    locations: dict[str, str] = field(default_factory=dict)  # location id -> name
    countries: frozenset[str] = frozenset()
    sources: dict[str, str] = field(default_factory=dict)  # source id -> short title
    statuses: tuple[str, ...] = schema.STATUSES
    bounds: tuple[dt.date, dt.date] = DEFAULT_BOUNDS

    @classmethod
    def from_dataset(cls, ds: Dataset) -> Vocabulary:
        """Read the vocabulary from a `Dataset`'s actors, locations, events and sources."""
        con = ds.con.cursor()
        actors = con.execute(
            "SELECT actor_id, name, kind, coalesce(aliases, []) FROM actors ORDER BY actor_id"
        ).fetchall()
        locations = con.execute(
            "SELECT location_id, name, country_iso3 FROM locations ORDER BY location_id"
        ).fetchall()
        sources = con.execute("SELECT source_id, title FROM sources ORDER BY source_id").fetchall()
        lo, hi = con.execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
        return cls(
            actors={a: short_name(n or a, k, al) for a, n, k, al in actors},
            actor_names={a: n or a for a, n, _, _ in actors},
            aliases={a: tuple(al) for a, _, _, al in actors},
            event_types=_event_types(con),
            locations={loc: n or loc for loc, n, _ in locations},
            countries=frozenset(c for _, _, c in locations if c),
            sources={s: short_title(t or s) for s, t in sources},
            statuses=_statuses(con),
            bounds=widen_bounds(DEFAULT_BOUNDS, lo, hi),
        )

    def place_name(self, place: str) -> str:
        """A location's name, else a country's name, else the value itself."""
        if place in self.locations:
            return self.locations[place]
        return country_name(place)


def _event_types(con) -> tuple[str, ...]:
    """The contract's types and sub-types, then a dataset's own extra ones."""
    used = con.execute(
        "SELECT event_type FROM events UNION SELECT sub_event_type FROM events ORDER BY 1"
    ).fetchall()
    # The contract's types are always offered, so that a link stays valid on a dataset
    # that happens to lack a type; a dataset's own extra types are accepted too.
    contract = [*schema.EVENT_TYPES, *schema.SUB_EVENT_TYPES]
    return tuple(contract + [t for (t,) in used if t and t not in contract])


def _statuses(con) -> tuple[str, ...]:
    """The contract's statuses, then a dataset's own extra ones."""
    used = con.execute(
        "SELECT DISTINCT status FROM events WHERE status IS NOT NULL ORDER BY status"
    ).fetchall()
    return tuple([*schema.STATUSES, *(s for (s,) in used if s not in schema.STATUSES)])


def widen_bounds(
    bounds: tuple[dt.date, dt.date], lo: dt.date | None, hi: dt.date | None
) -> tuple[dt.date, dt.date]:
    """`bounds` widened to whole years covering [lo, hi], so any year of an event is valid."""
    start, end = bounds
    if lo is not None and lo < start:
        start = dt.date(lo.year, 1, 1)
    if hi is not None and hi > end:
        end = dt.date(hi.year, 12, 31)
    return start, end
