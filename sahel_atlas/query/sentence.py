"""The filters written out in one sentence, in display names, above every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sahel_atlas.query.model import WITHIN, Filters, Vocabulary
from sahel_atlas.text.dates import date_param

# More names than this in a sentence are summarised as "... or N more".
NAMES_IN_SENTENCE = 3


def date_range_label(start: dt.date | None, end: dt.date | None) -> str:
    """`2012-2020`, `2013`, `from 2012`, `until 2020`, `2013-03-01 to 2013-04-30`; '' if open."""
    left = date_param(start, end=False) if start else None
    right = date_param(end, end=True) if end else None
    if left and right:
        if left.isdigit() and right.isdigit():
            return left if left == right else f"{left}-{right}"
        return f"{left} to {right}"
    if left:
        return f"from {left}"
    if right:
        return f"until {right}"
    return ""


def either(names: Sequence[str], noun: str = "more") -> str:
    """`A`, `A or B`, `A or B or C`, `A or B or C or 2 more`."""
    shown = list(names[:NAMES_IN_SENTENCE])
    rest = len(names) - len(shown)
    if rest:
        shown.append(f"{rest} {noun}")
    return " or ".join(shown)


def window_words(start: dt.date | None, end: dt.date | None) -> str:
    """The window as words after a verb: `in 2013`, `between 2013-03-01 and 2013-04-30`."""
    label = date_range_label(start, end)
    if start and end:
        if " to " not in label:  # whole years: 2013, 2012-2020
            return f"in {label}"
        return f"between {date_param(start, end=False)} and {date_param(end, end=True)}"
    if start:
        return f"from {date_param(start, end=False)} on"
    if end:
        return f"up to {date_param(end, end=True)}"
    return ""


def describe(filters: Filters, count: int, vocab: Vocabulary, uncertain: int = 0) -> str:
    """One sentence saying how many events match and why, in display names.

    `uncertain` is how many events only may fall in the date window (their dates reach
    beyond it): part of `count` under the overlap rule, left out of it under `within`.
    """
    noun = "event" if count == 1 else "events"
    if filters.is_empty():
        return f"1 {noun}" if count == 1 else f"All {count:,} {noun}"
    parts = [f"{count:,} {noun}"]
    window = window_words(filters.date_from, filters.date_to)
    if filters.dates == WITHIN:
        parts[0] += f" known to lie {window}"
    elif window:
        parts.append(date_range_label(filters.date_from, filters.date_to))
    parts += _narrowed_by(filters, vocab)
    if window and uncertain > 0:
        # Said last, as it qualifies the whole selection, not the dates alone.
        if filters.dates == WITHIN:
            parts.append(f"leaving out {uncertain:,} that only may fall {window}")
        else:
            parts.append(f"of which {uncertain:,} only may fall {window}")
    return ", ".join(parts)


def _narrowed_by(filters: Filters, vocab: Vocabulary) -> list[str]:
    """The phrases of every filter but the dates, in the sentence's order."""
    parts = []
    if filters.actors:
        parts.append(either([vocab.actors.get(a, a) for a in filters.actors], "more actors"))
    if filters.types:
        parts.append("of type " + either(list(filters.types), "more types"))
    if filters.places:
        parts.append("in " + either([vocab.place_name(p) for p in filters.places], "more places"))
    if filters.sources:
        titles = [vocab.sources.get(s, s) for s in filters.sources]
        parts.append("reported by " + either(titles, "more sources"))
    if filters.statuses:
        parts.append(either(list(filters.statuses)))
    if filters.q:
        parts.append(f"containing '{filters.q}'")
    return parts
