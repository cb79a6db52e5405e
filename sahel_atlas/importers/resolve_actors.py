"""Which curated actor an imported actor name is: certain matches only, candidates otherwise.

    index = ActorIndex(curated_actors, part_of)
    index.resolve("JNIM: Group for Support of Islam and Muslims")  # Match("jnim", "rule", ...)

Precision first: a wrong merge is worse than a miss. A name resolves only by an exact name or
alias (case and accents folded) or one of the exports' naming conventions; anything less
certain comes back unresolved (`method` "new") with its best candidates for the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from sahel_atlas.text import countries
from sahel_atlas.text.names import fold

NEW, EXACT, ALIAS, RULE, MANUAL = "new", "exact", "alias", "rule", "manual"
# ACLED's "JNIM: Group for Support of Islam and Muslims": a short acronym, then the full name.
_ACRONYM = re.compile(r"([^:]{1,20}):\s*(.+)")
# ACLED's "Military Forces of Mali (2013-2020)": one force, a period per government.
_FORCES = re.compile(r"(military|police) forces of (.+?)(?:\s*\(\d{4}-(?:\d{4})?\))?")
_GOVERNMENT = re.compile(r"government of (.+?)(?:\s*\(\d{4}-(?:\d{4})?\))?")
_JOINED = re.compile(r"\s+and/or\s+", re.IGNORECASE)
_POLICE = re.compile(r"police|gendarm")
FUZZY_CUTOFF = 60
FUZZY_LIMIT = 3


def _score(a: str, b: str, **_: object) -> float:
    """Look-alike score 0-100: shared words (token set) tempered by the whole string (ratio),
    so that "Islamic State (Greater Sahara)" is nearer ISGS than the bare "Islamic State"."""
    return (fuzz.token_set_ratio(a, b) + fuzz.ratio(a, b)) / 2


@dataclass(frozen=True)
class Match:
    """What a name resolved to: `actor_id` None when unresolved (`method` "new")."""

    actor_id: str | None
    method: str
    detail: str
    candidates: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CuratedActor:
    actor_id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


class ActorIndex:
    """The curated actors, looked up by folded name, alias, country and force."""

    def __init__(self, actors: Iterable[CuratedActor], part_of: Iterable[tuple[str, str]] = ()):
        self.actors = {a.actor_id: a for a in actors}
        self.by_name: dict[str, set[str]] = {}
        self.by_alias: dict[str, set[str]] = {}
        for a in self.actors.values():
            self.by_name.setdefault(fold(a.name), set()).add(a.actor_id)
            for alias in a.aliases:
                self.by_alias.setdefault(fold(alias), set()).add(a.actor_id)
        self.states: dict[str, set[str]] = {}  # ISO3 -> curated states of that country
        for a in self.actors.values():
            code = countries.iso3(a.name) if a.kind == "state" else None
            if code:
                self.states.setdefault(code, set()).add(a.actor_id)
        self.forces: dict[str, set[str]] = {}  # state id -> forces directly part of it
        for child, parent in part_of:
            if parent in self.actors and child in self.actors and self.actors[child].kind == "force":
                self.forces.setdefault(parent, set()).add(child)
        self.choices = sorted(set(self.by_name) | set(self.by_alias))

    def resolve(self, name: str, by_hand: Callable[[str], str | None] | None = None) -> Match:
        """The curated actor `name` certainly is, else an unresolved Match with candidates.

        `by_hand` gives the analyst's id for a name, if any: used for the parts of an
        "and/or" name, which never resolves but should name the right candidates.
        """
        parts = _JOINED.split(name.strip())
        if len(parts) > 1:
            return self._joined(parts, by_hand)
        for rule in (self._exact, self._acronym, self._forces, self._government):
            match = rule(name)
            if match is not None:
                return match
        return self.unresolved(name)

    def unresolved(self, name: str, why: str = "no curated name or alias matches") -> Match:
        found = self.fuzzy(name)
        return Match(None, NEW, f"{why}; {self.describe(found)}", found)

    def fuzzy(self, name: str) -> tuple[str, ...]:
        """The best look-alike curated actors (rapidfuzz), best first; never a match."""
        hits = process.extract(fold(name), self.choices, scorer=_score,
                               limit=FUZZY_LIMIT * 3, score_cutoff=FUZZY_CUTOFF)
        ids: list[str] = []
        for choice, _, _ in hits:
            for actor_id in sorted(self.by_name.get(choice, set()) | self.by_alias.get(choice, set())):
                if actor_id not in ids:
                    ids.append(actor_id)
        return tuple(ids[:FUZZY_LIMIT])

    def describe(self, ids: Iterable[str]) -> str:
        ids = list(ids)
        if not ids:
            return "no candidate"
        return "candidates: " + ", ".join(f"{i} ({self.actors[i].name})" for i in ids)

    def _exact(self, name: str) -> Match | None:
        key = fold(name)
        for method, table in ((EXACT, self.by_name), (ALIAS, self.by_alias)):
            ids = table.get(key, set())
            if len(ids) == 1:
                (actor_id,) = ids
                what = "name" if method == EXACT else "alias"
                return Match(actor_id, method, f"the curated {what} {name!r}")
            if ids:
                return Match(None, NEW, f"{method} match with several actors; "
                             + self.describe(sorted(ids)), tuple(sorted(ids)))
        return None

    def _joined(self, parts: list[str], by_hand: Callable[[str], str | None] | None) -> Match:
        found = []
        for part in parts:
            decided = by_hand(part) if by_hand else None
            match = Match(decided, MANUAL, "") if decided in self.actors else self.resolve(part)
            found += [match.actor_id] if match.actor_id else list(match.candidates[:1])
        ids = tuple(dict.fromkeys(found))
        return Match(None, NEW, f"names {len(parts)} actors ('and/or'), never merged into one; "
                     + self.describe(ids), ids)

    def _acronym(self, name: str) -> Match | None:
        parsed = _ACRONYM.fullmatch(name.strip())
        if not parsed:
            return None
        matches = [m for m in (self._exact(p) for p in parsed.groups()) if m is not None]
        ids = {m.actor_id for m in matches if m.actor_id}
        if len(ids) == 1 and all(m.actor_id for m in matches):
            (actor_id,) = ids
            return Match(actor_id, RULE, f"ACLED 'ACRONYM: Full name': {matches[0].detail}")
        if ids:
            return Match(None, NEW, "its acronym and full name point to different actors; "
                         + self.describe(sorted(ids)), tuple(sorted(ids)))
        return None

    def _forces(self, name: str) -> Match | None:
        parsed = _FORCES.fullmatch(fold(name))
        if not parsed:
            return None
        service, country = parsed.groups()
        code = countries.iso3(country)
        states = self.states.get(code, set()) if code else set()
        forces = sorted({f for s in states for f in self.forces.get(s, set())})
        police = [f for f in forces if _POLICE.search(fold(" ".join(
            (self.actors[f].name, *self.actors[f].aliases))))]
        fitting = police if service == "police" else [f for f in forces if f not in police]
        if len(fitting) == 1:
            state = self.actors[next(iter(states))].name
            return Match(fitting[0], RULE, f"ACLED's {service} forces of {state} over every "
                         f"period: the one curated force part of {state}")
        why = f"{len(fitting)} curated {service} forces of {country.title()}"
        return self.unresolved(name, why) if not forces else Match(
            None, NEW, f"{why}; " + self.describe(forces), tuple(forces))

    def _government(self, name: str) -> Match | None:
        parsed = _GOVERNMENT.fullmatch(fold(name))
        if not parsed:
            return None
        code = countries.iso3(parsed.group(1))
        states = sorted(self.states.get(code, set())) if code else []
        if len(states) == 1:
            return Match(states[0], RULE, f"'Government of X' is the state {self.actors[states[0]].name}")
        return self.unresolved(name, f"{len(states)} curated states of {parsed.group(1).title()}")


def index_of(actors: list[dict], relations: list[dict]) -> ActorIndex:
    """An index over a dataset's actors rows and its `part_of` relations."""
    curated = [CuratedActor(a["actor_id"], a["name"], a["kind"], tuple(a.get("aliases") or ()))
               for a in actors]
    part_of = [(r["subject_id"], r["object_id"]) for r in relations if r["predicate"] == "part_of"]
    return ActorIndex(curated, part_of)
