"""What a slide's facts rest on: its filters in words, the sources behind what it shows with
their Admiralty grades, and their own words (for the exported pages)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sahel_atlas.briefings.model import PROFILE_PAGE, Slide
from sahel_atlas.query.model import Filters, OVERLAP, Vocabulary, WITHIN
from sahel_atlas.query.sentence import describe
from sahel_atlas.query.url import parse_query_params
from sahel_atlas.query.run import apply, count
from sahel_atlas.store.dataset import Dataset
from sahel_atlas.views.reader import RELIABILITY_WORDS

EXCERPTS_PER_SLIDE = 5  # a page holds this many quotes; the rest are counted


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    publisher: str
    grade: str

    def line(self) -> str:
        words = RELIABILITY_WORDS.get(self.grade, "unknown grade")
        by = f", {self.publisher}" if self.publisher else ""
        return f"{self.title}{by} (Admiralty {self.grade}: {words})"


@dataclass(frozen=True)
class Quote:
    text: str
    source: Source


@dataclass(frozen=True)
class Evidence:
    sentence: str
    sources: tuple[Source, ...]
    quotes: tuple[Quote, ...]
    more_quotes: int = 0  # quotes behind the slide that the page leaves out


def sentence(ds: Dataset, vocab: Vocabulary, filters: Filters) -> str:
    """The filter sentence every page shows above itself, with the date rule's uncertain count."""
    total = count(ds, filters)
    uncertain = 0
    if filters.has_window():
        other = dataclasses.replace(filters, dates=WITHIN if filters.dates == OVERLAP else OVERLAP)
        uncertain = abs(total - count(ds, other))
    return describe(filters, total, vocab, uncertain)


def _excerpt_ids(ds: Dataset, slide: Slide, filters: Filters) -> list[str]:
    """The excerpts behind the slide: a document's (sources page), an actor's, else its events'."""
    if slide.page == "sources" and slide.view.get("doc"):
        wanted = slide.view.get("excerpt") or []
        doc = ds.rows("excerpts", "source_id = ?", [slide.view["doc"][0]])
        return [*wanted, *[e for e in doc["excerpt_id"] if e not in wanted]]
    ids: list[str] = []
    if slide.page == PROFILE_PAGE and slide.actor:
        actor = ds.rows_by_id("actors", "actor_id", [slide.actor])
        for value in actor.get("excerpt_ids", []):
            ids += list(value if value is not None else [])
        filters = dataclasses.replace(filters, actors=(*filters.actors, slide.actor))
    events = apply(ds, filters)
    if not events.empty:
        # The most precisely dated events first: their words say most about the view.
        span = events["date_end"] - events["date_start"]
        events = events.assign(_span=span).sort_values("_span", kind="stable")
    for value in events.get("excerpt_ids", []):
        ids += [e for e in (value if value is not None else []) if e not in ids]
    return list(dict.fromkeys(ids))


def _sources(ds: Dataset, ids: list[str]) -> dict[str, Source]:
    rows = ds.rows_by_id("sources", "source_id", ids)
    return {
        str(r.source_id): Source(str(r.source_id), str(r.title or r.source_id),
                                 str(r.publisher or ""), str(r.reliability or "F"))
        for r in rows.itertuples()
    }


def evidence(ds: Dataset, vocab: Vocabulary, slide: Slide) -> Evidence:
    """The sentence, the sources and the first quotes behind a slide, on this dataset."""
    filters = parse_query_params(slide.view, vocab)[0]
    ids = _excerpt_ids(ds, slide, filters)
    excerpts = ds.rows_by_id("excerpts", "excerpt_id", ids)
    by_id = {str(r.excerpt_id): r for r in excerpts.itertuples()}
    ordered = [by_id[e] for e in ids if e in by_id]
    sources = _sources(ds, list(dict.fromkeys(str(r.source_id) for r in ordered)))
    quotes = tuple(Quote(str(r.text), sources[str(r.source_id)]) for r in ordered
                   if str(r.source_id) in sources)
    return Evidence(sentence(ds, vocab, filters), tuple(sources.values()),
                    quotes[:EXCERPTS_PER_SLIDE], max(0, len(quotes) - EXCERPTS_PER_SLIDE))
