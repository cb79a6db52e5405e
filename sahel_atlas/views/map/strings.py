"""Text helpers of the map: names folded for matching, untrusted values made one line."""

from __future__ import annotations

import math
import unicodedata


def fold(text: object) -> str:
    """Lower case without accents or surrounding space: 'Ménaka ' -> 'menaka'."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def clean(value: object) -> str:
    """One line of text from an untrusted value (None and NaN are empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())
