"""A briefing and its slides, and their plain-data form (what the YAML file holds)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

# The page a slide shows when it names an actor's profile rather than an atlas page.
PROFILE_PAGE = "profile"
# The atlas pages a slide may show, by URL path (components/navigation.py registers them).
ATLAS_PAGES = ("map", "timeline", "data", "sources", "actors", "disagreements")
PAGES = (*ATLAS_PAGES, PROFILE_PAGE)

Params = dict[str, list[str]]


def _params(view: Mapping[str, object] | None) -> Params:
    """URL parameters as lists of strings, in a stable order: a value may be a scalar or a list."""
    out: Params = {}
    for key, value in (view or {}).items():
        values = value if isinstance(value, (list, tuple)) else [value]
        out[str(key)] = [str(v) for v in values if v is not None and str(v) != ""]
    return {k: v for k, v in sorted(out.items()) if v}


@dataclass(frozen=True)
class Slide:
    """One view of the atlas (page, actor for a profile, URL parameters), a title and a note."""

    page: str
    title: str
    note: str = ""
    actor: str | None = None  # whose profile, when page is PROFILE_PAGE
    view: Params = field(default_factory=dict)  # the URL's parameters: filters and view state

    def __post_init__(self) -> None:
        object.__setattr__(self, "view", _params(self.view))

    def to_dict(self) -> dict[str, object]:
        """The slide as the file writes it: single values unwrapped, empty fields left out."""
        out: dict[str, object] = {"title": self.title, "page": self.page}
        if self.actor:
            out["actor"] = self.actor
        if self.view:
            out["view"] = {k: v[0] if len(v) == 1 else list(v) for k, v in self.view.items()}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Briefing:
    """An ordered list of slides under a name (the file's stem) and a title."""

    name: str
    title: str
    slides: tuple[Slide, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"title": self.title, "slides": [s.to_dict() for s in self.slides]}

    def with_slides(self, slides: Sequence[Slide]) -> Briefing:
        return replace(self, slides=tuple(slides))

    def added(self, slide: Slide) -> Briefing:
        return self.with_slides([*self.slides, slide])

    def moved(self, index: int, offset: int) -> Briefing:
        """The slide at `index` moved by `offset` places (clamped to the ends)."""
        slides = list(self.slides)
        target = max(0, min(len(slides) - 1, index + offset))
        slides.insert(target, slides.pop(index))
        return self.with_slides(slides)

    def duplicated(self, index: int) -> Briefing:
        slides = list(self.slides)
        slides.insert(index + 1, slides[index])
        return self.with_slides(slides)

    def removed(self, index: int) -> Briefing:
        return self.with_slides([s for i, s in enumerate(self.slides) if i != index])

    def edited(self, index: int, **changes: object) -> Briefing:
        slides = list(self.slides)
        slides[index] = replace(slides[index], **changes)
        return self.with_slides(slides)
