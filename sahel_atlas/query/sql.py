"""The filters as a DuckDB WHERE clause over `events`, its values always parameters.

A `Clause` is a piece of SQL with the values of its `?` placeholders in text order; clauses
compose (`and_`, `or_`, `compose`) without anyone splitting or reading SQL text.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from sahel_atlas.query.model import WITHIN, Filters
from sahel_atlas.store.dataset import BITS_COLUMN, KIND_COLUMN, PLACE_COLUMN, fast_fold_sql, fold_sql

# actor id -> its bit in `events._actor_bits` (`Dataset.actor_bits`).
Bits = Mapping[str, int]
# The rows of `_kind`: (kind, event_type, sub_event_type, status) (`Dataset.kinds`).
Kinds = Sequence[tuple[int, str | None, str | None, str | None]]
# The rows of `_place`: (place, location_id, country_iso3) (`Dataset.places`).
PlaceRows = Sequence[tuple[int, str, str | None]]


class PlaceIds(NamedTuple):
    """A location id or a country code -> its place ids in `events._place` (ascending), and
    how many place ids there are: made once per dataset (`place_ids`), read per query."""

    by_place: Mapping[str, tuple[int, ...]]
    size: int


def place_ids(rows: PlaceRows) -> PlaceIds:
    """The `PlaceIds` of a dataset's `_place` rows."""
    by_place: dict[str, list[int]] = {}
    for place, location, country in rows:
        by_place.setdefault(location, []).append(place)
        if country is not None and country != location:
            by_place.setdefault(country, []).append(place)
    size = max((place for place, *_ in rows), default=0)
    return PlaceIds({key: tuple(sorted(ids)) for key, ids in by_place.items()}, size)


class Clause(NamedTuple):
    """SQL text and the values of its `?` placeholders, in the order they appear."""

    sql: str
    params: tuple[object, ...] = ()

    def and_(self, *others: Clause) -> Clause:
        """This clause and every other one."""
        return and_(self, *others)


TRUE = Clause("TRUE")


def and_(*clauses: Clause) -> Clause:
    """Every clause holds; `TRUE` ones are left out, and none at all is `TRUE`."""
    kept = [c for c in clauses if c != TRUE]
    if not kept:
        return TRUE
    return Clause(" AND ".join(c.sql for c in kept), tuple(p for c in kept for p in c.params))


def or_(*clauses: Clause) -> Clause:
    """Any clause holds, in parentheses so that it composes with `and_`."""
    return Clause(
        "(" + " OR ".join(c.sql for c in clauses) + ")", tuple(p for c in clauses for p in c.params)
    )


def compose(template: str, **parts: Clause | str) -> Clause:
    """`template` with each `{name}` replaced by a part; the parameters follow in text order.

    A `str` part is SQL written by this package (a column list, a validated period), never
    a user's value: those come in a `Clause`'s parameters.
    """
    sql: list[str] = []
    params: list = []
    for literal, name, _, _ in string.Formatter().parse(template):
        sql.append(literal)
        if name is None:
            continue
        part = parts[name]
        if isinstance(part, Clause):
            sql.append(part.sql)
            params += part.params
        else:
            sql.append(part)
    return Clause("".join(sql), tuple(params))


def _in_list(expr: str, values: tuple[str, ...]) -> Clause:
    return Clause(f"list_contains(?::VARCHAR[], {expr})", (list(values),))


def to_sql(
    filters: Filters,
    indexed: bool = False,
    bits: Bits | None = None,
    kinds: Kinds | None = None,
    places: PlaceIds | None = None,
) -> Clause:
    """A DuckDB WHERE clause over `events` with `?` parameters; "TRUE" when nothing is filtered.

    The clause names the outer table's columns unqualified and reads `locations`, `excerpts`
    and `actors` through uncorrelated subqueries, so it works whatever `events` is aliased as.

    `indexed=True` is for a `Dataset.con`, which also holds `_event_actor` (actor -> event
    rowid, sorted by actor) and `_event_text` (each event's text folded once): the actor
    filter and the search then read those instead of every event's list and text, 5-30x
    faster at a million events. The rows selected are the same; the clause may then refer to
    `events.rowid`, so `events` must be the only table in the FROM clause.
    With `bits` (`Dataset.actor_bits`), actors among them are tested on `events._actor_bits`;
    with `kinds` (`Dataset.kinds`), types and statuses on `events._kind`; with `places`
    (`place_ids(Dataset.places)`), places and countries on `events._place`.
    """
    by_kind = indexed and kinds is not None and bool(filters.types or filters.statuses)
    return and_(
        *_dates(filters),
        actors_sql(filters.actors, indexed, bits),
        kinds_sql(filters, kinds) if by_kind else TRUE,
        _types(filters.types) if not by_kind else TRUE,
        places_sql(filters.places, places) if indexed and places is not None and filters.places
        else _places(filters.places),
        Clause("list_has_any(source_ids, ?::VARCHAR[])", (list(filters.sources),))
        if filters.sources
        else TRUE,
        _in_list("status", filters.statuses) if filters.statuses and not by_kind else TRUE,
        search_sql(filters.q, indexed) if filters.q else TRUE,
    )


def kinds_sql(filters: Filters, kinds: Kinds) -> Clause:
    """The events whose (type, sub-type, status) is one that the type and status filters
    keep: their kinds are found here, among a few dozen rows, not per event."""
    types, statuses = set(filters.types), set(filters.statuses)
    kept = [
        kind
        for kind, event_type, sub_event_type, status in kinds
        if (not types or event_type in types or sub_event_type in types)
        and (not statuses or status in statuses)
    ]
    return kept_codes(KIND_COLUMN, kept, max((kind for kind, *_ in kinds), default=0))


def places_sql(wanted: tuple[str, ...], places: PlaceIds) -> Clause:
    """The events at one of `wanted` (location ids or country codes): their place ids are
    looked up here; one place or one country is one range of ids."""
    kept = sorted({place for key in wanted for place in places.by_place.get(key, ())})
    return kept_codes(PLACE_COLUMN, kept, places.size)


def kept_codes(column: str, kept: list[int], size: int) -> Clause:
    """The events whose `column` (ids 1..size) is one of `kept` (ascending), in the fastest
    test measured at 10M events: one range is pushed into the scan (10 ms); else a bitmask of
    up to 64 ids (20 ms); else one lookup in a list of booleans (45 ms). A `list_contains` of
    scattered ids becomes a hash join in DuckDB's plan (67 ms)."""
    if kept and kept[-1] - kept[0] + 1 == len(kept):
        return Clause(f"{column} BETWEEN ? AND ?", (kept[0], kept[-1]))
    if size <= 64:
        mask = sum(1 << (code - 1) for code in kept)
        return Clause(f"((1::UBIGINT << ({column} - 1)) & ?::UBIGINT) <> 0", (mask,))
    wanted = set(kept)
    return Clause(f"list_extract(?::BOOLEAN[], {column})",
                  ([k in wanted for k in range(1, size + 1)],))


def _dates(filters: Filters) -> tuple[Clause, Clause]:
    """The window's clauses: overlap (an event spanning 2010-2014 belongs to a 2012 filter)
    or within (it belongs only to a window that holds all of 2010-2014)."""
    end = "coalesce(date_end, date_start)"  # an event without an end is known to its start
    if filters.dates == WITHIN:
        to_col, from_col = end, "date_start"
    else:
        to_col, from_col = "date_start", end
    return (
        Clause(f"{to_col} <= ?", (filters.date_to,)) if filters.date_to else TRUE,
        Clause(f"{from_col} >= ?", (filters.date_from,)) if filters.date_from else TRUE,
    )


def actors_sql(
    actors: tuple[str, ...] | list[str], indexed: bool, bits: Bits | None = None
) -> Clause:
    """The events naming any of `actors`.

    Indexed, an actor with a bit is one AND on `events._actor_bits` (the busiest actors:
    most events); the others, with few events each, are found in `_event_actor` by rowid.
    """
    if not actors:
        return TRUE
    if not indexed:
        return Clause("list_has_any(actor_ids, ?::VARCHAR[])", (list(actors),))
    bits = bits or {}
    mask = 0
    for bit in {bits[a] for a in actors if a in bits}:
        mask |= 1 << bit
    rest = [a for a in actors if a not in bits]
    by_bits = Clause(f"({BITS_COLUMN} & ?::UBIGINT) <> 0", (mask,))
    by_rowid = Clause(
        "rowid IN (SELECT ev FROM _event_actor WHERE list_contains(?::VARCHAR[], actor_id))",
        (rest,),
    )
    if not rest:
        return by_bits
    return by_rowid if not mask else or_(by_bits, by_rowid)


def _types(types: tuple[str, ...]) -> Clause:
    if not types:
        return TRUE
    return or_(_in_list("event_type", types), _in_list("sub_event_type", types))


def _places(places: tuple[str, ...]) -> Clause:
    """A location id or a country code: the event's place, or any place in the country."""
    if not places:
        return TRUE
    in_country = Clause(
        "location_id IN (SELECT location_id FROM locations "
        "WHERE list_contains(?::VARCHAR[], country_iso3))",
        (list(places),),
    )
    return or_(_in_list("location_id", places), in_country)


# Joins several texts so one needle is tested once; a needle is one line.
_SEP = "chr(10)"


def _contains(text_sql: str, q: str) -> Clause:
    """`text_sql` (folded here) holds `q`, case and accents ignored."""
    return Clause(f"contains({fold_sql(text_sql)}, {fold_sql('?')})", (q,))


def _names(alias: str) -> str:
    """An actor's or a place's name and aliases as one text, for `alias` (a or l)."""
    return f"concat_ws({_SEP}, {alias}.name, array_to_string({alias}.aliases, {_SEP}))"


def named_actors_sql(q: str) -> Clause:
    """The actors whose name or an alias holds `q` (case and accents ignored)."""
    return compose("SELECT a.actor_id FROM actors a WHERE {hit}", hit=_contains(_names("a"), q))


def named_places_sql(q: str) -> Clause:
    """The places whose name or an alias holds `q` (case and accents ignored)."""
    return compose("SELECT l.location_id FROM locations l WHERE {hit}", hit=_contains(_names("l"), q))


def names_sql(q: str) -> Clause:
    """The indexed search's part beyond the events' own text: their actors' and place's names."""
    places = compose("location_id IN ({named})", named=named_places_sql(q))
    actors = compose(
        "rowid IN (SELECT ev FROM _event_actor WHERE actor_id IN ({named}))",
        named=named_actors_sql(q),
    )
    return or_(actors, places)


def _own_text(q: str) -> Clause:
    """An event's title or description holds `q` (each column folded on its own is the fold
    of their concatenation, see `fast_fold_sql`)."""
    return Clause(f"contains(concat_ws({_SEP}, {fast_fold_sql('title')}, "
                  f"{fast_fold_sql('description')}), {fold_sql('?')})", (q,))


def _quoted(q: str) -> Clause:
    """The excerpts whose text holds `q`."""
    return Clause(f"SELECT excerpt_id FROM excerpts WHERE contains({fast_fold_sql('text')}, "
                  f"{fold_sql('?')})", (q,))


def search_sql(q: str, indexed: bool = False, folded: bool = True) -> Clause:
    """Substring search over an event's own text, its excerpts, its actors and its place.

    `indexed` without `folded` is for a `Dataset.con` whose `_event_text` is not there yet
    (`Dataset.text_folded`): the texts are folded as they are scanned.
    """
    if indexed and not folded:
        return or_(_own_text(q), compose(
            "rowid IN (SELECT ev FROM (SELECT rowid AS ev, unnest(excerpt_ids) AS excerpt_id "
            "FROM events) WHERE excerpt_id IN ({quoted}))", quoted=_quoted(q)), names_sql(q))
    if indexed:
        # Title, description and excerpts are folded once, in `_event_text` (its text is
        # folded already, so only the needle is); actors and places are small tables,
        # folded per search.
        return or_(
            Clause(
                f"rowid IN (SELECT ev FROM _event_text WHERE contains(text, {fold_sql('?')}))",
                (q,),
            ),
            names_sql(q),
        )
    own = _own_text(q)
    excerpts = compose(
        "SELECT e.event_id FROM (SELECT event_id, unnest(excerpt_ids) AS excerpt_id FROM events) e "
        "WHERE e.excerpt_id IN ({quoted})", quoted=_quoted(q))
    actors = compose(
        "SELECT e.event_id FROM (SELECT event_id, unnest(actor_ids) AS actor_id FROM events) e "
        "JOIN actors a ON a.actor_id = e.actor_id WHERE {hit}",
        hit=_contains(_names("a"), q),
    )
    cited = compose("event_id IN ({excerpts} UNION {actors})", excerpts=excerpts, actors=actors)
    # Not in the brief's list, but a user typing "Timbuktu" expects the events there.
    places = compose(
        "location_id IN (SELECT location_id FROM locations l WHERE {hit})",
        hit=_contains(_names("l"), q),
    )
    return or_(own, cited, places)
