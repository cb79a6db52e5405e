"""Read a briefing file (YAML or JSON): the slides that play, and every bad one named."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sahel_atlas.briefings.model import Briefing
from sahel_atlas.briefings.validate import Known, check_slide


class BriefingFileError(ValueError):
    """The file cannot be read as a briefing at all (not YAML, no slides list)."""


@dataclass(frozen=True)
class Loaded:
    """A briefing of the slides that passed, and one line per slide that did not."""

    briefing: Briefing
    problems: tuple[str, ...] = field(default_factory=tuple)


def parse(text: str, name: str, known: Known, where: str = "") -> Loaded:
    """A briefing from the file's text; `where` names the file in messages."""
    where = where or name
    try:
        raw = yaml.safe_load(text)  # YAML is a superset of JSON: one reader for both
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise BriefingFileError(f"{where}: not YAML or JSON{at} "
                                f"({getattr(exc, 'problem', None) or exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("slides"), list):
        raise BriefingFileError(f"{where}: a briefing is a mapping with a 'slides' list")
    slides, problems = [], []
    for number, item in enumerate(raw["slides"], start=1):
        slide, reasons = check_slide(item, known)
        if slide is None:
            title = item.get("title") if isinstance(item, dict) else None
            label = f"slide {number}" + (f" ({title!r})" if title else "")
            problems.append(f"{where}: {label} skipped: {'; '.join(reasons)}.")
        else:
            slides.append(slide)
    title = str(raw.get("title") or name).strip()
    return Loaded(Briefing(name, title, tuple(slides)), tuple(problems))


def load(path: Path, known: Known) -> Loaded:
    """Read and check one briefing file; its stem is the briefing's name."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefingFileError(f"{path}: cannot be read ({exc})") from exc
    return parse(text, path.stem, known, str(path))
