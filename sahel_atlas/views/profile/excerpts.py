"""Every excerpt that mentions an actor, with what cites it, grouped by source in reading order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.values import str_list, text
from sahel_atlas.views.profile.actors import actors_by_id
from sahel_atlas.views.profile.citations import Citation, citations, unknown_source
from sahel_atlas.views.profile.events import involves
from sahel_atlas.views.profile.relations import relations_of


@dataclass(frozen=True)
class Mention:
    excerpt_id: str
    source_id: str
    char_start: int
    char_end: int
    text: str
    cited_by: tuple[str, ...]  # raw labels: "profile evidence", "event: …", "relation: …"


@dataclass(frozen=True)
class SourceMentions:
    citation: Citation
    mentions: tuple[Mention, ...] = field(default_factory=tuple)


Reasons = dict[str, list[str]]  # excerpt id -> why it is cited, in order, each once


def _cite(cited: Reasons, excerpt_ids: Iterable[str], why: str) -> None:
    for excerpt_id in excerpt_ids:
        reasons = cited.setdefault(str(excerpt_id), [])
        if why not in reasons:
            reasons.append(why)


def _reasons(ds: Dataset, actor_id: str, events: pd.DataFrame, everything: bool) -> Reasons:
    """The excerpts to show and why: its evidence and relations' (when `everything`), its events'."""
    cited: Reasons = {}
    if everything:
        _cite(cited, actors_by_id(ds)[actor_id].excerpt_ids, "profile evidence")
        for _, items in relations_of(ds, actor_id):
            for r in items:
                _cite(cited, r.excerpt_ids, f"relation: {r.sentence}")
    own = involves(events, actor_id)
    if own is None or own.empty:
        return cited
    # Three columns, not every event as a record (2,000 records of 17 fields at 1M events).
    for excerpt_ids, title, event_id in zip(own["excerpt_ids"], own["title"], own["event_id"]):
        _cite(cited, str_list(excerpt_ids), f"event: {text(title) or event_id}")
    return cited


def _excerpt_rows(ds: Dataset, excerpt_ids: list[str]) -> pd.DataFrame:
    """The excerpts with these ids (in no particular order)."""
    return ds.rows_by_id("excerpts", "excerpt_id", excerpt_ids)


def _by_source(rows: pd.DataFrame, cited: Reasons) -> dict[str, list[Mention]]:
    """source id -> its mentions, in reading order (by offset)."""
    grouped: dict[str, list[Mention]] = {}
    for row in rows.sort_values(["source_id", "char_start", "char_end"]).itertuples(index=False):
        grouped.setdefault(str(row.source_id), []).append(
            Mention(str(row.excerpt_id), str(row.source_id), int(row.char_start),
                    int(row.char_end), text(row.text), tuple(cited[str(row.excerpt_id)]))
        )
    return grouped


def mentions(
    ds: Dataset,
    actor_id: str,
    events: pd.DataFrame,
    *,
    everything: bool = True,
    sources: Sequence[str] = (),
) -> list[SourceMentions]:
    """Every excerpt that mentions the actor, grouped by source, in reading order.

    The excerpts of the (filtered) `events` that involve the actor, and, when `everything`
    (no filter narrows the view), the actor's own evidence and its relations'. `sources`, when
    given, keeps only those sources' excerpts.
    """
    cited = _reasons(ds, actor_id, events, everything)
    rows = _excerpt_rows(ds, sorted(cited))
    if sources:
        rows = rows[rows["source_id"].isin(list(sources))]
    grouped = _by_source(rows, cited)
    cites = citations(ds)
    order = list(ds.sources["source_id"])
    ranked = sorted(grouped, key=lambda s: (order.index(s) if s in order else len(order), s))
    return [SourceMentions(cites.get(s) or unknown_source(s), tuple(grouped[s])) for s in ranked]


def mention_count(groups: Sequence[SourceMentions]) -> int:
    """How many excerpts the groups hold, in all."""
    return sum(len(g.mentions) for g in groups)


def page_of_mentions(
    groups: Sequence[SourceMentions], start: int, size: int
) -> list[SourceMentions]:
    """The mentions `start` to `start + size` in the listed order (sources in order, each in
    reading order), kept in their sources' groups; a source with none on the page is left out."""
    page: list[SourceMentions] = []
    offset = 0
    for group in groups:
        lo, hi = max(start - offset, 0), min(start + size - offset, len(group.mentions))
        if lo < hi:
            page.append(SourceMentions(group.citation, group.mentions[lo:hi]))
        offset += len(group.mentions)
    return page
