"""Check one slide of a briefing file against a dataset: every problem named, never raises."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass

from sahel_atlas.briefings.model import PAGES, PROFILE_PAGE, Slide
from sahel_atlas.query.model import PARAMS, Vocabulary
from sahel_atlas.query.url import parse_query_params

# URL parameters that are view state, not filters (components/filters.py keeps them too).
VIEW_PARAMS = ("lanes", "group", "source_doc", "doc", "excerpt", "tab",
               "find", "kind", "family", "origin", "sort")
LANES = ("actor", "type")
SLIDE_KEYS = ("title", "page", "actor", "view", "note")


@dataclass(frozen=True)
class Known:
    """What a slide may refer to: the dataset's vocabulary and, when known, its excerpt ids."""

    vocab: Vocabulary
    excerpts: Container[str] | None = None


def _text(raw: Mapping[str, object], key: str, problems: list[str]) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        problems.append(f"{key} must be text")
        return ""
    return str(value).strip()


def _view_problems(view: dict[str, list[str]], known: Known) -> list[str]:
    """Unknown parameters and bad values; filter values are judged as a link's would be."""
    problems = [f"unknown view parameter {key!r}" for key in view
                if key not in PARAMS and key not in VIEW_PARAMS]
    filters = {k: v for k, v in view.items() if k in PARAMS}
    problems += [n.removeprefix("Ignored ").removesuffix(".") for n in parse_query_params(filters, known.vocab)[1]]
    for value in view.get("lanes", []):
        if value not in LANES:
            problems.append(f"lanes={value!r}: not one of {', '.join(LANES)}")
    for key in ("doc", "source_doc"):
        problems += [f"{key}={v!r}: no such source" for v in view.get(key, [])
                     if v not in known.vocab.sources]
    if known.excerpts is not None:
        problems += [f"excerpt={v!r}: no such excerpt" for v in view.get("excerpt", [])
                     if v not in known.excerpts]
    return problems


def check_slide(raw: object, known: Known) -> tuple[Slide | None, list[str]]:
    """The slide, or None and the reasons it cannot be played."""
    if not isinstance(raw, Mapping):
        return None, ["not a mapping of title, page, view and note"]
    problems = [f"unknown field {key!r}" for key in raw if key not in SLIDE_KEYS]
    title = _text(raw, "title", problems)
    if not title:
        problems.append("no title")
    page = _text(raw, "page", problems)
    if page not in PAGES:
        problems.append(f"unknown page {page!r} (one of {', '.join(PAGES)})")
    actor = _text(raw, "actor", problems) or None
    if page == PROFILE_PAGE and actor is None:
        problems.append("a profile slide names its actor")
    if actor is not None and actor not in known.vocab.actors:
        problems.append(f"unknown actor {actor!r}")
    view = raw.get("view") or {}
    if not isinstance(view, Mapping):
        problems.append("view must be a mapping of URL parameters")
        view = {}
    slide = Slide(page=page, title=title, note=_text(raw, "note", problems), actor=actor, view=view)
    problems += _view_problems(slide.view, known)
    return (None, problems) if problems else (slide, [])
