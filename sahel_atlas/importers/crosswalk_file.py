"""The analyst's decisions about imported names: `data/crosswalk/actors.yaml`, `places.yaml`.

Each file is a list of entries, one per name as an export spells it (compared with case and
accents folded), optionally for one origin:

    - name: Islamic State (Greater Sahara)   # map by hand, or confirm a candidate
      actor: isgs                            # (places.yaml: `place: timbuktu`)
    - name: Islamic State (West Africa)      # refuse: never merge with these
      refuse: [isgs]
      origin: acled                          # optional: only names from this export

An import applies them before its own rules; `validate` checks that they name existing ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from sahel_atlas.text.names import fold

FILES = {"actor": "actors.yaml", "location": "places.yaml"}
TARGET_KEY = {"actor": "actor", "location": "place"}
ORIGINS = ("acled", "ucdp")


class CrosswalkError(ValueError):
    """A crosswalk file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class Decision:
    name: str
    target: str | None  # the id this name is, or None
    refuse: tuple[str, ...]  # ids this name is never merged with
    origin: str | None  # None: every export
    where: str  # "actors.yaml, entry 3", for messages


@dataclass(frozen=True)
class Decisions:
    """The decisions for one entity, looked up by folded name and origin."""

    entries: tuple[Decision, ...] = ()

    def find(self, name: str, origin: str) -> Decision | None:
        key = fold(name)
        hits = [d for d in self.entries if fold(d.name) == key and d.origin in (None, origin)]
        # An entry for this origin beats one for every origin.
        return sorted(hits, key=lambda d: d.origin is None)[0] if hits else None

    def ids(self) -> list[tuple[str, str]]:
        """Every (id, where) the entries name, for `validate`."""
        return [(i, d.where) for d in self.entries for i in ((d.target,) if d.target else ()) + d.refuse]


def load(directory: Path | None, entity: str) -> Decisions:
    """The decisions in `directory/<file>`; none when the folder or file does not exist."""
    if directory is None or not (Path(directory) / FILES[entity]).is_file():
        return Decisions()
    path = Path(directory) / FILES[entity]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CrosswalkError(f"{path}: cannot read: {exc}") from exc
    if raw is None:
        return Decisions()
    if not isinstance(raw, list):
        raise CrosswalkError(f"{path}: expected a list of entries, found {type(raw).__name__}")
    return Decisions(tuple(_entry(item, entity, f"{path}, entry {n}") for n, item in enumerate(raw, 1)))


def _entry(item: object, entity: str, where: str) -> Decision:
    key = TARGET_KEY[entity]
    if not isinstance(item, dict):
        raise CrosswalkError(f"{where}: expected a mapping with name and {key} or refuse")
    unknown = sorted(set(item) - {"name", key, "refuse", "origin", "note"})
    if unknown:
        raise CrosswalkError(f"{where}: unknown key(s) {', '.join(unknown)} "
                             f"(allowed: name, {key}, refuse, origin, note)")
    name, target, origin = item.get("name"), item.get(key), item.get("origin")
    refuse = item.get("refuse") or []
    refuse = [refuse] if isinstance(refuse, str) else refuse
    if not isinstance(name, str) or not name.strip():
        raise CrosswalkError(f"{where}: 'name' must be the name as the export spells it")
    if target is not None and not isinstance(target, str):
        raise CrosswalkError(f"{where}: '{key}' must be one id")
    if not isinstance(refuse, list) or not all(isinstance(r, str) for r in refuse):
        raise CrosswalkError(f"{where}: 'refuse' must be an id or a list of ids")
    if (target is None) == (not refuse):
        raise CrosswalkError(f"{where}: give either '{key}' (this name is it) or 'refuse' (never these)")
    if origin is not None and origin not in ORIGINS:
        raise CrosswalkError(f"{where}: origin {origin!r} is not one of {', '.join(ORIGINS)}")
    return Decision(name.strip(), target, tuple(refuse), origin, where)
