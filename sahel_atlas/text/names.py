"""Display names: an actor's short name, a country's name, a source's short title."""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def country_name(iso3: str) -> str:
    """The country's English name, else its code."""
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
