"""The dashboard's shared filters: parsed from the URL, written back to it, described in a
sentence and turned into SQL (after Datasette: every state is a link, every filter says what
it does)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sahel_atlas.contract import schema

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
# A pasted paragraph is not a search; long values also bloat every link.
Q_MAX_CHARS = 200
# More names than this in a sentence are summarised as "... or N more".
NAMES_IN_SENTENCE = 3
SHORT_TITLE_CHARS = 40

# Names for the ISO3 codes the corpus is likely to use; anything else shows its code.
COUNTRY_NAMES: dict[str, str] = {
    "BEN": "Benin",
    "BFA": "Burkina Faso",
    "CIV": "Côte d'Ivoire",
    "CMR": "Cameroon",
    "DZA": "Algeria",
    "ESH": "Western Sahara",
    "FRA": "France",
    "GHA": "Ghana",
    "GIN": "Guinea",
    "LBY": "Libya",
    "MAR": "Morocco",
    "MLI": "Mali",
    "MRT": "Mauritania",
    "NER": "Niger",
    "NGA": "Nigeria",
    "SDN": "Sudan",
    "SEN": "Senegal",
    "TCD": "Chad",
    "TGO": "Togo",
    "TUN": "Tunisia",
    "USA": "United States",
}

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&'-]{1,11}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


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


def country_name(iso3: str) -> str:
    return COUNTRY_NAMES.get(iso3, iso3)


def short_name(name: str, kind: str | None, aliases: Iterable[str]) -> str:
    """A group's shortest all-capitals alias (AQIM, JNIM), else its name."""
    if kind in ("group", "organisation"):
        acronyms = [a for a in aliases if _ACRONYM.match(a)]
        if acronyms:
            return min(acronyms, key=len)  # min keeps the first of equal lengths
    return name


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A source title cut at a word boundary to fit in a sentence."""
    title = " ".join((title or "").split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return f"{cut}…"


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
        used_types = con.execute(
            "SELECT event_type FROM events UNION SELECT sub_event_type FROM events "
            "ORDER BY 1"
        ).fetchall()
        used_statuses = con.execute(
            "SELECT DISTINCT status FROM events WHERE status IS NOT NULL ORDER BY status"
        ).fetchall()
        lo, hi = con.execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
        # The contract's types are always offered, so that a link stays valid on a dataset
        # that happens to lack a type; a dataset's own extra types are accepted too.
        contract_types = [*schema.EVENT_TYPES, *schema.SUB_EVENT_TYPES]
        extra_types = [t for (t,) in used_types if t and t not in contract_types]
        extra_statuses = [s for (s,) in used_statuses if s not in schema.STATUSES]
        return cls(
            actors={a: short_name(n or a, k, al) for a, n, k, al in actors},
            actor_names={a: n or a for a, n, _, _ in actors},
            aliases={a: tuple(al) for a, _, _, al in actors},
            event_types=tuple(contract_types + extra_types),
            locations={loc: n or loc for loc, n, _ in locations},
            countries=frozenset(c for _, _, c in locations if c),
            sources={s: short_title(t or s) for s, t in sources},
            statuses=tuple([*schema.STATUSES, *extra_statuses]),
            bounds=widen_bounds(DEFAULT_BOUNDS, lo, hi),
        )

    def place_name(self, place: str) -> str:
        if place in self.locations:
            return self.locations[place]
        return country_name(place)

    def bounds_label(self) -> str:
        return date_range_label(*self.bounds)


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


# --- URL parameters ----------------------------------------------------------------------


def _values(params: Mapping[str, object], key: str) -> list[str]:
    """Every non-blank value of one parameter, whatever shape the mapping gives it."""
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, (str, bytes)) else raw
    try:
        items = list(items)  # type: ignore[arg-type]
    except TypeError:
        items = [items]
    out = []
    for item in items:
        if isinstance(item, bytes):
            item = item.decode("utf-8", errors="replace")
        text = str(item).strip() if item is not None else ""
        if text:
            out.append(text)
    return out


def parse_date_param(text: str, end: bool) -> dt.date | None:
    """`2012`, `2012-05` or `2012-05-01` as a date: a period's first day, or last if `end`."""
    text = text.strip()
    try:
        if _YEAR.match(text):
            year = int(text)
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        month = _MONTH.match(text)
        if month:
            start = dt.date(int(month[1]), int(month[2]), 1)
            if not end:
                return start
            return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except (ValueError, OverflowError):
        return None
    return None


def _show(value: str) -> str:
    """A value as echoed in a notice: on one line and not absurdly long."""
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:59] + "…"


def _lookup(known: Iterable[str]) -> dict[str, str]:
    return {k.casefold(): k for k in known}


def parse_query_params(
    params: Mapping[str, str | Sequence[str]], vocab: Vocabulary
) -> tuple[Filters, list[str]]:
    """Filters from URL parameters, and a notice for every value ignored; never raises.

    Pass `st.query_params` itself: a mapping with `get_all` (as Streamlit's has) is read with
    it, so that repeated parameters (`actor=aqim&actor=jnim`) are all kept.
    """
    notices: list[str] = []
    try:
        if callable(getattr(params, "get_all", None)):
            items = {key: params.get_all(key) for key in params}  # type: ignore[attr-defined]
        else:
            items = dict(params.items())
    except Exception:  # noqa: BLE001 - a URL must never break the page
        return Filters(), ["Ignored the URL's parameters: not readable."]

    window: dict[str, dt.date | None] = {"from": None, "to": None}
    for key in ("from", "to"):
        values = _values(items, key)
        for extra in values[1:]:
            notices.append(f"Ignored {key}={_show(extra)}: only one '{key}' is used.")
        if not values:
            continue
        value = values[0]
        parsed = parse_date_param(value, end=key == "to")
        if parsed is None:
            notices.append(f"Ignored {key}={_show(value)}: not a year or an ISO date.")
        elif not vocab.bounds[0] <= parsed <= vocab.bounds[1]:
            notices.append(f"Ignored {key}={_show(value)}: outside {vocab.bounds_label()}.")
        else:
            window[key] = parsed
    if window["from"] and window["to"] and window["from"] > window["to"]:
        shown = _show(_values(items, "to")[0])
        notices.append(f"Ignored to={shown}: before from={_show(_values(items, 'from')[0])}.")
        window["to"] = None

    rule, rule_notices = _date_rule(_values(items, "dates"))
    notices += rule_notices

    places = {**_lookup(vocab.countries), **_lookup(vocab.locations)}  # ids win over codes
    known: dict[str, tuple[dict[str, str], str]] = {
        "actors": (_lookup(vocab.actors), "no such actor"),
        "types": (_lookup(vocab.event_types), "no such event type"),
        "places": (places, "no such place or country code"),
        "sources": (_lookup(vocab.sources), "no such source"),
        "statuses": (_lookup(vocab.statuses), f"not one of {', '.join(vocab.statuses)}"),
    }
    chosen: dict[str, tuple[str, ...]] = {}
    for name, param in LIST_PARAMS.items():
        lookup, reason = known[name]
        picked: list[str] = []
        for value in _values(items, param):
            canonical = lookup.get(value.casefold())
            if canonical is None:
                notices.append(f"Ignored {param}={_show(value)}: {reason}.")
            elif canonical not in picked:
                picked.append(canonical)
        chosen[name] = tuple(picked)

    queries = _values(items, "q")
    q = queries[0] if queries else ""
    for extra in queries[1:]:
        notices.append(f"Ignored q={_show(extra)}: only one 'q' is used.")
    if len(q) > Q_MAX_CHARS:
        notices.append(f"Shortened q to its first {Q_MAX_CHARS} characters.")
        q = q[:Q_MAX_CHARS]

    return Filters(window["from"], window["to"], q=q, dates=rule, **chosen), notices


def _date_rule(values: list[str]) -> tuple[str, list[str]]:
    """The `dates=` rule of a URL (the default if absent or not valid), and its notices."""
    notices = [f"Ignored dates={_show(extra)}: only one 'dates' is used." for extra in values[1:]]
    if not values:
        return OVERLAP, notices
    rule = values[0].casefold()
    if rule in DATE_RULES:
        return rule, notices
    notices.append(f"Ignored dates={_show(values[0])}: not one of {', '.join(DATE_RULES)}.")
    return OVERLAP, notices


def to_query_params(filters: Filters) -> dict[str, list[str]]:
    """The URL parameters of `filters`: the inverse of `parse_query_params`."""
    params: dict[str, list[str]] = {}
    if filters.date_from:
        params["from"] = [_date_param(filters.date_from, end=False)]
    if filters.date_to:
        params["to"] = [_date_param(filters.date_to, end=True)]
    if filters.dates != OVERLAP:
        params["dates"] = [filters.dates]
    for name, param in LIST_PARAMS.items():
        if getattr(filters, name):
            params[param] = list(getattr(filters, name))
    if filters.q:
        params["q"] = [filters.q]
    return params


def _date_param(day: dt.date, end: bool) -> str:
    """A bound as the shortest text that parses back to it: `2012` for a whole year."""
    whole_year = (day.month, day.day) == ((12, 31) if end else (1, 1))
    return str(day.year) if whole_year else day.isoformat()


# --- The sentence --------------------------------------------------------------------------


def date_range_label(start: dt.date | None, end: dt.date | None) -> str:
    """`2012-2020`, `2013`, `from 2012`, `until 2020`, `2013-03-01 to 2013-04-30`; '' if open."""
    left = _date_param(start, end=False) if start else None
    right = _date_param(end, end=True) if end else None
    if left and right:
        if left.isdigit() and right.isdigit():
            return left if left == right else f"{left}-{right}"
        return f"{left} to {right}"
    if left:
        return f"from {left}"
    if right:
        return f"until {right}"
    return ""


def either(names: Sequence[str], noun: str = "more") -> str:
    """`A`, `A or B`, `A or B or C`, `A or B or C or 2 more`."""
    shown = list(names[:NAMES_IN_SENTENCE])
    rest = len(names) - len(shown)
    if rest:
        shown.append(f"{rest} {noun}")
    return " or ".join(shown)


def window_words(start: dt.date | None, end: dt.date | None) -> str:
    """The window as words after a verb: `in 2013`, `between 2013-03-01 and 2013-04-30`."""
    label = date_range_label(start, end)
    if start and end:
        if " to " not in label:  # whole years: 2013, 2012-2020
            return f"in {label}"
        return f"between {_date_param(start, end=False)} and {_date_param(end, end=True)}"
    if start:
        return f"from {_date_param(start, end=False)} on"
    if end:
        return f"up to {_date_param(end, end=True)}"
    return ""


def describe(filters: Filters, count: int, vocab: Vocabulary, uncertain: int = 0) -> str:
    """One sentence saying how many events match and why, in display names.

    `uncertain` is how many events only may fall in the date window (their dates reach
    beyond it): part of `count` under the overlap rule, left out of it under `within`.
    """
    noun = "event" if count == 1 else "events"
    if filters.is_empty():
        return f"1 {noun}" if count == 1 else f"All {count:,} {noun}"
    parts = [f"{count:,} {noun}"]
    window = window_words(filters.date_from, filters.date_to)
    if filters.dates == WITHIN:
        parts[0] += f" known to lie {window}"
    elif window:
        parts.append(date_range_label(filters.date_from, filters.date_to))
    if filters.actors:
        parts.append(either([vocab.actors.get(a, a) for a in filters.actors], "more actors"))
    if filters.types:
        parts.append("of type " + either(list(filters.types), "more types"))
    if filters.places:
        parts.append("in " + either([vocab.place_name(p) for p in filters.places], "more places"))
    if filters.sources:
        titles = [vocab.sources.get(s, s) for s in filters.sources]
        parts.append("reported by " + either(titles, "more sources"))
    if filters.statuses:
        parts.append(either(list(filters.statuses)))
    if filters.q:
        parts.append(f"containing '{filters.q}'")
    if window and uncertain > 0:
        # Said last, as it qualifies the whole selection, not the dates alone.
        if filters.dates == WITHIN:
            parts.append(f"leaving out {uncertain:,} that only may fall {window}")
        else:
            parts.append(f"of which {uncertain:,} only may fall {window}")
    return ", ".join(parts)


# --- SQL -----------------------------------------------------------------------------------

# Case- and accent-insensitive text, so that "menaka" finds "Ménaka".
_FOLD = "strip_accents(lower({}))"
_NEEDLE = _FOLD.format("?")


def _fold(expr: str) -> str:
    return _FOLD.format(expr)


def to_sql(filters: Filters, indexed: bool = False) -> tuple[str, list]:
    """A DuckDB WHERE clause over `events` with `?` parameters; "TRUE" when nothing is filtered.

    The clause names the outer table's columns unqualified and reads `locations`, `excerpts`
    and `actors` through uncorrelated subqueries, so it works whatever `events` is aliased as.

    `indexed=True` is for a `Dataset.con`, which also holds `_event_actor` (actor -> event
    rowid, sorted by actor) and `_event_text` (each event's text folded once): the actor
    filter and the search then read those instead of every event's list and text, 5-30x
    faster at a million events. The rows selected are the same; the clause then refers to
    `events.rowid`, so `events` must be the only table in the FROM clause.
    """
    clauses: list[str] = []
    args: list = []
    dates_sql, args = _dates_sql(filters)
    clauses += dates_sql
    if filters.actors and indexed:
        clauses.append(
            "rowid IN (SELECT ev FROM _event_actor WHERE list_contains(?::VARCHAR[], actor_id))"
        )
        args.append(list(filters.actors))
    elif filters.actors:
        clauses.append("list_has_any(actor_ids, ?::VARCHAR[])")
        args.append(list(filters.actors))
    if filters.types:
        clauses.append(
            "(list_contains(?::VARCHAR[], event_type) "
            "OR list_contains(?::VARCHAR[], sub_event_type))"
        )
        args += [list(filters.types)] * 2
    if filters.places:
        clauses.append(
            "(list_contains(?::VARCHAR[], location_id) OR location_id IN "
            "(SELECT location_id FROM locations WHERE list_contains(?::VARCHAR[], country_iso3)))"
        )
        args += [list(filters.places)] * 2
    if filters.sources:
        clauses.append("list_has_any(source_ids, ?::VARCHAR[])")
        args.append(list(filters.sources))
    if filters.statuses:
        clauses.append("list_contains(?::VARCHAR[], status)")
        args.append(list(filters.statuses))
    if filters.q:
        sql, q_args = _search_sql(filters.q, indexed)
        clauses.append(sql)
        args += q_args
    return (" AND ".join(clauses) or "TRUE"), args


def _dates_sql(filters: Filters) -> tuple[list[str], list]:
    """The window's clauses: overlap (an event spanning 2010-2014 belongs to a 2012 filter)
    or within (it belongs only to a window that holds all of 2010-2014)."""
    end = "coalesce(date_end, date_start)"  # an event without an end is known to its start
    if filters.dates == WITHIN:
        to_col, from_col = end, "date_start"
    else:
        to_col, from_col = "date_start", end
    clauses: list[str] = []
    args: list = []
    if filters.date_to:
        clauses.append(f"{to_col} <= ?")
        args.append(filters.date_to)
    if filters.date_from:
        clauses.append(f"{from_col} >= ?")
        args.append(filters.date_from)
    return clauses, args


def _search_sql(q: str, indexed: bool = False) -> tuple[str, list]:
    """Substring search over an event's own text, its excerpts, its actors and its place."""
    sep = "chr(10)"  # joins several texts so one needle is tested once; a needle is one line
    if indexed:
        # Title, description and excerpts are folded once, in `_event_text`; actors and
        # places are small tables, folded per search.
        names = f"{_fold(f'concat_ws({sep}, a.name, array_to_string(a.aliases, {sep}))')}"
        sql = (
            f"(rowid IN (SELECT ev FROM _event_text WHERE contains(text, {_NEEDLE})) "
            "OR rowid IN (SELECT ev FROM _event_actor WHERE actor_id IN "
            f"(SELECT a.actor_id FROM actors a WHERE contains({names}, {_NEEDLE}))) "
            "OR location_id IN (SELECT location_id FROM locations l WHERE contains("
            f"{_fold(f'concat_ws({sep}, l.name, array_to_string(l.aliases, {sep}))')}, {_NEEDLE})))"
        )
        return sql, [q] * 3
    own = f"contains({_fold(f'concat_ws({sep}, title, description)')}, {_NEEDLE})"
    excerpts = (
        "SELECT e.event_id FROM (SELECT event_id, unnest(excerpt_ids) AS excerpt_id FROM events) e "
        "JOIN excerpts x ON x.excerpt_id = e.excerpt_id "
        f"WHERE contains({_fold('x.text')}, {_NEEDLE})"
    )
    actors = (
        "SELECT e.event_id FROM (SELECT event_id, unnest(actor_ids) AS actor_id FROM events) e "
        "JOIN actors a ON a.actor_id = e.actor_id WHERE contains("
        f"{_fold(f'concat_ws({sep}, a.name, array_to_string(a.aliases, {sep}))')}, {_NEEDLE})"
    )
    # Not in the brief's list, but a user typing "Timbuktu" expects the events there.
    places = (
        "SELECT location_id FROM locations l WHERE contains("
        f"{_fold(f'concat_ws({sep}, l.name, array_to_string(l.aliases, {sep}))')}, {_NEEDLE})"
    )
    sql = (
        f"({own} OR event_id IN ({excerpts} UNION {actors}) OR location_id IN ({places}))"
    )
    return sql, [q] * 4
