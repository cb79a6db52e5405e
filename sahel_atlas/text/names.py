"""Names: folded for matching, made slugs, an actor's short name, a source's short title."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sahel_atlas.text.strings import truncate

SHORT_TITLE_CHARS = 40

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&'-]{1,11}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: object) -> str:
    """Lower case, without accents, runs of spaces made one: ' Ménaka  ville' -> 'menaka ville'."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def slug(text: object, fallback: str = "") -> str:
    """ASCII lower-case words joined by single hyphens ("Côte d'Ivoire" -> 'cote-d-ivoire'),
    else `fallback`.

    Accents go; any other character that is not a-z or 0-9 (ß, ’, 北) separates words, as in
    DuckDB's `strip_accents(lower(...))`, so `importers.assemble.slug`, the same rule in SQL,
    gives the same ids.
    """
    decomposed = unicodedata.normalize("NFD", str(text).lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", bare).strip("-") or fallback


def short_name(name: str, kind: str | None, aliases: Iterable[str]) -> str:
    """A group's shortest all-capitals alias (AQIM, JNIM), else its name.

    Two capitals (AQ, IS) read as a word, so such a group keeps its name ("Al-Qaeda",
    "Islamic State") unless it has none.
    """
    if kind in ("group", "organisation"):
        acronyms = [a for a in aliases if _ACRONYM.match(a)]
        if acronyms:
            shortest = min(acronyms, key=len)  # min keeps the first of equal lengths
            if len(shortest) > 2 or not name:
                return shortest
    return name


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A source title cut at a word boundary to fit in a sentence."""
    return truncate(" ".join((title or "").split()), limit, whole_words=True)
