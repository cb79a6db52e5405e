"""The fields of every annotation record, declared once, and the check of a record against them.

Each record kind (source, actor, location, event, relation) is a `Record` of named fields; each
field says what it holds (text, a whole number, a number in a range, a date, a list of ...),
whether it must be given and which values it allows. `problems()` walks a record and its nested
lists and mappings and returns every problem, each naming the field by its path
(`actors[2].role`), so the build can report them all at once before it builds anything.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sahel_atlas.contract import schema
from sahel_atlas.text.dates import parse_date
from sahel_atlas.text.strings import truncate

# An annotation id is a slug: it becomes part of a URL (`/aqim`) and of excerpt and claim ids.
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_SHAPE = "a slug (lowercase letters, digits and single hyphens, e.g. 'aqim-leader')"


class Spec(Protocol):
    """What one field may hold."""

    required: bool
    missing: str

    def problems(self, value: Any, path: str) -> Iterator[str]: ...


def _show(value: Any, limit: int = 80) -> str:
    """A value as written in a message, cut so a pasted paragraph does not flood the report."""
    return truncate(repr(value), limit)


def _missing(value: Any) -> bool:
    """An absent field: not given, null, an empty string or an empty list."""
    return value is None or value == "" or value == []


@dataclass(frozen=True)
class Text:
    """A string; optionally one of `allowed`, or matching `pattern`."""

    required: bool = False
    allowed: tuple[str, ...] = ()
    pattern: str = ""
    shape: str = ""
    missing: str = ""

    def problems(self, value: Any, path: str) -> Iterator[str]:
        if not isinstance(value, str):
            yield f"{path} {_show(value)} is not text{_quote_hint(value)}"
        elif self.allowed and value not in self.allowed:
            yield f"{path} {_show(value)} is not one of {', '.join(self.allowed)}"
        elif self.pattern and not re.fullmatch(self.pattern, value):
            yield f"{path} {_show(value)} is not {self.shape}"


def _quote_hint(value: Any) -> str:
    if isinstance(value, list):
        return " (a list where one value is expected)"
    if isinstance(value, (int, float, bool)) or value is None:
        return " (put it in quotes)"
    return ""


@dataclass(frozen=True)
class Integer:
    """A whole number, at least `minimum`."""

    required: bool = False
    minimum: int = 0
    missing: str = ""

    def problems(self, value: Any, path: str) -> Iterator[str]:
        if not isinstance(value, int) or isinstance(value, bool):
            yield f"{path} {_show(value)} is not a whole number (write e.g. 4, or leave it out)"
        elif value < self.minimum:
            yield f"{path} {_show(value)} is below {self.minimum}"


@dataclass(frozen=True)
class Number:
    """A finite number between `low` and `high`; `topic` names what is out of range."""

    required: bool = False
    low: float = -math.inf
    high: float = math.inf
    topic: str = "value"
    missing: str = ""

    def problems(self, value: Any, path: str) -> Iterator[str]:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or not self.low <= value <= self.high:
            yield f"{self.topic} out of range: {path} {_show(value)} (allowed: {self._range()})"

    def _range(self) -> str:
        if -self.low == self.high:
            return f"a number within ±{self.high:g}"
        if self.high == math.inf:
            return f"a number of at least {self.low:g}"
        return f"a number from {self.low:g} to {self.high:g}"


@dataclass(frozen=True)
class Boolean:
    """true or false."""

    required: bool = False
    missing: str = ""

    def problems(self, value: Any, path: str) -> Iterator[str]:
        if not isinstance(value, bool):
            yield f"{path} {_show(value)} is not true or false"


@dataclass(frozen=True)
class Date:
    """A date in the annotation syntax (see `dates.parse_date`), optionally within `years`."""

    required: bool = False
    years: tuple[int, int] | None = None
    missing: str = ""

    def problems(self, value: Any, path: str) -> Iterator[str]:
        try:
            when = parse_date(value)
        except ValueError as exc:
            yield f"bad date in {path}: {exc}"
            return
        if self.years and not (self.years[0] <= when.start.year and when.end.year <= self.years[1]):
            yield f"{path} {when.start}..{when.end} outside {self.years[0]}-{self.years[1]}"


@dataclass(frozen=True)
class ListOf:
    """A YAML list whose every item is `item`."""

    item: Spec
    required: bool = False
    example: str = ""
    missing: str = ""

    def problems(self, value: Any, path: str) -> Iterator[str]:
        if not isinstance(value, list):
            hint = f" (write a list: {self.example})" if self.example else " (write a list)"
            yield f"{path} {_show(value)} is not a list{hint}"
            return
        for number, item in enumerate(value, start=1):
            where = f"{path}[{number}]"
            if item is None:
                yield f"{where} is empty"
            else:
                yield from self.item.problems(item, where)


@dataclass(frozen=True)
class Record:
    """A mapping of named fields; any other key is a problem (most often a typo)."""

    fields: Mapping[str, Spec]
    required: bool = False
    missing: str = ""

    def problems(self, value: Any, path: str = "") -> Iterator[str]:
        if not isinstance(value, dict):
            yield f"{path} {_show(value)} is not a mapping of fields"
            return
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in self.fields:
                yield f"unknown field '{prefix}{key}'{_did_you_mean(key, self.fields)}"
        for key, spec in self.fields.items():
            where = f"{prefix}{key}"
            if _missing(value.get(key)):
                if spec.required:
                    yield spec.missing.format(path=where) if spec.missing else f"missing field '{where}'"
            else:
                yield from spec.problems(value[key], where)


def _did_you_mean(key: Any, known: Mapping[str, Spec]) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(known)})"


@dataclass(frozen=True)
class Either:
    """One of several shapes, told apart by the YAML type of the value."""

    shapes: Mapping[type, Spec]
    description: str
    required: bool = False
    missing: str = ""

    def problems(self, value: Any, path: str) -> Iterator[str]:
        spec = self.shapes.get(type(value))
        if spec is None:
            yield f"{path} {_show(value)} is not {self.description}"
        else:
            yield from spec.problems(value, path)


NO_EVIDENCE = "no evidence in '{path}': every fact needs at least one quote"

QUOTE = Record(
    {
        "source": Text(required=True),
        "quote": Text(required=True),
        "occurrence": Integer(minimum=1),
    }
)
EVIDENCE = ListOf(
    QUOTE, required=True, missing=NO_EVIDENCE, example="[{source: ..., quote: ...}]"
)
ALIASES = ListOf(Text(), example="[AQIM, Aqim]")
SLUG_ID = Text(required=True, pattern=SLUG, shape=SLUG_SHAPE)

SOURCE = Record(
    {
        "id": Text(required=True),
        "title": Text(required=True),
        "publisher": Text(required=True),
        "author": Text(),
        "published": Date(),
        "published_note": Text(),
        "language": Text(),
        "machine_translated": Boolean(),
        "kind": Text(),
        "reliability": Text(required=True, allowed=schema.RELIABILITY_GRADES),
        "reliability_reason": Text(),
    }
)

ACTOR = Record(
    {
        "id": SLUG_ID,
        "name": Text(required=True),
        "kind": Text(required=True, allowed=schema.ACTOR_KINDS),
        "family": Text(required=True, allowed=schema.ACTOR_FAMILIES),
        "aliases": ALIASES,
        "summary": Text(),
        "evidence": EVIDENCE,
    }
)

LOCATION = Record(
    {
        "id": SLUG_ID,
        "name": Text(required=True),
        "country": Text(required=True, pattern=r"[A-Z]{3}", shape="an ISO 3166-1 alpha-3 code such as MLI"),
        "lat": Number(required=True, low=-90, high=90, topic="coordinates"),
        "lon": Number(required=True, low=-180, high=180, topic="coordinates"),
        "precision": Text(required=True, allowed=schema.PRECISIONS),
        "radius_km": Number(low=0, topic="radius"),
        "aliases": ALIASES,
        "evidence": EVIDENCE,
    }
)

EVENT_ACTOR = Either(
    {
        str: Text(),
        dict: Record({"id": Text(required=True), "role": Text(allowed=schema.ROLES)}),
    },
    "an actor id or {id: ..., role: ...}",
)

CLAIM = Record(
    {
        "aspect": Text(required=True),
        # A claim's value may be a count ("fatalities: 4") as well as words.
        "value": Either(
            {str: Text(), int: Integer(), float: Number()}, "text or a number", required=True
        ),
        "evidence": EVIDENCE,
    }
)

EVENT = Record(
    {
        "id": SLUG_ID,
        "title": Text(required=True),
        "type": Text(required=True, allowed=tuple(schema.SUB_EVENT_TYPES)),
        "date": Date(required=True, years=(schema.YEAR_MIN, schema.YEAR_MAX)),
        "location": Text(),
        "status": Text(required=True, allowed=schema.STATUSES),
        "actors": ListOf(EVENT_ACTOR, required=True, example="[{id: france, role: perpetrator}]"),
        "fatalities": Integer(minimum=0),
        "description": Text(),
        # How a date was inferred (docs/annotations.md, Dates); for reviewers, not a column.
        "note": Text(),
        "evidence": EVIDENCE,
        "claims": ListOf(CLAIM, example="[{aspect: ..., value: ..., evidence: [...]}]"),
    }
)

RELATION = Record(
    {
        "id": Text(pattern=SLUG, shape=SLUG_SHAPE),
        "subject": Text(required=True),
        "predicate": Text(required=True, allowed=schema.PREDICATES),
        "object": Text(required=True),
        "date": Date(years=(schema.YEAR_MIN, schema.YEAR_MAX)),
        "status": Text(allowed=schema.STATUSES),
        "note": Text(),
        "evidence": EVIDENCE,
    }
)

# The record kind of each annotation file, by the file's stem.
RECORDS: dict[str, Record] = {
    "sources": SOURCE,
    "actors": ACTOR,
    "locations": LOCATION,
    "events": EVENT,
    "relations": RELATION,
}


def problems(kind: str, record: Any) -> list[str]:
    """Every problem of one record of `kind` (a key of RECORDS), each naming its field."""
    return list(RECORDS[kind].problems(record))
