"""Where briefings live ($SAHEL_ATLAS_BRIEFINGS, else briefings/ at the project's root), and
writing them atomically."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml

from sahel_atlas.briefings.load import BriefingFileError, Loaded, load
from sahel_atlas.briefings.model import Briefing
from sahel_atlas.briefings.validate import Known
from sahel_atlas.text.names import slug
from sahel_atlas.store.atomic import write_files_atomically
from sahel_atlas.store.paths import PROJECT_ROOT

ENV_VAR = "SAHEL_ATLAS_BRIEFINGS"
SUFFIXES = (".yaml", ".yml", ".json")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def briefings_dir() -> Path:
    return Path(os.environ.get(ENV_VAR) or PROJECT_ROOT / "briefings")


def check_name(name: str) -> str:
    """A name is a file stem: lower-case letters, digits and hyphens (no path tricks)."""
    if not _NAME.match(name or ""):
        raise BriefingFileError(
            f"briefing name {name!r}: use lower-case letters, digits and hyphens")
    return name


def name_for(title: str, taken: list[str] | tuple[str, ...] = ()) -> str:
    """A new briefing's name from its title, numbered if already taken."""
    base = slug(title)[:60].strip("-") or "briefing"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def names(directory: Path | None = None) -> list[str]:
    """The briefings in the folder, by name."""
    directory = directory or briefings_dir()
    if not directory.is_dir():
        return []
    return sorted({p.stem for p in directory.iterdir()
                   if p.suffix in SUFFIXES and _NAME.match(p.stem)})


def path_of(name: str, directory: Path | None = None) -> Path:
    """The file of a briefing: an existing one in any suffix, else a new .yaml."""
    directory = directory or briefings_dir()
    check_name(name)
    for suffix in SUFFIXES:
        if (directory / f"{name}{suffix}").exists():
            return directory / f"{name}{suffix}"
    return directory / f"{name}.yaml"


def read(name: str, known: Known, directory: Path | None = None) -> Loaded:
    path = path_of(name, directory)
    if not path.exists():
        raise BriefingFileError(f"no briefing named {name!r} in {path.parent}")
    return load(path, known)


def dump(briefing: Briefing) -> str:
    """The YAML text of a briefing: readable, in the order the fields were given."""
    return yaml.safe_dump(briefing.to_dict(), allow_unicode=True, sort_keys=False, width=100)


def save(briefing: Briefing, directory: Path | None = None) -> Path:
    """Write the briefing atomically (a reader never sees half a file); JSON stays JSON."""
    path = path_of(briefing.name, directory)
    text = dump(briefing)
    if path.suffix == ".json":
        text = json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"
    write_files_atomically(path.parent, {path.name: lambda p: p.write_text(text, encoding="utf-8")})
    return path


def delete(name: str, directory: Path | None = None) -> Path:
    """Remove a briefing's file and say which; a briefing that is not there is an error."""
    path = path_of(name, directory)
    try:
        path.unlink()
    except FileNotFoundError:
        raise BriefingFileError(f"no briefing named {name!r} in {path.parent}: "
                                "nothing deleted") from None
    return path
