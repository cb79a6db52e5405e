"""The words of hover labels: dates with their precision, short lists of names and sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sahel_atlas.text.dates import date_label
from sahel_atlas.text.strings import truncate
from sahel_atlas.views.timeline.lookups import Lookups

# Hover labels stay readable however long the underlying text is.
HOVER_TITLE_CHARS = 90
HOVER_NAMES = 5
HOVER_SOURCES = 3
HOVER_SOURCE_CHARS = 60
LANE_LABEL_CHARS = 32


def list_names(values: Sequence[str], most: int) -> str:
    """"a, b, c and 2 more": at most `most` non-empty values, then how many are left."""
    values = [v for v in values if v]
    if len(values) > most:
        return ", ".join(values[:most]) + f" and {len(values) - most} more"
    return ", ".join(values)


def dated(start: dt.date | None, end: dt.date | None, precision: str) -> str:
    """The date as a reader writes it, then its precision: "June 2020 (month)"."""
    return f"{date_label(start, end, precision)} ({precision})"


def source_titles(source_ids: Iterable[str], look: Lookups) -> str:
    """The titles of the first few sources, each cut short; "none" without any."""
    titles = [truncate(look.sources.get(s, s), HOVER_SOURCE_CHARS) for s in source_ids]
    return list_names(titles, HOVER_SOURCES) or "none"
