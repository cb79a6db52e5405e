"""The "Where sources disagree" page: each disputed or claimed event, its claims side by side."""

from __future__ import annotations

import streamlit as st

from components.context import (
    Key,
    View,
    dataset,
    detail_limit,
    filter_cache,
    filter_key,
    filtered_events,
)
from components.navigation import atlas_page
from components.text import md_escape
from sahel_atlas.views.disagreements import Claim, Disagreement, disagreements
from sahel_atlas.views.reader import RELIABILITY_WORDS

SOURCES_PAGE = "app_pages/sources.py"
MAX_COLUMNS = 3


def _quote(text: str) -> str:
    lines = [md_escape(line) for line in str(text).splitlines()] or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


# Contested events drawn per page: the curated atlas has fewer, so it shows them all at once.
EVENTS_PER_PAGE = 20


def _claim(claim: Claim, heading: str) -> None:
    with st.container(border=True):
        st.caption(heading)
        if not claim.derived:  # a derived claim's value is the event's description, shown above
            st.markdown(f"**{md_escape(claim.value)}**")
        grade = claim.reliability
        st.markdown(
            f"According to *{md_escape(claim.source_title)}*  \n"
            f"Publisher: {md_escape(claim.publisher)} · reliability **{md_escape(grade)}** "
            f"({md_escape(RELIABILITY_WORDS.get(grade, 'unknown grade'))})",
            help=md_escape(claim.reliability_reason) or None,
        )
        for quote in claim.quotes:
            st.markdown(_quote(quote.text) if quote.text else "*(excerpt not in the dataset)*")
            st.page_link(
                atlas_page("sources", SOURCES_PAGE),
                label="Open in source",
                icon=":material/menu_book:",
                query_params={"doc": quote.source_id, "excerpt": quote.excerpt_id},
            )


def _heading(item: Disagreement, claim: Claim, aspect: str) -> str:
    if item.unconfirmed:
        return f"Unconfirmed claim · {aspect}"
    if claim.derived:
        return f"What this source reports · {aspect}"
    return f"Claim · {aspect}"


def _event(item: Disagreement) -> None:
    with st.container(border=True):
        st.markdown(f"### {md_escape(item.title)}")
        st.markdown(
            f"{md_escape(item.date)} · **{md_escape(item.status)}** · {md_escape(item.summary())}"
        )
        if item.description:
            st.caption(md_escape(item.description))
        if not item.claims:
            st.info("No claim or excerpt is recorded for this event.")
            return
        if any(c.derived for c in item.claims):
            st.caption(
                "No separate claims are recorded for this event; its evidence is shown by source."
            )
        for aspect, claims in item.aspects:
            label = aspect.replace("_", " ").capitalize()
            if len(item.aspects) > 1:
                st.markdown(f"**{md_escape(label)}**")
            for row in range(0, len(claims), MAX_COLUMNS):
                chunk = claims[row : row + MAX_COLUMNS]
                for column, claim in zip(st.columns(max(len(chunk), 2)), chunk):
                    with column:
                        _claim(claim, _heading(item, claim, label))


@filter_cache(max_entries=64)
def _disagreements(path: str, key: Key, limit: int | None) -> tuple[Disagreement, ...]:
    """The contested events among the view's events, built once per dataset and filter
    (the claims, excerpts and sources of each: 0.9 s of CPU per rerun at 1M events)."""
    return tuple(disagreements(dataset(path), filtered_events(path, key, limit)))


def render_disagreements(view: View) -> None:
    # The same events as the view's (every one, or the first DETAIL_LIMIT), from its cache.
    limit = None if view.detailed else detail_limit()
    items = _disagreements(str(view.ds.path), filter_key(view.filters), limit)
    disputed = sum(1 for i in items if i.status == "disputed")
    claimed = len(items) - disputed
    st.caption(
        "Where the sources disagree, the dataset keeps each claim with its source. Disputed: "
        "the sources contradict each other. Claimed: reported but unverified; with a single "
        "claim, unconfirmed. Only events that the sidebar filters select are listed."
    )
    if not items:
        st.info(
            "No disputed or claimed events among the events the filters select. Widen the "
            "dates or remove a filter."
        )
        return
    st.markdown(
        f"**{len(items)} events:** {disputed} disputed, {claimed} claimed."
    )
    for item in _page(items):
        _event(item)


def _page(items: tuple[Disagreement, ...]) -> tuple[Disagreement, ...]:
    """The events of one page, with the page control and a line saying which of how many.

    Above a page of events (hundreds on a large import: each a dozen elements, the page's
    cost under load) the list is turned a page at a time; every event is on exactly one page."""
    if len(items) <= EVENTS_PER_PAGE:
        return items
    pages = -(-len(items) // EVENTS_PER_PAGE)
    page = int(st.number_input(
        f"Page of contested events (1 to {pages})", min_value=1, max_value=pages, value=1,
        step=1, key=f"disagreements-page-{len(items)}",  # a new list starts on its first page
    ))
    start = (page - 1) * EVENTS_PER_PAGE
    end = min(start + EVENTS_PER_PAGE, len(items))
    st.caption(
        f"Showing events {start + 1:,}–{end:,} of {len(items):,}, oldest first "
        f"({len(items) - end:,} after them); narrow the dates or the filters to list fewer."
    )
    return items[start:end]
